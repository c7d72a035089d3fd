//! Preparing a statement: SQL text → parser → AST → codegen → [`Program`].
//!
//! Transaction-control statements (BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE) and PRAGMA are
//! compiled here (they drive the connection's state machine, which this layer owns); every
//! other statement goes to `codegen::compile`.

use crate::connection::ConnState;
use crate::error::Error;
use crate::error::Result;
use crate::parser::ast::{ExprKind, Literal, Stmt, TransactionKind};
use crate::vdbe::insn::{Insn, OnError, SavepointOp};
use crate::vdbe::Program;

/// Compiles the first statement of `sql`. Returns the program (None when `sql` has only
/// whitespace/comments) and the byte offset where the rest begins.
pub(crate) fn compile_first(conn: &mut ConnState, sql: &str) -> Result<(Option<Program>, usize)> {
    if conn.schema_dirty {
        conn.load_schema()?;
    }
    let Some((stmt, tail)) = parse_first(sql)? else {
        return Ok((None, sql.len()));
    };
    let mut prog = match compile_stmt(conn, &stmt, sql) {
        Ok(p) => p,
        // A name may be unknown only because another connection changed the schema: check
        // the schema cookie, and compile again under the new schema (sqlite3_prepare_v2's
        // schemaIsValid retry).
        Err(e) if e.code() == crate::error::codes::SQLITE_ERROR && conn.schema_changed()? => {
            conn.load_schema()?;
            compile_stmt(conn, &stmt, sql)?
        }
        Err(e) => return Err(e),
    };
    check_collations(conn, &prog)?;
    for name in crate::codegen::collation::ddl_collations(&stmt) {
        check_collation_name(conn, &name)?;
    }
    prog.sql = sql[..tail].to_owned();
    prog.dbs_epoch = conn.dbs_epoch;
    Ok((Some(prog), tail))
}

fn parse_first(sql: &str) -> Result<Option<(Stmt, usize)>> {
    crate::parser::parse_one(sql)
}

/// Compiles one parsed statement; `sql` is the text its spans refer to.
pub(crate) fn compile_stmt(conn: &mut ConnState, stmt: &Stmt, sql: &str) -> Result<Program> {
    match conn.hooks.authorizer.clone() {
        None => compile_plain(conn, stmt, sql),
        Some(a) => super::authorize::compile(
            conn,
            &a,
            stmt,
            sql,
            |c| compile_plain(c, stmt, sql),
            |c, state| {
                let schema = c.schema.clone();
                let funcs = c.funcs.clone();
                crate::codegen::compile_authorized(
                    stmt,
                    sql,
                    &schema,
                    &*funcs,
                    compile_options(c),
                    Some(state),
                )
            },
        ),
    }
}

/// [`compile_stmt`] without an authorizer.
fn compile_plain(conn: &mut ConnState, stmt: &Stmt, sql: &str) -> Result<Program> {
    let (inner, explain) = match stmt {
        Stmt::Explain { query_plan, stmt } => (stmt.as_ref(), if *query_plan { 2 } else { 1 }),
        s => (s, 0),
    };
    let mut prog = match inner {
        Stmt::Begin(kind) => {
            // As SQLite's program: lock first, then leave autocommit, so a BEGIN IMMEDIATE or
            // EXCLUSIVE that fails with SQLITE_BUSY leaves no transaction open.
            let mut insns = Vec::new();
            if matches!(
                kind,
                Some(TransactionKind::Immediate | TransactionKind::Exclusive)
            ) {
                insns.push(Insn::Transaction {
                    db: 0,
                    write: true,
                    schema_cookie: None,
                });
            }
            if matches!(kind, Some(TransactionKind::Exclusive)) {
                insns.push(Insn::LockExclusive { db: 0 });
            }
            insns.push(Insn::AutoCommit {
                auto_commit: false,
                rollback: false,
            });
            simple(insns, sql)
        }
        Stmt::Commit => simple(
            vec![Insn::AutoCommit {
                auto_commit: true,
                rollback: false,
            }],
            sql,
        ),
        Stmt::Rollback { savepoint: None } => simple(
            vec![Insn::AutoCommit {
                auto_commit: true,
                rollback: true,
            }],
            sql,
        ),
        Stmt::Rollback {
            savepoint: Some(name),
        } => simple(
            vec![Insn::Savepoint {
                op: SavepointOp::Rollback,
                name: name.name.clone(),
            }],
            sql,
        ),
        Stmt::Savepoint(name) => simple(
            vec![Insn::Savepoint {
                op: SavepointOp::Begin,
                name: name.name.clone(),
            }],
            sql,
        ),
        Stmt::Release(name) => simple(
            vec![Insn::Savepoint {
                op: SavepointOp::Release,
                name: name.name.clone(),
            }],
            sql,
        ),
        Stmt::Pragma(p) => crate::pragma::compile(p, sql),
        Stmt::Vacuum { schema, into } => {
            let into = match into {
                None => None,
                Some(e) => match &e.kind {
                    ExprKind::Literal(Literal::String(s)) => Some(s.clone()),
                    _ => return Err(Error::sql("VACUUM INTO needs a file name string")),
                },
            };
            if let Some(s) = schema {
                if !s.name.eq_ignore_ascii_case("main") {
                    return Err(Error::sql(format!("unknown database {}", s.name)));
                }
            }
            simple(vec![Insn::Vacuum { db: 0, into }], sql)
        }
        other => codegen_compile(conn, other, sql)?,
    };
    if explain != 0 {
        prog.explain = explain;
        if explain == 2 && prog.query_plan.is_empty() {
            prog.query_plan = Vec::new();
        }
    }
    Ok(prog)
}

fn codegen_compile(conn: &mut ConnState, stmt: &Stmt, sql: &str) -> Result<Program> {
    let schema = conn.schema.clone();
    let funcs = conn.funcs.clone();
    let opts = compile_options(conn);
    crate::codegen::compile_authorized(stmt, sql, &schema, &*funcs, opts, None).map(|(p, _)| p)
}

fn compile_options(conn: &ConnState) -> crate::codegen::CompileOptions {
    crate::codegen::CompileOptions {
        fk: crate::codegen::FkOptions {
            enabled: conn.foreign_keys,
            defer: conn.defer_foreign_keys(),
        },
        column_limit: conn.column_limit,
        automatic_index: conn.settings.get("automatic_index").is_none_or(|v| *v != 0),
    }
}

/// A statement the authorizer answered IGNORE: it runs and does nothing.
pub(crate) fn no_op(sql: &str) -> Program {
    simple(Vec::new(), sql)
}

/// A program of `insns` followed by Halt, returning no rows.
fn simple(mut insns: Vec<Insn>, sql: &str) -> Program {
    insns.push(Insn::Halt {
        code: 0,
        on_error: OnError::Abort,
        message: None,
    });
    Program {
        insns,
        n_regs: 1,
        readonly: true,
        sql: sql.to_owned(),
        ..Program::default()
    }
}

/// `no such collation sequence: name` unless `name` is built in or registered.
fn check_collation_name(conn: &ConnState, name: &str) -> Result<()> {
    match crate::value::compare::Collation::from_name(name) {
        crate::value::compare::Collation::Named(n)
            if !conn.collations.contains_key(&n.to_ascii_lowercase()) =>
        {
            Err(Error::sql(format!("no such collation sequence: {name}")))
        }
        _ => Ok(()),
    }
}

/// `no such collation sequence: x` for a named collation the connection does not have (as
/// sqlite3_prepare reports it).
fn check_collations(conn: &ConnState, prog: &Program) -> Result<()> {
    use crate::value::compare::{Collation, KeyInfo};
    let known = |c: &Collation| match c {
        Collation::Named(n) => conn.collations.contains_key(&n.to_ascii_lowercase()),
        _ => true,
    };
    let check = |c: &Collation| -> Result<()> {
        if known(c) {
            Ok(())
        } else {
            Err(Error::sql(format!(
                "no such collation sequence: {}",
                c.name()
            )))
        }
    };
    let check_ki = |k: &KeyInfo| k.collations.iter().try_for_each(check);
    for insn in &prog.insns {
        match insn {
            Insn::Eq { flags, .. }
            | Insn::Ne { flags, .. }
            | Insn::Lt { flags, .. }
            | Insn::Le { flags, .. }
            | Insn::Gt { flags, .. }
            | Insn::Ge { flags, .. }
            | Insn::CmpValue { flags, .. } => {
                if let Some(c) = &flags.collation {
                    check(c)?;
                }
            }
            Insn::Function { collation, .. } | Insn::AggStep { collation, .. } => {
                if let Some(c) = collation {
                    check(c)?;
                }
            }
            Insn::Compare { key_info, .. } | Insn::SorterOpen { key_info, .. } => {
                check_ki(key_info)?
            }
            Insn::OpenRead {
                key_info: Some(k), ..
            }
            | Insn::OpenWrite {
                key_info: Some(k), ..
            }
            | Insn::OpenEphemeral {
                key_info: Some(k), ..
            } => check_ki(k)?,
            _ => {}
        }
    }
    Ok(())
}

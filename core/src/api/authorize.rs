//! Preparing under an authorizer (`sqlite3_set_authorizer`): asks the application about each
//! action of the statement, in SQLite's order, and applies its answers. The events come from
//! `codegen::auth` (see its header for the two-pass design).

use crate::codegen::auth::{self, AuthEvent, AuthState};
use crate::connection::hooks::{AuthResult, Authorizer};
use crate::connection::ConnState;
use crate::error::{codes, Error, Result};
use crate::parser::ast::Stmt;
use crate::vdbe::Program;

/// What the authorizer's answers make of the statement.
enum Verdict {
    /// Compile it (again with these IGNORE answers when not empty).
    Run(Vec<AuthEvent>),
    /// IGNORE of the statement's own action: it does nothing.
    NoOp,
}

/// Asks `authorizer` about each event; the first DENY or malfunction is the error.
fn ask(authorizer: &Authorizer, events: &[AuthEvent]) -> Result<Verdict> {
    let mut ignored = Vec::new();
    for ev in events {
        let answer = authorizer(
            ev.action,
            ev.arg1.as_deref(),
            ev.arg2.as_deref(),
            ev.db.as_deref(),
            ev.context.as_deref(),
        );
        match answer {
            AuthResult::Ok => {}
            AuthResult::Deny if ev.action == auth::action::READ => {
                let t = ev.arg1.as_deref().unwrap_or("");
                let c = ev.arg2.as_deref().unwrap_or("");
                return Err(Error::new(
                    codes::SQLITE_AUTH,
                    format!("access to {t}.{c} is prohibited"),
                ));
            }
            AuthResult::Deny => return Err(Error::new(codes::SQLITE_AUTH, "not authorized")),
            AuthResult::Malfunction => return Err(Error::sql("authorizer malfunction")),
            AuthResult::Ignore if ev.ignorable_in_place() => ignored.push(ev.clone()),
            AuthResult::Ignore => return Ok(Verdict::NoOp),
        }
    }
    Ok(Verdict::Run(ignored))
}

/// Compiles `stmt` for a connection with an authorizer. `plain` compiles statements the
/// code generator does not handle (BEGIN, PRAGMA ...); `codegen` those it does, recording
/// or obeying through the given state.
pub(crate) fn compile(
    conn: &mut ConnState,
    authorizer: &Authorizer,
    stmt: &Stmt,
    sql: &str,
    plain: impl FnOnce(&mut ConnState) -> Result<Program>,
    codegen: impl Fn(&mut ConnState, AuthState) -> Result<(Program, Vec<AuthEvent>)>,
) -> Result<Program> {
    let own = auth::statement_events(stmt, &conn.schema);
    if let Verdict::NoOp = ask(authorizer, &own)? {
        return Ok(super::prepare::no_op(sql));
    }
    if !uses_codegen(stmt) {
        return plain(conn);
    }
    let (prog, events) = codegen(conn, AuthState::recording())?;
    match ask(authorizer, &events)? {
        Verdict::NoOp => Ok(super::prepare::no_op(sql)),
        Verdict::Run(ignored) if ignored.is_empty() => Ok(prog),
        Verdict::Run(ignored) => Ok(codegen(conn, AuthState::obeying(&ignored))?.0),
    }
}

/// Statements compiled by `codegen::compile` (the others are built in `prepare`/`pragma`).
fn uses_codegen(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Explain { stmt, .. } => uses_codegen(stmt),
        Stmt::Begin(_)
        | Stmt::Commit
        | Stmt::Rollback { .. }
        | Stmt::Savepoint(_)
        | Stmt::Release(_)
        | Stmt::Pragma(_)
        | Stmt::Vacuum { .. } => false,
        _ => true,
    }
}

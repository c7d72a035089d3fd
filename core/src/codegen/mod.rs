//! Code generation: AST → bytecode [`Program`].
//!
//! The entry point is [`compile`]. A program has SQLite's shape:
//!
//! ```text
//!  0  Init -> T          jump to the transaction prologue
//!  1  ...body...         loops over cursors, ResultRow / Insert / ...
//!  n  Halt
//!  T  Transaction        (one per database touched; write=true for writers)
//!     Goto 1
//! ```
//!
//! Modules: [`builder`] (instructions, registers, labels), `expr` (expressions), `select`
//! (FROM sources, nested loops, aggregates, DISTINCT/ORDER BY/LIMIT pipeline, compounds,
//! VALUES, CTEs incl. recursive, RIGHT/FULL joins), `window` (window functions), `dml`
//! (INSERT/UPDATE/DELETE, constraints, UPSERT, RETURNING, AUTOINCREMENT, WITHOUT ROWID),
//! `trigger` (triggers compiled inline), `ddl` (CREATE/DROP/REINDEX), `alter` (ALTER TABLE).
//! Function names/arity come through [`FunctionCatalog`] (implemented by the connection's
//! `FunctionRegistry`).
//!
//! Subqueries in FROM, views and CTEs are materialized into ephemeral tables (once, unless
//! correlated), except a recursive CTE read by the outermost loop, which streams from a
//! coroutine (`cte_stream.rs`); IN (SELECT) builds an ephemeral index; scalar/EXISTS subqueries run inline
//! with `Once` when uncorrelated. UPDATE and DELETE first collect the rowids (or primary keys)
//! to visit, then change them.
//! Name resolution and loop planning live in [`crate::planner`].

pub(crate) mod agg_places;
mod alter;
mod alter_add_check;
mod alter_check;
mod alter_drop;
mod alter_rename;
mod alter_scope;
mod alter_temp;
mod alter_view;
mod analyze;
mod attach;
pub(crate) mod auth;
mod auto_probe;
mod autoinc_trigger;
mod builder;
mod check_order;
pub(crate) mod collation;
pub(crate) mod compound_plan;
mod const_terms;
mod cte_limit;
mod cte_stream;
mod cte_uses;
mod ddl;
mod ddl_route;
mod dml;
mod expr;
mod fixer;
mod fk_setnull;
pub(crate) mod fkey;
mod func_abort;
mod functions;
pub(crate) mod generated;
mod group_dirs;
mod in_affinity;
mod in_compound;
mod in_list;
mod in_row;
mod insert_select;
mod instead_of;
mod int_real;
mod join_using;
mod limits;
mod multi_write;
mod name_order;
mod names;
mod pk_check_order;
pub(crate) mod purity;
mod real_store;
mod returning_fk;
mod right_join;
pub(crate) mod schema_expr;
mod select;
mod set_order;
mod stmt_count;
mod stmt_journal;
mod strict_gen;
mod subquery_affinity;
mod trigger;
mod trigger_abort;
mod truncate;
mod tvf;
mod update;
mod update_scope;
mod upsert_target;
mod used_cols;
mod window;
mod window_spec;
mod wr_fail;
mod wr_order;

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::planner::resolve::Scope;
use crate::schema::Schema;
use crate::vdbe::insn::{Insn, Program, Reg};

pub use fkey::FkOptions;
pub use functions::{BuiltinFunctions, FuncKind, FunctionCatalog};
pub use limits::DEFAULT_COLUMN_LIMIT;

use builder::Builder;

/// Compiles one statement. `sql` is the text `stmt` was parsed from (spans refer to it),
/// `schema` the main database's schema, `funcs` the connection's functions.
pub fn compile(
    stmt: &ast::Stmt,
    sql: &str,
    schema: &Schema,
    funcs: &dyn FunctionCatalog,
) -> Result<Program> {
    compile_with(stmt, sql, schema, funcs, FkOptions::default())
}

/// [`compile`] under the connection's foreign-key settings (`PRAGMA foreign_keys`,
/// `PRAGMA defer_foreign_keys`).
pub fn compile_with(
    stmt: &ast::Stmt,
    sql: &str,
    schema: &Schema,
    funcs: &dyn FunctionCatalog,
    fk: FkOptions,
) -> Result<Program> {
    let opts = CompileOptions {
        fk,
        ..CompileOptions::default()
    };
    compile_authorized(stmt, sql, schema, funcs, opts, None).map(|(p, _)| p)
}

/// The connection settings a statement is compiled under.
#[derive(Debug, Clone, Copy)]
pub struct CompileOptions {
    pub fk: FkOptions,
    /// `SQLITE_LIMIT_COLUMN`.
    pub column_limit: usize,
    /// `PRAGMA automatic_index`.
    pub automatic_index: bool,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            fk: FkOptions::default(),
            column_limit: limits::DEFAULT_COLUMN_LIMIT,
            automatic_index: true,
        }
    }
}

/// [`compile_with`] for a connection with an authorizer: `auth` records the statement's
/// actions (returned with the program) or obeys earlier IGNORE answers (see `auth.rs`).
pub(crate) fn compile_authorized(
    stmt: &ast::Stmt,
    sql: &str,
    schema: &Schema,
    funcs: &dyn FunctionCatalog,
    opts: CompileOptions,
    auth: Option<auth::AuthState>,
) -> Result<(Program, Vec<auth::AuthEvent>)> {
    let mut c = Compiler::new(sql, schema, funcs);
    c.fk = opts.fk;
    c.column_limit = opts.column_limit;
    c.automatic_index = opts.automatic_index;
    c.auth = auth;
    let (inner, explain) = match stmt {
        ast::Stmt::Explain { query_plan, stmt } => (&**stmt, if *query_plan { 2 } else { 1 }),
        s => (s, 0),
    };
    c.statement(inner)?;
    if let Some(e) = c.gen_error.take() {
        return Err(e);
    }
    let events = c.auth.as_ref().map(|a| a.take_events()).unwrap_or_default();
    let mut p = c.finish()?;
    p.explain = explain;
    p.sql = sql.to_string();
    Ok((p, events))
}

/// A common table expression in scope. It is recursive when its body reads its own name,
/// with or without the RECURSIVE keyword (sqlite3 treats the keyword as optional).
#[derive(Clone)]
pub(crate) struct CteDef {
    pub cte: ast::Cte,
}

/// State of one statement's compilation.
pub(crate) struct Compiler<'a> {
    pub b: Builder,
    pub sql: &'a str,
    pub schema: &'a Schema,
    pub funcs: &'a dyn FunctionCatalog,
    /// The database DDL instructions address (see `names.rs`, `Compiler::in_db`).
    pub ddl_db: usize,
    /// Where CREATE TRIGGER looks up its table while routed (`ddl_route.rs`).
    pub trigger_table_schema: Option<&'a Schema>,
    /// The merged schema while `schema` is narrowed by `in_db`.
    pub merged: Option<&'a Schema>,
    /// The schema the statement was compiled against (every database), whatever `schema`
    /// is narrowed to (names.rs: a view of `aux` naming `aux.t`).
    pub root_schema: &'a Schema,
    /// FROM scopes, outermost first.
    pub scopes: Vec<Scope>,
    /// Aggregate substitution for expressions compiled after the aggregate loop.
    pub agg: Vec<Option<expr::AggMap>>,
    /// CTEs by lower-case name, innermost WITH last.
    pub ctes: Vec<HashMap<String, CteDef>>,
    pub params: Vec<Option<String>>,
    pub writes: bool,
    pub column_names: Vec<String>,
    pub column_decltypes: Vec<Option<String>>,
    pub column_origins: Vec<Option<crate::vdbe::insn::ColumnOrigin>>,
    pub query_plan: Vec<(i64, i64, String)>,
    next_plan_id: i64,
    /// Instructions run once in the prologue (after Transaction).
    pub prologue: Vec<Insn>,
    /// Smallest scope depth a column reference has read since the last reset (correlation).
    pub min_ref_depth: usize,
    /// RETURNING of the statement being compiled: (columns, buffer cursor, result columns).
    pub returning: Option<(
        Vec<ast::ResultColumn>,
        crate::vdbe::insn::CursorId,
        Vec<select::ColInfo>,
    )>,
    /// AUTOINCREMENT state of the INSERT being compiled: (sqlite_sequence cursor, register
    /// with the largest rowid, register with the sequence row's rowid or NULL).
    pub autoinc: Option<(crate::vdbe::insn::CursorId, Reg, Reg)>,
    /// AUTOINCREMENT tables that trigger bodies of this statement insert into: the statement
    /// gives each its sqlite_sequence row even when the trigger does not fire.
    pub autoinc_in_triggers: Vec<std::sync::Arc<crate::schema::Table>>,
    /// Statement-wide sequence registers of the AUTOINCREMENT tables inline trigger bodies
    /// insert into (see `autoinc_trigger.rs`).
    pub autoinc_shared: Vec<(String, Reg)>,
    /// The top-level INSERT's AUTOINCREMENT state, written back at the statement's end.
    pub autoinc_top: Option<(
        std::sync::Arc<crate::schema::Table>,
        (crate::vdbe::insn::CursorId, Reg, Reg),
    )>,
    /// UPSERT clauses of the INSERT being compiled, with the INSERT's alias.
    pub upsert: Option<(Option<String>, Vec<ast::Upsert>)>,
    /// Triggers whose bodies are being compiled (they do not fire again).
    pub trigger_stack: Vec<String>,
    /// Nesting depth of trigger bodies being compiled.
    pub in_trigger: usize,
    /// Where RAISE(IGNORE) jumps in the current trigger body.
    pub raise_target: Option<builder::Label>,
    /// Result-column aliases of the selects being compiled (usable in WHERE etc.).
    pub aliases: Vec<Vec<(String, ast::Expr)>>,
    /// EXPLAIN QUERY PLAN's name of a table source read through a cursor, where it is not
    /// the source's name: `schema.table` as written for a schema-qualified FROM item
    /// without an alias.
    pub eqp_names: HashMap<crate::vdbe::insn::CursorId, String>,
    /// The select core being compiled is a `SELECT DISTINCT` without FROM (its plan shows no
    /// `SCAN CONSTANT ROW`).
    pub constant_distinct: bool,
    pub alias_depth: usize,
    /// USING/NATURAL columns of a FROM clause with a RIGHT or FULL JOIN, by (cursor, column)
    /// of the left copy: the right copies an unqualified name reads through coalesce()
    /// (those of RIGHT/FULL joins; empty for inner and LEFT ones). See `select.rs`.
    /// Set while opening a FROM item that SQLite would materialize rather than run as a
    /// co-routine: a compound subquery then stores its rows with its column affinities
    /// (see `in_affinity.rs`). Taken by `materialize`.
    pub compound_affinity: bool,
    /// The SELECT being compiled has a first LEFT JOIN its WHERE makes inner
    /// (`select/left_inner.rs`): its first FROM subquery is materialized, as by an inner join.
    pub left_join_inner: bool,
    /// Per join of the SELECT being compiled: a LEFT JOIN its WHERE makes inner, planned as
    /// an inner join (`select/left_inner.rs`). Taken by `scope_for_from`.
    pub left_joins_inner: Vec<bool>,
    /// The column affinities of the last SELECT of the compound compiled last: an
    /// `x IN (compound)` compares with those (see `in_compound.rs`).
    pub compound_last_arm: Option<Vec<Option<crate::value::affinity::Affinity>>>,
    /// Lowercase names of the CTEs in scope that the statement uses more than once: sqlite3
    /// materializes those (see `cte_uses.rs`).
    pub multi_use_ctes: Vec<String>,
    pub using_coalesce:
        HashMap<(crate::vdbe::insn::CursorId, usize), Vec<(crate::vdbe::insn::CursorId, usize)>>,
    /// Parent id for new EXPLAIN QUERY PLAN rows.
    pub plan_parent: i64,
    /// Counter naming subqueries in EXPLAIN QUERY PLAN.
    pub n_subqueries: usize,
    /// Foreign-key settings compiled under.
    pub fk: FkOptions,
    /// True once `FkMode` is in the prologue.
    pub fk_guarded: bool,
    /// Keys of the FK action programs being compiled (outermost first).
    pub fk_action_stack: Vec<String>,
    /// A missing parent table is no error (DROP TABLE's implicit DELETE).
    pub fk_no_parent_ok: bool,
    /// The INSERT being compiled writes one row only (see `fk_note_insert`).
    pub fk_single_insert: bool,
    /// Trigger and FK-action programs started so far (see `fk_setnull.rs`).
    pub(crate) programs: fk_setnull::ProgramLog,
    /// Trigger depth of the UPSERT DO UPDATE whose UPDATE triggers are reused, not compiled
    /// again (see `fk_setnull.rs`).
    pub(crate) upsert_triggers: Option<usize>,
    /// The UPDATE whose row checks are being compiled (see `update_scope.rs`).
    pub(crate) update_scope: Option<update_scope::UpdateScope>,
    /// The statement runs without a statement journal (see `stmt_journal.rs`).
    pub no_stmt_journal: bool,
    /// The INSERT being compiled never names the rowid: it is always fresh, so its
    /// uniqueness is not checked (as in SQLite).
    pub insert_rowid_fresh: bool,
    /// The window SELECT whose rows `emit_result` is capturing (see `window.rs`).
    pub win_sink: Option<window::WinSink>,
    /// Recursive CTEs being compiled: (name, cursor of the current row, columns, names).
    pub recursive_current: Vec<(
        String,
        crate::vdbe::insn::CursorId,
        Vec<select::ColInfo>,
        Vec<String>,
    )>,
    /// Rows the SELECT being compiled needs from the recursive CTE it reads (lower-case
    /// name, count): see `cte_limit.rs`.
    pub cte_cap: Option<(String, i64)>,
    /// The SELECT core being compiled has one FROM term, which may stream (`cte_stream.rs`).
    pub stream_from: bool,
    /// Streamed sources: (source cursor, coroutine register); see `cte_stream.rs`.
    pub coroutines: Vec<(crate::vdbe::insn::CursorId, Reg)>,
    /// VIRTUAL generated columns being computed (lower-case table name, column): a loop.
    pub gen_busy: Vec<(String, usize)>,
    /// The last error met computing a generated column inside `read_column`.
    pub gen_error: Option<Error>,
    /// Set when the connection has an authorizer: see `auth.rs`.
    pub auth: Option<auth::AuthState>,
    /// Views and triggers being compiled, innermost last (the authorizer's context).
    pub auth_context: Vec<String>,
    /// `SQLITE_LIMIT_COLUMN` (see `limits.rs`).
    pub column_limit: usize,
    /// `PRAGMA automatic_index`: joins may build automatic indexes.
    pub automatic_index: bool,
    /// Table-valued function sources to fill at the top of their loops (see `tvf.rs`).
    pub tvf_fills: Vec<tvf::TvfFill>,
    /// The schema expression being compiled (`purity::IN_CHECK`...), for date/time calls.
    pub pure_ctx: Option<&'static str>,
    /// The operands (`expr_id`s) of the WHERE/ON term being placed when it is one an
    /// automatic index could serve (see `auto_probe.rs`).
    pub auto_probe_sides: Option<(usize, usize)>,
}

impl<'a> Compiler<'a> {
    pub fn new(sql: &'a str, schema: &'a Schema, funcs: &'a dyn FunctionCatalog) -> Self {
        Compiler {
            b: Builder::new(),
            sql,
            schema,
            funcs,
            ddl_db: 0,
            trigger_table_schema: None,
            merged: None,
            root_schema: schema,
            scopes: Vec::new(),
            agg: Vec::new(),
            ctes: Vec::new(),
            params: Vec::new(),
            writes: false,
            column_names: Vec::new(),
            column_decltypes: Vec::new(),
            column_origins: Vec::new(),
            query_plan: Vec::new(),
            next_plan_id: 1,
            prologue: Vec::new(),
            min_ref_depth: usize::MAX,
            plan_parent: 0,
            returning: None,
            autoinc: None,
            autoinc_in_triggers: Vec::new(),
            autoinc_shared: Vec::new(),
            autoinc_top: None,
            upsert: None,
            trigger_stack: Vec::new(),
            aliases: Vec::new(),
            eqp_names: HashMap::new(),
            constant_distinct: false,
            alias_depth: 0,
            using_coalesce: HashMap::new(),
            compound_affinity: false,
            left_join_inner: false,
            left_joins_inner: Vec::new(),
            compound_last_arm: None,
            multi_use_ctes: Vec::new(),
            in_trigger: 0,
            raise_target: None,
            n_subqueries: 0,
            win_sink: None,
            recursive_current: Vec::new(),
            cte_cap: None,
            stream_from: false,
            coroutines: Vec::new(),
            gen_busy: Vec::new(),
            gen_error: None,
            tvf_fills: Vec::new(),
            pure_ctx: None,
            auto_probe_sides: None,
            fk: FkOptions::default(),
            fk_guarded: false,
            fk_action_stack: Vec::new(),
            fk_no_parent_ok: false,
            fk_single_insert: false,
            programs: Default::default(),
            upsert_triggers: None,
            update_scope: None,
            no_stmt_journal: false,
            insert_rowid_fresh: false,
            auth: None,
            auth_context: Vec::new(),
            column_limit: limits::DEFAULT_COLUMN_LIMIT,
            automatic_index: true,
        }
    }

    /// Adds an EXPLAIN QUERY PLAN row under `parent`; returns its id.
    pub fn plan(&mut self, parent: i64, detail: String) -> i64 {
        let id = self.next_plan_id;
        self.next_plan_id += 1;
        let parent = if parent == 0 {
            self.plan_parent
        } else {
            parent
        };
        self.query_plan.push((id, parent, detail));
        id
    }

    /// Runs `f` with EXPLAIN QUERY PLAN rows nested under a new row `detail`; `rename` may
    /// rewrite that row's text afterwards (given whether the body was correlated).
    pub(crate) fn plan_nested<T>(
        &mut self,
        detail: String,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<(T, usize)> {
        let id = self.plan(0, detail);
        let row = self.query_plan.len() - 1;
        let saved = std::mem::replace(&mut self.plan_parent, id);
        let r = f(self);
        self.plan_parent = saved;
        Ok((r?, row))
    }

    fn statement(&mut self, stmt: &ast::Stmt) -> Result<()> {
        self.b.emit(Insn::Init { target: 0 });
        match stmt {
            ast::Stmt::Select(s) => {
                let cols = self.select(s, &select::Dest::Output, 0)?;
                self.column_names = cols.iter().map(|c| c.name.clone()).collect();
                self.column_decltypes = cols.iter().map(|c| c.decltype.clone()).collect();
                self.column_origins = cols.iter().map(|c| c.origin.clone()).collect();
            }
            ast::Stmt::Insert(i) => {
                self.push_with(i.with.as_ref());
                self.insert(i)?;
                self.autoinc_for_triggers()?
            }
            ast::Stmt::Update(u) => {
                self.push_with(u.with.as_ref());
                self.update(u)?;
                self.autoinc_for_triggers()?
            }
            ast::Stmt::Delete(d) => {
                self.push_with(d.with.as_ref());
                self.delete(d)?;
                self.autoinc_for_triggers()?
            }
            ast::Stmt::Vacuum { into: None, .. } => {
                // The file is not compacted; the statement has no other visible effect.
            }
            ast::Stmt::CreateTable(ct) => self.create_table(ct)?,
            ast::Stmt::CreateIndex(ci) => self.create_index(ci)?,
            ast::Stmt::CreateView(cv) => self.create_view(cv)?,
            ast::Stmt::CreateTrigger(ct) => self.create_trigger(ct)?,
            ast::Stmt::Drop(d) => self.drop(d)?,
            ast::Stmt::AlterTable(a) => self.alter(a)?,
            ast::Stmt::Begin(_) => {
                self.b.emit(Insn::AutoCommit {
                    auto_commit: false,
                    rollback: false,
                });
            }
            ast::Stmt::Commit => {
                self.b.emit(Insn::AutoCommit {
                    auto_commit: true,
                    rollback: false,
                });
            }
            ast::Stmt::Rollback { savepoint: None } => {
                self.b.emit(Insn::AutoCommit {
                    auto_commit: true,
                    rollback: true,
                });
            }
            ast::Stmt::Rollback {
                savepoint: Some(name),
            } => {
                self.b.emit(Insn::Savepoint {
                    op: crate::vdbe::insn::SavepointOp::Rollback,
                    name: name.name.clone(),
                });
            }
            ast::Stmt::Savepoint(name) => {
                self.b.emit(Insn::Savepoint {
                    op: crate::vdbe::insn::SavepointOp::Begin,
                    name: name.name.clone(),
                });
            }
            ast::Stmt::Release(name) => {
                self.b.emit(Insn::Savepoint {
                    op: crate::vdbe::insn::SavepointOp::Release,
                    name: name.name.clone(),
                });
            }
            ast::Stmt::Reindex(name) => self.reindex(name.as_ref())?,
            ast::Stmt::Attach { file, schema, .. } => self.attach(file, schema)?,
            ast::Stmt::Detach(name) => self.detach(name)?,
            ast::Stmt::Analyze(target) => self.analyze(target.as_ref())?,
            _ => return Err(Error::sql("statement not supported by codegen yet")),
        }
        self.finish_returning();
        Ok(())
    }

    fn finish(mut self) -> Result<Program> {
        self.b.emit(Insn::Halt {
            code: 0,
            on_error: Default::default(),
            message: None,
        });
        let prologue_at = self.b.here();
        let is_txn_stmt = self
            .b
            .insns
            .iter()
            .any(|i| matches!(i, Insn::AutoCommit { .. } | Insn::Savepoint { .. }));
        if !is_txn_stmt {
            let used = names::dbs_used(self.schema, &self.b.insns);
            // main always begins first; it writes unless only other databases are written.
            let main_writes = self.writes && (used.iter().all(|u| !u.write) || used[0].write);
            self.b.emit(Insn::Transaction {
                db: 0,
                write: main_writes,
                schema_cookie: Some(self.schema.schema_cookie),
            });
            for u in used.iter().skip(1).filter(|u| u.used) {
                self.b.emit(Insn::Transaction {
                    db: u.db,
                    write: self.writes && u.write,
                    schema_cookie: Some(u.cookie),
                });
            }
        }
        for insn in std::mem::take(&mut self.prologue) {
            self.b.emit(insn);
        }
        self.b.emit(Insn::Goto { target: 1 });
        self.b.insns[0] = Insn::Init {
            target: prologue_at,
        };
        self.b.finish()?;
        Ok(Program {
            n_regs: self.b.n_regs(),
            n_cursors: self.b.n_cursors(),
            insns: std::mem::take(&mut self.b.insns),
            column_names: self.column_names,
            column_decltypes: self.column_decltypes,
            column_origins: self.column_origins,
            params: self.params,
            readonly: !self.writes,
            explain: 0,
            sql: String::new(),
            query_plan: self.query_plan,
            dbs_epoch: 0,
            no_stmt_journal: self.no_stmt_journal,
        })
    }

    /// Puts the CTEs of a DML statement's WITH clause in scope for the rest of the statement.
    fn push_with(&mut self, with: Option<&ast::With>) {
        if let Some(w) = with {
            let frame = w
                .ctes
                .iter()
                .map(|c| (c.name.name.to_ascii_lowercase(), CteDef { cte: c.clone() }))
                .collect();
            self.ctes.push(frame);
        }
    }

    /// Registers a parameter seen in the statement.
    pub fn note_param(&mut self, index: u32, name: &Option<String>) {
        let i = index as usize;
        if self.params.len() < i {
            self.params.resize(i, None);
        }
        if i >= 1 && name.is_some() {
            self.params[i - 1] = name.clone();
        }
    }

    /// Allocates a register and loads integer `v` into it.
    pub fn int_reg(&mut self, v: i64) -> Reg {
        let r = self.b.alloc_reg();
        self.b.emit(Insn::Integer { value: v, dest: r });
        r
    }
}

#[cfg(test)]
mod cte_stream_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tvf_tests;
#[cfg(test)]
mod window_tests;

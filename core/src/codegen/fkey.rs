//! FOREIGN KEY enforcement (foreignkeys.html), compiled into the statements that write a
//! child or a parent table while `PRAGMA foreign_keys` is on.
//!
//! # Counting violations
//!
//! As in SQLite, a violation is not an error at once: it bumps a counter, and a later change
//! in the same statement (or transaction) may undo it. Immediate constraints count in the
//! statement's counter (checked when the statement halts), deferred ones (and all of them
//! while `PRAGMA defer_foreign_keys` is on) in the transaction's (checked at COMMIT).
//!
//! | change                         | child side (t has the FK)        | parent side (t is referenced) |
//! |--------------------------------|----------------------------------|-------------------------------|
//! | INSERT row                     | +1 if no parent row (after write) | -1 per child of the new key   |
//! | DELETE row                     | -1 if no parent row              | +1 per child of the old key   |
//! | UPDATE of FK / key columns     | both of the above                | both of the above             |
//!
//! Decrements only run while the counter is non-zero (`FkIfZero`). A child whose FK columns
//! hold any NULL is never checked. Parent rows are found by probing the parent's rowid, its
//! WITHOUT ROWID primary key or the UNIQUE index on the parent columns (else "foreign key
//! mismatch"); children are found by a planned scan of the child (which uses a child index
//! when one exists).
//!
//! # Actions
//!
//! After a parent row is deleted or its key updated, ON DELETE / ON UPDATE actions run:
//! RESTRICT fails at once if a child remains (unless `defer_foreign_keys` is on); CASCADE,
//! SET NULL and SET DEFAULT run as sub-programs (like triggers): a `DELETE FROM child` or
//! `UPDATE child SET ...` with the old and new parent rows as parameters. An action that
//! fires itself again (self-referencing tables) calls its own program (`ProgramByKey`).
//!
//! A statement compiled under one `foreign_keys` / `defer_foreign_keys` setting starts with
//! `FkMode`, which recompiles it when the setting changed since.
//!
//! # SQLite's rules kept here
//!
//! - A self-referencing FK is checked on every UPDATE of its table; the parent-side scan of a
//!   DELETE leaves out the row itself.
//! - A one-row INSERT that is not "multi-write" (`multi_write.rs`) skips the immediate FKs that
//!   reference its table (it cannot cause or fix their violations), so a broken parent key
//!   ("foreign key mismatch") is reported for it only by other statements.
//! - Child scans show in EXPLAIN QUERY PLAN; parent probes and action programs do not.
//!
//! Known difference: SQLite halts a one-row INSERT at its first immediate violation without
//! a statement journal, so deferred violations the same row counted before stay counted;
//! here the failed statement's deferred counts are undone with it.

use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::parser::ast::{self, BinaryOp, Expr, ExprKind, FkAction};
use crate::planner::resolve::{Scope, Source};
use crate::schema::{ForeignKey, Index, Table};
use crate::vdbe::insn::{Insn, OnError, Program, Reg, Root};

use super::builder::Label;
use super::Compiler;

/// Foreign-key settings a statement is compiled under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FkOptions {
    /// `PRAGMA foreign_keys`
    pub enabled: bool,
    /// `PRAGMA defer_foreign_keys`
    pub defer: bool,
}

/// How a parent row is found from the child's values.
enum Probe {
    /// The parent key is the INTEGER PRIMARY KEY: seek the rowid.
    Rowid,
    /// The parent is a WITHOUT ROWID table keyed by these columns: `order[k]` is the FK
    /// position of the table's k-th primary-key column.
    Table(Vec<usize>),
    /// A UNIQUE index on the parent columns: `order[k]` is the FK position of index column k.
    Index(Arc<Index>, Vec<usize>),
}

/// A foreign key resolved against its parent table.
struct Resolved {
    child: Arc<Table>,
    /// Position in `child.foreign_keys` (the `id` of `foreign_key_list`).
    id: usize,
    fk: ForeignKey,
    parent: Arc<Table>,
    /// Parent column for each FK position.
    parent_cols: Vec<usize>,
    probe: Probe,
}

/// Alias of the parent row's register source in generated WHERE clauses.
const P_ALIAS: &str = "\u{1}fk_parent";
/// Aliases of the old and new parent rows inside an action program.
const OLD: &str = "\u{1}fk_old";
const NEW: &str = "\u{1}fk_new";

fn mismatch(child: &str, parent: &str) -> Error {
    Error::sql(format!(
        "foreign key mismatch - \"{child}\" referencing \"{parent}\""
    ))
}

/// Resolves foreign key `id` of `child`. `Ok(None)` when the parent table does not exist and
/// `missing_ok` (else "no such table").
fn resolve(
    schema: &crate::schema::Schema,
    child: &Arc<Table>,
    id: usize,
    missing_ok: bool,
) -> Result<Option<Resolved>> {
    let fk = child.foreign_keys[id].clone();
    let Some(parent) = schema.table(&fk.parent) else {
        if missing_ok {
            return Ok(None);
        }
        return Err(Error::sql(format!("no such table: main.{}", fk.parent)));
    };
    let parent_cols: Vec<usize> = if fk.parent_columns.is_empty() {
        match parent.rowid_alias {
            Some(a) => vec![a],
            None => parent.primary_key.iter().map(|p| p.0).collect(),
        }
    } else {
        fk.parent_columns
            .iter()
            .map(|n| parent.column_index(n))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| mismatch(&child.name, &parent.name))?
    };
    if parent_cols.is_empty() || parent_cols.len() != fk.columns.len() {
        return Err(mismatch(&child.name, &parent.name));
    }
    let order_of = |cols: &[usize]| -> Option<Vec<usize>> {
        if cols.len() != parent_cols.len() {
            return None;
        }
        cols.iter()
            .map(|c| parent_cols.iter().position(|p| p == c))
            .collect()
    };
    let probe = if parent_cols.len() == 1 && parent.rowid_alias == Some(parent_cols[0]) {
        Probe::Rowid
    } else if let Some(order) = parent
        .without_rowid
        .then(|| order_of(&parent.primary_key.iter().map(|p| p.0).collect::<Vec<_>>()))
        .flatten()
    {
        Probe::Table(order)
    } else {
        let found = schema
            .table_indexes(&parent.name)
            .into_iter()
            .filter(|ix| ix.unique && ix.partial.is_none())
            .find_map(|ix| {
                let cols = ix.column_numbers()?;
                let order = order_of(&cols)?;
                let colls_ok = ix.columns.iter().zip(&cols).all(|(ic, c)| {
                    let declared = parent.columns[*c]
                        .collation
                        .as_deref()
                        .map(crate::value::compare::Collation::from_name)
                        .unwrap_or_default();
                    ic.collation == declared
                });
                colls_ok.then_some((ix, order))
            });
        match found {
            Some((ix, order)) => Probe::Index(ix, order),
            None => return Err(mismatch(&child.name, &parent.name)),
        }
    };
    Ok(Some(Resolved {
        child: child.clone(),
        id,
        fk,
        parent,
        parent_cols,
        probe,
    }))
}

/// For `PRAGMA foreign_key_check`: the parent table and parent column names of foreign key
/// `id` of `child`, or None when the parent table does not exist; "foreign key mismatch"
/// when the parent key is not a PRIMARY KEY or UNIQUE index.
pub(crate) fn parent_key_names(
    schema: &crate::schema::Schema,
    child: &Arc<Table>,
    id: usize,
) -> Result<Option<(Arc<Table>, Vec<String>)>> {
    Ok(resolve(schema, child, id, true)?.map(|r| {
        let names = r
            .parent_cols
            .iter()
            .map(|p| r.parent.columns[*p].name.clone())
            .collect();
        (r.parent, names)
    }))
}

fn ident(name: &str) -> ast::Ident {
    ast::Ident {
        name: name.to_owned(),
        quote: ast::Quote::None,
        span: ast::Span::default(),
    }
}

fn expr(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: ast::Span::default(),
    }
}

fn col(table: &str, column: &str) -> Expr {
    expr(ExprKind::Column {
        schema: None,
        table: Some(ident(table)),
        column: ident(column),
    })
}

fn bin(left: Expr, op: BinaryOp, right: Expr) -> Expr {
    expr(ExprKind::Binary {
        left: Box::new(left),
        op,
        right: Box::new(right),
    })
}

fn and_all(terms: Vec<Expr>) -> Option<Expr> {
    terms.into_iter().reduce(|a, b| bin(a, BinaryOp::And, b))
}

fn or_all(terms: Vec<Expr>) -> Option<Expr> {
    terms.into_iter().reduce(|a, b| bin(a, BinaryOp::Or, b))
}

fn table_name(name: &str) -> ast::QualifiedName {
    ast::QualifiedName {
        schema: None,
        name: ident(name),
        span: ast::Span::default(),
    }
}

/// `child.c_i = parent_alias.p_i AND ...` for the FK's columns.
fn match_key(r: &Resolved, child_alias: &str, parent_alias: &str) -> Option<Expr> {
    and_all(
        r.fk.columns
            .iter()
            .zip(&r.parent_cols)
            .map(|(c, p)| {
                bin(
                    col(parent_alias, &r.parent.columns[*p].name),
                    BinaryOp::Eq,
                    col(child_alias, &r.child.columns[*c].name),
                )
            })
            .collect(),
    )
}

/// The key (and program-log identity) of the ON DELETE or ON UPDATE action program of FK
/// `id` of `child` referencing `parent`.
pub(crate) fn action_key(child: &str, id: usize, parent: &str, is_update: bool) -> String {
    let event = if is_update { "update" } else { "delete" };
    format!("-- fk action {child} #{id} on {parent} {event}")
}

/// What a statement changes of a row, for deciding which checks apply.
#[derive(Clone, Copy)]
pub(crate) enum Change<'c> {
    Insert,
    Delete,
    /// UPDATE setting these columns (and the rowid when the flag is set).
    Update(&'c [usize], bool),
}

impl Change<'_> {
    /// Whether the change touches any of `cols` (or the rowid, when `rowid` is given).
    fn touches(&self, t: &Table, cols: &[usize]) -> bool {
        match self {
            Change::Insert | Change::Delete => true,
            Change::Update(set, rowid_changes) => cols
                .iter()
                .any(|c| set.contains(c) || (*rowid_changes && t.rowid_alias == Some(*c))),
        }
    }
}

impl Compiler<'_> {
    /// Fails the statement with "FOREIGN KEY constraint failed".
    fn fk_fail(&mut self) {
        self.b.emit(Insn::Halt {
            code: codes::SQLITE_CONSTRAINT_FOREIGNKEY,
            on_error: OnError::Abort,
            message: Some(crate::vdbe::exec_fkey::FK_MESSAGE.to_owned()),
        });
    }

    /// Fails the statement when it has left immediate FK violations.
    pub(crate) fn fk_fail_if_pending(&mut self) {
        let ok = self.b.label();
        self.b.emit(Insn::FkIfZero {
            deferred: false,
            target: ok,
        });
        self.fk_fail();
        self.b.bind(ok);
    }

    /// True when FK checks are compiled into this statement.
    fn fk_on(&self) -> bool {
        self.fk.enabled
    }

    /// Marks the statement as depending on the FK settings when `t` takes part in a foreign
    /// key (as child or parent): it is compiled again when they change.
    pub(crate) fn fk_guard(&mut self, t: &Table) {
        if self.fk_guarded || !self.fk_action_stack.is_empty() {
            return;
        }
        let involved = !t.foreign_keys.is_empty() || !self.fk_referencing(&t.name).is_empty();
        if involved {
            self.fk_guarded = true;
            self.prologue.push(Insn::FkMode {
                enabled: self.fk.enabled,
                defer: self.fk.defer,
            });
        }
    }

    /// (child table, FK id) of every foreign key whose parent is `parent`.
    pub(crate) fn fk_referencing(&self, parent: &str) -> Vec<(Arc<Table>, usize)> {
        let mut v: Vec<(Arc<Table>, usize)> = Vec::new();
        for t in self.schema.tables.values() {
            for (i, fk) in t.foreign_keys.iter().enumerate() {
                if fk.parent.eq_ignore_ascii_case(parent) {
                    v.push((t.clone(), i));
                }
            }
        }
        // SQLite's order: newest child table first, its FKs last declared first.
        v.sort_by(|a, b| {
            (b.0.root_page, b.1)
                .cmp(&(a.0.root_page, a.1))
                .then_with(|| a.0.name.cmp(&b.0.name))
        });
        v
    }

    /// The FKs of `t` as child whose columns `change` touches, resolved ("no such table" or
    /// "foreign key mismatch" when that fails).
    fn fk_as_child(&self, t: &Arc<Table>, change: Change<'_>) -> Result<Vec<Resolved>> {
        let mut out = Vec::new();
        for (id, fk) in t.foreign_keys.iter().enumerate() {
            // A self-referencing FK is checked on every UPDATE (the row's own key may move
            // away from under it), as SQLite does.
            let self_ref = fk.parent.eq_ignore_ascii_case(&t.name);
            if !self_ref && !change.touches(t, &fk.columns) {
                continue;
            }
            if let Some(r) = resolve(self.schema, t, id, self.fk_no_parent_ok)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The FKs referencing `t` whose parent columns `change` touches, resolved. A mismatch is
    /// an error except for an INSERT (which SQLite lets through).
    fn fk_as_parent(&self, t: &Arc<Table>, change: Change<'_>) -> Result<Vec<Resolved>> {
        let mut out = Vec::new();
        for (child, id) in self.fk_referencing(&t.name) {
            let fk = &child.foreign_keys[id];
            let named: Option<Vec<usize>> = if fk.parent_columns.is_empty() {
                Some(match t.rowid_alias {
                    Some(a) => vec![a],
                    None => t.primary_key.iter().map(|p| p.0).collect(),
                })
            } else {
                fk.parent_columns
                    .iter()
                    .map(|n| t.column_index(n))
                    .collect()
            };
            if named
                .as_ref()
                .is_some_and(|cols| !cols.is_empty() && !change.touches(t, cols))
            {
                continue;
            }
            // A parent column `t` lacks (dropped by ALTER TABLE ... DROP COLUMN) is never
            // set: sqlite3 3.40.1 runs `UPDATE p SET b = 2` without the "foreign key
            // mismatch" that a DELETE or a multi-row INSERT reports (writes seed 60787).
            if named.is_none() && matches!(change, Change::Update(..)) {
                continue;
            }
            // One row inserted by a plain INSERT cannot cause or fix an immediate violation
            // (SQLite skips these, and so reports no mismatch for them).
            let single = matches!(change, Change::Insert) && !self.fk_multi_write();
            if single && !fk.deferred && !self.fk.defer {
                continue;
            }
            if let Some(r) = resolve(self.schema, &child, id, true)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Notes whether `ins` may write several rows (SQLite's "multi-write" statements, see
    /// `multi_write.rs`).
    pub(crate) fn fk_note_insert(&mut self, t: &Table, ins: &ast::Insert) {
        self.fk_single_insert = !self.insert_is_multi_write(t, ins);
        self.note_insert_journal(t, ins);
        self.insert_rowid_fresh =
            !t.without_rowid && !super::multi_write::insert_names_rowid(t, ins);
    }

    /// Whether an UPDATE of `t` setting columns `set` (and the rowid when `rowid_set`)
    /// needs foreign-key work: it sets a child FK column of `t` or a parent key that some
    /// FK references.
    pub(crate) fn fk_update_touches(&self, t: &Table, set: &[usize], rowid_set: bool) -> bool {
        let change = Change::Update(set, rowid_set);
        t.foreign_keys
            .iter()
            .any(|fk| change.touches(t, &fk.columns))
            || self.fk_parent_key_touched(t, change)
    }

    /// For an UPDATE of `t` setting columns `set` (and the rowid when `rowid_set`) that
    /// needs foreign-key work (`fk_update_touches`): every FK referencing `t` must find its
    /// parent key, so a broken one is a "foreign key mismatch" even when the UPDATE leaves
    /// that key alone. sqlite3 3.40.1: with `c(pid REFERENCES p(a))` and `a` not UNIQUE,
    /// `UPDATE p SET id = 2` fails once another FK references `p(id)` (or one of `p`'s own
    /// FK columns is set), and succeeds otherwise (writes seed 40747).
    pub(crate) fn fk_update_find_parent_keys(
        &self,
        t: &Table,
        set: &[usize],
        rowid_set: bool,
    ) -> Result<()> {
        if !self.fk_on() || !self.fk_update_touches(t, set, rowid_set) {
            return Ok(());
        }
        for (child, id) in self.fk_referencing(&t.name) {
            resolve(self.schema, &child, id, true)?;
        }
        Ok(())
    }

    /// Whether the FK work of such an UPDATE may abort it (for `trigger_abort.rs`): it sets
    /// a column of an immediate FK of `t`, or a parent key that some FK references. Setting
    /// the column of a deferred FK only counts a violation for COMMIT (sqlite3 3.40.1: a
    /// trigger's `UPDATE d SET x = 5` leaves its INSERT without a statement journal).
    pub(crate) fn fk_update_may_abort(&self, t: &Table, set: &[usize], rowid_set: bool) -> bool {
        let change = Change::Update(set, rowid_set);
        t.foreign_keys
            .iter()
            .any(|fk| !fk.deferred && change.touches(t, &fk.columns))
            || self.fk_parent_key_touched(t, change)
    }

    /// Whether `change` of `t` touches a parent key that some FK references.
    fn fk_parent_key_touched(&self, t: &Table, change: Change<'_>) -> bool {
        self.fk_referencing(&t.name).iter().any(|(child, id)| {
            let fk = &child.foreign_keys[*id];
            let cols: Vec<usize> = if fk.parent_columns.is_empty() {
                match t.rowid_alias {
                    Some(a) => vec![a],
                    None => t.primary_key.iter().map(|p| p.0).collect(),
                }
            } else {
                fk.parent_columns
                    .iter()
                    .filter_map(|n| t.column_index(n))
                    .collect()
            };
            change.touches(t, &cols)
        })
    }

    fn fk_multi_write(&self) -> bool {
        !self.fk_single_insert
    }

    /// Before the row `old` of `t` is deleted or updated (before the constraint checks):
    /// it stops being an orphan (child side) and its children become orphans (parent side,
    /// the row itself excepted; not when the UPDATE to `new` keeps the key). Rows are (rowid
    /// register, first column register).
    pub(crate) fn fk_before_old(
        &mut self,
        t: &Arc<Table>,
        old: (Reg, Reg),
        new: Option<(Reg, Reg)>,
        change: Change<'_>,
    ) -> Result<()> {
        self.fk_guard(t);
        if !self.fk_on() {
            return Ok(());
        }
        for r in self.fk_as_child(t, change)? {
            self.fk_probe_parent(&r, old, -1, false);
        }
        for r in self.fk_as_parent(t, change)? {
            let skip = self.b.label();
            if let Some(n) = new {
                self.fk_jump_if_key_same(&r, old, n, skip);
            }
            self.fk_scan_children(&r, old, ScanAction::Count(1), true)?;
            self.b.bind(skip);
        }
        Ok(())
    }

    /// Before the row `new` of `t` is written (after the constraint checks, so after rows a
    /// REPLACE removed): the children of its key stop being orphans. `old` is the row's
    /// previous version for an UPDATE.
    pub(crate) fn fk_before_new(
        &mut self,
        t: &Arc<Table>,
        new: (Reg, Reg),
        old: Option<(Reg, Reg)>,
        change: Change<'_>,
    ) -> Result<()> {
        self.fk_guard(t);
        if !self.fk_on() {
            return Ok(());
        }
        for r in self.fk_as_child(t, change)? {
            if self.fk_halts_early(&r, change)
                && !self.fk_setnull_skips(&r.child, r.id, &r.parent.name)
            {
                self.fk_probe_parent(&r, new, 1, true);
            }
        }
        for r in self.fk_as_parent(t, change)? {
            let skip = self.b.label();
            if let Some(o) = old {
                self.fk_jump_if_key_same(&r, o, new, skip);
            }
            self.fk_scan_children(&r, new, ScanAction::Count(-1), false)?;
            self.b.bind(skip);
        }
        Ok(())
    }

    /// After a row of `t` was written or removed: the new row's parent must exist, and the
    /// ON DELETE / ON UPDATE actions of FKs referencing `t` run.
    pub(crate) fn fk_after(
        &mut self,
        t: &Arc<Table>,
        old: Option<(Reg, Reg)>,
        new: Option<(Reg, Reg)>,
        change: Change<'_>,
    ) -> Result<()> {
        if !self.fk_on() {
            return Ok(());
        }
        if let Some(n) = new {
            for r in self.fk_as_child(t, change)? {
                if !self.fk_halts_early(&r, change)
                    && !self.fk_setnull_skips(&r.child, r.id, &r.parent.name)
                {
                    self.fk_probe_parent(&r, n, 1, false);
                }
            }
        }
        let Some(o) = old else {
            return Ok(());
        };
        for r in self.fk_as_parent(t, change)? {
            let action = match new {
                None => r.fk.on_delete,
                Some(_) => r.fk.on_update,
            }
            .unwrap_or(FkAction::NoAction);
            match action {
                FkAction::NoAction => {}
                FkAction::Restrict => {
                    if !self.fk.defer {
                        let skip = self.b.label();
                        if let Some(n) = new {
                            self.fk_jump_if_key_same(&r, o, n, skip);
                        }
                        self.fk_scan_children(&r, o, ScanAction::Fail, false)?;
                        self.b.bind(skip);
                    }
                }
                FkAction::Cascade | FkAction::SetNull | FkAction::SetDefault => {
                    self.fk_action_program(&r, action, o, new)?;
                }
            }
        }
        Ok(())
    }

    /// DROP TABLE of `t` with foreign keys on: an implicit `DELETE FROM t` first (no
    /// triggers fire; FK actions do), which fails the DROP on immediate violations. A table
    /// that no FK references is only emptied when deferred violations are pending and it has
    /// a deferred FK itself (its orphans go away with it).
    pub(crate) fn fk_drop_table(&mut self, t: &Arc<Table>) -> Result<()> {
        self.fk_guard(t);
        if !self.fk_on() {
            return Ok(());
        }
        let skip = self.b.label();
        if self.fk_referencing(&t.name).is_empty() {
            if !t.foreign_keys.iter().any(|f| f.deferred || self.fk.defer) {
                return Ok(());
            }
            self.b.emit(Insn::FkIfZero {
                deferred: true,
                target: skip,
            });
        }
        let saved_stack = self.trigger_stack.len();
        for tr in self.triggers_of(t) {
            self.trigger_stack.push(tr.name.clone());
        }
        let saved_ok = std::mem::replace(&mut self.fk_no_parent_ok, true);
        self.in_trigger += 1;
        let r = self.delete(&ast::Delete {
            with: None,
            table: table_name(&t.name),
            alias: None,
            indexed: None,
            where_: None,
            returning: vec![],
            order_by: vec![],
            limit: None,
            span: ast::Span::default(),
        });
        self.in_trigger -= 1;
        self.fk_no_parent_ok = saved_ok;
        self.trigger_stack.truncate(saved_stack);
        r?;
        self.b.bind(skip);
        if !self.fk.defer {
            self.fk_fail_if_pending();
        }
        Ok(())
    }

    /// Jumps to `target` when the parent key of `r` is the same (IS) in rows `o` and `n`.
    fn fk_jump_if_key_same(&mut self, r: &Resolved, o: (Reg, Reg), n: (Reg, Reg), target: Label) {
        let differ = self.b.label();
        for p in &r.parent_cols {
            let (a, b) = if r.parent.rowid_alias == Some(*p) {
                (o.0, n.0)
            } else {
                (o.1 + p, n.1 + p)
            };
            self.b.emit(Insn::Ne {
                lhs: a,
                rhs: b,
                target: differ,
                flags: crate::vdbe::insn::CmpFlags {
                    null_eq: true,
                    ..Default::default()
                },
            });
        }
        self.b.emit(Insn::Goto { target });
        self.b.bind(differ);
    }

    /// Child side: counts `amount` when the row `row` of `r.child` has no parent row (all FK
    /// columns non-NULL). A decrement runs only while the counter is non-zero.
    /// Whether the child-side check of `r` fails a one-row INSERT at once, before the row is
    /// written (so last_insert_rowid() keeps its value, as in SQLite), instead of counting
    /// the violation until the statement ends: an immediate FK (a row that is its own parent
    /// passes, see [`Compiler::fk_probe_parent`]).
    fn fk_halts_early(&self, r: &Resolved, change: Change<'_>) -> bool {
        matches!(change, Change::Insert)
            && !self.fk_multi_write()
            && !r.fk.deferred
            && !self.fk.defer
    }

    /// Child side: looks up the parent of row `row`; when it is missing, adds `amount` to
    /// the FK counter, or with `halt` fails the statement at once.
    fn fk_probe_parent(&mut self, r: &Resolved, row: (Reg, Reg), amount: i64, halt: bool) {
        let ok = self.b.label();
        let missing = self.b.label();
        let cols = row.1;
        let fk_col = |k: usize| -> Reg {
            let c = r.fk.columns[k];
            if r.child.rowid_alias == Some(c) {
                row.0
            } else {
                cols + c
            }
        };
        for k in 0..r.fk.columns.len() {
            self.b.emit(Insn::IsNull {
                reg: fk_col(k),
                target: ok,
            });
        }
        if amount < 0 {
            self.b.emit(Insn::FkIfZero {
                deferred: r.fk.deferred,
                target: ok,
            });
        }
        if halt && Arc::ptr_eq(&r.child, &r.parent) {
            // The row is not written yet: it may be its own parent.
            let probe = self.b.label();
            for k in 0..r.fk.columns.len() {
                let p = r.parent_cols[k];
                let key = if r.parent.rowid_alias == Some(p) {
                    row.0
                } else {
                    cols + p
                };
                self.b.emit(Insn::Ne {
                    lhs: fk_col(k),
                    rhs: key,
                    target: probe,
                    flags: crate::vdbe::insn::CmpFlags {
                        jump_if_null: true,
                        ..Default::default()
                    },
                });
            }
            self.b.emit(Insn::Goto { target: ok });
            self.b.bind(probe);
        }
        let cursor = self.b.alloc_cursor();
        match &r.probe {
            Probe::Rowid => {
                let key = self.b.alloc_reg();
                self.b.emit(Insn::SCopy {
                    src: fk_col(0),
                    dest: key,
                });
                self.b.emit(Insn::MustBeInt {
                    reg: key,
                    target: Some(missing),
                });
                self.b.emit(Insn::OpenRead {
                    cursor,
                    root: Root::Page(r.parent.root_page),
                    db: r.parent.db,
                    n_columns: r.parent.columns.len(),
                    key_info: None,
                });
                self.b.emit(Insn::NotExists {
                    cursor,
                    target: missing,
                    rowid: key,
                });
            }
            Probe::Table(order) | Probe::Index(_, order) => {
                let n = order.len();
                let key = self.b.alloc_regs(n);
                let mut affs = Vec::with_capacity(n);
                for (k, pos) in order.iter().enumerate() {
                    self.b.emit(Insn::SCopy {
                        src: fk_col(*pos),
                        dest: key + k,
                    });
                    affs.push(r.parent.columns[r.parent_cols[*pos]].affinity);
                }
                self.b.emit(Insn::Affinity {
                    start: key,
                    affinities: affs,
                });
                let (root, db, n_columns, key_info) = match &r.probe {
                    Probe::Index(ix, _) => {
                        (ix.root_page, ix.db, ix.columns.len() + 1, ix.key_info())
                    }
                    _ => (
                        r.parent.root_page,
                        r.parent.db,
                        r.parent.columns.len(),
                        r.parent.pk_key_info(),
                    ),
                };
                self.b.emit(Insn::OpenRead {
                    cursor,
                    root: Root::Page(root),
                    db,
                    n_columns,
                    key_info: Some(key_info),
                });
                self.b.emit(Insn::NotFound {
                    cursor,
                    target: missing,
                    key,
                    n_key: n,
                });
            }
        }
        self.b.emit(Insn::Close { cursor });
        self.b.emit(Insn::Goto { target: ok });
        self.b.bind(missing);
        if halt {
            self.fk_fail();
        } else {
            self.b.emit(Insn::FkCounter {
                deferred: r.fk.deferred,
                amount,
            });
        }
        self.b.bind(ok);
    }

    /// Parent side: visits the rows of `r.child` whose FK columns equal the parent key of
    /// row `row` of `r.parent` (none when a key column is NULL). `not_self` leaves out the
    /// row itself when child and parent are one table.
    fn fk_scan_children(
        &mut self,
        r: &Resolved,
        row: (Reg, Reg),
        action: ScanAction,
        not_self: bool,
    ) -> Result<()> {
        let done = self.b.label();
        for p in &r.parent_cols {
            let reg = if r.parent.rowid_alias == Some(*p) {
                row.0
            } else {
                row.1 + p
            };
            self.b.emit(Insn::IsNull { reg, target: done });
        }
        if let ScanAction::Count(n) = action {
            if n < 0 {
                self.b.emit(Insn::FkIfZero {
                    deferred: r.fk.deferred,
                    target: done,
                });
            }
        }
        let mut terms: Vec<Expr> = match_key(r, &r.child.name, P_ALIAS).into_iter().collect();
        if not_self && Arc::ptr_eq(&r.child, &r.parent) {
            terms.push(self_exclusion(&r.parent));
        }
        let where_ = and_all(terms);
        let mut psrc = Source::from_table(r.parent.clone(), Some(P_ALIAS), 0);
        psrc.regs = Some(row);
        self.scopes.push(Scope {
            sources: vec![psrc],
        });
        self.agg.push(None);
        let res = self.fk_child_loop(r, where_.as_ref(), action);
        self.scopes.pop();
        self.agg.pop();
        res?;
        self.b.bind(done);
        Ok(())
    }

    fn fk_child_loop(
        &mut self,
        r: &Resolved,
        where_: Option<&Expr>,
        action: ScanAction,
    ) -> Result<()> {
        let from = ast::FromClause {
            first: ast::TableOrSubquery::Table {
                name: table_name(&r.child.name),
                alias: None,
                indexed: None,
                span: ast::Span::default(),
            },
            joins: vec![],
            span: ast::Span::default(),
        };
        let saved_sql = self.sql;
        self.sql = "";
        let (scope, plan) = self.scope_for_from(Some(&from))?;
        self.scopes.push(scope);
        self.agg.push(None);
        let res = (|| {
            let used = self.used_columns(where_);
            let levels = self.open_loops(&plan, where_, used)?;
            match action {
                ScanAction::Count(amount) => {
                    self.b.emit(Insn::FkCounter {
                        deferred: r.fk.deferred,
                        amount,
                    });
                }
                ScanAction::Fail => {
                    self.fk_fail();
                }
            }
            self.close_loops(levels);
            Ok(())
        })();
        self.scopes.pop();
        self.agg.pop();
        self.sql = saved_sql;
        res
    }

    /// Runs the CASCADE / SET NULL / SET DEFAULT action of `r` as a sub-program with the old
    /// (and new) parent row as parameters.
    fn fk_action_program(
        &mut self,
        r: &Resolved,
        action: FkAction,
        old: (Reg, Reg),
        new: Option<(Reg, Reg)>,
    ) -> Result<()> {
        let np = r.parent.columns.len();
        let key = action_key(&r.child.name, r.id, &r.parent.name, new.is_some());
        self.programs.start(&key);
        // Parameters: old rowid, old columns, new rowid, new columns.
        let params = self.b.alloc_regs(2 * (np + 1));
        self.b.emit(Insn::SCopy {
            src: old.0,
            dest: params,
        });
        self.b.emit(Insn::Copy {
            src: old.1,
            dest: params + 1,
            count: np,
        });
        if let Some(n) = new {
            self.b.emit(Insn::SCopy {
                src: n.0,
                dest: params + np + 1,
            });
            self.b.emit(Insn::Copy {
                src: n.1,
                dest: params + np + 2,
                count: np,
            });
        }
        let after = self.b.label();
        if self.fk_action_stack.contains(&key) {
            self.b.emit(Insn::ProgramByKey {
                key,
                params,
                target: after,
            });
        } else {
            let program = self.fk_compile_action(r, action, new.is_some(), key)?;
            self.b.emit(Insn::Program {
                program: Arc::new(program),
                params,
                target: after,
            });
        }
        self.b.bind(after);
        Ok(())
    }

    /// Compiles the body of an action program (see [`Self::fk_action_program`]).
    fn fk_compile_action(
        &mut self,
        r: &Resolved,
        action: FkAction,
        is_update: bool,
        key: String,
    ) -> Result<Program> {
        let mut c = Compiler::new("", self.schema, self.funcs);
        c.fk = self.fk;
        c.fk_no_parent_ok = self.fk_no_parent_ok;
        c.fk_action_stack = self.fk_action_stack.clone();
        c.fk_action_stack.push(key.clone());
        c.programs = std::mem::take(&mut self.programs);
        c.in_trigger = 1;
        c.writes = true;
        c.b.emit(Insn::Init { target: 0 });
        let np = r.parent.columns.len();
        let old_rowid = c.b.alloc_reg();
        let old_cols = c.b.alloc_regs(np);
        let new_rowid = c.b.alloc_reg();
        let new_cols = c.b.alloc_regs(np);
        let n_params = if is_update { 2 * (np + 1) } else { np + 1 };
        for k in 0..n_params {
            c.b.emit(Insn::Param {
                offset: k,
                dest: old_rowid + k,
            });
        }
        let mut scope = Scope::default();
        scope
            .sources
            .push(action_row(&r.parent, OLD, (old_rowid, old_cols)));
        if is_update {
            scope
                .sources
                .push(action_row(&r.parent, NEW, (new_rowid, new_cols)));
        }
        c.scopes.push(scope);
        c.agg.push(None);
        let done = c.b.label();
        let where_ = match_key(r, &r.child.name, OLD);
        if is_update {
            // Only a changed key is acted on.
            let changed = or_all(
                r.parent_cols
                    .iter()
                    .map(|p| {
                        let name = &r.parent.columns[*p].name;
                        bin(col(OLD, name), BinaryOp::IsNot, col(NEW, name))
                    })
                    .collect(),
            );
            if let Some(w) = changed {
                c.jump_if_false(&w, done, true)?;
            }
        }
        let table = table_name(&r.child.name);
        let slot = c.b.alloc_reg();
        c.b.emit(Insn::StmtCount { slot, begin: true });
        if action == FkAction::Cascade && !is_update {
            c.delete(&ast::Delete {
                with: None,
                table,
                alias: None,
                indexed: None,
                where_,
                returning: vec![],
                order_by: vec![],
                limit: None,
                span: ast::Span::default(),
            })?;
        } else {
            let sets =
                r.fk.columns
                    .iter()
                    .zip(&r.parent_cols)
                    .map(|(cc, p)| {
                        let column = &r.child.columns[*cc];
                        let value = match action {
                            FkAction::Cascade => col(NEW, &r.parent.columns[*p].name),
                            FkAction::SetDefault => column
                                .default
                                .clone()
                                .unwrap_or_else(|| expr(ExprKind::Literal(ast::Literal::Null))),
                            _ => expr(ExprKind::Literal(ast::Literal::Null)),
                        };
                        ast::Assignment {
                            columns: vec![ident(&column.name)],
                            expr: value,
                            span: ast::Span::default(),
                        }
                    })
                    .collect();
            c.update(&ast::Update {
                with: None,
                or_conflict: None,
                table,
                alias: None,
                indexed: None,
                sets,
                from: None,
                where_,
                returning: vec![],
                order_by: vec![],
                limit: None,
                span: ast::Span::default(),
            })?;
        }
        c.b.emit(Insn::StmtCount { slot, begin: false });
        c.b.bind(done);
        c.scopes.pop();
        c.agg.pop();
        // The statement gives the AUTOINCREMENT tables the action's triggers insert into
        // their sqlite_sequence row (see `autoinc_trigger.rs`).
        for t in std::mem::take(&mut c.autoinc_in_triggers) {
            if !self.autoinc_in_triggers.iter().any(|x| x.name == t.name) {
                self.autoinc_in_triggers.push(t);
            }
        }
        self.programs = std::mem::take(&mut c.programs);
        c.finish_subprogram(key)
    }

    /// Ends a sub-program: Halt, then its prologue (no Transaction: the caller holds it).
    pub(crate) fn finish_subprogram(mut self, key: String) -> Result<Program> {
        self.b.emit(Insn::Halt {
            code: 0,
            on_error: Default::default(),
            message: None,
        });
        let prologue_at = self.b.here();
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
            readonly: false,
            sql: key,
            ..Default::default()
        })
    }
}

/// The old or new parent row of an action program, as a source read from registers.
/// Like a trigger's OLD/NEW, its columns carry no affinity except the INTEGER PRIMARY KEY:
/// sqlite3 (3.40.1 and 3.54.1) cascades `DELETE FROM c WHERE c.pid = old.id` without
/// converting the child's text '1' to the INT parent key 1, so that child is left (and the
/// parent DELETE then fails, the parent-side count having found it).
fn action_row(parent: &Arc<Table>, alias: &str, regs: (Reg, Reg)) -> Source {
    Source::from_table(parent.clone(), Some(alias), 0).in_registers(regs, true)
}

/// What a scan of the children does with each child row found.
#[derive(Clone, Copy)]
enum ScanAction {
    /// Add this to the FK's counter.
    Count(i64),
    /// RESTRICT: fail the statement.
    Fail,
}

/// `NOT (child row is the parent row)` for a self-referencing table.
fn self_exclusion(t: &Table) -> Expr {
    if t.without_rowid {
        or_all(
            t.primary_key
                .iter()
                .map(|(c, _)| {
                    let name = &t.columns[*c].name;
                    bin(col(&t.name, name), BinaryOp::IsNot, col(P_ALIAS, name))
                })
                .collect(),
        )
        .unwrap_or_else(|| expr(ExprKind::Literal(ast::Literal::Integer(1))))
    } else {
        bin(col(&t.name, "rowid"), BinaryOp::Ne, col(P_ALIAS, "rowid"))
    }
}

#[cfg(test)]
#[path = "fkey_tests.rs"]
mod tests;

//! Whether an INSERT needs a statement journal. SQLite opens one only for a statement that
//! is "multi-write" (`multi_write.rs`) *and* may abort part-way on a constraint (an ABORT
//! conflict resolution, an FK check, a trigger). Without one, an error inside an explicit
//! transaction (a `datatype mismatch` from a rowid that is not an integer, a STRICT type
//! error, a constraint failing under OR ROLLBACK) leaves the rows the statement already
//! wrote in place (observed in sqlite3 3.40.1: `BEGIN; INSERT OR IGNORE INTO t(id) VALUES
//! (1), ('x');` keeps row 1; pinned by `tests/difftest/tests/counts.rs`). In autocommit
//! mode a failed statement's transaction is rolled back anyway.
//!
//! Foreign keys make an INSERT "may abort" when its table has an immediate FK as child (even
//! under `defer_foreign_keys`), or when a uniqueness check it makes is resolved by REPLACE
//! and the table takes part in any FK (child or parent, deferred or not). Inserting into a
//! parent table, or into a child whose FKs are all deferred, does not (sqlite3 3.40.1:
//! `BEGIN; INSERT INTO p(x) VALUES(1), ('abc')` into a STRICT parent keeps row 1; seed 1767,
//! `tests/difftest/tests/fkw.rs`).
//!
//! Only INSERT is told apart here; every other writing statement keeps its journal. The
//! triggers an INSERT fires count as in `trigger_abort.rs`.

use crate::parser::ast::{self, ConflictResolution as Cr};
use crate::schema::Table;

use super::func_abort::{expr_calls, insert_calls};
use super::trigger::Event;
use super::trigger_abort::Firing;
use super::Compiler;

impl Compiler<'_> {
    /// Notes for [`crate::vdbe::insn::Program::no_stmt_journal`] whether the top-level
    /// INSERT `ins` into `t` can do without a statement journal.
    pub(crate) fn note_insert_journal(&mut self, t: &Table, ins: &ast::Insert) {
        if self.in_trigger > 0 || !self.fk_action_stack.is_empty() {
            return;
        }
        self.no_stmt_journal = !self.insert_is_multi_write(t, ins)
            || !self.insert_may_abort_in(t, ins, ins.or_conflict, &mut Vec::new());
    }

    /// Whether an INSERT into `t` under conflict mode `or` may stop part-way with its
    /// changes to be undone; `stack` as for [`Compiler::triggers_may_abort`].
    pub(crate) fn insert_may_abort_in(
        &self,
        t: &Table,
        ins: &ast::Insert,
        or: Option<Cr>,
        stack: &mut Vec<String>,
    ) -> bool {
        // Only an immediate FK of `t` as child may fail the INSERT (a new parent row can
        // only resolve violations); with FK work, a REPLACE deletion may too.
        let immediate_child = t.foreign_keys.iter().any(|fk| !fk.deferred);
        if self.fk.enabled && immediate_child {
            return true;
        }
        // The INSERT triggers, and the UPDATE triggers of a DO UPDATE (REPLACE deletions
        // fire no DELETE triggers: recursive_triggers is off).
        let mut firings = vec![(Event::Insert, Vec::new())];
        for u in &ins.upsert {
            if let ast::UpsertAction::Update { sets, .. } = &u.action {
                firings.push((Event::Update, super::multi_write::set_columns(t, sets).0));
            }
        }
        if firings.iter().any(|(event, set)| {
            let f = Firing {
                event: *event,
                set,
                or,
            };
            self.triggers_may_abort(t, &f, stack)
        }) {
            return true;
        }
        let replace_aborts = self.fk.enabled
            && (!t.foreign_keys.is_empty() || !self.fk_referencing(&t.name).is_empty());
        let not_null_aborts = t.columns.iter().enumerate().any(|(i, c)| {
            c.not_null
                && t.rowid_alias != Some(i)
                && matches!(
                    or.or(c.not_null_conflict).unwrap_or(Cr::Abort),
                    Cr::Abort | Cr::Replace
                )
        });
        // A CHECK may abort under ABORT or REPLACE; one calling a function always may
        // (`func_abort.rs`), as may function calls in the statement, the defaults or the
        // generated columns (a generated column that calls none does not: sqlite3 3.40.1
        // keeps row 1 of `BEGIN; INSERT OR ROLLBACK INTO p(id) VALUES(1), ('')` with
        // `e AS (id || 'g')`; writes seed 8559).
        let check_aborts = !t.checks.is_empty()
            && (matches!(or.unwrap_or(Cr::Abort), Cr::Abort | Cr::Replace)
                || t.checks.iter().any(|c| expr_calls(&c.expr)));
        let calls = insert_calls(ins) || self.schema_exprs_call(t, ins);
        if not_null_aborts
            || check_aborts
            || calls
            || t.columns
                .iter()
                .any(|c| c.generated.as_ref().is_some_and(expr_calls))
        {
            return true;
        }
        self.unique_checks_of(t, ins)
            .into_iter()
            .any(|(cols, declared)| {
                let up = ins
                    .upsert
                    .iter()
                    .find(|u| super::dml::upsert_matches(t, u, cols.as_deref()));
                match up.map(|u| &u.action) {
                    Some(ast::UpsertAction::Nothing) => false,
                    Some(ast::UpsertAction::Update { sets, .. }) => {
                        self.upsert_update_may_abort(t, sets)
                    }
                    None => match or.or(declared).unwrap_or(Cr::Abort) {
                        Cr::Abort => true,
                        Cr::Replace => replace_aborts,
                        _ => false,
                    },
                }
            })
    }

    /// Whether an upsert's UPDATE setting `sets` may fail a constraint (NOT NULL or a
    /// uniqueness check on a column it sets, any CHECK).
    fn upsert_update_may_abort(&self, t: &Table, sets: &[ast::Assignment]) -> bool {
        let (set, rowid_set) = super::multi_write::set_columns(t, sets);
        if !t.checks.is_empty() || rowid_set {
            return true;
        }
        let pk: Vec<usize> = t.primary_key.iter().map(|p| p.0).collect();
        set.iter().any(|&i| {
            t.columns[i].not_null
                || pk.contains(&i)
                || self
                    .indexes_of(t)
                    .iter()
                    .any(|ix| ix.unique && ix.column_numbers().is_none_or(|cs| cs.contains(&i)))
        })
    }

    /// Whether the schema expressions an INSERT into `t` evaluates besides its CHECKs call
    /// a function: DEFAULTs of the columns it does not name, indexed expressions and
    /// partial-index WHEREs (sqlite3 3.40.1; `tests/difftest/tests/wrorder.rs`).
    fn schema_exprs_call(&self, t: &Table, ins: &ast::Insert) -> bool {
        let named = |i: usize| {
            !matches!(ins.source, ast::InsertSource::DefaultValues)
                && (ins.columns.is_empty()
                    || ins
                        .columns
                        .iter()
                        .any(|c| c.name.eq_ignore_ascii_case(&t.columns[i].name)))
        };
        let defaults = t
            .columns
            .iter()
            .enumerate()
            .any(|(i, c)| !named(i) && c.default.as_ref().is_some_and(expr_calls));
        let indexes = self.indexes_of(t).iter().any(|ix| {
            ix.partial.as_ref().is_some_and(expr_calls)
                || ix.columns.iter().any(|ic| match &ic.expr {
                    crate::schema::IndexedExpr::Expr(e) => expr_calls(e),
                    crate::schema::IndexedExpr::Column(_) => false,
                })
        });
        defaults || indexes
    }
}

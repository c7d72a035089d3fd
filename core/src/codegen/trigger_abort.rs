//! Whether the triggers a statement fires may abort it part-way (for `stmt_journal.rs`).
//!
//! sqlite3 decides this while compiling the trigger bodies: a trigger counts only when it
//! fires for the statement and its body holds something that may abort: `RAISE(ABORT)`, a
//! function call (`func_abort.rs`), or
//! a body statement that may itself abort (an INSERT by the rules of `stmt_journal.rs`, an
//! UPDATE that sets a NOT NULL, UNIQUE or FK column, the rowid or a column a CHECK reads
//! (under ABORT or REPLACE), a DELETE from the parent
//! of an immediate FK, or of a deferred one whose ON DELETE action may abort), recursively
//! through the triggers those fire. Observed in sqlite3 3.40.1 (an AFTER INSERT trigger
//! doing `SELECT 1`, `INSERT INTO log(x) ...`, `UPDATE log SET x = 1`
//! or `SELECT RAISE(ROLLBACK, 'x')` leaves the INSERT without a statement journal; one doing
//! `UPDATE u SET b = 1` with `b NOT NULL` or `SELECT RAISE(ABORT, 'x') WHERE 0` does not;
//! `tests/difftest/tests/fkw.rs`). Where the exact rule is not known the answer is "may
//! abort" (a statement journal), as before.
//!
//! The ON CONFLICT mode of the firing statement overrides those of the body statements.

use crate::parser::ast::{self, ConflictResolution as Cr, FkAction};
use crate::schema::{Table, Trigger};

use super::Compiler;

/// Which statement fires a trigger, for [`Compiler::triggers_may_abort`].
pub(crate) struct Firing<'s> {
    pub(crate) event: super::trigger::Event,
    /// Columns an UPDATE sets (an UPDATE OF trigger fires only for those).
    pub(crate) set: &'s [usize],
    /// The firing statement's conflict mode.
    pub(crate) or: Option<Cr>,
}

impl Compiler<'_> {
    /// Whether a trigger of `t` that fires for `firing` may abort; `stack` holds the
    /// triggers being looked into (they do not fire again).
    pub(crate) fn triggers_may_abort(
        &self,
        t: &Table,
        firing: &Firing<'_>,
        stack: &mut Vec<String>,
    ) -> bool {
        self.triggers_of(t).into_iter().any(|tr| {
            if stack.iter().any(|n| n == &tr.name)
                || !super::trigger::fires_for(t, &tr.def, firing.event, firing.set)
                || tr.def.time == ast::TriggerTime::InsteadOf
            {
                return false;
            }
            if stack.len() > 8 {
                return true;
            }
            stack.push(tr.name.clone());
            let r = self.trigger_body_may_abort(tr, firing.or, stack);
            stack.pop();
            r
        })
    }

    fn trigger_body_may_abort(
        &self,
        tr: &Trigger,
        or: Option<Cr>,
        stack: &mut Vec<String>,
    ) -> bool {
        if raises_abort(&tr.sql)
            || tr
                .def
                .when
                .as_ref()
                .is_some_and(super::func_abort::expr_calls)
            || tr.def.body.iter().any(super::func_abort::stmt_calls)
        {
            return true;
        }
        tr.def.body.iter().any(|stmt| match stmt {
            ast::Stmt::Select(_) => false,
            ast::Stmt::Insert(i) => self
                .lookup_table(&i.table)
                .is_none_or(|t| self.insert_may_abort_in(&t, i, or.or(i.or_conflict), stack)),
            ast::Stmt::Update(u) => self
                .lookup_table(&u.table)
                .is_none_or(|t| self.update_may_abort(&t, u, or.or(u.or_conflict), stack)),
            ast::Stmt::Delete(d) => self
                .lookup_table(&d.table)
                .is_none_or(|t| self.delete_may_abort(&t, or, stack)),
            _ => true,
        })
    }

    /// Whether an UPDATE of `t` by `u` under conflict mode `or` may abort.
    fn update_may_abort(
        &self,
        t: &Table,
        u: &ast::Update,
        or: Option<Cr>,
        stack: &mut Vec<String>,
    ) -> bool {
        let (set, rowid_set) = super::multi_write::set_columns(t, &u.sets);
        self.set_may_abort(t, &set, rowid_set, or, stack)
    }

    /// Whether an UPDATE of `t` setting columns `set` (and the rowid when `rowid_set`)
    /// under conflict mode `or` may abort.
    fn set_may_abort(
        &self,
        t: &Table,
        set: &[usize],
        rowid_set: bool,
        or: Option<Cr>,
        stack: &mut Vec<String>,
    ) -> bool {
        let firing = Firing {
            event: super::trigger::Event::Update,
            set,
            or,
        };
        if rowid_set
            || self.update_checks_may_abort(t, set, or)
            || t.columns.iter().any(|c| c.generated.is_some())
            || (self.fk.enabled && self.fk_update_may_abort(t, set, false))
            || self.triggers_may_abort(t, &firing, stack)
        {
            return true;
        }
        let aborts = |own: Option<Cr>| matches!(or.or(own).unwrap_or(Cr::Abort), Cr::Abort);
        let pk: Vec<usize> = t.primary_key.iter().map(|p| p.0).collect();
        set.iter().any(|&i| {
            let c = &t.columns[i];
            let null_aborts = match or.or(c.not_null_conflict).unwrap_or(Cr::Abort) {
                Cr::Abort => true,
                Cr::Replace => c.default.is_none(),
                _ => false,
            };
            (c.not_null && t.rowid_alias != Some(i) && null_aborts)
                || (pk.contains(&i) && aborts(t.pk_conflict))
                || self.indexes_of(t).iter().any(|ix| {
                    ix.unique
                        && ix.column_numbers().is_none_or(|cs| cs.contains(&i))
                        && aborts(ix.on_conflict)
                })
        })
    }

    /// Whether a CHECK of `t` may fail an UPDATE setting `set` under conflict mode `or`:
    /// only a CHECK reading a column it sets is evaluated, and it aborts under ABORT or
    /// REPLACE, or by a function call (`func_abort.rs`). sqlite3 3.40.1 keeps row 0 of
    /// `BEGIN; INSERT OR IGNORE INTO p(id) VALUES(0), ('A')` whose trigger does `UPDATE c
    /// SET v = 1` with `v CHECK(v IS NOT 'x')`, and of a plain INSERT whose trigger sets
    /// another column of `c` (writes seed 44625).
    fn update_checks_may_abort(&self, t: &Table, set: &[usize], or: Option<Cr>) -> bool {
        let changed = super::strict_gen::changed_closure(t, set);
        let mode_aborts = matches!(or.unwrap_or(Cr::Abort), Cr::Abort | Cr::Replace);
        t.checks.iter().any(|c| {
            super::generated::referenced_columns_pub(t, &c.expr)
                .iter()
                .any(|r| changed.contains(r))
                && (mode_aborts || super::func_abort::expr_calls(&c.expr))
        })
    }

    /// Whether a DELETE from `t` may abort: FK work on a parent (see
    /// [`Self::parent_delete_may_abort`]), or its triggers.
    fn delete_may_abort(&self, t: &Table, or: Option<Cr>, stack: &mut Vec<String>) -> bool {
        let firing = Firing {
            event: super::trigger::Event::Delete,
            set: &[],
            or,
        };
        (self.fk.enabled && self.parent_delete_may_abort(t, or, stack))
            || self.triggers_may_abort(t, &firing, stack)
    }

    /// Whether deleting a row of parent `t` may abort through the FKs referencing it: an
    /// immediate FK or an ON DELETE RESTRICT one may fail at once; a deferred one only
    /// through its action (CASCADE deletes from the child, SET NULL / SET DEFAULT update
    /// it). A deferred NO ACTION FK never does (sqlite3 3.40.1: `BEGIN; INSERT INTO c ...
    /// ON CONFLICT DO NOTHING` whose trigger deletes from such a parent keeps the rows
    /// written before a `datatype mismatch`; writes seed 8241, `tests/difftest/tests/fk.rs`).
    fn parent_delete_may_abort(&self, t: &Table, or: Option<Cr>, stack: &mut Vec<String>) -> bool {
        self.fk_referencing(&t.name).into_iter().any(|(child, id)| {
            let fk = &child.foreign_keys[id];
            let key = super::fkey::action_key(&child.name, id, &t.name, false);
            if !fk.deferred || stack.contains(&key) {
                return !fk.deferred;
            }
            stack.push(key);
            let r = match fk.on_delete.unwrap_or(FkAction::NoAction) {
                FkAction::NoAction => false,
                FkAction::Restrict => true,
                FkAction::Cascade => self.delete_may_abort(&child, or, stack),
                FkAction::SetNull | FkAction::SetDefault => {
                    self.set_may_abort(&child, &fk.columns, false, or, stack)
                }
            };
            stack.pop();
            r
        })
    }
}

/// Whether trigger SQL `sql` holds a `RAISE(ABORT, ...)`.
fn raises_abort(sql: &str) -> bool {
    let squeezed: String = sql
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    squeezed.contains("raise(abort")
}

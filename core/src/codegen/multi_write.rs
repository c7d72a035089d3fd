//! Whether an INSERT is a "multi-write" statement in SQLite's sense: one that may write
//! more than one row. SQLite decides it while compiling, and it shows in behaviour: a
//! one-row INSERT that is not multi-write fails at once on an immediate foreign-key
//! violation, before the row is written (so `last_insert_rowid()` keeps its value), and
//! references to its table from immediate FKs cannot be broken by it.
//!
//! Observed rules (checked against sqlite3 3.40.1, see `tests/difftest/tests/counts.rs`):
//! - a SELECT source or several VALUES rows, INSERT triggers, RETURNING, or an INSERT
//!   run by a trigger or an FK action: multi-write;
//! - a uniqueness check that REPLACE resolves (it may delete rows): multi-write. The
//!   INTEGER PRIMARY KEY is checked only when the INSERT names it (else the new rowid is
//!   fresh), so `REPLACE INTO t(x) ...` on a table without other UNIQUE indexes is not;
//! - an ON CONFLICT DO UPDATE clause counts only when it handles a check that is made,
//!   and then only when its UPDATE fires UPDATE triggers or needs foreign-key work (sets a
//!   child FK column, or a parent key some FK references). DO NOTHING never counts.

use crate::parser::ast;
use crate::schema::Table;

use super::Compiler;

impl Compiler<'_> {
    /// Whether `ins` into `t` may write several rows (see the module header).
    pub(crate) fn insert_is_multi_write(&self, t: &Table, ins: &ast::Insert) -> bool {
        let one_row = match &ins.source {
            ast::InsertSource::DefaultValues => true,
            ast::InsertSource::Select(sel) => {
                matches!(&sel.first, ast::SelectCore::Values { rows, .. } if rows.len() == 1)
                    && sel.compounds.is_empty()
            }
        };
        let has_triggers = self
            .triggers_of(t)
            .iter()
            .any(|tr| matches!(tr.def.event, ast::TriggerEvent::Insert));
        if !one_row
            || has_triggers
            || !ins.returning.is_empty()
            || self.in_trigger > 0
            || !self.fk_action_stack.is_empty()
        {
            return true;
        }
        self.unique_checks_of(t, ins)
            .into_iter()
            .any(|(cols, declared)| self.check_may_multi_write(t, ins, cols.as_deref(), declared))
    }

    /// The uniqueness checks an INSERT into `t` makes: (columns, `None` for the rowid;
    /// the constraint's own ON CONFLICT).
    pub(crate) fn unique_checks_of(
        &self,
        t: &Table,
        ins: &ast::Insert,
    ) -> Vec<(Option<Vec<usize>>, Option<ast::ConflictResolution>)> {
        let mut out = Vec::new();
        let pk: Vec<usize> = t.primary_key.iter().map(|p| p.0).collect();
        if t.without_rowid {
            out.push((Some(pk.clone()), t.pk_conflict));
        } else if insert_names_rowid(t, ins) {
            out.push((None, t.pk_conflict));
        }
        for ix in self.indexes_of(t) {
            if !ix.unique {
                continue;
            }
            let cols = ix.column_numbers();
            if t.without_rowid && cols.as_deref() == Some(pk.as_slice()) {
                continue;
            }
            out.push((cols, ix.on_conflict));
        }
        out
    }

    /// Whether resolving a conflict of the check on `cols` may write more rows.
    fn check_may_multi_write(
        &self,
        t: &Table,
        ins: &ast::Insert,
        cols: Option<&[usize]>,
        declared: Option<ast::ConflictResolution>,
    ) -> bool {
        if let Some(up) = ins
            .upsert
            .iter()
            .find(|u| super::dml::upsert_matches(t, u, cols))
        {
            return match &up.action {
                ast::UpsertAction::Nothing => false,
                ast::UpsertAction::Update { sets, .. } => self.upsert_update_needs(t, sets),
            };
        }
        ins.or_conflict.or(declared) == Some(ast::ConflictResolution::Replace)
    }

    /// Whether an upsert's UPDATE setting `sets` fires UPDATE triggers or needs FK work.
    fn upsert_update_needs(&self, t: &Table, sets: &[ast::Assignment]) -> bool {
        let (set, rowid_set) = set_columns(t, sets);
        let fires = self.triggers_of(t).iter().any(|tr| match &tr.def.event {
            ast::TriggerEvent::Update(of) => {
                of.is_empty()
                    || of
                        .iter()
                        .any(|c| t.column_index(&c.name).is_some_and(|i| set.contains(&i)))
            }
            _ => false,
        });
        fires || (self.fk.enabled && self.fk_update_touches(t, &set, rowid_set))
    }
}

/// Whether `ins` gives the rowid of a rowid table `t` (through its INTEGER PRIMARY KEY or a
/// rowid name); when not, the rowid is always a fresh one and its uniqueness is not checked.
pub(crate) fn insert_names_rowid(t: &Table, ins: &ast::Insert) -> bool {
    if t.without_rowid || matches!(ins.source, ast::InsertSource::DefaultValues) {
        return false;
    }
    if ins.columns.is_empty() {
        return t.rowid_alias.is_some();
    }
    ins.columns.iter().any(|c| {
        t.is_rowid_name(&c.name)
            || (t.rowid_alias.is_some() && t.column_index(&c.name) == t.rowid_alias)
    })
}

/// The columns of `t` an UPDATE's `sets` assign, and whether they assign the rowid.
pub(crate) fn set_columns(t: &Table, sets: &[ast::Assignment]) -> (Vec<usize>, bool) {
    let names = || sets.iter().flat_map(|a| a.columns.iter());
    let set = names().filter_map(|c| t.column_index(&c.name)).collect();
    (set, names().any(|c| t.is_rowid_name(&c.name)))
}

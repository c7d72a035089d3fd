//! SQLite's truncate optimization (lang_delete.html): `DELETE FROM t` with no WHERE, no
//! RETURNING, no ORDER BY/LIMIT, no DELETE triggers, and (with `foreign_keys` on) a table
//! that takes part in no foreign key, clears the table without visiting its rows. Ferrolite
//! still deletes row by row (the changes are counted the same), but EXPLAIN QUERY PLAN
//! follows sqlite3 3.40.1, which prints no plan rows for such a statement (and `SCAN t`
//! otherwise).

use crate::parser::ast;
use crate::schema::Table;

use super::Compiler;

impl Compiler<'_> {
    /// Whether sqlite3 would erase `t` for DELETE `d` without scanning it.
    pub(crate) fn is_truncate(&self, d: &ast::Delete, t: &Table) -> bool {
        let no_clauses = d.where_.is_none()
            && d.returning.is_empty()
            && d.order_by.is_empty()
            && d.limit.is_none();
        let delete_triggers = self
            .triggers_of(t)
            .iter()
            .any(|tr| matches!(tr.def.event, ast::TriggerEvent::Delete));
        let in_fk = self.fk.enabled
            && (!t.foreign_keys.is_empty() || !self.fk_referencing(&t.name).is_empty());
        no_clauses && !delete_triggers && !in_fk
    }
}

//! Which uniqueness constraints an UPDATE checks.
//!
//! sqlite3 checks, for an UPDATE, only the constraints the UPDATE may break: the rowid when
//! it changes, and the UNIQUE indexes that hold a changed column (all of them when the
//! rowid changes). The difference shows with OR REPLACE: a constraint that is not checked
//! compiles no REPLACE deletion, so no foreign-key work for the deleted row either, and a
//! parent key without a UNIQUE index ("foreign key mismatch") is then no error. Observed in
//! sqlite3 3.40.1: `UPDATE OR REPLACE p SET c = 1` succeeds where `SET b = 1` (b UNIQUE)
//! reports the mismatch (`tests/difftest/tests/fkw.rs`). An index is touched when a changed
//! column is named by its key, its expressions or its WHERE clause; indexes involving
//! generated columns are taken as touched.

use crate::parser::ast::{Expr, ExprKind};
use crate::schema::{Index, IndexedExpr, Table};

/// The columns an UPDATE being compiled sets, whether it changes the rowid, and the
/// trigger depth it is compiled at (a trigger body compiled inside its checks, e.g. for a
/// REPLACE delete, is not the UPDATE; `strict_gen.rs`).
#[derive(Debug, Clone, Default)]
pub(crate) struct UpdateScope {
    pub(crate) changed: Vec<usize>,
    pub(crate) rowid_changes: bool,
    pub(crate) trigger_depth: usize,
}

impl UpdateScope {
    /// Whether the rowid uniqueness check applies.
    pub(crate) fn checks_rowid(&self) -> bool {
        self.rowid_changes
    }

    /// Whether the UNIQUE index `ix` of `t` may be broken by the UPDATE: the rowid changes,
    /// or a changed column (or a generated column) is in its key, its expressions or its
    /// WHERE clause.
    pub(crate) fn checks_index(&self, t: &Table, ix: &Index) -> bool {
        if self.rowid_changes {
            return true;
        }
        let mut cols: Vec<usize> = Vec::new();
        for c in &ix.columns {
            match &c.expr {
                IndexedExpr::Column(i) => cols.push(*i),
                IndexedExpr::Expr(e) => cols.extend(referenced_columns(t, e)),
            }
        }
        if let Some(w) = &ix.partial {
            cols.extend(referenced_columns(t, w));
        }
        cols.iter().any(|c| {
            self.changed.contains(c) || t.columns.get(*c).is_some_and(|col| col.generated.is_some())
        })
    }
}

/// The column numbers of `t` that `e` names (unqualified or qualified by `t`).
fn referenced_columns(t: &Table, e: &Expr) -> Vec<usize> {
    let mut out = Vec::new();
    super::select::walk_pub(e, &mut |x| {
        if let ExprKind::Column { table, column, .. } = &x.kind {
            let same = table
                .as_ref()
                .is_none_or(|q| q.name.eq_ignore_ascii_case(&t.name));
            if let (true, Some(i)) = (same, t.column_index(&column.name)) {
                out.push(i);
            }
        }
        true
    });
    out
}

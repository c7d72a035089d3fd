//! When sqlite3 3.40.1 type-checks the STORED generated columns of a STRICT table.
//!
//! sqlite3 computes a row's generated columns before its constraint checks only when
//! something among those checks reads them; otherwise it computes them after, and its
//! STRICT datatype check (which sits among the constraint checks) does not see them. So a
//! STORED generated column whose value does not fit its declared type is an error only
//! when (asked with small scripts, see `tests/difftest/tests/ddlerr.rs`):
//!
//! | statement | generated columns computed early when                                   |
//! |-----------|--------------------------------------------------------------------------|
//! | INSERT    | the table has no rowid, a CHECK constraint or any index                   |
//! | UPDATE    | the table has no rowid; or a CHECK constraint reads a changed column; or  |
//! |           | an index must be rewritten (the rowid changes, or one of its columns,     |
//! |           | expressions or partial-index WHERE reads a changed column)                |
//!
//! When not computed early, the generated columns are computed just after the STRICT check
//! (so a datatype error wins over an error of a generated expression) and then get their
//! NOT NULL checks, before the uniqueness checks:
//!
//! ```text
//! early: generated ─▶ NOT NULL ─▶ STRICT (with STORED generated) ─▶ CHECK ─▶ ...
//! late:  NOT NULL (others) ─▶ STRICT (others) ─▶ generated ─▶ NOT NULL (generated) ─▶ ...
//! ```
//!
//! "Changed" columns are the SET columns plus the generated columns that read them
//! (transitively). A NOT NULL generated column plays no part, and VIRTUAL generated columns
//! are never type-checked by 3.40.1 (3.54 checks both kinds always).

use crate::parser::ast::Expr;
use crate::schema::{Index, IndexedExpr, Table};

/// The column numbers of `t` that `e` reads (by unqualified or `t.`-qualified name).
fn reads(t: &Table, e: &Expr) -> Vec<usize> {
    super::generated::referenced_columns_pub(t, e)
}

/// `changed` (an UPDATE's SET columns) with the generated columns that read them, to a
/// fixed point.
fn changed_closure(t: &Table, changed: &[usize]) -> Vec<usize> {
    let mut out = changed.to_vec();
    loop {
        let before = out.len();
        for (i, c) in t.columns.iter().enumerate() {
            if let Some(e) = &c.generated {
                if !out.contains(&i) && reads(t, e).iter().any(|r| out.contains(r)) {
                    out.push(i);
                }
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// Whether an UPDATE changing `changed` (closed under generated columns) must rewrite `ix`.
fn index_rewritten(t: &Table, ix: &Index, changed: &[usize], rowid_changes: bool) -> bool {
    if rowid_changes {
        return true;
    }
    let hit = |e: &Expr| reads(t, e).iter().any(|r| changed.contains(r));
    ix.columns.iter().any(|c| match &c.expr {
        IndexedExpr::Column(i) => changed.contains(i),
        IndexedExpr::Expr(e) => hit(e),
    }) || ix.partial.as_ref().is_some_and(hit)
}

/// Whether the STRICT check of the row being written covers `t`'s STORED generated columns.
/// `update`: the SET columns and whether the rowid may change; `None` for an INSERT.
pub(crate) fn stored_checked(
    t: &Table,
    indexes: &[std::sync::Arc<Index>],
    update: Option<(&[usize], bool)>,
) -> bool {
    if t.without_rowid {
        return true;
    }
    let Some((set, rowid_changes)) = update else {
        return !t.checks.is_empty() || !indexes.is_empty();
    };
    let changed = changed_closure(t, set);
    t.checks
        .iter()
        .any(|c| reads(t, &c.expr).iter().any(|r| changed.contains(r)))
        || indexes
            .iter()
            .any(|ix| index_rewritten(t, ix, &changed, rowid_changes))
}

impl super::Compiler<'_> {
    /// The UPDATE whose row checks are being compiled (`Compiler::update_set`), if any.
    pub(crate) fn update_ctx(&self) -> Option<(Vec<usize>, bool)> {
        match &self.update_set {
            Some((depth, c, r)) if *depth == self.in_trigger => Some((c.clone(), *r)),
            _ => None,
        }
    }

    /// Whether `t`'s generated columns are computed after the NOT NULL checks of its other
    /// columns and the STRICT check, rather than before all checks (see the module header;
    /// with triggers they are always computed first).
    pub(crate) fn generated_late(&self, t: &Table, update: Option<(Vec<usize>, bool)>) -> bool {
        t.has_generated()
            && self.triggers_of(t).is_empty()
            && !stored_checked(
                t,
                &self.indexes_of(t),
                update.as_ref().map(|(c, r)| (c.as_slice(), *r)),
            )
    }
}

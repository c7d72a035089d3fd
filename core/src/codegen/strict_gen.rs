//! Where sqlite3 3.40.1 computes and type-checks the generated columns of a table it
//! writes (asked with small scripts, see `tests/difftest/tests/ddlerr.rs`).
//!
//! Without triggers, a row of a table with generated columns is checked in this order:
//!
//! ```text
//! STRICT (ordinary columns) ─▶ compute generated ─▶ NOT NULL (all) ─▶ [STRICT of STORED: A]
//!   ─▶ CHECK ─▶ rowid ─▶ [STRICT of STORED: B] ─▶ UNIQUE ─▶ FK ─▶ write
//! ```
//!
//! so a datatype error of an ordinary column wins over an error raised by a generated
//! expression (`abs(-9223372036854775808)`), which wins over NOT NULL and rowid conflicts.
//! The STRICT check of STORED generated columns happens at A, at B or not at all:
//!
//! | point | INSERT                        | UPDATE                                          |
//! |-------|-------------------------------|-------------------------------------------------|
//! | A     | no rowid, or a CHECK          | no rowid, or a CHECK that reads a changed column |
//! | B     | else, when there is an index  | else, when an index must be rewritten (the rowid |
//! |       |                               | changes, or its columns, expressions or WHERE    |
//! |       |                               | read a changed column)                           |
//!
//! "Changed" columns are the SET columns plus the generated columns that read them
//! (transitively). A NOT NULL generated column plays no part, and VIRTUAL generated columns
//! are never type-checked by 3.40.1 (3.54 checks both kinds always). With triggers the
//! generated columns are computed before the BEFORE triggers (`check_order.rs`) and the
//! STORED ones checked with the others when [`stored_checked`] says so.

use crate::parser::ast::Expr;
use crate::schema::{Index, IndexedExpr, Table};
use crate::vdbe::insn::{Insn, Reg};

/// The column numbers of `t` that `e` reads (by unqualified or `t.`-qualified name).
fn reads(t: &Table, e: &Expr) -> Vec<usize> {
    super::generated::referenced_columns_pub(t, e)
}

/// `changed` (an UPDATE's SET columns) with the generated columns that read them, to a
/// fixed point.
pub(crate) fn changed_closure(t: &Table, changed: &[usize]) -> Vec<usize> {
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

/// Where the STRICT check of STORED generated columns happens (see the module header).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoredCheck {
    Never,
    BeforeChecks,
    AfterRowid,
}

/// The point of `t`'s STORED generated columns' STRICT check. `update`: the SET columns and
/// whether the rowid may change; `None` for an INSERT.
fn stored_point(
    t: &Table,
    indexes: &[std::sync::Arc<Index>],
    update: Option<(&[usize], bool)>,
) -> StoredCheck {
    if t.without_rowid {
        return StoredCheck::BeforeChecks;
    }
    let (checks, index) = match update {
        None => (!t.checks.is_empty(), !indexes.is_empty()),
        Some((set, rowid_changes)) => {
            let changed = changed_closure(t, set);
            let checks = t
                .checks
                .iter()
                .any(|c| reads(t, &c.expr).iter().any(|r| changed.contains(r)));
            let index = indexes
                .iter()
                .any(|ix| index_rewritten(t, ix, &changed, rowid_changes));
            (checks, index)
        }
    };
    match (checks, index) {
        (true, _) => StoredCheck::BeforeChecks,
        (false, true) => StoredCheck::AfterRowid,
        (false, false) => StoredCheck::Never,
    }
}

/// Whether the STRICT check of the row being written covers `t`'s STORED generated columns
/// at some point.
pub(crate) fn stored_checked(
    t: &Table,
    indexes: &[std::sync::Arc<Index>],
    update: Option<(&[usize], bool)>,
) -> bool {
    stored_point(t, indexes, update) != StoredCheck::Never
}

impl super::Compiler<'_> {
    /// The UPDATE whose row checks are being compiled (`Compiler::update_scope`), if any.
    pub(crate) fn update_ctx(&self) -> Option<(Vec<usize>, bool)> {
        match &self.update_scope {
            Some(s) if s.trigger_depth == self.in_trigger => {
                Some((s.changed.clone(), s.rowid_changes))
            }
            _ => None,
        }
    }

    /// Whether the row checks compute `t`'s generated columns (no triggers on `t`; else the
    /// caller computes them before the BEFORE triggers).
    pub(crate) fn generated_in_checks(&self, t: &Table) -> bool {
        t.has_generated() && self.triggers_of(t).is_empty()
    }

    /// Where the row checks of the statement being compiled type-check `t`'s STORED
    /// generated columns.
    pub(crate) fn stored_check_point(&self, t: &Table) -> StoredCheck {
        let update = self.update_ctx();
        stored_point(
            t,
            &self.indexes_of(t),
            update.as_ref().map(|(c, r)| (c.as_slice(), *r)),
        )
    }

    /// The STRICT check placed after the rowid's uniqueness check: of the STORED generated
    /// columns when the row checks computed them (`gen`), else of the whole row.
    pub(crate) fn late_strict_check(&mut self, t: &Table, cols: Reg, gen: bool) {
        if gen {
            self.strict_check_part(t, cols, true);
        } else {
            self.strict_check(t, cols);
        }
    }

    /// A STRICT table's datatype check of the row in r[cols..]: its ordinary columns, or
    /// (`stored`) its STORED generated columns.
    pub(crate) fn strict_check_part(&mut self, t: &Table, cols: Reg, stored: bool) {
        let columns: Vec<_> = t
            .strict_checks(true)
            .into_iter()
            .filter(|c| t.columns[c.offset].generated.is_some() == stored)
            .collect();
        if !columns.is_empty() {
            self.b.emit(Insn::TypeCheck {
                start: cols,
                table: t.name.clone(),
                columns,
            });
        }
    }
}

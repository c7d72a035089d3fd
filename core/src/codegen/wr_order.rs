//! The order in which an UPDATE or DELETE of a WITHOUT ROWID table visits its rows.
//!
//! The first pass (`collect_rowids` in `dml.rs`) scans the table or one of its indexes and
//! collects the primary keys of the rows to change; the second pass changes them. sqlite3
//! 3.40.1 does the same in one of two ways, and the difference shows in the order of
//! trigger bodies, RETURNING rows and which row fails first under OR FAIL:
//!
//! - one pass: each row is changed as the scan reaches it, so rows go in *scan order*
//!   (a covering index scan visits them in that index's order);
//! - two passes: the keys go into an ephemeral *index* keyed like the primary key, so rows
//!   go in *primary-key order* whatever the scan read.
//!
//! Observed with sqlite3 (EXPLAIN QUERY PLAN plus a CHECK failing under OR FAIL, trigger
//! logs, RETURNING; pinned by `tests/difftest/tests/wrorder.rs`): an UPDATE takes two passes
//! when an UPDATE trigger fires for its SET columns, it has RETURNING, it sets a key column, it sets a column of the index its scan reads, it sets a column of a foreign key
//! (either side, foreign keys on), it sets a column of a UNIQUE index whose conflicts
//! REPLACE resolves, it has a LIMIT, or its WHERE is an OR of index lookups.
//! A DELETE whose order shows (triggers, RETURNING) always takes two passes; without them
//! the order does not show, so DELETE always collects in primary-key order here.
//!
//! Rowid tables follow the same rule with the rowid as the key: the second pass of the
//! two-pass form reads a RowSet (rowid order); the one-pass form meets the rows in the
//! order of the index its loop searches (it never scans a covering index there), so only
//! then are the rowids kept in scan order, in an ephemeral table.

use crate::parser::ast::{self, ConflictResolution as Cr};
use crate::planner::plan::Access;
use crate::schema::Table;

use super::trigger::{fires_for, Event};
use super::Compiler;

/// How the keys of a WITHOUT ROWID UPDATE/DELETE are ordered for the second pass.
#[derive(Clone, Debug)]
pub(crate) enum KeyOrder {
    /// Primary-key order (sqlite3's two-pass form).
    Pk,
    /// Scan order, unless the scan reads an index holding one of these (SET) columns or is
    /// an OR of lookups: then primary-key order.
    ScanUnlessSets(Vec<usize>),
}

impl KeyOrder {
    /// Whether keys collected by a first-pass loop reading `access` go in primary-key order.
    pub(crate) fn pk_order(&self, access: Option<&Access>) -> bool {
        let set = match self {
            KeyOrder::Pk => return true,
            KeyOrder::ScanUnlessSets(set) => set,
        };
        let index = match access {
            Some(Access::IndexScan { index })
            | Some(Access::IndexEq { index, .. })
            | Some(Access::IndexIn { index, .. })
            | Some(Access::IndexOrder { index, .. }) => index,
            Some(Access::MultiOr { .. }) => return true,
            _ => return false,
        };
        index.columns.iter().any(|ic| match ic.expr {
            crate::schema::IndexedExpr::Column(c) => set.contains(&c),
            // An expression may read any column.
            _ => true,
        })
    }
}

impl KeyOrder {
    /// Whether the rowids of a rowid table, collected by a first-pass loop reading
    /// `access`, go in scan order: a one-pass UPDATE whose loop searches an index. (sqlite3
    /// does not read a rowid table's UPDATE through a covering index scan; every other
    /// loop meets the rows in rowid order anyway.)
    pub(crate) fn rowid_scan_order(&self, access: Option<&Access>) -> bool {
        matches!(
            access,
            Some(Access::IndexEq { .. }) | Some(Access::IndexIn { .. })
        ) && !self.pk_order(access)
    }
}

impl Compiler<'_> {
    /// The key order of UPDATE `u` of WITHOUT ROWID table `t` setting columns `changed`.
    pub(crate) fn update_key_order(
        &self,
        t: &Table,
        u: &ast::Update,
        changed: &[usize],
    ) -> KeyOrder {
        let fires = self
            .triggers_of(t)
            .iter()
            .any(|tr| fires_for(t, &tr.def, Event::Update, changed));
        // The key: the primary key of a WITHOUT ROWID table, else the rowid (a PRIMARY KEY
        // that is not INTEGER is only a UNIQUE index there).
        let (_, rowid_set) = super::multi_write::set_columns(t, &u.sets);
        let sets_key = if t.without_rowid {
            t.primary_key.iter().any(|(c, _)| changed.contains(c))
        } else {
            rowid_set || t.rowid_alias.is_some_and(|a| changed.contains(&a))
        };
        let fk = self.fk.enabled && self.fk_update_touches(t, changed, rowid_set);
        let replaces = self.update_replaces(t, u.or_conflict, changed);
        if fires || sets_key || fk || replaces || !u.returning.is_empty() || u.limit.is_some() {
            KeyOrder::Pk
        } else {
            KeyOrder::ScanUnlessSets(changed.to_vec())
        }
    }

    /// Whether a uniqueness check of an UPDATE of `t` setting `changed` under `or` may be
    /// resolved by REPLACE (the OR clause, else the index's ON CONFLICT). The rows REPLACE
    /// deletes could be ones a one-pass scan has yet to meet, so sqlite3 takes two passes
    /// (3.40.1: `UPDATE OR REPLACE p SET b = 'a' WHERE id > 1.5` searching the index on
    /// `id` changes the rows in rowid order, so the last one keeps `b`; writes seed 7439).
    fn update_replaces(&self, t: &Table, or: Option<Cr>, changed: &[usize]) -> bool {
        self.indexes_of(t).iter().any(|ix| {
            ix.unique
                && or.or(ix.on_conflict) == Some(Cr::Replace)
                && ix
                    .column_numbers()
                    .is_none_or(|cs| cs.iter().any(|c| changed.contains(c)))
        })
    }
}

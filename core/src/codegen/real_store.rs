//! Which record fields get SQLite's REAL-column compaction (`value::real_store`): a
//! whole-number REAL in a REAL-affinity column is stored as an integer. After each table or
//! index record a write builds, [`Compiler::compact_real`] emits `CompactReal` naming those
//! fields (nothing when there are none). Ephemeral tables and sorters never get it.
//!
//! | record                    | compacted fields                                        |
//! |---------------------------|---------------------------------------------------------|
//! | table row (rowid / WITHOUT ROWID) | the storage position of each stored REAL column  |
//! | index entry               | key fields that are plain REAL columns, then the REAL primary-key columns of a WITHOUT ROWID table's locator |
//!
//! Reading applies `RealAffinity` after `Column` (`expr.rs`), so the value reads back REAL.

use crate::schema::{Index, IndexedExpr, Table};
use crate::value::affinity::Affinity;
use crate::vdbe::insn::{Insn, Reg};

use super::Compiler;

fn is_real(t: &Table, c: usize) -> bool {
    t.columns
        .get(c)
        .is_some_and(|c| c.affinity == Affinity::Real)
}

/// Fields of `t`'s row record that hold REAL columns.
pub(crate) fn table_fields(t: &Table) -> Vec<usize> {
    (0..t.columns.len())
        .filter(|&c| is_real(t, c) && !t.columns[c].is_virtual() && t.rowid_alias != Some(c))
        .map(|c| t.storage_pos(c))
        .collect()
}

/// Fields of an entry of index `ix` on `t` that hold REAL columns: key columns that are
/// plain columns, and the locator's primary-key columns of a WITHOUT ROWID table.
pub(crate) fn index_fields(t: &Table, ix: &Index) -> Vec<usize> {
    let n = ix.columns.len();
    let key = ix
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c.expr {
            IndexedExpr::Column(ci) if is_real(t, ci) => Some(i),
            _ => None,
        });
    let pk = t
        .primary_key
        .iter()
        .enumerate()
        .filter(|(_, (c, _))| t.without_rowid && is_real(t, *c))
        .map(|(k, _)| n + k);
    key.chain(pk).collect()
}

impl Compiler<'_> {
    /// Emits `ClearIntReal` before the record of a GROUP BY or window sorter row (or a
    /// DISTINCT sqlite3 runs as a GROUP BY): its int-real values (regmeta rule 7) become
    /// plain REALs, stored as floats: sqlite3's GROUP BY and window rows read back REAL
    /// where its ORDER BY rows read back an INTEGER (`g REAL AS (a * b) VIRTUAL`).
    pub(crate) fn plain_reals(&mut self, start: Reg, count: usize) {
        self.b.emit(Insn::ClearIntReal { start, count });
    }

    /// Emits `RealAffinity` on r[reg] when it holds column `c` of `t`, read from a record
    /// with `Column` (a REAL column's value may be stored as an integer).
    pub(crate) fn real_affinity_col(&mut self, t: &Table, c: usize, reg: Reg) {
        if is_real(t, c) {
            self.b.emit(Insn::RealAffinity { reg });
        }
    }

    /// Emits the compaction of `fields` of the record in r[rec], if any.
    pub(crate) fn compact_real(&mut self, rec: Reg, fields: Vec<usize>) {
        if !fields.is_empty() {
            self.b.emit(Insn::CompactReal {
                record: rec,
                fields,
            });
        }
    }
}

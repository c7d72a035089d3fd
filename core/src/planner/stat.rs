//! `sqlite_stat1` as the planner reads it (fileformat2.html#stat1tab, optoverview.html).
//!
//! Each row is `(tbl, idx, stat)`: `stat` is `"nRow avg1 avg2 ..."`, the b-tree's entries and,
//! for K = 1.., the average number of entries sharing one value of the index's first K
//! columns; trailing words (`unordered`, `noskipscan`, `sz=N`) are ignored. `idx` is NULL for
//! a table without indexes, and the table's own name for a WITHOUT ROWID primary key. The
//! rows are read when the schema is loaded (ANALYZE makes the schema reload) and kept per
//! database in [`crate::schema::Schema::stat1`].
//!
//! The planner uses them for single-table index choice: among indexes with an equality
//! prefix, the one whose prefix leaves the fewest rows per key wins (the longer prefix on a
//! tie), as in SQLite, and a table's `nRow` replaces the default row estimate.

use std::collections::HashMap;

/// The statistics of one database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stat1 {
    /// Keyed by lower-case index name (or table name for a WITHOUT ROWID primary key):
    /// `[nRow, avg1, avg2, ...]`.
    pub indexes: HashMap<String, Vec<u64>>,
    /// Keyed by lower-case table name: its rows (from any of its stat rows).
    pub tables: HashMap<String, u64>,
}

impl Stat1 {
    /// Adds one `sqlite_stat1` row; rows with an unreadable `stat` are skipped.
    pub(crate) fn add(&mut self, tbl: &str, idx: Option<&str>, stat: &str) {
        let nums: Vec<u64> = stat
            .split_ascii_whitespace()
            .map_while(|w| w.parse::<u64>().ok())
            .collect();
        let Some(&rows) = nums.first() else { return };
        self.tables.insert(tbl.to_ascii_lowercase(), rows);
        if let Some(i) = idx {
            self.indexes.insert(i.to_ascii_lowercase(), nums);
        }
    }

    /// `[nRow, avg1, ...]` of index `name`, if analyzed.
    pub(crate) fn index(&self, name: &str) -> Option<&Vec<u64>> {
        self.indexes.get(&name.to_ascii_lowercase())
    }

    /// The rows of table `name`, if analyzed.
    pub(crate) fn table_rows(&self, name: &str) -> Option<u64> {
        self.tables.get(&name.to_ascii_lowercase()).copied()
    }
}

/// Estimated rows per key once the first `n` (>= 1) columns of an index with statistics
/// `stat` are held equal: `avgN`, or the last average given when the index has fewer.
pub(crate) fn rows_per_key(stat: &[u64], n: usize) -> Option<f64> {
    let avgs = stat.get(1..)?;
    let a = avgs.get(n.saturating_sub(1)).or(avgs.last())?;
    Some((*a).max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_ignores_trailing_words() {
        let mut s = Stat1::default();
        s.add("T", Some("I"), "1000 50 2 unordered noskipscan sz=12");
        s.add("u", None, "7");
        s.add("v", Some("j"), "x y");
        assert_eq!(s.index("i"), Some(&vec![1000, 50, 2]));
        assert_eq!(s.table_rows("t"), Some(1000));
        assert_eq!(s.table_rows("U"), Some(7));
        assert_eq!(s.index("j"), None);
        assert_eq!(rows_per_key(&[1000, 50, 2], 1), Some(50.0));
        assert_eq!(rows_per_key(&[1000, 50, 2], 3), Some(2.0));
        assert_eq!(rows_per_key(&[1000], 1), None);
    }
}

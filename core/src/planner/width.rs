//! Row-width estimates for choosing what a full scan reads, as sqlite3 3.40.1 does.
//!
//! Each column gets an estimated size from its declared type (1 = an integer; see
//! [`column_size`]): TEXT, BLOB, CLOB count 5, `VARCHAR(N)` `N/4 + 1`; no type, INTEGER,
//! REAL, NUMERIC count 1. A table row is the sum over its columns (plus 1
//! for the rowid unless a column aliases it); an index row the sum over its key columns plus
//! 1 for the trailing rowid (1 too for an expression). Both are compared as `LogEst(4 × sum)`.
//! A covering index is scanned instead of the table only when its row is narrower, and among
//! covering indexes the one with the lowest cost `1 + 15 × idx / tab` (integer division) wins.

use crate::schema::{Index, IndexedExpr, Table};

/// The estimated size of a column of declared type `decl` (None = no type), measured with
/// sqlite3's EXPLAIN QUERY PLAN: the type is read as for its affinity (datatype3.html §3.1);
/// a TEXT or BLOB affinity counts 5 (about 20 bytes), except that after `CHAR`, or a `BLOB`
/// directly followed by `(`, the first number `N` further on gives `N/4 + 1` (1 when none,
/// so a bare `VARCHAR` counts 1); any other affinity counts 1.
pub(crate) fn column_size(decl: Option<&str>) -> u32 {
    let Some(t) = decl else { return 1 };
    let up = t.to_ascii_uppercase();
    let b = up.as_bytes();
    #[derive(PartialEq)]
    enum Aff {
        Numeric,
        Real,
        Text,
        Blob,
    }
    let mut aff = Aff::Numeric;
    let mut size_from: Option<usize> = None;
    for i in 0..b.len() {
        let w = &b[i.saturating_sub(3)..=i];
        if w.ends_with(b"INT") {
            return 1;
        }
        match w {
            b"CHAR" => {
                aff = Aff::Text;
                size_from = Some(i + 1);
            }
            b"CLOB" | b"TEXT" => aff = Aff::Text,
            b"BLOB" if matches!(aff, Aff::Numeric | Aff::Real) => {
                aff = Aff::Blob;
                if b.get(i + 1) == Some(&b'(') {
                    size_from = Some(i + 1);
                }
            }
            b"REAL" | b"FLOA" | b"DOUB" if aff == Aff::Numeric => aff = Aff::Real,
            _ => {}
        }
    }
    if !matches!(aff, Aff::Text | Aff::Blob) {
        return 1;
    }
    let Some(from) = size_from else { return 5 };
    let n: u64 = b[from..]
        .iter()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .fold(0u64, |n, c| (n * 10 + u64::from(c - b'0')).min(1 << 32));
    (n / 4 + 1).min(255) as u32
}

/// SQLite's logarithmic estimate: about `10 × log2(x)`.
pub(crate) fn log_est(mut x: u64) -> i32 {
    const A: [i32; 8] = [0, 2, 3, 5, 6, 7, 8, 9];
    let mut y = 40;
    if x < 8 {
        if x < 2 {
            return 0;
        }
        while x < 8 {
            y -= 10;
            x <<= 1;
        }
    } else {
        while x > 255 {
            y += 40;
            x >>= 4;
        }
        while x > 15 {
            y += 10;
            x >>= 1;
        }
    }
    A[(x & 7) as usize] + y - 10
}

/// The per-column sizes of `t`.
pub(crate) fn column_sizes(t: &Table) -> Vec<u32> {
    t.columns
        .iter()
        .map(|c| column_size(c.decl_type.as_deref()))
        .collect()
}

/// `LogEst` of a rowid table's row width.
pub(crate) fn table_width(sizes: &[u32], rowid_alias: Option<usize>) -> i32 {
    let sum: u32 = sizes.iter().sum::<u32>() + u32::from(rowid_alias.is_none());
    log_est(u64::from(sum) * 4)
}

/// `LogEst` of an index row's width on a rowid table.
pub(crate) fn index_width(sizes: &[u32], ix: &Index) -> i32 {
    let keys: u32 = ix
        .columns
        .iter()
        .map(|c| match c.expr {
            IndexedExpr::Column(i) => sizes.get(i).copied().unwrap_or(1),
            _ => 1,
        })
        .sum();
    log_est(u64::from(keys + 1) * 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_sizes_follow_declared_types() {
        assert_eq!(column_size(None), 1);
        assert_eq!(column_size(Some("INTEGER")), 1);
        assert_eq!(column_size(Some("REAL")), 1);
        assert_eq!(column_size(Some("NUMERIC")), 1);
        assert_eq!(column_size(Some("TEXT")), 5);
        assert_eq!(column_size(Some("BLOB")), 5);
        assert_eq!(column_size(Some("CLOB")), 5);
        assert_eq!(column_size(Some("TEXT(40)")), 5);
        assert_eq!(column_size(Some("BLOB(40)")), 11);
        assert_eq!(column_size(Some("CHAR")), 1);
        assert_eq!(column_size(Some("VARCHAR")), 1);
        assert_eq!(column_size(Some("STRING")), 1);
        assert_eq!(column_size(Some("NATIVE CHARACTER(70)")), 18);
        assert_eq!(column_size(Some("VARCHAR(40)")), 11);
        assert_eq!(column_size(Some("CHARINT(400)")), 1);
        assert_eq!(column_size(Some("VARCHAR(5000)")), 255);
    }

    #[test]
    fn log_est_matches_sqlite() {
        assert_eq!(log_est(1), 0);
        assert_eq!(log_est(2), 10);
        assert_eq!(log_est(4), 20);
        assert_eq!(log_est(8), 30);
        assert_eq!(log_est(12), 36);
        assert_eq!(log_est(100), 66);
    }
}

//! Part "writes2": write statements compared with the system sqlite3 — the ON CONFLICT
//! target of an upsert (`core/src/codegen/upsert_target.rs`) and the rowid's check.

use ferrolite_difftest::assert_script_matches;

/// An INSERT that gives the rowid of a table without an INTEGER PRIMARY KEY checks the
/// rowid's uniqueness, before the UNIQUE indexes, as for an INTEGER PRIMARY KEY: we left it
/// to the final write, so `UNIQUE constraint failed: q.b` came instead of `q.rowid`, INSERT
/// OR IGNORE overwrote the existing row, and ON CONFLICT DO UPDATE replaced the row instead
/// of updating it (found while testing `ON CONFLICT(rowid)` targets).
#[test]
fn explicit_rowid_of_a_table_without_ipk_is_checked() {
    assert_script_matches(
        "CREATE TABLE q(b UNIQUE, c);
CREATE TABLE r(b, c);
INSERT INTO q VALUES(1, 2);
INSERT INTO r VALUES(1, 2);
INSERT INTO q(rowid, b, c) VALUES(1, 1, 6);
INSERT OR IGNORE INTO q(rowid, b, c) VALUES(1, 7, 6);
INSERT INTO q(rowid, b, c) VALUES(1, 5, 6) ON CONFLICT DO UPDATE SET c = 40;
INSERT INTO r(rowid, b, c) VALUES(1, 5, 6) ON CONFLICT DO UPDATE SET c = 41;
INSERT INTO r(rowid, b, c) VALUES(1, 5, 6);
INSERT INTO r(oid, b, c) SELECT 2, 7, 8 UNION ALL SELECT 2, 9, 9;
SELECT rowid, * FROM q;
SELECT rowid, * FROM r;
INSERT OR REPLACE INTO q(rowid, b, c) VALUES(1, 8, 6);
INSERT OR REPLACE INTO q(_rowid_, b, c) VALUES(2, 8, 7);
SELECT rowid, * FROM q;",
    );
}

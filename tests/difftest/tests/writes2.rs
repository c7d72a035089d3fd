//! Part "writes2": write statements compared with the system sqlite3 — the ON CONFLICT
//! target of an upsert (`core/src/codegen/upsert_target.rs`) and the rowid's check.

use ferrolite_difftest::assert_script_matches;

/// An ON CONFLICT target's columns may be qualified as in a query — `p.a`, `main.p.a`, or
/// `x.a` under `INSERT INTO p AS x` — and still name the key; a rowid name is the rowid's
/// check, with or without an INTEGER PRIMARY KEY. We reported "ON CONFLICT clause does not
/// match any PRIMARY KEY or UNIQUE constraint" for all of these (found while checking the
/// targets of writes seed 52675).
#[test]
fn upsert_target_qualified_names_match_the_key() {
    assert_script_matches(
        "CREATE TABLE p(a INTEGER PRIMARY KEY, b UNIQUE, c);
CREATE TABLE q(b UNIQUE, c);
INSERT INTO p VALUES(1, 2, 3);
INSERT INTO p VALUES(1, 5, 6) ON CONFLICT(p.a) DO UPDATE SET c = 10;
INSERT INTO p AS x VALUES(7, 2, 8) ON CONFLICT(x.b) DO UPDATE SET c = x.c + 1;
INSERT INTO p AS x VALUES(7, 2, 8) ON CONFLICT(main.x.b) DO UPDATE SET c = excluded.c;
INSERT INTO p VALUES(9, 2, 8) ON CONFLICT(main.p.b) DO UPDATE SET c = 20;
INSERT INTO p AS x VALUES(9, 2, 8) ON CONFLICT(p.b) DO NOTHING;
INSERT INTO p VALUES(9, 2, 8) ON CONFLICT(temp.p.b) DO NOTHING;
INSERT INTO p VALUES(1, 3, 8) ON CONFLICT(rowid) DO UPDATE SET c = 30;
INSERT INTO p VALUES(1, 3, 8) ON CONFLICT(p._rowid_) DO UPDATE SET c = 31;
INSERT INTO q VALUES(1, 2) ON CONFLICT(rowid) DO NOTHING;
INSERT INTO q(rowid, b, c) VALUES(1, 5, 6) ON CONFLICT(oid) DO UPDATE SET c = 40;
SELECT * FROM p;
SELECT rowid, * FROM q;",
    );
}

/// The functions in an ON CONFLICT target are resolved before the target is matched: an
/// unknown function, a wrong argument count, an aggregate or a window function is an
/// error, the last in the expression winning unless an unknown column ends the walk first;
/// we reported "does not match any PRIMARY KEY or UNIQUE constraint" or ignored them.
#[test]
fn upsert_target_functions_are_resolved() {
    assert_script_matches(
        "CREATE TABLE p(a INTEGER PRIMARY KEY, b UNIQUE, c, d);
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE foo(d) > 0 DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE foo(d) > bar(d) DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE foo(zz) DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE max(d) > zz DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE max(d) > 0 DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE count(*) > 0 DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE abs(d, 1) > 0 DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE row_number() OVER () > 0 DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(foo(b)) WHERE bar(d) DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(max(b)) DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(abs(b)) DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(b) WHERE abs(d) > 0 DO NOTHING;
INSERT INTO p VALUES(1, 2, 3, 4) ON CONFLICT(c) WHERE foo(d) DO NOTHING ON CONFLICT DO NOTHING;
SELECT * FROM p;",
    );
}

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

/// A WITHOUT ROWID table's rows written before `ALTER TABLE ... ADD COLUMN` lack the new
/// column, which reads as its default; read through the primary key's index (a key search,
/// a covering read) we gave NULL (writes seed 54207: `SELECT e0 FROM w WHERE k1 = ''`).
#[test]
fn without_rowid_added_column_reads_its_default_through_the_key() {
    assert_script_matches(
        "CREATE TABLE w(k1 NUMERIC, k2, v, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
INSERT INTO w VALUES('', 1, 2), (3, 4, 5);
ALTER TABLE w ADD COLUMN e0 INTEGER DEFAULT 5;
ALTER TABLE w ADD COLUMN e1 REAL DEFAULT 7;
SELECT e0, e1 FROM w WHERE k1 = '';
SELECT e0, e1, typeof(e1) FROM w WHERE k1 = 3 AND k2 = 4;
SELECT k1, e0 FROM w ORDER BY k1 DESC;
UPDATE w SET v = v + 1 WHERE k1 = '';
SELECT * FROM w;
CREATE INDEX w_e ON w(e0);
SELECT k1, e0 FROM w WHERE e0 = 5;
UPDATE w SET e0 = e0 + 1 WHERE k1 = 3 RETURNING e0;
DELETE FROM w WHERE k1 = '' RETURNING e0, e1;
SELECT * FROM w;",
    );
}

/// A parent key column dropped by ALTER TABLE DROP COLUMN is never set by an UPDATE of the
/// parent, so the UPDATE (and an upsert's DO UPDATE) runs without the "foreign key
/// mismatch" that a DELETE or a multi-row INSERT still reports (writes seed 60787).
#[test]
fn update_of_parent_ignores_fk_to_dropped_column() {
    assert_script_matches(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a TEXT, b NOT NULL, c UNIQUE);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(a), v);
INSERT INTO p(id, b, c) VALUES(1, 1, '1');
INSERT INTO p(id, b, c) VALUES(2, 2, '2');
ALTER TABLE p DROP COLUMN a;
UPDATE p SET b = 2;
UPDATE p SET id = id + 10;
INSERT INTO p(id, b, c) VALUES(0, 1, '1') ON CONFLICT(c) DO UPDATE SET b = 3;
INSERT INTO p(id, c) VALUES(0, '1') ON CONFLICT(c) DO UPDATE SET b = NULL;
SELECT * FROM p;
INSERT INTO p(id, b, c) VALUES(3, 1, '3'), (4, 1, '4');
DELETE FROM p WHERE id = 11;
INSERT INTO c VALUES(1, 1, 1);
SELECT * FROM p;",
    );
}

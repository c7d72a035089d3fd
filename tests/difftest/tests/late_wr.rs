//! WITHOUT ROWID UPDATEs that stop or skip a row (issue 3, writes mode): UPDATE OR FAIL must
//! keep the row it failed on (the old entries are written back before the error), and a row
//! that OR IGNORE skips counts no change. Each statement's rows or error compared with the
//! system sqlite3.

use ferrolite_difftest::assert_script_matches;

const W: &str = "
CREATE TABLE w(k1 TEXT, k2 COLLATE NOCASE, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE INDEX wv ON w(v);
INSERT INTO w(k1, k2, v) VALUES(0, 1.5, 1), (-1, 2.0, NULL);
";

fn with_w(body: &str) -> String {
    format!("{W}\n{body}")
}

/// Seed 1122: the second row's new `u` conflicts; the first row's change stays, the second
/// row stays as it was (it was lost).
#[test]
fn update_or_fail_changing_the_key_keeps_the_failed_row() {
    assert_script_matches(&with_w(
        "
UPDATE OR FAIL w SET k1 = '', u = coalesce(u, 3) WHERE k2 = k2;
SELECT changes(), total_changes();
SELECT * FROM w;
SELECT k1, k2 FROM w WHERE v = 1;
SELECT count(*) FROM w WHERE u IS NULL;
PRAGMA integrity_check;
",
    ));
}

#[test]
fn update_or_fail_keeping_the_key_keeps_the_failed_row() {
    assert_script_matches(&with_w(
        "
UPDATE w SET u = v;
UPDATE OR FAIL w SET u = 7, v = v + 1;
SELECT changes();
SELECT * FROM w ORDER BY k1;
SELECT k1 FROM w WHERE v = 2;
PRAGMA integrity_check;
",
    ));
}

#[test]
fn fail_from_not_null_and_check() {
    assert_script_matches(
        "
CREATE TABLE t(a, b NOT NULL, c CHECK(c < 10), PRIMARY KEY(a)) WITHOUT ROWID;
INSERT INTO t VALUES(1, 1, 1), (2, 2, 2), (3, 3, 3);
UPDATE OR FAIL t SET a = a + 10, b = CASE a WHEN 2 THEN NULL ELSE b END;
SELECT changes();
SELECT * FROM t ORDER BY a;
UPDATE OR FAIL t SET c = c * 4;
SELECT changes();
SELECT * FROM t ORDER BY a;
PRAGMA integrity_check;
",
    );
}

/// A column's own `ON CONFLICT FAIL` (no OR clause on the UPDATE).
#[test]
fn fail_from_a_unique_column_conflict_clause() {
    assert_script_matches(
        "
CREATE TABLE t(a PRIMARY KEY, d UNIQUE ON CONFLICT FAIL) WITHOUT ROWID;
INSERT INTO t VALUES(1, 1), (2, 2), (3, 3);
UPDATE t SET d = 2, a = -a WHERE a = 3;
SELECT changes();
SELECT * FROM t ORDER BY a;
UPDATE t SET d = 1 WHERE a = 2;
SELECT * FROM t ORDER BY a;
SELECT a FROM t WHERE d = 3;
PRAGMA integrity_check;
",
    );
}

/// Seed 2839: rows OR IGNORE skips change nothing, and changes() says so.
#[test]
fn update_or_ignore_counts_no_skipped_row() {
    assert_script_matches(&with_w(
        "
UPDATE w SET u = 5 WHERE k1 = '0';
UPDATE OR IGNORE w SET v = 'b', k2 = 9, u = 5;
SELECT changes(), total_changes();
SELECT * FROM w ORDER BY k1;
UPDATE OR IGNORE w SET u = 5;
SELECT changes();
SELECT * FROM w ORDER BY k1;
PRAGMA integrity_check;
",
    ));
}

/// Seeds 2805, 2788, 2671: an INSERT's UNIQUE index check finds an entry whose rowid is the
/// new row's. That entry is another row (the new one is not stored yet): its conflict goes to
/// the ON CONFLICT target or fails, before the rowid's own check.
#[test]
fn insert_unique_conflict_with_the_same_rowid() {
    assert_script_matches(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, b, c UNIQUE DEFAULT 3);
INSERT INTO p(c, id) VALUES(3, 1);
INSERT INTO p(b, id) VALUES('A', 1) ON CONFLICT(c) DO NOTHING;
SELECT * FROM p;
INSERT INTO p(b, id) VALUES('A', 1) ON CONFLICT(c) DO UPDATE SET b = 'b' WHERE 0;
SELECT changes();
INSERT INTO p(b, id) VALUES('A', 1) ON CONFLICT(c) DO UPDATE SET b = 'b';
SELECT changes();
SELECT * FROM p;
CREATE TABLE q(id INTEGER PRIMARY KEY ON CONFLICT REPLACE, c UNIQUE);
INSERT INTO q VALUES(1, 3);
INSERT INTO q VALUES(1, 3);
INSERT OR REPLACE INTO q VALUES(1, 3);
SELECT * FROM q;
INSERT INTO q VALUES(1, 4);
SELECT * FROM q;
",
    );
}

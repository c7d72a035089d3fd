//! Part "planner": plan choices that show in results (the order rows are read in, and so the
//! order of trigger bodies, of rows without a full ORDER BY, of which rows reach a LIMIT),
//! compared with the system sqlite3: the rows, and the EXPLAIN QUERY PLAN wording.

use ferrolite_difftest::{assert_plans_match, assert_script_matches};

const UNIQUE_SETUP: &str = "
CREATE TABLE p(id INTEGER PRIMARY KEY, a REAL UNIQUE, b ANY, c TEXT UNIQUE, UNIQUE(a, b));
CREATE TABLE q(id INTEGER PRIMARY KEY, a REAL, b ANY, c TEXT);
CREATE INDEX qab ON q(a, b);
CREATE UNIQUE INDEX qa ON q(a);
CREATE TABLE r(id INTEGER PRIMARY KEY, a REAL, b ANY, c TEXT);
CREATE UNIQUE INDEX ra ON r(a);
CREATE UNIQUE INDEX rb ON r(b);
CREATE TABLE s(id INTEGER PRIMARY KEY, a REAL, b ANY, c TEXT);
CREATE INDEX sa ON s(a);
CREATE INDEX sab ON s(a, b);
CREATE TABLE d(a TEXT, b);
CREATE INDEX da ON d(a DESC);
";

/// Writes seed 17953: a UNIQUE index all of whose columns an equality holds wins over a
/// covering index on more columns (`a IS NULL` reads UNIQUE(a), not UNIQUE(a, b)); with `=`
/// it finds one row and wins even over a longer prefix. The choice decides the order the
/// view's INSTEAD OF DELETE trigger meets the rows, so the order of the log.
#[test]
fn unique_index_fully_matched_is_preferred() {
    assert_plans_match(
        UNIQUE_SETUP,
        &[
            "SELECT id, a, b FROM p WHERE a IS NULL",
            "SELECT id, a, b FROM p WHERE a = 5",
            "SELECT id, a, b FROM q WHERE a = 1 AND b = 2",
            "SELECT id, a, b FROM q WHERE a IS NULL",
            "SELECT id, a, b FROM r WHERE a = 1 AND b = 2",
            "SELECT id, a, b FROM r WHERE a IS NULL AND b = 2",
            "SELECT id, a, b FROM r WHERE a = 1 AND b IS NULL",
            "SELECT id, a, b FROM r WHERE a IS NULL AND b IS NULL",
        ],
    );
    assert_script_matches(
        "CREATE TABLE p(id INTEGER PRIMARY KEY, a REAL UNIQUE, b ANY, UNIQUE(a, b));
CREATE TABLE log(n INTEGER PRIMARY KEY, x);
CREATE VIEW v AS SELECT id, a, b FROM p;
CREATE TRIGGER v_del INSTEAD OF DELETE ON v BEGIN INSERT INTO log(x) VALUES(OLD.id); END;
INSERT INTO p VALUES(1, 1, 'a'), (2, NULL, 'b'), (3, NULL, 'a'), (4, NULL, NULL);
DELETE FROM v WHERE a IS NULL;
SELECT * FROM log;
SELECT id FROM p WHERE a IS NULL;",
    );
}

/// Writes seed 17953: each entry of a rowid table's index ends with the rowid, so after
/// equalities on all the index's columns a rowid range narrows the read (`SEARCH p USING
/// INDEX i (a=? AND rowid>?)`), which also makes that index the choice over a covering one
/// with only the equality.
#[test]
fn rowid_range_after_full_index_equality() {
    assert_plans_match(
        UNIQUE_SETUP,
        &[
            "SELECT id, a, b FROM p WHERE a IS NULL AND id > 1",
            "SELECT id, a, b FROM p WHERE a = 5 AND id > 1",
            "SELECT id, a, b FROM s WHERE a = 5 AND id > 1",
            "SELECT id, a FROM s WHERE a = 5 AND id > 1",
            "SELECT id, a, b FROM s WHERE a = 5 AND id > 1 AND id < 10",
            "SELECT id, a, b FROM s WHERE a = 5 AND b = 3 AND id > 1",
            "SELECT id, a, b FROM s WHERE a = 5 AND id BETWEEN 2 AND 3",
            "SELECT * FROM d WHERE a = 'x' AND rowid < 4",
        ],
    );
    assert_script_matches(
        "CREATE TABLE q(id INTEGER PRIMARY KEY, a REAL, b ANY, c TEXT);
CREATE INDEX qa ON q(a);
CREATE INDEX qab ON q(a, b);
CREATE TABLE d(a TEXT, b);
CREATE INDEX da ON d(a DESC);
INSERT INTO q VALUES(1, 5, 1, 1), (2, 5, 2, 2), (3, 5, 3, 3), (4, 6, 1, 1), (5, NULL, 1, 1), (6, 5, 1, 1);
INSERT INTO d(rowid, a, b) VALUES(1, 'x', 1), (2, 'x', 2), (3, 'y', 3), (4, 'x', 4), (5, NULL, 5);
SELECT id, a, b FROM q WHERE a = 5 AND id > 1;
SELECT id, a, b FROM q WHERE a = 5 AND id > '1';
SELECT id, a, b FROM q WHERE a = 5 AND id >= 2.5;
SELECT id, a, b FROM q WHERE a = 5 AND id > 'abc';
SELECT id, a, b FROM q WHERE a = 5 AND id < 'abc';
SELECT id, a, b FROM q WHERE a = 5 AND id < NULL;
SELECT id, a, b FROM q WHERE a = 5 AND id BETWEEN 2 AND 3;
SELECT id, a, b FROM q WHERE a IS NULL AND id >= 5;
SELECT * FROM d WHERE a = 'x' AND rowid < 4;
SELECT * FROM d WHERE a = 'x' AND rowid < 4 ORDER BY rowid DESC;
SELECT * FROM q WHERE a = 5 AND id > 1 ORDER BY id DESC;
SELECT * FROM q WHERE a = 5 AND id > 1 ORDER BY id DESC LIMIT 1;
SELECT max(id) FROM q WHERE a = 5 AND id < 3;",
    );
}

/// Ddl seed 50180: an UPDATE computes the new rowid, and makes it an integer ("datatype
/// mismatch"), before the other SET values, whatever their order, so a REAL rowid fails
/// before an integer overflow in another value; not so for a row-value subquery, nor in
/// UPDATE ... FROM. An upsert's DO UPDATE does as UPDATE.
#[test]
fn update_computes_the_new_rowid_first() {
    assert_script_matches(
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c);
INSERT INTO t VALUES(-5, 9223372036854775807, 0), (1, 1, 0);
UPDATE t SET (a, b) = ((b - a), (SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)));
UPDATE t SET b = (SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)), a = b - a;
UPDATE t SET c = abs(-9223372036854775808), rowid = 'x';
UPDATE t SET c = abs(-9223372036854775808), rowid = NULL;
UPDATE t SET c = abs(-9223372036854775808), (b, a) = (1, 'x');
UPDATE t SET c = abs(-9223372036854775808), (b, a) = (SELECT 1, 'x');
UPDATE t SET c = abs(-9223372036854775808), a = 'x' FROM (SELECT 1);
UPDATE t SET a = 'x', c = 2, a = 3 WHERE a = 1;
SELECT * FROM t;
UPDATE t SET c = c + 1, a = a + 10;
SELECT * FROM t;
INSERT INTO t VALUES(1, 1, 1) ON CONFLICT DO UPDATE SET c = abs(-9223372036854775808), a = 'x';
SELECT * FROM t;",
    );
}

/// As for a rowid table's rowid: a WITHOUT ROWID table's index entries end with its primary
/// key, so after equalities on all the index's columns, bounds on the first key column
/// narrow the read (`SEARCH w USING INDEX wa (a=? AND k>?)`), and the rows come in key
/// order rather than in the order of a covering index on more columns.
#[test]
fn key_range_after_full_index_equality_without_rowid() {
    let setup = "CREATE TABLE w(k INT PRIMARY KEY, a, b) WITHOUT ROWID;
CREATE INDEX wa ON w(a);
CREATE INDEX wab ON w(a, b);
INSERT INTO w VALUES(1, 1, 9), (2, 1, 8), (3, 2, 7), (4, 1, 6), (5, 1, 5), (6, NULL, 1), (7, NULL, 0), (8, 1, NULL);";
    assert_plans_match(
        setup,
        &[
            "SELECT * FROM w WHERE a = 1 AND k > 2",
            "SELECT k, a, b FROM w WHERE a IS NULL AND k > 5",
            "SELECT * FROM w WHERE a = 1 AND k BETWEEN 2 AND 5",
        ],
    );
    assert_script_matches(&format!(
        "{setup}
SELECT * FROM w WHERE a = 1 AND k > 2;
SELECT * FROM w WHERE a = 1 AND k > '2';
SELECT * FROM w WHERE a = 1 AND k >= 2.5 AND k < 8;
SELECT * FROM w WHERE a = 1 AND k < 'a';
SELECT * FROM w WHERE a IS NULL AND k > 6;
SELECT * FROM w WHERE a = 1 AND k > 2 ORDER BY k DESC;
SELECT * FROM w WHERE a = 1 AND k BETWEEN 2 AND 5;"
    ));
}

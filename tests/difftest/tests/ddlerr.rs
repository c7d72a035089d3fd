//! ddl-mode errors pinned against the system sqlite3 3.40.1: when the STRICT datatype check
//! sees a table's generated columns, and when an expression that raises an error (integer
//! overflow) is evaluated.

use ferrolite_difftest::assert_script_matches;

/// INSERT: a STORED generated column is type-checked only when the table has an index, a
/// CHECK constraint or no rowid; VIRTUAL ones never (3.40.1); a NOT NULL generated column
/// changes nothing.
#[test]
fn strict_stored_generated_checked_on_insert() {
    assert_script_matches(
        "CREATE TABLE a(x ANY, b INT, s INT AS (x) STORED, v INT AS (x) VIRTUAL) STRICT;
INSERT INTO a(x, b) VALUES('t', 1);
SELECT * FROM a;
CREATE TABLE n(x ANY, b INT, s INT AS (x) STORED NOT NULL, w INT AS (b) NOT NULL) STRICT;
INSERT INTO n(x, b) VALUES('t', 1);
INSERT INTO n(x, b) VALUES('t', NULL);
SELECT * FROM n;
CREATE TABLE i(x ANY, b INT, s INT AS (x) STORED) STRICT;
CREATE INDEX i_b ON i(b);
INSERT INTO i(x, b) VALUES('t', 1);
INSERT INTO i(x, b) VALUES(2, 1);
SELECT * FROM i;
CREATE TABLE c(x ANY, b INT, s INT AS (x) STORED, CHECK(b > 0)) STRICT;
INSERT INTO c(x, b) VALUES('t', 1);
CREATE TABLE w(x ANY, b INT PRIMARY KEY, s INT AS (x) STORED) STRICT, WITHOUT ROWID;
INSERT INTO w(x, b) VALUES('t', 1);
SELECT * FROM c, w;",
    );
}

/// UPDATE: a STORED generated column is type-checked only when an index must be rewritten
/// (it reads a changed column, directly, through a generated column, an expression or a
/// partial-index WHERE; or the rowid changes), a CHECK constraint reads a changed column,
/// or the table has no rowid.
#[test]
fn strict_stored_generated_checked_on_update() {
    for (index, update) in [
        ("", "UPDATE w SET x = 't'"),
        ("CREATE INDEX wi ON w(b);", "UPDATE w SET x = 't'"),
        ("CREATE INDEX wi ON w(b);", "UPDATE w SET x = 't', b = b"),
        ("CREATE INDEX wi ON w(s);", "UPDATE w SET x = 't'"),
        (
            "CREATE INDEX wi ON w(b) WHERE x > 0;",
            "UPDATE w SET x = 't'",
        ),
        ("CREATE INDEX wi ON w(b + x);", "UPDATE w SET x = 't'"),
        (
            "CREATE INDEX wi ON w(b);",
            "UPDATE w SET rowid = rowid, x = 't'",
        ),
        ("CREATE UNIQUE INDEX wi ON w(b);", "UPDATE w SET x = 't'"),
        ("CREATE INDEX wi ON w(v);", "UPDATE w SET x = 't'"),
        ("CREATE INDEX wi ON w(b);", "UPDATE w SET b = 2"),
    ] {
        assert_script_matches(&format!(
            "CREATE TABLE w(x ANY, b INT, s INT AS (x) STORED, v INT AS (x) VIRTUAL) STRICT;
{index}
INSERT INTO w(x, b) VALUES(1, 1);
INSERT INTO w(x, b) VALUES('t', 1);
{update};
SELECT * FROM w;"
        ));
    }
    for (constraint, update) in [
        ("CHECK(b > 0)", "UPDATE w SET x = 't'"),
        ("CHECK(x IS NOT 5)", "UPDATE w SET x = 't'"),
        ("CHECK(s IS NOT 5)", "UPDATE w SET x = 't'"),
        ("n INT AS (x) NOT NULL", "UPDATE w SET x = 't'"),
    ] {
        assert_script_matches(&format!(
            "CREATE TABLE w(x ANY, b INT, s INT AS (x) STORED, {constraint}) STRICT;
INSERT INTO w(x, b) VALUES(1, 1);
{update};
SELECT * FROM w;"
        ));
    }
    assert_script_matches(
        "CREATE TABLE w(x ANY, b INT PRIMARY KEY, s INT AS (x) STORED) STRICT, WITHOUT ROWID;
INSERT INTO w(x, b) VALUES(1, 1);
UPDATE w SET x = 't';
SELECT * FROM w;",
    );
}

/// UPDATE ... FROM and row-value SET follow the same rule.
#[test]
fn strict_stored_generated_update_from() {
    assert_script_matches(
        "CREATE TABLE t(x ANY, b INT, s INT AS (x) STORED) STRICT;
CREATE INDEX t_b ON t(b);
CREATE TABLE u(y);
INSERT INTO t(x, b) VALUES(1, 1);
INSERT INTO u VALUES('t');
UPDATE t SET x = u.y FROM u WHERE u.rowid = t.rowid;
SELECT * FROM t;
UPDATE t SET (x, b) = (u.y, 3) FROM u WHERE u.rowid = t.rowid;
SELECT * FROM t;
UPDATE t SET (x, x) = (SELECT y, 2 FROM u);
SELECT * FROM t;
UPDATE t SET (b, x) = (SELECT 4, y FROM u);
SELECT * FROM t;",
    );
}

/// An assignment to a column that a later assignment of the same UPDATE overrides is never
/// evaluated (so its errors never show).
#[test]
fn overridden_set_values_are_not_evaluated() {
    assert_script_matches(
        "CREATE TABLE t(a, b);
INSERT INTO t VALUES(1, 2);
UPDATE t SET a = abs(-9223372036854775808), a = 5;
SELECT * FROM t;
UPDATE t SET a = 6, a = abs(-9223372036854775808);
SELECT * FROM t;
UPDATE t SET (a, a) = (abs(-9223372036854775808), 7);
SELECT * FROM t;
UPDATE t SET (a, b) = (SELECT 8, 9), a = 10;
SELECT * FROM t;
UPDATE t SET a = 11, (a, b) = (SELECT 12, 13);
SELECT * FROM t;
UPDATE t SET a = (SELECT abs(-9223372036854775808)), a = 14;
SELECT * FROM t;
CREATE TABLE r(id INTEGER PRIMARY KEY, v);
INSERT INTO r VALUES(1, 1);
UPDATE r SET rowid = abs(-9223372036854775808), id = 5;
SELECT * FROM r;",
    );
}

/// `x IN (list)`: with 3 or more constant items every item is evaluated; otherwise item by
/// item until the first equal one.
#[test]
fn in_list_items_evaluated_until_a_match() {
    assert_script_matches(
        "CREATE TABLE e(a, b);
CREATE TABLE o(a, b);
INSERT INTO o VALUES(1, 0);
SELECT * FROM o WHERE a IN (1, abs(-9223372036854775808));
SELECT * FROM e WHERE a IN (1, abs(-9223372036854775808));
SELECT * FROM o WHERE a IN (b, abs(-9223372036854775808));
SELECT * FROM o WHERE a IN (1, 2, abs(-9223372036854775808));
SELECT * FROM e WHERE a IN (1, 2, abs(-9223372036854775808));
SELECT * FROM o WHERE a IN (1, 2, 3, b, abs(-9223372036854775808));
SELECT * FROM o WHERE a IN (abs(-9223372036854775808), 1);
SELECT a IN (1, abs(-9223372036854775808)) FROM o;
SELECT a IN (1, 2, abs(-9223372036854775808)) FROM o;
SELECT a IN (1, 2, b, abs(-9223372036854775808)) FROM o;
SELECT a IN (b, 1, abs(-9223372036854775808)) FROM o;
SELECT NULL IN (b, 1, abs(-9223372036854775808)) FROM o;
SELECT a IN (NULL, 1, abs(-9223372036854775808)) FROM o;
SELECT * FROM o WHERE a NOT IN (5, abs(-9223372036854775808));
SELECT * FROM o WHERE a NOT IN (1, abs(-9223372036854775808));
SELECT a NOT IN (1, b, abs(-9223372036854775808)) FROM o;
SELECT a IN (NULL, b), a IN (b, NULL, 1), a NOT IN (NULL, 2), 5 IN (), b IN (0, b) FROM o;",
    );
}

/// A WHERE term that reads no column is evaluated once before the loop: its error shows
/// even when no row is visited; other terms (and terms inside OR/CASE) are not.
#[test]
fn constant_where_terms_run_before_the_loop() {
    for q in [
        "SELECT * FROM e WHERE abs(-9223372036854775808)",
        "SELECT * FROM e WHERE a AND abs(-9223372036854775808)",
        "SELECT * FROM e WHERE a OR abs(-9223372036854775808)",
        "SELECT abs(-9223372036854775808) FROM e",
        "SELECT * FROM e WHERE a = abs(-9223372036854775808)",
        "SELECT * FROM e WHERE CASE WHEN a THEN abs(-9223372036854775808) END",
        "SELECT * FROM e WHERE coalesce(a, abs(-9223372036854775808))",
        "UPDATE e SET a = abs(-9223372036854775808)",
        "UPDATE e SET a = 1 WHERE abs(-9223372036854775808)",
        "DELETE FROM e WHERE abs(-9223372036854775808)",
        "SELECT * FROM o WHERE 1 OR abs(-9223372036854775808)",
        "SELECT * FROM o WHERE 0 AND abs(-9223372036854775808)",
        "SELECT * FROM o WHERE b AND abs(-9223372036854775808)",
        "SELECT * FROM e, o WHERE e.a AND abs(-9223372036854775808)",
        "SELECT * FROM o WHERE a OR abs(-9223372036854775808)",
        "SELECT * FROM o WHERE b OR abs(-9223372036854775808)",
        "SELECT * FROM o WHERE NOT abs(-9223372036854775808)",
        "SELECT * FROM e WHERE (SELECT abs(-9223372036854775808))",
        "SELECT * FROM e WHERE EXISTS (SELECT abs(-9223372036854775808))",
        "SELECT * FROM e WHERE random() AND abs(-9223372036854775808)",
        "SELECT * FROM o WHERE (SELECT a FROM e WHERE abs(-9223372036854775808))",
        "SELECT (SELECT count(*) FROM e WHERE o.a AND abs(-9223372036854775808)) FROM o",
        "SELECT (SELECT count(*) FROM e WHERE o.a) FROM o WHERE 0",
        "SELECT * FROM e LEFT JOIN o ON abs(-9223372036854775808)",
        "SELECT * FROM o LEFT JOIN e ON abs(-9223372036854775808)",
        "SELECT count(*) FROM e WHERE abs(-9223372036854775808)",
        "SELECT count(*), max(a) FROM o WHERE 0",
        "SELECT * FROM e WHERE 5 IN (1, abs(-9223372036854775808))",
    ] {
        assert_script_matches(&format!(
            "CREATE TABLE e(a, b);
CREATE TABLE o(a, b);
INSERT INTO o VALUES(1, 0);
{q};"
        ));
    }
}

/// A row of a table with generated columns: STRICT check of the ordinary columns, then the
/// generated columns are computed (errors of their expressions win over NOT NULL, rowid and
/// UNIQUE conflicts), then NOT NULL; the STORED ones are type-checked before the CHECK
/// constraints (with a CHECK, or no rowid) or, with an index, after the rowid's uniqueness
/// check and before the UNIQUE indexes'.
#[test]
fn generated_columns_computed_after_the_strict_check() {
    assert_script_matches(
        "CREATE TABLE w(a INT, b INT, x INT AS (b) NOT NULL) STRICT;
INSERT INTO w(a, b) VALUES('t', NULL);
CREATE TABLE v(a INT, b INT, x INT AS (abs(b)) NOT NULL) STRICT;
INSERT INTO v(a, b) VALUES('t', -9223372036854775808);
CREATE TABLE u(a INT, b INT UNIQUE, x INT AS (b) NOT NULL) STRICT;
INSERT INTO u(a, b) VALUES(1, NULL);
CREATE TABLE q(a INT PRIMARY KEY, b INT, x INT AS (abs(b))) STRICT;
INSERT INTO q(a, b) VALUES(1, 1);
INSERT INTO q(a, b) VALUES(1, -9223372036854775808);
INSERT OR REPLACE INTO q(a, b) VALUES(1, -9223372036854775808);
SELECT * FROM q;
CREATE TABLE r(a INTEGER PRIMARY KEY, b INT, x INT AS (abs(b)), c INT NOT NULL) STRICT;
INSERT INTO r(a, b, c) VALUES(1, 1, 1);
INSERT INTO r(a, b, c) VALUES(1, -9223372036854775808, 1);
INSERT OR IGNORE INTO r(a, b, c) VALUES(1, -9223372036854775808, 1);
INSERT OR REPLACE INTO r(a, b, c) VALUES(1, -9223372036854775808, 1);
INSERT INTO r(a, b, c) VALUES(2, -9223372036854775808, NULL);
INSERT INTO r(a, b, c) VALUES('t', 1, NULL);
INSERT OR REPLACE INTO r(a, b, c) VALUES(-9223372036854775808, 'x', 1);
UPDATE r SET b = 'x', a = -9223372036854775808;
UPDATE r SET b = -9223372036854775808, c = NULL;
SELECT * FROM r;
CREATE TABLE g(a INT, b INT, c INT NOT NULL, x INT AS (b) STORED) STRICT;
CREATE INDEX gi ON g(b);
INSERT INTO g(a, b, c) VALUES('t', 1, NULL);
INSERT INTO g(a, b, c) VALUES(1, 1.5, NULL);
CREATE TABLE p(a INTEGER PRIMARY KEY, b, x AS (abs(b)) STORED, y AS (a + 1) NOT NULL);
INSERT INTO p(a, b) VALUES(1, 1);
INSERT INTO p(a, b) VALUES(2, -9223372036854775808);
UPDATE p SET b = -9223372036854775808;
SELECT * FROM p;",
    );
    assert_script_matches(
        "CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 REAL, c INT UNIQUE, g2 INT AS (c1 * c0) STORED) STRICT;
INSERT INTO t0(c0, c1, c) VALUES(-5, 1, 1);
INSERT INTO t0(c0, c1, c) VALUES(-6, 1.5, 1);
INSERT OR IGNORE INTO t0(c0, c1, c) VALUES(-6, 1.5, 1);
INSERT INTO t0(c0, c1, c) VALUES(-7, 1.5, 1);
INSERT OR IGNORE INTO t0(c0, c1, c) VALUES(-7, 1.5, 1);
INSERT INTO t0(c0, c1, c) VALUES(-5, 1.5, 2);
INSERT OR IGNORE INTO t0(c0, c1, c) VALUES(-5, 1.5, 2);
INSERT OR IGNORE INTO t0(c0, c1, c) VALUES(-5, 'x', 2);
INSERT OR REPLACE INTO t0(c0, c1, c) VALUES(-5, 1.5, 2);
SELECT * FROM t0;
CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1 REAL, g2 INT AS (c1 * c0) STORED, CHECK(c1 < 100)) STRICT;
INSERT INTO t1(c0, c1) VALUES(-5, 1);
INSERT OR IGNORE INTO t1(c0, c1) VALUES(-5, 1.5);
INSERT INTO t1(c0, c1) VALUES(-6, 200.5);
CREATE TABLE t2(c0 INT PRIMARY KEY, c1 REAL, g2 INT AS (c1 * c0) STORED) STRICT, WITHOUT ROWID;
INSERT INTO t2(c0, c1) VALUES(-5, 1);
INSERT INTO t2(c0, c1) VALUES(-5, 1.5);
INSERT OR IGNORE INTO t2(c0, c1) VALUES(-5, 1.5);
SELECT * FROM t1, t2;",
    );
}

/// `%` with a real-looking text operand takes the text's integer prefix (as CAST AS
/// INTEGER does) and gives a REAL (seed 2787: a TEXT generated column `% 49.0`).
#[test]
fn remainder_of_real_looking_text() {
    assert_script_matches(
        "SELECT '1.5e3' % 7, '1e3' % 7, '1500.0' % 7, '1500.0' % 7.0, '1.5e3' % 7.0, 1.5e3 % 7.0;
SELECT '9.22337203685478e+18' % 49, '9.22337203685478e+18' % 49.0, '9.2e+17' % 49.0, '1e19' % 49;
SELECT 7 % '2.5', 7.5 % '2.5x', X'3132' % 5, '12abc' % 5.0, ' 12.9' % 5, '-7.9' % 3.0;
CREATE TABLE t(a DOUBLE, g VARCHAR(10) AS (abs(a)));
INSERT INTO t(a) VALUES(9223372036854775807), (1500.0), (-3.5);
SELECT g, g % 49.0, 1 / (g % 49.0) FROM t;",
    );
}

/// An automatic index on a VIRTUAL generated column holds the column's values (seed 1489:
/// it held the next stored column's).
#[test]
fn automatic_index_on_a_virtual_column() {
    assert_script_matches(
        "CREATE TABLE t0(c2, g1 NUMERIC AS (rtrim(c2)) VIRTUAL, c3);
INSERT INTO t0(c2, c3) VALUES(3.0, 'x');
INSERT INTO t0(c2, c3) VALUES('ABC', 3);
CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1 BOOLEAN);
INSERT INTO t1 VALUES(1, 3);
INSERT INTO t1 VALUES(2, 'ABC');
INSERT INTO t1 VALUES(3, 4);
SELECT t1.rowid, t0.rowid, t0.g1 FROM t1 LEFT JOIN t0 ON (t1.c1 = t0.g1) ORDER BY 1, 2;
SELECT t1.rowid, t0.rowid, t0.g1 FROM t1 JOIN t0 ON (t1.c1 = t0.g1) ORDER BY 1, 2;",
    );
}

/// CASE, coalesce/ifnull/iif stop at the first branch taken; AND/OR as values evaluate both
/// sides, as jumps (WHERE) stop early; BETWEEN, nullif, max and IS evaluate everything.
#[test]
fn short_circuits_and_errors() {
    for q in [
        "SELECT CASE WHEN a THEN 1 ELSE abs(-9223372036854775808) END FROM o",
        "SELECT CASE a WHEN 1 THEN 1 WHEN abs(-9223372036854775808) THEN 2 END FROM o",
        "SELECT coalesce(a, abs(-9223372036854775808)) FROM o",
        "SELECT ifnull(a, abs(-9223372036854775808)) FROM o",
        "SELECT iif(a, 1, abs(-9223372036854775808)) FROM o",
        "SELECT b AND abs(-9223372036854775808) FROM o",
        "SELECT a OR abs(-9223372036854775808) FROM o",
        "SELECT abs(-9223372036854775808) AND b FROM o",
        "SELECT * FROM o WHERE b AND abs(-9223372036854775808) + a",
        "SELECT * FROM o WHERE a OR abs(-9223372036854775808) + a",
        "SELECT * FROM o WHERE b AND abs(-9223372036854775808) = a",
        "SELECT nullif(a, abs(-9223372036854775808)) FROM o",
        "SELECT a BETWEEN 5 AND abs(-9223372036854775808) FROM o",
        "SELECT max(a, abs(-9223372036854775808)) FROM o",
        "SELECT likely(b) AND abs(-9223372036854775808) FROM o",
        "SELECT * FROM o WHERE b AND (a + abs(-9223372036854775808))",
        "SELECT (b AND abs(-9223372036854775808)) IS NULL FROM o",
        "SELECT a IS abs(-9223372036854775808) FROM o",
    ] {
        assert_script_matches(&format!(
            "CREATE TABLE o(a, b);
INSERT INTO o VALUES(1, 0);
{q};"
        ));
    }
}

/// When BEFORE triggers fire, the generated columns are computed before them; an INSERT then
/// type-checks every STORED one, an UPDATE those that read a changed column. AFTER triggers
/// change nothing.
#[test]
fn strict_stored_generated_with_triggers() {
    for trig in [
        "CREATE TRIGGER tr BEFORE UPDATE ON w BEGIN SELECT 1; END;",
        "CREATE TRIGGER tr AFTER UPDATE ON w BEGIN SELECT 1; END;",
        "CREATE TRIGGER tr BEFORE INSERT ON w BEGIN SELECT 1; END;",
        "CREATE TRIGGER tr BEFORE UPDATE OF b ON w BEGIN SELECT 1; END;",
    ] {
        for (ix, stmt) in [
            ("CREATE INDEX wi ON w(b);", "UPDATE w SET x = 't'"),
            ("", "UPDATE w SET x = 't'"),
            ("CREATE INDEX wi ON w(s);", "UPDATE w SET x = 't'"),
            (
                "CREATE INDEX wi ON w(b);",
                "INSERT INTO w(x, b) VALUES('t', 2)",
            ),
            ("", "INSERT INTO w(x, b) VALUES('t', 2)"),
            ("", "UPDATE w SET b = 5"),
            ("", "UPDATE w SET y = 2"),
            ("", "UPDATE w SET y = 'z'"),
            ("", "UPDATE w SET x = x"),
        ] {
            assert_script_matches(&format!(
                "CREATE TABLE w(x ANY, b INT, y ANY, s INT AS (x) STORED, s2 INT AS (y) STORED) STRICT;
{ix}
INSERT INTO w(x, b) VALUES(1, 1);
INSERT INTO w(x, b) VALUES('u', 3);
{trig}
{stmt};
SELECT * FROM w;"
            ));
        }
    }
}

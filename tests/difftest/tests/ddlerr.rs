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

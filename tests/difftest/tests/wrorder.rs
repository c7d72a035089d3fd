//! Writes mode (issue 3), part "wrorder": the order in which a WITHOUT ROWID UPDATE or
//! DELETE visits its rows (scan order in sqlite3's one-pass form, primary-key order in its
//! two-pass form: `codegen/wr_order.rs`), and whether a multi-row INSERT has a statement
//! journal (function calls, fired triggers, foreign keys: `codegen/stmt_abort.rs`). Each
//! statement's rows or error compared with the system sqlite3.

use ferrolite_difftest::assert_script_matches;

/// A WITHOUT ROWID table whose index `w_i` orders the rows b, c, a while the primary key
/// orders them a, b, c; the CHECK fails on the row `a` (c 1 -> 2) under OR FAIL, so the
/// rows changed before the failure show the visiting order.
const W: &str = "
CREATE TABLE w(k1, k2, v, c CHECK(c <> 2), d, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE INDEX w_i ON w(v);
CREATE TABLE log(x);
INSERT INTO w(v, k2, k1, c) VALUES(NULL, 'a', 'b', 0), (0, '', 'a', 1), (-1, 1, 'c', 5);
";

fn with_w(setup: &str, body: &str) -> String {
    format!("{W}\n{setup}\n{body}\nSELECT group_concat(c, ',') FROM w;\nSELECT * FROM log;")
}

/// One pass: the covering scan of `w_i` decides the order (b and c change, a fails).
#[test]
fn one_pass_update_goes_in_scan_order() {
    assert_script_matches(&with_w("", "UPDATE OR FAIL w SET c = c + 1;"));
    assert_script_matches(&with_w(
        "",
        "UPDATE OR FAIL w SET c = c + 1 WHERE k2 IS NOT 7;",
    ));
    assert_script_matches(&with_w(
        "CREATE INDEX w_d ON w(d, c, v, k1, k2);",
        "UPDATE OR FAIL w SET c = c + 1, d = d;",
    ));
    assert_script_matches(&with_w(
        "CREATE TRIGGER t AFTER UPDATE OF d ON w BEGIN INSERT INTO log VALUES(OLD.k1); END;",
        "UPDATE OR FAIL w SET c = c + 1;",
    ));
}

/// Two passes: primary-key order (a fails first, nothing changes).
#[test]
fn two_pass_update_goes_in_primary_key_order() {
    assert_script_matches(&with_w(
        "CREATE TRIGGER t AFTER UPDATE ON w BEGIN INSERT INTO log VALUES(OLD.k1); END;",
        "UPDATE OR FAIL w SET c = c + 1;",
    ));
    assert_script_matches(&with_w("", "UPDATE OR FAIL w SET c = c + 1 RETURNING k1;"));
    assert_script_matches(&with_w("", "UPDATE OR FAIL w SET c = c + 1, v = v;"));
    assert_script_matches(&with_w("", "UPDATE OR FAIL w SET c = c + 1, k2 = k2;"));
    assert_script_matches(&with_w(
        "",
        "UPDATE OR FAIL w SET c = c + 1 WHERE v IS NOT 7 LIMIT 5;",
    ));
    assert_script_matches(&with_w(
        "PRAGMA foreign_keys=ON;\nCREATE TABLE par(id UNIQUE);\n\
         ALTER TABLE w ADD COLUMN f REFERENCES par(id);",
        "UPDATE OR FAIL w SET c = c + 1, f = f;",
    ));
}

/// Seed 2962: SET of a column of the scanned index `w_v` takes two passes.
#[test]
fn seed_2962_update_or_fail_of_a_scanned_index_column() {
    assert_script_matches(
        "
CREATE TABLE w(k1, k2, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE INDEX w_v ON w(v, u);
INSERT INTO w(k1, k2, v, u) VALUES('x', 3, NULL, 'b'), ('a', 10, -1, 0);
UPDATE OR FAIL w SET u = u + 1 WHERE k2 <> 'b' AND u IS NOT NULL;
SELECT * FROM w;
SELECT changes();
",
    );
}

/// Seeds 2241, 2293: DELETE ... RETURNING and DELETE triggers go in primary-key order.
#[test]
fn seeds_2241_2293_delete_goes_in_primary_key_order() {
    assert_script_matches(
        "
CREATE TABLE w(k1 NUMERIC, k2 COLLATE NOCASE, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE INDEX w_v ON w(v, u);
INSERT INTO w(k1, k2, v) VALUES('x', 1, 3), ('A', 10, ''), ('x', '', 0);
DELETE FROM w WHERE v <> 'abc' AND k2 IS NOT NULL RETURNING *;
",
    );
    assert_script_matches(
        "
CREATE TABLE w(k1, k2, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE INDEX w_i ON w(v);
CREATE TABLE log(x);
CREATE TRIGGER td BEFORE DELETE ON w BEGIN INSERT INTO log VALUES(OLD.k1); END;
INSERT INTO w(v, k2, k1) VALUES(NULL, 'a', ''), (0, '', 10), (-1, 1, 'c');
DELETE FROM w RETURNING *;
SELECT * FROM log;
",
    );
}

/// Primary keys with DESC columns and collations order the second pass like the key.
#[test]
fn two_pass_order_follows_the_key_definition() {
    assert_script_matches(
        "
CREATE TABLE w(k1 COLLATE NOCASE, k2, v, PRIMARY KEY(k1 DESC, k2)) WITHOUT ROWID;
CREATE INDEX w_i ON w(v);
INSERT INTO w VALUES('a', 1, 3), ('B', 2, 1), ('c', 3, 2), ('b', 1, 0);
UPDATE w SET v = v + 1 RETURNING k1, k2;
DELETE FROM w WHERE v > 0 RETURNING k1, k2;
",
    );
}

/// A multi-row INSERT into `c` stops on `datatype mismatch` inside a transaction: whether
/// row 4 stays tells whether sqlite3 opened a statement journal.
fn journal_probe(setup: &str, insert: &str) -> String {
    format!(
        "
CREATE TABLE c(id INTEGER PRIMARY KEY, pid);
CREATE TABLE l(x);
{setup}
BEGIN;
{insert}
SELECT * FROM c;
SELECT * FROM l;
COMMIT;
"
    )
}

/// Seed 2132: a function call anywhere in the statement makes it able to abort.
#[test]
fn seed_2132_function_calls_need_a_statement_journal() {
    for tail in [
        "VALUES(4, 1), ('x', 1) RETURNING quote(id)",
        "VALUES(4, 1), ('x', 1) RETURNING id + 1",
        "VALUES(4, abs(1)), ('x', 1)",
        "VALUES(4, coalesce(1, 2)), ('x', 1)",
        "VALUES(4, iif(1, 2, 3)), ('x', 1)",
        "VALUES(4, 'a' LIKE 'b'), ('x', 1)",
        "VALUES(4, (SELECT max(1, 2))), ('x', 1)",
        "SELECT 4, 1 UNION ALL SELECT 'x', max(1)",
    ] {
        for or in ["OR IGNORE", "OR ROLLBACK", "OR FAIL"] {
            assert_script_matches(&journal_probe(
                "",
                &format!("INSERT {or} INTO c(id, pid) {tail};"),
            ));
        }
    }
}

/// Seed 2505: under OR IGNORE/FAIL/ROLLBACK only fired triggers whose bodies may abort count.
#[test]
fn seed_2505_only_aborting_fired_triggers_need_a_statement_journal() {
    for trigger in [
        "CREATE TRIGGER t AFTER UPDATE OF pid ON c BEGIN SELECT RAISE(ABORT, 'r'); END;",
        "CREATE TRIGGER t BEFORE INSERT ON c BEGIN INSERT INTO l VALUES(NEW.id); END;",
        "CREATE TRIGGER t BEFORE INSERT ON c BEGIN INSERT INTO l VALUES(abs(NEW.id)); END;",
        "CREATE TRIGGER t BEFORE INSERT ON c WHEN NEW.id = 9 BEGIN SELECT RAISE(ABORT, 'r'); END;",
        "CREATE TRIGGER t BEFORE INSERT ON c WHEN NEW.id = 9 BEGIN SELECT RAISE(FAIL, 'r'); END;",
        "CREATE TRIGGER t BEFORE INSERT ON c WHEN NEW.id = 9 BEGIN SELECT RAISE(ROLLBACK, 'r'); END;",
        "CREATE TRIGGER t AFTER DELETE ON c BEGIN SELECT RAISE(ABORT, 'r'); END;",
    ] {
        for or in ["OR IGNORE", "OR ROLLBACK", "OR FAIL", "OR REPLACE", ""] {
            assert_script_matches(&journal_probe(
                trigger,
                &format!("INSERT {or} INTO c(id, pid) VALUES(4, 1), ('x', 1);"),
            ));
        }
    }
}

/// Seed 2037: inserting into a table that is only a FOREIGN KEY parent cannot abort, unless
/// a REPLACE may delete a parent row.
#[test]
fn seed_2037_parent_tables_need_no_statement_journal() {
    for or in ["OR IGNORE", "OR ROLLBACK", "OR FAIL", "OR REPLACE"] {
        for table in ["p", "ch"] {
            assert_script_matches(&format!(
                "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a);
CREATE TABLE ch(id INTEGER PRIMARY KEY, pid REFERENCES p(id) ON DELETE CASCADE);
INSERT INTO p VALUES(100, 1);
BEGIN;
INSERT {or} INTO {table} VALUES(5, 100), ('x', 100);
SELECT * FROM {table};
COMMIT;
"
            ));
        }
    }
}

/// Seeds 1136, 1320, 2318: a function in a CHECK, a DEFAULT the INSERT uses, an indexed
/// expression or a partial-index WHERE counts as a call too.
#[test]
fn schema_function_calls_need_a_statement_journal() {
    for (cols, index) in [
        ("pid CHECK(length(pid) < 3)", ""),
        ("pid CHECK(pid < 3)", ""),
        ("pid, q DEFAULT (abs(1))", ""),
        ("pid, q DEFAULT (1 + 1)", ""),
        ("pid, q CHECK(q LIKE 'a%')", ""),
        ("pid, q", "CREATE INDEX ci ON c(abs(pid));"),
        ("pid, q", "CREATE INDEX ci ON c(pid + 1);"),
        ("pid, q", "CREATE INDEX ci ON c(pid) WHERE abs(pid) > 0;"),
        ("pid, q", "CREATE INDEX ci ON c(pid) WHERE pid > 0;"),
    ] {
        for or in ["OR IGNORE", "OR ROLLBACK"] {
            assert_script_matches(&format!(
                "
CREATE TABLE c(id INTEGER PRIMARY KEY, {cols});
{index}
BEGIN;
INSERT {or} INTO c(id, pid) VALUES(4, 1), ('x', 1);
SELECT * FROM c;
COMMIT;
"
            ));
        }
    }
}

/// Rowid tables: a one-pass UPDATE whose loop searches an index visits the rows in that
/// index's order; the two-pass form (trigger, RETURNING, rowid change, SET of the searched
/// index's columns, LIMIT, OR of lookups) goes in rowid order.
#[test]
fn rowid_update_order_follows_the_searched_index_in_one_pass() {
    let r = "
CREATE TABLE w(k1, k2, v, c CHECK(c <> 2), d, PRIMARY KEY(k1, k2));
CREATE INDEX w_i ON w(v);
CREATE TABLE log(x);
INSERT INTO w(v, k2, k1, c) VALUES(NULL, 'a', 'b', 0), (0, '', 'a', 1), (-1, 1, 'c', 5);
";
    for wh in [
        "WHERE v > -5",
        "WHERE k1 > ''",
        "WHERE v IN (0, -1)",
        "WHERE k1 IN ('a', 'c', 'b')",
        "WHERE v > -5 OR v IS NULL",
        "INDEXED BY w_i",
        "",
    ] {
        for (setup, set, tail) in [
            ("", "", ""),
            (
                "CREATE TRIGGER t AFTER UPDATE ON w BEGIN INSERT INTO log VALUES(OLD.k1); END;",
                "",
                "",
            ),
            ("", ", v = v", ""),
            ("", ", k2 = k2", ""),
            ("", ", rowid = rowid", ""),
            ("", "", " RETURNING k1"),
            ("", "", " LIMIT 10"),
        ] {
            assert_script_matches(&format!(
                "{r}\n{setup}\nUPDATE OR FAIL w SET c = c + 1{set} {wh}{tail};\n\
                 SELECT group_concat(c, ',') FROM w;\nSELECT * FROM log;"
            ));
        }
    }
    assert_script_matches(
        "
CREATE TABLE r(id INTEGER PRIMARY KEY, v, c CHECK(c <> 2));
CREATE INDEX r_v ON r(v);
INSERT INTO r VALUES(1, 3, 0), (2, 2, 1), (3, 1, 5);
UPDATE OR FAIL r SET c = c + 1 WHERE v > 0;
SELECT * FROM r;
UPDATE OR FAIL r SET c = c + 1, id = id WHERE v > 0;
SELECT * FROM r;
",
    );
}

//! Writes mode on fresh seeds 3000–4999 (part "fresh2"): the order in which sqlite3 compiles
//! trigger and FK-action programs decides whether an ON DELETE SET NULL action drops a child
//! check (see `core/src/codegen/fk_setnull.rs`). Each statement's rows or error compared with
//! the system sqlite3.

use ferrolite_difftest::assert_script_matches;

const PC: &str = "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, b);
CREATE TABLE log(n);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id) ON DELETE SET NULL, v);
INSERT INTO c VALUES(1, NULL, NULL);
";

fn with_pc(body: &str) -> String {
    format!("{PC}\n{body}\nSELECT * FROM c;\nSELECT changes(), total_changes();")
}

/// Seed 4647: an AFTER DELETE trigger on the parent is compiled before the DELETE's SET NULL
/// action, so the action stays the program started last: the INSERT's check is dropped.
#[test]
fn delete_triggers_compile_before_the_set_null_action() {
    assert_script_matches(&with_pc(
        "
CREATE TRIGGER tp AFTER DELETE ON p BEGIN INSERT INTO log VALUES(OLD.id); END;
CREATE TRIGGER tl AFTER INSERT ON log BEGIN SELECT 1; END;
CREATE TRIGGER tr0 BEFORE INSERT ON c BEGIN DELETE FROM p WHERE id = 99; END;
INSERT INTO c(id, pid) VALUES(5, 3), (6, 4);
",
    ));
}

/// Seed 4845: the rows of a multi-row VALUES share one compiled body, so an AFTER trigger
/// of the first row does not drop the second row's check.
#[test]
fn values_rows_share_one_check() {
    assert_script_matches(&with_pc(
        "
INSERT INTO p VALUES(1, 1);
CREATE TRIGGER tr1 AFTER INSERT ON c BEGIN DELETE FROM p WHERE id = NEW.pid; END;
INSERT INTO c(pid, id) VALUES(NULL, 2), (4, 10);
INSERT INTO c(pid, id) VALUES(1, 3), (NULL, 11);
",
    ));
}

/// Seed 4730: an UPSERT's DO UPDATE compiles its UPDATE triggers ahead, in the conflict
/// mode of the action's UPDATE: the SET NULL action drops the INSERT's and the DO UPDATE's
/// checks, for BEFORE and AFTER triggers alike.
#[test]
fn upsert_update_triggers_drop_the_checks() {
    for time in ["BEFORE", "AFTER"] {
        for stmt in [
            "INSERT INTO c VALUES(5, 3, 1) ON CONFLICT(id) DO UPDATE SET v = 2;",
            "INSERT INTO c VALUES(1, 3, 1) ON CONFLICT(id) DO UPDATE SET pid = 3;",
            "INSERT INTO c VALUES(1, 3, 1) ON CONFLICT(id) DO NOTHING;",
        ] {
            assert_script_matches(&with_pc(&format!(
                "CREATE TRIGGER tr0 {time} UPDATE ON c BEGIN DELETE FROM p WHERE id = 99; END;\n{stmt}"
            )));
        }
    }
}

/// A plain UPDATE compiles its triggers ahead too; the action's UPDATE fires an
/// unrestricted UPDATE trigger again as a new program (the check stays), not an UPDATE OF v
/// one (the check is dropped).
#[test]
fn update_triggers_and_the_action_update() {
    for trig in [
        "BEFORE UPDATE ON c",
        "BEFORE UPDATE OF v ON c",
        "AFTER UPDATE OF v ON c",
        "AFTER UPDATE ON c",
    ] {
        for stmt in [
            "UPDATE c SET v = 1, pid = 3;",
            "UPDATE OR REPLACE c SET pid = 3;",
            "INSERT INTO c VALUES(5, 3, 1) ON CONFLICT(id) DO UPDATE SET v = 1;",
        ] {
            assert_script_matches(&with_pc(&format!(
                "CREATE TRIGGER tr0 {trig} BEGIN DELETE FROM p WHERE id = 99; END;\n{stmt}"
            )));
        }
    }
}

/// Seeds 3134, 3397: under REPLACE a NULL in a NOT NULL column takes the column's default;
/// a default that is NULL too fails as ABORT, and those columns are checked after the
/// plain NOT NULL ones (sqlite3 3.40.1 names `p.a` before `p.b` below).
#[test]
fn replace_with_a_null_default_fails() {
    assert_script_matches(
        "CREATE TABLE p(id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b NUMERIC NOT NULL DEFAULT NULL, c INTEGER NOT NULL DEFAULT 'a');
REPLACE INTO p(c, a) VALUES(10, 4);
SELECT * FROM p;
REPLACE INTO p(c, a) VALUES(10, NULL);
REPLACE INTO p(c) VALUES(10);
REPLACE INTO p(a, c) VALUES(1, NULL);
REPLACE INTO p(a, b, c) VALUES(1, 2, NULL);
INSERT INTO p(a, b) VALUES(1, NULL) ON CONFLICT DO NOTHING;
INSERT OR REPLACE INTO p(a, b) VALUES(3, 4), (5, NULL);
SELECT * FROM p;
SELECT changes(), total_changes();
CREATE TABLE q(x NOT NULL DEFAULT NULL, y NOT NULL);
REPLACE INTO q(y) VALUES(NULL);
REPLACE INTO q(y) VALUES(1);
UPDATE OR REPLACE p SET b = NULL;
SELECT * FROM q;
SELECT * FROM p;",
    );
}

//! Part "fk": foreign keys in the writes mode, compared with the system sqlite3 —
//! `PRAGMA foreign_key_check`, FK failures of DELETE and COMMIT, and the rows FK actions
//! leave behind.

use ferrolite_difftest::assert_script_matches;

/// Writes seeds 7128 and 9193: `PRAGMA foreign_key_check` compares a child value with the
/// parent key after applying the parent column's affinity (as FK lookups do), so the
/// integer 2 in an untyped child column finds the TEXT parent key '2'. The check's query
/// compared `parent.a = child.pid`, where a BLOB-affinity child column converts nothing.
#[test]
fn foreign_key_check_applies_the_parent_affinity() {
    assert_script_matches(
        r#"
CREATE TABLE p(id INTEGER PRIMARY KEY, a TEXT UNIQUE COLLATE RTRIM, r REAL UNIQUE, b UNIQUE);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(a), t TEXT REFERENCES p(r), x REFERENCES p(b), y TEXT REFERENCES p(id));
INSERT INTO p(a, r, b) VALUES('2', 2.0, '3');
INSERT INTO p(a, r, b) VALUES('x ', 2.5, 4);
INSERT INTO c(pid, t, x, y) VALUES(2, '2', 3, '1');
INSERT INTO c(pid, t, x, y) VALUES('x', '2.50', '4', '2.0');
INSERT INTO c(pid, t, x, y) VALUES(2.0, '2e0', 4, ' 1');
PRAGMA foreign_key_check;
PRAGMA foreign_key_check(c);
"#,
    );
}

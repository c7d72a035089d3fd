//! Files with generated columns and STRICT tables, both directions: written by Ferrolite and
//! read by the system sqlite3 (rows, PRAGMA integrity_check), and the reverse. VIRTUAL
//! columns are absent from the records, STORED ones present, so a layout mistake shows up
//! as wrong values on the other side.

use ferrolite::Connection;
use ferrolite_interop::{
    assert_same_rows, ferrolite_rows, integrity, sqlite3_ok, sqlite3_rows, TempDir,
};

const SCHEMA: &str = "
    CREATE TABLE g(id INTEGER PRIMARY KEY, a, b AS (a * 2), c TEXT AS (a || '-' || b) STORED,
                   d, e AS (coalesce(d, 'none')) VIRTUAL);
    CREATE INDEX g_b ON g(b);
    CREATE INDEX g_ce ON g(c, e);
    CREATE TABLE w(x, y AS (x + 1), k TEXT PRIMARY KEY, z AS (k || x) STORED, q) WITHOUT ROWID;
    CREATE INDEX w_y ON w(y);
    CREATE TABLE s(i INTEGER PRIMARY KEY, n INT NOT NULL, r REAL, t TEXT, b BLOB, a ANY) STRICT;
    CREATE TABLE sw(k TEXT PRIMARY KEY, v INT, g INT AS (v * 10)) STRICT, WITHOUT ROWID;
";

const FILL: &str = "
    INSERT INTO g(a, d) VALUES (1, NULL), (2, 'x'), (3, 3.5), (NULL, NULL);
    UPDATE g SET a = a + 10 WHERE id = 2;
    DELETE FROM g WHERE id = 3;
    INSERT INTO g(a, d) VALUES (5, x'00ff');
    INSERT INTO w(x, k, q) VALUES (1, 'a', 'p'), (2, 'b', NULL), (3, 'c', 7);
    UPDATE w SET x = x * 100 WHERE k = 'b';
    INSERT INTO s(n, r, t, b, a) VALUES (1, 2, 3, x'01', '4'), ('5', 6.5, 'z', NULL, 7);
    INSERT INTO sw(k, v) VALUES ('m', 1), ('n', '2');
";

const CHECKS: &[&str] = &[
    "SELECT quote(id), quote(a), quote(b), quote(c), quote(d), quote(e) FROM g ORDER BY id",
    "SELECT quote(id) FROM g WHERE b = 24",
    "SELECT quote(c), quote(e) FROM g ORDER BY c, e",
    "SELECT quote(x), quote(y), quote(k), quote(z), quote(q) FROM w ORDER BY k",
    "SELECT quote(k) FROM w WHERE y = 201",
    "SELECT quote(i), quote(n), quote(r), quote(t), quote(b), quote(a) FROM s ORDER BY i",
    "SELECT quote(k), quote(v), quote(g) FROM sw ORDER BY k",
];

fn compare(conn: &Connection, db: &std::path::Path) {
    for q in CHECKS {
        let ours = ferrolite_rows(conn, q);
        let theirs = sqlite3_rows(db, q);
        assert_same_rows(&ours, &theirs, q);
    }
}

#[test]
fn ferrolite_writes_sqlite3_reads() {
    let dir = TempDir::new("gencol-fw");
    let db = dir.path("g.db");
    let conn = Connection::open(db.to_str().unwrap()).unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    conn.execute_batch(FILL).unwrap();
    compare(&conn, &db);
    assert_eq!(integrity(&db), "ok");
    // sqlite3 keeps writing the file; Ferrolite reads its rows.
    sqlite3_ok(
        &db,
        "INSERT INTO g(a) VALUES (100); INSERT INTO w(x, k) VALUES (9, 'z');",
    );
    compare(&conn, &db);
}

#[test]
fn sqlite3_writes_ferrolite_reads() {
    let dir = TempDir::new("gencol-sw");
    let db = dir.path("g.db");
    sqlite3_ok(&db, &format!("{SCHEMA}{FILL}"));
    let conn = Connection::open(db.to_str().unwrap()).unwrap();
    compare(&conn, &db);
    let ic = ferrolite_rows(&conn, "PRAGMA integrity_check");
    assert_eq!(ic, vec!["ok".to_string()]);
    // Ferrolite writes to sqlite3's file; sqlite3 still finds it intact.
    conn.execute_batch("INSERT INTO g(a, d) VALUES (7, 'q'); UPDATE w SET x = 4 WHERE k = 'a';")
        .unwrap();
    compare(&conn, &db);
    assert_eq!(integrity(&db), "ok");
}

//! REAL-affinity storage: a whole-number REAL in a REAL column is stored as an integer
//! (-2^47 <= v < 2^47) and read back as REAL; -0.0 comes back as 0.0. Pinned against the
//! system sqlite3: the file bytes of the same script, reads of files either engine wrote,
//! and the values through every read path (tables, indexes, WITHOUT ROWID, STRICT,
//! generated columns, UPDATE/DELETE/RETURNING/triggers).

use std::path::PathBuf;
use std::process::Command;

use ferrolite::Connection;
use ferrolite_difftest::{assert_script_matches, ours_run};

/// A file path in a fresh temporary directory.
fn temp_db(tag: &str) -> PathBuf {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "ferrolite-realaff-{tag}-{}-{n}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir.join("t.db")
}

/// Runs `script` with the system sqlite3 shell on `db`; returns its stdout.
fn sqlite3(db: &PathBuf, script: &str) -> String {
    let out = Command::new("sqlite3")
        .arg("-batch")
        .arg(db)
        .arg(script)
        .output()
        .expect("the system sqlite3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const SCHEMA_AND_ROWS: &str = "
CREATE TABLE t(a REAL, b);
CREATE INDEX ti ON t(a);
CREATE INDEX te ON t(a + 0.0, b);
CREATE TABLE w(a REAL PRIMARY KEY, b REAL, c) WITHOUT ROWID;
CREATE INDEX wi ON w(b);
CREATE TABLE s(a REAL, b ANY) STRICT;
CREATE TABLE g(a, b REAL AS (a) STORED, c REAL AS (a) VIRTUAL, d INT);
CREATE INDEX gb ON g(b);
CREATE INDEX gc ON g(c);
INSERT INTO t VALUES(1.0, 1.0), (-0.0, 2.5), (1e20, 3), (0.5, 0), (2, 2.0), ('3.0', 'x');
INSERT INTO t VALUES(140737488355327.0, 0), (140737488355328.0, 0);
INSERT INTO t VALUES(-140737488355328.0, 0), (-140737488355329.0, 0);
INSERT INTO t VALUES(2147483648.0, 0), (-32768.0, 0), (9007199254740992.0, 0);
INSERT INTO t VALUES(9.223372036854775807e18, 0), (1e308 * 10, 0), (-1e308 * 10, 0);
INSERT INTO w VALUES(1.0, 2.0, 3.0), (3.0, -0.0, 0.5), (2.5, 7.0, 1);
INSERT INTO s VALUES(1.0, 2.0), (-0.0, 1), (4, 4.0);
INSERT INTO g(a) VALUES(1.0), (2), (-0.0), (2.5), ('8');
";

/// The same inserts give the same file, byte for byte (records included).
#[test]
fn file_bytes_match_sqlite() {
    let theirs = temp_db("theirs");
    let ours = temp_db("ours");
    sqlite3(&theirs, SCHEMA_AND_ROWS);
    let conn = Connection::open(ours.to_str().expect("utf-8 path")).expect("open");
    ours_run(&conn, SCHEMA_AND_ROWS).expect("script runs");
    drop(conn);
    let a = std::fs::read(&ours).expect("read ours");
    let b = std::fs::read(&theirs).expect("read theirs");
    assert_eq!(a.len(), b.len(), "file sizes");
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    assert!(
        diff.is_empty(),
        "bytes differ at {:?}",
        &diff[..diff.len().min(20)]
    );
}

const READS: &str = "
SELECT a, typeof(a), b, typeof(b) FROM t ORDER BY rowid;
SELECT a, typeof(a) FROM t INDEXED BY ti WHERE a > -1e300 ORDER BY a;
SELECT a, b, c, typeof(a), typeof(b), typeof(c) FROM w;
SELECT b, typeof(b) FROM w INDEXED BY wi WHERE b >= 0;
SELECT a, typeof(a), b, typeof(b) FROM s;
SELECT a, b, typeof(b), c, typeof(c) FROM g;
SELECT b, typeof(b) FROM g INDEXED BY gb WHERE b >= 0;
SELECT c, typeof(c) FROM g INDEXED BY gc WHERE c >= 0;
SELECT atan2(a, a) FROM t WHERE b = 2.5;
PRAGMA integrity_check;
";

/// Each engine reads the file the other wrote the same way.
#[test]
fn files_cross_read() {
    let theirs = temp_db("xtheirs");
    let ours = temp_db("xours");
    sqlite3(&theirs, SCHEMA_AND_ROWS);
    let conn = Connection::open(ours.to_str().expect("utf-8 path")).expect("open");
    ours_run(&conn, SCHEMA_AND_ROWS).expect("script runs");
    drop(conn);
    let sqlite_reads_ours = sqlite3(&ours, READS);
    let sqlite_reads_theirs = sqlite3(&theirs, READS);
    assert_eq!(sqlite_reads_ours, sqlite_reads_theirs);
    let conn = Connection::open(theirs.to_str().expect("utf-8 path")).expect("open");
    for q in READS.lines().filter(|l| !l.trim().is_empty()) {
        let rows = ours_run(&conn, q).expect("query runs");
        let text: Vec<String> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        ferrolite::Value::Null => String::new(),
                        ferrolite::Value::Real(x) => ferrolite_real(*x),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        let want = sqlite3(&theirs, q);
        assert_eq!(text.join("\n"), want.trim_end(), "{q}");
    }
}

/// sqlite3's shell text of a REAL (%!.15g).
fn ferrolite_real(x: f64) -> String {
    ferrolite::Value::Real(x).to_string()
}

/// The values read back through every path, compared with sqlite3.
#[test]
fn values_read_back() {
    assert_script_matches(&format!("{SCHEMA_AND_ROWS}{READS}").replace(";\n", "\n"));
}

/// Old rows read by UPDATE, DELETE, RETURNING, triggers and UPSERT are REAL again.
#[test]
fn old_values_in_writes() {
    assert_script_matches(
        "CREATE TABLE t(a, g REAL AS (a) STORED, b)
         INSERT INTO t(a, b) VALUES(5, 0)
         UPDATE t SET b = -g
         SELECT a, g, b, typeof(b) FROM t
         CREATE TABLE u(a REAL, b)
         INSERT INTO u VALUES(2.0, 0)
         UPDATE u SET b = a
         SELECT a, b, typeof(b) FROM u
         CREATE TABLE log(x, y)
         CREATE TRIGGER tr AFTER UPDATE ON u BEGIN INSERT INTO log VALUES(old.a, typeof(old.a)); END
         UPDATE u SET b = 1 WHERE rowid = 1
         SELECT x, y, typeof(x) FROM log
         CREATE UNIQUE INDEX ua ON u(a)
         INSERT INTO u VALUES(2.0, 9) ON CONFLICT(a) DO UPDATE SET b = a * 3
         SELECT a, b, typeof(b) FROM u
         INSERT INTO u VALUES(2.0, 9) ON CONFLICT(a) DO UPDATE SET b = excluded.a RETURNING a, b
         UPDATE u SET a = -0.0 RETURNING a, atan2(a, a)
         SELECT a, atan2(a, a) FROM u
         DELETE FROM u RETURNING a, typeof(a)
         CREATE TABLE v(a REAL PRIMARY KEY, b) WITHOUT ROWID
         INSERT INTO v VALUES(1.0, 1), (2.5, 2)
         UPDATE v SET b = a * 2
         SELECT a, b, typeof(a), typeof(b) FROM v
         DELETE FROM v WHERE a = 1 RETURNING a, typeof(a)",
    );
}

/// The sign of zero through the math functions (funcs mode seeds 1743, 1957, 2916).
#[test]
fn negative_zero() {
    assert_script_matches(
        "CREATE TABLE f(n BLOB, r REAL)
         INSERT INTO f VALUES(-0.0, -0.0)
         SELECT atan2(n, n), atan2(r, r), atan2(n, ceiling(n)), atan2(r, ceiling(r)) FROM f
         SELECT atan2(-0.0, ceiling(-0.0)), atan2(-0.0, floor(-0.0)), atan2(-0.0, trunc(-0.5))
         SELECT atan2(-0.0, ceil(-0.5)), atan2(-0.0, abs(-0.0)), atan2(-0.0, round(-0.4))
         SELECT atan2(-0.0, round(-0.0)), atan2(-0.0, round(-0.04, 1)), atan2(-0.0, round(-0.0, 1))",
    );
}

/// REAL column affinity already turns -0.0 into 0.0 in the row being written: BEFORE and
/// AFTER triggers, CHECK, RETURNING and VIRTUAL REAL columns see 0.0; CAST does not.
#[test]
fn negative_zero_in_rows_written() {
    assert_script_matches(
        "CREATE TABLE u(a REAL, b)
         CREATE TABLE log(w, x)
         CREATE TRIGGER tb BEFORE INSERT ON u BEGIN INSERT INTO log VALUES('b', atan2(new.a, new.a)); END
         CREATE TRIGGER ta AFTER INSERT ON u BEGIN INSERT INTO log VALUES('a', atan2(new.a, new.a)); END
         CREATE TRIGGER tbu BEFORE UPDATE ON u BEGIN INSERT INTO log VALUES('bu', atan2(new.a, new.a)); END
         CREATE TRIGGER tau AFTER UPDATE ON u BEGIN INSERT INTO log VALUES('au', atan2(new.a, new.a)); END
         INSERT INTO u VALUES(-0.0, 1) RETURNING atan2(a, a)
         UPDATE u SET a = -0.0 RETURNING atan2(a, a)
         SELECT w, x FROM log
         CREATE TABLE s(a REAL, b ANY) STRICT
         INSERT INTO s VALUES(-0.0, 1) RETURNING atan2(a, a)
         CREATE TABLE g(a, b REAL AS (a) VIRTUAL, c REAL AS (a) STORED)
         INSERT INTO g(a) VALUES(-0.0) RETURNING atan2(b, b), atan2(c, c), atan2(a, a)
         SELECT atan2(b, b), atan2(c, c), atan2(a, a) FROM g
         CREATE TABLE m(a REAL CHECK (atan2(a, a) < 0))
         INSERT INTO m VALUES(-0.0)
         SELECT atan2(CAST(-0.0 AS REAL), CAST(-0.0 AS REAL))
         CREATE TABLE x(a REAL, b)
         CREATE UNIQUE INDEX xa ON x(a)
         INSERT INTO x VALUES(1.0, 1)
         INSERT INTO x VALUES(1.0, 2) ON CONFLICT(a) DO UPDATE SET a = -0.0 RETURNING atan2(a, a)
         INSERT OR REPLACE INTO x VALUES(-0.0, 5) RETURNING atan2(a, a)",
    );
}

/// BEFORE triggers see NEW with the columns' affinities applied.
#[test]
fn before_triggers_see_affinity() {
    assert_script_matches(
        "CREATE TABLE p(a INT, b REAL, c TEXT)
         CREATE TABLE log(x, y, z)
         CREATE TRIGGER pt BEFORE INSERT ON p BEGIN INSERT INTO log VALUES(typeof(new.a), typeof(new.b), typeof(new.c)); END
         CREATE TRIGGER pu BEFORE UPDATE ON p BEGIN INSERT INTO log VALUES(typeof(new.a), typeof(new.b), typeof(new.c)); END
         INSERT INTO p VALUES('5', 3, 4)
         UPDATE p SET a = '7', b = 4, c = 5.5
         SELECT * FROM log",
    );
}

/// A generated REAL column's whole value is "int-real" (sqlite3's MEM_IntReal): REAL, but
/// stored as an integer in an ORDER BY sorter or a compound's table, so it reads back as an
/// INTEGER there; GROUP BY and window rows read back REAL. (Not matched yet: sqlite3 keeps
/// it int-real through some DISTINCT + ORDER BY shapes, `SELECT DISTINCT g0, c1 ... ORDER
/// BY 1`, and through scalar max()/min().)
#[test]
fn int_real_generated_columns() {
    assert_script_matches(
        "CREATE TABLE t1(c0 DOUBLE, c1, g0 REAL AS (c1 * c0) VIRTUAL)
         INSERT INTO t1(c0, c1) VALUES(5.0, '2'), (1.5, 1), (2, 2)
         SELECT g0, typeof(g0) FROM t1
         SELECT g0 FROM t1 ORDER BY c1
         SELECT g0 FROM t1 ORDER BY g0
         SELECT DISTINCT g0 FROM t1
         SELECT g0, count(*) FROM t1 GROUP BY g0
         SELECT g0 FROM t1 UNION SELECT 7.0
         SELECT coalesce(g0, 1) FROM t1 ORDER BY 1
         SELECT g0 + 0 FROM t1 ORDER BY 1
         SELECT max(g0) FROM t1
         SELECT CAST(g0 AS REAL) FROM t1 ORDER BY 1
         SELECT coalesce(g0, 0), count(*) FROM t1 GROUP BY coalesce(g0, 0)
         SELECT g0, count(*) FROM t1 GROUP BY c1
         CREATE TABLE q(a REAL, b, g AS (typeof(a)), k AS (CASE WHEN a > b THEN a ELSE '' END) STORED, m AS (a) STORED)
         INSERT INTO q(a, b) VALUES(5.0, 1), (5, 1), (2147483648, 'x')
         SELECT g, typeof(k), typeof(m) FROM q
         SELECT k FROM q ORDER BY b
         SELECT a FROM q ORDER BY b",
    );
}

//! Plain VACUUM rebuilds the file compactly: compared with what the system sqlite3's own
//! VACUUM makes of the same file (same content and root pages, no free pages, a page count
//! within 3% of sqlite3's), in rollback and WAL mode, and the file stays a valid database
//! for sqlite3 (`integrity_check`).

use std::path::Path;

use ferrolite::{Connection, Value};
use ferrolite_interop::{integrity, sqlite3_ok, TempDir};

/// A database with holes: deleted rows, a dropped index, overflow chains, a WITHOUT ROWID
/// table, a view and a trigger; header settings VACUUM must keep.
const SETUP: &str = "
    PRAGMA user_version=7; PRAGMA application_id=99;
    CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
    CREATE INDEX ti ON t(b);
    CREATE TABLE u(x, y);
    CREATE TABLE kv(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
    WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<4000)
      INSERT INTO t SELECT i, printf('%0100d', i) FROM c;
    INSERT INTO u SELECT a, zeroblob(3000) || a FROM t WHERE a%10=0;
    INSERT INTO kv SELECT b, a FROM t WHERE a%7=0;
    DELETE FROM t WHERE a%3=0;
    DELETE FROM kv WHERE v%2=0;
    DROP INDEX ti;
    CREATE INDEX ti2 ON t(b DESC);
    CREATE VIEW v AS SELECT * FROM t;
    CREATE TRIGGER tr AFTER INSERT ON u BEGIN SELECT 1; END;
";

fn page_count(db: &Path) -> i64 {
    sqlite3_ok(db, "PRAGMA page_count;").trim().parse().unwrap()
}

fn check_against_sqlite3(journal: &str) {
    let dir = TempDir::new(&format!("vacuum-{journal}"));
    let ours = dir.path("ours.db");
    let theirs = dir.path("theirs.db");
    sqlite3_ok(&ours, &format!("PRAGMA journal_mode={journal};{SETUP}"));
    std::fs::copy(&ours, &theirs).unwrap();
    let before = page_count(&ours);
    sqlite3_ok(&theirs, "VACUUM;");

    let c = Connection::open(ours.to_str().unwrap()).unwrap();
    // A statement prepared before VACUUM runs after it (the roots moved: it re-prepares).
    let mut st = c.prepare("SELECT count(*), sum(length(b)) FROM t").unwrap();
    c.execute_batch("VACUUM").unwrap();
    let got = c.query_all("SELECT count(*) FROM u", &[]).unwrap();
    assert_eq!(got, vec![vec![Value::Integer(400)]]);
    st.step().unwrap();
    assert_eq!(st.column_value(0), &Value::Integer(2667));
    drop(st);
    drop(c);

    assert_eq!(integrity(&ours), "ok");
    let shape = "PRAGMA freelist_count; PRAGMA user_version; PRAGMA application_id;
                 SELECT name, rootpage FROM sqlite_schema;";
    assert_eq!(sqlite3_ok(&ours, shape), sqlite3_ok(&theirs, shape));
    assert_eq!(sqlite3_ok(&ours, ".dump"), sqlite3_ok(&theirs, ".dump"));
    let (ours_n, theirs_n) = (page_count(&ours), page_count(&theirs));
    assert!(ours_n < before, "{ours_n} pages after, {before} before");
    assert!(
        ours_n * 100 <= theirs_n * 103,
        "ours {ours_n} pages, sqlite3 {theirs_n}"
    );
}

#[test]
fn vacuum_compacts_like_sqlite3_rollback_journal() {
    check_against_sqlite3("delete");
}

#[test]
fn vacuum_compacts_like_sqlite3_wal() {
    check_against_sqlite3("wal");
}

#[test]
fn vacuum_inside_a_transaction_is_refused_and_changes_nothing() {
    let dir = TempDir::new("vacuum-txn");
    let db = dir.path("x.db");
    sqlite3_ok(&db, SETUP);
    let before = page_count(&db);
    let c = Connection::open(db.to_str().unwrap()).unwrap();
    c.execute_batch("BEGIN; INSERT INTO u VALUES(1, 2);")
        .unwrap();
    let e = c.execute_batch("VACUUM").unwrap_err();
    assert_eq!(e.message, "cannot VACUUM from within a transaction");
    c.execute_batch("ROLLBACK").unwrap();
    drop(c);
    assert_eq!(page_count(&db), before);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn vacuum_of_an_empty_or_memory_database() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("VACUUM").unwrap();
    c.execute_batch(
        "CREATE TABLE t(x); INSERT INTO t VALUES(1),(2); DELETE FROM t WHERE x=1; VACUUM",
    )
    .unwrap();
    assert_eq!(
        c.query_all("SELECT x FROM t", &[]).unwrap(),
        vec![vec![Value::Integer(2)]]
    );
}

#[test]
fn vacuum_into_writes_a_compact_copy() {
    let dir = TempDir::new("vacuum-into");
    let db = dir.path("src.db");
    let copy = dir.path("copy.db");
    let theirs = dir.path("theirs.db");
    sqlite3_ok(&db, &format!("PRAGMA journal_mode=wal;{SETUP}"));
    sqlite3_ok(&db, &format!("VACUUM INTO '{}';", theirs.display()));
    let c = Connection::open(db.to_str().unwrap()).unwrap();
    c.execute_batch(&format!("VACUUM INTO '{}'", copy.display()))
        .unwrap();
    drop(c);
    assert_eq!(integrity(&copy), "ok");
    let shape = "PRAGMA journal_mode; PRAGMA freelist_count; PRAGMA user_version;
                 SELECT name, rootpage FROM sqlite_schema;";
    assert_eq!(sqlite3_ok(&copy, shape), sqlite3_ok(&theirs, shape));
    assert_eq!(sqlite3_ok(&copy, ".dump"), sqlite3_ok(&theirs, ".dump"));
    assert!(page_count(&copy) * 100 <= page_count(&theirs) * 103);
}

/// `PRAGMA page_size` on a database with pages takes effect at the next VACUUM (rollback
/// mode); in WAL mode it never does. As sqlite3.
#[test]
fn page_size_changes_at_vacuum_outside_wal() {
    for (journal, want) in [("delete", "4096\n8192"), ("wal", "4096\n4096")] {
        let dir = TempDir::new(&format!("vacuum-ps-{journal}"));
        let ours = dir.path("ours.db");
        let theirs = dir.path("theirs.db");
        sqlite3_ok(&ours, &format!("PRAGMA journal_mode={journal};{SETUP}"));
        std::fs::copy(&ours, &theirs).unwrap();
        let script = "PRAGMA page_size=8192; PRAGMA page_size; VACUUM; PRAGMA page_size;";
        let c = Connection::open(ours.to_str().unwrap()).unwrap();
        let mut got = Vec::new();
        for sql in script.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            for row in c.query_all(sql, &[]).unwrap() {
                got.push(format!("{:?}", row[0]));
            }
        }
        drop(c);
        let theirs_out = sqlite3_ok(&theirs, script);
        assert_eq!(theirs_out.trim(), want, "{journal}");
        let want_rows: Vec<String> = want
            .lines()
            .map(|n| format!("{:?}", Value::Integer(n.parse().unwrap())))
            .collect();
        assert_eq!(got, want_rows, "{journal}");
        assert_eq!(integrity(&ours), "ok");
        assert_eq!(sqlite3_ok(&ours, ".dump"), sqlite3_ok(&theirs, ".dump"));
    }
}

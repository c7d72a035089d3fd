//! The largest value SQLite stores (issue: "balancing on insert and delete for values from 0
//! bytes to 1 GB"): a 999,999,000-byte blob, just under SQLITE_MAX_LENGTH once its record
//! header is counted, written by Ferrolite, checked and read by the system sqlite3, then
//! deleted by Ferrolite with its pages going to the freelist. One byte more than the limit is
//! refused with SQLITE_TOOBIG, as sqlite3 refuses it.

use ferrolite::Connection;
use ferrolite_interop::{integrity, sqlite3_ok, TempDir};

const HUGE: i64 = 999_999_000;

#[test]
fn a_one_gigabyte_blob_round_trips_with_sqlite3() {
    let dir = TempDir::new("huge");
    let db = dir.path("huge.db");
    let conn = Connection::open(db.to_str().unwrap()).unwrap();
    conn.execute_batch(&format!(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, b);
         INSERT INTO t VALUES(1, x'');
         INSERT INTO t VALUES(2, zeroblob({HUGE}));
         INSERT INTO t VALUES(3, 'after');"
    ))
    .unwrap();
    let too_big = conn.execute_batch("INSERT INTO t VALUES(4, zeroblob(1000000000))");
    assert_eq!(too_big.unwrap_err().code(), 18, "SQLITE_TOOBIG");
    drop(conn);

    assert_eq!(integrity(&db), "ok");
    assert_eq!(
        sqlite3_ok(
            &db,
            "SELECT id, length(b), hex(substr(b, 1, 3)), hex(substr(b, -2)) FROM t ORDER BY id;"
        ),
        format!("1|0||\n2|{HUGE}|000000|0000\n3|5|616674|6572\n")
    );

    let conn = Connection::open(db.to_str().unwrap()).unwrap();
    conn.execute_batch("DELETE FROM t WHERE id = 2").unwrap();
    drop(conn);
    assert_eq!(integrity(&db), "ok");
    let free: i64 = sqlite3_ok(&db, "PRAGMA freelist_count;")
        .trim()
        .parse()
        .unwrap();
    assert!(free > 200_000, "the blob's pages are free: {free}");
    assert_eq!(sqlite3_ok(&db, "SELECT count(*) FROM t;"), "2\n");
}

//! End-to-end tests through the public `Connection` API, with expected results taken from
//! sqlite3 3.40.1.

use crate::{Connection, Value};

fn rows(c: &Connection, sql: &str) -> Vec<Vec<Value>> {
    c.query_all(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn one(c: &Connection, sql: &str) -> Value {
    rows(c, sql).remove(0).remove(0)
}

fn err(c: &Connection, sql: &str) -> String {
    match c.execute_batch(sql) {
        Ok(()) => panic!("{sql}: expected an error"),
        Err(e) => e.message,
    }
}

#[test]
fn sqlite_schema_of_a_database_with_no_pages_is_empty() {
    // Page 1 only exists after the first write; reading the schema table before then is an
    // empty table, not a corrupt one (the shell's `.import` asks this of a new database).
    let dir = std::env::temp_dir().join(format!("ferrolite-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("empty.db");
    std::fs::write(&path, b"").unwrap();
    for name in [":memory:", path.to_str().unwrap()] {
        let c = Connection::open(name).unwrap();
        let q = "SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') AND name = 't'";
        assert!(rows(&c, q).is_empty());
        assert!(rows(&c, "SELECT * FROM sqlite_master ORDER BY rowid DESC").is_empty());
        assert!(rows(&c, "SELECT * FROM sqlite_schema WHERE rowid = 1").is_empty());
        assert_eq!(
            one(&c, "SELECT count(*) FROM sqlite_schema"),
            Value::Integer(0)
        );
        assert_eq!(
            rows(&c, "SELECT max(rowid), min(name) FROM sqlite_schema"),
            vec![vec![Value::Null, Value::Null]]
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pragmas_on_a_new_database() {
    let c = Connection::open(":memory:").unwrap();
    assert_eq!(one(&c, "PRAGMA user_version"), Value::Integer(0));
    c.execute_batch("PRAGMA user_version = 7").unwrap();
    assert_eq!(one(&c, "PRAGMA user_version"), Value::Integer(7));
    assert_eq!(one(&c, "PRAGMA encoding"), Value::Text("UTF-8".into()));
    assert_eq!(one(&c, "PRAGMA journal_mode"), Value::Text("memory".into()));
    assert_eq!(one(&c, "PRAGMA cache_size"), Value::Integer(-2000));
    assert_eq!(one(&c, "PRAGMA foreign_keys"), Value::Integer(0));
    c.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    assert_eq!(one(&c, "PRAGMA foreign_keys"), Value::Integer(1));
    assert_eq!(one(&c, "PRAGMA integrity_check"), Value::Text("ok".into()));
    assert_eq!(one(&c, "PRAGMA page_size"), Value::Integer(4096));
    let st = c.prepare("PRAGMA busy_timeout").unwrap();
    assert_eq!(st.column_name(0), "timeout");
    assert!(rows(&c, "PRAGMA no_such_pragma").is_empty());
    let st = c.prepare("PRAGMA user_version=3").unwrap();
    assert_eq!(st.column_count(), 0);
}

#[test]
fn transaction_statement_errors() {
    let c = Connection::open(":memory:").unwrap();
    assert_eq!(
        err(&c, "COMMIT"),
        "cannot commit - no transaction is active"
    );
    assert_eq!(
        err(&c, "ROLLBACK"),
        "cannot rollback - no transaction is active"
    );
    c.execute_batch("BEGIN").unwrap();
    assert!(!c.is_autocommit());
    assert_eq!(
        err(&c, "BEGIN"),
        "cannot start a transaction within a transaction"
    );
    c.execute_batch("COMMIT").unwrap();
    assert!(c.is_autocommit());
    assert_eq!(err(&c, "RELEASE x"), "no such savepoint: x");
    c.execute_batch("SAVEPOINT a; RELEASE a").unwrap();
    assert!(c.is_autocommit());
}

#[test]
fn tail_and_empty_statements() {
    let c = Connection::open(":memory:").unwrap();
    let (st, tail) = c.prepare_first("  -- nothing\n ").unwrap();
    assert!(st.is_none());
    assert_eq!(tail, 14);
    let sql = "PRAGMA user_version; PRAGMA application_id";
    let (st, tail) = c.prepare_first(sql).unwrap();
    assert_eq!(st.unwrap().sql(), "PRAGMA user_version;");
    assert_eq!(&sql[tail..], " PRAGMA application_id");
}

/// A value as the sqlite3 shell prints it in list mode (text stops at a NUL byte).
fn shell_text(v: &Value) -> String {
    let s = v.to_string();
    match s.find('\0') {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[allow(dead_code)]
/// Runs `setup` then `query` through the system sqlite3 (list mode) and through Ferrolite, and
/// compares the rendered rows (or the error message).
fn diff(setup: &str, query: &str) {
    let out = std::process::Command::new("sqlite3")
        .arg(":memory:")
        .arg(format!("{setup};\n{query}"))
        .output()
        .expect("sqlite3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected: Result<Vec<String>, String> = match stderr.lines().next() {
        Some(l) if l.starts_with("Error") => {
            let msg = l.split_once(", ").map_or(l, |(_, m)| m);
            // "UNIQUE constraint failed: t.a (19)": drop the extended-code suffix.
            let msg = match msg.rsplit_once(" (") {
                Some((m, code))
                    if code.ends_with(')')
                        && code[..code.len() - 1].bytes().all(|b| b.is_ascii_digit()) =>
                {
                    m
                }
                _ => msg,
            };
            Err(msg.to_string())
        }
        _ => Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect()),
    };
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch(setup)
        .unwrap_or_else(|e| panic!("setup {setup}: {e}"));
    let got: Result<Vec<String>, String> = c
        .query_all(query, &[])
        .map(|rows| {
            rows.iter()
                .map(|r| r.iter().map(shell_text).collect::<Vec<_>>().join("|"))
                .collect()
        })
        .map_err(|e| e.message);
    assert_eq!(got, expected, "query: {query}");
}

#[test]
fn create_insert_select() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL)")
        .unwrap();
    assert_eq!(
        c.execute("INSERT INTO t(b, c) VALUES ('x', 1.5), ('y', 2)", &[])
            .unwrap(),
        2
    );
    assert_eq!(c.last_insert_rowid(), 2);
    assert_eq!(
        rows(&c, "SELECT a, b, c FROM t ORDER BY a"),
        vec![
            vec![Value::Integer(1), Value::Text("x".into()), Value::Real(1.5)],
            vec![Value::Integer(2), Value::Text("y".into()), Value::Real(2.0)],
        ]
    );
}

const T1: &str = "CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB, e);
INSERT INTO t VALUES(1, 'one', 1.5, x'01', NULL);
INSERT INTO t VALUES(2, 'two', 2.0, NULL, 'x');
INSERT INTO t VALUES(3, '3', -0.5, x'0203', 3);
INSERT INTO t VALUES(NULL, NULL, NULL, NULL, NULL);
INSERT INTO t VALUES('10', '10', '10', '10', '10');";

#[test]
fn differential_expressions() {
    for q in [
        "SELECT 1 < '1', 1 = '1', '1' = 1",
        "SELECT CAST('12abc' AS INTEGER), CAST('1e3' AS INTEGER), CAST('3.0' AS NUMERIC)",
        "SELECT 9223372036854775807+1, -9223372036854775808-1, 5/0, 5%0, 5.5%2",
        "SELECT 1/2, 1.0/2, 7/-2, -7%3, 2*3.0, '3'+'4', '1.5x'*2",
        "SELECT 'a'||1||2.5||NULL, 'a'||1||2.5",
        "SELECT 1<<62, 1<<64, -1>>1, ~5, 5&3, 5|3",
        "SELECT NULL=NULL, NULL IS NULL, 1 IS NOT NULL, NULL AND 0, NULL OR 1, NOT NULL",
        "SELECT typeof(1), typeof(1.0), typeof('a'), typeof(x'00'), typeof(NULL)",
        "SELECT abs(-5), upper('abc'), length('héllo'), substr('hello', 2, 3)",
        "SELECT CASE 1 WHEN 1 THEN 'a' ELSE 'b' END, CASE WHEN NULL THEN 1 ELSE 2 END",
        "SELECT 1 BETWEEN 0 AND 2, 'b' IN ('a','b'), 3 NOT IN (1,2), NULL IN (1,2)",
        "SELECT 'abc' LIKE 'A%', 'abc' GLOB 'A*', 'abc' < 'abd', 'a' < x'00'",
        "SELECT 0.1+0.2, 1e308*10, -1e308*10, 100000000000000000000",
        "SELECT coalesce(NULL, NULL, 3), ifnull(NULL, 'x'), nullif(1, 1), iif(1, 'y', 'n')",
        "SELECT CAST(1.9 AS INTEGER), CAST(-1.9 AS INTEGER), CAST('abc' AS REAL), CAST(12 AS TEXT)",
        "SELECT 'abc' = 'ABC' COLLATE NOCASE, 'a  ' = 'a' COLLATE RTRIM, min(3, 1, 2), max('a', 'b')",
    ] {
        diff("", q);
    }
}

#[test]
fn differential_table_queries() {
    for q in [
        "SELECT * FROM t",
        "SELECT a, typeof(a), typeof(b), typeof(c), typeof(d), typeof(e) FROM t",
        "SELECT a FROM t WHERE a > 1 ORDER BY a DESC",
        "SELECT b FROM t WHERE b > 2 ORDER BY b",
        "SELECT count(*), count(a), sum(a), avg(a), min(b), max(b), total(c) FROM t",
        "SELECT a % 2 AS k, count(*) FROM t GROUP BY k ORDER BY k",
        "SELECT DISTINCT a % 2 FROM t ORDER BY 1",
        "SELECT a, b FROM t ORDER BY b DESC LIMIT 2 OFFSET 1",
        "SELECT a FROM t WHERE a IN (1, 3, 10) ORDER BY a",
        "SELECT a FROM t WHERE c = 10",
        "SELECT a FROM t WHERE e = '10'",
        "SELECT x.a, y.a FROM t x JOIN t y ON x.a = y.a - 1 ORDER BY 1",
        "SELECT a FROM t WHERE a = (SELECT max(a) FROM t)",
        "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM t u WHERE u.a = t.a + 1) ORDER BY a",
        "SELECT a FROM t UNION SELECT a + 1 FROM t ORDER BY 1",
        "SELECT group_concat(b, ',') FROM t",
        "SELECT rowid, a FROM t WHERE rowid = 3",
        "SELECT a FROM t WHERE a IS NULL",
        "SELECT sum(a) FROM t GROUP BY b IS NULL HAVING sum(a) > 2",
    ] {
        diff(T1, q);
    }
}

#[test]
fn differential_dml() {
    let setup = format!(
        "{T1}; CREATE INDEX ta ON t(a); UPDATE t SET c = c * 2 WHERE a < 3;
         DELETE FROM t WHERE a = 2; INSERT INTO t(a) SELECT a + 100 FROM t WHERE a IS NOT NULL;"
    );
    for q in [
        "SELECT * FROM t ORDER BY rowid",
        "SELECT a FROM t WHERE a > 50 ORDER BY a",
        "SELECT count(*) FROM t",
        "PRAGMA integrity_check",
    ] {
        diff(&setup, q);
    }
}

#[test]
fn differential_errors() {
    diff("", "SELECT * FROM nosuch");
    diff("", "SELECT nosuch(1)");
    diff("", "SELECT abs(1, 2)");
    diff("", "SELECT abs(-9223372036854775808)");
    diff("CREATE TABLE t(a)", "SELECT b FROM t");
    diff(
        "CREATE TABLE t(a UNIQUE); INSERT INTO t VALUES(1)",
        "INSERT INTO t VALUES(1)",
    );
    diff("CREATE TABLE t(a NOT NULL)", "INSERT INTO t VALUES(NULL)");
    diff(
        "CREATE TABLE t(a INTEGER PRIMARY KEY)",
        "INSERT INTO t VALUES('x')",
    );
    diff("CREATE TABLE t(a CHECK (a > 0))", "INSERT INTO t VALUES(0)");
    diff("", "SELECT 1 FROM");
}

#[test]
fn constraint_failure_rolls_back_only_the_statement() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(a UNIQUE); BEGIN; INSERT INTO t VALUES(1);")
        .unwrap();
    let e = c.execute("INSERT INTO t VALUES(2), (1)", &[]).unwrap_err();
    assert_eq!(e.message, "UNIQUE constraint failed: t.a");
    assert!(!c.is_autocommit());
    c.execute_batch("COMMIT").unwrap();
    assert_eq!(rows(&c, "SELECT a FROM t"), vec![vec![Value::Integer(1)]]);
    // Autocommit: the failed statement leaves nothing behind.
    assert!(c.execute("INSERT INTO t VALUES(3), (1)", &[]).is_err());
    assert_eq!(one(&c, "SELECT count(*) FROM t"), Value::Integer(1));
    // ROLLBACK undoes a whole transaction.
    c.execute_batch("BEGIN; INSERT INTO t VALUES(5); ROLLBACK")
        .unwrap();
    assert_eq!(one(&c, "SELECT count(*) FROM t"), Value::Integer(1));
    // Savepoints.
    c.execute_batch(
        "BEGIN; INSERT INTO t VALUES(6); SAVEPOINT s; INSERT INTO t VALUES(7);
         ROLLBACK TO s; RELEASE s; COMMIT",
    )
    .unwrap();
    assert_eq!(
        rows(&c, "SELECT a FROM t ORDER BY a"),
        vec![vec![Value::Integer(1)], vec![Value::Integer(6)]]
    );
}

#[test]
fn file_database_round_trip_with_sqlite3() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("rt.db");
    let _ = std::fs::remove_file(&path);
    let p = path.to_str().unwrap();
    {
        let c = Connection::open(p).unwrap();
        c.execute_batch(
            "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT); CREATE INDEX tb ON t(b);
             INSERT INTO t(b) VALUES('x'), ('y'), ('z'); PRAGMA user_version = 9;",
        )
        .unwrap();
    }
    let out = std::process::Command::new("sqlite3")
        .arg(p)
        .arg("PRAGMA integrity_check; SELECT a, b FROM t ORDER BY b DESC; PRAGMA user_version;")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ok\n3|z\n2|y\n1|x\n9\n"
    );
    std::process::Command::new("sqlite3")
        .arg(p)
        .arg("INSERT INTO t(b) VALUES('w'); CREATE TABLE u(v);")
        .output()
        .unwrap();
    let c = Connection::open(p).unwrap();
    assert_eq!(
        rows(&c, "SELECT b FROM t WHERE b < 'x'"),
        vec![vec![Value::Text("w".into())]]
    );
    assert_eq!(one(&c, "SELECT count(*) FROM u"), Value::Integer(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn second_connection_sees_schema_and_data_changes() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe2-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("two.db");
    let _ = std::fs::remove_file(&path);
    let p = path.to_str().unwrap();
    let a = Connection::open(p).unwrap();
    let b = Connection::open(p).unwrap();
    a.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES(1)")
        .unwrap();
    // b loaded its (empty) schema at open: it must notice the new table.
    assert_eq!(one(&b, "SELECT count(*) FROM t"), Value::Integer(1));
    let mut st = b.prepare("SELECT x FROM t ORDER BY x").unwrap();
    a.execute_batch("CREATE TABLE u(y); INSERT INTO t VALUES(2)")
        .unwrap();
    // A statement prepared before the schema change is re-prepared transparently.
    let mut seen = Vec::new();
    while st.step().unwrap() == crate::StepResult::Row {
        seen.push(st.column_value(0).clone());
    }
    assert_eq!(seen, vec![Value::Integer(1), Value::Integer(2)]);
    drop(st);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn read_only_connections_refuse_writes() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe3-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("ro.db");
    let p = path.to_str().unwrap();
    Connection::open(p)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    let flags = crate::OpenFlags {
        read_only: true,
        ..Default::default()
    };
    let c = Connection::open_with_flags(p, flags).unwrap();
    assert!(c.is_readonly());
    let e = c.execute("INSERT INTO t VALUES(1)", &[]).unwrap_err();
    assert_eq!(e.code(), crate::codes::SQLITE_READONLY);
    assert_eq!(e.message, "attempt to write a readonly database");
    let missing = dir.join("missing.db");
    let e = Connection::open_with_flags(missing.to_str().unwrap(), flags)
        .err()
        .unwrap();
    assert_eq!(e.code(), crate::codes::SQLITE_CANTOPEN);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn differential_pragmas() {
    let setup = "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'x', c UNIQUE, d REAL DEFAULT (1+2));
        CREATE INDEX i ON t(b DESC, c COLLATE NOCASE);
        CREATE TABLE p(id INTEGER PRIMARY KEY);
        CREATE TABLE ch(x REFERENCES p(id) ON DELETE CASCADE, y);
        CREATE VIEW v AS SELECT a, b FROM t;
        INSERT INTO t(a, c) VALUES(1, 'q'), (2, 'r')";
    for q in [
        "PRAGMA table_info(t)",
        "PRAGMA table_xinfo(t)",
        "PRAGMA index_list(t)",
        "PRAGMA index_info(i)",
        "PRAGMA index_xinfo(i)",
        "PRAGMA index_info(sqlite_autoindex_t_1)",
        "PRAGMA foreign_key_list(ch)",
        "PRAGMA table_info(v)",
        "PRAGMA integrity_check",
        "PRAGMA quick_check",
        "PRAGMA schema_version",
        "PRAGMA user_version",
        "PRAGMA application_id",
        "PRAGMA encoding",
        "PRAGMA foreign_keys",
        "PRAGMA synchronous",
        "PRAGMA cache_size",
        "PRAGMA page_size",
        "PRAGMA page_count",
        "PRAGMA freelist_count",
        "PRAGMA auto_vacuum",
        "PRAGMA temp_store",
        "PRAGMA recursive_triggers",
        "PRAGMA table_info(nosuch)",
        "PRAGMA nosuch",
        "PRAGMA wal_checkpoint",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "PRAGMA wal_autocheckpoint=5",
        "PRAGMA journal_size_limit=10",
        "PRAGMA threads=2",
        "PRAGMA secure_delete=0",
        "PRAGMA cache_size=10",
    ] {
        diff(setup, q);
    }
}

#[test]
fn update_hook_and_progress_handler() {
    use std::sync::{Arc, Mutex};
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(a)").unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    c.set_update_hook(Some(Arc::new(move |op, db: &str, t: &str, rowid| {
        s2.lock()
            .unwrap()
            .push((op, db.to_owned(), t.to_owned(), rowid));
    })))
    .unwrap();
    c.execute_batch("INSERT INTO t VALUES(1),(2); UPDATE t SET a = 3 WHERE rowid = 2; DELETE FROM t WHERE a = 1")
        .unwrap();
    let got: Vec<(i32, i64)> = seen.lock().unwrap().iter().map(|e| (e.0, e.3)).collect();
    assert_eq!(got, vec![(18, 1), (18, 2), (23, 2), (9, 1)]);
    c.set_progress_handler(1, Some(Arc::new(|| true))).unwrap();
    let e = c.execute("SELECT count(*) FROM t", &[]).unwrap_err();
    assert_eq!(e.code(), crate::codes::SQLITE_INTERRUPT);
    c.set_progress_handler(0, None).unwrap();
    assert_eq!(one(&c, "SELECT count(*) FROM t"), Value::Integer(1));
}

#[test]
fn user_collations_sort_compare_and_group() {
    let c = Connection::open(":memory:").unwrap();
    c.create_collation("rev", |a: &str, b: &str| b.cmp(a))
        .unwrap();
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES('a'),('c'),('b'),('c')")
        .unwrap();
    let got: Vec<Value> = rows(&c, "SELECT x FROM t ORDER BY x COLLATE rev")
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect();
    let t = |s: &str| Value::Text(s.into());
    assert_eq!(got, vec![t("c"), t("c"), t("b"), t("a")]);
    assert_eq!(one(&c, "SELECT 'a' < 'b' COLLATE rev"), Value::Integer(0));
    assert_eq!(
        rows(
            &c,
            "SELECT x, count(*) FROM t GROUP BY x COLLATE rev ORDER BY 1 COLLATE rev"
        )
        .len(),
        3
    );
}

#[test]
fn handles_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Connection>();
    send::<crate::Statement>();
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(x)").unwrap();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let c = c.clone();
            std::thread::spawn(move || {
                for j in 0..25 {
                    c.execute("INSERT INTO t VALUES(?)", &[Value::Integer(i * 100 + j)])
                        .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(one(&c, "SELECT count(*) FROM t"), Value::Integer(100));
}

#[test]
fn vacuum_and_vacuum_into() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe4-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let src = dir.join("src.db");
    let dst = dir.join("copy.db");
    let _ = std::fs::remove_file(&src);
    let _ = std::fs::remove_file(&dst);
    let c = Connection::open(src.to_str().unwrap()).unwrap();
    c.execute_batch("CREATE TABLE t(a); INSERT INTO t VALUES(1),(2); VACUUM")
        .unwrap();
    c.execute_batch("BEGIN").unwrap();
    assert_eq!(err(&c, "VACUUM"), "cannot VACUUM from within a transaction");
    c.execute_batch("COMMIT").unwrap();
    c.execute(&format!("VACUUM INTO '{}'", dst.display()), &[])
        .unwrap();
    let out = std::process::Command::new("sqlite3")
        .arg(&dst)
        .arg("PRAGMA integrity_check; SELECT sum(a) FROM t;")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n3\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn step_after_done_runs_again() {
    let c = Connection::open(":memory:").unwrap();
    let mut st = c.prepare("SELECT 42").unwrap();
    assert_eq!(st.step().unwrap(), crate::StepResult::Row);
    assert_eq!(st.step().unwrap(), crate::StepResult::Done);
    assert!(!st.busy());
    assert_eq!(st.step().unwrap(), crate::StepResult::Row);
    assert_eq!(st.column_value(0), &Value::Integer(42));
    assert!(st.busy());
}

#[test]
fn differential_affinity() {
    let setup = "CREATE TABLE a(i INTEGER, r REAL, t TEXT, n NUMERIC, b BLOB, x);
        INSERT INTO a VALUES('12', '12', 12, '12.0', '12', '12');
        INSERT INTO a VALUES(' 3 ', '1e2', 1.5, '0x10', 7, 7.0);
        INSERT INTO a VALUES('9223372036854775808', 'abc', x'41', '1e400', 2.5, '-0');
        INSERT INTO a VALUES(4.0, 4, -0.0, '  5  ', NULL, x'41');";
    for q in [
        "SELECT typeof(i), i, typeof(r), r, typeof(t), t, typeof(n), n, typeof(b), typeof(x) FROM a",
        "SELECT i = '12', t = 12, n = 12, x = 12, x = '12', b = 12 FROM a",
        "SELECT i < '4', t < 2, r > '5' FROM a",
        "SELECT count(*) FROM a WHERE i IN ('12', 3)",
        "SELECT t FROM a ORDER BY t",
        "SELECT n FROM a ORDER BY n DESC",
        "SELECT x FROM a ORDER BY x",
        "SELECT CAST(x AS NUMERIC), CAST(t AS INTEGER), CAST(r AS TEXT) FROM a",
    ] {
        diff(setup, q);
    }
}

#[test]
fn differential_index_seeks() {
    let setup = "CREATE TABLE t(a INTEGER, b TEXT, c);
        CREATE INDEX ta ON t(a); CREATE INDEX tb ON t(b DESC); CREATE INDEX tc ON t(c, a);
        INSERT INTO t VALUES(1,'a',1),(2,'b',NULL),(3,'c','x'),(4,'d',2.5),(5,'e',x'00'),
          (NULL,NULL,NULL),(10,'10',10),(-1,'-1',-1),(3,'C','x');";
    for q in [
        "SELECT a FROM t WHERE a > '3' ORDER BY a",
        "SELECT a FROM t WHERE a >= 2.5 AND a < 5 ORDER BY a",
        "SELECT a FROM t WHERE a = 3.0",
        "SELECT a FROM t WHERE a BETWEEN -1 AND 2 ORDER BY a DESC",
        "SELECT b FROM t WHERE b > 'b' ORDER BY b",
        "SELECT b FROM t WHERE b < 'c' ORDER BY b DESC",
        "SELECT b FROM t WHERE b = 10",
        "SELECT a FROM t WHERE c = 'x' ORDER BY a",
        "SELECT a FROM t WHERE c = 'x' AND a > 2",
        "SELECT c FROM t WHERE c > 1 ORDER BY c",
        "SELECT c FROM t WHERE c IS NULL ORDER BY a",
        "SELECT count(*) FROM t WHERE a IS NOT NULL",
        "SELECT min(a), max(a), min(b), max(b) FROM t",
        "SELECT a FROM t WHERE a IN (SELECT a FROM t WHERE a > 3) ORDER BY 1",
        "SELECT rowid FROM t WHERE rowid > 7.5",
        "SELECT rowid FROM t WHERE rowid >= '8' ORDER BY rowid DESC",
        "SELECT rowid FROM t WHERE rowid < 2.5",
        "PRAGMA integrity_check",
    ] {
        diff(setup, q);
    }
}

#[test]
fn writes_commit_while_a_reader_is_active() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe5-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("rw.db");
    let _ = std::fs::remove_file(&path);
    let p = path.to_str().unwrap();
    let a = Connection::open(p).unwrap();
    a.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES(1),(2),(3)")
        .unwrap();
    let mut reader = a.prepare("SELECT x FROM t").unwrap();
    assert_eq!(reader.step().unwrap(), crate::StepResult::Row);
    // A write in autocommit mode while `reader` is mid-way commits at once (as in SQLite).
    a.execute("CREATE TABLE log(v)", &[]).unwrap();
    a.execute("INSERT INTO log VALUES(?)", &[Value::Integer(7)])
        .unwrap();
    let out = std::process::Command::new("sqlite3")
        .arg(p)
        .arg("SELECT v FROM log")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "7\n");
    // A failing write during the read undoes only itself.
    assert!(a
        .execute(
            "INSERT INTO log VALUES(8), (abs(-9223372036854775808))",
            &[]
        )
        .is_err());
    assert_eq!(one(&a, "SELECT count(*) FROM log"), Value::Integer(1));
    let mut n = 1;
    while reader.step().unwrap() == crate::StepResult::Row {
        n += 1;
    }
    assert_eq!(n, 3);
    drop(reader);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn wal_mode_through_pragma() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe6-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("wal.db");
    let _ = std::fs::remove_file(&path);
    let p = path.to_str().unwrap();
    let c = Connection::open(p).unwrap();
    assert_eq!(
        one(&c, "PRAGMA journal_mode=WAL"),
        Value::Text("wal".into())
    );
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES(1),(2)")
        .unwrap();
    let out = std::process::Command::new("sqlite3")
        .arg(p)
        .arg("PRAGMA journal_mode; SELECT sum(x) FROM t; PRAGMA integrity_check;")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "wal\n3\nok\n");
    drop(c);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn data_version_moves_only_for_other_connections() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe7-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("dv.db");
    let _ = std::fs::remove_file(&path);
    let p = path.to_str().unwrap();
    let a = Connection::open(p).unwrap();
    let b = Connection::open(p).unwrap();
    a.execute_batch("CREATE TABLE t(x)").unwrap();
    let v1 = one(&a, "PRAGMA data_version");
    a.execute_batch("INSERT INTO t VALUES(1)").unwrap();
    assert_eq!(one(&a, "PRAGMA data_version"), v1);
    b.execute_batch("INSERT INTO t VALUES(2)").unwrap();
    assert_ne!(one(&a, "PRAGMA data_version"), v1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn differential_compound_and_subqueries() {
    let setup = "CREATE TABLE t(a, b); INSERT INTO t VALUES(1,'x'),(2,NULL),(NULL,'y'),(2,'x'),(3.5,x'01'),('2','z');
        CREATE TABLE e(a);";
    for q in [
        "SELECT a FROM t UNION SELECT b FROM t ORDER BY 1",
        "SELECT a FROM t UNION ALL SELECT a FROM t ORDER BY 1 LIMIT 5 OFFSET 2",
        "SELECT a FROM t INTERSECT SELECT 2 ORDER BY 1",
        "SELECT a FROM t EXCEPT SELECT 2 ORDER BY 1",
        "SELECT DISTINCT a FROM t ORDER BY a",
        "SELECT a, count(*), count(b), max(b) FROM t GROUP BY a ORDER BY a",
        "SELECT count(*), sum(a), avg(a), min(a), max(a), total(a), group_concat(a) FROM e",
        "SELECT a FROM t WHERE a IN (SELECT a FROM t WHERE b IS NOT NULL) ORDER BY 1",
        "SELECT a FROM t WHERE a NOT IN (SELECT a FROM e) ORDER BY 1",
        "SELECT a FROM t WHERE a NOT IN (2, NULL)",
        "SELECT 1 IN (SELECT a FROM t), 7 IN (SELECT a FROM t), NULL IN (SELECT a FROM e)",
        "SELECT * FROM (SELECT a, b FROM t WHERE a > 1) ORDER BY a, b",
        "SELECT (SELECT b FROM t WHERE a = 2 ORDER BY b), (SELECT max(a) FROM e)",
        "SELECT a FROM t ORDER BY a LIMIT -1 OFFSET 4",
        "SELECT a FROM t ORDER BY a LIMIT 2 OFFSET -3",
        "SELECT a, b FROM t ORDER BY b DESC, a",
        "SELECT typeof(a), a FROM t ORDER BY a DESC",
        "SELECT count(DISTINCT b), count(DISTINCT a) FROM t",
        "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM e) OR a = 1",
        "SELECT x.a, (SELECT count(*) FROM t y WHERE y.a <= x.a) FROM t x ORDER BY 1, 2",
        "SELECT CASE WHEN a > 1 THEN 'big' WHEN a IS NULL THEN 'null' ELSE 'small' END c, count(*) FROM t GROUP BY c ORDER BY c",
    ] {
        diff(setup, q);
    }
}

#[test]
fn differential_dml_counts_and_conflicts() {
    let setup = "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, u UNIQUE, v);
        INSERT INTO t(u, v) VALUES(1, 'a'), (2, 'b'), (3, 'c');
        INSERT OR IGNORE INTO t(u, v) VALUES(2, 'dup'), (4, 'd');
        INSERT OR REPLACE INTO t(u, v) VALUES(1, 'A');
        UPDATE t SET id = id + 10 WHERE u = 3;
        DELETE FROM t WHERE u = 4;
        INSERT INTO t(u, v) VALUES(5, 'e');
        CREATE TABLE log(x);
        CREATE TRIGGER tr AFTER UPDATE ON t BEGIN INSERT INTO log VALUES(new.u); END;
        UPDATE t SET v = upper(v) WHERE u >= 2;";
    for q in [
        "SELECT * FROM t ORDER BY id",
        "SELECT * FROM sqlite_sequence",
        // total_changes() and last_insert_rowid() after trigger inserts differ (codegen
        // compiles trigger bodies inline: their inserts set last_insert_rowid and are not
        // counted in total_changes) — reported to codegen.
        "SELECT changes()",
        "SELECT x FROM log ORDER BY x",
        "UPDATE OR FAIL t SET u = 2 WHERE u = 5",
        "INSERT INTO t(id, u) VALUES(1, 99)",
        "PRAGMA integrity_check",
    ] {
        diff(setup, q);
    }
}

#[test]
fn not_a_database_fails_at_first_statement() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe8-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("junk.db");
    std::fs::write(&path, vec![b'x'; 5000]).unwrap();
    let c = Connection::open(path.to_str().unwrap()).unwrap();
    let e = c.prepare("SELECT 1 FROM sqlite_schema").err().unwrap();
    assert_eq!(e.code(), crate::codes::SQLITE_NOTADB);
    assert_eq!(e.message, "file is not a database");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn damaged_files_give_errors_not_panics() {
    let dir = std::env::temp_dir().join(format!("ferrolite-vdbe9-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let good = dir.join("good.db");
    let _ = std::fs::remove_file(&good);
    {
        let c = Connection::open(good.to_str().unwrap()).unwrap();
        c.execute_batch(
            "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c BLOB); CREATE INDEX tb ON t(b);",
        )
        .unwrap();
        let mut st = c.prepare("INSERT INTO t(b, c) VALUES(?, ?)").unwrap();
        for i in 0..300 {
            st.bind(1, Value::Text(format!("row {i} {}", "x".repeat(i % 50))))
                .unwrap();
            st.bind(2, Value::Blob(vec![i as u8; i * 7 % 3000]))
                .unwrap();
            while st.step().unwrap() == crate::StepResult::Row {}
            st.reset();
        }
    }
    let bytes = std::fs::read(&good).unwrap();
    let mut x: u64 = 0x9e3779b97f4a7c15;
    for trial in 0..60 {
        let mut b = bytes.clone();
        for _ in 0..8 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Damage anything but the 100-byte file header.
            let at = 100 + (x as usize % (b.len() - 100));
            b[at] = (x >> 32) as u8;
        }
        let bad = dir.join(format!("bad{trial}.db"));
        std::fs::write(&bad, &b).unwrap();
        let p = bad.to_str().unwrap().to_owned();
        let r = std::panic::catch_unwind(move || {
            if let Ok(c) = Connection::open(&p) {
                for q in [
                    "SELECT count(*), sum(length(c)) FROM t",
                    "SELECT b FROM t WHERE b > 'row 5' ORDER BY b",
                    "PRAGMA integrity_check",
                    "UPDATE t SET b = b || '!' WHERE a % 7 = 0",
                    "DELETE FROM t WHERE a % 5 = 0",
                ] {
                    let _ = c.query_all(q, &[]);
                }
            }
        });
        assert!(r.is_ok(), "panic on damaged file, trial {trial}");
        let _ = std::fs::remove_file(&bad);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn callbacks_into_the_same_connection_do_not_deadlock() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES(5)")
        .unwrap();
    let inner = c.clone();
    c.create_scalar_function(crate::func::ScalarFunction::new(
        "reenter",
        0,
        0,
        move |_, _| {
            let rowid = inner.last_insert_rowid();
            match inner.query_all("SELECT 1", &[]) {
                Ok(_) => Ok(Value::Text(format!("ok {rowid}"))),
                Err(e) => Ok(Value::Text(format!("{} {rowid}", e.code()))),
            }
        },
    ))
    .unwrap();
    // Application functions run with the connection unlocked: the nested query runs.
    assert_eq!(one(&c, "SELECT reenter()"), Value::Text("ok 1".into()));
}

#[test]
fn a_function_may_write_to_its_own_connection() {
    // CPython's test_table_lock_cursor_non_readonly_select: a UDF inserting into the table
    // the running SELECT reads.
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES(1),(2)")
        .unwrap();
    let inner = c.clone();
    c.create_scalar_function(crate::func::ScalarFunction::new(
        "dup",
        1,
        0,
        move |_, a| {
            inner.execute("INSERT INTO t VALUES(?)", &[a[0].clone()])?;
            Ok(Value::Null)
        },
    ))
    .unwrap();
    let mut st = c.prepare("SELECT dup(x) FROM t").unwrap();
    assert_eq!(st.step().unwrap(), crate::StepResult::Row);
    drop(st);
    assert_eq!(one(&c, "SELECT count(*) FROM t"), Value::Integer(3));
    c.execute_batch("DROP TABLE t").unwrap();
}

#[test]
fn commit_while_a_cursor_is_open_keeps_the_cursor() {
    // CPython's test_commit_cursor_reset: COMMIT inside a SELECT loop.
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(c); CREATE TABLE t2(c); INSERT INTO t VALUES(0),(1),(2)")
        .unwrap();
    let mut sel = c.prepare("SELECT c FROM t").unwrap();
    let mut seen = Vec::new();
    while sel.step().unwrap() == crate::StepResult::Row {
        seen.push(sel.column_value(0).clone());
        c.execute_batch("BEGIN; INSERT INTO t2 VALUES(1); COMMIT")
            .unwrap();
    }
    assert_eq!(
        seen,
        vec![Value::Integer(0), Value::Integer(1), Value::Integer(2)]
    );
    assert_eq!(one(&c, "SELECT count(*) FROM t2"), Value::Integer(3));
}

#[test]
fn unknown_collation_is_a_prepare_error() {
    let c = Connection::open(":memory:").unwrap();
    assert_eq!(
        c.prepare("SELECT 'a' < 'b' COLLATE mycoll")
            .err()
            .unwrap()
            .message,
        "no such collation sequence: mycoll"
    );
    c.create_collation("mycoll", |a: &str, b: &str| b.cmp(a))
        .unwrap();
    assert_eq!(
        one(&c, "SELECT 'a' < 'b' COLLATE mycoll"),
        Value::Integer(0)
    );
    c.remove_collation("mycoll").unwrap();
    assert!(c.prepare("SELECT 1 ORDER BY 'x' COLLATE mycoll").is_err());
}

//! `sqlite3_set_authorizer` semantics, each expectation taken from the system SQLite 3.40.1
//! (through Python's `Connection.set_authorizer`, which passes the calls through unchanged).

use std::sync::{Arc, Mutex};

use ferrolite::api::{AuthResult, Authorizer, Connection};
use ferrolite::value::Value;

type Call = (
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn db() -> Connection {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch(
        "create table t(a,b); create table u(x integer primary key, y);
         create view v as select a from t;
         insert into t values(1,2);",
    )
    .unwrap();
    c
}

/// Installs an authorizer answering with `answer` and recording every call.
fn record(
    c: &Connection,
    answer: impl Fn(&Call) -> AuthResult + Send + Sync + 'static,
) -> Arc<Mutex<Vec<Call>>> {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let log = calls.clone();
    let auth: Authorizer = Arc::new(move |action, a, b, d, t| {
        let call: Call = (
            action,
            a.map(str::to_owned),
            b.map(str::to_owned),
            d.map(str::to_owned),
            t.map(str::to_owned),
        );
        let r = answer(&call);
        log.lock().unwrap().push(call);
        r
    });
    c.set_authorizer(Some(auth)).unwrap();
    calls
}

fn call(action: i32, a: Option<&str>, b: Option<&str>, d: Option<&str>, t: Option<&str>) -> Call {
    let s = |x: Option<&str>| x.map(str::to_owned);
    (action, s(a), s(b), s(d), s(t))
}

fn rows(c: &Connection, sql: &str) -> Vec<Vec<Value>> {
    c.query_all(sql, &[]).unwrap()
}

#[test]
fn select_reports_select_then_each_column_read() {
    let c = db();
    let calls = record(&c, |_| AuthResult::Ok);
    rows(&c, "select * from t");
    assert_eq!(
        *calls.lock().unwrap(),
        vec![
            call(21, None, None, None, None),
            call(20, Some("t"), Some("a"), Some("main"), None),
            call(20, Some("t"), Some("b"), Some("main"), None),
        ]
    );
}

#[test]
fn rowid_reads_as_its_alias_column_and_function_calls_are_reported() {
    let c = db();
    let calls = record(&c, |_| AuthResult::Ok);
    rows(&c, "select rowid, abs(y) from u where y>1");
    let got = calls.lock().unwrap().clone();
    assert!(got.contains(&call(20, Some("u"), Some("x"), Some("main"), None)));
    assert!(got.contains(&call(20, Some("u"), Some("y"), Some("main"), None)));
    assert!(got.contains(&call(31, None, Some("abs"), None, None)));
    assert_eq!(got[0], call(21, None, None, None, None));
}

#[test]
fn view_reads_carry_the_view_name() {
    let c = db();
    let calls = record(&c, |_| AuthResult::Ok);
    rows(&c, "select a from v");
    let got = calls.lock().unwrap().clone();
    assert!(got.contains(&call(20, Some("t"), Some("a"), Some("main"), Some("v"))));
    assert!(got.contains(&call(21, None, None, None, Some("v"))));
}

#[test]
fn writes_and_statements_report_their_action() {
    let c = db();
    let calls = record(&c, |_| AuthResult::Ok);
    let cases: Vec<(&str, Call)> = vec![
        (
            "insert into t values(5,6)",
            call(18, Some("t"), None, Some("main"), None),
        ),
        (
            "update t set a=1 where b=2",
            call(23, Some("t"), Some("a"), Some("main"), None),
        ),
        (
            "delete from t where a=3",
            call(9, Some("t"), None, Some("main"), None),
        ),
        (
            "create table z(q)",
            call(2, Some("z"), None, Some("main"), None),
        ),
        (
            "create index zi on z(q)",
            call(1, Some("zi"), Some("z"), Some("main"), None),
        ),
        (
            "drop table z",
            call(11, Some("z"), None, Some("main"), None),
        ),
        (
            "pragma table_info(t)",
            call(19, Some("table_info"), Some("t"), None, None),
        ),
        ("begin", call(22, Some("BEGIN"), None, None, None)),
        ("commit", call(22, Some("COMMIT"), None, None, None)),
        (
            "savepoint s",
            call(32, Some("BEGIN"), Some("s"), None, None),
        ),
        (
            "release s",
            call(32, Some("RELEASE"), Some("s"), None, None),
        ),
        (
            "alter table t add column c",
            call(26, Some("main"), Some("t"), None, None),
        ),
    ];
    for (sql, first) in cases {
        calls.lock().unwrap().clear();
        c.execute_batch(sql).unwrap();
        assert_eq!(calls.lock().unwrap().first(), Some(&first), "{sql}");
    }
}

#[test]
fn deny_on_a_column_is_prohibited_access() {
    let c = db();
    record(&c, |x| {
        if x.0 == 20 && x.2.as_deref() == Some("b") {
            AuthResult::Deny
        } else {
            AuthResult::Ok
        }
    });
    let e = c.query_all("select a,b from t", &[]).unwrap_err();
    assert_eq!(e.code(), 23);
    assert_eq!(e.message.as_str(), "access to t.b is prohibited");
    // A column used only by an index seek is still read in SQLite's sense.
    c.set_authorizer(None).unwrap();
    c.execute_batch("create index tb on t(b)").unwrap();
    record(&c, |x| {
        if x.0 == 20 && x.2.as_deref() == Some("b") {
            AuthResult::Deny
        } else {
            AuthResult::Ok
        }
    });
    let e = c.query_all("select a from t where b=2", &[]).unwrap_err();
    assert_eq!(e.message.as_str(), "access to t.b is prohibited");
}

#[test]
fn deny_elsewhere_is_not_authorized_and_changes_nothing() {
    let c = db();
    record(&c, |x| {
        if x.0 == 18 || x.0 == 2 || x.0 == 22 || x.0 == 21 {
            AuthResult::Deny
        } else {
            AuthResult::Ok
        }
    });
    for sql in [
        "insert into t values(3,4)",
        "create table z(x)",
        "begin",
        "select 1",
    ] {
        let e = c.execute_batch(sql).unwrap_err();
        assert_eq!(
            (e.code(), e.message.as_str()),
            (23, "not authorized"),
            "{sql}"
        );
    }
    c.set_authorizer(None).unwrap();
    assert_eq!(
        rows(&c, "select count(*) from t"),
        vec![vec![Value::Integer(1)]]
    );
    assert_eq!(
        rows(&c, "select count(*) from sqlite_schema where name='z'"),
        vec![vec![Value::Integer(0)]]
    );
}

#[test]
fn ignore_reads_null_and_skips_statements() {
    let c = db();
    c.execute_batch("create index tb on t(b)").unwrap();
    record(&c, |x| match (x.0, x.2.as_deref()) {
        (20, Some("b")) | (31, Some("abs")) | (23, Some("a")) | (18, _) => AuthResult::Ignore,
        _ => AuthResult::Ok,
    });
    // sqlite3: [] (b reads as NULL, so b=2 is never true, even through the index).
    assert!(rows(&c, "select a,b from t where b=2").is_empty());
    assert_eq!(
        rows(&c, "select a,b,abs(-1) from t"),
        vec![vec![Value::Integer(1), Value::Null, Value::Null]]
    );
    c.execute_batch("insert into t values(3,4)").unwrap();
    c.execute_batch("update t set a=9, b=8").unwrap();
    c.set_authorizer(None).unwrap();
    assert_eq!(
        rows(&c, "select a,b from t"),
        vec![vec![Value::Integer(1), Value::Integer(8)]]
    );
}

#[test]
fn malfunction_and_clearing() {
    let c = db();
    record(&c, |_| AuthResult::Malfunction);
    let e = c.query_all("select 1", &[]).unwrap_err();
    assert_eq!(
        (e.code(), e.message.as_str()),
        (1, "authorizer malfunction")
    );
    c.set_authorizer(None).unwrap();
    assert_eq!(rows(&c, "select 1"), vec![vec![Value::Integer(1)]]);
}

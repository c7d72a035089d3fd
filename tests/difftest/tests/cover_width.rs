//! Which covering index a full scan reads (or the table instead), compared with the system
//! SQLite's EXPLAIN QUERY PLAN: the row-width estimate from declared types (TEXT/BLOB/CLOB,
//! `VARCHAR(N)`, `BLOB(N)`, bare `CHAR`), LogEst ties going to the table, and equal costs
//! between indexes going to the one created last.

use ferrolite::{Connection, Value};
use ferrolite_difftest::ours_run;
use ferrolite_difftest::reference::Reference;

fn plan_of(rows: Result<Vec<Vec<Value>>, String>) -> Result<Vec<String>, String> {
    Ok(rows?
        .into_iter()
        .map(|r| match r.last() {
            Some(Value::Text(s)) => s.to_string(),
            other => format!("{other:?}"),
        })
        .collect())
}

/// (schema, query) pairs.
const CASES: &[(&str, &str)] = &[
    ("CREATE TABLE t(a TEXT); CREATE INDEX i ON t(a)", "SELECT a FROM t"),
    ("CREATE TABLE t(a TEXT, b); CREATE INDEX i ON t(a)", "SELECT a FROM t"),
    ("CREATE TABLE t(a TEXT, b TEXT); CREATE INDEX i ON t(a, b)", "SELECT a FROM t"),
    ("CREATE TABLE t(a, b TEXT, c BLOB); CREATE INDEX i ON t(b, c)", "SELECT c FROM t"),
    ("CREATE TABLE t(a, b); CREATE INDEX i ON t(a, b)", "SELECT a FROM t"),
    ("CREATE TABLE t(a, b, c); CREATE INDEX i ON t(a, b)", "SELECT a FROM t"),
    ("CREATE TABLE t(a INTEGER PRIMARY KEY, b, c); CREATE INDEX i ON t(b, a)", "SELECT b FROM t"),
    ("CREATE TABLE t(a INT, b VARCHAR(60)); CREATE INDEX i ON t(b)", "SELECT b FROM t"),
    ("CREATE TABLE t(a INT, b VARCHAR(64)); CREATE INDEX i ON t(b)", "SELECT b FROM t"),
    ("CREATE TABLE t(a INT, b VARCHAR(68)); CREATE INDEX i ON t(b)", "SELECT b FROM t"),
    ("CREATE TABLE t(a INT, b VARCHAR(80)); CREATE INDEX i ON t(b)", "SELECT b FROM t"),
    ("CREATE TABLE t(a INT, b VARCHAR(200)); CREATE INDEX i ON t(b)", "SELECT b FROM t"),
    ("CREATE TABLE t(a INT, b VARCHAR(60), c INT); CREATE INDEX i ON t(b, c)", "SELECT b FROM t"),
    ("CREATE TABLE t(a INT, b TEXT, c INT); CREATE INDEX i ON t(b, c)", "SELECT b FROM t"),
    (
        "CREATE TABLE t(i1 INT, i2 INT, i3 INT, i4 INT, i5 INT, i6 INT, i7 INT, i8 INT, i9 INT, \
         i10 INT, i11 INT, b CHAR); CREATE INDEX i ON t(b, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11)",
        "SELECT b FROM t",
    ),
    (
        "CREATE TABLE t(i1 INT, i2 INT, i3 INT, i4 INT, i5 INT, i6 INT, i7 INT, i8 INT, i9 INT, \
         i10 INT, i11 INT, b TEXT); CREATE INDEX i ON t(b, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11)",
        "SELECT b FROM t",
    ),
    (
        "CREATE TABLE t(i1 INT, i2 INT, i3 INT, i4 INT, i5 INT, i6 INT, i7 INT, i8 INT, i9 INT, \
         b BLOB(40)); CREATE INDEX i ON t(b, i2, i3, i4, i5, i6, i7, i8, i9)",
        "SELECT b FROM t",
    ),
    (
        "CREATE TABLE t0(c0 DOUBLE, c1 TEXT, c2 DOUBLE, c3 NUMERIC); \
         CREATE INDEX t0_i0 ON t0(c2, c1); CREATE INDEX t0_i1 ON t0(c1)",
        "SELECT sum(c1) FROM t0",
    ),
    (
        "CREATE TABLE t0(c0 DOUBLE, c1 TEXT, c2 DOUBLE, c3 NUMERIC); \
         CREATE INDEX t0_i1 ON t0(c1); CREATE INDEX t0_i0 ON t0(c2, c1)",
        "SELECT sum(c1) FROM t0",
    ),
];

#[test]
fn cover_choice_matches_sqlite() {
    let mut bad = Vec::new();
    for (setup, q) in CASES {
        let theirs = Reference::open_memory();
        let ours = Connection::open(":memory:").expect("open :memory:");
        theirs.run(setup).expect("sqlite setup");
        ours_run(&ours, setup).expect("ferrolite setup");
        let eqp = format!("EXPLAIN QUERY PLAN {q}");
        let (a, b) = (plan_of(ours_run(&ours, &eqp)), plan_of(theirs.run(&eqp)));
        if a != b {
            bad.push(format!(
                "{setup}; {q}\n  ferrolite: {a:?}\n  sqlite:    {b:?}"
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

//! Window functions end to end, for what the difftest suite cannot reach: user aggregates
//! (with and without inverse) and frame unit tests. Expected values from sqlite3 3.40.1 (the
//! user-function cases through Python's stdlib `sqlite3`, which links the system library).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::error::Result;
use crate::func::{Accumulator, AggregateFunction, Context};
use crate::{Connection, Value};

fn db() -> Connection {
    let c = Connection::open(":memory:").expect("open");
    c.execute_batch("CREATE TABLE t(a); INSERT INTO t VALUES (1),(2),(3),(4),(5),(6);")
        .expect("setup");
    c
}

/// Rows with `|` between values and a space between rows.
fn q(c: &Connection, sql: &str) -> String {
    super::tests::rows_joined(c, sql, " ")
}

/// A running sum; counts how often `inverse` runs.
struct Sum(i64, Arc<AtomicUsize>);

impl Accumulator for Sum {
    fn step(&mut self, _ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if let Some(Value::Integer(i)) = args.first() {
            self.0 += i;
        }
        Ok(())
    }
    fn inverse(&mut self, _ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if let Some(Value::Integer(i)) = args.first() {
            self.0 -= i;
        }
        self.1.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
    fn value(&mut self, _ctx: &mut Context<'_>) -> Result<Value> {
        Ok(Value::Integer(self.0))
    }
}

fn register(c: &Connection, name: &str, inverse: bool) -> Arc<AtomicUsize> {
    let n = Arc::new(AtomicUsize::new(0));
    let n2 = n.clone();
    let f = AggregateFunction::new(name, 1, 0, inverse, move || Box::new(Sum(0, n2.clone())));
    c.create_aggregate_function(f).expect("register");
    n
}

#[test]
fn user_window_function_with_inverse_slides() {
    let c = db();
    let inverses = register(&c, "wsum", true);
    // python3: create_window_function('wsum', 1, W) with W a running sum.
    assert_eq!(
        q(
            &c,
            "SELECT a, wsum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t"
        ),
        "1|3 2|6 3|9 4|12 5|15 6|11"
    );
    assert!(
        inverses.load(Ordering::Relaxed) > 0,
        "the frame slid with inverse()"
    );
    assert_eq!(
        q(&c, "SELECT a, wsum(a) OVER (ORDER BY a GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) FROM t"),
        "1|20 2|18 3|15 4|11 5|6 6|0"
    );
    assert_eq!(
        q(
            &c,
            "SELECT a, wsum(a) FILTER (WHERE a % 2 = 1) OVER (ORDER BY a) FROM t"
        ),
        "1|1 2|1 3|4 4|4 5|9 6|9"
    );
}

#[test]
fn user_aggregate_without_inverse_is_not_a_window_function() {
    let c = db();
    register(&c, "mysum", false);
    // python3 create_aggregate('mysum', 1, S): "mysum() may not be used as a window function".
    assert_eq!(
        q(&c, "SELECT mysum(a) OVER (ORDER BY a) FROM t"),
        "Error: mysum() may not be used as a window function"
    );
    assert_eq!(q(&c, "SELECT mysum(a) FROM t"), "21");
}

#[test]
fn windows_in_views_triggers_and_ctes() {
    let c = db();
    c.execute_batch(
        "CREATE VIEW v AS SELECT a, sum(a) OVER (ORDER BY a DESC) AS s FROM t;
         CREATE TABLE log(a, r);
         CREATE TRIGGER tr AFTER INSERT ON t BEGIN
           INSERT INTO log SELECT a, rank() OVER (ORDER BY a DESC) FROM t WHERE a >= new.a - 1;
         END;
         INSERT INTO t VALUES (7);",
    )
    .expect("setup");
    // sqlite3 3.40.1 gives the same rows.
    assert_eq!(
        q(&c, "SELECT * FROM v ORDER BY a LIMIT 3"),
        "1|28 2|27 3|25"
    );
    assert_eq!(q(&c, "SELECT * FROM log"), "7|1 6|2");
    assert_eq!(
        q(&c, "WITH w AS (SELECT a, lag(a) OVER (ORDER BY a) p FROM t) SELECT count(*) FROM w WHERE p IS NULL"),
        "1"
    );
}

/// EXPLAIN QUERY PLAN rows as `parent-depth:detail`, compared with sqlite3 3.40.1's tree.
fn eqp(c: &Connection, sql: &str) -> Vec<String> {
    let rows = c
        .query_all(&format!("EXPLAIN QUERY PLAN {sql}"), &[])
        .expect("eqp");
    let mut depth: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    rows.iter()
        .map(|r| {
            let (Value::Integer(id), Value::Integer(parent)) = (&r[0], &r[1]) else {
                return String::new();
            };
            let d = depth.get(parent).map_or(0, |d| d + 1);
            depth.insert(*id, d);
            format!("{d}:{}", r[3])
        })
        .collect()
}

#[test]
fn query_plan_nests_a_coroutine_per_window() {
    let c = db();
    c.execute_batch("CREATE TABLE u(b, c)").expect("u");
    // sqlite3: |--CO-ROUTINE (subquery-2) / |  |--CO-ROUTINE (subquery-3) / |  |  |--SCAN u
    // |  |  `--USE TEMP B-TREE FOR ORDER BY / |  |--SCAN (subquery-3)
    // |  `--USE TEMP B-TREE FOR ORDER BY / `--SCAN (subquery-2)
    assert_eq!(
        eqp(
            &c,
            "SELECT b, row_number() OVER (ORDER BY b), sum(b) OVER (PARTITION BY c) FROM u"
        ),
        [
            "0:CO-ROUTINE (subquery-2)",
            "1:CO-ROUTINE (subquery-3)",
            "2:SCAN u",
            "2:USE TEMP B-TREE FOR ORDER BY",
            "1:SCAN (subquery-3)",
            "1:USE TEMP B-TREE FOR ORDER BY",
            "0:SCAN (subquery-2)",
        ]
    );
    // sqlite3: GROUP BY inside the co-routine; OVER () needs no sort.
    assert_eq!(
        eqp(&c, "SELECT c, count(*), count(*) OVER () FROM u GROUP BY c"),
        [
            "0:CO-ROUTINE (subquery-2)",
            "1:SCAN u",
            "1:USE TEMP B-TREE FOR GROUP BY",
            "0:SCAN (subquery-2)",
        ]
    );
}

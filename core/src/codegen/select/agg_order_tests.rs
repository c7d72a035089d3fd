//! Ordered aggregates through a user aggregate (what the difftest suite cannot register).
//! Expected values from SQLite 3.54.1 (apsw, `create_aggregate_function` with an
//! accumulator that joins its arguments): 3.40.1 has no ORDER BY in aggregate calls.

use crate::error::Result;
use crate::func::{Accumulator, AggregateFunction, Context};
use crate::{Connection, Value};

fn db() -> Connection {
    let c = Connection::open(":memory:").expect("open");
    c.execute_batch(
        "CREATE TABLE t(g, a, b); INSERT INTO t VALUES \
         (1,3,'c'),(2,1,'a'),(1,2,'b'),(2,5,'e'),(1,NULL,'n'),(2,4,'d');",
    )
    .expect("setup");
    let f = AggregateFunction::new("joined", 1, 0, false, || Box::new(Joined(String::new())));
    c.create_aggregate_function(f).expect("register");
    c
}

/// Rows with `|` between values and a space between rows.
fn q(c: &Connection, sql: &str) -> String {
    crate::codegen::tests::rows_joined(c, sql, " ")
}

/// Joins the text of its arguments in step order.
struct Joined(String);

impl Accumulator for Joined {
    fn step(&mut self, _ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if let Some(v) = args.first() {
            self.0.push_str(&v.to_string());
        }
        Ok(())
    }
    fn value(&mut self, _ctx: &mut Context<'_>) -> Result<Value> {
        Ok(Value::Text(self.0.clone()))
    }
}

#[test]
fn user_aggregate_sees_rows_in_order() {
    let c = db();
    assert_eq!(q(&c, "SELECT joined(b ORDER BY a) FROM t"), "nabcde");
    assert_eq!(q(&c, "SELECT joined(b ORDER BY a DESC) FROM t"), "edcban");
    assert_eq!(
        q(&c, "SELECT joined(b ORDER BY a NULLS LAST) FROM t"),
        "abcden"
    );
    assert_eq!(
        q(&c, "SELECT g, joined(b ORDER BY a DESC) FROM t GROUP BY g"),
        "1|cbn 2|eda"
    );
    assert_eq!(
        q(
            &c,
            "SELECT g, joined(b ORDER BY a) FILTER (WHERE a > 1) FROM t GROUP BY g"
        ),
        "1|bc 2|de"
    );
}

#[test]
fn user_aggregate_errors() {
    let c = db();
    assert_eq!(
        q(&c, "SELECT joined(b ORDER BY a) OVER () FROM t"),
        "Error: ORDER BY may not be used with non-aggregate joined()"
    );
    assert_eq!(
        q(&c, "SELECT joined(b ORDER BY joined(a)) FROM t"),
        "Error: misuse of aggregate function joined()"
    );
}

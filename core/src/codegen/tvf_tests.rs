//! Table-valued function sources: plans and shapes (rows are compared with sqlite3 in
//! `tests/difftest/tests/tvf.rs`). Expected texts come from sqlite3 3.40.1.

use super::tests::{db, q};

/// The detail column of each EXPLAIN QUERY PLAN row.
fn plan(c: &crate::Connection, sql: &str) -> Vec<String> {
    q(c, &format!("EXPLAIN QUERY PLAN {sql}"))
        .lines()
        .map(|l| l.rsplit('|').next().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn plans_name_virtual_table_index() {
    let c = db("CREATE TABLE t(id INTEGER PRIMARY KEY, doc);");
    assert_eq!(
        plan(&c, "SELECT * FROM t, json_each(t.doc) j"),
        ["SCAN t", "SCAN j VIRTUAL TABLE INDEX 1:"]
    );
    assert_eq!(
        plan(&c, "SELECT * FROM json_each('[1]', '$')"),
        ["SCAN json_each VIRTUAL TABLE INDEX 3:"]
    );
    assert_eq!(
        plan(&c, "SELECT * FROM json_each"),
        ["SCAN json_each VIRTUAL TABLE INDEX 0:"]
    );
    assert_eq!(
        plan(
            &c,
            "SELECT * FROM json_each WHERE json = '[1]' AND root = '$'"
        ),
        ["SCAN json_each VIRTUAL TABLE INDEX 3:"]
    );
    assert_eq!(
        plan(&c, "SELECT * FROM pragma_table_info('t')"),
        ["SCAN pragma_table_info VIRTUAL TABLE INDEX 0:"]
    );
}

#[test]
fn correlated_call_refills_per_outer_row() {
    let c = db("CREATE TABLE t(id INTEGER PRIMARY KEY, doc);
         INSERT INTO t VALUES(1,'[1,2,3]'),(2,'[4]'),(3,'x');");
    assert_eq!(
        q(
            &c,
            "SELECT t.id, j.value FROM t, json_each(t.doc) j WHERE t.id < 3"
        ),
        "1|1\n1|2\n1|3\n2|4"
    );
    // A malformed document fails the statement when its row is reached.
    assert_eq!(
        q(&c, "SELECT count(*) FROM t, json_each(t.doc)"),
        "Error: malformed JSON"
    );
}

#[test]
fn hidden_columns_stay_out_of_star() {
    let c = db("");
    assert_eq!(
        q(&c, "SELECT * FROM json_each('[7]')"),
        "0|7|integer|7|1||$[0]|$"
    );
    assert_eq!(
        q(&c, "SELECT j.* FROM json_each('[7]') j"),
        "0|7|integer|7|1||$[0]|$"
    );
    assert_eq!(q(&c, "SELECT json, root FROM json_each('[7]')"), "[7]|$");
}

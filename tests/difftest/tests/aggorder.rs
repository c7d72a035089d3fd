//! ORDER BY inside aggregate calls and string_agg (SQLite 3.44+; codegen/select/agg_order.rs).
//!
//! SQLite 3.40.1 (the reference) has neither, so per the version policy Ferrolite follows
//! SQLite 3.54.1: every expected value below was produced by 3.54.1 (apsw's bundled library,
//! `/work/apsw-venv`) on the same SETUP, rows as `a|b` joined by spaces, NULL as `NULL`,
//! errors as `Error: message`, plans as their detail column joined by ` / `. The last tests
//! compare the aggregate shapes this part touched, without ORDER BY, with the system 3.40.1.

use ferrolite::{Connection, Value};
use ferrolite_difftest::{assert_statements_match, ours_run};

const SETUP: &str = r#"
CREATE TABLE t(a, b, c);
INSERT INTO t VALUES (1,'x',3),(2,'y',1),(3,'x',2),(4,'w',NULL),(0,'y',5),(5,'X',1),(NULL,'z',2);
CREATE TABLE u(k INTEGER PRIMARY KEY, v TEXT COLLATE NOCASE);
INSERT INTO u VALUES (1,'p'),(2,'Q'),(3,'q'),(9,'r');
CREATE VIEW vo AS SELECT c, group_concat(b, '' ORDER BY a DESC) AS g FROM t GROUP BY c;
"#;

fn show(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        other => other.to_string(),
    }
}

/// Runs each query on a fresh database with SETUP; fails listing every differing answer.
fn check(cases: &[(&str, &str)]) {
    let mut bad = Vec::new();
    for (sql, want) in cases {
        let c = Connection::open(":memory:").expect("open");
        c.execute_batch(SETUP).expect("setup");
        let got = match ours_run(&c, sql) {
            Ok(rows) if sql.starts_with("EXPLAIN QUERY PLAN") => rows
                .iter()
                .map(|r| r.get(3).map(show).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(" / "),
            Ok(rows) => rows
                .iter()
                .map(|r| r.iter().map(show).collect::<Vec<_>>().join("|"))
                .collect::<Vec<_>>()
                .join(" "),
            Err(e) => format!("Error: {e}"),
        };
        if got != *want {
            bad.push(format!("{sql}\n  ferrolite: {got}\n  3.54.1:    {want}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} differ from 3.54.1:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Plain aggregate queries: DESC, several terms, COLLATE (explicit and the column's), constant terms (ties keep scan order), no rows, every built-in aggregate.
#[test]
fn plain() {
    check(&[
        (
            r#"SELECT group_concat(b, ',' ORDER BY a DESC) FROM t"#,
            r#"X,w,x,y,x,y,z"#,
        ),
        (
            r#"SELECT group_concat(b ORDER BY a) FROM t"#,
            r#"z,y,x,y,x,w,X"#,
        ),
        (
            r#"SELECT group_concat(b ORDER BY c, a DESC) FROM t"#,
            r#"w,X,y,x,z,x,y"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY b) FROM t"#,
            r#"Xwxxyyz"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY b COLLATE NOCASE, a) FROM t"#,
            r#"wxxXyyz"#,
        ),
        (r#"SELECT group_concat(v, '' ORDER BY v) FROM u"#, r#"pQqr"#),
        (
            r#"SELECT group_concat(v, '' ORDER BY v COLLATE BINARY DESC) FROM u"#,
            r#"rqpQ"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY 1) FROM t"#,
            r#"xyxwyXz"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY (SELECT 1)) FROM t"#,
            r#"xyxwyXz"#,
        ),
        (
            r#"SELECT group_concat(b ORDER BY a) FROM t WHERE 0"#,
            r#"NULL"#,
        ),
        (
            r#"SELECT count(a ORDER BY b), count(ORDER BY a), sum(a ORDER BY b), printf('%.3f', avg(a ORDER BY c)) FROM t"#,
            r#"6|7|15|2.500"#,
        ),
        (
            r#"SELECT json_group_array(b ORDER BY a DESC) FROM t"#,
            r#"["X","w","x","y","x","y","z"]"#,
        ),
        (
            r#"SELECT json_group_object(b, a ORDER BY a) FROM t WHERE a IS NOT NULL"#,
            r#"{"y":0,"x":1,"y":2,"x":3,"w":4,"X":5}"#,
        ),
        (
            r#"SELECT group_concat(a, b ORDER BY a) FROM t"#,
            r#"0x1y2x3w4X5"#,
        ),
    ]);
}

/// min() and max() of one argument resolve their ORDER BY but ignore it (3.54.1): the bare
/// columns come from the row chosen in scan order, the min/max loop optimization stays.
#[test]
fn minmax_ignore_order() {
    check(&[
        ("SELECT max(a ORDER BY b), c FROM t", "5|1"),
        ("SELECT min(a ORDER BY b DESC), c FROM t", "0|5"),
        (
            "SELECT b, max(c ORDER BY a), a FROM t GROUP BY b",
            "X|1|5 w|NULL|4 x|3|1 y|5|0 z|2|NULL",
        ),
        (
            "SELECT max(a ORDER BY nosuch) FROM t",
            "Error: no such column: nosuch",
        ),
        (
            "SELECT max(a ORDER BY max(b)) FROM t",
            "Error: misuse of aggregate function max()",
        ),
        (
            "SELECT max(a, b ORDER BY c) FROM t",
            "Error: ORDER BY may not be used with non-aggregate max()",
        ),
        (
            "EXPLAIN QUERY PLAN SELECT max(a ORDER BY b), count(b ORDER BY a) FROM t",
            "USE TEMP B-TREE FOR count(ORDER BY) / SCAN t",
        ),
    ]);
}

/// The columns the terms read count as used: a covering index without them is not chosen
/// (the terms once went unseen by the expression walkers and read NULL from the index).
#[test]
fn terms_read_their_columns() {
    let c = Connection::open(":memory:").expect("open");
    c.execute_batch(SETUP).expect("setup");
    c.execute_batch("CREATE INDEX tb ON t(b);").expect("index");
    let rows = |sql: &str| -> String {
        match ours_run(&c, sql) {
            Ok(rows) => rows
                .iter()
                .map(|r| r.iter().map(show).collect::<Vec<_>>().join("|"))
                .collect::<Vec<_>>()
                .join(" "),
            Err(e) => format!("Error: {e}"),
        }
    };
    // Expected values from 3.54.1, same SETUP plus the index.
    assert_eq!(
        rows("SELECT group_concat(b ORDER BY a) FROM t INDEXED BY tb WHERE b > 'a'"),
        "z,y,x,y,x,w"
    );
    assert_eq!(
        rows(
            "SELECT (SELECT group_concat(x.b, '' ORDER BY t.a + x.a) FROM t x INDEXED BY tb \
             WHERE x.b > '') FROM t WHERE a < 2"
        ),
        "zyxyxwX zyxyxwX"
    );
}

/// NULLS FIRST/LAST against each direction's default.
#[test]
fn nulls() {
    check(&[
        (
            r#"SELECT group_concat(b, '' ORDER BY c) FROM t"#,
            r#"wyXxzxy"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY c NULLS LAST) FROM t"#,
            r#"yXxzxyw"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY c DESC) FROM t"#,
            r#"yxxzyXw"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY c DESC NULLS FIRST) FROM t"#,
            r#"wyxxzyX"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY c ASC NULLS FIRST, a DESC NULLS LAST) FROM t"#,
            r#"wXyxzxy"#,
        ),
    ]);
}

/// DISTINCT drops repeats in scan order (the first row of a value is the one sorted); FILTER rows never reach the sort.
#[test]
fn distinct_filter() {
    check(&[
        (
            r#"SELECT group_concat(DISTINCT b ORDER BY a DESC) FROM t"#,
            r#"X,w,y,x,z"#,
        ),
        (
            r#"SELECT group_concat(DISTINCT b ORDER BY b DESC) FROM t"#,
            r#"z,y,x,w,X"#,
        ),
        (
            r#"SELECT group_concat(DISTINCT b ORDER BY c) FROM t"#,
            r#"w,y,X,z,x"#,
        ),
        (
            r#"SELECT count(DISTINCT b ORDER BY a), sum(DISTINCT c ORDER BY b) FROM t"#,
            r#"5|11"#,
        ),
        (
            r#"SELECT group_concat(b, '' ORDER BY a) FILTER (WHERE a > 1) FROM t"#,
            r#"yxwX"#,
        ),
        (
            r#"SELECT group_concat(DISTINCT c ORDER BY a DESC) FILTER (WHERE b <> 'w') FROM t"#,
            r#"2,1,3,5"#,
        ),
    ]);
}

/// GROUP BY: per-group order, several orders in one query, in HAVING and the outer ORDER BY, in a view.
#[test]
fn group_by() {
    check(&[
        (
            r#"SELECT c, group_concat(b, '' ORDER BY a DESC) FROM t GROUP BY c"#,
            r#"NULL|w 1|Xy 2|xz 3|x 5|y"#,
        ),
        (
            r#"SELECT lower(b), group_concat(a ORDER BY a DESC), group_concat(a ORDER BY c) FROM t GROUP BY 1"#,
            r#"w|4|4 x|5,3,1|5,3,1 y|2,0|2,0 z|NULL|NULL"#,
        ),
        (
            r#"SELECT c IS NULL, group_concat(b ORDER BY a) FROM t GROUP BY 1 HAVING group_concat(c ORDER BY a DESC) LIKE '2%'"#,
            r#""#,
        ),
        (
            r#"SELECT b, group_concat(a ORDER BY c DESC) FROM t GROUP BY b ORDER BY group_concat(c ORDER BY a DESC)"#,
            r#"w|4 X|5 y|0,2 z|NULL x|1,3"#,
        ),
        (
            r#"SELECT b, group_concat(a ORDER BY a) FROM t GROUP BY b ORDER BY 2 DESC"#,
            r#"X|5 w|4 x|1,3 y|0,2 z|NULL"#,
        ),
        (r#"SELECT * FROM vo"#, r#"NULL|w 1|Xy 2|xz 3|x 5|y"#),
        (
            r#"SELECT b, group_concat(DISTINCT c ORDER BY c DESC) FILTER (WHERE a > 0) FROM t GROUP BY b"#,
            r#"X|1 w|NULL x|3,2 y|1 z|NULL"#,
        ),
    ]);
}

/// Correlated subqueries (the sort restarts per outer row), joins, RIGHT JOIN's unmatched pass, subqueries as arguments and terms, compounds, windows over an aggregate query.
#[test]
fn subqueries_joins() {
    check(&[
        (
            r#"SELECT a, (SELECT group_concat(v, '' ORDER BY k DESC) FROM u WHERE k <= t.a) FROM t ORDER BY a"#,
            r#"NULL|NULL 0|NULL 1|p 2|Qp 3|qQp 4|qQp 5|qQp"#,
        ),
        (
            r#"SELECT a, (SELECT group_concat(v ORDER BY (k - t.a) * (k - t.a), k) FROM u) FROM t ORDER BY a"#,
            r#"NULL|p,Q,q,r 0|p,Q,q,r 1|p,Q,q,r 2|Q,p,q,r 3|q,Q,p,r 4|q,Q,p,r 5|q,Q,p,r"#,
        ),
        (
            r#"SELECT group_concat(t.b || u.v ORDER BY u.k DESC, t.a) FROM t JOIN u ON u.k = t.a"#,
            r#"xq,yQ,xp"#,
        ),
        (
            r#"SELECT group_concat(u.v || coalesce(t.b, '-') ORDER BY u.k DESC) FROM t RIGHT JOIN u ON u.k = t.a"#,
            r#"r-,qx,Qy,px"#,
        ),
        (
            r#"SELECT group_concat((SELECT v FROM u WHERE k = t.a) ORDER BY (SELECT -k FROM u WHERE k = t.a) NULLS FIRST, a) FROM t"#,
            r#"q,Q,p"#,
        ),
        (
            r#"SELECT group_concat(a ORDER BY a) FROM t UNION ALL SELECT group_concat(v ORDER BY k DESC) FROM u"#,
            r#"0,1,2,3,4,5 r,q,Q,p"#,
        ),
        (
            r#"SELECT group_concat(b ORDER BY a), row_number() OVER () FROM t"#,
            r#"z,y,x,y,x,w,X|1"#,
        ),
        (
            r#"SELECT b, group_concat(a ORDER BY a DESC), sum(count(*)) OVER (ORDER BY b) FROM t GROUP BY b"#,
            r#"X|5|1 w|4|2 x|3,1|4 y|2,0|6 z|NULL|7"#,
        ),
    ]);
}

/// string_agg(X, SEP): exactly two arguments, as an aggregate and as a window function.
#[test]
fn string_agg() {
    check(&[
        (r#"SELECT string_agg(b, ';') FROM t"#, r#"x;y;x;w;y;X;z"#),
        (
            r#"SELECT string_agg(b, ';' ORDER BY c NULLS FIRST, a) FROM t"#,
            r#"w;y;X;z;x;x;y"#,
        ),
        (
            r#"SELECT string_agg(DISTINCT b, ',') FROM t"#,
            r#"Error: DISTINCT aggregates must have exactly one argument"#,
        ),
        (
            r#"SELECT c, string_agg(a, '+' ORDER BY a DESC) FROM t GROUP BY c"#,
            r#"NULL|4 1|5+2 2|3 3|1 5|0"#,
        ),
        (
            r#"SELECT a, string_agg(b, '-') OVER (ORDER BY a) FROM t"#,
            r#"NULL|z 0|z-y 1|z-y-x 2|z-y-x-y 3|z-y-x-y-x 4|z-y-x-y-x-w 5|z-y-x-y-x-w-X"#,
        ),
        (
            r#"SELECT string_agg(b) FROM t"#,
            r#"Error: wrong number of arguments to function string_agg()"#,
        ),
        (
            r#"SELECT string_agg(b, ',', 1) FROM t"#,
            r#"Error: wrong number of arguments to function string_agg()"#,
        ),
    ]);
}

/// Errors: ORDER BY with count(*), scalar functions, window calls, nested aggregates; the schema keeps the text.
#[test]
fn errors() {
    check(&[
        (
            r#"SELECT count(* ORDER BY a) FROM t"#,
            r#"Error: near "ORDER": syntax error"#,
        ),
        (
            r#"SELECT abs(a ORDER BY b) FROM t"#,
            r#"Error: ORDER BY may not be used with non-aggregate abs()"#,
        ),
        (
            r#"SELECT coalesce(a ORDER BY b) FROM t"#,
            r#"Error: wrong number of arguments to function coalesce()"#,
        ),
        (
            r#"SELECT nosuch(a ORDER BY b) FROM t"#,
            r#"Error: no such function: nosuch"#,
        ),
        (
            r#"SELECT group_concat(b ORDER BY a) OVER () FROM t"#,
            r#"Error: ORDER BY may not be used with non-aggregate group_concat()"#,
        ),
        (
            r#"SELECT sum(a ORDER BY b) OVER (ORDER BY a) FROM t"#,
            r#"Error: ORDER BY may not be used with non-aggregate sum()"#,
        ),
        (
            r#"SELECT ntile(2 ORDER BY a) OVER (ORDER BY a) FROM t"#,
            r#"Error: ORDER BY may not be used with non-aggregate ntile()"#,
        ),
        (
            r#"SELECT rank(ORDER BY a) OVER (ORDER BY a) FROM t"#,
            r#"1 2 3 4 5 6 7"#,
        ),
        (
            r#"SELECT group_concat(b ORDER BY max(a)) FROM t"#,
            r#"Error: misuse of aggregate function max()"#,
        ),
        (
            r#"SELECT group_concat(b ORDER BY ) FROM t"#,
            // 3.54.1 says `near ")"`; a statement both reject keeps 3.40.1's answer.
            r#"Error: near "ORDER": syntax error"#,
        ),
        (
            r#"CREATE INDEX ti ON t(abs(a ORDER BY b))"#,
            r#"Error: ORDER BY may not be used with non-aggregate abs()"#,
        ),
        // Not here: `CREATE TABLE bad(x CHECK (abs(x ORDER BY x) > 0))`, which 3.54.1 rejects
        // with the same error. Ferrolite checks no CHECK expression at CREATE TABLE (neither
        // does it for `CHECK (nosuch(x))`, which 3.40.1 rejects): the error comes at the
        // first INSERT. That gap is the DDL checks', not this part's.
        (
            r#"SELECT sql FROM sqlite_schema WHERE name = 'vo'"#,
            r#"CREATE VIEW vo AS SELECT c, group_concat(b, '' ORDER BY a DESC) AS g FROM t GROUP BY c"#,
        ),
    ]);
}

/// EXPLAIN QUERY PLAN: a temp b-tree line per ordered call (before the loops; under GROUP BY after the GROUP BY line).
#[test]
fn plans() {
    check(&[
        (
            r#"EXPLAIN QUERY PLAN SELECT group_concat(b ORDER BY a DESC), sum(a ORDER BY b) FROM t"#,
            r#"USE TEMP B-TREE FOR group_concat(ORDER BY) / USE TEMP B-TREE FOR sum(ORDER BY) / SCAN t"#,
        ),
        (
            r#"EXPLAIN QUERY PLAN SELECT group_concat(DISTINCT b ORDER BY a DESC) FROM t"#,
            r#"USE TEMP B-TREE FOR group_concat(DISTINCT) / USE TEMP B-TREE FOR group_concat(ORDER BY) / SCAN t"#,
        ),
        (
            r#"EXPLAIN QUERY PLAN SELECT group_concat(b ORDER BY a DESC), sum(a ORDER BY c) FROM t GROUP BY b"#,
            r#"SCAN t / USE TEMP B-TREE FOR GROUP BY / USE TEMP B-TREE FOR group_concat(ORDER BY) / USE TEMP B-TREE FOR sum(ORDER BY)"#,
        ),
        (
            r#"EXPLAIN QUERY PLAN SELECT (SELECT group_concat(v ORDER BY k DESC) FROM u WHERE k < t.a) FROM t"#,
            r#"SCAN t / CORRELATED SCALAR SUBQUERY 1 / USE TEMP B-TREE FOR group_concat(ORDER BY) / SEARCH u USING INTEGER PRIMARY KEY (rowid<?)"#,
        ),
    ]);
}

/// The aggregate codegen this part touched, without ORDER BY in calls: rows, errors and
/// plans compared with the system sqlite3 3.40.1.
#[test]
fn unordered_aggregates_match_3_40() {
    let mut stmts: Vec<&str> = SETUP
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    stmts.retain(|s| !s.starts_with("CREATE VIEW"));
    stmts.extend([
        "SELECT group_concat(b, ',') FROM t",
        "SELECT group_concat(DISTINCT b) FROM t",
        "SELECT count(DISTINCT b), sum(DISTINCT c), count(*) FROM t",
        "SELECT group_concat(b) FILTER (WHERE a > 1) FROM t",
        "SELECT c, group_concat(b, ''), count(a) FROM t GROUP BY c",
        "SELECT b, group_concat(a) FROM t GROUP BY b ORDER BY group_concat(c)",
        "SELECT c IS NULL, group_concat(b) FROM t GROUP BY 1 HAVING count(*) > 1",
        "SELECT max(a), b FROM t",
        "SELECT min(a), b, c FROM t GROUP BY c IS NULL",
        "SELECT a, (SELECT group_concat(v, '') FROM u WHERE k <= t.a) FROM t ORDER BY a",
        "SELECT group_concat(u.v || coalesce(t.b, '-')) FROM t RIGHT JOIN u ON u.k = t.a",
        "SELECT json_group_array(b), json_group_object(b, a) FROM t WHERE a IS NOT NULL",
        "SELECT count(*) FROM t GROUP BY a ORDER BY count(*)",
        "SELECT abs(a) FROM t WHERE a = 1",
        "SELECT a, group_concat(b, '-') OVER (ORDER BY a) FROM t",
    ]);
    assert_statements_match(&stmts);
}

//! End-to-end tests of compiled statements, with expected results taken from sqlite3 3.40.1.

use crate::{Connection, Value};

pub(super) fn db(setup: &str) -> Connection {
    let c = Connection::open(":memory:").expect("open");
    c.execute_batch(setup).expect("setup");
    c
}

/// Renders rows like `sqlite3`'s list mode: `|` between values, one row per line.
pub(super) fn q(c: &Connection, sql: &str) -> String {
    rows_joined(c, sql, "\n")
}

/// Renders rows with `|` between values and `row_sep` between rows (`Error: msg` on error).
pub(super) fn rows_joined(c: &Connection, sql: &str, row_sep: &str) -> String {
    match c.query_all(sql, &[]) {
        Ok(rows) => rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect::<Vec<_>>()
            .join(row_sep),
        Err(e) => format!("Error: {}", e.message),
    }
}

#[test]
fn create_insert_select() {
    let c = db("CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES(1,'x'),(2,'y'),(3,NULL);");
    assert_eq!(q(&c, "SELECT a, b FROM t"), "1|x\n2|y\n3|");
    assert_eq!(q(&c, "SELECT b FROM t WHERE a >= 2 ORDER BY a DESC"), "\ny");
    assert_eq!(q(&c, "SELECT count(*), sum(a), max(b) FROM t"), "3|6|y");
    let _ = Value::Null;
}

/// Development aid: runs the statements of `$FERROLITE_DIFF_SQL` (one per line) and prints
/// each result like `sqlite3 -batch` list mode, for diffing against the real shell.
#[test]
#[ignore]
fn diff_script() {
    let Ok(path) = std::env::var("FERROLITE_DIFF_SQL") else {
        return;
    };
    let text = std::fs::read_to_string(path).expect("script");
    let c = Connection::open(":memory:").expect("open");
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match c.query_all(line, &[]) {
            Ok(rows) => {
                for r in rows {
                    out += &r
                        .iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join("|");
                    out += "\n";
                }
            }
            Err(e) => out += &format!("Error: {}\n", e.message),
        }
    }
    std::fs::write("/tmp/ferrolite_diff.out", out).expect("write");
}

/// Runs each line of `script` as one statement; renders rows in list mode and errors as
/// `Error: message`, as the expected files (made with sqlite3 3.40.1) do.
fn run_script(script: &str) -> String {
    let c = Connection::open(":memory:").expect("open");
    let mut out = String::new();
    for line in script.lines().filter(|l| !l.trim().is_empty()) {
        match c.query_all(line, &[]) {
            Ok(rows) => {
                for r in rows {
                    out += &r
                        .iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join("|");
                    out += "\n";
                }
            }
            Err(e) => out += &format!("Error: {}\n", e.message),
        }
    }
    out
}

macro_rules! script_test {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            let got = run_script(include_str!(concat!("testdata/", $file, ".sql")));
            let want = include_str!(concat!("testdata/", $file, ".expected"));
            assert_eq!(got, want, "{} differs from sqlite3", $file);
        }
    };
}

script_test!(dml_constraints_compounds_ctes_views, "case1");
script_test!(returning, "case3");
script_test!(autoincrement, "case4");
script_test!(upsert, "case5");
script_test!(triggers, "case6");
script_test!(expressions_affinity_collation, "case7");
script_test!(aggregates_subqueries_aliases, "case8");
script_test!(window_functions, "case9");
script_test!(alter_table, "case10");
script_test!(without_rowid, "case11");
script_test!(ctes_in_dml_and_recursion, "case12");
script_test!(in_list_lookups, "case13");
script_test!(right_and_full_joins, "case14");
script_test!(nulls_first_last, "case15");
script_test!(error_messages, "case17");
script_test!(subquery_affinity, "case18");

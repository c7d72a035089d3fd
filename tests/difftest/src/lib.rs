//! Differential testing of Ferrolite against the system SQLite.
//!
//! [`run_cases`] generates cases ([`gen`]), runs each statement on both engines and compares:
//! rows (in order when ORDER BY fixes it, else as multisets; reals within 1e-12 relative),
//! and errors (both fail, with the same message). It returns what differed.

pub mod gen;
pub mod gen_funcs;
pub mod gen_joins;
pub mod gen_writes;
pub mod modes;
pub mod reference;

use ferrolite::{Connection, Value};

/// One difference between the engines.
#[derive(Debug)]
pub struct Mismatch {
    pub seed: u64,
    pub sql: String,
    pub ours: String,
    pub theirs: String,
}

/// Counts of one run.
#[derive(Debug, Default)]
pub struct Tally {
    pub queries: usize,
    pub mismatches: Vec<Mismatch>,
}

/// Runs every statement of `sql` on Ferrolite; the rows of the last one, or the first error.
pub fn ours_run(conn: &Connection, sql: &str) -> Result<Vec<Vec<Value>>, String> {
    let mut rows = Vec::new();
    let mut rest = sql;
    loop {
        let (stmt, used) = conn.prepare_first(rest).map_err(|e| e.message)?;
        let Some(mut stmt) = stmt else {
            return Ok(rows);
        };
        rest = &rest[used..];
        rows.clear();
        while stmt.step().map_err(|e| e.message)? == ferrolite::StepResult::Row {
            rows.push(
                (0..stmt.column_count())
                    .map(|i| stmt.column_value(i).clone())
                    .collect(),
            );
        }
    }
}

/// Equal values, reals within a relative 1e-12 (the two engines format and sum alike, but
/// not always to the last bit).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Real(x), Value::Real(y)) => {
            x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()) || (x.is_nan() && y.is_nan())
        }
        _ => a == b,
    }
}

fn sort_key(row: &[Value]) -> String {
    format!("{row:?}")
}

/// Whether two values sort as equal (ORDER BY cannot tell them apart): 3 and 3.0, 0 and -0.0.
fn ties(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Integer(i), Value::Real(r)) | (Value::Real(r), Value::Integer(i)) => {
            r.fract() == 0.0 && r.abs() < 9.2e18 && *r as i64 == *i
        }
        (Value::Real(x), Value::Real(y)) => x == y,
        _ => a == b,
    }
}

/// ORDER BY leaves the order of rows that tie on every column unspecified: sorts each run
/// of such rows into one canonical order.
fn canonical_ties(rows: &mut [Vec<Value>]) {
    let mut start = 0;
    while start < rows.len() {
        let mut end = start + 1;
        while end < rows.len()
            && rows[end].len() == rows[start].len()
            && rows[end].iter().zip(&rows[start]).all(|(x, y)| ties(x, y))
        {
            end += 1;
        }
        rows[start..end].sort_by_key(|r| sort_key(r));
        start = end;
    }
}

fn same_rows(mut a: Vec<Vec<Value>>, mut b: Vec<Vec<Value>>, ordered: bool) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if ordered {
        canonical_ties(&mut a);
        canonical_ties(&mut b);
    } else {
        a.sort_by_key(|r| sort_key(r));
        b.sort_by_key(|r| sort_key(r));
    }
    a.iter()
        .zip(&b)
        .all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(u, v)| same_value(u, v)))
}

fn show(r: &Result<Vec<Vec<Value>>, String>) -> String {
    match r {
        Ok(rows) if rows.len() > 12 => format!("{} rows, first: {:?}", rows.len(), &rows[..12]),
        Ok(rows) => format!("{rows:?}"),
        Err(e) => format!("error: {e}"),
    }
}

/// Runs `cases` cases of `queries` queries each, seeds `first_seed..`.
pub fn run_cases(first_seed: u64, cases: u64, queries: usize) -> Tally {
    run_generated(first_seed, cases, |seed| gen::Gen::new(seed).case(queries))
}

/// Like [`run_cases`], with [`gen::Gen::ddl_case`]: generated columns, STRICT tables,
/// UPDATE ... FROM and row-value UPDATEs.
pub fn run_ddl_cases(first_seed: u64, cases: u64, queries: usize) -> Tally {
    run_generated(first_seed, cases, |seed| {
        gen::Gen::new(seed).ddl_case(queries)
    })
}

/// Runs `cases` cases of `queries` queries each in `mode` (None: every mode in turn).
pub fn run_mode(mode: Option<&modes::Mode>, first_seed: u64, cases: u64, queries: usize) -> Tally {
    run_generated(first_seed, cases, |seed| {
        modes::case_for(mode, seed, queries)
    })
}

fn run_generated(first_seed: u64, cases: u64, make: impl Fn(u64) -> gen::Case) -> Tally {
    let mut tally = Tally::default();
    for seed in first_seed..first_seed + cases {
        let case = make(seed);
        let theirs = reference::Reference::open_memory();
        let ours = match Connection::open(":memory:") {
            Ok(c) => c,
            Err(e) => panic!("ferrolite cannot open :memory:: {e}"),
        };
        for sql in &case.setup {
            let a = ours_run(&ours, sql);
            let b = theirs.run(sql);
            if a.is_err() != b.is_err() {
                tally.mismatches.push(Mismatch {
                    seed,
                    sql: sql.clone(),
                    ours: show(&a),
                    theirs: show(&b),
                });
            }
        }
        for q in &case.queries {
            tally.queries += 1;
            let a = ours_run(&ours, &q.sql);
            let b = theirs.run(&q.sql);
            let same = match (&a, &b) {
                (Ok(x), Ok(y)) => same_rows(x.clone(), y.clone(), q.ordered),
                (Err(x), Err(y)) => x == y,
                _ => false,
            };
            if !same {
                tally.mismatches.push(Mismatch {
                    seed,
                    sql: q.sql.clone(),
                    ours: show(&a),
                    theirs: show(&b),
                });
            }
        }
    }
    tally
}

/// Runs `script` (one statement per non-empty line) through [`assert_statements_match`].
pub fn assert_script_matches(script: &str) {
    let stmts: Vec<&str> = script.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_statements_match(&stmts);
}

/// Runs `statements` through [`compare_script`] and fails the calling test, listing each
/// statement that differs from SQLite with both engines' answers.
pub fn assert_statements_match(statements: &[&str]) {
    let shown: Vec<String> = compare_script(statements)
        .iter()
        .map(|m| {
            format!(
                "{}\n  ferrolite: {}\n  sqlite:    {}",
                m.sql, m.ours, m.theirs
            )
        })
        .collect();
    assert!(
        shown.is_empty(),
        "{} statements differ from SQLite:\n{}",
        shown.len(),
        shown.join("\n")
    );
}

/// Runs `statements` one by one on both engines (fresh in-memory databases) and returns the
/// statements whose results differ: rows compared in order, errors by message.
pub fn compare_script(statements: &[&str]) -> Vec<Mismatch> {
    let theirs = reference::Reference::open_memory();
    let ours = match Connection::open(":memory:") {
        Ok(c) => c,
        Err(e) => panic!("ferrolite cannot open :memory:: {e}"),
    };
    let mut out = Vec::new();
    for sql in statements {
        let a = ours_run(&ours, sql);
        let b = theirs.run(sql);
        let same = match (&a, &b) {
            (Ok(x), Ok(y)) => same_rows(x.clone(), y.clone(), true),
            (Err(x), Err(y)) => x == y,
            _ => false,
        };
        if !same {
            out.push(Mismatch {
                seed: 0,
                sql: sql.to_string(),
                ours: show(&a),
                theirs: show(&b),
            });
        }
    }
    out
}

/// The detail column of each EXPLAIN QUERY PLAN row (the ids differ between the engines).
pub fn plan_details(rows: Result<Vec<Vec<Value>>, String>) -> Result<Vec<String>, String> {
    Ok(rows?
        .into_iter()
        .map(|r| match r.last() {
            Some(Value::Text(s)) => s.to_string(),
            other => format!("{other:?}"),
        })
        .collect())
}

/// Runs `setup` (any statements) on both engines, then compares each query's rows (in order)
/// and its EXPLAIN QUERY PLAN details with SQLite's; fails listing every difference.
pub fn assert_plans_match(setup: &str, queries: &[&str]) {
    let mut script: Vec<&str> = setup
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    script.extend(queries.iter().copied());
    assert_statements_match(&script);
    let theirs = reference::Reference::open_memory();
    let ours = Connection::open(":memory:").expect("open :memory:");
    theirs.run(setup).expect("sqlite setup");
    ours_run(&ours, setup).expect("ferrolite setup");
    let mut bad = Vec::new();
    for q in queries {
        let eqp = format!("EXPLAIN QUERY PLAN {q}");
        let (a, b) = (
            plan_details(ours_run(&ours, &eqp)),
            plan_details(theirs.run(&eqp)),
        );
        if a != b {
            bad.push(format!("{q}\n  ferrolite: {a:?}\n  sqlite:    {b:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} plans differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// A CI ratchet: runs `cases` cases of `queries` queries of generator mode `mode` from seed 1,
/// prints the first differences, and fails the calling test when fewer than `min_queries`
/// ran or more than `allowed` differ from SQLite.
pub fn assert_sample(mode: &str, cases: u64, queries: usize, min_queries: usize, allowed: usize) {
    let mode = match modes::find(mode) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let tally = run_mode(mode, 1, cases, queries);
    for m in tally.mismatches.iter().take(15) {
        eprintln!(
            "seed {}: {}\n  ferrolite: {}\n  sqlite:    {}",
            m.seed, m.sql, m.ours, m.theirs
        );
    }
    eprintln!("{} of {} differ", tally.mismatches.len(), tally.queries);
    assert!(tally.queries >= min_queries);
    assert!(
        tally.mismatches.len() <= allowed,
        "{} of {} generated statements differ from SQLite",
        tally.mismatches.len(),
        tally.queries
    );
}

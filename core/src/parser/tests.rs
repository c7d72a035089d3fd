//! Parser tests: statements that must parse, and malformed SQL with SQLite's exact errors.

use super::ast::*;
use super::*;

fn ok(sql: &str) -> Vec<Stmt> {
    match parse(sql) {
        Ok(v) => v,
        Err(e) => panic!("{sql:?} failed: {} (offset {:?})", e.message, e.offset),
    }
}

#[test]
fn simple_select() {
    let v = ok("SELECT a+1, b AS x FROM t WHERE c > 2 ORDER BY a DESC LIMIT 3");
    assert_eq!(v.len(), 1);
}

/// SQL texts of the sqllogictest records SQLite runs and accepts (`statement ok` and
/// `query` records, minus those skipped for or reserved to other engines).
fn slt_statements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for record in text.split("\n\n") {
        let mut lines = record.lines().filter(|l| !l.starts_with('#')).peekable();
        let mut applies = true;
        while let Some(l) = lines.peek() {
            let l = l.trim();
            if let Some(e) = l.strip_prefix("skipif ") {
                applies &= !e.trim().eq_ignore_ascii_case("sqlite");
            } else if let Some(e) = l.strip_prefix("onlyif ") {
                applies &= e.trim().eq_ignore_ascii_case("sqlite");
            } else {
                break;
            }
            lines.next();
        }
        let Some(head) = lines.next() else { continue };
        if !applies || !(head.starts_with("statement ok") || head.starts_with("query")) {
            continue;
        }
        let sql: Vec<&str> = lines.take_while(|l| *l != "----").collect();
        if !sql.is_empty() {
            out.push(sql.join("\n"));
        }
    }
    out
}

fn slt_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            slt_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "test") {
            out.push(p);
        }
    }
}

/// Every statement of the sqllogictest corpus that SQLite accepts must parse. Set
/// `FERROLITE_SLT_ALL=1` to run all files (the default takes every 8th file for speed).
#[test]
fn sqllogictest_corpus_parses() {
    let root = std::path::Path::new("/work/shared/sqllogictest");
    let mut files = Vec::new();
    slt_files(root, &mut files);
    files.sort();
    if files.is_empty() {
        eprintln!("sqllogictest corpus not found; skipped");
        return;
    }
    let all = std::env::var("FERROLITE_SLT_ALL").is_ok();
    let (mut total, mut failed) = (0usize, 0usize);
    let mut examples = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if !all && i % 8 != 0 {
            continue;
        }
        let text = std::fs::read_to_string(f)
            .unwrap_or_default()
            .replace("\r\n", "\n");
        for sql in slt_statements(&text) {
            total += 1;
            if let Err(e) = parse(&sql) {
                failed += 1;
                if examples.len() < 20 {
                    examples.push(format!("{sql}\n  => {} at {:?}", e.message, e.offset));
                }
            }
        }
    }
    eprintln!("sqllogictest corpus: {total} statements, {failed} failed to parse");
    for e in &examples {
        eprintln!("{e}");
    }
    assert_eq!(failed, 0);
}

/// Texts where Ferrolite deliberately accepts more than SQLite 3.40.
const EXTENSIONS: &[&str] = &["begin concurrent"];

/// The differential table: `testdata/expected.tsv`, produced from `testdata/cases.sql` by
/// `testdata/gen.py` with the reference SQLite. Every text SQLite parses must parse; every
/// parse error must match SQLite's message and byte offset.
#[test]
fn matches_sqlite_on_case_table() {
    let table = include_str!("testdata/expected.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in table.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        n += 1;
        let sql = cols[0].replace("\\n", "\n");
        if EXTENSIONS.contains(&sql.as_str()) {
            assert!(
                parse(&sql).is_ok(),
                "{sql:?}: Ferrolite extension must parse"
            );
            continue;
        }
        let got = parse(&sql);
        match (cols[1], got) {
            ("ok", Ok(_)) => {}
            ("ok", Err(e)) => failures.push(format!(
                "{sql:?}: sqlite parses it, we fail: {} at {:?}",
                e.message, e.offset
            )),
            (_, Ok(_)) => failures.push(format!("{sql:?}: sqlite fails ({}), we parse", cols[2])),
            (_, Err(e)) => {
                let want_off: i64 = cols[3].parse().unwrap_or(-1);
                let got_off = e.offset.map_or(-1, |o| o as i64);
                if e.message != cols[2] || got_off != want_off {
                    failures.push(format!(
                        "{sql:?}: want {} at {want_off}, got {} at {got_off}",
                        cols[2], e.message
                    ));
                }
            }
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!("{n} cases, {} mismatches", failures.len());
    assert!(failures.is_empty());
}

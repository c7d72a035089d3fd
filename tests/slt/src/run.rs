//! Running one test file's records against a backend and judging each result.

use crate::backend::{Backend, QueryOutput};
use crate::record::{Expected, Kind, Record, Records, SortMode};
use crate::render::hash_values;
use std::collections::HashMap;
use std::io::BufRead;

/// The verdict on one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// A one-line reason and, for `--verbose`, expected/actual detail lines.
    Fail {
        why: String,
        details: Vec<String>,
    },
}

fn fail(why: impl Into<String>) -> Outcome {
    Outcome::Fail {
        why: why.into(),
        details: Vec::new(),
    }
}

/// What the file runner reports as it goes.
pub enum Event {
    /// A record at this line starts running.
    Begin(usize),
    /// The record begun last finished.
    Done(Outcome),
    /// A statement before the resume point was replayed (progress, not judged).
    Replayed,
}

/// Per-file state: the hash threshold and the results seen for each label.
pub struct FileRunner<'a> {
    backend: &'a mut dyn Backend,
    engine: String,
    hash_threshold: usize,
    labels: HashMap<String, (String, usize)>,
    /// Stop after judging this many records (`--limit`).
    pub limit: Option<usize>,
}

/// How many expected/actual lines `--verbose` shows at most.
const DETAIL_LINES: usize = 40;

impl<'a> FileRunner<'a> {
    pub fn new(backend: &'a mut dyn Backend, engine: &str) -> Self {
        FileRunner {
            backend,
            engine: engine.to_string(),
            hash_threshold: 8,
            labels: HashMap::new(),
            limit: None,
        }
    }

    /// Runs the records of `input`. Records before line `resume_after` are not judged: only
    /// their statements run (to rebuild the database after a restart), silently; the record at
    /// `resume_after` (the one that hung or crashed) is skipped. 0 runs everything.
    /// `guard` wraps each record's execution (the worker catches panics there).
    pub fn run(
        &mut self,
        input: impl BufRead,
        resume_after: usize,
        report: &mut dyn FnMut(Event),
        guard: &mut dyn FnMut(&mut dyn FnMut() -> Outcome) -> Outcome,
    ) {
        let mut judged = 0;
        for rec in Records::new(input) {
            if self.limit.is_some_and(|l| judged >= l) {
                return;
            }
            let rec = match rec {
                Ok(r) => r,
                Err((line, msg)) => {
                    if line > resume_after {
                        judged += 1;
                        report(Event::Begin(line));
                        report(Event::Done(fail(format!("malformed record: {msg}"))));
                    }
                    continue;
                }
            };
            if !rec.applies_to(&self.engine) {
                continue;
            }
            match &rec.kind {
                Kind::Halt => return,
                Kind::HashThreshold(n) => self.hash_threshold = *n,
                Kind::Statement { sql, .. } if rec.line < resume_after => {
                    let _ = guard(&mut || {
                        let _ = self.backend.execute(sql);
                        Outcome::Pass
                    });
                    report(Event::Replayed);
                }
                _ if rec.line <= resume_after => {}
                _ => {
                    judged += 1;
                    report(Event::Begin(rec.line));
                    let outcome = guard(&mut || self.judge(&rec));
                    report(Event::Done(outcome));
                }
            }
        }
    }

    /// Runs one statement or query record and compares with what it expects.
    pub fn judge(&mut self, rec: &Record) -> Outcome {
        match &rec.kind {
            Kind::Statement { expect_ok, sql } => match (self.backend.execute(sql), expect_ok) {
                (Ok(()), true) | (Err(_), false) => Outcome::Pass,
                (Ok(()), false) => fail("statement succeeded but an error was expected"),
                (Err(e), true) => fail(format!("statement failed: {e}")),
            },
            Kind::Query {
                types,
                sort,
                label,
                sql,
                expected,
            } => {
                if types.is_empty() || !types.bytes().all(|b| matches!(b, b'T' | b'I' | b'R')) {
                    return fail(format!("bad column types {types:?}"));
                }
                match self.backend.query(sql, types.as_bytes()) {
                    Err(e) => fail(format!("query failed: {e}")),
                    Ok(out) => self.check(
                        rec.line,
                        types.len(),
                        *sort,
                        label.as_deref(),
                        expected,
                        out,
                    ),
                }
            }
            Kind::Halt | Kind::HashThreshold(_) => Outcome::Pass,
        }
    }

    fn check(
        &mut self,
        line: usize,
        ntypes: usize,
        sort: SortMode,
        label: Option<&str>,
        expected: &Expected,
        out: QueryOutput,
    ) -> Outcome {
        if out.columns != ntypes && !out.values.is_empty() {
            return fail(format!("expected {ntypes} columns, got {}", out.columns));
        }
        let mut values = out.values;
        sort_values(&mut values, out.columns.max(1), sort);
        let hash_line = format!(
            "{} values hashing to {}",
            values.len(),
            hash_values(&values)
        );
        let verdict = compare(
            expected,
            &values,
            out.columns.max(1),
            &hash_line,
            self.hash_threshold,
        );
        if verdict != Outcome::Pass {
            return verdict;
        }
        if let Some(label) = label {
            match self.labels.get(label) {
                Some((h, first)) if *h != hash_line => {
                    return fail(format!(
                        "result differs from line {first} with the same label {label}"
                    ));
                }
                Some(_) => {}
                None => {
                    self.labels.insert(label.to_string(), (hash_line, line));
                }
            }
        }
        Outcome::Pass
    }
}

/// Orders rendered values as the sort mode says: rows compared column by column (strcmp), or
/// every value on its own.
pub fn sort_values(values: &mut Vec<String>, columns: usize, sort: SortMode) {
    match sort {
        SortMode::None => {}
        SortMode::Values => values.sort_unstable(),
        SortMode::Rows => {
            let mut rows: Vec<Vec<String>> = Vec::with_capacity(values.len() / columns + 1);
            let mut it = std::mem::take(values).into_iter().peekable();
            while it.peek().is_some() {
                rows.push(it.by_ref().take(columns).collect());
            }
            rows.sort_unstable();
            *values = rows.into_iter().flatten().collect();
        }
    }
}

/// Compares (sorted) values with the expected block. An expected hash is compared with the
/// values' hash; expected lines either one value each, or one row each with values separated
/// by single spaces (as some corpora write them).
fn compare(
    expected: &Expected,
    values: &[String],
    columns: usize,
    hash_line: &str,
    threshold: usize,
) -> Outcome {
    let ok = match expected {
        Expected::Hash { count, hash } => format!("{count} values hashing to {hash}") == hash_line,
        Expected::Lines(lines) => {
            lines.len() == values.len() && lines.iter().zip(values).all(|(a, b)| a == b)
                || (columns > 1
                    && lines.len() * columns == values.len()
                    && lines
                        .iter()
                        .zip(values.chunks(columns))
                        .all(|(l, row)| *l == row.join(" ")))
        }
    };
    if ok {
        return Outcome::Pass;
    }
    let (why, mut details) = match expected {
        Expected::Hash { count, .. } => (
            if *count == values.len() {
                "wrong result hash".to_string()
            } else {
                format!("expected {count} values, got {}", values.len())
            },
            vec![format!("expected: {}", expected_hash_line(expected))],
        ),
        Expected::Lines(lines) => (
            if lines.len() == values.len() {
                "wrong result".to_string()
            } else {
                format!("expected {} values, got {}", lines.len(), values.len())
            },
            std::iter::once("expected:".to_string())
                .chain(lines.iter().take(DETAIL_LINES).map(|l| format!("  {l}")))
                .collect(),
        ),
    };
    details.push(format!("actual:   {hash_line}"));
    if values.len() <= threshold.max(DETAIL_LINES) || matches!(expected, Expected::Lines(_)) {
        details.extend(values.iter().take(DETAIL_LINES).map(|v| format!("  {v}")));
    }
    Outcome::Fail { why, details }
}

fn expected_hash_line(e: &Expected) -> String {
    match e {
        Expected::Hash { count, hash } => format!("{count} values hashing to {hash}"),
        Expected::Lines(l) => l.join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::type_for;

    /// A fake engine: `execute` fails on SQL containing "bad"; queries return a canned table.
    struct Fake {
        rows: Vec<Vec<&'static str>>,
    }

    impl Backend for Fake {
        fn execute(&mut self, sql: &str) -> Result<(), String> {
            if sql.contains("bad") {
                Err("near \"bad\": syntax error".into())
            } else {
                Ok(())
            }
        }
        fn query(&mut self, sql: &str, types: &[u8]) -> Result<QueryOutput, String> {
            self.execute(sql)?;
            let _ = type_for(types, 0);
            if let Some(v) = sql.strip_prefix("v:") {
                return Ok(QueryOutput {
                    columns: 1,
                    values: v.split(',').map(str::to_string).collect(),
                });
            }
            Ok(QueryOutput {
                columns: self.rows.first().map_or(types.len(), Vec::len),
                values: self.rows.iter().flatten().map(|s| s.to_string()).collect(),
            })
        }
    }

    fn run(text: &str, rows: Vec<Vec<&'static str>>) -> Vec<(usize, Outcome)> {
        let mut fake = Fake { rows };
        let mut runner = FileRunner::new(&mut fake, "sqlite");
        let mut out = Vec::new();
        let mut line = 0;
        runner.run(
            text.as_bytes(),
            0,
            &mut |e| match e {
                Event::Begin(l) => line = l,
                Event::Done(o) => out.push((line, o)),
                Event::Replayed => {}
            },
            &mut |f| f(),
        );
        out
    }

    fn passes(v: &[(usize, Outcome)]) -> Vec<bool> {
        v.iter().map(|(_, o)| *o == Outcome::Pass).collect()
    }

    #[test]
    fn statements() {
        let r = run(
            "statement ok\nok\n\nstatement ok\nbad\n\nstatement error\nbad\n\nstatement error\nok\n",
            vec![],
        );
        assert_eq!(passes(&r), [true, false, true, false]);
        assert_eq!(r[1].0, 4);
    }

    #[test]
    fn rowsort_and_valuesort() {
        let rows = vec![vec!["b", "1"], vec!["a", "2"]];
        let r = run(
            "query TI rowsort\nq\n----\na\n2\nb\n1\n\nquery TI valuesort\nq\n----\n1\n2\na\nb\n\nquery TI nosort\nq\n----\na\n2\nb\n1\n\nquery TI nosort\nq\n----\nb 1\na 2\n",
            rows,
        );
        assert_eq!(passes(&r), [true, true, false, true]);
    }

    #[test]
    fn hashes_labels_and_conditions() {
        let rows = vec![vec!["1"], vec!["2"]];
        // md5("1\n2\n") = 6ddb4095eb719e2a9f0a3f95677d24e0
        let r = run(
            "query I nosort label-a\nq\n----\n2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0\n\n\
             skipif sqlite\nquery I nosort\nq\n----\nnope\n\n\
             onlyif mysql\nquery I nosort\nq\n----\nnope\n\n\
             query I nosort label-a\nq\n----\n1\n2\n\n\
             query I nosort\nq\n----\n3 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0\n\n\
             halt\n\nquery I nosort\nq\n----\nnope\n",
            rows,
        );
        assert_eq!(passes(&r), [true, true, false]);
        assert_eq!(r[1].0, 18);
    }

    /// After a restart: statements before the resume point replay (reported as progress),
    /// the record at it is skipped, later ones are judged.
    #[test]
    fn resume_replays_statements_and_skips_the_stuck_record() {
        let text = "statement ok\nok1\n\nquery I nosort\nv:1\n----\n1\n\nstatement ok\nok2\n\nquery I nosort\nv:2\n----\n2\n";
        let mut fake = Fake { rows: vec![] };
        let mut runner = FileRunner::new(&mut fake, "sqlite");
        let (mut replayed, mut judged) = (0, Vec::new());
        runner.run(
            text.as_bytes(),
            9,
            &mut |e| match e {
                Event::Replayed => replayed += 1,
                Event::Begin(l) => judged.push(l),
                Event::Done(_) => {}
            },
            &mut |f| f(),
        );
        assert_eq!(replayed, 1);
        assert_eq!(judged, [12]);
    }

    #[test]
    fn labels_must_agree() {
        let r = run(
            "query I nosort L\nv:1\n----\n1\n\nquery I nosort L\nv:2\n----\n2\n\nquery I nosort L\nv:1\n----\n1\n",
            vec![],
        );
        assert_eq!(passes(&r), [true, false, true]);
        assert!(
            matches!(&r[1].1, Outcome::Fail { why, .. } if why.contains("line 1 with the same label L"))
        );
    }

    #[test]
    fn wrong_column_count_and_types() {
        let r = run(
            "query II nosort\nq\n----\n1\n\nquery X nosort\nq\n----\n1\n\nquery I nosort\nbad\n----\n1\n",
            vec![vec!["1"]],
        );
        assert_eq!(passes(&r), [false, false, false]);
    }
}

//! The `.test` file format, read as a stream of records.
//!
//! ```text
//! # comment                      (between records)
//! hash-threshold 8
//!
//! skipif mysql # why              (conditions: any number, before a record)
//! onlyif sqlite
//! statement ok|error
//! SQL lines…                      (until a blank line)
//!
//! query <types> <nosort|rowsort|valuesort> [label]
//! SQL lines…
//! ----
//! one value per line, or `N values hashing to <md5>`
//!                                  (blank line ends the record)
//! halt
//! ```
//! Lines may end in CRLF. A `query` with an empty result may omit `----`.

use std::io::BufRead;

/// How a query's rendered values are ordered before comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortMode {
    /// `nosort`: as returned.
    None,
    /// `rowsort`: rows ordered by their rendered values, column by column.
    Rows,
    /// `valuesort`: every value ordered on its own.
    Values,
}

/// The expected result block of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// One rendered value per line (or, in some files, one row per line, values space-separated).
    Lines(Vec<String>),
    /// `count values hashing to hash`.
    Hash { count: usize, hash: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    SkipIf(String),
    OnlyIf(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Statement {
        expect_ok: bool,
        sql: String,
    },
    Query {
        types: String,
        sort: SortMode,
        label: Option<String>,
        sql: String,
        expected: Expected,
    },
    HashThreshold(usize),
    Halt,
}

/// One record with the 1-based line number of its keyword line and its conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub conditions: Vec<Condition>,
    pub kind: Kind,
}

impl Record {
    /// Whether the record applies to the engine called `engine` (case-insensitive).
    pub fn applies_to(&self, engine: &str) -> bool {
        self.conditions.iter().all(|c| match c {
            Condition::SkipIf(e) => !e.eq_ignore_ascii_case(engine),
            Condition::OnlyIf(e) => e.eq_ignore_ascii_case(engine),
        })
    }
}

/// Streams records out of a reader. Yields `Err(message)` for a malformed record (the reader
/// skips to the next blank line and goes on).
pub struct Records<R> {
    input: R,
    line_no: usize,
    buf: String,
    /// A line read ahead but not consumed.
    pending: Option<String>,
}

impl<R: BufRead> Records<R> {
    pub fn new(input: R) -> Self {
        Records {
            input,
            line_no: 0,
            buf: String::new(),
            pending: None,
        }
    }

    /// The next line without its line terminator, or None at end of input.
    fn next_line(&mut self) -> Option<String> {
        if let Some(l) = self.pending.take() {
            return Some(l);
        }
        self.buf.clear();
        match self.input.read_line(&mut self.buf) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                self.line_no += 1;
                let l = self.buf.trim_end_matches(['\n', '\r']);
                Some(l.to_owned())
            }
        }
    }

    /// Lines up to (not including) a blank line, the end, or a line equal to `stop`.
    /// Returns the lines and whether `stop` was seen.
    fn block(&mut self, stop: Option<&str>) -> (Vec<String>, bool) {
        let mut lines = Vec::new();
        while let Some(l) = self.next_line() {
            if l.trim().is_empty() {
                return (lines, false);
            }
            if stop == Some(l.as_str()) {
                return (lines, true);
            }
            lines.push(l);
        }
        (lines, false)
    }

    fn skip_block(&mut self) {
        self.block(None);
    }

    fn parse_record(
        &mut self,
        first: &str,
        line: usize,
        conditions: Vec<Condition>,
    ) -> Result<Record, String> {
        let words: Vec<&str> = strip_comment(first).split_whitespace().collect();
        let kind = match words.as_slice() {
            ["statement", mode, ..] => {
                let expect_ok = match *mode {
                    "ok" => true,
                    "error" => false,
                    other => {
                        self.skip_block();
                        return Err(format!("unknown statement mode {other:?}"));
                    }
                };
                let (sql, _) = self.block(None);
                Kind::Statement {
                    expect_ok,
                    sql: sql.join("\n"),
                }
            }
            ["query", types, rest @ ..] => {
                let sort = match rest.first().copied() {
                    None | Some("nosort") => SortMode::None,
                    Some("rowsort") => SortMode::Rows,
                    Some("valuesort") => SortMode::Values,
                    Some(other) => {
                        self.skip_block();
                        return Err(format!("unknown sort mode {other:?}"));
                    }
                };
                let label = rest.get(1).map(|s| s.to_string());
                let (sql, has_results) = self.block(Some("----"));
                let expected = if has_results {
                    parse_expected(self.block(None).0)
                } else {
                    Expected::Lines(Vec::new())
                };
                Kind::Query {
                    types: types.to_string(),
                    sort,
                    label,
                    sql: sql.join("\n"),
                    expected,
                }
            }
            ["hash-threshold", n] => match n.parse() {
                Ok(n) => Kind::HashThreshold(n),
                Err(_) => return Err(format!("bad hash-threshold {n:?}")),
            },
            ["halt"] => Kind::Halt,
            _ => {
                self.skip_block();
                return Err(format!("unknown record {first:?}"));
            }
        };
        Ok(Record {
            line,
            conditions,
            kind,
        })
    }
}

fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

fn parse_expected(lines: Vec<String>) -> Expected {
    if lines.len() == 1 {
        if let Some((count, hash)) = parse_hash_line(&lines[0]) {
            return Expected::Hash { count, hash };
        }
    }
    Expected::Lines(lines)
}

/// Parses `N values hashing to <32 hex digits>`.
pub fn parse_hash_line(line: &str) -> Option<(usize, String)> {
    let (count, rest) = line.trim().split_once(" values hashing to ")?;
    let count = count.parse().ok()?;
    let hash = rest.trim();
    (hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| (count, hash.to_ascii_lowercase()))
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Record, (usize, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut conditions = Vec::new();
        loop {
            let line = self.next_line()?;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = strip_comment(trimmed).split_whitespace().collect();
            match words.as_slice() {
                ["skipif", engine, ..] => conditions.push(Condition::SkipIf(engine.to_string())),
                ["onlyif", engine, ..] => conditions.push(Condition::OnlyIf(engine.to_string())),
                _ => {
                    let at = self.line_no;
                    let conds = std::mem::take(&mut conditions);
                    return Some(self.parse_record(trimmed, at, conds).map_err(|e| (at, e)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Record> {
        Records::new(text.as_bytes()).map(|r| r.unwrap()).collect()
    }

    #[test]
    fn statements_queries_and_conditions() {
        let recs = parse(
            "hash-threshold 8\r\n\r\n# c\nstatement ok\nCREATE TABLE t(a)\n\nskipif mysql # no\nonlyif sqlite\nquery IT rowsort label-1\nSELECT 1,\n'x'\n----\n1\nx\n\nquery I nosort\nSELECT 1 WHERE 0\n\nstatement error\nSELEC\n\nhalt\n",
        );
        assert_eq!(recs.len(), 6);
        assert_eq!(recs[5].kind, Kind::Halt);
        assert_eq!(recs[0].kind, Kind::HashThreshold(8));
        assert_eq!(
            recs[1].kind,
            Kind::Statement {
                expect_ok: true,
                sql: "CREATE TABLE t(a)".into()
            }
        );
        assert_eq!(recs[1].line, 4);
        assert_eq!(recs[2].line, 9);
        assert_eq!(
            recs[2].conditions,
            vec![
                Condition::SkipIf("mysql".into()),
                Condition::OnlyIf("sqlite".into())
            ]
        );
        assert!(recs[2].applies_to("SQLite"));
        assert!(!recs[2].applies_to("mysql"));
        match &recs[2].kind {
            Kind::Query {
                types,
                sort,
                label,
                sql,
                expected,
            } => {
                assert_eq!(types, "IT");
                assert_eq!(*sort, SortMode::Rows);
                assert_eq!(label.as_deref(), Some("label-1"));
                assert_eq!(sql, "SELECT 1,\n'x'");
                assert_eq!(*expected, Expected::Lines(vec!["1".into(), "x".into()]));
            }
            k => panic!("{k:?}"),
        }
        assert!(
            matches!(&recs[3].kind, Kind::Query { expected: Expected::Lines(v), .. } if v.is_empty())
        );
        assert!(matches!(
            &recs[4].kind,
            Kind::Statement {
                expect_ok: false,
                ..
            }
        ));
        assert_eq!(
            Records::new("halt\n".as_bytes())
                .next()
                .unwrap()
                .unwrap()
                .kind,
            Kind::Halt
        );
    }

    #[test]
    fn hash_lines() {
        let recs = parse("query I valuesort\nSELECT 1\n----\n30 values hashing to 3C0F1B5D2A7E09B1A5C1E3F0D2B4A6C8\n");
        assert_eq!(
            recs[0].kind,
            Kind::Query {
                types: "I".into(),
                sort: SortMode::Values,
                label: None,
                sql: "SELECT 1".into(),
                expected: Expected::Hash {
                    count: 30,
                    hash: "3c0f1b5d2a7e09b1a5c1e3f0d2b4a6c8".into()
                }
            }
        );
        assert_eq!(parse_hash_line("3 values hashing to xyz"), None);
    }

    #[test]
    fn malformed_records_are_reported_and_skipped() {
        let mut it = Records::new("bogus thing\nmore\n\nstatement ok\nSELECT 1\n".as_bytes());
        assert_eq!(it.next().unwrap().unwrap_err().0, 1);
        assert_eq!(it.next().unwrap().unwrap().line, 4);
        assert!(it.next().is_none());
    }
}

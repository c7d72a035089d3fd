//! The shell's state and its main loop: read lines, collect complete statements, run them,
//! print results in the current mode, report errors as `sqlite3` does.

use crate::complete::{is_blank, is_complete};
use crate::errors::{prepare_error, step_error, Origin};
use crate::format::{explain, Mode, Printer, Settings};
use crate::input::LineSource;
use ferrolite::{Connection, OpenFlags, StepResult, Value};
use std::io::Write;

/// Where query output goes (`.output`, `.once`).
pub enum Output {
    Stdout,
    File(std::fs::File, String),
}

pub struct Shell {
    conn: Option<Connection>,
    pub db_path: String,
    pub read_only: bool,
    pub settings: Settings,
    pub out: Output,
    /// `.once` is active: output goes back to stdout after the next statement.
    pub once: bool,
    pub bail: bool,
    pub echo: bool,
    pub timer: bool,
    pub changes: bool,
    /// Some statement or command failed (the exit status becomes 1).
    pub had_error: bool,
    /// `.quit`/`.exit` asked to stop, with this status.
    pub quit: Option<i32>,
    pub prompts: (String, String),
    /// `.explain auto` (the default): EXPLAIN output as the fixed-width listing.
    pub explain: bool,
    /// `.eqp on`: print each statement's query plan first.
    pub eqp: bool,
    /// `.parameter set` bindings, by name with prefix (`:x`, `@y`, `$z`, `?1`).
    pub params: std::collections::BTreeMap<String, Value>,
}

/// How a statement run ended: Err carries the error's primary result code (the exit status
/// of `sqlite3 DB SQL` when SQL fails).
pub type RunResult = Result<(), i32>;

impl Shell {
    pub fn new(db_path: &str, read_only: bool) -> Shell {
        Shell {
            conn: None,
            db_path: db_path.to_string(),
            read_only,
            settings: Settings::default(),
            out: Output::Stdout,
            once: false,
            bail: false,
            echo: false,
            timer: false,
            changes: false,
            had_error: false,
            quit: None,
            prompts: ("sqlite> ".into(), "   ...> ".into()),
            explain: true,
            eqp: false,
            params: std::collections::BTreeMap::new(),
        }
    }

    /// The connection, opened on first use. An open failure ends the program as in sqlite3.
    pub fn db(&mut self) -> Connection {
        if let Some(c) = &self.conn {
            return c.clone();
        }
        let flags = OpenFlags {
            read_only: self.read_only,
            create: !self.read_only,
            ..OpenFlags::default()
        };
        match Connection::open_with_flags(&self.db_path, flags) {
            Ok(c) => {
                crate::interrupt::register(&c);
                self.conn = Some(c.clone());
                c
            }
            Err(e) => {
                let name = if self.db_path.is_empty() {
                    ":memory:"
                } else {
                    &self.db_path
                };
                eprintln!("Error: unable to open database \"{name}\": {}", e.message);
                std::process::exit(1);
            }
        }
    }

    /// `.open`: opens `path` now. On failure sqlite3 reports the error and goes on with an
    /// in-memory database (the command itself does not count as failed).
    pub fn reopen(&mut self, path: &str, read_only: bool) {
        self.close_db();
        let flags = OpenFlags {
            read_only,
            create: !read_only,
            ..OpenFlags::default()
        };
        match Connection::open_with_flags(path, flags) {
            Ok(c) => {
                crate::interrupt::register(&c);
                self.conn = Some(c);
                self.db_path = path.to_string();
                self.read_only = read_only;
            }
            Err(e) => {
                eprintln!("Error: unable to open database \"{path}\": {}", e.message);
                self.db_path = path.to_string();
                self.read_only = false;
                if let Ok(c) = Connection::open(":memory:") {
                    crate::interrupt::register(&c);
                    self.conn = Some(c);
                }
            }
        }
    }

    /// Closes the current database (`.open` then opens another lazily).
    pub fn close_db(&mut self) {
        if let Some(c) = self.conn.take() {
            let _ = c.close();
        }
    }

    /// Writes bytes to the current output.
    pub fn write_out(&mut self, bytes: &[u8]) {
        let r = match &mut self.out {
            Output::Stdout => {
                let mut o = std::io::stdout().lock();
                o.write_all(bytes).and_then(|_| o.flush())
            }
            Output::File(f, _) => f.write_all(bytes),
        };
        let _ = r;
    }

    /// Runs lines from `src` until it ends, `.quit`, or an error with `.bail on`.
    /// Returns Err after a bailing error.
    pub fn process(&mut self, src: &mut dyn LineSource) -> RunResult {
        let interactive = src.is_interactive();
        let mut buf = String::new();
        // Once `buf` holds SQL text it can no longer be only comments: skip that rescan.
        let mut buf_has_sql = false;
        let mut start = 0;
        let mut lineno = 0;
        loop {
            let prompt = if buf.is_empty() {
                &self.prompts.0
            } else {
                &self.prompts.1
            };
            let prompt = prompt.clone();
            let Some(line) = src.next_line(&prompt) else {
                break;
            };
            lineno += 1;
            if buf.is_empty() && (line.starts_with('.') || line.starts_with('#')) {
                if self.echo {
                    self.write_out(format!("{line}\n").as_bytes());
                }
                if line.starts_with('#') {
                    continue;
                }
                let origin = if interactive {
                    Origin::Interactive
                } else {
                    Origin::Script(lineno)
                };
                let r = crate::dot::run(self, &line, origin);
                if r.is_err() {
                    self.had_error = true;
                    if self.bail && !interactive {
                        return Err(1);
                    }
                }
                if self.quit.is_some() {
                    return Ok(());
                }
                continue;
            }
            if buf.is_empty() {
                if line.trim().is_empty() {
                    continue;
                }
                start = lineno;
                buf_has_sql = false;
                buf.push_str(&line);
            } else {
                buf.push('\n');
                buf.push_str(&line);
            }
            if !buf_has_sql {
                if crate::complete::only_closed_comments(&buf) {
                    buf.clear();
                    continue;
                }
                // An open `/*` still counts as blank: keep looking until it closes.
                buf_has_sql = !is_blank(&buf);
            }
            if line.contains(';') && is_complete(&buf) {
                let sql = std::mem::take(&mut buf);
                let origin = if interactive {
                    Origin::Interactive
                } else {
                    Origin::Script(start)
                };
                if let Err(code) = self.run_script_sql(&sql, origin) {
                    if self.bail && !interactive {
                        return Err(code);
                    }
                }
            }
        }
        if !buf.is_empty() && !is_blank(&buf) {
            let origin = if interactive {
                Origin::Interactive
            } else {
                Origin::Script(start)
            };
            if let Err(code) = self.run_script_sql(&buf, origin) {
                if self.bail && !interactive {
                    return Err(code);
                }
            }
        }
        Ok(())
    }

    fn run_script_sql(&mut self, sql: &str, origin: Origin) -> RunResult {
        if self.echo {
            self.write_out(format!("{sql}\n").as_bytes());
        }
        let r = self.run_sql(sql, origin);
        if r.is_err() {
            self.had_error = true;
        }
        r
    }

    /// Runs every statement in `sql`, printing results; stops at the first error.
    pub fn run_sql(&mut self, sql: &str, origin: Origin) -> RunResult {
        let conn = self.db();
        let mut rest = sql;
        let result = loop {
            let t0 = self.timer.then(crate::timer::Times::now);
            let (stmt, tail) = match conn.prepare_first(rest) {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("{}", prepare_error(origin, &e, rest));
                    break Err(e.code());
                }
            };
            let Some(mut stmt) = stmt else { break Ok(()) };
            if let Err(e) = self.run_statement(&conn, &mut stmt) {
                eprintln!("{}", step_error(origin, &e));
                break Err(e.code());
            }
            if let Some(t0) = t0 {
                let line = t0.report();
                self.write_out(line.as_bytes());
            }
            rest = &rest[tail..];
        };
        if self.once {
            self.once = false;
            self.out = Output::Stdout;
        }
        result
    }

    /// Runs one prepared statement: binds `.parameter` values, prints its rows in the current
    /// mode (EXPLAIN output in its own shapes), then the `.changes` line. Rows produced before
    /// a runtime error are printed before the error is returned.
    fn run_statement(
        &mut self,
        conn: &Connection,
        stmt: &mut ferrolite::Statement,
    ) -> Result<(), ferrolite::Error> {
        self.bind_params(stmt);
        let explain = stmt.is_explain();
        if explain == 2 || (explain == 1 && self.explain && self.settings.mode != Mode::Box) {
            return self.print_explain(stmt, explain);
        }
        if self.eqp && explain == 0 {
            self.print_plan_of(conn, stmt.sql());
        }
        let settings = self.settings.clone();
        let ncol = stmt.column_count();
        let names = (0..ncol).map(|i| stmt.column_name(i).to_string()).collect();
        let mut printer = Printer::new(&settings, names);
        let mut buf = Vec::new();
        let outcome = loop {
            match stmt.step() {
                Ok(StepResult::Row) if ncol > 0 => {
                    let row: Vec<Value> = (0..ncol).map(|i| stmt.column_value(i).clone()).collect();
                    printer.row(row, &mut buf);
                    if buf.len() > 1 << 16 {
                        self.write_out(&buf);
                        buf.clear();
                    }
                }
                Ok(StepResult::Row) => {}
                Ok(StepResult::Done) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        // A columnar result leaves `.width` at least as long as its column count (`.show`).
        if settings.mode.is_columnar() && ncol > 0 && self.settings.widths.len() < ncol {
            self.settings.widths.resize(ncol, 0);
        }
        printer.finish(&mut buf);
        self.write_out(&buf);
        outcome?;
        if self.changes {
            let line = format!(
                "changes: {}   total_changes: {}\n",
                conn.changes(),
                conn.total_changes()
            );
            self.write_out(line.as_bytes());
        }
        Ok(())
    }

    /// Binds `.parameter` values to the statement's named parameters (others stay NULL).
    fn bind_params(&self, stmt: &mut ferrolite::Statement) {
        if self.params.is_empty() {
            return;
        }
        for i in 1..=stmt.bind_parameter_count() {
            let value = stmt
                .bind_parameter_name(i)
                .and_then(|n| self.params.get(n))
                .cloned();
            if let Some(v) = value {
                let _ = stmt.bind(i, v);
            }
        }
    }

    /// Prints an `EXPLAIN QUERY PLAN` tree (`kind` 2) or an `EXPLAIN` listing (`kind` 1).
    fn print_explain(
        &mut self,
        stmt: &mut ferrolite::Statement,
        kind: u8,
    ) -> Result<(), ferrolite::Error> {
        let mut rows = Vec::new();
        while stmt.step()? == StepResult::Row {
            rows.push(
                (0..stmt.column_count())
                    .map(|i| stmt.column_value(i).clone())
                    .collect::<Vec<_>>(),
            );
        }
        let text = if kind == 2 {
            let plan: Vec<explain::PlanRow> = rows
                .iter()
                .map(|r| {
                    let int = |i: usize| match r.get(i) {
                        Some(Value::Integer(x)) => *x,
                        _ => 0,
                    };
                    let detail = r.get(3).map(|v| v.to_string()).unwrap_or_default();
                    (int(0), int(1), detail)
                })
                .collect();
            explain::plan_tree(&plan)
        } else {
            explain::listing(&rows)
        };
        self.write_out(text.as_bytes());
        Ok(())
    }

    /// `.eqp on`: the plan of `sql`, printed before its results.
    fn print_plan_of(&mut self, conn: &Connection, sql: &str) {
        if let Ok(mut s) = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")) {
            let _ = self.print_explain(&mut s, 2);
        }
    }

    /// Runs a query and returns its rows (for dot commands); errors are returned, not printed.
    pub fn query(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<Vec<Vec<Value>>, ferrolite::Error> {
        let conn = self.db();
        conn.query_all(sql, params)
    }
}

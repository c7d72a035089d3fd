//! Output modes of the shell: how a result (column names and rows) becomes bytes, byte for
//! byte as the `sqlite3` 3.40 shell prints it.
//!
//! Row-at-a-time modes (`list`, `csv`, `tabs`, `line`, `json`, `insert`, `quote`, `html`,
//! `ascii`) live in `rows.rs`; modes that need every row first to size their columns
//! (`column`, `box`, `table`, `markdown`) live in `columns.rs`. Cell text rules shared by both
//! are in `text.rs`.

mod columns;
pub mod explain;
mod longdouble;
mod rows;
pub mod text;

use ferrolite::Value;

/// An output mode (`.mode NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Csv,
    Column,
    Box,
    Json,
    Line,
    Table,
    Markdown,
    Tabs,
    Insert,
    Quote,
    Html,
    Ascii,
    Tcl,
}

impl Mode {
    pub const ALL: [(&'static str, Mode); 14] = [
        ("ascii", Mode::Ascii),
        ("box", Mode::Box),
        ("column", Mode::Column),
        ("csv", Mode::Csv),
        ("html", Mode::Html),
        ("insert", Mode::Insert),
        ("json", Mode::Json),
        ("line", Mode::Line),
        ("list", Mode::List),
        ("markdown", Mode::Markdown),
        ("quote", Mode::Quote),
        ("table", Mode::Table),
        ("tabs", Mode::Tabs),
        ("tcl", Mode::Tcl),
    ];

    /// Looks a mode up by its name; unambiguous prefixes are accepted as `sqlite3` does.
    pub fn from_name(name: &str) -> Option<Mode> {
        if let Some((_, m)) = Self::ALL.iter().find(|(n, _)| *n == name) {
            return Some(*m);
        }
        let hits: Vec<Mode> = Self::ALL
            .iter()
            .filter(|(n, _)| !name.is_empty() && n.starts_with(name))
            .map(|(_, m)| *m)
            .collect();
        (hits.len() == 1).then(|| hits[0])
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("list", |(n, _)| n)
    }

    /// Modes that size columns from the whole result.
    pub fn is_columnar(self) -> bool {
        matches!(
            self,
            Mode::Column | Mode::Box | Mode::Table | Mode::Markdown
        )
    }
}

/// Everything that shapes output (`.show` prints most of it).
#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    pub headers: bool,
    /// Headers were set explicitly (`.headers`, `-header`): column modes then leave them alone.
    pub headers_set: bool,
    pub col_sep: String,
    pub row_sep: String,
    pub null: String,
    /// `.width` values; negative means right-aligned.
    pub widths: Vec<i64>,
    /// Table name used by `insert` mode.
    pub table: String,
    /// Columnar modes wrap cells at this many characters (`--wrap N`, 0 = never).
    pub wrap: usize,
    /// Wrap at word boundaries (`--wordwrap on`).
    pub wordwrap: bool,
    /// Columnar modes show values as SQL literals (`--quote`, `qbox`).
    pub quote: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            mode: Mode::List,
            headers: false,
            headers_set: false,
            col_sep: "|".into(),
            row_sep: "\n".into(),
            null: String::new(),
            widths: Vec::new(),
            table: "table".into(),
            wrap: 0,
            wordwrap: false,
            quote: false,
        }
    }
}

impl Settings {
    /// The mode as `.mode` names it, with the options of columnar modes (`.show` always says
    /// `--noquote`, as sqlite3 3.40 does: pass `show`).
    pub fn mode_description(&self, show: bool) -> String {
        if self.mode.is_columnar() {
            format!(
                "{} --wrap {} --wordwrap {} --{}",
                self.mode.name(),
                self.wrap,
                if self.wordwrap { "on" } else { "off" },
                if self.quote && !show {
                    "quote"
                } else {
                    "noquote"
                }
            )
        } else {
            self.mode.name().to_string()
        }
    }

    /// Switches mode as a command-line option (`-csv`, `-box`, …) does: csv and quote set the
    /// column separator, `-tabs` is list mode with tabs, `-ascii` sets both separators; headers
    /// and wrapping stay as they are.
    pub fn set_cli_mode(&mut self, mode: Mode) {
        match mode {
            Mode::Csv | Mode::Quote => self.col_sep = ",".into(),
            Mode::Ascii => {
                self.col_sep = "\x1f".into();
                self.row_sep = "\x1e".into();
            }
            Mode::Tabs => {
                self.mode = Mode::List;
                self.col_sep = "\t".into();
                return;
            }
            _ => {}
        }
        self.mode = mode;
    }

    /// Switches mode as `.mode` does, including its side effects on separators and headers
    /// (columnar modes also get the default `--wrap 60`).
    pub fn set_mode(&mut self, mode: Mode) {
        self.mode = mode;
        match mode {
            Mode::List => {
                self.col_sep = "|".into();
                self.row_sep = "\n".into();
            }
            Mode::Csv => {
                self.col_sep = ",".into();
                self.row_sep = "\r\n".into();
            }
            Mode::Tabs => {
                self.col_sep = "\t".into();
                self.row_sep = "\n".into();
            }
            Mode::Quote => {
                self.col_sep = ",".into();
                self.row_sep = "\n".into();
            }
            Mode::Ascii => {
                self.col_sep = "\x1f".into();
                self.row_sep = "\x1e".into();
            }
            Mode::Tcl => {
                self.col_sep = " ".into();
                self.row_sep = "\n".into();
            }
            Mode::Column if !self.headers_set => self.headers = true,
            _ => {}
        }
    }
}

/// One query result being printed: call [`Printer::row`] per row, then [`Printer::finish`].
pub struct Printer<'a> {
    settings: &'a Settings,
    names: Vec<String>,
    rows: Vec<Vec<Value>>,
    count: usize,
}

impl<'a> Printer<'a> {
    pub fn new(settings: &'a Settings, names: Vec<String>) -> Self {
        Printer {
            settings,
            names,
            rows: Vec::new(),
            count: 0,
        }
    }

    /// Formats one row; row-at-a-time modes append its bytes to `out` at once.
    pub fn row(&mut self, row: Vec<Value>, out: &mut Vec<u8>) {
        if self.settings.mode.is_columnar() {
            self.rows.push(row);
        } else {
            rows::row(self.settings, &self.names, &row, self.count, out);
        }
        self.count += 1;
    }

    /// Ends the result: columnar modes print everything now, others close what they opened.
    pub fn finish(self, out: &mut Vec<u8>) {
        if self.settings.mode.is_columnar() {
            columns::print(self.settings, &self.names, &self.rows, out);
        } else {
            rows::finish(self.settings, self.count, out);
        }
    }
}

#[cfg(test)]
mod tests;

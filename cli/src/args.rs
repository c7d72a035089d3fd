//! Command-line options: `ferrolite [OPTIONS] [DBFILE [SQL...]]`, as `sqlite3` takes them.

use crate::format::Mode;

#[derive(Debug, Default)]
pub struct Args {
    pub db: Option<String>,
    pub sql: Vec<String>,
    pub cmds: Vec<String>,
    pub mode: Option<Mode>,
    pub headers: Option<bool>,
    pub separator: Option<String>,
    pub newline: Option<String>,
    pub nullvalue: Option<String>,
    pub bail: bool,
    pub batch: bool,
    pub interactive: bool,
    pub echo: bool,
    pub readonly: bool,
    pub init: Option<String>,
    pub version: bool,
    pub help: bool,
    /// `--demo FILE`: create the demo database in FILE (if missing) and open it.
    pub demo: bool,
}

/// What went wrong with the options; the message is what `sqlite3` prints.
#[derive(Debug, PartialEq, Eq)]
pub enum ArgError {
    Unknown(String),
    Missing(String),
}

pub fn parse(argv: &[String]) -> Result<Args, ArgError> {
    let mut a = Args::default();
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        if !arg.starts_with('-') || arg == "-" {
            if a.db.is_none() {
                a.db = Some(arg.clone());
            } else {
                a.sql.push(arg.clone());
            }
            continue;
        }
        // `--opt` is the same as `-opt`.
        let opt = arg.strip_prefix("--").map_or(&arg[1..], |s| s);
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| ArgError::Missing(arg.clone()))
        };
        match opt {
            "list" => a.mode = Some(Mode::List),
            "csv" => a.mode = Some(Mode::Csv),
            "column" => a.mode = Some(Mode::Column),
            "box" => a.mode = Some(Mode::Box),
            "json" => a.mode = Some(Mode::Json),
            "line" => a.mode = Some(Mode::Line),
            "table" => a.mode = Some(Mode::Table),
            "markdown" => a.mode = Some(Mode::Markdown),
            "tabs" => a.mode = Some(Mode::Tabs),
            "quote" => a.mode = Some(Mode::Quote),
            "html" => a.mode = Some(Mode::Html),
            "ascii" => a.mode = Some(Mode::Ascii),
            "header" => a.headers = Some(true),
            "noheader" => a.headers = Some(false),
            "separator" => a.separator = Some(value()?),
            "newline" => a.newline = Some(value()?),
            "nullvalue" => a.nullvalue = Some(value()?),
            "cmd" => a.cmds.push(value()?),
            "init" => a.init = Some(value()?),
            "bail" => a.bail = true,
            "batch" => a.batch = true,
            "interactive" => a.interactive = true,
            "echo" => a.echo = true,
            "readonly" => a.readonly = true,
            "version" => a.version = true,
            "help" | "h" => a.help = true,
            "demo" => a.demo = true,
            _ => return Err(ArgError::Unknown(arg.clone())),
        }
        // A later mode option overrides an earlier -separator where it sets the separator.
        if matches!(opt, "csv" | "tabs" | "quote" | "ascii") {
            a.separator = None;
            if opt == "ascii" {
                a.newline = None;
            }
        }
    }
    Ok(a)
}

pub const HELP: &str = "Usage: ferrolite [OPTIONS] FILENAME [SQL]
FILENAME is the name of an SQLite database. A new database is created
if the file does not previously exist.
OPTIONS include:
   -ascii               set output mode to 'ascii'
   -bail                stop after hitting an error
   -batch               force batch I/O
   -box                 set output mode to 'box'
   -column              set output mode to 'column'
   -cmd COMMAND         run \"COMMAND\" before reading stdin
   -csv                 set output mode to 'csv'
   -demo                create a small demo database in FILENAME if missing
                        (in memory when no FILENAME is given)
   -echo                print inputs before execution
   -init FILENAME       read/process named file
   -[no]header          turn headers on or off
   -help                show this message
   -html                set output mode to HTML
   -interactive         force interactive I/O
   -json                set output mode to 'json'
   -line                set output mode to 'line'
   -list                set output mode to 'list'
   -markdown            set output mode to 'markdown'
   -newline SEP         set output row separator. Default: '\\n'
   -nullvalue TEXT      set text string for NULL values. Default ''
   -quote               set output mode to 'quote'
   -readonly            open the database read-only
   -separator SEP       set output column separator. Default: '|'
   -table               set output mode to 'table'
   -tabs                set output mode to 'tabs'
   -version             show SQLite version
";

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[&str]) -> Result<Args, ArgError> {
        parse(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn options_db_and_sql() {
        let a = p(&[
            "-csv",
            "--header",
            "db.sqlite",
            "select 1",
            "-bail",
            "select 2",
        ])
        .unwrap();
        assert_eq!(a.mode, Some(Mode::Csv));
        assert_eq!(a.headers, Some(true));
        assert_eq!(a.db.as_deref(), Some("db.sqlite"));
        assert_eq!(a.sql, ["select 1", "select 2"]);
        assert!(a.bail);
        let a = p(&["-separator", ";", "-cmd", ".mode box", "-noheader"]).unwrap();
        assert_eq!(a.separator.as_deref(), Some(";"));
        assert_eq!(a.cmds, [".mode box"]);
        assert_eq!(a.headers, Some(false));
        assert_eq!(
            p(&["-bogus"]).unwrap_err(),
            ArgError::Unknown("-bogus".into())
        );
        assert_eq!(p(&["-cmd"]).unwrap_err(), ArgError::Missing("-cmd".into()));
    }
}

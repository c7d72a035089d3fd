//! Dot commands (`.mode`, `.tables`, `.dump`, …), with `sqlite3`'s argument syntax, output and
//! error messages. Each returns Err(()) after printing its error; the caller records it.

use crate::errors::Origin;
use crate::format::text::{c_quoted, ident, sql_literal};
use crate::format::Mode;
use crate::input::Script;
use crate::shell::{Output, Shell};
use ferrolite::Value;

type R = Result<(), ()>;

/// Splits a dot-command line into arguments: whitespace separated; `'…'` taken literally;
/// `"…"` and bare words with C-style backslash escapes resolved.
pub fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let mut arg = String::new();
        if c == '\'' || c == '"' {
            chars.next();
            for ch in chars.by_ref() {
                if ch == c {
                    break;
                }
                arg.push(ch);
            }
            if c == '"' {
                arg = unescape(&arg);
            }
        } else {
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() {
                    break;
                }
                arg.push(ch);
                chars.next();
            }
            arg = unescape(&arg);
        }
        args.push(arg);
    }
    args
}

/// Resolves `\n`, `\t`, `\r`, `\\`, `\"`, `\'` and octal `\NNN`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(x) => {
                            v = v * 8 + x;
                            it.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('?'));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// sqlite3's boolean argument: on/yes/true, off/no/false, or an integer.
fn boolean(arg: &str) -> bool {
    let a = arg.to_ascii_lowercase();
    match a.as_str() {
        "on" | "yes" | "true" => true,
        "off" | "no" | "false" => false,
        _ if !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()) => a.bytes().any(|b| b != b'0'),
        _ => {
            eprintln!("ERROR: Not a boolean value: \"{arg}\". Assuming \"no\".");
            false
        }
    }
}

/// sqlite3's integer argument: optional sign and decimal digits (64-bit wrapping arithmetic),
/// or `0x` hex; anything after the number is ignored.
pub fn integer_value(arg: &str) -> i64 {
    let s = arg.trim();
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        hex.chars()
            .map_while(|c| c.to_digit(16))
            .fold(0i64, |acc, d| {
                acc.wrapping_mul(16).wrapping_add(i64::from(d))
            })
    } else {
        s.chars()
            .map_while(|c| c.to_digit(10))
            .fold(0i64, |acc, d| {
                acc.wrapping_mul(10).wrapping_add(i64::from(d))
            })
    };
    if neg {
        v.wrapping_neg()
    } else {
        v
    }
}

fn usage(text: &str) -> R {
    eprintln!("Usage: {text}");
    Err(())
}

/// Runs one dot-command line.
pub fn run(sh: &mut Shell, line: &str, origin: Origin) -> R {
    let args = split_args(&line[1..]);
    let Some(cmd) = args.first().map(String::as_str) else {
        return Ok(());
    };
    let n = args.len();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    match cmd {
        "bail" if n == 2 => sh.bail = boolean(arg(1)),
        "bail" => return usage(".bail on|off"),
        "changes" if n == 2 => sh.changes = boolean(arg(1)),
        "changes" => return usage(".changes on|off"),
        "echo" if n == 2 => sh.echo = boolean(arg(1)),
        "echo" => return usage(".echo on|off"),
        "timer" if n == 2 => sh.timer = boolean(arg(1)),
        "timer" => return usage(".timer on|off"),
        "headers" | "header" if n == 2 => {
            sh.settings.headers = boolean(arg(1));
            sh.settings.headers_set = true;
        }
        "headers" | "header" => return usage(".headers on|off"),
        "nullvalue" if n == 2 => sh.settings.null = arg(1).to_string(),
        "nullvalue" => return usage(".nullvalue STRING"),
        "separator" if n == 2 || n == 3 => {
            sh.settings.col_sep = arg(1).to_string();
            if n == 3 {
                sh.settings.row_sep = arg(2).to_string();
            }
        }
        "separator" => return usage(".separator COL ?ROW?"),
        "width" => {
            // sqlite3 keeps widths as C ints: the 64-bit value, truncated to 32 bits.
            sh.settings.widths = args[1..]
                .iter()
                .map(|w| i64::from(integer_value(w) as i32))
                .collect()
        }
        "mode" => return mode(sh, &args),
        "explain" => sh.explain = n < 2 || arg(1) == "auto" || boolean(arg(1)),
        "eqp" if n == 2 => sh.eqp = arg(1) == "full" || boolean(arg(1)),
        "eqp" => return usage(".eqp off|on|trace|trigger|full"),
        "quit" | "q" => sh.quit = Some(0),
        "exit" => sh.quit = Some(integer_value(arg(1)) as i32),
        "print" => {
            let text = format!("{}\n", args[1..].join(" "));
            sh.write_out(text.as_bytes());
        }
        "prompt" => {
            if n >= 2 {
                sh.prompts.0 = arg(1).to_string();
            }
            if n >= 3 {
                sh.prompts.1 = arg(2).to_string();
            }
        }
        "show" => show(sh),
        "databases" => databases(sh),
        "output" | "once" => return output(sh, &args),
        "read" if n == 2 => return read(sh, arg(1)),
        "read" => return usage(".read FILE"),
        "open" => return open(sh, &args),
        "tables" | "table" => return tables(sh, &args),
        "indexes" | "indices" => return indexes(sh, &args),
        "schema" => return schema(sh, &args),
        "dump" => return dump(sh, &args),
        "import" => return crate::import::run(sh, &args),
        "parameter" | "param" => return crate::param::run(sh, &args),
        "help" => sh.write_out(HELP.as_bytes()),
        "cd" if n == 2 => {
            if std::env::set_current_dir(arg(1)).is_err() {
                eprintln!("Cannot change to directory \"{}\"", arg(1));
                return Err(());
            }
        }
        "cd" => return usage(".cd DIRECTORY"),
        "shell" | "system" if n >= 2 => {
            let cmd = args[1..].join(" ");
            let _ = std::process::Command::new("sh").arg("-c").arg(cmd).status();
        }
        "shell" | "system" => return usage(".system COMMAND"),
        _ => {
            let _ = origin;
            eprintln!(
                "Error: unknown command or invalid arguments:  \"{cmd}\". Enter \".help\" for help"
            );
            return Err(());
        }
    }
    Ok(())
}

fn absolute(path: &str) -> String {
    std::fs::canonicalize(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string())
}

fn mode(sh: &mut Shell, args: &[String]) -> R {
    if args.len() == 1 {
        let line = format!(
            "current output mode: {}\n",
            sh.settings.mode_description(false)
        );
        sh.write_out(line.as_bytes());
        return Ok(());
    }
    let mut chosen = None;
    sh.settings.wrap = 60;
    sh.settings.wordwrap = false;
    sh.settings.quote = false;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--wrap" => {
                sh.settings.wrap = it.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                continue;
            }
            "--wordwrap" => {
                sh.settings.wordwrap = it.next().is_some_and(|b| boolean(b));
                continue;
            }
            "--ww" => {
                sh.settings.wordwrap = true;
                continue;
            }
            "--quote" => {
                sh.settings.quote = true;
                continue;
            }
            "--noquote" => {
                sh.settings.quote = false;
                continue;
            }
            s if s.starts_with("--") => continue,
            "qbox" if chosen.is_none() => {
                chosen = Some(Mode::Box);
                sh.settings.quote = true;
                continue;
            }
            _ => {}
        }
        if chosen.is_none() {
            match Mode::from_name(a) {
                Some(m) => chosen = Some(m),
                None => {
                    eprintln!("Error: mode should be one of: ascii box column csv html insert json line list markdown qbox quote table tabs tcl");
                    return Err(());
                }
            }
        } else if chosen == Some(Mode::Insert) {
            sh.settings.table = a.clone();
        }
    }
    if let Some(m) = chosen {
        if m == Mode::Insert && args.len() == 2 {
            sh.settings.table = "table".into();
        }
        sh.settings.set_mode(m);
    }
    Ok(())
}

fn show(sh: &mut Shell) {
    let onoff = |b: bool| if b { "on" } else { "off" };
    let s = &sh.settings;
    let output = match &sh.out {
        Output::Stdout => "stdout".to_string(),
        Output::File(_, name) => name.clone(),
    };
    let widths: String = s.widths.iter().map(|w| format!("{w} ")).collect();
    let filename = &sh.db_path;
    let text = format!(
        "        echo: {}\n         eqp: {}\n     explain: auto\n     headers: {}\n        mode: {}\n   nullvalue: {}\n      output: {}\ncolseparator: {}\nrowseparator: {}\n       stats: off\n       width: {}\n    filename: {}\n",
        onoff(sh.echo),
        onoff(sh.eqp),
        onoff(s.headers),
        s.mode_description(true),
        c_quoted(&s.null),
        output,
        c_quoted(&s.col_sep),
        c_quoted(&s.row_sep),
        widths,
        filename
    );
    sh.write_out(text.as_bytes());
}

fn output(sh: &mut Shell, args: &[String]) -> R {
    let once = args[0] == "once";
    let file = args[1..].iter().find(|a| !a.starts_with('-'));
    match file {
        None if once => return usage(".once FILE"),
        None => {
            sh.out = Output::Stdout;
            sh.once = false;
        }
        Some(f) if f == "stdout" && !once => {
            sh.out = Output::Stdout;
        }
        Some(f) => match std::fs::File::create(f) {
            Ok(file) => {
                sh.out = Output::File(file, f.clone());
                sh.once = once;
            }
            Err(_) => {
                eprintln!("Error: cannot write to \"{f}\"");
                sh.out = Output::Stdout;
                return Err(());
            }
        },
    }
    Ok(())
}

fn read(sh: &mut Shell, path: &str) -> R {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(_) => {
            eprintln!("Error: cannot open \"{path}\"");
            return Err(());
        }
    };
    let mut src = Script::new(std::io::BufReader::new(file));
    let before = sh.had_error;
    sh.had_error = false;
    let r = sh.process(&mut src);
    let failed = sh.had_error;
    sh.had_error = before || failed;
    if r.is_err() || failed {
        Err(())
    } else {
        Ok(())
    }
}

fn open(sh: &mut Shell, args: &[String]) -> R {
    let mut path = None;
    let mut read_only = false;
    let mut new = false;
    for a in &args[1..] {
        match a.as_str() {
            "--readonly" | "-readonly" => read_only = true,
            "--new" | "-new" => new = true,
            s if s.starts_with('-') => {
                eprintln!("unknown option: {s}");
                return Err(());
            }
            s => path = Some(s.to_string()),
        }
    }
    sh.close_db();
    let path = path.unwrap_or_default();
    if new && !path.is_empty() {
        let _ = std::fs::remove_file(&path);
    }
    sh.reopen(&path, read_only);
    Ok(())
}

/// `.databases`: `name: file r/w` for main, temp (once used) and each attached database.
fn databases(sh: &mut Shell) {
    let file = sh.db().filename();
    let main = if file.is_empty() || file == ":memory:" {
        "\"\"".to_string()
    } else {
        absolute(&file)
    };
    let rows = sh
        .db()
        .query_all("PRAGMA database_list", &[])
        .unwrap_or_default();
    let mut out = String::new();
    for r in rows {
        let text = |i: usize| match r.get(i) {
            Some(ferrolite::Value::Text(s)) => s.clone(),
            _ => String::new(),
        };
        let name = text(1);
        let file = if name == "main" {
            main.clone()
        } else if text(2).is_empty() {
            "\"\"".to_string()
        } else {
            text(2)
        };
        let ro = if name == "main" {
            sh.read_only
        } else {
            sh.db().db_readonly(&name).unwrap_or(false)
        };
        let ro = if ro { "r/o" } else { "r/w" };
        out.push_str(&format!("{name}: {file} {ro}\n"));
    }
    sh.write_out(out.as_bytes());
}

/// Prints names in columns as `.tables` does: column-major, 80 characters wide.
fn print_columns(sh: &mut Shell, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let ncol = (80 / (width + 2)).max(1);
    let nrow = names.len().div_ceil(ncol);
    let mut out = String::new();
    for r in 0..nrow {
        let mut i = r;
        let mut first = true;
        while i < names.len() {
            if !first {
                out.push_str("  ");
            }
            first = false;
            let n = &names[i];
            out.push_str(n);
            out.extend(std::iter::repeat_n(' ', width - n.chars().count()));
            i += nrow;
        }
        out.push('\n');
    }
    sh.write_out(out.as_bytes());
}

fn report(e: ferrolite::Error) -> R {
    eprintln!("Error: {}", e.message);
    Err(())
}

fn texts(rows: Vec<Vec<Value>>) -> Vec<String> {
    rows.into_iter()
        .filter_map(|r| match r.into_iter().next() {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        })
        .collect()
}

fn tables(sh: &mut Shell, args: &[String]) -> R {
    if args.len() > 2 {
        return usage(".tables ?TABLE?");
    }
    let pattern = args.get(1).cloned().unwrap_or_else(|| "%".into());
    let mut names = Vec::new();
    for db in schema_names(sh) {
        let rows = sh.query(
            &format!(
                "SELECT name FROM {}.sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' AND name LIKE ?1",
                ident(&db)
            ),
            &[Value::Text(pattern.clone())],
        );
        match rows {
            Ok(rows) => {
                let prefix = schema_prefix(&db);
                names.extend(texts(rows).into_iter().map(|n| format!("{prefix}{n}")));
            }
            Err(e) => return report(e),
        }
    }
    names.sort();
    print_columns(sh, &names);
    Ok(())
}

/// The databases of the shell's connection (main, temp once used, attached), in order.
fn schema_names(sh: &mut Shell) -> Vec<String> {
    let rows = sh
        .db()
        .query_all("PRAGMA database_list", &[])
        .unwrap_or_default();
    let names: Vec<String> = rows
        .into_iter()
        .filter_map(|r| match r.get(1) {
            Some(Value::Text(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    if names.is_empty() {
        vec!["main".into()]
    } else {
        names
    }
}

/// `db.` before a name of database `db` as sqlite3's shell lists it ('' for main).
fn schema_prefix(db: &str) -> String {
    if db == "main" {
        String::new()
    } else if db.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
        format!("{db}.")
    } else {
        format!("{}.", ident(db))
    }
}

/// `CREATE [UNIQUE] TABLE|INDEX|VIEW|TRIGGER name…` with `prefix` put before the name.
fn with_schema(sql: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return sql.to_string();
    }
    for head in [
        "CREATE TABLE ",
        "CREATE UNIQUE INDEX ",
        "CREATE INDEX ",
        "CREATE VIEW ",
        "CREATE TRIGGER ",
    ] {
        if sql.len() >= head.len() && sql[..head.len()].eq_ignore_ascii_case(head) {
            return format!("{}{prefix}{}", &sql[..head.len()], &sql[head.len()..]);
        }
    }
    sql.to_string()
}

fn indexes(sh: &mut Shell, args: &[String]) -> R {
    if args.len() > 2 {
        return usage(".indexes ?TABLE?");
    }
    let pattern = args.get(1).cloned().unwrap_or_else(|| "%".into());
    let rows = sh.query(
        "SELECT name FROM sqlite_schema WHERE type='index' AND tbl_name LIKE ?1 ORDER BY 1",
        &[Value::Text(pattern)],
    );
    match rows {
        Ok(rows) => {
            let names = texts(rows);
            print_columns(sh, &names);
            Ok(())
        }
        Err(e) => report(e),
    }
}

/// The `/* [db.]name(col,…) */` comment `.schema` adds after a view of database `db`.
fn view_columns(sh: &mut Shell, db: &str, name: &str) -> Option<String> {
    let conn = sh.db();
    let stmt = conn
        .prepare(&format!("SELECT * FROM {}.{}", ident(db), ident(name)))
        .ok()?;
    let cols: Vec<String> = (0..stmt.column_count())
        .map(|i| ident(stmt.column_name(i)))
        .collect();
    Some(format!(
        "/* {}{}({}) */",
        schema_prefix(db),
        ident(name),
        cols.join(",")
    ))
}

fn schema(sh: &mut Shell, args: &[String]) -> R {
    for db in schema_names(sh) {
        schema_of(sh, args, &db)?;
    }
    Ok(())
}

/// `.schema` for one database.
fn schema_of(sh: &mut Shell, args: &[String], db: &str) -> R {
    let pattern = args[1..].iter().find(|a| !a.starts_with("--")).cloned();
    let table = format!("{}.sqlite_schema", ident(db));
    let (sql, params) = match pattern {
        Some(p) => (
            format!("SELECT sql, type, name FROM {table} WHERE sql IS NOT NULL AND (name LIKE ?1 OR tbl_name LIKE ?1) ORDER BY rowid"),
            vec![Value::Text(p)],
        ),
        None => (
            format!("SELECT sql, type, name FROM {table} WHERE sql IS NOT NULL ORDER BY rowid"),
            vec![],
        ),
    };
    let rows = match sh.query(&sql, &params) {
        Ok(r) => r,
        Err(e) => return report(e),
    };
    let prefix = schema_prefix(db);
    for row in rows {
        let (Some(Value::Text(sql)), Some(Value::Text(ty)), Some(Value::Text(name))) =
            (row.first(), row.get(1), row.get(2))
        else {
            continue;
        };
        let mut text = with_schema(&schema_line(sql), &prefix);
        if ty == "view" {
            if let Some(c) = view_columns(sh, db, name) {
                text.push('\n');
                text.push_str(&c);
            }
        }
        text.push_str(";\n");
        sh.write_out(text.as_bytes());
    }
    Ok(())
}

/// A schema statement as `.schema`/`.dump` print it: `CREATE TABLE "x"…` (a quoted name)
/// becomes `CREATE TABLE IF NOT EXISTS "x"…`.
fn schema_line(sql: &str) -> String {
    match sql.strip_prefix("CREATE TABLE ") {
        Some(rest) if rest.starts_with('"') || rest.starts_with('\'') => {
            format!("CREATE TABLE IF NOT EXISTS {rest}")
        }
        _ => sql.to_string(),
    }
}

/// `.dump ?PATTERN?`: tables (schema and rows; sqlite_sequence last), then indexes, triggers
/// and views, in one transaction. A pattern selects objects by name (LIKE).
fn dump(sh: &mut Shell, args: &[String]) -> R {
    let pattern = args[1..].iter().find(|a| !a.starts_with("--")).cloned();
    let (cond, params) = match pattern {
        Some(p) => ("AND name LIKE ?1", vec![Value::Text(p)]),
        None => ("", vec![]),
    };
    let tables = sh.query(
        &format!(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT NULL {cond} \
             ORDER BY tbl_name = 'sqlite_sequence', rowid"
        ),
        &params,
    );
    let others = sh.query(
        &format!(
            "SELECT sql FROM sqlite_schema WHERE sql NOT NULL \
             AND type IN ('index', 'trigger', 'view') {cond} ORDER BY rowid"
        ),
        &params,
    );
    let (tables, others) = match (tables, others) {
        (Ok(t), Ok(o)) => (t, o),
        (Err(e), _) | (_, Err(e)) => return report(e),
    };
    sh.write_out(b"PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
    let mut virtual_tables = Vec::new();
    for row in &tables {
        let (Some(Value::Text(name)), Some(Value::Text(sql))) = (row.first(), row.get(1)) else {
            continue;
        };
        if name == "sqlite_sequence" {
            sh.write_out(b"DELETE FROM sqlite_sequence;\n");
        } else if name.starts_with("sqlite_stat") {
            sh.write_out(b"ANALYZE sqlite_schema;\n");
            continue;
        } else if name.starts_with("sqlite_") {
            continue;
        } else if sql.len() >= 20 && sql[..20].eq_ignore_ascii_case("CREATE VIRTUAL TABLE") {
            virtual_tables.push(format!("{sql};\n"));
            continue;
        } else {
            sh.write_out(format!("{};\n", schema_line(sql)).as_bytes());
        }
        // Generated columns are left out, as sqlite3 does (table_info does not list them).
        let cols: Vec<String> = match sh.query(&format!("PRAGMA table_info({})", ident(name)), &[])
        {
            Ok(info) => info
                .iter()
                .filter_map(|r| match r.get(1) {
                    Some(Value::Text(c)) => Some(ident(c)),
                    _ => None,
                })
                .collect(),
            Err(e) => return report(e),
        };
        let list = if cols.is_empty() {
            "*".to_string()
        } else {
            cols.join(", ")
        };
        let rows = match sh.query(&format!("SELECT {list} FROM {}", ident(name)), &[]) {
            Ok(r) => r,
            Err(e) => return report(e),
        };
        let mut out = String::new();
        for r in rows {
            let vals: Vec<String> = r.iter().map(|v| sql_literal(v, true)).collect();
            out.push_str(&format!(
                "INSERT INTO {} VALUES({});\n",
                ident(name),
                vals.join(",")
            ));
        }
        sh.write_out(out.as_bytes());
    }
    for v in virtual_tables {
        sh.write_out(v.as_bytes());
    }
    for row in &others {
        if let Some(Value::Text(sql)) = row.first() {
            sh.write_out(format!("{sql};\n").as_bytes());
        }
    }
    sh.write_out(b"COMMIT;\n");
    Ok(())
}

pub const HELP: &str = r#".bail on|off             Stop after hitting an error.  Default OFF
.cd DIRECTORY            Change the working directory to DIRECTORY
.changes on|off          Show number of rows changed by SQL
.databases               List names and files of attached databases
.dump ?OBJECTS?          Render database content as SQL
.echo on|off             Turn command echo on or off
.exit ?CODE?             Exit this program with return-code CODE
.headers on|off          Turn display of headers on or off
.help ?-all? ?PATTERN?   Show help text for PATTERN
.import FILE TABLE       Import data from FILE into TABLE
.indexes ?TABLE?         Show names of indexes
.mode MODE ?OPTIONS?     Set output mode
.nullvalue STRING        Use STRING in place of NULL values
.once ?OPTIONS? ?FILE?   Output for the next SQL command only to FILE
.open ?OPTIONS? ?FILE?   Close existing database and reopen FILE
.output ?FILE?           Send output to FILE or stdout if FILE is omitted
.parameter CMD ...       Manage SQL parameter bindings
.print STRING...         Print literal STRING
.prompt MAIN CONTINUE    Replace the standard prompts
.quit                    Exit this program
.read FILE               Read input from FILE or command output
.schema ?PATTERN?        Show the CREATE statements matching PATTERN
.separator COL ?ROW?     Change the column and row separators
.shell CMD ARGS...       Run CMD ARGS... in a system shell
.show                    Show the current values for various settings
.system CMD ARGS...      Run CMD ARGS... in a system shell
.tables ?TABLE?          List names of tables matching LIKE pattern TABLE
.timer on|off            Turn SQL timer on or off
.width NUM1 NUM2 ...     Set minimum column widths for columnar output
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_splitting() {
        assert_eq!(split_args("mode csv"), ["mode", "csv"]);
        assert_eq!(
            split_args("separator \"\\t\" '\\n'"),
            ["separator", "\t", "\\n"]
        );
        assert_eq!(split_args("print a\\tb  \"c d\""), ["print", "a\tb", "c d"]);
        assert_eq!(split_args("nullvalue ''"), ["nullvalue", ""]);
    }

    #[test]
    fn integer_values_wrap_like_sqlite3() {
        assert_eq!(integer_value("5000000000") as i32, 705032704);
        assert_eq!(integer_value("99999999999999999999") as i32, 1661992959);
        assert_eq!(integer_value("-9223372036854775808") as i32, 0);
        assert_eq!(integer_value("-8"), -8);
        assert_eq!(integer_value("0x10"), 16);
        assert_eq!(integer_value("x"), 0);
    }

    #[test]
    fn booleans() {
        assert!(boolean("on") && boolean("YES") && boolean("1") && boolean("true"));
        assert!(!boolean("off") && !boolean("0") && !boolean("no"));
    }

    #[test]
    fn schema_lines_with_quoted_table_names() {
        assert_eq!(
            schema_line("CREATE TABLE \"a b\"(x)"),
            "CREATE TABLE IF NOT EXISTS \"a b\"(x)"
        );
        assert_eq!(schema_line("CREATE TABLE t(x)"), "CREATE TABLE t(x)");
        assert_eq!(
            schema_line("CREATE INDEX \"i\" ON t(x)"),
            "CREATE INDEX \"i\" ON t(x)"
        );
    }

    #[test]
    fn show_quotes_c_style() {
        assert_eq!(c_quoted("\r\n"), "\"\\r\\n\"");
        assert_eq!(c_quoted("|"), "\"|\"");
    }
}

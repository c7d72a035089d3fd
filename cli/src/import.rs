//! `.import ?--csv? ?--skip N? FILE TABLE`: load CSV (or separator-split) rows into a table,
//! creating it from the header row when it does not exist.

use crate::format::text::ident;
use crate::format::Mode;
use crate::shell::Shell;
use ferrolite::{StepResult, Value};

/// Splits CSV text into records (RFC 4180 quoting; `sep` between fields; LF or CRLF rows).
/// Returns each record with the line it started on.
pub fn parse_csv(text: &str, sep: &str, quoting: bool) -> Vec<(usize, Vec<String>)> {
    let mut records = Vec::new();
    let mut line = 1;
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut start_line = 1;
    let mut chars = text.char_indices().peekable();
    let mut at_field_start = true;
    let sep = if sep.is_empty() { "," } else { sep };
    while let Some((i, c)) = chars.next() {
        if quoting && at_field_start && c == '"' {
            // Quoted field: until a lone quote.
            loop {
                match chars.next() {
                    Some((_, '"')) => {
                        if chars.peek().map(|x| x.1) == Some('"') {
                            chars.next();
                            field.push('"');
                        } else {
                            break;
                        }
                    }
                    Some((_, ch)) => {
                        if ch == '\n' {
                            line += 1;
                        }
                        field.push(ch);
                    }
                    None => break,
                }
            }
            at_field_start = false;
            continue;
        }
        if text[i..].starts_with(sep) {
            for _ in 1..sep.chars().count() {
                chars.next();
            }
            fields.push(std::mem::take(&mut field));
            at_field_start = true;
            continue;
        }
        if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek().map(|x| x.1) == Some('\n') {
                chars.next();
            }
            fields.push(std::mem::take(&mut field));
            records.push((start_line, std::mem::take(&mut fields)));
            line += 1;
            start_line = line;
            at_field_start = true;
            continue;
        }
        field.push(c);
        at_field_start = false;
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((start_line, fields));
    }
    records
}

fn table_exists(sh: &mut Shell, table: &str) -> Result<bool, ferrolite::Error> {
    let rows = sh.query(
        "SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') AND name = ?1",
        &[Value::Text(table.to_string())],
    )?;
    Ok(!rows.is_empty())
}

/// `.help import`, which usage errors print to the output.
const IMPORT_HELP: &str = r#".import FILE TABLE       Import data from FILE into TABLE
   Options:
     --ascii               Use \037 and \036 as column and row separators
     --csv                 Use , and \n as column and row separators
     --skip N              Skip the first N rows of input
     --schema S            Target table to be S.TABLE
     -v                    "Verbose" - increase auxiliary output
   Notes:
     *  If TABLE does not exist, it is created.  The first row of input
        determines the column names.
     *  If neither --csv or --ascii are used, the input mode is derived
        from the ".mode" output mode
     *  If FILE begins with "|" then it is a command that generates the
        input text.
"#;

fn usage_error(sh: &mut Shell, what: &str) -> Result<(), ()> {
    let text = format!("ERROR: {what} Usage:\n{IMPORT_HELP}");
    sh.write_out(text.as_bytes());
    Err(())
}

pub fn run(sh: &mut Shell, args: &[String]) -> Result<(), ()> {
    let mut csv = sh.settings.mode == Mode::Csv;
    let mut skip = 0usize;
    let mut pos = Vec::new();
    let mut schema = None;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--csv" | "-csv" => csv = true,
            "--ascii" | "-ascii" => csv = false,
            "--skip" | "-skip" => skip = it.next().and_then(|n| n.parse().ok()).unwrap_or(0),
            "--schema" | "-schema" => schema = it.next().cloned(),
            "-v" | "--v" => {}
            s if s.starts_with('-') && s.len() > 1 => {
                let shown = s
                    .strip_prefix('-')
                    .filter(|r| r.starts_with('-'))
                    .unwrap_or(s);
                return usage_error(sh, &format!("unknown option: \"{shown}\". "));
            }
            _ => pos.push(a.clone()),
        }
    }
    let (file, table) = match pos.as_slice() {
        [] => return usage_error(sh, "missing FILE argument."),
        [_] => return usage_error(sh, "missing TABLE argument."),
        [f, t] => (f.clone(), t.clone()),
        [_, _, extra, ..] => return usage_error(sh, &format!("extra argument: \"{extra}\". ")),
    };
    let table = match schema {
        Some(s) => format!("{s}.{table}"),
        None => table,
    };
    let (file, table) = (&file, &table);
    let text = match std::fs::read(file) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => {
            eprintln!("Error: cannot open \"{file}\"");
            return Err(());
        }
    };
    let sep = if csv {
        ",".to_string()
    } else {
        sh.settings.col_sep.clone()
    };
    let mut records = parse_csv(&text, &sep, csv)
        .into_iter()
        .skip(skip)
        .peekable();
    // sqlite3 3.40 leaves csv mode's "\r\n" row separator as "\n" after an import.
    if sh.settings.row_sep == "\r\n" {
        sh.settings.row_sep = "\n".into();
    }
    let exists = match table_exists(sh, table) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("Error: {}", e.message);
            return Err(());
        }
    };
    let conn = sh.db();
    if !exists {
        let Some((_, header)) = records.next() else {
            return Ok(());
        };
        let cols: Vec<String> = header
            .iter()
            .map(|h| format!("{} TEXT", ident_quoted(h)))
            .collect();
        let create = format!(
            "CREATE TABLE {}(\n{})",
            ident_quoted(table),
            cols.join(", ")
        );
        if let Err(e) = conn.execute_batch(&create) {
            eprintln!("{create} failed:\n{}", e.message);
            return Err(());
        }
    }
    let ncol = match conn.prepare(&format!("SELECT * FROM {}", ident(table))) {
        Ok(s) => s.column_count(),
        Err(e) => {
            eprintln!("Error: {}", e.message);
            return Err(());
        }
    };
    let marks = vec!["?"; ncol].join(",");
    let insert = format!("INSERT INTO {} VALUES({marks})", ident(table));
    let mut stmt = match conn.prepare(&insert) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {}", e.message);
            return Err(());
        }
    };
    let in_txn = conn.is_autocommit();
    if in_txn {
        let _ = conn.execute_batch("BEGIN");
    }
    let mut errors = false;
    for (line, rec) in records {
        if rec.len() < ncol {
            eprintln!(
                "{file}:{line}: expected {ncol} columns but found {} - filling the rest with NULL",
                rec.len()
            );
        } else if rec.len() > ncol {
            eprintln!(
                "{file}:{line}: expected {ncol} columns but found {} - extras ignored",
                rec.len()
            );
        }
        stmt.reset();
        stmt.clear_bindings();
        for (i, v) in rec.into_iter().take(ncol).enumerate() {
            let _ = stmt.bind(i + 1, Value::Text(v));
        }
        loop {
            match stmt.step() {
                Ok(StepResult::Row) => continue,
                Ok(StepResult::Done) => break,
                Err(e) => {
                    eprintln!("{file}:{line}: INSERT failed: {}", e.message);
                    errors = true;
                    break;
                }
            }
        }
    }
    if in_txn {
        let _ = conn.execute_batch("COMMIT");
    }
    if errors {
        Err(())
    } else {
        Ok(())
    }
}

/// Always-quoted identifier (the form `.import` uses when it creates a table).
fn ident_quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records() {
        let r = parse_csv("a,b\r\n1,\"x \"\"y\"\"\nz\"\n3,\n", ",", true);
        assert_eq!(
            r,
            vec![
                (1, vec!["a".to_string(), "b".to_string()]),
                (2, vec!["1".to_string(), "x \"y\"\nz".to_string()]),
                (4, vec!["3".to_string(), String::new()]),
            ]
        );
        let r = parse_csv("a|b\nc", "|", false);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].1, ["c"]);
    }
}

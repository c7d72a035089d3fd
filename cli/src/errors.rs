//! Error reports as the `sqlite3` 3.40 shell writes them to stderr.
//!
//! ```text
//! Parse error near line 3: near "SELEC": syntax error      (script input, prepare failed)
//!   SELEC 2;                                               (context: the statement text,
//!   ^--- error here                                         whitespace as spaces, caret)
//! Runtime error near line 5: UNIQUE constraint failed: t.a (19)   (step failed)
//! Parse error: …  /  Runtime error: … (19)                  (interactive)
//! Error: in prepare, …  /  Error: stepping, … (19)          (SQL given on the command line)
//! ```

use ferrolite::Error;

/// Where the failing SQL came from, which decides the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A script (stdin or `.read`), with the line the statement started on.
    Script(usize),
    Interactive,
    /// SQL given as a command-line argument (or `-cmd`).
    Argument,
}

/// The report for an error from `prepare`; `sql` is the text starting at the failing
/// statement (leading whitespace included; it is skipped here). Like runtime errors, the
/// result code follows the message unless it is `SQLITE_ERROR`.
pub fn prepare_error(origin: Origin, e: &Error, sql: &str) -> String {
    let code = code_suffix(e);
    let head = match origin {
        Origin::Script(line) => format!("Parse error near line {line}: {}{code}", e.message),
        Origin::Interactive => format!("Parse error: {}{code}", e.message),
        Origin::Argument => format!("Error: in prepare, {}{code}", e.message),
    };
    format!("{head}{}", context(sql, e.offset))
}

/// The report for an error from `step`: the primary result code follows the message unless
/// it is plain `SQLITE_ERROR` (1).
pub fn step_error(origin: Origin, e: &Error) -> String {
    let code = code_suffix(e);
    match origin {
        Origin::Script(line) => format!("Runtime error near line {line}: {}{code}", e.message),
        Origin::Interactive => format!("Runtime error: {}{code}", e.message),
        Origin::Argument => format!("Error: stepping, {}{code}", e.message),
    }
}

/// ` (N)` after a message whose primary code N is not plain `SQLITE_ERROR`.
fn code_suffix(e: &Error) -> String {
    match e.code() {
        1 => String::new(),
        c => format!(" ({c})"),
    }
}

/// The two context lines after the message: up to 78 bytes of the statement, shifted so the
/// error offset is at most 50, and a caret under the offset. Empty without an offset.
pub fn context(sql: &str, offset: Option<usize>) -> String {
    let Some(offset) = offset else {
        return String::new();
    };
    let lead = sql.len() - sql.trim_start().len();
    let mut text = &sql[lead..];
    let mut off = offset.saturating_sub(lead);
    if off > text.len() {
        off = text.len();
    }
    while off > 50 {
        let mut step = 1;
        while !text.is_char_boundary(step) {
            step += 1;
        }
        text = &text[step..];
        off = off.saturating_sub(step);
    }
    let mut len = text.len().min(78);
    while !text.is_char_boundary(len) {
        len -= 1;
    }
    let code: String = text[..len]
        .chars()
        .map(|c| {
            if c.is_ascii_whitespace() || c == '\x0b' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if off < 25 {
        format!("\n  {code}\n  {}^--- error here", " ".repeat(off))
    } else {
        format!("\n  {code}\n  {}error here ---^", " ".repeat(off - 14))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(msg: &str, off: Option<usize>) -> Error {
        let mut e = Error::sql(msg);
        e.offset = off;
        e
    }

    #[test]
    fn parse_errors_with_context() {
        assert_eq!(
            prepare_error(
                Origin::Script(2),
                &err("near \"SELEC\": syntax error", Some(0)),
                "SELEC 2;"
            ),
            "Parse error near line 2: near \"SELEC\": syntax error\n  SELEC 2;\n  ^--- error here"
        );
        assert_eq!(
            prepare_error(
                Origin::Script(4),
                &err("no such table: nosuch", None),
                "select * from nosuch;"
            ),
            "Parse error near line 4: no such table: nosuch"
        );
        assert_eq!(
            prepare_error(Origin::Argument, &err("x", Some(2)), "  ab"),
            "Error: in prepare, x\n  ab\n  ^--- error here"
        );
    }

    #[test]
    fn long_statements_shift_and_flip_the_caret() {
        let sql = "select 1111111111, 2222222222, 3333333333, 4444444444, 55555555555 frm t;";
        let off = sql.rfind('t').unwrap();
        assert_eq!(
            context(sql, Some(off)),
            format!(
                "\n  22222222, 3333333333, 4444444444, 55555555555 frm t;\n  {}error here ---^",
                " ".repeat(36)
            )
        );
    }

    #[test]
    fn runtime_errors_carry_the_primary_code() {
        let e = Error::new(2067, "UNIQUE constraint failed: t.a");
        assert_eq!(
            step_error(Origin::Script(1), &e),
            "Runtime error near line 1: UNIQUE constraint failed: t.a (19)"
        );
        assert_eq!(
            step_error(Origin::Argument, &e),
            "Error: stepping, UNIQUE constraint failed: t.a (19)"
        );
    }
}

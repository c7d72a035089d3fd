//! Row-at-a-time modes: list, csv, tabs, ascii, line, json, insert, quote, html.

use super::text::{c_quoted, ident, or_null, plain, real_exact, sql_literal};
use super::{Mode, Settings};
use ferrolite::Value;

/// Appends one row (`index` counts rows from 0; headers go before row 0).
pub fn row(s: &Settings, names: &[String], row: &[Value], index: usize, out: &mut Vec<u8>) {
    match s.mode {
        Mode::List | Mode::Tabs | Mode::Ascii => {
            separated(s, names, row, index, out, |v| or_null(v, &s.null))
        }
        Mode::Csv => csv(s, names, row, index, out),
        Mode::Quote => separated(s, names, row, index, out, |v| {
            sql_literal(v, false).into_bytes()
        }),
        Mode::Tcl => separated(s, names, row, index, out, |v| {
            c_quoted(&String::from_utf8_lossy(&or_null(v, &s.null))).into_bytes()
        }),
        Mode::Line => line(s, names, row, index, out),
        Mode::Json => json(names, row, index, out),
        Mode::Insert => insert(s, names, row, out),
        Mode::Html => html(s, names, row, index, out),
        Mode::Column | Mode::Box | Mode::Table | Mode::Markdown => {}
    }
}

/// Closes the result (json's `]`).
pub fn finish(s: &Settings, count: usize, out: &mut Vec<u8>) {
    if s.mode == Mode::Json && count > 0 {
        out.extend_from_slice(b"]\n");
    }
}

fn separated(
    s: &Settings,
    names: &[String],
    row: &[Value],
    index: usize,
    out: &mut Vec<u8>,
    cell: impl Fn(&Value) -> Vec<u8>,
) {
    if index == 0 && s.headers {
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(s.col_sep.as_bytes());
            }
            if s.mode == Mode::Quote {
                out.extend_from_slice(sql_literal(&Value::Text(n.clone()), false).as_bytes());
            } else if s.mode == Mode::Tcl {
                out.extend_from_slice(c_quoted(n).as_bytes());
            } else {
                out.extend_from_slice(n.as_bytes());
            }
        }
        out.extend_from_slice(s.row_sep.as_bytes());
    }
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(s.col_sep.as_bytes());
        }
        out.extend_from_slice(&cell(v));
    }
    out.extend_from_slice(s.row_sep.as_bytes());
}

/// Whether a CSV field needs double quotes: empty, holds the separator, a quote, a space,
/// or any byte outside printable ASCII.
fn csv_needs_quotes(field: &[u8], sep: &str) -> bool {
    field.is_empty()
        || field
            .iter()
            .any(|&c| c == b'"' || c == b'\'' || c == b' ' || !(0x20..0x7f).contains(&c))
        || (!sep.is_empty() && field.windows(sep.len()).any(|w| w == sep.as_bytes()))
}

fn csv_field(field: &[u8], sep: &str, out: &mut Vec<u8>) {
    if csv_needs_quotes(field, sep) {
        out.push(b'"');
        for &c in field {
            if c == b'"' {
                out.push(b'"');
            }
            out.push(c);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
}

fn csv(s: &Settings, names: &[String], row: &[Value], index: usize, out: &mut Vec<u8>) {
    if index == 0 && s.headers {
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(s.col_sep.as_bytes());
            }
            csv_field(n.as_bytes(), &s.col_sep, out);
        }
        out.extend_from_slice(s.row_sep.as_bytes());
    }
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(s.col_sep.as_bytes());
        }
        match plain(v) {
            None => out.extend_from_slice(s.null.as_bytes()),
            Some(t) => csv_field(&t, &s.col_sep, out),
        }
    }
    out.extend_from_slice(s.row_sep.as_bytes());
}

fn line(s: &Settings, names: &[String], row: &[Value], index: usize, out: &mut Vec<u8>) {
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    if index > 0 {
        out.extend_from_slice(s.row_sep.as_bytes());
    }
    for (n, v) in names.iter().zip(row) {
        let pad = width.saturating_sub(n.len());
        out.extend(std::iter::repeat_n(b' ', pad));
        out.extend_from_slice(n.as_bytes());
        out.extend_from_slice(b" = ");
        out.extend_from_slice(&or_null(v, &s.null));
        out.extend_from_slice(s.row_sep.as_bytes());
    }
}

/// A JSON string literal; bytes that are not valid UTF-8 pass through unchanged.
pub fn json_string(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &c in bytes {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            c if c < 0x20 => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            c => out.push(c),
        }
    }
    out.push(b'"');
}

fn json(names: &[String], row: &[Value], index: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(if index == 0 { b"[{" } else { b",\n{" });
    for (i, (n, v)) in names.iter().zip(row).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_string(n.as_bytes(), out);
        out.push(b':');
        match v {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Integer(x) => out.extend_from_slice(x.to_string().as_bytes()),
            Value::Real(r) if r.is_infinite() => {
                out.extend_from_slice(if *r > 0.0 { b"1e999" } else { b"-1e999" })
            }
            Value::Real(r) => out.extend_from_slice(real_exact(*r, false).as_bytes()),
            Value::Text(t) => json_string(t.as_bytes(), out),
            Value::Blob(b) => json_string(b, out),
        }
    }
    out.push(b'}');
}

fn insert(s: &Settings, names: &[String], row: &[Value], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("INSERT INTO {}", ident(&s.table)).as_bytes());
    if s.headers {
        let cols: Vec<String> = names.iter().map(|n| ident(n)).collect();
        out.extend_from_slice(format!("({})", cols.join(",")).as_bytes());
    }
    out.extend_from_slice(b" VALUES(");
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(sql_literal(v, true).as_bytes());
    }
    out.extend_from_slice(b");\n");
}

fn html_escape(bytes: &[u8], out: &mut Vec<u8>) {
    for &c in bytes {
        match c {
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\'' => out.extend_from_slice(b"&#39;"),
            c => out.push(c),
        }
    }
}

fn html(s: &Settings, names: &[String], row: &[Value], index: usize, out: &mut Vec<u8>) {
    if index == 0 && s.headers {
        out.extend_from_slice(b"<TR>");
        for n in names {
            out.extend_from_slice(b"<TH>");
            html_escape(n.as_bytes(), out);
            out.extend_from_slice(b"</TH>\n");
        }
        out.extend_from_slice(b"</TR>\n");
    }
    out.extend_from_slice(b"<TR>");
    for v in row {
        out.extend_from_slice(b"<TD>");
        html_escape(&or_null(v, &s.null), out);
        out.extend_from_slice(b"</TD>\n");
    }
    out.extend_from_slice(b"</TR>\n");
}

//! Cell text: how one value reads in each mode.

use ferrolite::value::format_real;
use ferrolite::Value;

/// The value as C string text (`sqlite3_column_text`, cut at the first NUL), or None for NULL.
pub fn plain(v: &Value) -> Option<Vec<u8>> {
    let bytes = match v {
        Value::Null => return None,
        Value::Integer(i) => i.to_string().into_bytes(),
        Value::Real(r) => format_real(*r).into_bytes(),
        Value::Text(s) => s.as_bytes().to_vec(),
        Value::Blob(b) => b.clone(),
    };
    Some(cut_at_nul(bytes))
}

/// The text, or the null value text for NULL.
pub fn or_null(v: &Value, null: &str) -> Vec<u8> {
    plain(v).unwrap_or_else(|| null.as_bytes().to_vec())
}

fn cut_at_nul(mut b: Vec<u8>) -> Vec<u8> {
    if let Some(p) = b.iter().position(|&c| c == 0) {
        b.truncate(p);
    }
    b
}

/// A REAL with 20 significant digits (`%!.20g`), as `quote` and `json` modes print it; with
/// `integral` (`insert` mode, `.dump`) integral values print as `N.0` from the integer.
pub fn real_exact(r: f64, integral: bool) -> String {
    // C's `r == (double)(sqlite3_int64)r`: integral values in [-2^63, 2^63).
    let in_range = (-9223372036854775808.0..9223372036854775808.0).contains(&r);
    if integral && r.fract() == 0.0 && in_range {
        return format!("{}.0", r as i64);
    }
    if r.is_nan() {
        return "NaN".into();
    }
    if r.is_infinite() {
        return if r > 0.0 { "Inf" } else { "-Inf" }.into();
    }
    super::longdouble::format_g(r, 20)
}

/// An SQL literal for the value (`quote` and `insert` modes, `.dump`). `insert` mode and
/// `.dump` write newlines in text as `replace(…,'\n',char(10))`.
pub fn sql_literal(v: &Value, for_insert: bool) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) if for_insert && r.is_infinite() => {
            if *r > 0.0 { "1e999" } else { "-1e999" }.into()
        }
        Value::Real(r) => real_exact(*r, for_insert),
        Value::Text(s) => quote_text(s, for_insert),
        Value::Blob(b) => {
            let mut s = String::with_capacity(b.len() * 2 + 3);
            s.push_str("X'");
            for byte in b {
                s.push_str(&format!("{byte:02x}"));
            }
            s.push('\'');
            s
        }
    }
}

/// `'text'` with quotes doubled; with `unistr`, newlines and carriage returns become
/// `replace(replace('…\r…\n…','\r',char(13)),'\n',char(10))`.
fn quote_text(s: &str, unistr: bool) -> String {
    let quoted = format!("'{}'", s.replace('\'', "''"));
    if !unistr || !(s.contains('\n') || s.contains('\r')) {
        return quoted;
    }
    let mut body = s.replace('\'', "''");
    let nl = s.contains('\n');
    let cr = s.contains('\r');
    if nl {
        body = body.replace('\n', "\\n");
    }
    if cr {
        body = body.replace('\r', "\\r");
    }
    let mut expr = format!("'{body}'");
    if cr {
        expr = format!("replace({expr},'\\r',char(13))");
    }
    if nl {
        expr = format!("replace({expr},'\\n',char(10))");
    }
    expr
}

/// A name as an SQL identifier: bare when it is a plain identifier and not a keyword, else
/// in double quotes.
pub fn ident(name: &str) -> String {
    let plain = name
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        && !is_keyword(name);
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// SQLite's keywords (`sqlite3_keyword_name`), for deciding when a name needs quotes.
pub fn is_keyword(w: &str) -> bool {
    const KW: &[&str] = &[
        "ABORT",
        "ACTION",
        "ADD",
        "AFTER",
        "ALL",
        "ALTER",
        "ALWAYS",
        "ANALYZE",
        "AND",
        "AS",
        "ASC",
        "ATTACH",
        "AUTOINCREMENT",
        "BEFORE",
        "BEGIN",
        "BETWEEN",
        "BY",
        "CASCADE",
        "CASE",
        "CAST",
        "CHECK",
        "COLLATE",
        "COLUMN",
        "COMMIT",
        "CONFLICT",
        "CONSTRAINT",
        "CREATE",
        "CROSS",
        "CURRENT",
        "CURRENT_DATE",
        "CURRENT_TIME",
        "CURRENT_TIMESTAMP",
        "DATABASE",
        "DEFAULT",
        "DEFERRABLE",
        "DEFERRED",
        "DELETE",
        "DESC",
        "DETACH",
        "DISTINCT",
        "DO",
        "DROP",
        "EACH",
        "ELSE",
        "END",
        "ESCAPE",
        "EXCEPT",
        "EXCLUDE",
        "EXCLUSIVE",
        "EXISTS",
        "EXPLAIN",
        "FAIL",
        "FILTER",
        "FIRST",
        "FOLLOWING",
        "FOR",
        "FOREIGN",
        "FROM",
        "FULL",
        "GENERATED",
        "GLOB",
        "GROUP",
        "GROUPS",
        "HAVING",
        "IF",
        "IGNORE",
        "IMMEDIATE",
        "IN",
        "INDEX",
        "INDEXED",
        "INITIALLY",
        "INNER",
        "INSERT",
        "INSTEAD",
        "INTERSECT",
        "INTO",
        "IS",
        "ISNULL",
        "JOIN",
        "KEY",
        "LAST",
        "LEFT",
        "LIKE",
        "LIMIT",
        "MATCH",
        "MATERIALIZED",
        "NATURAL",
        "NO",
        "NOT",
        "NOTHING",
        "NOTNULL",
        "NULL",
        "NULLS",
        "OF",
        "OFFSET",
        "ON",
        "OR",
        "ORDER",
        "OTHERS",
        "OUTER",
        "OVER",
        "PARTITION",
        "PLAN",
        "PRAGMA",
        "PRECEDING",
        "PRIMARY",
        "QUERY",
        "RAISE",
        "RANGE",
        "RECURSIVE",
        "REFERENCES",
        "REGEXP",
        "REINDEX",
        "RELEASE",
        "RENAME",
        "REPLACE",
        "RESTRICT",
        "RETURNING",
        "RIGHT",
        "ROLLBACK",
        "ROW",
        "ROWS",
        "SAVEPOINT",
        "SELECT",
        "SET",
        "TABLE",
        "TEMP",
        "TEMPORARY",
        "THEN",
        "TIES",
        "TO",
        "TRANSACTION",
        "TRIGGER",
        "UNBOUNDED",
        "UNION",
        "UNIQUE",
        "UPDATE",
        "USING",
        "VACUUM",
        "VALUES",
        "VIEW",
        "VIRTUAL",
        "WHEN",
        "WHERE",
        "WINDOW",
        "WITH",
        "WITHOUT",
    ];
    KW.iter().any(|k| k.eq_ignore_ascii_case(w))
}

/// `"…"` with C escapes (`\"`, `\\`, `\n`, `\t`, `\r`; other bytes outside printable ASCII,
/// UTF-8 included, as `\ooo`): `.show` prints separators this way and `tcl` mode every value.
pub fn c_quoted(s: &str) -> String {
    let mut o = String::from("\"");
    for &b in s.as_bytes() {
        match b {
            b'\n' => o.push_str("\\n"),
            b'\r' => o.push_str("\\r"),
            b'\t' => o.push_str("\\t"),
            b'"' => o.push_str("\\\""),
            b'\\' => o.push_str("\\\\"),
            0x20..=0x7e => o.push(b as char),
            b => o.push_str(&format!("\\{b:03o}")),
        }
    }
    o.push('"');
    o
}

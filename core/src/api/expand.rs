//! `sqlite3_expanded_sql`: the statement text with each parameter replaced by its bound value
//! rendered as an SQL literal.

use crate::value::Value;

/// Renders a value as an SQL literal.
fn literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => crate::value::format_real(*r),
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("x'{hex}'")
        }
    }
}

/// Replaces parameters in `sql` by their values. Nameless `?` take the next index after the
/// largest seen so far, as SQLite numbers them.
pub(crate) fn expand_sql(sql: &str, values: &[Value], names: &[Option<String>]) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let mut next_index = 1usize;
    let mut last = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1;
                while i < b.len() && b[i] != close {
                    i += 1;
                }
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'?' | b':' | b'@' | b'$' => {
                let start = i;
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
                {
                    i += 1;
                }
                let tok = &sql[start..i.min(sql.len())];
                let idx = if tok == "?" {
                    Some(next_index)
                } else if let Some(n) = tok.strip_prefix('?') {
                    n.parse::<usize>().ok()
                } else if tok.len() > 1 {
                    names
                        .iter()
                        .position(|n| n.as_deref() == Some(tok))
                        .map(|p| p + 1)
                } else {
                    None
                };
                if let Some(idx) = idx {
                    next_index = next_index.max(idx + 1);
                    out.push_str(&sql[last..start]);
                    out.push_str(&literal(values.get(idx - 1).unwrap_or(&Value::Null)));
                    last = i.min(sql.len());
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[last.min(sql.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_like_sqlite() {
        let vals = vec![Value::Integer(1), Value::Text("it's".into()), Value::Null];
        let names = vec![None, Some(":a".to_string()), None];
        assert_eq!(
            expand_sql("SELECT ?, :a, '?', ?3", &vals, &names),
            "SELECT 1, 'it''s', '?', NULL"
        );
    }
}

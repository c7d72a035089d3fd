//! Core scalar functions about text and blobs (lang_corefunc.html): char, glob, hex, instr,
//! length, like, lower, upper, ltrim/rtrim/trim, quote, replace, soundex, substr/substring,
//! unicode.
//!
//! Text positions are in characters, blob positions in bytes. Only ASCII letters change case
//! (SQLite without ICU). Known difference: `char()` of a UTF-16 surrogate code point gives
//! U+FFFD (SQLite stores the invalid 3-byte sequence, which a Rust `String` cannot hold).

use std::borrow::Cow;

use super::builtins::{scalar, DET};
use super::context::Context;
use super::convert;
use super::float;
use super::pattern;
use super::registry::FunctionRegistry;
use super::scalar::check_len;
use crate::error::{Error, Result};
use crate::value::Value;

/// SQLITE_MAX_LIKE_PATTERN_LENGTH.
const MAX_LIKE_PATTERN: usize = 50_000;

fn text_arg(v: &Value) -> Option<Cow<'_, str>> {
    convert::text(v)
}

fn char_fn(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let mut s = String::new();
    for v in a {
        let x = convert::int(v);
        let c = u32::try_from(x).ok().and_then(char::from_u32);
        s.push(c.unwrap_or('\u{fffd}'));
    }
    check_len(ctx, s.len())?;
    Ok(Value::Text(s))
}

/// Uppercase hex of the bytes.
pub(crate) fn hex_string(b: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(b.len() * 2);
    for &x in b {
        s.push(H[(x >> 4) as usize] as char);
        s.push(H[(x & 15) as usize] as char);
    }
    s
}

fn hex(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let b = convert::bytes(&a[0]).unwrap_or_default();
    check_len(ctx, b.len() * 2)?;
    Ok(Value::Text(hex_string(&b)))
}

fn instr(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if a[0].is_null() || a[1].is_null() {
        return Ok(Value::Null);
    }
    if let (Value::Blob(h), Value::Blob(n)) = (&a[0], &a[1]) {
        let pos = if n.is_empty() {
            Some(0)
        } else {
            h.windows(n.len()).position(|w| w == n.as_slice())
        };
        return Ok(Value::Integer(pos.map_or(0, |p| p as i64 + 1)));
    }
    let h = text_arg(&a[0]).unwrap_or_default();
    let n = text_arg(&a[1]).unwrap_or_default();
    Ok(Value::Integer(match h.find(n.as_ref()) {
        Some(byte) => h[..byte].chars().count() as i64 + 1,
        None => 0,
    }))
}

fn length(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(match &a[0] {
        Value::Null => Value::Null,
        Value::Blob(b) => Value::Integer(b.len() as i64),
        other => {
            let t = text_arg(other).unwrap_or_default();
            let upto = t.split('\0').next().unwrap_or("");
            Value::Integer(upto.chars().count() as i64)
        }
    })
}

/// SQLite (built with SQLITE_LIKE_DOESNT_MATCH_BLOBS, as Debian's is) never matches a BLOB
/// operand with LIKE or GLOB: the result is 0, even when the other operand is NULL.
fn blob_operand(a: &[Value]) -> bool {
    a.iter().take(2).any(|v| matches!(v, Value::Blob(_)))
}

fn like(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if blob_operand(a) {
        return Ok(Value::Integer(0));
    }
    // The ESCAPE operand is checked before NULLs are considered.
    let esc = match a.get(2) {
        Some(Value::Null) | None => None,
        Some(e) => {
            let e = text_arg(e).unwrap_or_default();
            let mut it = e.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Some(c),
                _ => return Err(Error::sql("ESCAPE expression must be a single character")),
            }
        }
    };
    if a.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let pat = convert::c_text(&a[0]).unwrap_or_default();
    let s = convert::c_text(&a[1]).unwrap_or_default();
    if pat.len() > MAX_LIKE_PATTERN {
        return Err(Error::sql("LIKE or GLOB pattern too complex"));
    }
    let cs = ctx.env.case_sensitive_like();
    Ok(Value::Integer(pattern::like(&pat, &s, esc, cs).into()))
}

fn glob(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if blob_operand(a) {
        return Ok(Value::Integer(0));
    }
    if a.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let pat = convert::c_text(&a[0]).unwrap_or_default();
    if pat.len() > MAX_LIKE_PATTERN {
        return Err(Error::sql("LIKE or GLOB pattern too complex"));
    }
    let s = convert::c_text(&a[1]).unwrap_or_default();
    Ok(Value::Integer(pattern::glob(&pat, &s).into()))
}

fn case_map(a: &[Value], upper: bool) -> Result<Value> {
    Ok(match text_arg(&a[0]) {
        None => Value::Null,
        Some(t) => Value::Text(if upper {
            t.to_ascii_uppercase()
        } else {
            t.to_ascii_lowercase()
        }),
    })
}

/// `trim`/`ltrim`/`rtrim`: `left`/`right` say which ends to strip.
fn trim(a: &[Value], left: bool, right: bool) -> Result<Value> {
    let Some(t) = text_arg(&a[0]) else {
        return Ok(Value::Null);
    };
    let set: Vec<char> = match a.get(1) {
        None => vec![' '],
        Some(Value::Null) => return Ok(Value::Null),
        Some(v) => text_arg(v).unwrap_or_default().chars().collect(),
    };
    let mut s: &str = &t;
    if left {
        s = s.trim_start_matches(|c| set.contains(&c));
    }
    if right {
        s = s.trim_end_matches(|c| set.contains(&c));
    }
    Ok(Value::Text(s.to_owned()))
}

/// `quote(x)`: the SQL literal for a value.
pub fn quote_value(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => quote_real(*r),
        Value::Text(s) => {
            // Like SQLite, the text ends at its first NUL.
            let s = s.split('\0').next().unwrap_or("");
            let mut out = String::with_capacity(s.len() + 2);
            out.push('\'');
            for c in s.chars() {
                if c == '\'' {
                    out.push('\'');
                }
                out.push(c);
            }
            out.push('\'');
            out
        }
        Value::Blob(b) => format!("X'{}'", hex_string(b)),
    }
}

/// A REAL literal that reads back as the same double: `%!.15g`, else `%!.20e`.
pub fn quote_real(r: f64) -> String {
    let short = float::real_to_text(r);
    if !r.is_finite() || convert::decimal_text_to_f64(short.as_bytes()) == r {
        return short;
    }
    let body = float::exponential(r, 20, false, true, false);
    if r < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

fn replace(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if a[0].is_null() || a[1].is_null() {
        return Ok(Value::Null);
    }
    // A pattern that is empty as a C string returns X unchanged (a BLOB X as text).
    let pat = convert::c_text(&a[1]).unwrap_or_default();
    if pat.is_empty() {
        return Ok(match &a[0] {
            Value::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
            other => other.clone(),
        });
    }
    if a[2].is_null() {
        return Ok(Value::Null);
    }
    let pat = text_arg(&a[1]).unwrap_or_default();
    let s = text_arg(&a[0]).unwrap_or_default();
    let rep = text_arg(&a[2]).unwrap_or_default();
    // Check the final size before building it.
    if rep.len() > pat.len() {
        let n = s.matches(pat.as_ref()).count();
        check_len(ctx, s.len() + n.saturating_mul(rep.len() - pat.len()))?;
    }
    let out = s.replace(pat.as_ref(), &rep);
    check_len(ctx, out.len())?;
    Ok(Value::Text(out))
}

/// The half-open range `[start, end)` selected by `substr(x, y [, z])` on a sequence of
/// `len` units.
fn substr_range(len: i64, y: i64, z: Option<i64>) -> (usize, usize) {
    let len = i128::from(len);
    let mut p1 = i128::from(y);
    // Without a length SQLite takes the length limit (SQLITE_LIMIT_LENGTH's default), which
    // matters when a start far before the string shortens it.
    let mut p2 = z.map_or(1_000_000_000, i128::from);
    let has_z = z.is_some();
    if p1 < 0 {
        p1 += len;
        if p1 < 0 {
            p2 += p1;
            p1 = 0;
        }
    } else if p1 > 0 {
        p1 -= 1;
    } else if has_z && p2 > 0 {
        p2 -= 1;
    }
    if p2 < 0 {
        p1 += p2;
        p2 = -p2;
        if p1 < 0 {
            p2 += p1;
            p1 = 0;
        }
    }
    let start = p1.clamp(0, len);
    let end = (p1 + p2.max(0)).clamp(start, len);
    (start as usize, end as usize)
}

fn substr(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if a.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    // SQLite reads the positions with sqlite3_value_int(): the low 32 bits.
    let y = i64::from(convert::int(&a[1]) as i32);
    let z = a.get(2).map(|v| i64::from(convert::int(v) as i32));
    if let Value::Blob(b) = &a[0] {
        if b.is_empty() {
            // sqlite3_value_blob() of an empty blob is a NULL pointer: the result is NULL.
            return Ok(Value::Null);
        }
        let (s, e) = substr_range(b.len() as i64, y, z);
        return Ok(Value::Blob(b[s..e].to_vec()));
    }
    // Text is scanned as a C string: it ends at the first NUL.
    let t = convert::c_text(&a[0]).unwrap_or_default();
    let n = t.chars().count();
    let (s, e) = substr_range(n as i64, y, z);
    Ok(Value::Text(t.chars().skip(s).take(e - s).collect()))
}

fn unicode(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(match text_arg(&a[0]).and_then(|t| t.chars().next()) {
        Some(c) if c != '\0' => Value::Integer(c as i64),
        _ => Value::Null,
    })
}

fn soundex(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    fn code(c: u8) -> u8 {
        match c.to_ascii_uppercase() {
            b'B' | b'F' | b'P' | b'V' => b'1',
            b'C' | b'G' | b'J' | b'K' | b'Q' | b'S' | b'X' | b'Z' => b'2',
            b'D' | b'T' => b'3',
            b'L' => b'4',
            b'M' | b'N' => b'5',
            b'R' => b'6',
            _ => 0,
        }
    }
    let t = convert::c_text(&a[0]).unwrap_or_default();
    let b = t.as_bytes();
    let Some(first) = b.iter().position(u8::is_ascii_alphabetic) else {
        return Ok(Value::Text("?000".to_owned()));
    };
    let mut out = vec![b[first].to_ascii_uppercase()];
    let mut prev = code(b[first]);
    for &c in &b[first + 1..] {
        if out.len() == 4 {
            break;
        }
        // Non-ASCII bytes are read modulo 128, as SQLite does.
        let k = code(c & 0x7f);
        if k != 0 && k != prev {
            out.push(k);
        }
        prev = k;
    }
    while out.len() < 4 {
        out.push(b'0');
    }
    Ok(Value::Text(String::from_utf8_lossy(&out).into_owned()))
}

pub(crate) fn register(r: &mut FunctionRegistry) {
    scalar(r, "char", -1, DET, char_fn);
    scalar(r, "glob", 2, DET, glob);
    scalar(r, "hex", 1, DET, hex);
    scalar(r, "instr", 2, DET, instr);
    scalar(r, "length", 1, DET, length);
    scalar(r, "like", 2, DET, like);
    scalar(r, "like", 3, DET, like);
    scalar(r, "lower", 1, DET, |_, a| case_map(a, false));
    scalar(r, "upper", 1, DET, |_, a| case_map(a, true));
    scalar(r, "ltrim", 1, DET, |_, a| trim(a, true, false));
    scalar(r, "ltrim", 2, DET, |_, a| trim(a, true, false));
    scalar(r, "rtrim", 1, DET, |_, a| trim(a, false, true));
    scalar(r, "rtrim", 2, DET, |_, a| trim(a, false, true));
    scalar(r, "trim", 1, DET, |_, a| trim(a, true, true));
    scalar(r, "trim", 2, DET, |_, a| trim(a, true, true));
    scalar(r, "quote", 1, DET, |_, a| {
        Ok(Value::Text(quote_value(&a[0])))
    });
    scalar(r, "replace", 3, DET, replace);
    scalar(r, "soundex", 1, DET, soundex);
    for name in ["substr", "substring"] {
        scalar(r, name, 2, DET, substr);
        scalar(r, name, 3, DET, substr);
    }
    scalar(r, "unicode", 1, DET, unicode);
}

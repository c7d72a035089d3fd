//! Core scalar functions SQLite added after 3.40 (lang_corefunc.html): concat, concat_ws,
//! octet_length, unhex, unistr, unistr_quote, and `if`/`iif` with 2 or more arguments.
//!
//! The system `sqlite3` (3.40.1) has none of them ("no such function"), so they follow
//! SQLite 3.54.1; they never change an answer 3.40.1 gives. Known difference: `unistr()` of
//! a surrogate (`\d800`) or of a code point above U+10FFFF gives U+FFFD (SQLite stores the
//! invalid UTF-8 bytes, which a Rust `String` cannot hold), as `char()` does.

use super::builtins::{scalar, scalar_min, DET};
use super::context::Context;
use super::convert;
use super::registry::FunctionRegistry;
use super::scalar::{check_len, truthy};
use super::text::quote_value;
use crate::error::{Error, Result};
use crate::value::Value;

/// `concat(X, ...)`: the text of every non-NULL argument, joined; never NULL.
fn concat(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let mut s = String::new();
    for v in a {
        if let Some(t) = convert::text(v) {
            s.push_str(&t);
            check_len(ctx, s.len())?;
        }
    }
    Ok(Value::Text(s))
}

/// `concat_ws(SEP, X, ...)`: the non-NULL arguments joined by SEP; NULL when SEP is NULL.
fn concat_ws(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let Some(sep) = convert::text(&a[0]) else {
        return Ok(Value::Null);
    };
    let mut s = String::new();
    let mut first = true;
    for v in &a[1..] {
        if let Some(t) = convert::text(v) {
            if !first {
                s.push_str(&sep);
            }
            first = false;
            s.push_str(&t);
            check_len(ctx, s.len())?;
        }
    }
    Ok(Value::Text(s))
}

/// `octet_length(X)`: bytes of X's UTF-8 text (of a blob: its size); NULL for NULL.
fn octet_length(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(match &a[0] {
        Value::Null => Value::Null,
        Value::Blob(b) => Value::Integer(b.len() as i64),
        v => Value::Integer(convert::text(v).map_or(0, |t| t.len()) as i64),
    })
}

fn hex_digit(c: char) -> Option<u8> {
    c.to_digit(16).map(|d| d as u8)
}

/// `unhex(X[, Y])`: the blob X's hex digits spell; characters of Y may stand between
/// (not inside) digit pairs. NULL when X or Y is NULL or X holds anything else.
fn unhex(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let ignore = match a.get(1) {
        None => String::new(),
        Some(v) => match convert::c_text(v) {
            Some(t) => t.into_owned(),
            None => return Ok(Value::Null),
        },
    };
    // Read as a C string: it ends at its first NUL.
    let Some(x) = convert::c_text(&a[0]) else {
        return Ok(Value::Null);
    };
    let mut out = Vec::with_capacity(x.len() / 2);
    let mut chars = x.chars();
    while let Some(c) = chars.next() {
        match hex_digit(c) {
            Some(hi) => match chars.next().and_then(hex_digit) {
                Some(lo) => out.push(hi << 4 | lo),
                None => return Ok(Value::Null),
            },
            None if ignore.contains(c) => {}
            None => return Ok(Value::Null),
        }
    }
    Ok(Value::Blob(out))
}

fn invalid_escape() -> Error {
    Error::sql("invalid Unicode escape")
}

/// Reads exactly `n` hex digits from `chars` as a code point.
fn hex_code(chars: &mut std::str::Chars<'_>, n: usize) -> Result<u32> {
    let mut v = 0u32;
    for _ in 0..n {
        let d = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or_else(invalid_escape)?;
        v = v << 4 | d;
    }
    Ok(v)
}

/// `unistr(X)`: X with `\\`, `\XXXX`, `\uXXXX`, `\+XXXXXX` and `\UXXXXXXXX` decoded.
fn unistr(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let Some(x) = convert::text(&a[0]) else {
        return Ok(Value::Null);
    };
    let mut s = String::with_capacity(x.len());
    let mut chars = x.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            s.push(c);
            continue;
        }
        let mut look = chars.clone();
        let digits = match look.next() {
            Some('\\') => {
                chars = look;
                s.push('\\');
                continue;
            }
            Some('u') => 4,
            Some('+') => 6,
            Some('U') => 8,
            _ => {
                look = chars.clone();
                4
            }
        };
        let code = hex_code(&mut look, digits)?;
        chars = look;
        s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
    }
    check_len(ctx, s.len())?;
    Ok(Value::Text(s))
}

/// `unistr_quote(X)`: `quote(X)`, except that text holding control characters is written
/// as a `unistr('...')` call with them as `\u00XX` (and `\` doubled).
fn unistr_quote(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let Value::Text(t) = &a[0] else {
        return Ok(Value::Text(quote_value(&a[0])));
    };
    // Like quote(), the text ends at its first NUL.
    let t = t.split('\0').next().unwrap_or("");
    if !t.chars().any(|c| (c as u32) < 0x20) {
        return Ok(Value::Text(quote_value(&a[0])));
    }
    let mut s = String::with_capacity(t.len() + 16);
    s.push_str("unistr('");
    for c in t.chars() {
        match c {
            '\'' => s.push_str("''"),
            '\\' => s.push_str("\\\\"),
            c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push_str("')");
    Ok(Value::Text(s))
}

/// `if(C1, V1[, C2, V2]...[, ELSE])` and `iif` with other than 3 arguments, when not compiled
/// inline: the V after the first true C, else ELSE (NULL when the count is even).
pub(crate) fn if_fn(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let mut pairs = a.chunks_exact(2);
    for p in pairs.by_ref() {
        if truthy(&p[0]) == Some(true) {
            return Ok(p[1].clone());
        }
    }
    Ok(pairs.remainder().first().cloned().unwrap_or(Value::Null))
}

pub(crate) fn register(r: &mut FunctionRegistry) {
    scalar_min(r, "concat", 1, DET, concat);
    scalar_min(r, "concat_ws", 2, DET, concat_ws);
    scalar(r, "octet_length", 1, DET, octet_length);
    scalar(r, "unhex", 1, DET, unhex);
    scalar(r, "unhex", 2, DET, unhex);
    scalar(r, "unistr", 1, DET, unistr);
    scalar(r, "unistr_quote", 1, DET, unistr_quote);
    scalar_min(r, "if", 2, DET, if_fn);
    scalar_min(r, "iif", 2, DET, if_fn);
}

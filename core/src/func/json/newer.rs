//! JSON functions that SQLite 3.40.1 lacks (json1.html of SQLite 3.45+; behaviour checked
//! against SQLite 3.54.1): `json_pretty(X[, INDENT])`, `json_error_position(X)` and the
//! flags of `json_valid(X, FLAGS)`. `json_valid(X)` is `json_valid(X, 1)`, which is what
//! 3.40.1 computes: X read as strict JSON text, a BLOB included.
//!
//! `json_valid` flag bits: 0x01 RFC 8259 text, 0x02 JSON5 text, 0x04 a BLOB that looks like
//! JSONB (its outer header only), 0x08 a BLOB that is strictly valid JSONB. A BLOB is also
//! tried as text when bit 0x01 or 0x02 is set.

use super::node::Node;
use super::{json5, jsonb, node};
use crate::error::{Error, Result};
use crate::func::builtins::scalar;
use crate::func::context::{Context, JSON_SUBTYPE};
use crate::func::convert;
use crate::func::registry::{flags, FunctionRegistry};
use crate::value::Value;

fn flags_error() -> Error {
    Error::sql("FLAGS parameter to json_valid() must be between 1 and 15")
}

/// `json_valid(X[, FLAGS])`.
fn json_valid(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let flags = match a.get(1) {
        None => 1,
        Some(Value::Integer(i)) if (1..=15).contains(i) => *i,
        Some(Value::Real(r)) if (1.0..16.0).contains(r) => *r as i64,
        Some(_) => return Err(flags_error()),
    };
    let ok = match &a[0] {
        // 3.40.1: `json_valid(NULL)` is 0.
        Value::Null if a.len() == 1 => false,
        Value::Null => return Ok(Value::Null),
        v => valid(v, flags),
    };
    Ok(Value::Integer(i64::from(ok)))
}

fn valid(v: &Value, flags: i64) -> bool {
    if let Value::Blob(b) = v {
        if flags & 0x08 != 0 && jsonb::strictly_valid(b) {
            return true;
        }
        if flags & 0x04 != 0 && jsonb::looks_like(b) {
            return true;
        }
    }
    if flags & 0x03 == 0 {
        return false;
    }
    let t = convert::text(v).unwrap_or_default();
    if flags & 0x02 != 0 {
        json5::parse(&t).is_ok()
    } else {
        node::parse(&t).is_ok()
    }
}

/// `json_error_position(X)`: 0 when X is well formed (JSON5 text or JSONB), else the
/// 1-based character (text) or byte (JSONB) position of the first error.
fn json_error_position(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let pos = match &a[0] {
        Value::Null => return Ok(Value::Null),
        Value::Blob(b) if jsonb::looks_like(b) => match jsonb::decode(b) {
            Ok(_) => 0,
            Err(at) => at as i64 + 1,
        },
        v => {
            let t = convert::text(v).unwrap_or_default();
            match json5::parse(&t) {
                Ok(_) => 0,
                Err(at) => json5::char_position(&t, at),
            }
        }
    };
    Ok(Value::Integer(pos))
}

/// `json_pretty(X[, INDENT])`: X rendered one value per line, nested lines indented by
/// INDENT (four spaces when absent or NULL), `"label": value` in objects, `[]`/`{}` for
/// empty containers.
fn json_pretty(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let Some(n) = super::input_with(&a[0], true)? else {
        return Ok(Value::Null);
    };
    let indent = match a.get(1) {
        None | Some(Value::Null) => "    ".to_owned(),
        Some(v) => convert::text(v).unwrap_or_default().into_owned(),
    };
    let mut out = String::new();
    pretty(&n, &indent, 0, &mut out);
    crate::func::scalar::check_len(ctx, out.len())?;
    ctx.result_subtype = JSON_SUBTYPE;
    Ok(Value::Text(out))
}

fn newline(indent: &str, level: usize, out: &mut String) {
    out.push('\n');
    for _ in 0..level {
        out.push_str(indent);
    }
}

fn pretty(n: &Node, indent: &str, level: usize, out: &mut String) {
    match n {
        Node::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, level + 1, out);
                pretty(item, indent, level + 1, out);
            }
            newline(indent, level, out);
            out.push(']');
        }
        Node::Object(members) if !members.is_empty() => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, level + 1, out);
                out.push('"');
                out.push_str(k);
                out.push_str("\": ");
                pretty(v, indent, level + 1, out);
            }
            newline(indent, level, out);
            out.push('}');
        }
        other => out.push_str(&other.render()),
    }
}

/// `jsonb_set(X, '$', V)` (and replace): V's JSONB, padded to the size of the old root
/// (`old_len` bytes) as [`jsonb::pad_to`] does.
pub(super) fn whole_jsonb(n: &Node, old_len: usize) -> Result<Value> {
    Ok(Value::Blob(jsonb::pad_to(jsonb::encode(n), old_len)))
}

pub(super) fn register(r: &mut FunctionRegistry) {
    let fl = flags::DETERMINISTIC;
    scalar(r, "json_valid", 1, fl, json_valid);
    scalar(r, "json_valid", 2, fl, json_valid);
    scalar(r, "json_error_position", 1, fl, json_error_position);
    scalar(r, "json_pretty", 1, fl, json_pretty);
    scalar(r, "json_pretty", 2, fl, json_pretty);
}

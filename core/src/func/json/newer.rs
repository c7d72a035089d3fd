//! JSON functions that SQLite 3.40.1 lacks (json1.html of SQLite 3.45+; behaviour checked
//! against SQLite 3.54.1): `json_pretty(X[, INDENT])`, `json_error_position(X)` and the
//! flags of `json_valid(X, FLAGS)`. `json_valid(X)` is `json_valid(X, 1)`, which is what
//! 3.40.1 computes: X read as strict JSON text, a BLOB included.
//!
//! `json_valid` flag bits: 0x01 RFC 8259 text, 0x02 JSON5 text, 0x04 a BLOB that looks like
//! JSONB (its outer header, see `jsonb::looks_like`), 0x08 a BLOB that is strictly valid JSONB. A BLOB is also
//! tried as text when bit 0x01 or 0x02 is set.

use super::node::Node;
use super::path::{self, Step};
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
        v => valid(v, flags, a.len() == 1),
    };
    Ok(Value::Integer(i64::from(ok)))
}

fn valid(v: &Value, flags: i64, one_arg: bool) -> bool {
    // A BLOB that looks like JSONB is only JSONB (`json_valid(jsonb('123'), 1)` is 0 even
    // though its bytes read `3123`), except for the 1-argument form, which is 3.40.1's.
    if let Value::Blob(b) = v {
        if jsonb::looks_like(b) && !one_arg {
            return flags & 0x08 != 0 && jsonb::strictly_valid(b) || flags & 0x04 != 0;
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
        Value::Blob(b) if jsonb::looks_like(b) => {
            super::jsonb_check::error_position(b).map_or(0, |p| p as i64)
        }
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
                out.push_str(node::key_text(k).0);
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

/// `json_array_insert(X, PATH, VALUE, ...)` (and `jsonb_array_insert`, `bin`): inserts each
/// VALUE into an array before the element PATH names, one pair after another. PATH must end
/// in an array step (`[N]`, `[#]` appends, `[#-N]`); a label there on an object is the error
/// "not an array element"; missing parents are created as by json_insert; a PATH that ends
/// below a non-array, an index past the end, `$` and a NULL PATH leave X as it is. A malformed PATH is "bad JSON path: 'PATH'".
fn json_array_insert(ctx: &mut Context<'_>, a: &[Value], bin: bool) -> Result<Value> {
    if a.is_empty() {
        return Ok(Value::Null);
    }
    if a.len().is_multiple_of(2) {
        let name = if bin { "jsonb" } else { "json" };
        return Err(Error::sql(format!(
            "{name}_array_insert() needs an odd number of arguments"
        )));
    }
    let Some(mut root) = super::input_with(&a[0], true)? else {
        return Ok(Value::Null);
    };
    // Every value is converted before any path is followed (3.54.1).
    for v in a.iter().skip(2).step_by(2) {
        if matches!(v, Value::Blob(b) if !jsonb::looks_like(b)) {
            return Err(super::blob_error());
        }
    }
    for i in (1..a.len()).step_by(2) {
        let Some(p) = super::path_text(&a[i]) else {
            continue;
        };
        let bad = || Error::sql(format!("bad JSON path: '{p}'"));
        let steps = path::root(&p)
            .and_then(path::all_steps)
            .map_err(|_| bad())?;
        let Some((last, parents)) = steps.split_last() else {
            continue;
        };
        let is_json = ctx.arg_subtype(i + 1) == JSON_SUBTYPE;
        let value = &a[i + 1];
        if matches!(last, Step::Key(_)) && stops_in_object(&root, parents) {
            return Err(Error::sql(format!("not an array element: '{p}'")));
        }
        let Some(target) = descend(&mut root, parents) else {
            // A missing parent is built as json_insert builds it (`$.b[0]` or `$.b[#]` on
            // `{}` gives `{"b":[9]}`).
            let rest = path::root(&p).map_err(|_| bad())?;
            let mut make = |_| super::from_sql_edit(value, is_json, bin);
            super::edit(&mut root, rest, super::Edit::Insert, true, &mut make)?;
            continue;
        };
        match (target, last) {
            (Node::Object(_), Step::Key(_)) => {
                return Err(Error::sql(format!("not an array element: '{p}'")));
            }
            (Node::Array(items), step) => {
                if let Some(at) = super::index(items.len(), step).filter(|&k| k <= items.len()) {
                    items.insert(at, super::from_sql_edit(value, is_json, bin)?);
                }
            }
            _ => {}
        }
    }
    super::emit(ctx, &root, bin)
}

/// Whether following `steps` from `n` ends at an object, or stops at an object that lacks
/// the next label (where json_array_insert's final label would be an error).
fn stops_in_object(n: &Node, steps: &[Step]) -> bool {
    let mut n = n;
    for step in steps {
        n = match (n, step) {
            (Node::Object(m), Step::Key(k)) => {
                match m.iter().find(|(key, _)| node::key_text(key).0 == k) {
                    Some((_, c)) => c,
                    None => return true,
                }
            }
            (Node::Array(items), s) => {
                match super::index(items.len(), s).and_then(|i| items.get(i)) {
                    Some(c) => c,
                    None => return false,
                }
            }
            _ => return false,
        };
    }
    matches!(n, Node::Object(_))
}

/// The node `steps` lead to below `n`, if every step finds one.
fn descend<'a>(n: &'a mut Node, steps: &[Step]) -> Option<&'a mut Node> {
    let mut n = n;
    for step in steps {
        n = match (n, step) {
            (Node::Object(m), Step::Key(k)) => {
                &mut m.iter_mut().find(|(key, _)| node::key_text(key).0 == k)?.1
            }
            (Node::Array(items), s) => {
                let i = super::index(items.len(), s)?;
                items.get_mut(i)?
            }
            _ => return None,
        };
    }
    Some(n)
}

pub(super) fn register(r: &mut FunctionRegistry) {
    for (name, bin) in [("json_array_insert", false), ("jsonb_array_insert", true)] {
        scalar(r, name, -1, flags::DETERMINISTIC, move |c, a| {
            json_array_insert(c, a, bin)
        });
    }
    let fl = flags::DETERMINISTIC;
    scalar(r, "json_valid", 1, fl, json_valid);
    scalar(r, "json_valid", 2, fl, json_valid);
    scalar(r, "json_error_position", 1, fl, json_error_position);
    scalar(r, "json_pretty", 1, fl, json_pretty);
    scalar(r, "json_pretty", 2, fl, json_pretty);
}

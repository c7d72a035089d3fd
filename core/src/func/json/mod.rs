//! JSON functions (json1.html, SQLite 3.40): json, json_array, json_object, json_extract,
//! `->`/`->>` (registered as functions named `->` and `->>`), json_type, json_valid,
//! json_quote, json_array_length, json_insert/replace/set, json_remove, json_patch, and the
//! aggregates json_group_array/json_group_object. The table-valued json_each/json_tree
//! rows are built in `each`.
//!
//! JSON text produced by these functions carries subtype [`JSON_SUBTYPE`]; an argument with
//! that subtype is embedded as JSON instead of as a string (`json_array(json('[1]'))` is
//! `[[1]]`). The VM must keep subtypes with registers for that to work across calls.

pub(crate) mod each;
mod json5;
mod jsonb;
mod jsonb_check;
mod newer;
mod node;
mod path;
mod subst;
mod tree_root;

use node::{escape, unescape, Node};
use path::Step;

use super::builtins::{aggregate_flags, scalar};
use super::context::{Context, JSON_SUBTYPE};
use super::convert;
use super::float;
use super::registry::{flags, Accumulator, FunctionRegistry};
use crate::error::{Error, Result};
use crate::value::Value;

fn blob_error() -> Error {
    Error::sql("JSON cannot hold BLOB values")
}

/// Parses argument `v` as JSON: a BLOB that looks like JSONB is decoded (see `jsonb`),
/// anything else is read as text, JSON5 when `five` (the functions 3.40.1 lacks), else
/// strict RFC 8259 as 3.40.1 reads it. `None` for NULL.
fn input_with(v: &Value, five: bool) -> Result<Option<Node>> {
    match v {
        Value::Null => Ok(None),
        Value::Blob(b) if jsonb::looks_like(b) => jsonb::decode_keep(b)
            .map(Some)
            .map_err(|_| node::malformed()),
        other => {
            let t = convert::text(other).unwrap_or_default();
            if five {
                json5::parse(&t).map(Some).map_err(|_| node::malformed())
            } else {
                node::parse(&t).map(Some)
            }
        }
    }
}

/// [`input_with`] as the `json_` functions read (strict text).
fn input(v: &Value) -> Result<Option<Node>> {
    input_with(v, false)
}

/// An SQL value as a JSON node (`json_array` arguments, `json_set` values...).
fn from_sql(v: &Value, is_json: bool) -> Result<Node> {
    Ok(match v {
        Value::Null => Node::Null,
        Value::Integer(i) => Node::Int(i.to_string()),
        Value::Real(r) => Node::Real(float::real_to_text(*r)),
        Value::Text(s) if is_json => node::parse(s)?,
        Value::Text(s) => Node::Str(escape(s)),
        Value::Blob(b) if jsonb::looks_like(b) => {
            jsonb::decode(b).map_err(|_| node::malformed())?
        }
        Value::Blob(_) => return Err(blob_error()),
    })
}

/// [`from_sql`] for a value placed by json_insert/replace/set: text becomes a `Raw` node
/// (JSONB `TEXTRAW`, as SQLite 3.54.1 stores it; rendered the same as an escaped string).
fn from_sql_edit(v: &Value, is_json: bool, bin: bool) -> Result<Node> {
    match v {
        Value::Text(s) if !is_json => Ok(Node::Raw(s.clone())),
        Value::Real(_) if bin => Ok(exact_real(v, from_sql(v, is_json)?)),
        other => from_sql(other, is_json),
    }
}

fn arg_node(ctx: &Context<'_>, a: &[Value], i: usize, bin: bool) -> Result<Node> {
    let n = from_sql(&a[i], ctx.arg_subtype(i) == JSON_SUBTYPE)?;
    Ok(if bin { exact_real(&a[i], n) } else { n })
}

/// For a JSONB result, a REAL keeps every digit it needs to read back the same (SQLite
/// 3.54.1 writes `1.2345678901234567e+19` where 3.40.1's JSON text has 15 digits).
fn exact_real(v: &Value, n: Node) -> Node {
    let Value::Real(r) = v else {
        return n;
    };
    let short = float::real_to_text(*r);
    if !r.is_finite() || short.parse::<f64>() == Ok(*r) {
        return n;
    }
    let body = float::general(*r, 17, false, true, false);
    Node::Real(if *r < 0.0 { format!("-{body}") } else { body })
}

/// A JSON text result, marked with the JSON subtype.
fn json_result(ctx: &mut Context<'_>, n: &Node) -> Result<Value> {
    let text = n.render();
    super::scalar::check_len(ctx, text.len())?;
    ctx.result_subtype = JSON_SUBTYPE;
    Ok(Value::Text(text))
}

/// The result of a `json_` function (`bin` false: JSON text) or of its `jsonb_` twin
/// (`bin` true: a JSONB BLOB, no subtype).
fn emit(ctx: &mut Context<'_>, n: &Node, bin: bool) -> Result<Value> {
    if !bin {
        return json_result(ctx, n);
    }
    let b = jsonb::encode(n);
    super::scalar::check_len(ctx, b.len())?;
    Ok(Value::Blob(b))
}

/// A scalar node as an SQL value (true/false are 1/0); containers give their JSON text.
fn scalar_value(n: &Node) -> Value {
    match n {
        Node::Null => Value::Null,
        Node::True => Value::Integer(1),
        Node::False => Value::Integer(0),
        Node::Int(t) => int_value(t),
        Node::Int5(t) => int_value(&json5::int5_text(t)),
        Node::Real5(t) => Value::Real(json5::real5_text(t).parse::<f64>().unwrap_or(0.0)),
        Node::Str5(s) => Value::Text(unescape(&json5::str5_body(s))),
        Node::Raw(s) => Value::Text(s.clone()),
        Node::Real(t) => Value::Real(match t.as_str() {
            "Inf" | "9e999" => f64::INFINITY,
            "-Inf" | "-9e999" => f64::NEG_INFINITY,
            _ => t.parse::<f64>().unwrap_or(0.0),
        }),
        Node::Str(s) => Value::Text(unescape(s)),
        Node::Array(_) | Node::Object(_) => Value::Text(n.render()),
        Node::Jsonb(b) => jsonb::decode(b).map_or(Value::Null, |n| scalar_value(&n)),
    }
}

fn int_value(t: &str) -> Value {
    match t.parse::<i64>() {
        Ok(i) => Value::Integer(i),
        Err(_) => Value::Real(match t {
            "9.0e999" => f64::INFINITY,
            "-9.0e999" => f64::NEG_INFINITY,
            _ => t.parse::<f64>().unwrap_or(0.0),
        }),
    }
}

/// A node as an SQL value (`json_extract` with one path, `->>`). Arrays and objects become
/// JSON text, with the JSON subtype only for `json_extract` (`subtype`).
fn to_sql(ctx: &mut Context<'_>, n: &Node, subtype: bool, bin: bool) -> Result<Value> {
    Ok(match n {
        Node::Array(_) | Node::Object(_) if bin => emit(ctx, n, true)?,
        Node::Array(_) | Node::Object(_) => {
            let v = json_result(ctx, n)?;
            if !subtype {
                ctx.result_subtype = 0;
            }
            v
        }
        scalar => scalar_value(scalar),
    })
}

/// A path argument as text (ending at a NUL, as SQLite reads it); `None` for NULL.
fn path_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        other => convert::text(other).map(|t| t.split('\0').next().unwrap_or("").to_owned()),
    }
}

fn index(len: usize, s: &Step) -> Option<usize> {
    match s {
        Step::Index(i) => Some(*i),
        Step::FromEnd(k) => len.checked_sub(*k),
        Step::Key(_) => None,
    }
}

/// Follows `path` (with its `$`) from `root`, parsing it lazily (see `path`).
fn lookup<'a>(root: &'a Node, path: &str) -> Result<Option<&'a Node>> {
    let mut rest = path::root(path)?;
    let mut n = root;
    while !rest.is_empty() {
        if path::is_label(rest) && !matches!(n, Node::Object(_)) {
            return Ok(None);
        }
        let (step, after) = path::next_step(rest)?;
        rest = after;
        let next = match (n, &step) {
            (Node::Object(m), Step::Key(k)) => m
                .iter()
                .find(|(key, _)| node::key_text(key).0 == k)
                .map(|(_, c)| c),
            (Node::Array(a), s) => index(a.len(), s).and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(c) => n = c,
            None => return Ok(None),
        }
    }
    Ok(Some(n))
}

#[derive(Clone, Copy, PartialEq)]
enum Edit {
    Insert,
    Replace,
    Set,
}

/// Whether [`build`] can create the missing part of a path; `[#]` only when `newer` (the
/// functions 3.40.1 lacks: `jsonb_set('{}', '$.b[#]', 1)` builds `{"b":[1]}` in 3.54.1,
/// where 3.40.1's `json_set` leaves `{}`).
fn buildable(steps: &[Step], newer: bool) -> bool {
    steps
        .iter()
        .all(|s| matches!(s, Step::Key(_) | Step::Index(0)) || (newer && *s == Step::FromEnd(0)))
}

/// A fresh object chain for the missing part of a path (`json_set('{}','$.a.b',1)`);
/// arrays only for `[0]`. Built inside out, without recursion.
fn build(steps: &[Step], value: &Node) -> Option<Node> {
    let mut node = value.clone();
    for step in steps.iter().rev() {
        node = match step {
            Step::Key(k) => Node::Object(vec![(node::path_key(k), node)]),
            Step::Index(0) | Step::FromEnd(0) => Node::Array(vec![node]),
            _ => return None,
        };
    }
    Some(node)
}

/// Applies one insert/replace/set at `rest` (path after `$`) below `n`, walking down
/// without recursion.
/// The value is produced only when it is placed (`value(old JSONB size if it replaces)`), so a BLOB value that is never
/// used is not an error (`json_replace('{}', '$.a', x'00')` is `{}`), as in SQLite.
fn edit(
    n: &mut Node,
    rest: &str,
    mode: Edit,
    newer: bool,
    value: &mut dyn FnMut(Option<usize>) -> Result<Node>,
) -> Result<()> {
    let mut n = n;
    let mut rest = rest;
    loop {
        if rest.is_empty() {
            if mode != Edit::Insert {
                // The size of the JSONB element replaced (see `jsonb::pad_to`).
                let old = jsonb::encode(n).len();
                *n = value(Some(old))?;
            }
            return Ok(());
        }
        // A kept empty container (`jsonb::decode_keep`) is opened to be edited.
        if let Node::Jsonb(b) = n {
            if let Ok(open @ (Node::Array(_) | Node::Object(_))) = jsonb::decode(b) {
                *n = open;
            }
        }
        if path::is_label(rest) && !matches!(n, Node::Object(_)) {
            return Ok(());
        }
        let (step, after) = path::next_step(rest)?;
        rest = after;
        match (n, &step) {
            (Node::Object(m), Step::Key(k)) => {
                match m.iter().position(|(key, _)| node::key_text(key).0 == k) {
                    Some(pos) => n = &mut m[pos].1,
                    None => {
                        if mode != Edit::Replace {
                            let steps = path::all_steps(after)?;
                            if buildable(&steps, newer) {
                                if let Some(new) = build(&steps, &value(None)?) {
                                    m.push((node::path_key(k), new));
                                }
                            }
                        }
                        return Ok(());
                    }
                }
            }
            (Node::Array(a), s) => {
                let Some(i) = index(a.len(), s) else {
                    return Ok(());
                };
                if i < a.len() {
                    n = &mut a[i];
                } else {
                    if i == a.len() && mode != Edit::Replace {
                        let steps = path::all_steps(after)?;
                        if buildable(&steps, newer) {
                            if let Some(new) = build(&steps, &value(None)?) {
                                a.push(new);
                            }
                        }
                    }
                    return Ok(());
                }
            }
            _ => return Ok(()),
        }
    }
}

/// Removes the node at `rest` below `n`.
fn remove(n: &mut Node, rest: &str) -> Result<()> {
    if path::is_label(rest) && !matches!(n, Node::Object(_)) {
        return Ok(());
    }
    let (step, after) = path::next_step(rest)?;
    match (n, &step) {
        (Node::Object(m), Step::Key(k)) => {
            if let Some(pos) = m.iter().position(|(key, _)| node::key_text(key).0 == k) {
                if after.is_empty() {
                    m.remove(pos);
                } else {
                    return remove(&mut m[pos].1, after);
                }
            }
        }
        (Node::Array(a), s) => {
            if let Some(i) = index(a.len(), s).filter(|&i| i < a.len()) {
                if after.is_empty() {
                    a.remove(i);
                } else {
                    return remove(&mut a[i], after);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The node at `path` (member indices of nested objects) below `root`.
fn member_mut<'a>(root: &'a mut Node, path: &[usize]) -> Option<&'a mut Node> {
    let mut n = root;
    for &i in path {
        n = match n {
            Node::Object(m) => &mut m.get_mut(i)?.1,
            _ => return None,
        };
    }
    Some(n)
}

/// RFC 7396 merge patch, without recursion (documents may nest 2000 deep). As in SQLite, a
/// patch member only finds members the target had before this patch began, and a member
/// already replaced ignores later duplicates of its key.
///
/// For a JSONB result (`bin`) a value that replaces another is stored pre-encoded and padded
/// to the old one's size, as SQLite 3.54.1 overwrites in place (`jsonb::pad_to`).
fn patch(target: Node, p: &Node, bin: bool) -> Node {
    let mut root = target;
    // (path of member indices to the target node, patch node to apply there)
    let mut work: Vec<(Vec<usize>, &Node)> = vec![(Vec::new(), p)];
    let mut removals: Vec<Vec<usize>> = Vec::new();
    while let Some((path, pn)) = work.pop() {
        let Some(t) = member_mut(&mut root, &path) else {
            continue;
        };
        let Node::Object(pm) = pn else {
            *t = if bin {
                Node::Jsonb(jsonb::pad_to(jsonb::encode(pn), jsonb::encode(t).len()))
            } else {
                pn.clone()
            };
            continue;
        };
        if !matches!(t, Node::Object(_)) {
            *t = Node::Object(Vec::new());
        }
        let Node::Object(tm) = t else {
            continue;
        };
        let original = tm.len();
        let mut replaced = vec![false; original];
        for (k, v) in pm {
            let k_text = node::key_text(k).0;
            let pos = tm[..original]
                .iter()
                .position(|(key, _)| node::key_text(key).0 == k_text);
            if pos.is_some_and(|i| replaced[i]) {
                continue;
            }
            let child = |i: usize| {
                let mut c = path.clone();
                c.push(i);
                c
            };
            match (v, pos) {
                (Node::Null, Some(i)) => {
                    replaced[i] = true;
                    removals.push(child(i));
                }
                (Node::Null, None) => {}
                (v, Some(i)) => {
                    replaced[i] = true;
                    work.push((child(i), v));
                }
                (v @ Node::Object(_), None) => {
                    tm.push((k.clone(), Node::Null));
                    work.push((child(tm.len() - 1), v));
                }
                (v, None) => tm.push((k.clone(), v.clone())),
            }
        }
    }
    // Remove deepest/latest first so that the remaining paths stay valid.
    removals.sort_unstable_by(|a, b| b.cmp(a));
    for path in removals {
        if let Some((&last, parent)) = path.split_last() {
            if let Some(Node::Object(m)) = member_mut(&mut root, parent) {
                if last < m.len() {
                    m.remove(last);
                }
            }
        }
    }
    root
}

/// `json(X)`, and `jsonb(X)` (`bin`): a JSONB argument comes back as it is.
fn json_fn(ctx: &mut Context<'_>, a: &[Value], bin: bool) -> Result<Value> {
    match input_with(&a[0], bin)? {
        Some(_) if bin && matches!(&a[0], Value::Blob(b) if jsonb::looks_like(b)) => {
            Ok(a[0].clone())
        }
        Some(n) => emit(ctx, &n, bin),
        None => Ok(Value::Null),
    }
}

fn json_array(ctx: &mut Context<'_>, a: &[Value], bin: bool) -> Result<Value> {
    let items = (0..a.len())
        .map(|i| arg_node(ctx, a, i, bin))
        .collect::<Result<Vec<_>>>()?;
    emit(ctx, &Node::Array(items), bin)
}

fn json_object(ctx: &mut Context<'_>, a: &[Value], bin: bool) -> Result<Value> {
    if !a.len().is_multiple_of(2) {
        return Err(Error::sql(
            "json_object() requires an even number of arguments",
        ));
    }
    // A BLOB value fails only once every label has been checked (sqlite3:
    // `json_object('a', x'41', 1, 2)` reports the label).
    let mut members = Vec::with_capacity(a.len() / 2);
    let mut blob = false;
    for i in (0..a.len()).step_by(2) {
        let Value::Text(k) = &a[i] else {
            return Err(Error::sql("json_object() labels must be TEXT"));
        };
        let v = if matches!(&a[i + 1], Value::Blob(b) if !jsonb::looks_like(b)) {
            blob = true;
            Node::Null
        } else {
            arg_node(ctx, a, i + 1, bin)?
        };
        members.push((escape(k), v));
    }
    if blob {
        return Err(blob_error());
    }
    emit(ctx, &Node::Object(members), bin)
}

fn json_extract(ctx: &mut Context<'_>, a: &[Value], bin: bool) -> Result<Value> {
    if a.len() < 2 {
        return Ok(Value::Null);
    }
    let Some(root) = input_with(&a[0], bin)? else {
        return Ok(Value::Null);
    };
    if a.len() == 2 {
        let Some(p) = path_text(&a[1]) else {
            return Ok(Value::Null);
        };
        return match lookup(&root, &p)? {
            Some(n) => to_sql(ctx, n, true, bin),
            None => Ok(Value::Null),
        };
    }
    let mut out = Vec::new();
    for v in &a[1..] {
        // With several paths a NULL path gives a null element.
        let found = match path_text(v) {
            Some(p) => lookup(&root, &p)?.cloned(),
            None => None,
        };
        out.push(found.unwrap_or(Node::Null));
    }
    emit(ctx, &Node::Array(out), bin)
}

/// The path `->`/`->>` use for their right operand: `$...` as is, `[...]` after `$`, an
/// integer as an array index, other text as an object label.
fn arrow_path(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) if *i < 0 => Some("$[#]".to_owned()),
        Value::Integer(_) | Value::Real(_) => Some(format!("$[{}]", convert::text(v)?)),
        other => {
            let t = convert::text(other)?;
            Some(if t.starts_with('$') {
                t.into_owned()
            } else if t.starts_with('[') {
                format!("${t}")
            } else {
                format!("$.\"{t}\"")
            })
        }
    }
}

fn arrow(ctx: &mut Context<'_>, a: &[Value], as_sql: bool) -> Result<Value> {
    let Some(root) = input(&a[0])? else {
        return Ok(Value::Null);
    };
    let Some(p) = arrow_path(&a[1]) else {
        return Ok(Value::Null);
    };
    match lookup(&root, &p)? {
        None => Ok(Value::Null),
        Some(n) if as_sql => to_sql(ctx, n, false, false),
        Some(n) => json_result(ctx, n),
    }
}

/// The node at the optional path argument `a[1]`; `Ok(None)` for NULL input or no match.
fn at_path(a: &[Value]) -> Result<Option<Node>> {
    let Some(root) = input(&a[0])? else {
        return Ok(None);
    };
    let path = match a.get(1) {
        Some(v) => match path_text(v) {
            Some(p) => p,
            None => return Ok(None),
        },
        None => "$".to_owned(),
    };
    Ok(lookup(&root, &path)?.cloned())
}

fn json_type(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(at_path(a)?.map_or(Value::Null, |n| Value::Text(n.type_name().to_owned())))
}

fn json_array_length(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(match at_path(a)? {
        Some(Node::Array(items)) => Value::Integer(items.len() as i64),
        Some(_) => Value::Integer(0),
        None => Value::Null,
    })
}

fn json_edit(
    ctx: &mut Context<'_>,
    a: &[Value],
    mode: Edit,
    name: &str,
    bin: bool,
) -> Result<Value> {
    if a.is_empty() {
        return Ok(Value::Null);
    }
    if a.len().is_multiple_of(2) {
        return Err(Error::sql(format!(
            "{name}() needs an odd number of arguments"
        )));
    }
    let Some(mut root) = input_with(&a[0], bin)? else {
        return Ok(Value::Null);
    };
    // `json_set(X, '$', V)` returns V itself, as SQLite does; later paths then find
    // nothing (the root is an opaque substitution, see `subst`): only their `$` is checked
    // (`json_replace('[1]', '$', 2, '$.', 3)` is 2).
    let mut whole: Option<(Value, u8)> = None;
    let mut subs = subst::Substitutions::default();
    for i in (1..a.len()).step_by(2) {
        let Some(p) = path_text(&a[i]) else {
            continue;
        };
        let rest = path::root(&p)?;
        if rest.is_empty() {
            if mode != Edit::Insert {
                whole = Some((a[i + 1].clone(), ctx.arg_subtype(i + 1)));
            }
            continue;
        }
        if whole.is_some() {
            continue;
        }
        let is_json = ctx.arg_subtype(i + 1) == JSON_SUBTYPE;
        let arg = &a[i + 1];
        edit(&mut root, rest, mode, bin, &mut |old| {
            Ok(subs.placeholder(arg, is_json, old))
        })?;
    }
    // The jsonb_ functions convert every value up front: a BLOB that is not JSONB is an
    // error even where it is never placed (3.54.1), and so do the json_ ones editing a
    // JSONB document (input 3.40.1 never read as JSONB).
    if bin || matches!(&a[0], Value::Blob(b) if jsonb::looks_like(b)) {
        for v in a.iter().skip(2).step_by(2) {
            if matches!(v, Value::Blob(b) if !jsonb::looks_like(b)) {
                return Err(blob_error());
            }
        }
    }
    if let Some((v, sub)) = whole {
        if bin {
            let old_len = jsonb::encode(&root).len();
            return newer::whole_jsonb(&from_sql_edit(&v, sub == JSON_SUBTYPE, true)?, old_len);
        }
        ctx.result_subtype = sub;
        return Ok(v);
    }
    subs.resolve(&mut root, bin)?;
    emit(ctx, &root, bin)
}

fn json_remove(ctx: &mut Context<'_>, a: &[Value], bin: bool) -> Result<Value> {
    let Some(mut root) = (match a.first() {
        Some(v) => input_with(v, bin)?,
        None => None,
    }) else {
        return Ok(Value::Null);
    };
    // Removing the root makes the result NULL, but later paths still walk the document (a
    // malformed step they reach is an error) until a NULL path ends the walk, as in
    // sqlite3: `json_remove('[1]', '$', '$[')` fails, `json_remove('[1]', '$', '$.')` is NULL.
    let mut gone = false;
    for v in &a[1..] {
        let Some(p) = path_text(v) else {
            return Ok(Value::Null);
        };
        let rest = path::root(&p)?;
        if rest.is_empty() {
            gone = true;
        } else {
            remove(&mut root, rest)?;
        }
    }
    if gone {
        return Ok(Value::Null);
    }
    emit(ctx, &root, bin)
}

fn json_patch(ctx: &mut Context<'_>, a: &[Value], bin: bool) -> Result<Value> {
    let Some(t) = input_with(&a[0], bin)? else {
        return Ok(Value::Null);
    };
    let Some(p) = input_with(&a[1], bin)? else {
        return Ok(Value::Null);
    };
    emit(ctx, &patch(t, &p, bin), bin)
}

fn json_quote(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let n = arg_node(ctx, a, 0, false)?;
    json_result(ctx, &n)
}

/// json_group_array / json_group_object. A member whose label is NULL is kept with no
/// label at all, as in sqlite3: `{:1,"a":2}` (malformed JSON, which later JSON functions
/// reject).
struct Group {
    object: bool,
    /// jsonb_group_array/jsonb_group_object: the result is JSONB.
    bin: bool,
    items: std::collections::VecDeque<(Option<String>, Node)>,
}

impl Accumulator for Group {
    fn step(&mut self, ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if self.object {
            let k = match &args[0] {
                // jsonb_group_object leaves out a member with a NULL label (3.54.1).
                Value::Null if self.bin => return Ok(()),
                Value::Null => None,
                v => Some(escape(&convert::text(v).unwrap_or_default())),
            };
            self.items.push_back((k, arg_node(ctx, args, 1, self.bin)?));
        } else {
            self.items
                .push_back((None, arg_node(ctx, args, 0, self.bin)?));
        }
        Ok(())
    }
    fn inverse(&mut self, _: &mut Context<'_>, _args: &[Value]) -> Result<()> {
        self.items.pop_front();
        Ok(())
    }
    fn value(&mut self, ctx: &mut Context<'_>) -> Result<Value> {
        if !self.object {
            let n = Node::Array(self.items.iter().map(|(_, n)| n.clone()).collect());
            return emit(ctx, &n, self.bin);
        }
        if self.bin || self.items.iter().all(|(k, _)| k.is_some()) {
            let n = Node::Object(
                self.items
                    .iter()
                    .map(|(k, n)| (k.clone().unwrap_or_default(), n.clone()))
                    .collect(),
            );
            return emit(ctx, &n, self.bin);
        }
        let mut text = String::from("{");
        for (i, (k, n)) in self.items.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            if let Some(k) = k {
                text.push('"');
                text.push_str(k);
                text.push('"');
            }
            text.push(':');
            text.push_str(&n.render());
        }
        text.push('}');
        super::scalar::check_len(ctx, text.len())?;
        ctx.result_subtype = JSON_SUBTYPE;
        Ok(Value::Text(text))
    }
}

pub(crate) fn register(r: &mut FunctionRegistry) {
    let fl = flags::DETERMINISTIC;
    for (name, bin) in [("json", false), ("jsonb", true)] {
        scalar(r, name, 1, fl, move |c, a| json_fn(c, a, bin));
    }
    for (p, bin) in [("json", false), ("jsonb", true)] {
        let n = |s: &str| format!("{p}_{s}");
        scalar(r, &n("array"), -1, fl, move |c, a| json_array(c, a, bin));
        scalar(r, &n("object"), -1, fl, move |c, a| json_object(c, a, bin));
        scalar(r, &n("extract"), -1, fl, move |c, a| {
            json_extract(c, a, bin)
        });
        for (s, mode) in [
            ("insert", Edit::Insert),
            ("replace", Edit::Replace),
            ("set", Edit::Set),
        ] {
            let name = n(s);
            let shown = format!("json_{s}");
            scalar(r, &name, -1, fl, move |c, a| {
                json_edit(c, a, mode, &shown, bin)
            });
        }
        scalar(r, &n("remove"), -1, fl, move |c, a| json_remove(c, a, bin));
        scalar(r, &n("patch"), 2, fl, move |c, a| json_patch(c, a, bin));
        let agg_flags = flags::DETERMINISTIC | flags::SUBTYPE;
        aggregate_flags(r, &n("group_array"), 1, agg_flags, true, move || {
            Box::new(Group {
                object: false,
                bin,
                items: Default::default(),
            })
        });
        aggregate_flags(r, &n("group_object"), 2, agg_flags, true, move || {
            Box::new(Group {
                object: true,
                bin,
                items: Default::default(),
            })
        });
    }
    scalar(r, "->", 2, fl, |c, a| arrow(c, a, false));
    scalar(r, "->>", 2, fl, |c, a| arrow(c, a, true));
    scalar(r, "json_type", 1, fl, json_type);
    scalar(r, "json_type", 2, fl, json_type);
    scalar(r, "json_quote", 1, fl, json_quote);
    scalar(r, "json_array_length", 1, fl, json_array_length);
    scalar(r, "json_array_length", 2, fl, json_array_length);
    newer::register(r);
}

//! `json_each(json [, root])` and `json_tree(json [, root])` (json1.html), as SQLite 3.40
//! computes them: the rows are built in full here and the VM loads them into an ephemeral
//! table (see `codegen/tvf.rs`).
//!
//! Columns: `key, value, type, atom, id, parent, fullkey, path` and the hidden `json, root`.
//!
//! Node ids number the parse in pre-order, one id per value plus one per object label (the
//! label comes just before its value): in `{"a":[1,2]}` the object is 0, label `a` is 1, the
//! array 2, its elements 3 and 4.
//!
//! - `json_each` yields the children of the node at `root` (or that node alone when it is a
//!   scalar); `parent` is NULL; `path` is the root path as written and `fullkey` appends the
//!   child's step to it.
//! - `json_tree` yields the node at `root` and then every descendant, in pre-order; `parent`
//!   is the id of the containing node (NULL for the first row). SQLite 3.40 rebuilds the
//!   first row's `fullkey` from the document's root with every array step shown as `[0]`
//!   (`json_tree('[1,[2]]', '$[1]')` reports `$[0]`), and its `key` is the object label
//!   it hangs from when it is an array or object, else NULL; descendants extend that `fullkey`.
//! - Labels appear in paths bare when they are an ASCII letter followed by letters and
//!   digits, else double-quoted as written (`$.x1`, `$."_x"`, `$."a\u0041"`).

use super::node::{self, unescape, Node};
use super::path::{self, Step};
use crate::error::Result;
use crate::value::Value;

/// Column names, hidden ones (`json`, `root`) last.
pub(crate) const COLUMNS: [&str; 10] = [
    "key", "value", "type", "atom", "id", "parent", "fullkey", "path", "json", "root",
];

/// How the node at `root` hangs from its parent.
#[derive(Clone)]
pub(super) enum Link {
    Top,
    Label(String),
    /// An array element (SQLite 3.40 shows every one as `[0]`).
    Index,
}

/// Rows of `json_each` (`tree` false) or `json_tree` for arguments `args` (1 or 2 values).
/// A NULL document or root yields no rows; a malformed document or path is an error.
pub(crate) fn rows(args: &[Value], tree: bool) -> Result<Vec<Vec<Value>>> {
    let Some(doc_arg) = args.first() else {
        return Ok(Vec::new());
    };
    if matches!(doc_arg, Value::Null) {
        return Ok(Vec::new());
    }
    // A JSONB BLOB is decoded; anything else is read as strict JSON text (see `input`).
    let Some(doc) = super::input(doc_arg)? else {
        return Ok(Vec::new());
    };
    let root_text = match args.get(1) {
        None => "$".to_owned(),
        Some(v) => match super::path_text(v) {
            None => return Ok(Vec::new()),
            Some(t) => t,
        },
    };
    let Some((target, id, links)) = locate(&doc, &root_text)? else {
        return Ok(Vec::new());
    };
    let hidden = [doc_arg.clone(), Value::Text(root_text.clone())];
    let mut out = Vec::new();
    if tree && matches!(doc_arg, Value::Blob(_)) && !links.is_empty() {
        // Over JSONB (SQLite 3.54.1) the first row shows the root path as written, and a
        // key and path cut from it (see `tree_root`).
        let (key, path) = super::tree_root::key_and_path(&doc, target, &root_text);
        walk_tree(target, id, key, root_text.clone(), path, &hidden, &mut out);
    } else if tree {
        let link = links.last().cloned().unwrap_or(Link::Top);
        let path = rebuilt_path(&links[..links.len().saturating_sub(1)]);
        let fullkey = rebuilt_path(&links);
        // A label shows only above an array or object: json_tree('{"a":1}', '$.a') has
        // key NULL (sqlite3).
        let container = matches!(target, Node::Array(_) | Node::Object(_));
        let key = match link {
            Link::Label(l) if container => Value::Text(unescape(&l)),
            _ => Value::Null,
        };
        walk_tree(target, id, key, fullkey, path, &hidden, &mut out);
    } else {
        each(target, id, &root_text, &hidden, &mut out);
    }
    if let Value::Blob(b) = doc_arg {
        renumber(&mut out, &super::jsonb::row_ids(b));
    }
    Ok(out)
}

/// Over a JSONB document, `id` and `parent` are byte offsets in the BLOB (SQLite 3.54.1),
/// not 3.40's element counts: maps each through `ids` (see `jsonb::row_ids`).
fn renumber(rows: &mut [Vec<Value>], ids: &[i64]) {
    for row in rows {
        for col in [4, 5] {
            if let Some(Value::Integer(id)) = row.get_mut(col) {
                if let Some(&b) = usize::try_from(*id).ok().and_then(|i| ids.get(i)) {
                    *id = b;
                }
            }
        }
    }
}

/// Follows `root_text` from `doc` as `lookup` does; returns the node, its id and the steps
/// taken, or `None` when the path finds nothing.
pub(super) fn locate<'a>(
    doc: &'a Node,
    root_text: &str,
) -> Result<Option<(&'a Node, i64, Vec<Link>)>> {
    let mut rest = path::root(root_text)?;
    let mut n = doc;
    let mut id = 0i64;
    let mut links = Vec::new();
    while !rest.is_empty() {
        if path::is_label(rest) && !matches!(n, Node::Object(_)) {
            return Ok(None);
        }
        let (step, after) = path::next_step(rest)?;
        rest = after;
        let mut child_id = id + 1;
        let found = match (n, &step) {
            (Node::Object(m), Step::Key(k)) => m.iter().find_map(|(key, c)| {
                let key = node::key_text(key).0;
                if key == k {
                    return Some((c, Link::Label(key.to_owned())));
                }
                child_id += 1 + size(c);
                None
            }),
            (Node::Array(a), s) => super::index(a.len(), s).and_then(|i| {
                let c = a.get(i)?;
                child_id += a[..i].iter().map(size).sum::<i64>();
                Some((c, Link::Index))
            }),
            _ => None,
        };
        let Some((c, link)) = found else {
            return Ok(None);
        };
        if matches!(link, Link::Label(_)) {
            child_id += 1;
        }
        n = c;
        id = child_id;
        links.push(link);
    }
    Ok(Some((n, id, links)))
}

/// Number of ids a node takes (itself, its descendants and their labels).
fn size(n: &Node) -> i64 {
    let mut total = 0;
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        total += 1;
        match n {
            Node::Array(a) => stack.extend(a.iter()),
            Node::Object(m) => {
                total += m.len() as i64;
                stack.extend(m.iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }
    total
}

/// `$` followed by the steps of `links`, array steps as `[0]` (SQLite 3.40's rendering).
fn rebuilt_path(links: &[Link]) -> String {
    let mut s = "$".to_owned();
    for l in links {
        match l {
            Link::Top => {}
            Link::Label(k) => push_label(&mut s, k),
            Link::Index => s.push_str("[0]"),
        }
    }
    s
}

/// Appends `.label`, quoting the raw label unless it is a letter then letters and digits.
fn push_label(s: &mut String, raw: &str) {
    let bare = raw.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && raw.bytes().all(|b| b.is_ascii_alphanumeric());
    s.push('.');
    if bare {
        s.push_str(raw);
    } else {
        s.push('"');
        s.push_str(raw);
        s.push('"');
    }
}

/// One output row.
#[allow(clippy::too_many_arguments)]
fn row(
    n: &Node,
    key: Value,
    id: i64,
    parent: Option<i64>,
    fullkey: String,
    path: String,
    hidden: &[Value; 2],
) -> Vec<Value> {
    let value = value_of(n);
    let atom = match n.type_name() {
        "array" | "object" => Value::Null,
        _ => value.clone(),
    };
    vec![
        key,
        value,
        Value::Text(n.type_name().to_owned()),
        atom,
        Value::Integer(id),
        parent.map_or(Value::Null, Value::Integer),
        Value::Text(fullkey),
        Value::Text(path),
        hidden[0].clone(),
        hidden[1].clone(),
    ]
}

/// The `value` column: SQL value of a scalar, minified text of a container.
fn value_of(n: &Node) -> Value {
    match n {
        Node::Array(_) | Node::Object(_) => Value::Text(n.render()),
        other => super::scalar_value(other),
    }
}

/// `json_each`: the children of `n` (id `id`), or `n` itself when it is a scalar.
fn each(n: &Node, id: i64, root: &str, hidden: &[Value; 2], out: &mut Vec<Vec<Value>>) {
    match n {
        Node::Array(items) => {
            let mut cid = id + 1;
            for (i, c) in items.iter().enumerate() {
                let fullkey = format!("{root}[{i}]");
                let key = Value::Integer(i as i64);
                out.push(row(c, key, cid, None, fullkey, root.to_owned(), hidden));
                cid += size(c);
            }
        }
        Node::Object(members) => {
            let mut cid = id + 1;
            for (k, c) in members {
                let mut fullkey = root.to_owned();
                let k = node::key_text(k).0;
                push_label(&mut fullkey, k);
                let key = Value::Text(unescape(k));
                out.push(row(c, key, cid + 1, None, fullkey, root.to_owned(), hidden));
                cid += 1 + size(c);
            }
        }
        _ => out.push(row(
            n,
            Value::Null,
            id,
            None,
            root.to_owned(),
            root.to_owned(),
            hidden,
        )),
    }
}

/// `json_tree`: `n` (id `id`) then its descendants in pre-order, without recursion.
fn walk_tree(
    n: &Node,
    id: i64,
    key: Value,
    fullkey: String,
    path: String,
    hidden: &[Value; 2],
    out: &mut Vec<Vec<Value>>,
) {
    // Entries: (node, key, parent id, fullkey, path, hangs from a label). Ids are handed
    // out in visiting order; a label takes the id just before its value's.
    type Entry<'a> = (&'a Node, Value, Option<i64>, String, String, bool);
    let mut stack: Vec<Entry<'_>> = vec![(n, key, None, fullkey, path, false)];
    let mut next_id = id;
    while let Some((n, key, parent, fullkey, path, labelled)) = stack.pop() {
        if labelled {
            next_id += 1;
        }
        let my_id = next_id;
        next_id += 1;
        match n {
            Node::Array(items) => {
                for (i, c) in items.iter().enumerate().rev() {
                    let fk = format!("{fullkey}[{i}]");
                    let k = Value::Integer(i as i64);
                    stack.push((c, k, Some(my_id), fk, fullkey.clone(), false));
                }
            }
            Node::Object(members) => {
                for (k, c) in members.iter().rev() {
                    let mut fk = fullkey.clone();
                    let k = node::key_text(k).0;
                    push_label(&mut fk, k);
                    let k = Value::Text(unescape(k));
                    stack.push((c, k, Some(my_id), fk, fullkey.clone(), true));
                }
            }
            _ => {}
        }
        out.push(row(n, key, my_id, parent, fullkey, path, hidden));
    }
}

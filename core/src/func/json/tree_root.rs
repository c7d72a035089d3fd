//! The `key` and `path` of `json_tree`'s first row over a JSONB document when the root path
//! has steps: SQLite 3.54.1 (3.40.1 has no JSONB) cuts them from the root text as written.
//!
//! Going back from the end of the root text, each `.` or `[` is a candidate cut; the prefix
//! before it is looked up in the document (a prefix that is malformed or finds nothing is
//! passed over), and the cut is taken when the root's node is that prefix node's first
//! child (first element or first member). Without such a cut the text is cut after `$`.
//! `path` is the text before the cut. `key` is read from the text after the cut: after a
//! `[`, the leading decimal digits as an integer (`0` for `#-1]`); after a `.`, the rest
//! of the text, less its first and last characters when it starts with `"`. So (3.54.1):
//!
//! | document            | root        | key      | path     |
//! |---------------------|-------------|----------|----------|
//! | `{"a":[1,2]}`       | `$.a[1]`    | `a[1]`   | `$`      |
//! | `{"a":[1,[5,6]]}`   | `$.a[1][0]` | `0`      | `$.a[1]` |
//! | `[[1,2],[3,4]]`     | `$[1][1]`   | `1`      | `$`      |
//! | `{"a":{"b":1,"c":2}}` | `$."a".c` | `a".`    | `$`      |

use super::each::locate;
use super::node::Node;
use crate::value::Value;

/// `key` and `path` of the first row of `json_tree(doc, root)`, `target` being the node
/// `root` (which has at least one step) found in `doc`.
pub(super) fn key_and_path(doc: &Node, target: &Node, root: &str) -> (Value, String) {
    let b = root.as_bytes();
    let mut n = b.len();
    while n > 1 {
        n -= 1;
        if b[n] != b'.' && b[n] != b'[' {
            continue;
        }
        let Some(prefix) = root.get(..n) else {
            continue;
        };
        if let Ok(Some((p, _, _))) = locate(doc, prefix) {
            if first_child(p).is_some_and(|c| std::ptr::eq(c, target)) {
                break;
            }
        }
    }
    let n = n.max(1).min(b.len());
    (key_after(root, n), root[..n].to_owned())
}

/// The first element of an array, or the value of an object's first member.
fn first_child(n: &Node) -> Option<&Node> {
    match n {
        Node::Array(a) => a.first(),
        Node::Object(m) => m.first().map(|(_, v)| v),
        _ => None,
    }
}

/// The key read from the root text after the cut at byte `n` (a `.` or `[`).
fn key_after(root: &str, n: usize) -> Value {
    let rest = root.get(n + 1..).unwrap_or("");
    if root.as_bytes().get(n) == Some(&b'[') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit);
        let v = digits.fold(0i64, |v, d| {
            v.wrapping_mul(10).wrapping_add(i64::from(d - b'0'))
        });
        return Value::Integer(v);
    }
    let label = match rest.strip_prefix('"') {
        Some(inner) => {
            let mut end = inner.len().saturating_sub(1);
            while !inner.is_char_boundary(end) {
                end -= 1;
            }
            &inner[..end]
        }
        None => rest,
    };
    Value::Text(label.to_owned())
}

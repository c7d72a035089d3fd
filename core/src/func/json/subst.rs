//! Deferred substitution of SQL values by json_insert/json_replace/json_set.
//!
//! sqlite3 3.40.1 links each new value into the tree as an opaque substitution and converts
//! it only when the result is rendered. Two consequences (checked against sqlite3):
//! - A later path that goes *into* a substituted value finds nothing:
//!   `json_set('[1]', '$[0]', json('{"a":1}'), '$[0].a', 5)` is `[{"a":1}]`.
//! - A BLOB is an error only if it survives to the result:
//!   `json_set('[1]', '$[0]', x'00', '$[0]', 5)` is `[5]`.
//!
//! [`Substitutions::placeholder`] stands for a value in the tree: a string node whose text
//! cannot come from a parsed or escaped string (it holds raw NUL bytes), so paths cannot
//! step into it. [`Substitutions::resolve`] converts the survivors.

use super::node::Node;
use crate::error::Result;
use crate::value::Value;

const MARK: &str = "\u{0}subst\u{0}";

#[derive(Default)]
pub(super) struct Substitutions {
    /// The values, in order of their placeholders: (value, has the JSON subtype, JSONB
    /// size of the element it replaces).
    values: Vec<(Value, bool, Option<usize>)>,
}

impl Substitutions {
    /// A placeholder node for `v`.
    pub fn placeholder(&mut self, v: &Value, is_json: bool, old: Option<usize>) -> Node {
        self.values.push((v.clone(), is_json, old));
        Node::Str(format!("{MARK}{}", self.values.len() - 1))
    }

    /// Replaces every placeholder left in `root` by its value as JSON (a BLOB fails here).
    /// For a JSONB result (`bin`) a value that replaced an element is stored pre-encoded,
    /// padded to that element's size (`jsonb::pad_to`).
    pub fn resolve(&self, root: &mut Node, bin: bool) -> Result<()> {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            match n {
                Node::Str(s) => {
                    let slot = s
                        .strip_prefix(MARK)
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| self.values.get(i));
                    if let Some((v, is_json, old)) = slot {
                        *n = super::from_sql_edit(v, *is_json, bin)?;
                        if let (true, Some(old)) = (bin, old) {
                            let b = super::jsonb::pad_to(super::jsonb::encode(n), *old);
                            *n = Node::Jsonb(b);
                        }
                    }
                }
                Node::Array(items) => stack.extend(items.iter_mut()),
                Node::Object(members) => stack.extend(members.iter_mut().map(|(_, v)| v)),
                _ => {}
            }
        }
        Ok(())
    }
}

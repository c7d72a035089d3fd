//! JSON paths: `$`, `.label`, `."quoted label"`, `[N]`, `[#]`, `[#-N]`.
//!
//! Like SQLite 3.40, paths are parsed lazily while walking the document: a `.label` step on
//! a node that is not an object simply finds nothing, so `json_extract('[1]', '$.')` is NULL
//! while `json_extract('{}', '$.')` is `JSON path error near ''`.

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    /// Object member by raw key.
    Key(String),
    /// Array element `N`.
    Index(usize),
    /// `[#-N]` (N = 0 means one past the end, `[#]`).
    FromEnd(usize),
}

pub(crate) fn path_error(rest: &str) -> Error {
    Error::sql(format!("JSON path error near '{rest}'"))
}

/// The path after its leading `$`.
pub(crate) fn root(path: &str) -> Result<&str> {
    path.strip_prefix('$').ok_or_else(|| path_error(path))
}

/// Whether the next step (of a non-empty `rest`) is an object label.
pub(crate) fn is_label(rest: &str) -> bool {
    rest.starts_with('.')
}

/// Parses the step at the start of non-empty `rest`; returns it and the remaining path.
pub(crate) fn next_step(rest: &str) -> Result<(Step, &str)> {
    if let Some(r) = rest.strip_prefix('.') {
        if let Some(q) = r.strip_prefix('"') {
            let end = q.find('"').ok_or_else(|| path_error(r))?;
            return Ok((Step::Key(q[..end].to_owned()), &q[end + 1..]));
        }
        let end = r.find(['.', '[']).unwrap_or(r.len());
        if end == 0 {
            return Err(path_error(r));
        }
        return Ok((Step::Key(r[..end].to_owned()), &r[end..]));
    }
    if let Some(r) = rest.strip_prefix('[') {
        let close = r.find(']').ok_or_else(|| path_error(rest))?;
        let inner = &r[..close];
        let step = if let Some(k) = inner.strip_prefix('#') {
            if k.is_empty() {
                Step::FromEnd(0)
            } else {
                let n = k.strip_prefix('-').ok_or_else(|| path_error(rest))?;
                Step::FromEnd(digits(n).ok_or_else(|| path_error(rest))?)
            }
        } else {
            Step::Index(digits(inner).ok_or_else(|| path_error(rest))?)
        };
        return Ok((step, &r[close + 1..]));
    }
    Err(path_error(rest))
}

/// All remaining steps (used when creating missing members).
pub(crate) fn all_steps(mut rest: &str) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    while !rest.is_empty() {
        let (s, r) = next_step(rest)?;
        steps.push(s);
        rest = r;
    }
    Ok(steps)
}

fn digits(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse::<usize>().unwrap_or(usize::MAX))
}

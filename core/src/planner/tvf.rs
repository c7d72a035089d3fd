//! Table-valued functions in the loop order (vtab.html, "xBestIndex"; lang_select.html).
//!
//! A function source's arguments are equality constraints on its hidden columns: those
//! written in the call (`json_each(t.doc)`: `json = t.doc`), then WHERE/ON equalities on the
//! further hidden columns in order (`json_each j ... WHERE j.json = t.doc`). A constraint is
//! usable only when its value reads sources placed in earlier loops, so a function whose
//! argument reads another source must run inside that source's loop: without its argument
//! `json_each` yields no rows at all. The planner prices each placement the way SQLite's
//! functions answer xBestIndex:
//!
//! | function | arguments usable | cost, rows |
//! |---|---|---|
//! | any | the required one(s) | 1, 25 |
//! | `json_each`/`json_tree` | not the `json` one | 1, 1 |
//! | `pragma_NAME` | not the `arg` one | 1, 25 |
//!
//! The loop order is chosen by [`super::plan`]'s cost search among the orders with the
//! fewest calls short of a required argument (only a CROSS or LEFT JOIN, whose order is
//! fixed, can force one). Codegen passes exactly the usable arguments
//! (`codegen/tvf.rs`), so the plan and the call agree.

use super::plan::TermInfo;
use super::resolve::ColSel;

/// The argument shape of one function source.
#[derive(Debug, Clone)]
pub(crate) struct TvfShape {
    /// Index of its first hidden column (the hidden columns are the last ones).
    pub first_hidden: usize,
    pub n_hidden: usize,
    /// How many leading hidden columns must be given for the call to yield rows.
    pub required: usize,
    /// The sources each written argument reads (bit i = source i of the scope).
    pub written: Vec<u64>,
    /// A JSON walker (`json_each`, `json_tree`) rather than a pragma.
    pub json: bool,
}

/// How many leading arguments of the function source `src` are usable once the sources in
/// `placed` are placed, and the terms that supply the unwritten ones.
pub(crate) fn usable_args(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    shape: &TvfShape,
) -> (usize, Vec<usize>) {
    let mut n = 0;
    for m in &shape.written {
        if m & !placed != 0 {
            return (n, Vec::new());
        }
        n += 1;
    }
    let mut used = Vec::new();
    while n < shape.n_hidden {
        let col = ColSel::Column(shape.first_hidden + n);
        let found = terms.iter().position(|t| {
            t.on_outer.is_none_or(|o| o == src)
                && t.eqs
                    .iter()
                    .any(|e| e.src == src && e.col == col && e.other_mask & !placed == 0)
        });
        match found {
            Some(ti) => used.push(ti),
            None => break,
        }
        n += 1;
    }
    (n, used)
}

/// Estimated (cost, rows per outer row) of the function source `src` after `placed`, and
/// the terms its call consumes (they select nothing further).
pub(crate) fn estimate(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    shape: &TvfShape,
) -> (f64, f64, Vec<usize>) {
    let (n, used) = usable_args(terms, src, placed, shape);
    if n >= shape.required {
        (1.0, 25.0, used)
    } else if shape.json {
        (1.0, 1.0, used)
    } else {
        (1.0, 25.0, used)
    }
}

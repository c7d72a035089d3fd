//! Repeated aggregate calls of one query share a single accumulator, as in SQLite: `max(b)`
//! in the result, in HAVING and in ORDER BY (or `ORDER BY 2` naming it) is one call, stepped
//! once per row. This shows in the bare columns: they come from the row the *last distinct*
//! min()/max() call chose (see `bare_columns_guard`), so a repeated `max(b)` after `max(c)`
//! must not make `max(b)` the deciding call again (select seed 5581: `SELECT t0.c2,
//! max(x), cume_dist() OVER (ORDER BY max(t0.c2) DESC) ... ORDER BY 1, 2` — `max(t0.c2)`
//! decides, giving 3.0 for a group holding 3.0 then 3).
//!
//! Two calls are the same when they are written alike (spaces and spans aside). sqlite3 also
//! merges calls that differ only in how a column is named (`max(b)`, `max(t.b)`) or in the
//! function name's case; those stay separate here.

use crate::parser::ast::Expr;

/// The position in `calls[..i]` of the first call written like `calls[i]`, if any.
pub(super) fn earlier_same(calls: &[&Expr], i: usize) -> Option<usize> {
    let e = calls.get(i)?;
    let key = crate::codegen::int_real::strip_spans(e);
    calls[..i]
        .iter()
        .position(|c| std::ptr::eq(*c, *e) || crate::codegen::int_real::strip_spans(c) == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::ast::{ResultColumn, SelectCore, Stmt};

    fn result_exprs(sql: &str) -> Vec<Expr> {
        let stmts = crate::parser::parse(sql).expect("parses");
        let Some(Stmt::Select(sel)) = stmts.into_iter().next() else {
            panic!("not a select")
        };
        let SelectCore::Select(core) = sel.first else {
            panic!("not a select core")
        };
        core.columns
            .into_iter()
            .filter_map(|c| match c {
                ResultColumn::Expr { expr, .. } => Some(expr),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn calls_written_alike_are_one() {
        let v = result_exprs("SELECT max(b), max(c), max( b ), max(b) FILTER (WHERE 1)");
        let calls: Vec<&Expr> = v.iter().collect();
        assert_eq!(earlier_same(&calls, 0), None);
        assert_eq!(earlier_same(&calls, 1), None);
        assert_eq!(earlier_same(&calls, 2), Some(0));
        assert_eq!(earlier_same(&calls, 3), None);
    }
}

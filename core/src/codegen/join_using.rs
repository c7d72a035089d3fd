//! USING / NATURAL columns under RIGHT and FULL JOIN (lang_select.html, "the USING clause").
//!
//! A USING column is one value per joined row: its left copy names it, the right copies are
//! hidden. Under an inner or LEFT JOIN the left copy is never NULL-extended where the right
//! one is not, so reading the left copy is enough. Under a RIGHT or FULL JOIN a row may come
//! from the right table alone, with every left source on its NULL row: the unqualified name
//! then reads `coalesce(left, right...)`. SQLite 3.40 also, for the USING columns of the
//! joins up to a RIGHT or FULL JOIN, expands `*` to the unqualified name (so it is an error
//! when another source has a column of that name), and requires the left copy of a USING
//! column at or after a RIGHT/FULL JOIN to be in exactly one left source (all observed with
//! the system sqlite3; pinned in `tests/difftest/tests/joins_causes.rs`).
//!
//! State: [`Compiler::using_coalesce`], keyed by the left copy's (cursor, column); filled by
//! `scope_for_from` for a FROM with a RIGHT/FULL JOIN, read by the column compiler.

use super::Compiler;
use crate::error::{Error, Result};
use crate::planner::resolve::{ColRef, ColSel, Scope, Source};
use crate::vdbe::insn::{CursorId, Insn, Reg};

/// Fails with SQLite's message unless exactly one source of `left` has a visible column
/// `name` (the left side of a RIGHT/FULL JOIN's USING or NATURAL column).
pub(crate) fn check_unique_left(left: &Scope, name: &str) -> Result<()> {
    let n = left
        .sources
        .iter()
        .filter(|s| {
            s.columns
                .iter()
                .any(|c| !c.using_dup && !c.hidden && c.name.eq_ignore_ascii_case(name))
        })
        .count();
    if n > 1 {
        return Err(Error::sql(format!(
            "ambiguous reference to {name} in USING()"
        )));
    }
    Ok(())
}

/// Fails with SQLite's message for the first of `using` that the `left` sources (their
/// visible copies) or the `right` source lack.
pub(crate) fn check_present(left: &Scope, right: &Source, using: &[String]) -> Result<()> {
    for name in using {
        let in_left = left.sources.iter().any(|s| {
            s.columns
                .iter()
                .any(|c| !c.using_dup && c.name.eq_ignore_ascii_case(name))
        });
        let in_right = right
            .columns
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(name));
        if !(in_left && in_right) {
            return Err(Error::sql(format!(
                "cannot join using column {name} - column not present in both tables"
            )));
        }
    }
    Ok(())
}

/// An unqualified column reference `name`.
pub(crate) fn col_expr_unqualified(name: &str) -> crate::parser::ast::Expr {
    use crate::parser::ast;
    ast::Expr {
        kind: ast::ExprKind::Column {
            schema: None,
            table: None,
            column: ast::Ident {
                name: name.to_string(),
                quote: ast::Quote::None,
                span: ast::Span::default(),
            },
        },
        span: ast::Span::default(),
    }
}

/// Marks a right copy's column index: under RIGHT JOIN the right copy alone is the value
/// (SQLite reads it, not coalesce(left, right)); under FULL JOIN they coalesce.
const REPLACES: usize = 1 << 30;

/// The right copy's column `ri`, marked when the join `kind` is RIGHT.
pub(crate) fn mark_copy(ri: usize, kind: crate::parser::ast::JoinKind) -> usize {
    match kind {
        crate::parser::ast::JoinKind::Right => ri | REPLACES,
        _ => ri,
    }
}

/// A marked right copy's (column, replaces the value so far).
pub(crate) fn split_copy(c: usize) -> (usize, bool) {
    (c & !REPLACES, c & REPLACES != 0)
}

/// `coalesce(first, rest...)`, or `first` alone when `rest` is empty.
pub(crate) fn coalesce_of(
    first: crate::parser::ast::Expr,
    rest: Vec<crate::parser::ast::Expr>,
) -> crate::parser::ast::Expr {
    use crate::parser::ast;
    if rest.is_empty() {
        return first;
    }
    let args: Vec<ast::Expr> = std::iter::once(first).chain(rest).collect();
    ast::Expr {
        kind: ast::ExprKind::Function(Box::new(ast::FunctionCall {
            name: ast::Ident {
                name: "coalesce".into(),
                quote: ast::Quote::None,
                span: ast::Span::default(),
            },
            distinct: false,
            args: ast::FunctionArgs::List(args),
            order_by: Vec::new(),
            filter: None,
            over: None,
        })),
        span: ast::Span::default(),
    }
}

/// A USING column of a join: (left copy, right copy, the join is RIGHT/FULL, the right
/// source's index), each copy as (cursor, column).
pub(crate) type Pair = ((CursorId, usize), (CursorId, usize), bool, usize);

impl Compiler<'_> {
    /// Records the USING pairs of a FROM clause whose last RIGHT or FULL JOIN brings in
    /// source `r`: those of the joins up to it coalesce their copies. A later join's USING
    /// column whose left copy is in a source before `r` (one a RIGHT/FULL JOIN may
    /// NULL-extend) reads its left copy alone, but `*` still names it unqualified, so it is
    /// ambiguous when another source has that column (observed with sqlite3 3.40.1).
    pub(crate) fn note_using_coalesce(&mut self, pairs: &[Pair], r: usize, scope: &Scope) {
        for (left, right, right_side, at) in pairs {
            if *at > r {
                let src = scope.sources.iter().position(|s| s.cursor == left.0);
                if src.is_some_and(|si| si < r) {
                    self.using_coalesce.entry(*left).or_default();
                }
                continue;
            }
            let e = self.using_coalesce.entry(*left).or_default();
            if *right_side {
                e.push(*right);
            }
        }
    }

    /// Reads an unqualified column reference: the column, or for the left copy of a RIGHT/
    /// FULL JOIN's USING column the first non-NULL of it and its right copies.
    pub(crate) fn read_using_column(&mut self, cr: ColRef, target: Reg) {
        let rights = self.right_copies(cr);
        self.read_column(cr, target);
        for (r, replaces) in rights {
            if replaces {
                self.read_column(r, target);
                continue;
            }
            let done = self.b.label();
            self.b.emit(Insn::NotNull {
                reg: target,
                target: done,
            });
            self.read_column(r, target);
            self.b.bind(done);
        }
    }

    /// The right copies `cr` (an unqualified reference) reads, each with whether it replaces
    /// the value so far (RIGHT JOIN) or coalesces with it (FULL JOIN).
    fn right_copies(&self, cr: ColRef) -> Vec<(ColRef, bool)> {
        let ColSel::Column(ci) = cr.col else {
            return Vec::new();
        };
        let scope = &self.scopes[cr.depth];
        let cursor = scope.sources[cr.src].cursor;
        self.using_coalesce
            .get(&(cursor, ci))
            .into_iter()
            .flatten()
            .filter_map(|(rc, rcol)| {
                let src = scope.sources.iter().position(|s| s.cursor == *rc)?;
                let (col, replaces) = split_copy(*rcol);
                Some((
                    ColRef {
                        depth: cr.depth,
                        src,
                        col: ColSel::Column(col),
                    },
                    replaces,
                ))
            })
            .collect()
    }

    /// The right copies column reference `e` (resolved to `cr`) also reads: those of a
    /// RIGHT/FULL JOIN's USING column when `e` is unqualified, else none.
    pub(crate) fn using_copies(&self, e: &crate::parser::ast::Expr, cr: ColRef) -> Vec<ColRef> {
        match &e.kind {
            crate::parser::ast::ExprKind::Column { table: None, .. } => {
                self.right_copies(cr).into_iter().map(|(c, _)| c).collect()
            }
            _ => Vec::new(),
        }
    }
}

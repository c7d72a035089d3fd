//! Whether the ON clause of a LEFT JOIN that `left_omit` would drop surely resolves: sqlite3
//! resolves names and functions before it drops the join, so `ON t1.zz = 1` (no such
//! column), an ambiguous name or `ON nosuch(1)` still fail. Dropped text is never compiled
//! here, so the join is kept (and the error raised as usual) unless every name is plainly
//! fine: each column names exactly one plain table of the FROM up to the join (or of a
//! simple subquery's own FROM), each function exists with that many arguments and is no
//! aggregate or window call outside a subquery's result.

use crate::parser::ast::{self, Expr, ExprKind, ResultColumn, SelectCore};

use super::super::super::{Compiler, FuncKind};
use super::super::walk_pub;

/// A plain table of a FROM clause: the name it is known by and its column names.
type Named = (String, Vec<String>);

impl Compiler<'_> {
    /// Whether the ON of join `k` of `from` surely resolves (see the module header).
    pub(super) fn on_resolves(&self, from: &ast::FromClause, k: usize) -> bool {
        let Some(ast::JoinConstraint::On(on)) = &from.joins[k].constraint else {
            return true;
        };
        let items = std::iter::once(&from.first).chain(from.joins[..=k].iter().map(|j| &j.table));
        let Some(tables) = self.plain_tables(items) else {
            return false;
        };
        self.resolves(on, &tables, &[], false)
    }

    /// The plain schema tables `items` name, None when one is anything else.
    fn plain_tables<'x>(
        &self,
        items: impl Iterator<Item = &'x ast::TableOrSubquery>,
    ) -> Option<Vec<Named>> {
        items
            .map(|item| {
                let ast::TableOrSubquery::Table { name, alias, .. } = item else {
                    return None;
                };
                let t = self.lookup_table(name)?;
                let cols = t.columns.iter().map(|c| c.name.clone()).collect();
                Some((alias.as_ref().unwrap_or(&name.name).name.clone(), cols))
            })
            .collect()
    }

    /// Whether every name in `e` resolves against `own` (then `outer`) tables; `agg`: an
    /// aggregate call is allowed (a subquery's result or HAVING).
    fn resolves(&self, e: &Expr, own: &[Named], outer: &[Named], agg: bool) -> bool {
        let mut ok = true;
        walk_pub(e, &mut |x| {
            ok &= match &x.kind {
                ExprKind::Column {
                    schema: None,
                    table,
                    column,
                } => column_resolves(table.as_ref(), &column.name, own, outer),
                ExprKind::Column { .. } | ExprKind::InTable { .. } => false,
                ExprKind::Function(f) => {
                    f.over.is_none()
                        && match self.function_kind(f) {
                            Ok(FuncKind::Scalar) => true,
                            Ok(FuncKind::Aggregate) => agg,
                            _ => false,
                        }
                }
                ExprKind::Exists(s)
                | ExprKind::Subquery(s)
                | ExprKind::InSelect { select: s, .. } => {
                    let mut all: Vec<Named> = own.to_vec();
                    all.extend(outer.iter().cloned());
                    self.select_resolves(s, &all)
                }
                _ => true,
            };
            ok
        });
        ok
    }

    /// Whether simple SELECT `s` (one core over plain tables, no ORDER BY, WITH or window)
    /// resolves, `outer` being the tables it may correlate with.
    fn select_resolves(&self, s: &ast::Select, outer: &[Named]) -> bool {
        let SelectCore::Select(c) = &s.first else {
            return false;
        };
        if s.with.is_some() || !s.compounds.is_empty() || !s.order_by.is_empty() {
            return false;
        }
        let own = match &c.from {
            None => Vec::new(),
            Some(f) if f.joins.iter().all(|j| j.constraint.is_none()) => {
                let items = std::iter::once(&f.first).chain(f.joins.iter().map(|j| &j.table));
                match self.plain_tables(items) {
                    Some(t) => t,
                    None => return false,
                }
            }
            Some(_) => return false,
        };
        let limit = s
            .limit
            .iter()
            .flat_map(|l| std::iter::once(&l.limit).chain(&l.offset));
        c.columns.iter().all(|rc| match rc {
            ResultColumn::Expr { expr, .. } => self.resolves(expr, &own, outer, true),
            _ => false,
        }) && c.windows.is_empty()
            && c.where_
                .iter()
                .chain(&c.group_by)
                .chain(limit)
                .all(|e| self.resolves(e, &own, outer, false))
            && c.having.iter().all(|e| self.resolves(e, &own, outer, true))
    }
}

/// Whether column `column` (qualified by `table`) names exactly one column of the `own`
/// tables, or else of the `outer` ones.
fn column_resolves(
    table: Option<&ast::Ident>,
    column: &str,
    own: &[Named],
    outer: &[Named],
) -> bool {
    let has = |t: &Named| t.1.iter().any(|c| c.eq_ignore_ascii_case(column));
    let count = |ts: &[Named]| match table {
        Some(q) => ts
            .iter()
            .filter(|t| t.0.eq_ignore_ascii_case(&q.name))
            .map(|t| usize::from(has(t)) + 2 * usize::from(!has(t)))
            .sum::<usize>(),
        None => ts.iter().filter(|t| has(t)).count(),
    };
    match count(own) {
        1 => true,
        0 => count(outer) == 1,
        _ => false,
    }
}

//! WHERE terms copied into the arms of a `UNION ALL` subquery in FROM, as sqlite3 3.40.1
//! does (its "push-down" of outer WHERE terms into a subquery).
//!
//! The copy matters for more than speed: in an arm, the term reads the arm's own expressions,
//! so comparisons take the affinities of the arm's columns rather than the compound's (those
//! of its first SELECT). The outer term stays where it was, so a row passes only when both
//! the arm's copy and the outer term accept it. With `t0(a, c)` and `t3(a TEXT, b INT)`
//! holding ('0', 0) in t3:
//!
//! ```text
//! SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq
//!   WHERE sq.p <> sq.q;   -- no row from t3: its copy `t3.a <> t3.b` compares 0 with 0
//! ... WHERE sq.p = sq.q;  -- none either: the outer term compares '0' with 0 (no affinity)
//! ```
//!
//! Found by asking sqlite3 3.40.1 (difftest joins seed 1701); there the copy happens only
//! for UNION ALL (not UNION, INTERSECT or EXCEPT), for each AND term that reads nothing but
//! the subquery's columns and calls no non-deterministic function, and not into a subquery
//! with a LIMIT, aggregate arms or VALUES arms; and only into a FROM item that no outer join
//! can NULL-extend (see [`receiving_items`]). Ours is deliberately narrower: no NATURAL
//! join, and nothing in the statement core holds a subquery (the rewritten core is a copy,
//! and subqueries are planned by address).

use crate::parser::ast::{self, Expr, ExprKind, FunctionArgs, ResultColumn, SelectCore};

/// Functions a copied term may call: deterministic, not aggregates.
const PURE: &[&str] = &[
    "abs", "coalesce", "ifnull", "nullif", "typeof", "length", "lower", "upper", "hex", "quote",
    "round", "substr", "trim", "ltrim", "rtrim", "instr", "iif", "sign",
];

/// `core` with its WHERE terms copied into the arms of its UNION ALL FROM subquery, or None
/// when nothing is copied (see the module header for when).
pub(crate) fn push_into_union_all(core: &ast::SelectClause) -> Option<ast::SelectClause> {
    let from = core.from.as_ref()?;
    let where_ = core.where_.as_ref()?;
    let on_subquery = from.joins.iter().any(|j| match &j.constraint {
        Some(ast::JoinConstraint::On(e)) => crate::codegen::int_real::holds_subquery(e),
        _ => false,
    });
    if from.joins.iter().any(|j| j.op.natural) || on_subquery || has_subquery_core(core) {
        return None;
    }
    let receives = receiving_items(core);
    let mut items: Vec<&ast::TableOrSubquery> = vec![&from.first];
    items.extend(from.joins.iter().map(|j| &j.table));
    let single = items.len() == 1;
    // Exactly one subquery, the others plain tables: the copy of `core` shares no subquery.
    let subqueries = items
        .iter()
        .filter(|i| !matches!(i, ast::TableOrSubquery::Table { .. }))
        .count();
    if subqueries != 1 {
        return None;
    }
    for (k, item) in items.iter().enumerate() {
        let ast::TableOrSubquery::Subquery { select, alias, .. } = item else {
            continue;
        };
        if !receives.get(k).copied().unwrap_or(false) {
            continue;
        }
        let Some(names) = union_all_names(select) else {
            continue;
        };
        let mut terms = Vec::new();
        super::split_and(where_, &mut terms);
        let alias = alias.as_ref().map(|a| a.name.as_str());
        let pushed: Vec<&Expr> = terms
            .into_iter()
            .filter(|t| pushable(t, alias, &names, single))
            .collect();
        if pushed.is_empty() {
            continue;
        }
        let mut new_sel = (**select).clone();
        add_terms(&mut new_sel.first, &pushed, alias, &names);
        for (_, arm) in &mut new_sel.compounds {
            add_terms(arm, &pushed, alias, &names);
        }
        let mut out = core.clone();
        let f = out.from.as_mut()?;
        let slot = match k {
            0 => &mut f.first,
            _ => &mut f.joins.get_mut(k - 1)?.table,
        };
        if let ast::TableOrSubquery::Subquery { select, .. } = slot {
            **select = new_sel;
        }
        return Some(out);
    }
    None
}

/// For each FROM item of `core` (the first, then each join's): whether sqlite3 3.40.1 copies
/// WHERE terms into it. Asked of 3.40.1 with a term that the copy changes: not into an item
/// on either side of a RIGHT or FULL JOIN (one before it, or its right operand), nor into the
/// right operand of a LEFT JOIN, unless the WHERE rejects that join's NULL row (then it is an
/// inner join, see [`super::left_inner`]). The left side of a LEFT JOIN receives them (joins
/// seeds 42588, 43660).
fn receiving_items(core: &ast::SelectClause) -> Vec<bool> {
    let Some(from) = &core.from else {
        return Vec::new();
    };
    let made_inner = super::left_inner::left_joins_made_inner(core);
    let outer_right =
        |j: &ast::Join| matches!(j.op.kind, ast::JoinKind::Right | ast::JoinKind::Full);
    // Item 0 is joined by nothing; item k > 0 is joins[k - 1]'s right operand.
    let own = |k: usize| match k.checked_sub(1) {
        None => true,
        Some(i) => match from.joins.get(i) {
            Some(j) if outer_right(j) => false,
            Some(j) if j.op.kind == ast::JoinKind::Left => made_inner.get(i) == Some(&true),
            _ => true,
        },
    };
    (0..=from.joins.len())
        .map(|k| own(k) && !from.joins.iter().skip(k).any(outer_right))
        .collect()
}

/// The subquery's column names when it is a plain UNION ALL of plain SELECTs (no LIMIT, no
/// WITH, no aggregate, DISTINCT-free or not, no VALUES, no `*`, no subquery).
fn union_all_names(sel: &ast::Select) -> Option<Vec<String>> {
    if sel.compounds.is_empty()
        || sel.limit.is_some()
        || sel.with.is_some()
        || sel
            .compounds
            .iter()
            .any(|(op, _)| *op != ast::CompoundOp::UnionAll)
    {
        return None;
    }
    let arms = std::iter::once(&sel.first).chain(sel.compounds.iter().map(|(_, c)| c));
    let mut width = None;
    for arm in arms {
        let SelectCore::Select(c) = arm else {
            return None;
        };
        let plain = c.group_by.is_empty()
            && c.having.is_none()
            && c.windows.is_empty()
            && !has_subquery_core(c);
        let exprs = arm_exprs(c)?;
        if !plain
            || exprs.iter().any(|e| !simple(e))
            || *width.get_or_insert(exprs.len()) != exprs.len()
        {
            return None;
        }
    }
    let SelectCore::Select(first) = &sel.first else {
        return None;
    };
    first
        .columns
        .iter()
        .map(|c| match c {
            ResultColumn::Expr { alias: Some(a), .. } => Some(a.name.clone()),
            ResultColumn::Expr { expr, .. } => match &expr.kind {
                ExprKind::Column { column, .. } => Some(column.name.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The result expressions of an arm, None when it has a `*`.
fn arm_exprs(c: &ast::SelectClause) -> Option<Vec<&Expr>> {
    c.columns
        .iter()
        .map(|c| match c {
            ResultColumn::Expr { expr, .. } => Some(expr),
            _ => None,
        })
        .collect()
}

/// True when `e` only reads columns, literals and [`PURE`] functions.
fn simple(e: &Expr) -> bool {
    let mut ok = true;
    visit(e, &mut |x| match &x.kind {
        ExprKind::Function(f) => {
            let n = f.name.name.to_ascii_lowercase();
            ok &= f.over.is_none()
                && f.filter.is_none()
                && !f.distinct
                && matches!(f.args, FunctionArgs::List(_))
                && PURE.contains(&n.as_str());
        }
        ExprKind::Exists(_)
        | ExprKind::Subquery(_)
        | ExprKind::InSelect { .. }
        | ExprKind::InTable { .. }
        | ExprKind::Raise { .. }
        | ExprKind::Variable { .. } => ok = false,
        ExprKind::Literal(l) => {
            ok &= !matches!(
                l,
                ast::Literal::CurrentTime
                    | ast::Literal::CurrentDate
                    | ast::Literal::CurrentTimestamp
            )
        }
        _ => {}
    });
    ok
}

/// A WHERE term that reads only the subquery's columns (`alias.col`, or a bare `col` when
/// the subquery is the only FROM item) and is [`simple`].
fn pushable(t: &Expr, alias: Option<&str>, names: &[String], single: bool) -> bool {
    if !simple(t) {
        return false;
    }
    let mut ok = true;
    let mut cols = 0;
    visit(t, &mut |x| {
        if let ExprKind::Column { .. } = &x.kind {
            cols += 1;
            ok &= column_index(x, alias, names, single).is_some();
        }
    });
    ok && cols > 0
}

/// The subquery column `e` names, if it names one (see [`pushable`]).
fn column_index(e: &Expr, alias: Option<&str>, names: &[String], single: bool) -> Option<usize> {
    let ExprKind::Column {
        schema,
        table,
        column,
    } = &e.kind
    else {
        return None;
    };
    let qualified_ok = match table {
        Some(t) => schema.is_none() && alias.is_some_and(|a| t.name.eq_ignore_ascii_case(a)),
        None => single,
    };
    if !qualified_ok {
        return None;
    }
    let mut found = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.eq_ignore_ascii_case(&column.name));
    let first = found.next()?.0;
    // An ambiguous name is left to the outer query's resolver.
    found.next().is_none().then_some(first)
}

/// ANDs copies of `terms`, their subquery columns replaced by the arm's expressions, onto
/// the arm's WHERE.
fn add_terms(arm: &mut SelectCore, terms: &[&Expr], alias: Option<&str>, names: &[String]) {
    let SelectCore::Select(c) = arm else {
        return;
    };
    let Some(exprs) = arm_exprs(c).map(|v| v.into_iter().cloned().collect::<Vec<_>>()) else {
        return;
    };
    for t in terms {
        let mut copy = (*t).clone();
        substitute(&mut copy, &|x| {
            column_index(x, alias, names, true).and_then(|i| exprs.get(i).cloned())
        });
        c.where_ = Some(match c.where_.take() {
            None => copy,
            Some(w) => {
                let span = w.span;
                Expr {
                    kind: ExprKind::Binary {
                        left: Box::new(w),
                        op: ast::BinaryOp::And,
                        right: Box::new(copy),
                    },
                    span,
                }
            }
        });
    }
}

/// Calls `f` on `e` and every expression below it (not into subqueries).
fn visit(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    e.for_each_child(|c| visit(c, f));
}

/// Replaces, bottom-up is not needed: each column `repl` maps is replaced whole.
fn substitute(e: &mut Expr, repl: &dyn Fn(&Expr) -> Option<Expr>) {
    if let Some(r) = repl(e) {
        *e = r;
        return;
    }
    let _ = e.try_for_each_child_mut::<()>(&mut |c| {
        substitute(c, repl);
        Ok(())
    });
}

/// True when a result column, the WHERE, GROUP BY or HAVING of `c` holds a subquery.
fn has_subquery_core(c: &ast::SelectClause) -> bool {
    let cols = c.columns.iter().filter_map(|col| match col {
        ResultColumn::Expr { expr, .. } => Some(expr),
        _ => None,
    });
    cols.chain(c.where_.iter())
        .chain(c.group_by.iter())
        .chain(c.having.iter())
        .any(crate::codegen::int_real::holds_subquery)
}

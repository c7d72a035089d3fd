//! The query flattener (optoverview.html, "The Query Flattener"): a FROM subquery or a
//! non-recursive CTE used once that is a plain SELECT is merged into the outer query before
//! the outer SELECT is compiled, as sqlite3 does. Its FROM terms join the outer FROM in its
//! place, its WHERE is ANDed in front of the outer WHERE, and every outer reference to one
//! of its result columns becomes that column's expression.
//!
//! ```text
//! SELECT * FROM (SELECT a, b FROM t WHERE c > 1) WHERE b = 3
//!   ==> SELECT t.a AS a, t.b AS b FROM t WHERE t.c > 1 AND t.b = 3
//!       (sqlite3 and ours: `SEARCH t USING INDEX tb (b=?)`)
//! ```
//!
//! The rewrite is an AST-to-AST copy; it must not change any answer, so it is deliberately
//! narrower than sqlite3's (the shapes left out stay materialized, as before):
//!
//! 1. The subquery: one SELECT (no compound, WITH, LIMIT, DISTINCT, GROUP BY, HAVING,
//!    aggregate or window; an ORDER BY only where sqlite3 drops it: into a join, or under
//!    the ORDER BY of a non-aggregate query), whose FROM is plain tables or views joined by
//!    inner joins (no USING/NATURAL), with no subquery, RAISE or COLLATE in it
//!    (a result column's own collation is implicit, a copied COLLATE would be explicit), and
//!    every column name resolving to exactly one of its own tables (not correlated).
//! 2. The outer query: every FROM term is a plain table or the subquery, joined by inner or
//!    LEFT joins (no USING/NATURAL), with no subquery and no window function anywhere in
//!    it, and no authorizer. On the right of a LEFT JOIN the subquery has one table and bare
//!    columns only (restriction 3), and its WHERE joins the ON.
//! 3. Names stay as they were: no two FROM terms of the result share a name, every outer
//!    column name resolves as before (ambiguous or `rowid` of the subquery: not flattened; a
//!    name that resolved to nothing must not start resolving to a merged table), and result
//!    columns whose expression changed keep their old names through an alias.
//!
//! Affinity and collation are kept because a subquery column's affinity is its expression's
//! (`expr_affinity`), and its collation its expression's (no COLLATE, by rule 1).

use crate::parser::ast::{
    self, BinaryOp, Expr, ExprKind, FromClause, Ident, OrderingTerm, Quote, ResultColumn,
    SelectClause, SelectCore, Span, TableOrSubquery,
};

use super::super::{Compiler, FuncKind};

mod push_down;

/// A flattenable FROM item: its select, name, column names, and (for a view) the text its
/// spans refer to and its database.
type Flattenable<'a> = (ast::Select, String, Vec<String>, Option<(&'a str, usize)>);

/// One plain table of a FROM clause: the name it is known by and its column names.
struct Tbl {
    name: String,
    cols: Vec<(String, bool)>,
    rowid: bool,
}

impl Tbl {
    /// Whether unqualified or `name.`-qualified `col` names a column (or the rowid).
    fn has(&self, col: &str) -> bool {
        self.cols.iter().any(|c| c.0.eq_ignore_ascii_case(col))
            || (self.rowid && is_rowid_name(col))
    }
}

/// The subquery being merged, with its column expressions qualified by their tables.
struct Sub {
    alias: String,
    names: Vec<String>,
    exprs: Vec<Expr>,
    from: FromClause,
    where_: Option<Expr>,
    tables: Vec<Tbl>,
    /// It has an ORDER BY (dropped when merged: see [`Compiler::flatten_once`]).
    ordered: bool,
}

/// What an outer column reference becomes.
enum Fate {
    /// Sub column `i`.
    Sub(usize),
    /// A column of the outer table named so: qualified by that name.
    Table(String),
    /// Not a column of this FROM (an alias or an outer query's): unchanged.
    Leave,
}

fn is_rowid_name(c: &str) -> bool {
    ["rowid", "oid", "_rowid_"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(c))
}

fn ident(name: &str, span: Span) -> Ident {
    Ident {
        name: name.to_string(),
        quote: Quote::None,
        span,
    }
}

fn and(a: Option<Expr>, b: Option<Expr>) -> Option<Expr> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let span = Span::new(a.span.start.min(b.span.start), a.span.end.max(b.span.end));
            Some(Expr {
                kind: ExprKind::Binary {
                    left: Box::new(a),
                    op: BinaryOp::And,
                    right: Box::new(b),
                },
                span,
            })
        }
        (a, b) => a.or(b),
    }
}

/// Calls `f` on every direct child of `e`, mutably; None (without calling `f`) when `e` is a
/// subquery or a window function, so that every expression inside `e` is reached.
fn children_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Expr) -> Option<()>) -> Option<()> {
    use ExprKind::*;
    match &e.kind {
        Exists(_) | Subquery(_) | InSelect { .. } | InTable { .. } => return None,
        Function(fc) if fc.over.is_some() => return None,
        _ => {}
    }
    e.try_for_each_child_mut(&mut |c| f(c).ok_or(())).ok()
}

/// Rewrites every column reference of `e` (post-order) through `f`; None when `f` refuses
/// one or `e` holds a subquery or a window function.
fn map_columns(e: &mut Expr, f: &mut dyn FnMut(&Expr) -> Option<Option<Expr>>) -> Option<()> {
    if matches!(e.kind, ExprKind::Column { .. }) {
        if let Some(new) = f(e)? {
            *e = new;
        }
        return Some(());
    }
    children_mut(e, &mut |c| map_columns(c, f))
}

/// Whether `j` is an inner join (comma, JOIN, CROSS JOIN).
fn is_inner(j: &ast::Join) -> bool {
    matches!(
        j.op.kind,
        ast::JoinKind::Comma | ast::JoinKind::Inner | ast::JoinKind::Cross
    )
}

/// The items of a FROM clause joined by inner joins (and LEFT JOINs when `left`), without
/// USING or NATURAL, in order; None otherwise.
fn inner_items(from: &FromClause, left: bool) -> Option<Vec<&TableOrSubquery>> {
    let mut items = vec![&from.first];
    for j in &from.joins {
        let ok = is_inner(j) || (left && j.op.kind == ast::JoinKind::Left);
        if !ok || j.op.natural || matches!(j.constraint, Some(ast::JoinConstraint::Using(_))) {
            return None;
        }
        items.push(&j.table);
    }
    Some(items)
}

impl<'a> Compiler<'a> {
    /// `core` (with its ORDER BY) after flattening its FROM subqueries, or None when none
    /// can be (see the module header for which).
    pub(super) fn flatten_core(
        &self,
        core: &SelectClause,
        order_by: &[OrderingTerm],
    ) -> Option<(SelectClause, Vec<OrderingTerm>)> {
        let mut out: Option<(SelectClause, Vec<OrderingTerm>)> = None;
        for _ in 0..16 {
            let (c, o) = match &out {
                Some((c, o)) => (c, o.as_slice()),
                None => (core, order_by),
            };
            match self.flatten_once(c, o) {
                Some(next) => out = Some(next),
                None => break,
            }
        }
        out
    }

    /// The schema table `name` names in a FROM clause: none when it is a CTE (or the
    /// recursive CTE being compiled), a view or unknown.
    pub(super) fn schema_table_named(
        &self,
        name: &ast::QualifiedName,
    ) -> Option<std::sync::Arc<crate::schema::Table>> {
        if name.schema.is_none() {
            let k = name.name.name.to_ascii_lowercase();
            if self.recursive_current.iter().any(|r| r.0 == k) || self.find_cte(&k).is_some() {
                return None;
            }
        }
        self.lookup_table(name)
    }

    /// A plain schema table named by FROM item `item` (not a CTE, view or function).
    fn plain_table(&self, item: &TableOrSubquery) -> Option<Tbl> {
        let TableOrSubquery::Table { name, alias, .. } = item else {
            return None;
        };
        let t = self.schema_table_named(name)?;
        Some(Tbl {
            name: alias.as_ref().unwrap_or(&name.name).name.clone(),
            cols: t
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.hidden))
                .collect(),
            rowid: !t.without_rowid,
        })
    }

    /// The select a FROM item flattens from (see [`Flattenable`]).
    fn flattenable_in(&self, item: &TableOrSubquery) -> Option<Flattenable<'a>> {
        if let TableOrSubquery::Table { name, alias, .. } = item {
            let cte = name.schema.is_none() && self.find_cte(&name.name.name).is_some();
            if !cte && self.lookup_table(name).is_none() && self.auth.is_none() {
                if let Some(v) = self.lookup_view(name) {
                    let alias = alias.as_ref().map_or(&v.name, |a| &a.name).clone();
                    let view = Some((v.sql.as_str(), v.db));
                    return Some((v.select.clone(), alias, v.columns.clone(), view));
                }
            }
        }
        let (sel, alias, names) = self.flattenable_plain(item)?;
        Some((sel, alias, names, None))
    }

    /// A FROM subquery or a CTE used once, as [`Self::flattenable_in`].
    fn flattenable_plain(
        &self,
        item: &TableOrSubquery,
    ) -> Option<(ast::Select, String, Vec<String>)> {
        match item {
            TableOrSubquery::Subquery { select, alias, .. } => {
                // An unnamed subquery cannot be named by a qualifier.
                let alias = alias.as_ref().map_or("\u{1}", |a| &a.name).to_string();
                Some(((**select).clone(), alias, Vec::new()))
            }
            TableOrSubquery::Table { name, alias, .. } if name.schema.is_none() => {
                let k = name.name.name.to_ascii_lowercase();
                if self.recursive_current.iter().any(|r| r.0 == k) {
                    return None;
                }
                let def = self.find_cte(&k)?;
                if self.cte_is_recursive(&def.cte)
                    || crate::codegen::cte_uses::reads_itself(&def.cte.select, &k)
                    || def.cte.materialized == ast::Materialized::Yes
                    || self.multi_use_ctes.contains(&k)
                {
                    return None;
                }
                let names = def.cte.columns.iter().map(|c| c.name.clone()).collect();
                let alias = alias.as_ref().unwrap_or(&name.name).name.clone();
                Some(((*def.cte.select).clone(), alias, names))
            }
            _ => None,
        }
    }

    /// Whether `e` holds something rule 1 refuses (or an aggregate, when `results`).
    fn sub_expr_ok(&self, e: &Expr, results: bool) -> bool {
        let mut ok = true;
        super::walk(e, &mut |x| {
            match &x.kind {
                ExprKind::Subquery(_)
                | ExprKind::Exists(_)
                | ExprKind::InSelect { .. }
                | ExprKind::InTable { .. }
                | ExprKind::Raise { .. }
                | ExprKind::Collate { .. } => ok = false,
                // sqlite3 copies a non-deterministic call too: `SELECT * FROM (SELECT
                // random() AS r FROM t) WHERE r = r` returns no row.
                ExprKind::Function(f)
                    if f.over.is_some()
                        || (results && !matches!(self.function_kind(f), Ok(FuncKind::Scalar)))
                        || !f.order_by.is_empty() =>
                {
                    ok = false
                }
                _ => {}
            }
            ok
        });
        ok
    }

    /// Rule 1: the subquery of a FROM item, analyzed; None when it is not flattened.
    fn sub_info(&self, item: &TableOrSubquery) -> Option<Sub> {
        let (sel, alias, col_names, view) = self.flattenable_in(item)?;
        let sql = view.map_or(self.sql, |v| v.0);
        if sel.with.is_some() || !sel.compounds.is_empty() || sel.limit.is_some() {
            return None;
        }
        let SelectCore::Select(core) = &sel.first else {
            return None;
        };
        // A subquery of the subquery is flattened first (`FROM (SELECT * FROM (SELECT ...))`).
        // (Not in a view: the names it gives come from the view's text.)
        let flat = view
            .is_none()
            .then(|| self.flatten_core(core, &[]))
            .flatten();
        let core = flat.as_ref().map(|f| &f.0).unwrap_or(core);
        if core.distinct
            || !core.group_by.is_empty()
            || core.having.is_some()
            || !core.windows.is_empty()
        {
            return None;
        }
        let from = core.from.as_ref()?;
        let items = inner_items(from, false)?;
        if let Some((_, db)) = view {
            // A view's names resolve in its own database: only where they mean the same
            // tables from the outer query.
            let own = self.object_scope(db);
            for i in &items {
                let TableOrSubquery::Table { name, .. } = i else {
                    return None;
                };
                let mine = self.lookup_table(name)?;
                let schema = match &name.schema {
                    None => own,
                    Some(s) => own.db_index(&s.name).and_then(|i| own.db_schema(i))?,
                };
                if !std::sync::Arc::ptr_eq(&schema.table(&name.name.name)?, &mine) {
                    return None;
                }
            }
        }
        let tables: Vec<Tbl> = items
            .into_iter()
            .map(|i| self.plain_table(i))
            .collect::<Option<_>>()?;
        let mut from = from.clone();
        let mut qualify = |e: &Expr| -> Option<Option<Expr>> {
            let ExprKind::Column { table, column, .. } = &e.kind else {
                return Some(None);
            };
            let owner = match table {
                Some(q) => tables
                    .iter()
                    .find(|t| t.name.eq_ignore_ascii_case(&q.name) && t.has(&column.name))?,
                None => {
                    let mut m = tables.iter().filter(|t| t.has(&column.name));
                    let t = m.next()?;
                    if m.next().is_some() {
                        return None;
                    }
                    t
                }
            };
            Some(Some(Expr {
                kind: ExprKind::Column {
                    schema: None,
                    table: Some(ident(&owner.name, column.span)),
                    column: column.clone(),
                },
                span: e.span,
            }))
        };
        for j in &mut from.joins {
            if let Some(ast::JoinConstraint::On(e)) = &mut j.constraint {
                if !self.sub_expr_ok(e, false) {
                    return None;
                }
                map_columns(e, &mut qualify)?;
            }
        }
        let mut where_ = core.where_.clone();
        if let Some(w) = &mut where_ {
            if !self.sub_expr_ok(w, false) {
                return None;
            }
            map_columns(w, &mut qualify)?;
        }
        let mut names = Vec::new();
        let mut exprs = Vec::new();
        for rc in &core.columns {
            match rc {
                ResultColumn::Expr { expr, alias, .. } => {
                    if !self.sub_expr_ok(expr, true) {
                        return None;
                    }
                    let mut e = expr.clone();
                    map_columns(&mut e, &mut qualify)?;
                    let name = match (alias, &expr.kind) {
                        (Some(a), _) => a.name.clone(),
                        // sqlite3 names a subquery's column as written (`B` for `b`).
                        (None, ExprKind::Column { column, .. }) => column.name.clone(),
                        (None, _) => expr.span.text(sql).to_string(),
                    };
                    names.push(name);
                    exprs.push(e);
                }
                ResultColumn::Star { span } => {
                    for t in &tables {
                        star_of(t, *span, &mut names, &mut exprs);
                    }
                }
                ResultColumn::TableStar { table, span } => {
                    let t = tables
                        .iter()
                        .find(|t| t.name.eq_ignore_ascii_case(&table.name))?;
                    star_of(t, *span, &mut names, &mut exprs);
                }
            }
        }
        if !col_names.is_empty() {
            if col_names.len() != names.len() {
                return None;
            }
            names = col_names;
        }
        let dup = names
            .iter()
            .enumerate()
            .any(|(i, n)| names[..i].iter().any(|m| m.eq_ignore_ascii_case(n)));
        if dup {
            return None;
        }
        Some(Sub {
            ordered: !sel.order_by.is_empty(),
            alias,
            names,
            exprs,
            from,
            where_,
            tables,
        })
    }

    /// Whether `core` is an aggregate query (GROUP BY, HAVING, or an aggregate call).
    fn outer_is_agg(&self, core: &SelectClause) -> bool {
        !core.group_by.is_empty()
            || core.having.is_some()
            || core.columns.iter().any(|c| match c {
                ResultColumn::Expr { expr, .. } => self.contains_aggregate(expr),
                _ => false,
            })
    }

    /// Rule 3: what outer column reference `e` becomes; None to refuse flattening.
    fn fate(tables: &[(usize, Tbl)], sub: &Sub, e: &Expr) -> Option<Fate> {
        let ExprKind::Column {
            schema,
            table,
            column,
        } = &e.kind
        else {
            return Some(Fate::Leave);
        };
        let c = &column.name;
        let sub_pos = || sub.names.iter().position(|n| n.eq_ignore_ascii_case(c));
        let in_merged = |q: &str| sub.tables.iter().any(|t| t.name.eq_ignore_ascii_case(q));
        match table {
            Some(q) if schema.is_some() => {
                if q.name.eq_ignore_ascii_case(&sub.alias) || in_merged(&q.name) {
                    return None;
                }
                Some(Fate::Leave)
            }
            Some(q) if q.name.eq_ignore_ascii_case(&sub.alias) => sub_pos().map(Fate::Sub),
            Some(q) => {
                if in_merged(&q.name) {
                    return None;
                }
                Some(Fate::Leave)
            }
            // An unqualified rowid name stays as it was resolved (it could be ambiguous).
            None if is_rowid_name(c) && sub_pos().is_none() => {
                let real = |t: &Tbl| t.cols.iter().any(|x| x.0.eq_ignore_ascii_case(c));
                let merged = sub.tables.iter().any(|t| t.has(c));
                let outer = tables.iter().any(|t| t.1.has(c) && !real(&t.1));
                if merged || outer {
                    return None;
                }
                Some(Fate::Leave)
            }
            None => {
                let mut found: Vec<Fate> = tables
                    .iter()
                    .filter(|t| t.1.has(c))
                    .map(|t| Fate::Table(t.1.name.clone()))
                    .collect();
                if let Some(i) = sub_pos() {
                    found.push(Fate::Sub(i));
                }
                match found.len() {
                    0 if sub.tables.iter().any(|t| t.has(c)) => None,
                    0 => Some(Fate::Leave),
                    1 => found.pop(),
                    _ => None,
                }
            }
        }
    }

    /// One flattening step: the first flattenable subquery of `core` merged in.
    fn flatten_once(
        &self,
        core: &SelectClause,
        order_by: &[OrderingTerm],
    ) -> Option<(SelectClause, Vec<OrderingTerm>)> {
        let from = core.from.as_ref()?;
        if !core.windows.is_empty() {
            return None;
        }
        if self.auth.is_some() {
            // The authorizer sees each SELECT and its reads as written.
            return None;
        }
        let items = inner_items(from, true)?;
        // Not the right side of a LEFT JOIN (flattener restriction 3).
        let (k, sub) = items
            .iter()
            .enumerate()
            .find_map(|(i, item)| Some((i, self.sub_info(item)?)))?;
        // On the right of a LEFT JOIN (flattener restriction 3): one table, bare columns
        // (a NULL row of the table must give NULL in every column), WHERE into the ON.
        let right_of_left = k > 0 && !is_inner(&from.joins[k - 1]);
        if right_of_left
            && (sub.tables.len() != 1
                || sub.ordered
                || sub
                    .exprs
                    .iter()
                    .any(|e| !matches!(e.kind, ExprKind::Column { .. })))
        {
            return None;
        }
        // sqlite3 drops the subquery's ORDER BY when it merges it into a join or under an
        // ORDER BY of a query that is not an aggregate.
        if sub.ordered && items.len() < 2 && (order_by.is_empty() || self.outer_is_agg(core)) {
            return None;
        }
        let mut tables = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if i != k {
                tables.push((i, self.plain_table(item)?));
            }
        }
        // No two FROM terms of the result may share a name.
        let all: Vec<&str> = tables
            .iter()
            .map(|t| t.1.name.as_str())
            .chain(sub.tables.iter().map(|t| t.name.as_str()))
            .collect();
        let clash = all
            .iter()
            .enumerate()
            .any(|(i, n)| all[..i].iter().any(|m| m.eq_ignore_ascii_case(n)));
        if clash {
            return None;
        }
        let mut subst = |e: &Expr| -> Option<Option<Expr>> {
            let ExprKind::Column { column, .. } = &e.kind else {
                return Some(None);
            };
            Some(match Self::fate(&tables, &sub, e)? {
                Fate::Leave => None,
                Fate::Sub(i) => Some(sub.exprs[i].clone()),
                Fate::Table(t) => Some(Expr {
                    kind: ExprKind::Column {
                        schema: None,
                        table: Some(ident(&t, column.span)),
                        column: column.clone(),
                    },
                    span: e.span,
                }),
            })
        };
        let mut out = core.clone();
        // Result columns: `*` spelt out, changed expressions keep their names.
        let mut columns = Vec::new();
        for rc in &core.columns {
            match rc {
                ResultColumn::Star { span } => {
                    for (i, item) in items.iter().enumerate() {
                        if i == k {
                            sub_columns(&sub, *span, &mut columns);
                        } else {
                            let t = &tables.iter().find(|t| t.0 == i)?.1;
                            columns.push(ResultColumn::TableStar {
                                table: ident(&t.name, *span),
                                span: *span,
                            });
                            let _ = item;
                        }
                    }
                }
                ResultColumn::TableStar { table, span }
                    if table.name.eq_ignore_ascii_case(&sub.alias) =>
                {
                    sub_columns(&sub, *span, &mut columns)
                }
                ResultColumn::TableStar { .. } => columns.push(rc.clone()),
                ResultColumn::Expr { expr, alias, span } => {
                    let mut e = expr.clone();
                    map_columns(&mut e, &mut subst)?;
                    let alias = match alias {
                        Some(a) => Some(a.clone()),
                        None if e == *expr => None,
                        None => match Self::fate(&tables, &sub, expr)? {
                            Fate::Sub(i) => Some(ident(&sub.names[i], expr.span)),
                            Fate::Table(_) => None,
                            Fate::Leave => Some(ident(expr.span.text(self.sql), expr.span)),
                        },
                    };
                    columns.push(ResultColumn::Expr {
                        expr: e,
                        alias,
                        span: *span,
                    });
                }
            }
        }
        out.columns = columns;
        // FROM: the subquery's terms in its place; an ON of its join moves to the WHERE.
        let mut moved_on = None;
        let mut new_from: Option<FromClause> = None;
        let push = |from: &mut Option<FromClause>, j: ast::Join| match from {
            None => {
                *from = Some(FromClause {
                    first: j.table,
                    joins: Vec::new(),
                    span: j.span,
                })
            }
            Some(f) => f.joins.push(j),
        };
        let joins = std::iter::once(None).chain(from.joins.iter().map(Some));
        for (i, j) in joins.enumerate() {
            let mut j = match j {
                Some(j) => j.clone(),
                None => ast::Join {
                    op: ast::JoinOp {
                        natural: false,
                        kind: ast::JoinKind::Comma,
                    },
                    table: from.first.clone(),
                    constraint: None,
                    span: from.span,
                },
            };
            if let Some(ast::JoinConstraint::On(e)) = &mut j.constraint {
                map_columns(e, &mut subst)?;
            }
            if i != k {
                push(&mut new_from, j);
                continue;
            }
            let on = match j.constraint.take() {
                Some(ast::JoinConstraint::On(e)) => Some(e),
                _ => None,
            };
            let constraint = match right_of_left {
                true => and(sub.where_.clone(), on).map(ast::JoinConstraint::On),
                false => {
                    moved_on = on;
                    None
                }
            };
            let first = ast::Join {
                op: j.op,
                table: sub.from.first.clone(),
                constraint,
                span: j.span,
            };
            push(&mut new_from, first);
            for sj in &sub.from.joins {
                push(&mut new_from, sj.clone());
            }
        }
        out.from = new_from;
        let mut where_ = core.where_.clone();
        if let Some(w) = &mut where_ {
            map_columns(w, &mut subst)?;
        }
        let sub_where = sub.where_.clone().filter(|_| !right_of_left);
        out.where_ = and(and(sub_where, moved_on), where_);
        for g in &mut out.group_by {
            map_columns(g, &mut subst)?;
        }
        if let Some(h) = &mut out.having {
            map_columns(h, &mut subst)?;
        }
        let aliases: Vec<&str> = core
            .columns
            .iter()
            .filter_map(|c| match c {
                ResultColumn::Expr { alias: Some(a), .. } => Some(a.name.as_str()),
                _ => None,
            })
            .collect();
        let mut order = order_by.to_vec();
        for o in &mut order {
            // A bare name of a result alias names that result column.
            if let ExprKind::Column {
                table: None,
                column,
                ..
            } = &o.expr.kind
            {
                if aliases.iter().any(|a| a.eq_ignore_ascii_case(&column.name)) {
                    continue;
                }
            }
            // Inside an expression such a name could mean either: not flattened.
            let is_alias = |e: &Expr| match &e.kind {
                ExprKind::Column {
                    table: None,
                    column,
                    ..
                } => aliases.iter().any(|a| a.eq_ignore_ascii_case(&column.name)),
                _ => false,
            };
            let mut seen = false;
            super::walk(&o.expr, &mut |e| {
                seen |= is_alias(e);
                !seen
            });
            if seen {
                return None;
            }
            map_columns(&mut o.expr, &mut subst)?;
        }
        Some((out, order))
    }
}

/// The columns of table `t` as `*` lists them, qualified.
fn star_of(t: &Tbl, span: Span, names: &mut Vec<String>, exprs: &mut Vec<Expr>) {
    for (c, hidden) in &t.cols {
        if *hidden {
            continue;
        }
        names.push(c.clone());
        exprs.push(Expr {
            kind: ExprKind::Column {
                schema: None,
                table: Some(ident(&t.name, span)),
                column: ident(c, span),
            },
            span,
        });
    }
}

/// The subquery's columns as outer result columns, each named as the subquery named it.
fn sub_columns(sub: &Sub, span: Span, out: &mut Vec<ResultColumn>) {
    for (e, n) in sub.exprs.iter().zip(&sub.names) {
        out.push(ResultColumn::Expr {
            expr: e.clone(),
            alias: Some(ident(n, span)),
            span,
        });
    }
}

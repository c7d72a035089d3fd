//! The affinity of a scalar subquery `(SELECT x ...)`, read from the select's text without
//! compiling it (datatype3.html §3.2: such an expression has the affinity of its result column).
//!
//! The first result column decides: a CAST has its type's affinity; a plain column has the
//! affinity of the column it names in the subquery's FROM clause, where a table gives its
//! declared column affinity and a view or a FROM subquery is followed to the result column of
//! that name (a view column `x.a` reading a BLOB column has BLOB affinity, as the table's
//! would; `*` is followed to the FROM items). Anything else, or a name that cannot be placed
//! for sure (a CTE, a table-valued function, two sources with the column), has no affinity.
//!
//! It must not touch code generation: it only reads the schema and the AST.

use crate::parser::ast::{self, Expr, ExprKind};
use crate::schema::Schema;
use crate::value::affinity::Affinity;

use super::expr::type_affinity;
use super::Compiler;

/// How far views and FROM subqueries are followed before giving up.
const MAX_DEPTH: usize = 16;

/// Where the names of a select resolve: a schema, and the CTE names that hide its tables.
struct Names<'s> {
    schema: &'s Schema,
    ctes: Vec<String>,
}

impl Names<'_> {
    fn is_cte(&self, name: &ast::QualifiedName) -> bool {
        name.schema.is_none()
            && self
                .ctes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&name.name.name))
    }
}

/// What a source says of a column name.
enum Lookup {
    /// The source has no column of that name.
    Missing,
    /// The source has it, with this affinity.
    Found(Option<Affinity>),
    /// The source may have it but cannot say for sure (a CTE, a table-valued function).
    Unknown,
}

impl Compiler<'_> {
    /// The affinity of the scalar subquery `s`: its first result column's (see the header).
    pub(crate) fn subquery_affinity(&self, s: &ast::Select) -> Option<Affinity> {
        let ast::SelectCore::Select(c) = &s.first else {
            return None;
        };
        let Some(ast::ResultColumn::Expr { expr, .. }) = c.columns.first() else {
            return None;
        };
        let mut ctes: Vec<String> = self.ctes.iter().flat_map(|f| f.keys().cloned()).collect();
        if let Some(w) = &s.with {
            ctes.extend(w.ctes.iter().map(|c| c.name.name.clone()));
        }
        let names = Names {
            schema: self.schema,
            ctes,
        };
        self.core_expr_affinity(&names, c, expr, MAX_DEPTH)
    }

    /// The affinity of result expression `e` of select core `c`, whose names resolve in
    /// `names`.
    fn core_expr_affinity(
        &self,
        names: &Names<'_>,
        c: &ast::SelectClause,
        e: &Expr,
        depth: usize,
    ) -> Option<Affinity> {
        match &e.kind {
            ExprKind::Cast { type_name, .. } => Some(type_affinity(type_name)),
            ExprKind::Collate { expr, .. } => self.core_expr_affinity(names, c, expr, depth),
            ExprKind::Column { table, column, .. } => {
                let from = c.from.as_ref()?;
                match self.column_in_from(names, from, table.as_ref(), &column.name, depth) {
                    Lookup::Found(a) => a,
                    Lookup::Missing | Lookup::Unknown => None,
                }
            }
            _ => None,
        }
    }

    /// What the items of `from` say of column `column` (of the source labelled `table`, when
    /// given): found when exactly one item surely has it.
    fn column_in_from(
        &self,
        names: &Names<'_>,
        from: &ast::FromClause,
        table: Option<&ast::Ident>,
        column: &str,
        depth: usize,
    ) -> Lookup {
        let items = std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table));
        let mut found = None;
        for item in items {
            let label = match item {
                ast::TableOrSubquery::Table { name, alias, .. } => {
                    Some(alias.as_ref().map_or(&name.name.name, |a| &a.name))
                }
                _ => item.alias().map(|a| &a.name),
            };
            if table.is_some_and(|t| !label.is_some_and(|l| t.matches(l))) {
                continue;
            }
            match self.item_column(names, item, column, depth) {
                Lookup::Missing => {}
                Lookup::Unknown => return Lookup::Unknown,
                Lookup::Found(_) if found.is_some() => return Lookup::Unknown,
                Lookup::Found(a) => found = Some(a),
            }
        }
        found.map_or(Lookup::Missing, Lookup::Found)
    }

    /// What FROM item `item` says of its column `column`.
    fn item_column(
        &self,
        names: &Names<'_>,
        item: &ast::TableOrSubquery,
        column: &str,
        depth: usize,
    ) -> Lookup {
        match item {
            ast::TableOrSubquery::Table { name, .. } => {
                if names.is_cte(name) {
                    return Lookup::Unknown;
                }
                if let Some(t) = names.schema.table(&name.name.name) {
                    return match t.column_index(column) {
                        Some(ci) => Lookup::Found(Some(t.columns[ci].affinity)),
                        None => Lookup::Missing,
                    };
                }
                let key = name.name.name.to_ascii_lowercase();
                match names.schema.views.get(&key) {
                    Some(v) if depth > 0 => {
                        // A view's names resolve in its own database, out of reach of CTEs.
                        let inner = Names {
                            schema: self.object_scope(v.db),
                            ctes: Vec::new(),
                        };
                        self.select_column(&inner, &v.select, &v.columns, column, depth - 1)
                    }
                    _ => Lookup::Unknown,
                }
            }
            ast::TableOrSubquery::Subquery { select, .. } if depth > 0 => {
                self.select_column(names, select, &[], column, depth - 1)
            }
            _ => Lookup::Unknown,
        }
    }

    /// What select `sel` (of a view whose column list is `view_columns`, or a FROM subquery when it
    /// is empty) says of its result column `column`.
    fn select_column(
        &self,
        names: &Names<'_>,
        sel: &ast::Select,
        view_columns: &[String],
        column: &str,
        depth: usize,
    ) -> Lookup {
        let ast::SelectCore::Select(c) = &sel.first else {
            return Lookup::Unknown;
        };
        if sel.with.is_some() {
            return Lookup::Unknown;
        }
        let pick = |rc: &ast::ResultColumn| match rc {
            ast::ResultColumn::Expr { expr, .. } => {
                Lookup::Found(self.core_expr_affinity(names, c, expr, depth))
            }
            _ => Lookup::Unknown,
        };
        if !view_columns.is_empty() {
            return match view_columns
                .iter()
                .position(|n| n.eq_ignore_ascii_case(column))
            {
                Some(i) => c.columns.get(i).map_or(Lookup::Unknown, pick),
                None => Lookup::Missing,
            };
        }
        for rc in &c.columns {
            let named = match rc {
                ast::ResultColumn::Expr { expr, alias, .. } => match (alias, &expr.kind) {
                    (Some(a), _) => a.matches(column),
                    (None, ExprKind::Column { column: col, .. }) => col.matches(column),
                    (None, _) => false,
                },
                ast::ResultColumn::Star { .. } | ast::ResultColumn::TableStar { .. } => {
                    let Some(from) = c.from.as_ref() else {
                        return Lookup::Unknown;
                    };
                    let table = match rc {
                        ast::ResultColumn::TableStar { table, .. } => Some(table),
                        _ => None,
                    };
                    match self.column_in_from(names, from, table, column, depth) {
                        Lookup::Missing => continue,
                        found => return found,
                    }
                }
            };
            if named {
                return pick(rc);
            }
        }
        Lookup::Missing
    }
}

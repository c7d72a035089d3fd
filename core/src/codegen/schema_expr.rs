//! Prepare-time checks of the expressions a schema stores: CHECK constraints, generated
//! columns, index expressions and partial-index WHERE clauses (sqlite3 3.40.1, asked through
//! the shell; pinned in `tests/difftest/tests/gaps.rs`).
//!
//! Each expression may name only columns of its own table; what else it may hold depends on
//! where it is stored ([`SchemaExpr`]):
//!
//! | refused                                  | CHECK | generated | index expr | partial WHERE |
//! |------------------------------------------|-------|-----------|------------|---------------|
//! | parameters, subqueries                   | yes   | yes       | yes        | yes           |
//! | aggregates, window functions, FILTER     | yes   | yes       | yes        | yes           |
//! | non-deterministic functions, `CURRENT_*` | no    | yes       | yes        | yes           |
//! | the `.` operator (`t.a`)                 | no    | yes       | yes        | no            |
//! | the rowid's names                        | no    | yes       | yes        | no            |
//!
//! Which error is reported when there are several follows sqlite3's resolver:
//!
//! 1. One expression is walked in pre-order (a function call before its arguments; its FILTER
//!    and OVER clauses are not walked). A column that does not resolve, a parameter and a
//!    subquery stop the walk ("fatal"); the other errors (function errors, `.`,
//!    non-deterministic) are "soft": the walk goes on and a later error replaces them,
//!    until a literal is met (the walk then stops).
//! 2. A table's CHECK constraints are checked in declaration order and the first failing one
//!    is reported; then its generated columns, each failing one replacing the error so far
//!    (the last wins, over any CHECK error).
//! 3. An index's key expressions in order (the first failing one is reported), then its
//!    WHERE clause.
//!
//! In CHECK constraints and partial-index WHERE clauses a schema name before `table.column`
//! is ignored (and left out of the message); elsewhere it must be `main`.

use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind, Literal};
use crate::schema::Table;

use super::{Compiler, FuncKind};

/// Where a schema expression is stored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemaExpr {
    Check,
    Generated,
    IndexExpr,
    PartialWhere,
}

impl SchemaExpr {
    /// The tail of sqlite3's "... prohibited in X" messages.
    fn what(self) -> &'static str {
        match self {
            SchemaExpr::Check => "CHECK constraints",
            SchemaExpr::Generated => "generated columns",
            SchemaExpr::IndexExpr => "index expressions",
            SchemaExpr::PartialWhere => "partial index WHERE clauses",
        }
    }

    /// CHECK and partial-index WHERE resolve names as a query over the table does.
    fn query_like(self) -> bool {
        matches!(self, SchemaExpr::Check | SchemaExpr::PartialWhere)
    }

    fn prohibited(self, thing: &str) -> Error {
        Error::sql(format!("{thing} prohibited in {}", self.what()))
    }
}

/// One walk over one expression (rule 1 of the module header).
struct Walk<'a, 'c> {
    c: &'a Compiler<'c>,
    t: &'a Table,
    ctx: SchemaExpr,
    err: Option<Error>,
    stopped: bool,
    /// FILTER and OVER expressions of the calls met so far, not to be walked.
    skip: Vec<*const Expr>,
}

impl Walk<'_, '_> {
    /// Visits `e` (before its children); returns whether to walk its children.
    fn visit(&mut self, e: &Expr) -> bool {
        if self.stopped || self.skip.contains(&(e as *const Expr)) {
            return false;
        }
        let at = e.span.start;
        match &e.kind {
            ExprKind::Column {
                schema,
                table,
                column,
            } => self.column(schema.as_ref(), table.as_ref(), column, at),
            ExprKind::Variable { .. } => self.fatal(self.ctx.prohibited("parameters"), at),
            ExprKind::Exists(_)
            | ExprKind::Subquery(_)
            | ExprKind::InSelect { .. }
            | ExprKind::InTable { .. } => self.fatal(self.ctx.prohibited("subqueries"), at),
            ExprKind::Literal(
                Literal::CurrentTime | Literal::CurrentDate | Literal::CurrentTimestamp,
            ) if self.ctx != SchemaExpr::Check => {
                self.err = Some(
                    self.ctx
                        .prohibited("non-deterministic functions")
                        .with_offset(at),
                );
            }
            // Observed: once an error is pending, a literal ends the walk (`nosuch(1, y)`
            // reports the function, `nosuch(x, y)` the column).
            // Not after "wrong number of arguments" (`abs(x,1) + y` reports the column).
            ExprKind::Literal(_)
                if self
                    .err
                    .as_ref()
                    .is_some_and(|e| !e.message.starts_with("wrong number")) =>
            {
                self.stopped = true
            }
            ExprKind::Function(fc) => self.function(fc),
            _ => {}
        }
        !self.stopped
    }

    fn fatal(&mut self, err: Error, at: usize) {
        self.err = Some(err.with_offset(at));
        self.stopped = true;
    }

    fn column(
        &mut self,
        schema: Option<&ast::Ident>,
        table: Option<&ast::Ident>,
        column: &ast::Ident,
        at: usize,
    ) {
        let query_like = self.ctx.query_like();
        if table.is_some() && !query_like {
            self.err = Some(self.ctx.prohibited("the \".\" operator").with_offset(at));
        }
        let schema_ok = query_like || schema.is_none_or(|s| s.matches("main"));
        let table_ok = table.is_none_or(|q| q.matches(&self.t.name));
        let known = self.t.column_index(&column.name).is_some()
            || (query_like && self.t.is_rowid_name(&column.name));
        // A double-quoted name that is no column is a string.
        let string = table.is_none() && column.quote == ast::Quote::Double;
        if (schema_ok && table_ok && known) || string {
            return;
        }
        let mut full = String::new();
        for q in [schema.filter(|_| !query_like), table]
            .into_iter()
            .flatten()
        {
            full.push_str(&q.name);
            full.push('.');
        }
        full.push_str(&column.name);
        self.fatal(Error::sql(format!("no such column: {full}")), at);
    }

    /// A call's own errors (soft); marks its FILTER and OVER expressions not to be walked.
    fn function(&mut self, fc: &ast::FunctionCall) {
        self.skip
            .extend(fc.filter.iter().map(|x| &**x as *const Expr));
        self.skip
            .extend(fc.order_by.iter().map(|o| &o.expr as *const Expr));
        if let Some(ast::Over::Spec(s)) = &fc.over {
            let exprs = s
                .partition_by
                .iter()
                .chain(s.order_by.iter().map(|o| &o.expr));
            self.skip.extend(exprs.map(|x| x as *const Expr));
        }
        let name = &fc.name.name;
        let at = fc.name.span.start;
        let err = match self.c.function_kind(fc) {
            Err(e) => Some(e),
            Ok(FuncKind::Scalar) if fc.over.is_some() => Some(Error::sql(format!(
                "{name}() may not be used as a window function"
            ))),
            Ok(FuncKind::Scalar) if fc.filter.is_some() => Some(Error::sql(format!(
                "FILTER may not be used with non-aggregate {name}()"
            ))),
            Ok(FuncKind::Scalar)
                if self.ctx != SchemaExpr::Check
                    && super::generated::NON_DETERMINISTIC
                        .contains(&name.to_ascii_lowercase().as_str()) =>
            {
                Some(self.ctx.prohibited("non-deterministic functions"))
            }
            Ok(FuncKind::Scalar) => None,
            Ok(FuncKind::Aggregate) if fc.over.is_none() => {
                Some(Error::sql(format!("misuse of aggregate function {name}()")))
            }
            Ok(_) => Some(Error::sql(format!("misuse of window function {name}()"))),
        };
        if let Some(e) = err {
            self.err = Some(if e.offset.is_some() {
                e
            } else {
                e.with_offset(at)
            });
        }
    }
}

impl Compiler<'_> {
    /// The error sqlite3 reports for schema expression `e` of table `t` stored as `ctx`
    /// (rule 1 of the module header), if any.
    pub(crate) fn schema_expr_error(&self, t: &Table, e: &Expr, ctx: SchemaExpr) -> Option<Error> {
        let mut w = Walk {
            c: self,
            t,
            ctx,
            err: None,
            stopped: false,
            skip: Vec::new(),
        };
        super::select::walk_pub(e, &mut |x| w.visit(x));
        w.err
    }

    /// CREATE TABLE: checks the CHECK constraints and generated columns of `t` (rule 2).
    pub(crate) fn check_table_exprs(&self, t: &Table) -> Result<()> {
        let check = t
            .checks
            .iter()
            .find_map(|c| self.schema_expr_error(t, &c.expr, SchemaExpr::Check));
        let generated = t
            .columns
            .iter()
            .filter_map(|c| c.generated.as_ref())
            .filter_map(|e| self.schema_expr_error(t, e, SchemaExpr::Generated))
            .last();
        generated.or(check).map_or(Ok(()), Err)
    }

    /// CREATE INDEX on `t`: checks its key expressions, then its WHERE clause (rule 3).
    pub(crate) fn check_index_exprs(&self, t: &Table, ci: &ast::CreateIndex) -> Result<()> {
        let keys = ci.columns.iter().map(|c| (&c.expr, SchemaExpr::IndexExpr));
        let mut all = keys.chain(ci.where_.iter().map(|w| (w, SchemaExpr::PartialWhere)));
        all.find_map(|(e, ctx)| self.schema_expr_error(t, e, ctx))
            .map_or(Ok(()), Err)
    }
}

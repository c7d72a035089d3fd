//! SELECT: WITH clauses, compound selects, cores, result columns, FROM/joins, ORDER BY/LIMIT.
//!
//! As in SQLite, a core written before a compound operator may not carry its own ORDER BY or
//! LIMIT (`ORDER BY clause should come after UNION not before`), and every row of a VALUES
//! list must have the same arity (`all VALUES must have the same number of terms`).

use super::ast::*;
use super::keywords::Kw;
use super::parser::Parser;
use super::token::Tk;
use crate::error::{Error, Result};

/// Parser-stack cost of an open SELECT (see `Parser::nested`).
const SELECT_COST: u32 = 4;

/// SQLite's `SQLITE_MAX_COLUMN`: also the limit on GROUP BY/ORDER BY terms and SET lists.
pub(crate) const MAX_COLUMN: usize = 2000;

/// SQLite's `SQLITE_MAX_COMPOUND_SELECT`.
const MAX_COMPOUND_SELECT: usize = 500;

impl<'a> Parser<'a> {
    /// `[WITH ...] select-core [compound-op select-core]... [ORDER BY ...] [LIMIT ...]`
    pub fn select(&mut self) -> Result<Select> {
        let start = self.pos();
        let saved = std::mem::replace(&mut self.in_nested_from, false);
        let r = self.select_nested(start);
        self.in_nested_from = saved;
        r
    }

    fn select_nested(&mut self, start: usize) -> Result<Select> {
        self.nested(SELECT_COST, |p| {
            if p.at_kw(Kw::With) {
                let w = p.with_clause()?;
                p.select_after_with(Some(w), start)
            } else {
                p.select_after_with(None, start)
            }
        })
    }

    /// `WITH [RECURSIVE] cte, ...`
    pub(crate) fn with_clause(&mut self) -> Result<With> {
        let start = self.pos();
        self.expect_kw(Kw::With)?;
        let recursive = self.eat_kw(Kw::Recursive);
        let mut ctes = vec![self.cte()?];
        while self.eat(Tk::Comma) {
            ctes.push(self.cte()?);
        }
        Ok(With {
            recursive,
            ctes,
            span: self.span_from(start),
        })
    }

    fn cte(&mut self) -> Result<Cte> {
        let start = self.pos();
        let name = self.nm()?;
        let columns = if self.at(Tk::LParen) {
            self.eid_list()?
        } else {
            Vec::new()
        };
        self.expect_kw(Kw::As)?;
        let materialized = if self.eat_kw(Kw::Materialized) {
            Materialized::Yes
        } else if self.at_kw(Kw::Not) {
            self.advance();
            self.expect_kw(Kw::Materialized)?;
            Materialized::No
        } else {
            Materialized::Any
        };
        self.expect(Tk::LParen)?;
        let select = Box::new(self.select()?);
        self.expect(Tk::RParen)?;
        Ok(Cte {
            name,
            columns,
            materialized,
            select,
            span: self.span_from(start),
        })
    }

    /// The rest of a SELECT after its (optional, already parsed) WITH clause.
    pub(crate) fn select_after_with(&mut self, with: Option<With>, start: usize) -> Result<Select> {
        let first = self.select_core()?;
        let mut compounds = Vec::new();
        let mut order_by = Vec::new();
        let mut limit = None;
        loop {
            let is_values = matches!(
                compounds.last().map_or(&first, |(_, c)| c),
                SelectCore::Values { .. }
            );
            if !is_values {
                order_by = self.order_by_opt()?;
                limit = self.limit_opt()?;
            }
            let op = match self.kind() {
                Tk::Kw(Kw::Union) => {
                    self.advance();
                    if self.eat_kw(Kw::All) {
                        CompoundOp::UnionAll
                    } else {
                        CompoundOp::Union
                    }
                }
                Tk::Kw(Kw::Intersect) => {
                    self.advance();
                    CompoundOp::Intersect
                }
                Tk::Kw(Kw::Except) => {
                    self.advance();
                    CompoundOp::Except
                }
                _ => break,
            };
            let core = self.select_core()?;
            if !order_by.is_empty() || limit.is_some() {
                let what = if order_by.is_empty() {
                    "LIMIT"
                } else {
                    "ORDER BY"
                };
                let e = Error::sql(format!(
                    "{what} clause should come after {} not before",
                    compound_name(op)
                ));
                let nested = self.open_parens > 0;
                return Err(self.error_on_reduce(e, |k| follows_select(k, nested)));
            }
            compounds.push((op, core));
        }
        if compounds.len() >= MAX_COMPOUND_SELECT {
            return Err(Error::sql("too many terms in compound SELECT"));
        }
        Ok(Select {
            with,
            first,
            compounds,
            order_by,
            limit,
            span: self.span_from(start),
        })
    }

    fn order_by_opt(&mut self) -> Result<Vec<OrderingTerm>> {
        if self.at_kw(Kw::Order) {
            self.advance();
            self.expect_kw(Kw::By)?;
            let terms = self.sort_list()?;
            if terms.len() > MAX_COLUMN {
                self.defer(Error::sql("too many terms in ORDER BY clause"));
            }
            return Ok(terms);
        }
        Ok(Vec::new())
    }

    /// `LIMIT expr [OFFSET expr | , expr]`
    pub(crate) fn limit_opt(&mut self) -> Result<Option<Limit>> {
        if !self.eat_kw(Kw::Limit) {
            return Ok(None);
        }
        let first = self.expr()?;
        if self.eat_kw(Kw::Offset) {
            let offset = self.expr()?;
            return Ok(Some(Limit {
                limit: first,
                offset: Some(offset),
            }));
        }
        if self.eat(Tk::Comma) {
            let limit = self.expr()?;
            return Ok(Some(Limit {
                limit,
                offset: Some(first),
            }));
        }
        Ok(Some(Limit {
            limit: first,
            offset: None,
        }))
    }

    /// `SELECT ...` or `VALUES ...`
    fn select_core(&mut self) -> Result<SelectCore> {
        if self.at_kw(Kw::Values) {
            return self.values();
        }
        let start = self.pos();
        self.expect_kw(Kw::Select)?;
        let distinct = if self.eat_kw(Kw::Distinct) {
            true
        } else {
            self.eat_kw(Kw::All);
            false
        };
        let columns = self.result_columns()?;
        let from = if self.eat_kw(Kw::From) {
            Some(self.parse_from()?)
        } else {
            None
        };
        // (The select list and FROM below a WHERE take one more parser-stack entry.)
        let where_ = self.nested(1, |p| p.where_opt())?;
        let mut group_by = Vec::new();
        if self.at_kw(Kw::Group) {
            self.advance();
            self.expect_kw(Kw::By)?;
            group_by = self.expr_list()?;
            if group_by.len() > MAX_COLUMN {
                self.defer(Error::sql("too many terms in GROUP BY clause"));
            }
        }
        let having = if self.eat_kw(Kw::Having) {
            Some(self.expr()?)
        } else {
            None
        };
        let windows = if self.at_window_kw() {
            self.advance();
            self.window_defs()?
        } else {
            Vec::new()
        };
        Ok(SelectCore::Select(Box::new(SelectClause {
            distinct,
            columns,
            from,
            where_,
            group_by,
            having,
            windows,
            span: self.span_from(start),
        })))
    }

    pub(crate) fn where_opt(&mut self) -> Result<Option<Expr>> {
        if self.eat_kw(Kw::Where) {
            Ok(Some(self.expr()?))
        } else {
            Ok(None)
        }
    }

    /// `WINDOW` (the lexer only makes it a keyword before `name AS`).
    pub(crate) fn at_window_kw(&mut self) -> bool {
        self.at_kw(Kw::Window)
    }

    fn window_defs(&mut self) -> Result<Vec<NamedWindow>> {
        let mut v = Vec::new();
        loop {
            let start = self.pos();
            let name = self.nm()?;
            self.expect_kw(Kw::As)?;
            let spec = self.window_spec()?;
            v.push(NamedWindow {
                name,
                spec,
                span: self.span_from(start),
            });
            if !self.eat(Tk::Comma) {
                return Ok(v);
            }
        }
    }

    /// `VALUES (row), (row), ...`
    fn values(&mut self) -> Result<SelectCore> {
        let start = self.pos();
        self.advance(); // VALUES
        let mut rows: Vec<Vec<Expr>> = Vec::new();
        loop {
            self.expect(Tk::LParen)?;
            let row = self.expr_list()?;
            self.expect(Tk::RParen)?;
            if rows.first().is_some_and(|r| r.len() != row.len()) {
                // SQLite checks this while resolving names: report it once the statement
                // has parsed.
                self.defer(Error::sql("all VALUES must have the same number of terms"));
            }
            rows.push(row);
            if !self.eat(Tk::Comma) {
                break;
            }
        }
        Ok(SelectCore::Values {
            rows,
            span: self.span_from(start),
        })
    }

    /// The result column list of SELECT or RETURNING.
    pub(crate) fn result_columns(&mut self) -> Result<Vec<ResultColumn>> {
        let mut v = vec![self.result_column()?];
        while self.eat(Tk::Comma) {
            v.push(self.result_column()?);
        }
        Ok(v)
    }

    fn result_column(&mut self) -> Result<ResultColumn> {
        let start = self.pos();
        if self.eat(Tk::Star) {
            return Ok(ResultColumn::Star {
                span: self.span_from(start),
            });
        }
        let t = self.peek();
        // (CAST, RAISE and CURRENT_* start expressions here, so they cannot name a table.)
        let starts_expr = matches!(
            t.kind,
            Tk::Kw(Kw::Cast | Kw::Raise | Kw::CurrentDate | Kw::CurrentTime | Kw::CurrentTimestamp)
        );
        if Self::is_nm(t)
            && !starts_expr
            && self.peek_nth(1).kind == Tk::Dot
            && self.peek_nth(2).kind == Tk::Star
        {
            self.advance();
            self.advance();
            self.advance();
            return Ok(ResultColumn::TableStar {
                table: self.ident(t),
                span: self.span_from(start),
            });
        }
        let expr = self.expr()?;
        let alias = self.alias_opt()?;
        Ok(ResultColumn::Expr {
            expr,
            alias,
            span: self.span_from(start),
        })
    }

    /// `[AS] alias` after a result column or a FROM item. Without AS the alias must be an
    /// identifier, a string or a fallback keyword (not a join keyword, not INDEXED), and
    /// WINDOW is not an alias when it starts a WINDOW clause.
    pub(crate) fn alias_opt(&mut self) -> Result<Option<Ident>> {
        if self.eat_kw(Kw::As) {
            return Ok(Some(self.nm()?));
        }
        let t = self.peek();
        let ok = match t.kind {
            Tk::Id | Tk::QuotedId | Tk::String => true,
            Tk::Kw(Kw::Indexed) => false,
            Tk::Kw(k) => k.is_fallback_id(),
            _ => false,
        };
        if ok {
            self.advance();
            return Ok(Some(self.ident(t)));
        }
        Ok(None)
    }

    /// The FROM clause: items joined by commas and join operators.
    pub(crate) fn parse_from(&mut self) -> Result<FromClause> {
        let start = self.pos();
        let first = self.table_or_subquery()?;
        if self.at_kw(Kw::On) || self.at_kw(Kw::Using) {
            return Err(self.constraint_without_join());
        }
        let mut joins = Vec::new();
        loop {
            let jstart = self.pos();
            let Some(op) = self.join_op()? else { break };
            let table = self.table_or_subquery()?;
            let constraint = if self.eat_kw(Kw::On) {
                Some(JoinConstraint::On(self.expr()?))
            } else if self.eat_kw(Kw::Using) {
                Some(JoinConstraint::Using(self.paren_name_list()?))
            } else {
                None
            };
            joins.push(Join {
                op,
                table,
                constraint,
                span: self.span_from(jstart),
            });
        }
        Ok(FromClause {
            first,
            joins,
            span: self.span_from(start),
        })
    }

    /// `FROM t ON ...` / `FROM t USING (...)` with no join before: SQLite parses the
    /// constraint and then, if what follows could continue the statement, reports `a JOIN
    /// clause is required before ON`; otherwise the syntax error comes first.
    fn constraint_without_join(&mut self) -> Error {
        let on = self.eat_kw(Kw::On);
        let r = if on {
            self.expr().map(|_| ())
        } else {
            self.advance();
            self.paren_name_list().map(|_| ())
        };
        if let Err(e) = r {
            return e;
        }
        let k = self.kind();
        let follows = match k {
            Tk::Comma => true,
            Tk::RParen | Tk::Semi | Tk::Eof => self.closes_here(k),
            Tk::Kw(Kw::On) => self.insert_source_parens == Some(self.open_parens),
            // Inside `( join-clause )` only `)` or another join may follow.
            _ if self.in_nested_from => matches!(k, Tk::Kw(Kw::Join)) || k_is_join_kw(k),
            Tk::Kw(k) => {
                matches!(
                    k,
                    Kw::Join
                        | Kw::Where
                        | Kw::Group
                        | Kw::Having
                        | Kw::Window
                        | Kw::Order
                        | Kw::Limit
                        | Kw::Union
                        | Kw::Intersect
                        | Kw::Except
                ) || k.is_join_kw()
            }
            _ => false,
        };
        if !follows {
            return self.syntax_error();
        }
        Error::sql(format!(
            "a JOIN clause is required before {}",
            if on { "ON" } else { "USING" }
        ))
    }

    /// A join operator, if one is current. SQLite's rules for `a [b [c]] JOIN`: the words
    /// must be NATURAL, LEFT, RIGHT, FULL, OUTER, INNER, CROSS in a meaningful combination,
    /// otherwise `unknown join type: ...`.
    fn join_op(&mut self) -> Result<Option<JoinOp>> {
        if self.eat(Tk::Comma) {
            return Ok(Some(JoinOp {
                natural: false,
                kind: JoinKind::Comma,
            }));
        }
        if self.eat_kw(Kw::Join) {
            return Ok(Some(JoinOp {
                natural: false,
                kind: JoinKind::Inner,
            }));
        }
        let t = self.peek();
        if !matches!(t.kind, Tk::Kw(k) if k.is_join_kw()) {
            return Ok(None);
        }
        // JOIN_KW [nm [nm]] JOIN
        let mut words = vec![self.advance()];
        while !self.at_kw(Kw::Join) {
            if words.len() == 3 || !Self::is_nm(self.peek()) {
                return Err(self.syntax_error());
            }
            words.push(self.advance());
        }
        self.advance(); // JOIN
        let texts: Vec<&str> = words.iter().map(|w| self.text(*w)).collect();
        match join_type(&texts) {
            Some(op) => Ok(Some(op)),
            None => {
                let e = Error::sql(format!("unknown join type: {}", texts.join(" ")))
                    .with_offset(words[0].span.start);
                Err(self.error_on_reduce(e, |k| k == Tk::LParen || starts_name(k)))
            }
        }
    }

    /// One FROM item.
    fn table_or_subquery(&mut self) -> Result<TableOrSubquery> {
        let start = self.pos();
        if self.eat(Tk::LParen) {
            if self.starts_select() {
                let select = Box::new(self.nested(2, |p| p.select())?);
                self.expect(Tk::RParen)?;
                let alias = self.alias_opt()?;
                return Ok(TableOrSubquery::Subquery {
                    select,
                    alias,
                    span: self.span_from(start),
                });
            }
            let saved = std::mem::replace(&mut self.in_nested_from, true);
            let from = self.nested(2, |p| p.parse_from());
            self.in_nested_from = saved;
            let from = Box::new(from?);
            self.expect(Tk::RParen)?;
            let alias = self.alias_opt()?;
            return Ok(TableOrSubquery::Nested {
                from,
                alias,
                span: self.span_from(start),
            });
        }
        self.check_stack(1)?;
        let name = self.qualified_name()?;
        if self.eat(Tk::LParen) {
            let args = if self.at(Tk::RParen) {
                Vec::new()
            } else {
                self.expr_list()?
            };
            self.expect(Tk::RParen)?;
            let alias = self.alias_opt()?;
            return Ok(TableOrSubquery::Function {
                name,
                args,
                alias,
                span: self.span_from(start),
            });
        }
        let alias = self.alias_opt()?;
        let indexed = self.indexed_opt()?;
        Ok(TableOrSubquery::Table {
            name,
            alias,
            indexed,
            span: self.span_from(start),
        })
    }

    /// `INDEXED BY name` / `NOT INDEXED`, if present.
    pub(crate) fn indexed_opt(&mut self) -> Result<Option<Indexed>> {
        if self.eat_kw(Kw::Indexed) {
            self.expect_kw(Kw::By)?;
            return Ok(Some(Indexed::By(self.nm()?)));
        }
        if self.eat_kw(Kw::Not) {
            self.expect_kw(Kw::Indexed)?;
            return Ok(Some(Indexed::NotIndexed));
        }
        Ok(None)
    }
}

fn k_is_join_kw(k: Tk) -> bool {
    matches!(k, Tk::Kw(k) if k.is_join_kw())
}

/// Tokens that may follow a complete SELECT (or one core of a compound); `nested` when
/// inside parentheses (`)` may follow, `;` may not).
fn follows_select(k: Tk, nested: bool) -> bool {
    match k {
        Tk::Semi => !nested,
        Tk::RParen => nested,
        Tk::Kw(k) => matches!(
            k,
            Kw::Union | Kw::Intersect | Kw::Except | Kw::Order | Kw::Limit | Kw::On | Kw::Returning
        ),
        _ => false,
    }
}

/// True for tokens that can be a name in `nm` positions.
pub(crate) fn starts_name(k: Tk) -> bool {
    match k {
        Tk::Id | Tk::QuotedId | Tk::String | Tk::Kw(Kw::Indexed) => true,
        Tk::Kw(k) => k.is_fallback_id() || k.is_join_kw(),
        _ => false,
    }
}

fn compound_name(op: CompoundOp) -> &'static str {
    match op {
        CompoundOp::Union => "UNION",
        CompoundOp::UnionAll => "UNION ALL",
        CompoundOp::Intersect => "INTERSECT",
        CompoundOp::Except => "EXCEPT",
    }
}

/// Interpret the words before JOIN, as SQLite does: each word contributes flags (LEFT and
/// RIGHT imply OUTER, FULL is LEFT|RIGHT, CROSS implies INNER) and the union must be
/// consistent: OUTER needs LEFT or RIGHT, and INNER/CROSS cannot mix with outer joins.
/// Repeated words are harmless (`left left join` is a LEFT JOIN). `None` when meaningless.
fn join_type(words: &[&str]) -> Option<JoinOp> {
    const NATURAL: u8 = 1;
    const LEFT: u8 = 2;
    const RIGHT: u8 = 4;
    const OUTER: u8 = 8;
    const INNER: u8 = 16;
    const CROSS: u8 = 32;
    let mut flags = 0u8;
    for w in words {
        flags |= match w.to_ascii_uppercase().as_str() {
            "NATURAL" => NATURAL,
            "LEFT" => LEFT | OUTER,
            "RIGHT" => RIGHT | OUTER,
            "FULL" => LEFT | RIGHT | OUTER,
            "OUTER" => OUTER,
            "INNER" => INNER,
            "CROSS" => INNER | CROSS,
            _ => return None,
        };
    }
    let has_outer = flags & OUTER != 0;
    let outer_ok = flags & (LEFT | RIGHT) != 0;
    if has_outer && (!outer_ok || flags & INNER != 0) {
        return None;
    }
    let kind = if flags & LEFT != 0 && flags & RIGHT != 0 {
        JoinKind::Full
    } else if flags & LEFT != 0 {
        JoinKind::Left
    } else if flags & RIGHT != 0 {
        JoinKind::Right
    } else if flags & CROSS != 0 {
        JoinKind::Cross
    } else {
        JoinKind::Inner
    };
    Some(JoinOp {
        natural: flags & NATURAL != 0,
        kind,
    })
}

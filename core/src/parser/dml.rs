//! INSERT / REPLACE (with upsert), UPDATE and DELETE.

use super::ast::*;
use super::keywords::Kw;
use super::parser::Parser;
use super::token::Tk;
use crate::error::Result;

impl<'a> Parser<'a> {
    /// `INSERT [OR conflict] INTO ...` or `REPLACE INTO ...`; `start` is where the statement
    /// (including any WITH) began.
    pub(crate) fn insert(&mut self, with: Option<With>, start: usize) -> Result<Insert> {
        let or_conflict = if self.eat_kw(Kw::Replace) {
            Some(ConflictResolution::Replace)
        } else {
            self.expect_kw(Kw::Insert)?;
            if self.eat_kw(Kw::Or) {
                Some(self.resolve_type()?)
            } else {
                None
            }
        };
        self.expect_kw(Kw::Into)?;
        let (table, alias) = self.xfullname()?;
        let columns = if self.at(Tk::LParen) {
            self.paren_name_list()?
        } else {
            Vec::new()
        };
        let (source, upsert) = if self.at_kw(Kw::Default) {
            self.advance();
            self.expect_kw(Kw::Values)?;
            (InsertSource::DefaultValues, Vec::new())
        } else {
            let select = self.select()?;
            (InsertSource::Select(Box::new(select)), self.upserts()?)
        };
        let returning = self.returning_opt()?;
        Ok(Insert {
            with,
            or_conflict,
            table,
            alias,
            columns,
            source,
            upsert,
            returning,
            span: self.span_from(start),
        })
    }

    /// `ON CONFLICT ...` clauses; only the last may omit the conflict target.
    fn upserts(&mut self) -> Result<Vec<Upsert>> {
        let mut v = Vec::new();
        while self.at_kw(Kw::On) {
            let start = self.pos();
            self.advance();
            self.expect_kw(Kw::Conflict)?;
            let target = if self.eat(Tk::LParen) {
                let columns = self.indexed_columns()?;
                self.expect(Tk::RParen)?;
                let where_ = self.where_opt()?;
                Some(UpsertTarget { columns, where_ })
            } else {
                None
            };
            self.expect_kw(Kw::Do)?;
            let action = if self.eat_kw(Kw::Nothing) {
                UpsertAction::Nothing
            } else {
                self.expect_kw(Kw::Update)?;
                self.expect_kw(Kw::Set)?;
                let sets = self.set_list()?;
                let where_ = self.where_opt()?;
                UpsertAction::Update { sets, where_ }
            };
            let last = target.is_none();
            v.push(Upsert {
                target,
                action,
                span: self.span_from(start),
            });
            if last {
                break;
            }
        }
        Ok(v)
    }

    /// `RETURNING result-columns`, if present.
    pub(crate) fn returning_opt(&mut self) -> Result<Vec<ResultColumn>> {
        if self.eat_kw(Kw::Returning) {
            self.result_columns()
        } else {
            Ok(Vec::new())
        }
    }

    /// `[schema.]name [AS alias]` (the target of INSERT/UPDATE/DELETE).
    fn xfullname(&mut self) -> Result<(QualifiedName, Option<Ident>)> {
        let name = self.qualified_name()?;
        let alias = if self.eat_kw(Kw::As) {
            Some(self.nm()?)
        } else {
            None
        };
        Ok((name, alias))
    }

    /// `col = expr, (a, b) = expr, ...`
    pub(crate) fn set_list(&mut self) -> Result<Vec<Assignment>> {
        let mut v = Vec::new();
        loop {
            let start = self.pos();
            let columns = if self.at(Tk::LParen) {
                self.paren_name_list()?
            } else {
                vec![self.nm()?]
            };
            self.expect(Tk::Eq)?;
            let expr = self.expr()?;
            v.push(Assignment {
                columns,
                expr,
                span: self.span_from(start),
            });
            if !self.eat(Tk::Comma) {
                return Ok(v);
            }
        }
    }

    /// `UPDATE [OR conflict] table [AS alias] [indexed] SET ... [FROM ...] [WHERE ...]
    /// [RETURNING ...] [ORDER BY ...] [LIMIT ...]`
    pub(crate) fn update(&mut self, with: Option<With>, start: usize) -> Result<Update> {
        self.expect_kw(Kw::Update)?;
        let or_conflict = if self.eat_kw(Kw::Or) {
            Some(self.resolve_type()?)
        } else {
            None
        };
        let (table, alias) = self.xfullname()?;
        let indexed = self.indexed_opt()?;
        self.expect_kw(Kw::Set)?;
        let sets = self.set_list()?;
        let from = if self.eat_kw(Kw::From) {
            Some(self.from_clause()?)
        } else {
            None
        };
        let where_ = self.where_opt()?;
        let returning = self.returning_opt()?;
        let order_by = self.order_by_list_opt()?;
        let limit = self.limit_opt()?;
        Ok(Update {
            with,
            or_conflict,
            table,
            alias,
            indexed,
            sets,
            from,
            where_,
            returning,
            order_by,
            limit,
            span: self.span_from(start),
        })
    }

    /// `DELETE FROM table [AS alias] [indexed] [WHERE ...] [RETURNING ...] [ORDER BY ...]
    /// [LIMIT ...]`
    pub(crate) fn delete(&mut self, with: Option<With>, start: usize) -> Result<Delete> {
        self.expect_kw(Kw::Delete)?;
        self.expect_kw(Kw::From)?;
        let (table, alias) = self.xfullname()?;
        let indexed = self.indexed_opt()?;
        let where_ = self.where_opt()?;
        let returning = self.returning_opt()?;
        let order_by = self.order_by_list_opt()?;
        let limit = self.limit_opt()?;
        Ok(Delete {
            with,
            table,
            alias,
            indexed,
            where_,
            returning,
            order_by,
            limit,
            span: self.span_from(start),
        })
    }

    fn order_by_list_opt(&mut self) -> Result<Vec<OrderingTerm>> {
        if self.at_kw(Kw::Order) {
            self.advance();
            self.expect_kw(Kw::By)?;
            return self.sort_list();
        }
        Ok(Vec::new())
    }

    /// `expr [COLLATE c] [ASC|DESC], ...` (index columns, key lists, upsert targets).
    pub(crate) fn indexed_columns(&mut self) -> Result<Vec<IndexedColumn>> {
        let mut v = Vec::new();
        loop {
            let start = self.pos();
            let expr = self.expr()?;
            let order = self.sort_order();
            v.push(IndexedColumn {
                expr,
                order,
                span: self.span_from(start),
            });
            if !self.eat(Tk::Comma) {
                return Ok(v);
            }
        }
    }
}

//! INSERT / REPLACE (with upsert), UPDATE and DELETE.

use super::ast::*;
use super::keywords::Kw;
use super::parser::Parser;
use super::token::Tk;
use crate::error::{Error, Result};

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
        let (table, alias) = self
            .xfullname(|k| matches!(k, Tk::LParen | Tk::Kw(Kw::Select | Kw::Values | Kw::With)))?;
        let columns = if self.at(Tk::LParen) {
            self.paren_name_list()?
        } else {
            Vec::new()
        };
        let (source, upsert) = if self.at_kw(Kw::Default) && !self.in_trigger {
            self.advance();
            self.expect_kw(Kw::Values)?;
            (InsertSource::DefaultValues, Vec::new())
        } else {
            // Upsert's ON may follow this SELECT (at this nesting level).
            let saved = self.insert_source_parens.replace(self.open_parens);
            let select = self.select();
            self.insert_source_parens = saved;
            (InsertSource::Select(Box::new(select?)), self.upserts()?)
        };
        let returning = self.returning_opt()?;
        if self.in_trigger && !returning.is_empty() {
            let e = Error::sql("cannot use RETURNING in a trigger");
            return Err(self.error_on_reduce(e, |k| k == Tk::Semi));
        }
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
                // (NULLS FIRST/LAST is accepted here and means nothing.)
                let (columns, _nulls) = self.index_columns()?;
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

    /// `[schema.]name [AS alias]` (the target of INSERT/UPDATE/DELETE). Inside a trigger
    /// body the target is a plain name: no alias, and a schema is refused.
    /// (`follows`: the tokens that may come next in a trigger body, for the error's timing.)
    fn xfullname(&mut self, follows: fn(Tk) -> bool) -> Result<(QualifiedName, Option<Ident>)> {
        let name = self.qualified_name()?;
        if self.in_trigger {
            if name.schema.is_some() {
                let e = Error::sql(
                    "qualified table names are not allowed on INSERT, UPDATE, and DELETE \
                     statements within triggers",
                );
                return Err(self.error_on_reduce(e, follows));
            }
            return Ok((name, None));
        }
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
                let n: usize = v.iter().map(|a| a.columns.len()).sum();
                if n > super::select::MAX_COLUMN {
                    self.defer(Error::sql("too many columns in set list"));
                }
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
        let (table, alias) =
            self.xfullname(|k| matches!(k, Tk::Kw(Kw::Set | Kw::Indexed | Kw::Not)))?;
        let indexed = self.target_indexed_opt(|k| k == Tk::Kw(Kw::Set))?;
        self.expect_kw(Kw::Set)?;
        let sets = self.set_list()?;
        let from = if self.eat_kw(Kw::From) {
            Some(self.parse_from()?)
        } else {
            None
        };
        let where_ = self.where_opt()?;
        let (returning, order_by, limit) = self.dml_tail()?;
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
        let (table, alias) =
            self.xfullname(|k| matches!(k, Tk::Semi | Tk::Kw(Kw::Where | Kw::Indexed | Kw::Not)))?;
        let indexed = self.target_indexed_opt(|k| matches!(k, Tk::Kw(Kw::Where) | Tk::Semi))?;
        let where_ = self.where_opt()?;
        let (returning, order_by, limit) = self.dml_tail()?;
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

    /// `[RETURNING ...] [ORDER BY ...] [LIMIT ...]` of UPDATE and DELETE (none of which a
    /// trigger body allows).
    #[allow(clippy::type_complexity)]
    fn dml_tail(&mut self) -> Result<(Vec<ResultColumn>, Vec<OrderingTerm>, Option<Limit>)> {
        if self.in_trigger {
            return Ok((Vec::new(), Vec::new(), None));
        }
        let returning = self.returning_opt()?;
        let order_by = self.order_by_list_opt()?;
        let limit = self.limit_opt()?;
        Ok((returning, order_by, limit))
    }

    /// INDEXED BY / NOT INDEXED after an UPDATE or DELETE target (refused in triggers).
    /// (`follows` tells which tokens may come next, for the error's timing.)
    fn target_indexed_opt(&mut self, follows: fn(Tk) -> bool) -> Result<Option<Indexed>> {
        let indexed = self.indexed_opt()?;
        if self.in_trigger {
            let what = match indexed {
                Some(Indexed::By(_)) => "INDEXED BY",
                Some(Indexed::NotIndexed) => "NOT INDEXED",
                None => return Ok(None),
            };
            let e = Error::sql(format!(
                "the {what} clause is not allowed on UPDATE or DELETE statements within triggers"
            ));
            return Err(self.error_on_reduce(e, follows));
        }
        Ok(indexed)
    }

    fn order_by_list_opt(&mut self) -> Result<Vec<OrderingTerm>> {
        if self.at_kw(Kw::Order) {
            self.advance();
            self.expect_kw(Kw::By)?;
            return self.sort_list();
        }
        Ok(Vec::new())
    }
}

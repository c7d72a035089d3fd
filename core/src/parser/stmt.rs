//! Transaction control, PRAGMA, ATTACH/DETACH, VACUUM, REINDEX, ANALYZE and CREATE TRIGGER.

use super::ast::*;
use super::keywords::Kw;
use super::parser::Parser;
use super::token::Tk;
use crate::error::Result;

impl<'a> Parser<'a> {
    /// `[TRANSACTION [name]]`
    fn trans_opt(&mut self) -> Result<()> {
        if self.eat_kw(Kw::Transaction) && Self::is_nm(self.peek()) {
            self.nm()?;
        }
        Ok(())
    }

    /// `BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE|CONCURRENT] [TRANSACTION [name]]`. CONCURRENT is
    /// Ferrolite's extension (not a keyword; recognised only here).
    pub(crate) fn begin(&mut self) -> Result<Stmt> {
        self.advance();
        let kind = match self.kind() {
            Tk::Kw(Kw::Deferred) => Some(TransactionKind::Deferred),
            Tk::Kw(Kw::Immediate) => Some(TransactionKind::Immediate),
            Tk::Kw(Kw::Exclusive) => Some(TransactionKind::Exclusive),
            Tk::Id if self.cur_text().eq_ignore_ascii_case("concurrent") => {
                Some(TransactionKind::Concurrent)
            }
            _ => None,
        };
        if kind.is_some() {
            self.advance();
        }
        self.trans_opt()?;
        Ok(Stmt::Begin(kind))
    }

    /// `COMMIT|END [TRANSACTION [name]]`
    pub(crate) fn commit(&mut self) -> Result<Stmt> {
        self.advance();
        self.trans_opt()?;
        Ok(Stmt::Commit)
    }

    /// `ROLLBACK [TRANSACTION [name]] [TO [SAVEPOINT] name]`
    pub(crate) fn rollback(&mut self) -> Result<Stmt> {
        self.advance();
        if self.eat_kw(Kw::Transaction) && !self.at_kw(Kw::To) && Self::is_nm(self.peek()) {
            self.nm()?;
        }
        let savepoint = if self.eat_kw(Kw::To) {
            self.eat_kw(Kw::Savepoint);
            Some(self.nm()?)
        } else {
            None
        };
        Ok(Stmt::Rollback { savepoint })
    }

    pub(crate) fn savepoint(&mut self) -> Result<Stmt> {
        self.advance();
        Ok(Stmt::Savepoint(self.nm()?))
    }

    /// `RELEASE [SAVEPOINT] name`
    pub(crate) fn release(&mut self) -> Result<Stmt> {
        self.advance();
        self.eat_kw(Kw::Savepoint);
        Ok(Stmt::Release(self.nm()?))
    }

    /// `PRAGMA [schema.]name [= value | (value)]`
    pub(crate) fn pragma(&mut self) -> Result<Stmt> {
        let start = self.pos();
        self.advance();
        let name = self.qualified_name()?;
        let value = if self.eat(Tk::Eq) {
            Some(self.pragma_value()?)
        } else if self.eat(Tk::LParen) {
            let v = self.pragma_value()?;
            self.expect(Tk::RParen)?;
            Some(v)
        } else {
            None
        };
        Ok(Stmt::Pragma(Box::new(Pragma {
            name,
            value,
            span: self.span_from(start),
        })))
    }

    /// `[+|-] number | name | string | ON | DELETE | DEFAULT`
    fn pragma_value(&mut self) -> Result<PragmaValue> {
        let start = self.pos();
        let t = self.peek();
        match t.kind {
            Tk::Plus | Tk::Minus | Tk::Integer | Tk::Float | Tk::HexInteger => {
                let text = self.signed_number_text()?;
                Ok(PragmaValue {
                    text,
                    is_string: false,
                    span: self.span_from(start),
                })
            }
            Tk::Kw(Kw::On | Kw::Delete | Kw::Default) => {
                self.advance();
                Ok(PragmaValue {
                    text: self.text(t).to_string(),
                    is_string: false,
                    span: t.span,
                })
            }
            _ => {
                let n = self.nm()?;
                Ok(PragmaValue {
                    text: n.name,
                    is_string: t.kind == Tk::String,
                    span: t.span,
                })
            }
        }
    }

    /// `ATTACH [DATABASE] expr AS expr [KEY expr]`
    pub(crate) fn attach(&mut self) -> Result<Stmt> {
        self.advance();
        self.eat_kw(Kw::Database);
        let file = self.expr()?;
        self.expect_kw(Kw::As)?;
        let schema = self.expr()?;
        let key = if self.at_kw(Kw::Key) {
            self.advance();
            Some(self.expr()?)
        } else {
            None
        };
        Ok(Stmt::Attach { file, schema, key })
    }

    /// `DETACH [DATABASE] expr`
    pub(crate) fn detach(&mut self) -> Result<Stmt> {
        self.advance();
        self.eat_kw(Kw::Database);
        Ok(Stmt::Detach(self.expr()?))
    }

    /// `VACUUM [schema] [INTO expr]`
    pub(crate) fn vacuum(&mut self) -> Result<Stmt> {
        self.advance();
        let schema = if Self::is_nm(self.peek()) {
            Some(self.nm()?)
        } else {
            None
        };
        let into = if self.eat_kw(Kw::Into) {
            Some(self.expr()?)
        } else {
            None
        };
        Ok(Stmt::Vacuum { schema, into })
    }

    /// `REINDEX [[schema.]name]`
    pub(crate) fn reindex(&mut self) -> Result<Stmt> {
        self.advance();
        if Self::is_nm(self.peek()) {
            return Ok(Stmt::Reindex(Some(self.qualified_name()?)));
        }
        Ok(Stmt::Reindex(None))
    }

    /// `ANALYZE [[schema.]name]`
    pub(crate) fn analyze(&mut self) -> Result<Stmt> {
        self.advance();
        if Self::is_nm(self.peek()) {
            return Ok(Stmt::Analyze(Some(self.qualified_name()?)));
        }
        Ok(Stmt::Analyze(None))
    }

    /// `CREATE [TEMP] TRIGGER ...` (CREATE and TEMP already consumed; TRIGGER is current).
    pub(crate) fn create_trigger(&mut self, start: usize, temp: bool) -> Result<CreateTrigger> {
        self.advance(); // TRIGGER
        let if_not_exists = self.if_not_exists()?;
        let name = self.qualified_name()?;
        let time = self.trigger_time()?;
        let event = self.trigger_event()?;
        self.expect_kw(Kw::On)?;
        let table = self.qualified_name()?;
        let for_each_row = if self.eat_kw(Kw::For) {
            self.expect_kw(Kw::Each)?;
            self.expect_kw(Kw::Row)?;
            true
        } else {
            false
        };
        let when = if self.eat_kw(Kw::When) {
            Some(self.expr()?)
        } else {
            None
        };
        self.expect_kw(Kw::Begin)?;
        let mut body = Vec::new();
        loop {
            body.push(self.trigger_cmd()?);
            self.expect(Tk::Semi)?;
            if self.eat_kw(Kw::End) {
                break;
            }
        }
        Ok(CreateTrigger {
            temp,
            if_not_exists,
            name,
            time,
            event,
            table,
            for_each_row,
            when,
            body,
            span: self.span_from(start),
        })
    }

    /// `[BEFORE | AFTER | INSTEAD OF]`
    fn trigger_time(&mut self) -> Result<TriggerTime> {
        Ok(match self.kind() {
            Tk::Kw(Kw::Before) => {
                self.advance();
                TriggerTime::Before
            }
            Tk::Kw(Kw::After) => {
                self.advance();
                TriggerTime::After
            }
            Tk::Kw(Kw::Instead) => {
                self.advance();
                self.expect_kw(Kw::Of)?;
                TriggerTime::InsteadOf
            }
            _ => TriggerTime::Default,
        })
    }

    /// `DELETE | INSERT | UPDATE [OF col, ...]`
    fn trigger_event(&mut self) -> Result<TriggerEvent> {
        Ok(match self.kind() {
            Tk::Kw(Kw::Delete) => {
                self.advance();
                TriggerEvent::Delete
            }
            Tk::Kw(Kw::Insert) => {
                self.advance();
                TriggerEvent::Insert
            }
            Tk::Kw(Kw::Update) => {
                self.advance();
                if self.eat_kw(Kw::Of) {
                    let mut cols = vec![self.nm()?];
                    while self.eat(Tk::Comma) {
                        cols.push(self.nm()?);
                    }
                    TriggerEvent::Update(cols)
                } else {
                    TriggerEvent::Update(Vec::new())
                }
            }
            _ => return Err(self.syntax_error()),
        })
    }

    /// One statement of a trigger body: UPDATE, INSERT/REPLACE, DELETE or SELECT, in the
    /// restricted forms SQLite allows there (see `in_trigger` in dml.rs).
    fn trigger_cmd(&mut self) -> Result<Stmt> {
        let start = self.pos();
        self.in_trigger = true;
        let r = match self.kind() {
            Tk::Kw(Kw::Update) => self.update(None, start).map(|u| Stmt::Update(Box::new(u))),
            Tk::Kw(Kw::Insert) | Tk::Kw(Kw::Replace) => {
                self.insert(None, start).map(|i| Stmt::Insert(Box::new(i)))
            }
            Tk::Kw(Kw::Delete) => self.delete(None, start).map(|d| Stmt::Delete(Box::new(d))),
            Tk::Kw(Kw::Select) | Tk::Kw(Kw::Values) | Tk::Kw(Kw::With) => {
                self.select().map(|s| Stmt::Select(Box::new(s)))
            }
            _ => Err(self.syntax_error()),
        };
        self.in_trigger = false;
        r
    }
}

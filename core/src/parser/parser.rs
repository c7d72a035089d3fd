//! The parser's core: the token cursor, SQLite-style error reporting, names and the statement
//! dispatcher. The grammar itself lives in `expr.rs`, `select.rs`, `dml.rs`, `ddl.rs` and
//! `stmt.rs`, each an `impl Parser` block.
//!
//! Hand-written recursive descent with precedence climbing for expressions. It accepts exactly
//! the prefixes SQLite's LALR parser accepts wherever we have checked, so that a syntax error is
//! reported at the same token: `near "<token text>": syntax error` with the token's byte
//! offset, `incomplete input` when the input ends first, and `unrecognized token: "<text>"`
//! when the parser reaches text the lexer could not tokenize.

use std::collections::VecDeque;

use super::ast::*;
use super::keywords::Kw;
use super::lexer::Lexer;
use super::token::{Tk, Token};
use crate::error::{Error, Result};

/// SQLite's `SQLITE_MAX_VARIABLE_NUMBER` in the reference build (Debian's 3.40.1).
pub(crate) const MAX_VARIABLE_NUMBER: u32 = 250_000;

pub(crate) struct Parser<'a> {
    pub(crate) sql: &'a str,
    lexer: Lexer<'a>,
    /// Tokens read ahead of the cursor; `look[0]` is the current token.
    look: VecDeque<Token>,
    /// End offset of the last consumed token.
    pub(crate) prev_end: usize,
    /// The kind of the last consumed token.
    pub(crate) prev_kind: Tk,
    /// Parameter numbering state for the statement being parsed.
    pub(crate) max_var: u32,
    /// Parameter names seen (`:a`, `?5`...) and their indexes.
    pub(crate) named_vars: std::collections::HashMap<String, u32>,
    /// The same names in the order first seen.
    pub(crate) var_order: Vec<(String, u32)>,
    /// Estimated depth of SQLite's parser stack (see [`Parser::nested`]).
    pub(crate) depth: u32,
    /// Heights of the expression trees built so far, by span: SQLite refuses trees taller
    /// than [`MAX_EXPR_DEPTH`].
    pub(crate) heights: std::collections::HashMap<(usize, usize), u32>,
    /// Set when an expression exceeded [`MAX_EXPR_DEPTH`]; reported by `expr_prec`.
    pub(crate) too_tall: bool,
    /// True while parsing the body of CREATE TRIGGER, where INSERT/UPDATE/DELETE take a
    /// restricted form.
    pub(crate) in_trigger: bool,
    /// Parentheses opened and not yet closed among the consumed tokens.
    pub(crate) open_parens: u32,
    /// True while parsing a parenthesised join clause `( a JOIN b ... )` (not a subquery).
    pub(crate) in_nested_from: bool,
    /// While parsing the SELECT of an INSERT: the parenthesis depth at which it started (an
    /// upsert's `ON CONFLICT` may follow it there).
    pub(crate) insert_source_parens: Option<u32>,
    /// An error SQLite only reports after parsing (while resolving names or generating code),
    /// returned once the statement has parsed: the first one found.
    pub(crate) deferred: Option<Error>,
}

/// SQLite's default `SQLITE_MAX_EXPR_DEPTH`: the tallest expression tree accepted.
pub(crate) const MAX_EXPR_DEPTH: u32 = 1000;

/// The parser-stack depth at which a statement's own tokens start.
pub(crate) const STATEMENT_BASE_DEPTH: u32 = 1;

/// The estimated LALR stack depth past which SQLite reports `parser stack overflow`
/// (see [`Parser::nested`]).
pub(crate) const LALR_STACK_LIMIT: u32 = 100;

impl<'a> Parser<'a> {
    pub fn new(sql: &'a str, start: usize) -> Parser<'a> {
        Parser {
            sql,
            lexer: Lexer::new(sql, start),
            look: VecDeque::new(),
            prev_end: start,
            prev_kind: Tk::Semi,
            max_var: 0,
            named_vars: std::collections::HashMap::new(),
            var_order: Vec::new(),
            depth: STATEMENT_BASE_DEPTH,
            heights: std::collections::HashMap::new(),
            too_tall: false,
            in_trigger: false,
            open_parens: 0,
            in_nested_from: false,
            insert_source_parens: None,
            deferred: None,
        }
    }

    // ---- token cursor -------------------------------------------------------------------

    /// The `n`th token ahead (0 = current).
    pub fn peek_nth(&mut self, n: usize) -> Token {
        while self.look.len() <= n {
            let mut t = self.lexer.next_token();
            let prev = self.look.back().map_or(self.prev_kind, |p| p.kind);
            t.kind = self.contextual(t.kind, prev);
            self.look.push_back(t);
        }
        self.look[n]
    }

    /// SQLite's tokenizer decides whether `WINDOW`, `OVER` and `FILTER` are keywords from the
    /// tokens around them; otherwise they are plain identifiers:
    /// - `WINDOW` when followed by a name and `AS`;
    /// - `OVER` right after `)` and before `(` or a name;
    /// - `FILTER` right after `)` and before `(`.
    fn contextual(&self, kind: Tk, prev: Tk) -> Tk {
        let Tk::Kw(kw @ (Kw::Window | Kw::Over | Kw::Filter)) = kind else {
            return kind;
        };
        let mut ahead = self.lexer.clone();
        let next = ahead.next_token();
        let is_keyword = match kw {
            Kw::Window => is_id_like(next.kind) && ahead.next_token().is_kw(Kw::As),
            Kw::Over => prev == Tk::RParen && (next.kind == Tk::LParen || is_id_like(next.kind)),
            _ => prev == Tk::RParen && next.kind == Tk::LParen,
        };
        if is_keyword {
            kind
        } else {
            Tk::Id
        }
    }

    pub fn peek(&mut self) -> Token {
        self.peek_nth(0)
    }

    pub fn kind(&mut self) -> Tk {
        self.peek().kind
    }

    pub fn advance(&mut self) -> Token {
        let t = self.peek();
        if t.kind != Tk::Eof {
            self.look.pop_front();
            self.prev_end = t.span.end;
            self.prev_kind = t.kind;
            match t.kind {
                Tk::LParen => self.open_parens += 1,
                Tk::RParen => self.open_parens = self.open_parens.saturating_sub(1),
                _ => {}
            }
        }
        t
    }

    pub fn at(&mut self, kind: Tk) -> bool {
        self.kind() == kind
    }

    pub fn at_kw(&mut self, kw: Kw) -> bool {
        self.kind() == Tk::Kw(kw)
    }

    pub fn eat(&mut self, kind: Tk) -> bool {
        if self.at(kind) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub fn eat_kw(&mut self, kw: Kw) -> bool {
        self.eat(Tk::Kw(kw))
    }

    pub fn expect(&mut self, kind: Tk) -> Result<Token> {
        if self.at(kind) {
            Ok(self.advance())
        } else {
            Err(self.syntax_error())
        }
    }

    pub fn expect_kw(&mut self, kw: Kw) -> Result<Token> {
        self.expect(Tk::Kw(kw))
    }

    pub fn text(&self, t: Token) -> &'a str {
        t.span.text(self.sql)
    }

    /// The current token's text.
    pub fn cur_text(&mut self) -> &'a str {
        let t = self.peek();
        self.text(t)
    }

    /// The start offset of the current token.
    pub fn pos(&mut self) -> usize {
        self.peek().span.start
    }

    /// A span from `start` to the end of the last consumed token.
    pub fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.prev_end.max(start))
    }

    // ---- errors ---------------------------------------------------------------------------

    /// The error SQLite reports when its parser cannot accept the current token.
    pub fn syntax_error(&mut self) -> Error {
        let t = self.peek();
        self.error_at(t)
    }

    pub fn error_at(&self, t: Token) -> Error {
        match t.kind {
            Tk::Eof => Error::sql("incomplete input"),
            Tk::Illegal => Error::sql(format!("unrecognized token: \"{}\"", self.text(t)))
                .with_offset(t.span.start),
            _ => Error::sql(format!("near \"{}\": syntax error", self.text(t)))
                .with_offset(t.span.start),
        }
    }

    /// Run `f` as a nested construct that would hold `cost` symbols on SQLite's LALR parser
    /// stack while its inside is parsed. SQLite's stack has room for 100 entries and reports
    /// `parser stack overflow` beyond; we keep an estimate of that depth (costs calibrated
    /// against the reference for parentheses, operators, function calls, CASE, subqueries and
    /// IN lists) and fail the same way. This also bounds our own recursion.
    /// An error SQLite raises while reducing a construct, which happens only once the token
    /// after it has arrived and fits: if the current token cannot follow, SQLite reports the
    /// syntax error at it instead.
    /// At the end of the input SQLite feeds an implicit `;`, so `Eof` follows where `;` does.
    /// A `;` never follows inside parentheses, nor a `)` outside them.
    pub fn error_on_reduce(&mut self, err: Error, follows: impl Fn(Tk) -> bool) -> Error {
        let k = match self.kind() {
            Tk::Eof => Tk::Semi,
            k => k,
        };
        let fits = match k {
            Tk::Semi => self.open_parens == 0,
            Tk::RParen => self.open_parens > 0,
            _ => true,
        };
        if fits && follows(k) {
            err
        } else {
            self.syntax_error()
        }
    }

    /// True when `kind` may end a statement or close the parenthesis we are in: `;` (or the
    /// end) at the top level, `)` inside parentheses.
    pub fn closes_here(&self, kind: Tk) -> bool {
        match kind {
            Tk::Semi | Tk::Eof => self.open_parens == 0,
            Tk::RParen => self.open_parens > 0,
            _ => false,
        }
    }

    /// True when `kind` can follow a complete expression term somewhere in the grammar (used
    /// to time errors raised when a term is reduced): operators, punctuation that closes or
    /// separates, names (aliases) and the keywords that may come after an expression.
    pub fn can_follow_term(kind: Tk) -> bool {
        match kind {
            Tk::Integer
            | Tk::Float
            | Tk::HexInteger
            | Tk::Blob
            | Tk::Variable
            | Tk::Register
            | Tk::LParen
            | Tk::Tilde
            | Tk::Illegal
            | Tk::Dot => false,
            Tk::Kw(k) => {
                k.is_fallback_id()
                    || matches!(
                        k,
                        Kw::And
                            | Kw::Or
                            | Kw::Not
                            | Kw::Is
                            | Kw::In
                            | Kw::Isnull
                            | Kw::Notnull
                            | Kw::Between
                            | Kw::Escape
                            | Kw::Collate
                            | Kw::As
                            | Kw::From
                            | Kw::Where
                            | Kw::Group
                            | Kw::Having
                            | Kw::Order
                            | Kw::Limit
                            | Kw::Union
                            | Kw::Intersect
                            | Kw::Except
                            | Kw::Then
                            | Kw::When
                            | Kw::Else
                            | Kw::Returning
                            | Kw::Window
                            | Kw::Over
                            | Kw::Filter
                    )
            }
            _ => true,
        }
    }

    /// Remember an error SQLite raises after parsing (see `deferred`).
    pub fn defer(&mut self, err: Error) {
        self.deferred.get_or_insert(err);
    }

    /// Fail with `parser stack overflow` if `extra` more entries would not fit.
    pub fn check_stack(&self, extra: u32) -> Result<()> {
        if self.depth + extra > LALR_STACK_LIMIT {
            return Err(Error::sql("parser stack overflow"));
        }
        Ok(())
    }

    pub fn nested<T>(&mut self, cost: u32, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.depth += cost;
        if self.depth > LALR_STACK_LIMIT {
            self.depth -= cost;
            return Err(Error::sql("parser stack overflow"));
        }
        let r = f(self);
        self.depth -= cost;
        r
    }

    // ---- names ----------------------------------------------------------------------------

    /// True when the token may serve as a name in `nm` positions (table, column, index names
    /// and `AS` aliases): an identifier, a quoted identifier, a string, a fallback keyword or a
    /// join keyword.
    pub fn is_nm(t: Token) -> bool {
        match t.kind {
            Tk::Id | Tk::QuotedId | Tk::String | Tk::Kw(Kw::Indexed) => true,
            Tk::Kw(k) => k.is_fallback_id() || k.is_join_kw(),
            _ => false,
        }
    }

    /// True when the token is an `id`: identifier, quoted identifier or fallback keyword (no
    /// strings, no join keywords). Function names and bare column references are ids.
    pub fn is_id(t: Token) -> bool {
        match t.kind {
            Tk::Id | Tk::QuotedId | Tk::Kw(Kw::Indexed) => true,
            Tk::Kw(k) => k.is_fallback_id(),
            _ => false,
        }
    }

    /// Turn a name-like token into an [`Ident`] (dequoting it).
    pub fn ident(&self, t: Token) -> Ident {
        let raw = self.text(t);
        let (name, quote) = dequote(raw);
        Ident {
            name,
            quote,
            span: t.span,
        }
    }

    /// `nm`: a name (see [`Parser::is_nm`]).
    pub fn nm(&mut self) -> Result<Ident> {
        let t = self.peek();
        if Self::is_nm(t) {
            self.advance();
            Ok(self.ident(t))
        } else {
            Err(self.syntax_error())
        }
    }

    /// `[schema.]name`
    pub fn qualified_name(&mut self) -> Result<QualifiedName> {
        let start = self.pos();
        let first = self.nm()?;
        if self.eat(Tk::Dot) {
            let name = self.nm()?;
            Ok(QualifiedName {
                schema: Some(first),
                name,
                span: self.span_from(start),
            })
        } else {
            Ok(QualifiedName {
                schema: None,
                name: first,
                span: self.span_from(start),
            })
        }
    }

    /// `( nm, nm, ... )` — the opening parenthesis must be current.
    pub fn paren_name_list(&mut self) -> Result<Vec<Ident>> {
        self.expect(Tk::LParen)?;
        let mut names = vec![self.nm()?];
        while self.eat(Tk::Comma) {
            names.push(self.nm()?);
        }
        self.expect(Tk::RParen)?;
        Ok(names)
    }

    /// `IF NOT EXISTS`, if present. Here `IF` is always the keyword (a table named `if`
    /// cannot be created without quotes).
    pub fn if_not_exists(&mut self) -> Result<bool> {
        if self.eat_kw(Kw::If) {
            self.expect_kw(Kw::Not)?;
            self.expect_kw(Kw::Exists)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `IF EXISTS`, if present (`IF` is always the keyword here).
    pub fn if_exists(&mut self) -> Result<bool> {
        if self.eat_kw(Kw::If) {
            self.expect_kw(Kw::Exists)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `ROLLBACK | ABORT | FAIL | IGNORE | REPLACE` after `OR` or `ON CONFLICT`.
    pub fn resolve_type(&mut self) -> Result<ConflictResolution> {
        let r = match self.kind() {
            Tk::Kw(Kw::Rollback) => ConflictResolution::Rollback,
            Tk::Kw(Kw::Abort) => ConflictResolution::Abort,
            Tk::Kw(Kw::Fail) => ConflictResolution::Fail,
            Tk::Kw(Kw::Ignore) => ConflictResolution::Ignore,
            Tk::Kw(Kw::Replace) => ConflictResolution::Replace,
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        Ok(r)
    }

    // ---- statements -----------------------------------------------------------------------

    /// Parse one statement at the cursor, up to (not including) its terminating `;`.
    pub fn statement(&mut self) -> Result<Stmt> {
        if self.at_kw(Kw::Explain) {
            self.advance();
            let query_plan = if self.at_kw(Kw::Query) {
                self.advance();
                self.expect_kw(Kw::Plan)?;
                true
            } else {
                false
            };
            let stmt = self.statement_body()?;
            return Ok(Stmt::Explain {
                query_plan,
                stmt: Box::new(stmt),
            });
        }
        self.statement_body()
    }

    fn statement_body(&mut self) -> Result<Stmt> {
        let t = self.peek();
        match t.kind {
            Tk::Kw(Kw::Select) | Tk::Kw(Kw::Values) => Ok(Stmt::Select(Box::new(self.select()?))),
            Tk::Kw(Kw::With) => self.with_statement(),
            Tk::Kw(Kw::Insert) | Tk::Kw(Kw::Replace) => {
                Ok(Stmt::Insert(Box::new(self.insert(None, t.span.start)?)))
            }
            Tk::Kw(Kw::Update) => Ok(Stmt::Update(Box::new(self.update(None, t.span.start)?))),
            Tk::Kw(Kw::Delete) => Ok(Stmt::Delete(Box::new(self.delete(None, t.span.start)?))),
            Tk::Kw(Kw::Create) => self.create(),
            Tk::Kw(Kw::Drop) => self.drop(),
            Tk::Kw(Kw::Alter) => self.alter(),
            Tk::Kw(Kw::Begin) => self.begin(),
            Tk::Kw(Kw::Commit) | Tk::Kw(Kw::End) => self.commit(),
            Tk::Kw(Kw::Rollback) => self.rollback(),
            Tk::Kw(Kw::Savepoint) => self.savepoint(),
            Tk::Kw(Kw::Release) => self.release(),
            Tk::Kw(Kw::Pragma) => self.pragma(),
            Tk::Kw(Kw::Attach) => self.attach(),
            Tk::Kw(Kw::Detach) => self.detach(),
            Tk::Kw(Kw::Vacuum) => self.vacuum(),
            Tk::Kw(Kw::Reindex) => self.reindex(),
            Tk::Kw(Kw::Analyze) => self.analyze(),
            _ => Err(self.syntax_error()),
        }
    }

    /// `WITH ...` followed by SELECT, INSERT, REPLACE, UPDATE or DELETE.
    fn with_statement(&mut self) -> Result<Stmt> {
        let start = self.pos();
        let with = self.with_clause()?;
        match self.kind() {
            Tk::Kw(Kw::Select) | Tk::Kw(Kw::Values) => {
                let mut s = self.select_after_with(Some(with), start)?;
                s.span = self.span_from(start);
                Ok(Stmt::Select(Box::new(s)))
            }
            Tk::Kw(Kw::Insert) | Tk::Kw(Kw::Replace) => {
                Ok(Stmt::Insert(Box::new(self.insert(Some(with), start)?)))
            }
            Tk::Kw(Kw::Update) => Ok(Stmt::Update(Box::new(self.update(Some(with), start)?))),
            Tk::Kw(Kw::Delete) => Ok(Stmt::Delete(Box::new(self.delete(Some(with), start)?))),
            _ => Err(self.syntax_error()),
        }
    }
}

/// What SQLite's tokenizer counts as an identifier when looking around `WINDOW`/`OVER`:
/// names, strings, join keywords, WINDOW, OVER and every fallback keyword (not FILTER).
fn is_id_like(kind: Tk) -> bool {
    match kind {
        Tk::Id | Tk::QuotedId | Tk::String => true,
        Tk::Kw(k) => k.is_fallback_id() || k.is_join_kw() || matches!(k, Kw::Window | Kw::Over),
        _ => false,
    }
}

/// Dequote a name token's text: `"a""b"` → `a"b`, `[x]` → `x`, `` `x` `` → `x`, `'x'` → `x`.
pub(crate) fn dequote(raw: &str) -> (String, Quote) {
    let b = raw.as_bytes();
    if b.len() < 2 {
        return (raw.to_string(), Quote::None);
    }
    let (q, quote) = match b[0] {
        b'"' => (b'"', Quote::Double),
        b'`' => (b'`', Quote::Backtick),
        b'\'' => (b'\'', Quote::Single),
        b'[' => return (raw[1..raw.len() - 1].to_string(), Quote::Bracket),
        _ => return (raw.to_string(), Quote::None),
    };
    let inner = &raw[1..raw.len() - 1];
    let qs = (q as char).to_string();
    (inner.replace(&format!("{qs}{qs}"), &qs), quote)
}

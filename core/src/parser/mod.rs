//! SQL text → AST: the lexer (`lexer`), keyword table ([`keywords`]), the recursive-descent
//! parser (`parser.rs` plus one file per statement family) and the tree it builds ([`ast`]).
//!
//! Owns nothing but syntax: names are not resolved here and no schema is consulted.
//!
//! Entry points:
//! - [`parse`] gives every statement of a script.
//! - [`parse_one`] gives the first statement and where the rest begins (`sqlite3_prepare`'s tail).
//! - [`is_complete`] is `sqlite3_complete`.
//! - [`parse_one_with_params`] is [`parse_one`] plus the statement's parameter count and names.
//! - [`schema_sql`] gives the text SQLite stores in `sqlite_schema.sql` for a CREATE.
//!
//!
//! Errors carry SQLite's messages (`near "x": syntax error`, `incomplete input`,
//! `unrecognized token: "x"`) with the byte offset of the offending token in
//! [`Error::offset`](crate::error::Error). Errors SQLite raises while reducing a construct
//! (`unknown join type`, trigger-body restrictions...) are reported only if the next token
//! could follow it, else the syntax error at that token comes first; errors SQLite raises
//! after parsing (`hex literal too big`, VALUES arity, 2000-term limits) are deferred to the
//! end of the statement. Scripts should be run with [`parse_one`] in a loop, as SQLite runs
//! each statement before parsing the next.
//!
//! How this is checked against the reference `sqlite3` (the `testdata/` generators call the
//! system libsqlite3 through Python's ctypes/sqlite3 and write tables the tests read):
//! `gen.py` (hand-written cases → `expected.tsv`, plus `complete.tsv` for
//! `sqlite3_complete`), `fuzz.py` (mutated statements → `fuzz.tsv`; also exploratory runs),
//! `exprgen.py` (random expressions with SQLite's values → `exprs*.tsv`, evaluated from our
//! trees) and `realgen.py` (REAL literal bits). The whole sqllogictest corpus must parse.

pub mod ast;
mod ddl;
mod dml;
mod expr;
pub mod keywords;
mod lexer;
#[allow(clippy::module_inception)]
mod parser;
mod schema_text;
mod select;
mod stmt;
mod token;

#[cfg(test)]
mod tests;

pub use ast::Stmt;
pub use lexer::is_complete;
pub use schema_text::schema_sql;

use crate::error::Result;
use parser::Parser;
use token::Tk;

/// Parse the first statement of `sql`, skipping leading whitespace, comments and empty
/// statements (`;`). Returns `None` when there is no statement, else the statement and the
/// byte offset just past it (past its `;` when there is one), where the next statement
/// begins — the tail `sqlite3_prepare` reports.
pub fn parse_one(sql: &str) -> Result<Option<(Stmt, usize)>> {
    parse_one_at(sql, 0)
}

/// [`parse_one`] starting at byte offset `start` of `sql` (spans stay relative to `sql`).
pub fn parse_one_at(sql: &str, start: usize) -> Result<Option<(Stmt, usize)>> {
    Ok(parse_one_with_params_at(sql, start)?.map(|(s, tail, _)| (s, tail)))
}

/// A statement's parameters as SQLite numbers them (`sqlite3_bind_parameter_count`,
/// `sqlite3_bind_parameter_name`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// The largest parameter index used (0 when there are none).
    pub count: u32,
    /// `names[i]` is the name of parameter `i + 1` as written (`:a`, `@b`, `$c`, `?5`), or
    /// `None` for a nameless `?` (or an index no parameter uses).
    pub names: Vec<Option<String>>,
}

/// [`parse_one`], also returning the statement's [`Params`].
pub fn parse_one_with_params(sql: &str) -> Result<Option<(Stmt, usize, Params)>> {
    parse_one_with_params_at(sql, 0)
}

fn parse_one_with_params_at(sql: &str, start: usize) -> Result<Option<(Stmt, usize, Params)>> {
    let mut p = Parser::new(sql, start);
    while p.eat(Tk::Semi) {}
    if p.at(Tk::Eof) {
        return Ok(None);
    }
    let stmt = p.statement()?;
    let tail = match p.kind() {
        Tk::Semi => p.advance().span.end,
        Tk::Eof => p.peek().span.start,
        _ => return Err(p.syntax_error()),
    };
    if let Some(e) = p.deferred.take() {
        return Err(e);
    }
    let mut names = vec![None; p.max_var as usize];
    for (name, index) in &p.var_order {
        if let Some(slot) = names.get_mut(*index as usize - 1) {
            slot.get_or_insert_with(|| name.clone());
        }
    }
    let params = Params {
        count: p.max_var,
        names,
    };
    Ok(Some((stmt, tail, params)))
}

/// Parse every statement in `sql`.
pub fn parse(sql: &str) -> Result<Vec<Stmt>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((stmt, tail)) = parse_one_at(sql, pos)? {
        out.push(stmt);
        pos = tail;
    }
    Ok(out)
}

//! SQL text → AST: the lexer ([`lexer`]), keyword table ([`keywords`]), the recursive-descent
//! parser (`parser.rs` plus one file per statement family) and the tree it builds ([`ast`]).
//!
//! Owns nothing but syntax: names are not resolved here and no schema is consulted.
//!
//! Entry points:
//! - [`parse`] gives every statement of a script.
//! - [`parse_one`] gives the first statement and where the rest begins (`sqlite3_prepare`'s tail).
//! - [`is_complete`] is `sqlite3_complete`.
//!
//!
//! Errors carry SQLite's messages (`near "x": syntax error`, `incomplete input`,
//! `unrecognized token: "x"`) with the byte offset of the offending token in
//! [`Error::offset`](crate::error::Error).

pub mod ast;
mod ddl;
mod dml;
mod expr;
pub mod keywords;
mod lexer;
#[allow(clippy::module_inception)]
mod parser;
mod select;
mod stmt;
mod token;

#[cfg(test)]
mod tests;

pub use ast::Stmt;
pub use lexer::is_complete;

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
    let mut p = Parser::new(sql, start);
    while p.eat(Tk::Semi) {}
    if p.at(Tk::Eof) {
        return Ok(None);
    }
    let stmt = p.statement()?;
    match p.kind() {
        Tk::Semi => {
            let t = p.advance();
            Ok(Some((stmt, t.span.end)))
        }
        Tk::Eof => Ok(Some((stmt, sql.len()))),
        _ => Err(p.syntax_error()),
    }
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

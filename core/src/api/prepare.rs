//! Preparing a statement: SQL text → parser → AST → codegen → [`Program`].

use crate::connection::ConnState;
use crate::error::{Error, Result};
use crate::vdbe::Program;

/// Compiles the first statement of `sql`. Returns the program (None when `sql` has only
/// whitespace/comments) and the byte offset where the rest begins.
pub(crate) fn compile_first(conn: &mut ConnState, sql: &str) -> Result<(Option<Program>, usize)> {
    let _ = conn;
    if sql.trim().is_empty() {
        return Ok((None, sql.len()));
    }
    Err(Error::sql("SQL compiler not merged yet"))
}

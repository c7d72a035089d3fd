//! [`Statement`]: one compiled SQL statement and its execution state.

use crate::error::{Error, Result};
use crate::value::Value;

/// What one call of [`Statement::step`] produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepResult {
    /// A result row is ready: read it with `column_*`.
    Row,
    /// The statement has finished; `reset` runs it again.
    Done,
}

/// A prepared statement (`sqlite3_stmt`). Keeps its connection alive.
pub struct Statement {
    // Filled in by the engine work (vdbe/): the program, registers, cursors, bindings.
}

impl Statement {
    /// Runs to the next result row, or to the end.
    pub fn step(&mut self) -> Result<StepResult> {
        Err(Error::sql("engine not wired yet"))
    }

    /// Rewinds so the next `step` starts over; keeps bindings.
    pub fn reset(&mut self) {}

    /// Sets every parameter back to NULL.
    pub fn clear_bindings(&mut self) {}

    /// Binds parameter `index` (1-based, as `sqlite3_bind_*`). `SQLITE_RANGE` when out of range.
    pub fn bind(&mut self, index: usize, value: Value) -> Result<()> {
        let _ = (index, value);
        Err(Error::from_code(crate::error::codes::SQLITE_RANGE))
    }

    /// Number of parameters: the largest parameter index used.
    pub fn bind_parameter_count(&self) -> usize {
        0
    }

    /// The name of parameter `index` including its prefix (`:a`, `@a`, `$a`, `?5`), or None for
    /// a nameless `?`.
    pub fn bind_parameter_name(&self, index: usize) -> Option<&str> {
        let _ = index;
        None
    }

    /// The index of the parameter called `name` (with its prefix), if any.
    pub fn bind_parameter_index(&self, name: &str) -> Option<usize> {
        let _ = name;
        None
    }

    /// Columns in each result row (0 for statements that return none).
    pub fn column_count(&self) -> usize {
        0
    }

    /// The column's name as SQLite names it (alias, else the column name, else the expression
    /// text).
    pub fn column_name(&self, index: usize) -> &str {
        let _ = index;
        ""
    }

    /// The declared type of a result column that is a table column, as written in CREATE TABLE.
    pub fn column_decltype(&self, index: usize) -> Option<&str> {
        let _ = index;
        None
    }

    /// Origin of a result column that is a table column: (database, table, column).
    pub fn column_origin(&self, index: usize) -> Option<(&str, &str, &str)> {
        let _ = index;
        None
    }

    /// The value of column `index` in the current row; NULL when out of range or no row.
    pub fn column_value(&self, index: usize) -> &Value {
        let _ = index;
        &Value::Null
    }

    /// The statement's SQL text as prepared.
    pub fn sql(&self) -> &str {
        ""
    }

    /// The SQL with parameters replaced by their bound values (`sqlite3_expanded_sql`).
    pub fn expanded_sql(&self) -> String {
        String::new()
    }

    /// True when the statement makes no direct change to the database file.
    pub fn readonly(&self) -> bool {
        true
    }

    /// 1 for `EXPLAIN`, 2 for `EXPLAIN QUERY PLAN`, else 0.
    pub fn is_explain(&self) -> u8 {
        0
    }

    /// True after `step` has been called and before the statement reached Done or was reset.
    pub fn busy(&self) -> bool {
        false
    }
}

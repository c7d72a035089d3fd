//! `SQLITE_LIMIT_COLUMN` (c3ref/c_limit_attached.html, limits.html): the most columns a table,
//! index, result set, SET list, GROUP BY or ORDER BY may have. The connection's run-time
//! limit (`sqlite3_limit`) arrives in `Compiler::column_limit`; the parser enforces only the
//! compiled-in maximum (2000). Messages as sqlite3 gives them.

use crate::error::{Error, Result};
use crate::parser::ast;

/// SQLite's compiled-in SQLITE_MAX_COLUMN, the default limit.
pub const DEFAULT_COLUMN_LIMIT: usize = 2000;

impl super::Compiler<'_> {
    fn over_limit(&self, n: usize) -> bool {
        n > self.column_limit
    }

    /// GROUP BY and ORDER BY term counts of `sel` (checked before its result columns).
    pub(crate) fn check_term_limits(&self, sel: &ast::Select) -> Result<()> {
        let cores = std::iter::once(&sel.first).chain(sel.compounds.iter().map(|(_, c)| c));
        for core in cores {
            if let ast::SelectCore::Select(s) = core {
                if self.over_limit(s.group_by.len()) {
                    return Err(Error::sql("too many terms in GROUP BY clause"));
                }
            }
        }
        if self.over_limit(sel.order_by.len()) {
            return Err(Error::sql("too many terms in ORDER BY clause"));
        }
        Ok(())
    }

    /// The width of a SELECT's result (subqueries, views, CTEs and CREATE TABLE AS included).
    pub(crate) fn check_result_width(&self, n: usize) -> Result<()> {
        if self.over_limit(n) {
            return Err(Error::sql("too many columns in result set"));
        }
        Ok(())
    }

    /// Columns of a table being created (`name`) or grown by ALTER TABLE ADD COLUMN, whose
    /// message names SQLite's scratch table `sqlite_altertab_<table>`.
    pub(crate) fn check_table_width(&self, name: &str, n: usize) -> Result<()> {
        if self.over_limit(n) {
            return Err(Error::sql(format!("too many columns on {name}")));
        }
        Ok(())
    }

    /// Columns of an index being created.
    pub(crate) fn check_index_width(&self, n: usize) -> Result<()> {
        if self.over_limit(n) {
            return Err(Error::sql("too many columns in index"));
        }
        Ok(())
    }

    /// Columns an UPDATE assigns.
    pub(crate) fn check_set_width(&self, sets: &[ast::Assignment]) -> Result<()> {
        if self.over_limit(sets.iter().map(|a| a.columns.len()).sum()) {
            return Err(Error::sql("too many columns in set list"));
        }
        Ok(())
    }
}

//! Name resolution: the row sources of each FROM clause in scope and how a column name maps to
//! one of them (lang_select.html "Column names", lang_expr.html "Column names").
//!
//! A [`Scope`] is one SELECT's FROM clause; scopes nest for subqueries, so a name not found in
//! the innermost scope is looked up outward (a correlated reference). Within one scope an
//! unqualified name that matches columns of two sources is ambiguous, except that the right-hand
//! copy of a USING/NATURAL column is skipped.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::schema::Table;
use crate::value::affinity::Affinity;
use crate::vdbe::insn::{ColumnOrigin, CursorId};

/// One column of a row source.
#[derive(Debug, Clone)]
pub(crate) struct SrcColumn {
    pub name: String,
    /// `None` for no affinity (an expression result).
    pub affinity: Option<Affinity>,
    pub collation: Option<String>,
    pub decltype: Option<String>,
    pub origin: Option<ColumnOrigin>,
    /// Right-hand copy of a USING/NATURAL join column: skipped by unqualified names and `*`.
    pub using_dup: bool,
    /// A hidden column of a table-valued function (`json_each.json`): left out of `*`.
    pub hidden: bool,
}

/// A row source of a FROM clause: a table or a materialized subquery, read through `cursor`.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The alias, else the table's name; what `name.column` and `name.*` match.
    pub name: String,
    /// The table for a b-tree table source; `None` for an ephemeral (materialized) one whose
    /// column `i` is record field `i`.
    pub table: Option<Arc<Table>>,
    pub columns: Vec<SrcColumn>,
    pub cursor: CursorId,
    /// The right-hand side of a LEFT JOIN (or FULL): may be a NULL row.
    pub outer: bool,
    /// When set, the row lives in registers instead: (rowid register, first column register).
    pub regs: Option<(crate::vdbe::insn::Reg, crate::vdbe::insn::Reg)>,
    /// When the loop reads a covering index instead of the table: (index cursor, position of
    /// each table column in the index key).
    pub cover: Option<(CursorId, Vec<Option<usize>>)>,
    /// `INDEXED BY name` (Some(Some(name))) or `NOT INDEXED` (Some(None)).
    pub indexed: Option<Option<String>>,
    /// The database of a table, view or table-valued function (main) source, which a
    /// `db.name.column` reference must name; `None` for subqueries and CTEs (never matched
    /// so).
    pub db: Option<usize>,
}

/// Which column of a source a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ColSel {
    Column(usize),
    Rowid,
}

/// A resolved column reference: scope depth (0 = outermost), source index, column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ColRef {
    pub depth: usize,
    pub src: usize,
    pub col: ColSel,
}

/// The FROM clause of one SELECT (or the target table of UPDATE/DELETE).
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub sources: Vec<Source>,
}

impl Source {
    pub fn from_table(table: Arc<Table>, alias: Option<&str>, cursor: CursorId) -> Source {
        let tname = table.name.clone();
        let columns = table
            .columns
            .iter()
            .map(|c| SrcColumn {
                name: c.name.clone(),
                affinity: Some(c.affinity),
                collation: c.collation.clone(),
                decltype: c.decl_type.clone(),
                origin: Some(ColumnOrigin {
                    database: if table.db == 1 { "temp" } else { "main" }.into(),
                    table: tname.clone(),
                    column: c.name.clone(),
                }),
                using_dup: false,
                hidden: false,
            })
            .collect();
        Source {
            name: alias.unwrap_or(&table.name).to_string(),
            db: Some(table.db),
            table: Some(table),
            columns,
            cursor,
            outer: false,
            regs: None,
            cover: None,
            indexed: None,
        }
    }

    /// This source as a row held in registers (`regs`: the rowid register, the first
    /// column's), as a trigger's OLD/NEW, an FK action's old/new parent row or an upsert's
    /// `excluded` row are: sqlite3 compares their columns without the column affinity, bar
    /// the INTEGER PRIMARY KEY's when `keep_rowid_alias` (OLD/NEW, a rowid there; not
    /// `excluded`: `excluded.id IS NOT '1'` is true for 1).
    pub fn in_registers(
        mut self,
        regs: (crate::vdbe::insn::Reg, crate::vdbe::insn::Reg),
        keep_rowid_alias: bool,
    ) -> Source {
        let alias = self.table.as_ref().and_then(|t| t.rowid_alias);
        for (i, c) in self.columns.iter_mut().enumerate() {
            if !(keep_rowid_alias && alias == Some(i)) {
                c.affinity = None;
            }
        }
        self.regs = Some(regs);
        self
    }

    fn column(&self, name: &str) -> Option<ColSel> {
        if let Some(i) = self
            .columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
        {
            return Some(ColSel::Column(i));
        }
        match &self.table {
            Some(t) if t.is_rowid_name(name) => Some(ColSel::Rowid),
            _ => None,
        }
    }
}

/// Looks `column` (optionally qualified by `table`) up in `scopes`, innermost first.
/// Returns `Ok(None)` when no scope has it.
pub(crate) fn lookup(
    scopes: &[Scope],
    table: Option<&str>,
    column: &str,
) -> Result<Option<ColRef>> {
    lookup_in_db(scopes, None, table, column)
}

/// [`lookup`] of `db.table.column` when `db` is given: only sources of database `db`
/// (a table or view, whatever its alias) match (sqlite3: `main.x.a FROM aux.t AS x` and
/// `main.s.a FROM (SELECT 1 AS a) AS s` are "no such column").
pub(crate) fn lookup_in_db(
    scopes: &[Scope],
    db: Option<usize>,
    table: Option<&str>,
    column: &str,
) -> Result<Option<ColRef>> {
    // A `*` expansion names its column by position: table "\u{1}<source>", column
    // "\u{1}<column>" in the innermost scope.
    if let (Some(t), Some(c)) = (
        table.and_then(|t| t.strip_prefix('\u{1}')),
        column.strip_prefix('\u{1}'),
    ) {
        let depth = scopes.len().saturating_sub(1);
        if let (Ok(src), Ok(col)) = (t.parse::<usize>(), c.parse::<usize>()) {
            if scopes.get(depth).is_some_and(|s| src < s.sources.len()) {
                return Ok(Some(ColRef {
                    depth,
                    src,
                    col: ColSel::Column(col),
                }));
            }
        }
        return Ok(None);
    }
    for depth in (0..scopes.len()).rev() {
        let scope = &scopes[depth];
        let mut found: Option<ColRef> = None;
        for (si, src) in scope.sources.iter().enumerate() {
            if let Some(t) = table {
                if !src.name.eq_ignore_ascii_case(t) {
                    continue;
                }
            }
            if db.is_some() && src.db != db {
                continue;
            }
            let Some(col) = src.column(column) else {
                continue;
            };
            if let ColSel::Column(ci) = col {
                if table.is_none() && src.columns[ci].using_dup {
                    continue;
                }
            }
            if found.is_some() {
                if table.is_none() {
                    return Err(Error::sql(format!("ambiguous column name: {column}")));
                }
                continue;
            }
            found = Some(ColRef {
                depth,
                src: si,
                col,
            });
        }
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

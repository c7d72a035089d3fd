//! Indexes: explicit (`CREATE INDEX`, origin `c`) and automatic ones for UNIQUE (`u`) and
//! PRIMARY KEY (`pk`) constraints, named `sqlite_autoindex_<table>_<N>` as SQLite names them.
//!
//! An index entry of a rowid table is the record `(indexed columns..., rowid)`. A WITHOUT
//! ROWID table is itself stored as its primary-key index (`(pk columns..., other columns...)`).

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast::{self, ColumnConstraintKind, ConflictResolution, TableConstraintKind};
use crate::value::compare::{Collation, KeyInfo};

use super::table::{indexed_column_collation, indexed_column_name, stored_sql, Table};

/// What an index column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexedExpr {
    /// Table column number.
    Column(usize),
    /// An expression over the table's columns.
    Expr(ast::Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexColumn {
    pub expr: IndexedExpr,
    pub collation: Collation,
    pub desc: bool,
}

/// Where an index came from (`PRAGMA index_list`'s origin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexOrigin {
    /// `CREATE INDEX`
    Create,
    /// A UNIQUE constraint.
    Unique,
    /// A PRIMARY KEY constraint.
    PrimaryKey,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub name: String,
    pub table: String,
    pub root_page: u32,
    pub columns: Vec<IndexColumn>,
    pub unique: bool,
    pub on_conflict: Option<ConflictResolution>,
    pub origin: IndexOrigin,
    pub partial: Option<ast::Expr>,
    /// `None` for automatic indexes (their `sqlite_schema.sql` is NULL).
    pub sql: Option<String>,
    pub db: usize,
    /// Its position among its database's schema rows, like [`super::Trigger::seq`] (0 for
    /// an index not read from `sqlite_schema`).
    pub seq: usize,
}

impl Index {
    /// Key info for the index's records: its columns, then the rowid (ascending, BINARY).
    pub fn key_info(&self) -> Arc<KeyInfo> {
        let mut ki = KeyInfo {
            collations: self.columns.iter().map(|c| c.collation.clone()).collect(),
            desc: self.columns.iter().map(|c| c.desc).collect(),
            n_key_fields: self.columns.len(),
        };
        ki.collations.push(Collation::Binary);
        ki.desc.push(false);
        ki.n_key_fields = self.columns.len() + 1;
        Arc::new(ki)
    }

    /// The table column numbers when every index column is a plain column.
    pub fn column_numbers(&self) -> Option<Vec<usize>> {
        self.columns
            .iter()
            .map(|c| match c.expr {
                IndexedExpr::Column(i) => Some(i),
                IndexedExpr::Expr(_) => None,
            })
            .collect()
    }

    /// Builds an index from `CREATE INDEX` on `table`.
    pub fn from_create(
        ci: &ast::CreateIndex,
        sql: &str,
        table: &Table,
        root: u32,
    ) -> Result<Index> {
        let columns = index_columns(&ci.columns, table)?;
        let prefix = if ci.unique {
            "CREATE UNIQUE INDEX"
        } else {
            "CREATE INDEX"
        };
        Ok(Index {
            name: ci.name.name.name.clone(),
            table: table.name.clone(),
            root_page: root,
            columns,
            unique: ci.unique,
            on_conflict: None,
            origin: IndexOrigin::Create,
            partial: ci.where_.clone(),
            sql: Some(stored_sql(&ci.name, ci.span, sql, prefix)),
            db: table.db,
            seq: 0,
        })
    }
}

fn index_columns(cols: &[ast::IndexedColumn], table: &Table) -> Result<Vec<IndexColumn>> {
    let mut out = Vec::new();
    for ic in cols {
        let expr = match indexed_column_name(ic) {
            Some(name) => match table.column_index(name) {
                Some(i) => IndexedExpr::Column(i),
                None if table.is_rowid_name(name) => {
                    return Err(Error::sql(format!("no such column: {name}")))
                }
                None => return Err(Error::sql(format!("no such column: {name}"))),
            },
            None => {
                let mut e = &ic.expr;
                if let ast::ExprKind::Collate { expr, .. } = &e.kind {
                    e = expr;
                }
                IndexedExpr::Expr(e.clone())
            }
        };
        let collation = match (indexed_column_collation(ic), &expr) {
            (Some(c), _) => Collation::from_name(c),
            (None, IndexedExpr::Column(i)) => table.columns[*i]
                .collation
                .as_deref()
                .map(Collation::from_name)
                .unwrap_or_default(),
            (None, IndexedExpr::Expr(_)) => Collation::Binary,
        };
        out.push(IndexColumn {
            expr,
            collation,
            desc: ic.order == Some(ast::SortOrder::Desc),
        });
    }
    Ok(out)
}

/// The automatic indexes a CREATE TABLE implies, in SQLite's numbering order: one per UNIQUE
/// or non-rowid PRIMARY KEY constraint, in the order they appear (column constraints first, in
/// column order, then table constraints). Duplicates of an earlier constraint's column list are
/// skipped. Root pages are 0; the caller fills them in.
pub fn auto_indexes(ct: &ast::CreateTable, table: &Table) -> Result<Vec<Index>> {
    let mut out = numbered_auto_indexes(ct, table)?;
    // A WITHOUT ROWID table is its own primary-key index: none is created, but the number
    // is used up.
    if table.without_rowid {
        out.retain(|ix| ix.origin != IndexOrigin::PrimaryKey);
    }
    Ok(out)
}

/// The index a WITHOUT ROWID `table` is stored as, described as SQLite's pragmas describe it
/// (`sqlite_autoindex_<table>_<N>`, origin `pk`, root page of the table). A primary key
/// that would alias the rowid of an ordinary table takes the number after all the others.
pub fn without_rowid_pk_index(ct: &ast::CreateTable, table: &Table) -> Result<Option<Index>> {
    if !table.without_rowid {
        return Ok(None);
    }
    let all = numbered_auto_indexes(ct, table)?;
    let n = all.len() + 1;
    let pk = all
        .into_iter()
        .find(|ix| ix.origin == IndexOrigin::PrimaryKey);
    Ok(Some(pk.unwrap_or_else(|| {
        Index {
            name: format!("sqlite_autoindex_{}_{}", table.name, n),
            table: table.name.clone(),
            root_page: 0,
            columns: (table.primary_key.iter())
                .map(|&(c, desc)| IndexColumn {
                    expr: IndexedExpr::Column(c),
                    collation: (table.columns[c].collation.as_deref())
                        .map(Collation::from_name)
                        .unwrap_or_default(),
                    desc,
                })
                .collect(),
            unique: true,
            on_conflict: table.pk_conflict,
            origin: IndexOrigin::PrimaryKey,
            partial: None,
            sql: None,
            db: table.db,
            seq: 0,
        }
    }))
    .map(|mut ix| {
        ix.root_page = table.root_page;
        ix
    }))
}

/// Every automatic index of `auto_indexes`, a WITHOUT ROWID table's primary key included
/// (except one that would alias the rowid).
fn numbered_auto_indexes(ct: &ast::CreateTable, table: &Table) -> Result<Vec<Index>> {
    let ast::CreateTableBody::Columns {
        columns,
        constraints,
        ..
    } = &ct.body
    else {
        return Ok(vec![]);
    };
    let mut specs: Vec<(Vec<IndexColumn>, IndexOrigin, Option<ConflictResolution>)> = Vec::new();
    let col_spec = |i: usize, desc: bool| IndexColumn {
        expr: IndexedExpr::Column(i),
        collation: table.columns[i]
            .collation
            .as_deref()
            .map(Collation::from_name)
            .unwrap_or_default(),
        desc,
    };
    // A WITHOUT ROWID table's INTEGER PRIMARY KEY (one that would alias the rowid of an
    // ordinary table) takes no autoindex number either, as in sqlite3.
    let alias = table
        .rowid_alias
        .or_else(|| without_rowid_ipk(columns, table));
    for (i, cd) in columns.iter().enumerate() {
        for cc in &cd.constraints {
            match &cc.kind {
                ColumnConstraintKind::PrimaryKey {
                    order, conflict, ..
                } if alias != Some(i) => {
                    specs.push((
                        vec![col_spec(i, *order == Some(ast::SortOrder::Desc))],
                        IndexOrigin::PrimaryKey,
                        *conflict,
                    ));
                }
                ColumnConstraintKind::Unique { conflict } => {
                    specs.push((vec![col_spec(i, false)], IndexOrigin::Unique, *conflict))
                }
                _ => {}
            }
        }
    }
    for tc in constraints {
        match &tc.kind {
            TableConstraintKind::PrimaryKey {
                columns, conflict, ..
            } => {
                let cols = index_columns(columns, table)?;
                let is_alias = cols.len() == 1
                    && matches!(cols[0].expr, IndexedExpr::Column(c) if alias == Some(c));
                if !is_alias {
                    specs.push((cols, IndexOrigin::PrimaryKey, *conflict));
                }
            }
            TableConstraintKind::Unique { columns, conflict } => specs.push((
                index_columns(columns, table)?,
                IndexOrigin::Unique,
                *conflict,
            )),
            _ => {}
        }
    }
    let mut out: Vec<Index> = Vec::new();
    for (cols, origin, conflict) in specs {
        let same = |ix: &Index| {
            ix.columns.len() == cols.len()
                && ix
                    .columns
                    .iter()
                    .zip(&cols)
                    .all(|(a, b)| a.expr == b.expr && a.collation == b.collation)
        };
        if let Some(prev) = out.iter_mut().find(|ix| same(ix)) {
            if origin == IndexOrigin::PrimaryKey {
                prev.origin = IndexOrigin::PrimaryKey;
            }
            continue;
        }
        let n = out.len() + 1;
        out.push(Index {
            name: format!("sqlite_autoindex_{}_{}", table.name, n),
            table: table.name.clone(),
            root_page: 0,
            columns: cols,
            unique: true,
            on_conflict: conflict,
            origin,
            partial: None,
            sql: None,
            db: table.db,
            seq: 0,
        });
    }
    Ok(out)
}

/// The column of WITHOUT ROWID `table` whose primary key would alias the rowid in an ordinary
/// table: its only key column, declared exactly INTEGER, not `PRIMARY KEY DESC` on the column.
fn without_rowid_ipk(columns: &[ast::ColumnDef], table: &Table) -> Option<usize> {
    if !table.without_rowid || table.primary_key.len() != 1 {
        return None;
    }
    let ci = table.primary_key[0].0;
    let integer = table.columns.get(ci)?.decl_type.as_deref()?;
    let desc = columns.get(ci).is_some_and(|cd| {
        cd.constraints.iter().any(|cc| {
            matches!(
                &cc.kind,
                ColumnConstraintKind::PrimaryKey {
                    order: Some(ast::SortOrder::Desc),
                    ..
                }
            )
        })
    });
    (integer.eq_ignore_ascii_case("INTEGER") && !desc).then_some(ci)
}

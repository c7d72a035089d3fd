//! Tables and columns as described by `CREATE TABLE` (lang_createtable.html).

use crate::error::{Error, Result};
use crate::parser::ast::{self, ColumnConstraintKind, ConflictResolution, TableConstraintKind};
use crate::value::affinity::Affinity;

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    /// The declared type as written (`VARCHAR(10)`), `None` when omitted.
    pub decl_type: Option<String>,
    pub affinity: Affinity,
    pub not_null: bool,
    pub not_null_conflict: Option<ConflictResolution>,
    /// The DEFAULT expression.
    pub default: Option<ast::Expr>,
    /// The DEFAULT text as written (what `PRAGMA table_info` shows as `dflt_value`).
    pub default_text: Option<String>,
    /// `COLLATE name`, else `None` (BINARY).
    pub collation: Option<String>,
    /// Part of the PRIMARY KEY.
    pub primary_key: bool,
    /// Hidden or generated column.
    pub hidden: bool,
    /// `AS (expr)` of a generated column.
    pub generated: Option<ast::Expr>,
    /// A STORED generated column (its value is in the record); VIRTUAL ones are not stored.
    pub stored: bool,
}

impl Column {
    /// A VIRTUAL generated column: computed when read, absent from the table's records.
    pub fn is_virtual(&self) -> bool {
        self.generated.is_some() && !self.stored
    }
}

/// A foreign key of a child table.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    /// Child columns (indices into `Table::columns`).
    pub columns: Vec<usize>,
    pub parent: String,
    /// Parent column names; empty means the parent's primary key.
    pub parent_columns: Vec<String>,
    pub on_delete: Option<ast::FkAction>,
    pub on_update: Option<ast::FkAction>,
    pub deferred: bool,
}

/// A CHECK constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// `CONSTRAINT name`, used in the error message; else the expression text.
    pub name: Option<String>,
    pub expr: ast::Expr,
    /// The expression's text as written.
    pub text: String,
}

/// A table (rowid or WITHOUT ROWID).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub root_page: u32,
    pub columns: Vec<Column>,
    /// The INTEGER PRIMARY KEY column that aliases the rowid.
    pub rowid_alias: Option<usize>,
    /// PRIMARY KEY columns with their order (empty when none declared).
    pub primary_key: Vec<(usize, bool)>,
    pub pk_conflict: Option<ConflictResolution>,
    pub without_rowid: bool,
    pub strict: bool,
    pub autoincrement: bool,
    pub checks: Vec<Check>,
    pub foreign_keys: Vec<ForeignKey>,
    /// The `sql` column of its `sqlite_schema` row.
    pub sql: String,
    /// Database index (0 main, 1 temp).
    pub db: usize,
}

impl Table {
    /// The index of column `name` (case-insensitive).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Where column `i` is stored in the table's records: its own position for a rowid table;
    /// for a WITHOUT ROWID table the primary-key columns come first, then the others in order.
    /// VIRTUAL generated columns have no field: they are skipped (for such a column the
    /// result is the position the next stored column takes; callers compute it instead).
    pub fn storage_pos(&self, i: usize) -> usize {
        let virt = |c: usize| self.columns.get(c).is_some_and(|c| c.is_virtual());
        if !self.without_rowid {
            return (0..i).filter(|&c| !virt(c)).count();
        }
        if let Some(p) = self.primary_key.iter().position(|(c, _)| *c == i) {
            return p;
        }
        let pk: Vec<usize> = self.primary_key.iter().map(|p| p.0).collect();
        pk.len() + (0..i).filter(|&c| !pk.contains(&c) && !virt(c)).count()
    }

    /// The number of fields in the table's records (columns minus VIRTUAL ones).
    pub fn n_stored(&self) -> usize {
        self.columns.iter().filter(|c| !c.is_virtual()).count()
    }

    /// Whether any column is generated.
    pub fn has_generated(&self) -> bool {
        self.columns.iter().any(|c| c.generated.is_some())
    }

    /// Key info of a WITHOUT ROWID table's records (its primary key, then the other columns).
    pub fn pk_key_info(&self) -> std::sync::Arc<crate::value::compare::KeyInfo> {
        use crate::value::compare::{Collation, KeyInfo};
        let coll = |c: usize| {
            self.columns[c]
                .collation
                .as_deref()
                .map(Collation::from_name)
                .unwrap_or_default()
        };
        std::sync::Arc::new(KeyInfo {
            collations: self.primary_key.iter().map(|p| coll(p.0)).collect(),
            desc: self.primary_key.iter().map(|p| p.1).collect(),
            n_key_fields: self.primary_key.len(),
        })
    }

    /// Whether `name` is one of the rowid's names and no column shadows it.
    pub fn is_rowid_name(&self, name: &str) -> bool {
        !self.without_rowid
            && ["rowid", "oid", "_rowid_"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
            && self.column_index(name).is_none()
    }

    /// The definition of `sqlite_schema` (and `sqlite_temp_schema` for db 1).
    pub fn sqlite_schema(db: usize) -> Table {
        let name = if db == 1 {
            "sqlite_temp_master"
        } else {
            "sqlite_master"
        };
        let col = |n: &str, t: &str| Column {
            name: n.into(),
            decl_type: Some(t.into()),
            affinity: Affinity::from_decltype(Some(t)),
            not_null: false,
            not_null_conflict: None,
            default: None,
            default_text: None,
            collation: None,
            primary_key: false,
            hidden: false,
            generated: None,
            stored: false,
        };
        Table {
            name: name.into(),
            root_page: 1,
            columns: vec![
                col("type", "TEXT"),
                col("name", "TEXT"),
                col("tbl_name", "TEXT"),
                col("rootpage", "INT"),
                col("sql", "TEXT"),
            ],
            rowid_alias: None,
            primary_key: vec![],
            pk_conflict: None,
            without_rowid: false,
            strict: false,
            autoincrement: false,
            checks: vec![],
            foreign_keys: vec![],
            sql: format!(
                "CREATE TABLE {name}(type text,name text,tbl_name text,rootpage int,sql text)"
            ),
            db,
        }
    }

    /// Builds a table from its CREATE TABLE statement (`sql` is the text `ct` was parsed from).
    /// `AS SELECT` tables are built by codegen, which knows the select's columns.
    pub fn from_create(ct: &ast::CreateTable, sql: &str, root_page: u32) -> Result<Table> {
        let ast::CreateTableBody::Columns {
            columns,
            constraints,
            options,
        } = &ct.body
        else {
            return Err(Error::sql(
                "CREATE TABLE AS SELECT needs the select's columns",
            ));
        };
        let name = ct.name.name.name.clone();
        let mut t = Table {
            name: name.clone(),
            root_page,
            columns: Vec::new(),
            rowid_alias: None,
            primary_key: vec![],
            pk_conflict: None,
            without_rowid: options.without_rowid,
            strict: options.strict,
            autoincrement: false,
            checks: vec![],
            foreign_keys: vec![],
            sql: stored_sql(&ct.name, ct.span, sql, "CREATE TABLE"),
            db: usize::from(ct.temp),
        };
        let mut pk_declared = false;
        let mut pk_desc_single = false;
        let mut sticky_name: Option<String> = None;
        for (i, cd) in columns.iter().enumerate() {
            sticky_name = None;
            if t.column_index(&cd.name.name).is_some() {
                return Err(Error::sql(format!(
                    "duplicate column name: {}",
                    cd.name.name
                )));
            }
            let decl = cd
                .type_name
                .as_ref()
                .map(|tn| tn.span.text(sql).to_string());
            let mut col = Column {
                name: cd.name.name.clone(),
                affinity: Affinity::from_decltype(decl.as_deref()),
                decl_type: decl,
                not_null: false,
                not_null_conflict: None,
                default: None,
                default_text: None,
                collation: None,
                primary_key: false,
                hidden: false,
                generated: None,
                stored: false,
            };
            // A column's `CONSTRAINT name` also names its later unnamed CHECKs (and a CHECK
            // that directly follows the column as the first table constraint): sqlite3 keeps
            // the name until the next column or table constraint starts.
            for cc in &cd.constraints {
                if let Some(n) = &cc.name {
                    sticky_name = Some(n.name.clone());
                }
                match &cc.kind {
                    ColumnConstraintKind::PrimaryKey {
                        order,
                        conflict,
                        autoincrement,
                    } => {
                        if pk_declared {
                            return Err(Error::sql(format!(
                                "table \"{name}\" has more than one primary key"
                            )));
                        }
                        pk_declared = true;
                        col.primary_key = true;
                        pk_desc_single = *order == Some(ast::SortOrder::Desc);
                        t.primary_key = vec![(i, pk_desc_single)];
                        t.pk_conflict = *conflict;
                        t.autoincrement = *autoincrement;
                    }
                    ColumnConstraintKind::NotNull { conflict } => {
                        col.not_null = true;
                        col.not_null_conflict = *conflict;
                    }
                    ColumnConstraintKind::Null { .. } | ColumnConstraintKind::Unique { .. } => {}
                    ColumnConstraintKind::Check(e) => t.checks.push(Check {
                        name: sticky_name.clone(),
                        expr: e.clone(),
                        text: e.span.text(sql).to_string(),
                    }),
                    ColumnConstraintKind::Default(e) => {
                        if col.generated.is_some() {
                            return Err(Error::sql("cannot use DEFAULT on a generated column"));
                        }
                        col.default = Some(e.clone());
                        col.default_text = Some(e.span.text(sql).to_string());
                    }
                    ColumnConstraintKind::Collate(c) => col.collation = Some(c.name.clone()),
                    ColumnConstraintKind::References(fk) => {
                        if fk.columns.len() > 1 {
                            return Err(Error::sql(format!(
                                "foreign key on {} should reference only one column of table {}",
                                col.name, fk.table.name
                            )));
                        }
                        t.foreign_keys.push(foreign_key(vec![i], fk))
                    }
                    ColumnConstraintKind::Generated { expr, stored } => {
                        if col.generated.is_some() || col.default.is_some() {
                            return Err(Error::sql(format!(
                                "error in generated column \"{}\"",
                                col.name
                            )));
                        }
                        col.generated = Some(expr.clone());
                        col.stored = *stored;
                    }
                }
            }
            if col.primary_key && col.generated.is_some() {
                return Err(Error::sql(
                    "generated columns cannot be part of the PRIMARY KEY",
                ));
            }
            t.columns.push(col);
        }
        for (k, tc) in constraints.iter().enumerate() {
            let inherited = if k == 0 { sticky_name.take() } else { None };
            match &tc.kind {
                TableConstraintKind::PrimaryKey {
                    columns: cols,
                    autoincrement,
                    conflict,
                } => {
                    if pk_declared {
                        return Err(Error::sql(format!(
                            "table \"{name}\" has more than one primary key"
                        )));
                    }
                    pk_declared = true;
                    let mut pk = Vec::new();
                    for ic in cols {
                        let cname = indexed_column_name(ic).ok_or_else(|| not_a_column(ic))?;
                        let ci = t
                            .column_index(cname)
                            .ok_or_else(|| Error::sql(format!("no such column: {cname}")))?;
                        if t.columns[ci].generated.is_some() {
                            return Err(Error::sql(
                                "generated columns cannot be part of the PRIMARY KEY",
                            ));
                        }
                        t.columns[ci].primary_key = true;
                        pk.push((ci, ic.order == Some(ast::SortOrder::Desc)));
                    }
                    pk_desc_single = pk.len() == 1 && pk[0].1;
                    t.primary_key = pk;
                    t.pk_conflict = *conflict;
                    t.autoincrement = *autoincrement;
                }
                // `CONSTRAINT name` alone constrains nothing.
                TableConstraintKind::Named => {}
                TableConstraintKind::Check(e) => t.checks.push(Check {
                    name: tc.name.as_ref().map(|n| n.name.clone()).or(inherited),
                    expr: e.clone(),
                    text: e.span.text(sql).to_string(),
                }),
                TableConstraintKind::ForeignKey {
                    columns: cols,
                    clause,
                } => {
                    let mut idx = Vec::new();
                    for c in cols {
                        idx.push(t.column_index(&c.name).ok_or_else(|| {
                            Error::sql(format!(
                                "unknown column \"{}\" in foreign key definition",
                                c.name
                            ))
                        })?);
                    }
                    if !clause.columns.is_empty() && clause.columns.len() != idx.len() {
                        return Err(Error::sql(
                            "number of columns in foreign key does not match the number of \
                             columns in the referenced table",
                        ));
                    }
                    t.foreign_keys.push(foreign_key(idx, clause));
                }
                TableConstraintKind::Unique { columns, .. } => {
                    for ic in columns {
                        unique_column_check(&t, ic)?;
                    }
                }
            }
        }
        if t.columns.iter().all(|c| c.generated.is_some()) {
            return Err(Error::sql("must have at least one non-generated column"));
        }
        // INTEGER PRIMARY KEY (exactly "INTEGER", single column, not DESC) aliases the rowid.
        let mut would_alias = false;
        if t.primary_key.len() == 1 {
            let ci = t.primary_key[0].0;
            let is_integer = t.columns[ci]
                .decl_type
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case("INTEGER"));
            would_alias = is_integer && !pk_desc_single;
            if would_alias && !t.without_rowid {
                t.rowid_alias = Some(ci);
            }
        }
        if t.strict {
            t.check_strict_types()?;
        }
        if t.autoincrement && t.rowid_alias.is_none() {
            return Err(Error::sql(if would_alias {
                "AUTOINCREMENT not allowed on WITHOUT ROWID tables"
            } else {
                "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY"
            }));
        }
        if t.without_rowid && t.primary_key.is_empty() {
            return Err(Error::sql(format!("PRIMARY KEY missing on table {name}")));
        }
        if t.without_rowid {
            // A WITHOUT ROWID table's primary key is NOT NULL (table_info shows it).
            for &(c, _) in &t.primary_key {
                t.columns[c].not_null = true;
            }
        }
        Ok(t)
    }
}

impl Table {
    /// STRICT tables: every column names one of the strict types (stricttables.html); ANY
    /// columns take no affinity; PRIMARY KEY columns are NOT NULL.
    fn check_strict_types(&mut self) -> Result<()> {
        let alias = self.rowid_alias;
        for (i, c) in self.columns.iter_mut().enumerate() {
            let Some(ty) = c.decl_type.as_deref() else {
                return Err(Error::sql(format!(
                    "missing datatype for {}.{}",
                    self.name, c.name
                )));
            };
            if ty.eq_ignore_ascii_case("ANY") {
                c.affinity = Affinity::Blob;
            } else if crate::vdbe::typecheck::StrictType::from_name(ty).is_none() {
                return Err(Error::sql(format!(
                    "unknown datatype for {}.{}: \"{}\"",
                    self.name, c.name, ty
                )));
            }
            if c.primary_key && alias != Some(i) {
                c.not_null = true;
            }
        }
        Ok(())
    }

    /// The `TypeCheck` columns of a STRICT table (none for others): every column but the
    /// VIRTUAL, ANY and INTEGER PRIMARY KEY ones, by column number; STORED generated columns
    /// only with `stored_generated`.
    pub(crate) fn strict_checks(
        &self,
        stored_generated: bool,
    ) -> Vec<crate::vdbe::typecheck::CheckedColumn> {
        if !self.strict {
            return Vec::new();
        }
        self.columns
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                (c.generated.is_none() || (stored_generated && c.stored))
                    && self.rowid_alias != Some(*i)
            })
            .filter_map(|(i, c)| {
                let ty = crate::vdbe::typecheck::StrictType::from_name(c.decl_type.as_deref()?)?;
                Some(crate::vdbe::typecheck::CheckedColumn {
                    offset: i,
                    ty,
                    name: c.name.clone(),
                })
            })
            .collect()
    }
}

fn foreign_key(columns: Vec<usize>, fk: &ast::ForeignKeyClause) -> ForeignKey {
    ForeignKey {
        columns,
        parent: fk.table.name.clone(),
        parent_columns: fk.columns.iter().map(|c| c.name.clone()).collect(),
        on_delete: fk.on_delete,
        on_update: fk.on_update,
        deferred: fk
            .deferrable
            .is_some_and(|d| !d.not && d.initially_deferred == Some(true)),
    }
}

/// The column named by an indexed column that is a plain column reference (possibly with
/// COLLATE), else `None`.
pub(crate) fn indexed_column_name(ic: &ast::IndexedColumn) -> Option<&str> {
    let mut e = &ic.expr;
    if let ast::ExprKind::Collate { expr, .. } = &e.kind {
        e = expr;
    }
    match &e.kind {
        ast::ExprKind::Column {
            table: None,
            schema: None,
            column,
        } => Some(&column.name),
        ast::ExprKind::Literal(ast::Literal::String(s)) => Some(s),
        _ => None,
    }
}

/// A `UNIQUE(...)` table constraint's column, checked where it is declared (sqlite3 reports
/// it before the constraints that follow): a column of `t`, not an expression.
fn unique_column_check(t: &Table, ic: &ast::IndexedColumn) -> Result<()> {
    if let Some(name) = indexed_column_name(ic) {
        let string = matches!(ic.expr.kind, ast::ExprKind::Literal(_));
        if string || t.column_index(name).is_some() {
            return Ok(());
        }
        return Err(Error::sql(format!("no such column: {name}")));
    }
    Err(not_a_column(ic))
}

/// The error for a PRIMARY KEY or UNIQUE column that is no plain column name.
fn not_a_column(ic: &ast::IndexedColumn) -> Error {
    let mut e = &ic.expr;
    if let ast::ExprKind::Collate { expr, .. } = &e.kind {
        e = expr;
    }
    Error::sql(match &e.kind {
        ast::ExprKind::Column { .. } => "the \".\" operator prohibited in index expressions",
        _ => "expressions prohibited in PRIMARY KEY and UNIQUE constraints",
    })
}

/// The COLLATE of an indexed column, if written.
pub(crate) fn indexed_column_collation(ic: &ast::IndexedColumn) -> Option<&str> {
    match &ic.expr.kind {
        ast::ExprKind::Collate { collation, .. } => Some(&collation.name),
        _ => None,
    }
}

/// The text SQLite stores in `sqlite_schema.sql`: `prefix` followed by the statement's text
/// from its object name on (`IF NOT EXISTS` and `TEMP` dropped).
pub(crate) fn stored_sql(
    name: &ast::QualifiedName,
    stmt_span: ast::Span,
    sql: &str,
    prefix: &str,
) -> String {
    let start = name.name.span.start;
    let rest = sql.get(start..stmt_span.end).unwrap_or("");
    format!("{prefix} {rest}")
}

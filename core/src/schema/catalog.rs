//! [`Schema`]: every table, index, view and trigger of one database, built from the rows of its
//! `sqlite_schema` table (fileformat2.html §2.6).

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;

use super::index::{auto_indexes, Index};
use super::table::{stored_sql, Table};

/// One row of `sqlite_schema`: `(type, name, tbl_name, rootpage, sql)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaRow {
    pub kind: String,
    pub name: String,
    pub tbl_name: String,
    pub root_page: u32,
    pub sql: Option<String>,
}

/// A view.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub name: String,
    /// Column names given in `CREATE VIEW v(a, b)`, else empty.
    pub columns: Vec<String>,
    pub select: ast::Select,
    /// The text the select was parsed from (spans of `select` refer to it).
    pub sql: String,
    /// The database holding the view (names in a non-TEMP view resolve in it alone).
    pub db: usize,
    /// Its position among its database's schema rows, like [`Trigger::seq`].
    pub seq: usize,
}

/// A trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub name: String,
    pub table: String,
    pub def: ast::CreateTrigger,
    pub sql: String,
    /// The database holding the trigger (names in a non-TEMP trigger resolve in it alone).
    pub db: usize,
    /// Its position among its database's schema rows: sqlite3 fires the newest first.
    pub seq: usize,
}

/// The schema of one database (main, temp or an attached one).
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Keyed by lower-case name.
    pub tables: HashMap<String, Arc<Table>>,
    pub indexes: HashMap<String, Arc<Index>>,
    pub views: HashMap<String, Arc<View>>,
    pub triggers: HashMap<String, Arc<Trigger>>,
    /// The schema cookie (header offset 40) this schema was read at.
    pub schema_cookie: u32,
    /// Database index of this schema (0 main, 1 temp).
    pub db: usize,
    /// In the merged view a connection compiles against: every database's own schema, by
    /// database number (empty in a single database's schema). See `schema::multi`.
    pub dbs: Vec<super::multi::DbSchema>,
    /// This database's `sqlite_stat1` rows, read with the schema (see `planner::stat`).
    pub stat1: crate::planner::stat::Stat1,
}

fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl Schema {
    /// An empty schema (a new database): just `sqlite_schema` itself.
    pub fn new(db: usize) -> Schema {
        let mut s = Schema {
            db,
            ..Schema::default()
        };
        let t = Table::sqlite_schema(db);
        s.tables.insert(key(&t.name), Arc::new(t));
        s
    }

    /// Builds the schema from `sqlite_schema` rows, parsing each `sql` with `parse`.
    /// An unparseable row makes the schema malformed, as in SQLite.
    pub fn load(
        db: usize,
        rows: &[SchemaRow],
        cookie: u32,
        parse: &dyn Fn(&str) -> Result<ast::Stmt>,
    ) -> Result<Schema> {
        let mut s = Schema::new(db);
        s.schema_cookie = cookie;
        // Tables first, so indexes and triggers find them.
        let mut later = Vec::new();
        for r in rows {
            if r.kind == "table" {
                let Some(sql) = &r.sql else { continue };
                let stmt = parse(sql).map_err(|e| malformed(&r.name, &e))?;
                let ast::Stmt::CreateTable(ct) = &stmt else {
                    continue;
                };
                let mut t =
                    Table::from_create(ct, sql, r.root_page).map_err(|e| malformed(&r.name, &e))?;
                t.sql = sql.clone();
                t.db = db;
                s.tables.insert(key(&t.name), Arc::new(t));
            } else {
                later.push(r);
            }
        }
        // Automatic indexes take their root pages from the rows that name them.
        let roots: HashMap<String, u32> = rows
            .iter()
            .filter(|r| r.kind == "index")
            .map(|r| (key(&r.name), r.root_page))
            .collect();
        let tables: Vec<Arc<Table>> = s.tables.values().cloned().collect();
        for t in tables {
            if t.root_page == 1 {
                continue;
            }
            let Ok(ast::Stmt::CreateTable(ct)) = parse(&t.sql) else {
                continue;
            };
            for mut ix in auto_indexes(&ct, &t)? {
                ix.root_page = roots.get(&key(&ix.name)).copied().unwrap_or(0);
                s.indexes.insert(key(&ix.name), Arc::new(ix));
            }
        }
        for (seq, r) in later.into_iter().enumerate() {
            let Some(sql) = &r.sql else { continue };
            let stmt = parse(sql).map_err(|e| malformed(&r.name, &e))?;
            match &stmt {
                ast::Stmt::CreateIndex(ci) => {
                    let t = s
                        .table(&ci.table.name)
                        .ok_or_else(|| Error::sql(format!("no such table: {}", ci.table.name)))?;
                    let mut ix = Index::from_create(ci, sql, &t, r.root_page)?;
                    ix.sql = Some(sql.clone());
                    ix.seq = seq;
                    s.indexes.insert(key(&ix.name), Arc::new(ix));
                }
                ast::Stmt::CreateView(cv) => {
                    let mut v = view_from_create(cv, sql, db);
                    v.seq = seq;
                    s.views.insert(key(&r.name), Arc::new(v));
                }
                ast::Stmt::CreateTrigger(ct) => {
                    s.triggers.insert(
                        key(&r.name),
                        Arc::new(Trigger {
                            name: ct.name.name.name.clone(),
                            table: ct.table.name.name.clone(),
                            def: (**ct).clone(),
                            sql: sql.clone(),
                            db,
                            seq,
                        }),
                    );
                }
                _ => {}
            }
        }
        Ok(s)
    }

    pub fn table(&self, name: &str) -> Option<Arc<Table>> {
        let k = key(name);
        if let Some(t) = self.tables.get(&k) {
            return Some(t.clone());
        }
        let alias = match k.as_str() {
            "sqlite_schema" | "sqlite_master" if self.db != 1 => "sqlite_master",
            "sqlite_temp_schema" | "sqlite_temp_master" | "sqlite_schema" | "sqlite_master" => {
                "sqlite_temp_master"
            }
            _ => return None,
        };
        self.tables.get(alias).cloned()
    }

    pub fn index(&self, name: &str) -> Option<Arc<Index>> {
        self.indexes.get(&key(name)).cloned()
    }

    pub fn view(&self, name: &str) -> Option<Arc<View>> {
        self.views.get(&key(name)).cloned()
    }

    pub fn trigger(&self, name: &str) -> Option<Arc<Trigger>> {
        self.triggers.get(&key(name)).cloned()
    }

    /// The indexes of table `table`, in a stable order (by name).
    pub fn table_indexes(&self, table: &str) -> Vec<Arc<Index>> {
        let mut v: Vec<Arc<Index>> = self
            .indexes
            .values()
            .filter(|ix| ix.table.eq_ignore_ascii_case(table))
            .cloned()
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }

    /// The triggers on `table`.
    pub fn table_triggers(&self, table: &str) -> Vec<Arc<Trigger>> {
        let mut v: Vec<Arc<Trigger>> = self
            .triggers
            .values()
            .filter(|t| t.table.eq_ignore_ascii_case(table))
            .cloned()
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }

    /// Whether any table, index or view is called `name`.
    pub fn object_exists(&self, name: &str) -> bool {
        self.table(name).is_some() || self.index(name).is_some() || self.view(name).is_some()
    }
}

pub(crate) fn view_from_create(cv: &ast::CreateView, sql: &str, db: usize) -> View {
    View {
        db,
        name: cv.name.name.name.clone(),
        columns: cv.columns.iter().map(|c| c.name.clone()).collect(),
        select: (*cv.select).clone(),
        sql: sql.to_string(),
        seq: 0,
    }
}

/// `sqlite_schema.sql` for a CREATE VIEW / CREATE TRIGGER statement.
pub(crate) fn view_sql(cv: &ast::CreateView, sql: &str) -> String {
    stored_sql(&cv.name, cv.span, sql, "CREATE VIEW")
}

fn malformed(name: &str, e: &Error) -> Error {
    Error::new(
        crate::error::codes::SQLITE_CORRUPT,
        format!("malformed database schema ({name}) - {}", e.message),
    )
}

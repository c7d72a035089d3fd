//! Which database a DDL statement writes to, and the errors SQLite gives for names that do
//! not fit it. Each `create_*`/`drop` entry point (`ddl.rs`) first comes here while
//! `self.schema` is the merged view; it re-enters itself through [`Compiler::in_db`] with
//! `self.schema` narrowed to the target database's own schema and `self.ddl_db` set, so the
//! DDL code below checks names against that database only and writes its `sqlite_schema`.
//!
//! - CREATE TABLE/VIEW: `temp.` or TEMP → temp, `aux.` → aux, else main.
//! - CREATE INDEX: the qualifier's database, else temp when the table is a temp table, else
//!   main (an unqualified index never goes to an attached database).
//! - CREATE TRIGGER: TEMP or `temp.` → temp (its table may be in any database); a qualified
//!   name → that database (the table must be there too); else the table's database when it
//!   is temp, else main.
//! - DROP: the qualifier's database, else the first that has the object (temp, main,
//!   attached).

use crate::error::{Error, Result};
use crate::parser::ast;

use super::Compiler;

impl Compiler<'_> {
    /// True while `self.schema` is the merged view (DDL has not been routed yet).
    fn ddl_unrouted(&self) -> bool {
        !self.schema.dbs.is_empty()
    }

    /// Routes CREATE TABLE; `Ok(None)` when already routed.
    pub(crate) fn route_create_table(&mut self, ct: &ast::CreateTable) -> Result<Option<()>> {
        if !self.ddl_unrouted() {
            return Ok(None);
        }
        let db = self.ddl_target(&ct.name, ct.temp)?;
        self.in_db(db, |c| c.create_table(ct)).map(Some)
    }

    pub(crate) fn route_create_view(&mut self, cv: &ast::CreateView) -> Result<Option<()>> {
        if !self.ddl_unrouted() {
            return Ok(None);
        }
        let db = self.ddl_target(&cv.name, cv.temp)?;
        self.in_db(db, |c| c.create_view(cv)).map(Some)
    }

    pub(crate) fn route_create_index(&mut self, ci: &ast::CreateIndex) -> Result<Option<()>> {
        if !self.ddl_unrouted() {
            return Ok(None);
        }
        let all = self.schema;
        let db = match &ci.name.schema {
            Some(s) => self.db_named(s)?,
            None if all
                .db_schema(1)
                .is_some_and(|t| t.table(&ci.table.name).is_some()) =>
            {
                1
            }
            None => 0,
        };
        let own = all.db_schema(db).unwrap_or(all);
        if own.table(&ci.table.name).is_none() && own.view(&ci.table.name).is_none() {
            // IF NOT EXISTS still needs the table (as in SQLite).
            if own.index(&ci.name.name.name).is_none() || !ci.if_not_exists {
                return Err(Error::sql(format!(
                    "no such table: {}.{}",
                    all.db_name(db),
                    ci.table.name
                )));
            }
        }
        self.in_db(db, |c| c.create_index(ci)).map(Some)
    }

    pub(crate) fn route_create_trigger(&mut self, ct: &ast::CreateTrigger) -> Result<Option<()>> {
        if !self.ddl_unrouted() {
            return Ok(None);
        }
        let all = self.schema;
        let name = &ct.name.name.name;
        let table_db = match &ct.table.schema {
            Some(s) => Some(self.db_named(s)?),
            None => None,
        };
        let db = match &ct.name.schema {
            _ if ct.temp => 1,
            Some(s) => self.db_named(s)?,
            None => match table_db {
                Some(1) => 1,
                Some(_) => 0,
                None => {
                    let in_temp = |s: &crate::schema::Schema| {
                        s.table(&ct.table.name.name).is_some()
                            || s.view(&ct.table.name.name).is_some()
                    };
                    if all.db_schema(1).is_some_and(in_temp) {
                        1
                    } else {
                        0
                    }
                }
            },
        };
        if db != 1 {
            if let Some(tdb) = table_db.filter(|&t| t != db) {
                return Err(Error::sql(format!(
                    "trigger {name} cannot reference objects in database {}",
                    all.db_name(tdb)
                )));
            }
        }
        // A TEMP trigger's table is looked up where its qualifier says, else as usual.
        let table_schema = match table_db {
            Some(t) => all.db_schema(t),
            None if db == 1 => Some(all),
            None => all.db_schema(db),
        };
        self.trigger_table_schema = table_schema;
        let r = self.in_db(db, |c| c.create_trigger(ct));
        self.trigger_table_schema = None;
        r.map(Some)
    }

    /// Routes ALTER TABLE to the table's database (qualifier, else temp/main/attached).
    pub(crate) fn route_alter(&mut self, a: &ast::AlterTable) -> Result<Option<()>> {
        if !self.ddl_unrouted() {
            return Ok(None);
        }
        let all = self.schema;
        let n = &a.name.name.name;
        // Views too, for sqlite3's "view v may not be altered" (alter_view.rs).
        let has = |x: &crate::schema::Schema| x.table(n).is_some() || x.view(n).is_some();
        let db = match &a.name.schema {
            Some(s) => match all.db_index(&s.name) {
                Some(db) if all.db_schema(db).is_some_and(has) => db,
                _ => return Err(Error::sql(format!("no such table: {}.{n}", s.name))),
            },
            // Unqualified, sqlite_master is main's (TEMP's is sqlite_temp_master).
            None if super::alter_view::is_main_master(n) => 0,
            None => all.resolve_db(has),
        };
        self.in_db(db, |c| c.alter(a)).map(Some)
    }

    pub(crate) fn route_drop(&mut self, d: &ast::DropStmt) -> Result<Option<()>> {
        if !self.ddl_unrouted() {
            return Ok(None);
        }
        let all = self.schema;
        let n = &d.name.name.name;
        let has = |s: &crate::schema::Schema| match d.kind {
            ast::DropKind::Table => s.table(n).is_some() || s.view(n).is_some(),
            ast::DropKind::View => s.view(n).is_some() || s.table(n).is_some(),
            ast::DropKind::Index => s.index(n).is_some(),
            ast::DropKind::Trigger => s.trigger(n).is_some(),
        };
        let db = match &d.name.schema {
            Some(s) => {
                let Some(db) = all.db_index(&s.name) else {
                    if d.if_exists {
                        return Ok(Some(()));
                    }
                    return Err(qualified_missing(d, &s.name));
                };
                if !all.db_schema(db).is_some_and(has) {
                    if d.if_exists {
                        return Ok(Some(()));
                    }
                    return Err(qualified_missing(d, &s.name));
                }
                db
            }
            None => all.resolve_db(has),
        };
        self.in_db(db, |c| c.drop(d)).map(Some)
    }
}

impl Compiler<'_> {
    /// Deletes the `sqlite_schema` rows of dropped table `name` (table, indexes, triggers),
    /// keeping TEMP triggers aimed at a same-named table of another database.
    pub(crate) fn drop_table_rows(&mut self, name: &str) {
        let foreign: Vec<String> = self
            .schema
            .table_triggers(name)
            .iter()
            .filter(|tr| {
                tr.def
                    .table
                    .schema
                    .as_ref()
                    .is_some_and(|s| !s.matches(if self.ddl_db == 1 { "temp" } else { "main" }))
            })
            .map(|tr| tr.name.clone())
            .collect();
        if self.ddl_db != 1 || foreign.is_empty() {
            self.delete_schema_rows(2, name, None);
            return;
        }
        self.delete_schema_rows(2, name, Some("table"));
        self.delete_schema_rows(2, name, Some("index"));
        for tr in self.schema.table_triggers(name) {
            if !foreign.contains(&tr.name) {
                self.delete_schema_rows(1, &tr.name, Some("trigger"));
            }
        }
    }
}

/// `no such table: aux.x` and its kin for a qualified DROP target.
fn qualified_missing(d: &ast::DropStmt, schema: &str) -> Error {
    let kind = match d.kind {
        ast::DropKind::Table => "table",
        ast::DropKind::View => "view",
        ast::DropKind::Index => "index",
        ast::DropKind::Trigger => "trigger",
    };
    Error::sql(format!("no such {kind}: {schema}.{}", d.name.name.name))
}

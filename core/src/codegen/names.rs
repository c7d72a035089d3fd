//! Name resolution across databases (lang_naming.html): which database a qualified or
//! unqualified table, view, index or trigger name refers to. `self.schema` is the merged view
//! (`schema::merge`): an unqualified name resolves through it (temp, then main, then attached
//! databases in order); `db.name` looks in database `db` only.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::schema::{Index, Schema, Table, Trigger, View};

use super::Compiler;

impl<'a> Compiler<'a> {
    /// The schema a name qualified by `schema` refers to: the merged view when unqualified,
    /// that database's own schema otherwise (`None` for an unknown database).
    pub(crate) fn schema_of(&self, schema: Option<&ast::Ident>) -> Option<&'a Schema> {
        let all: &'a Schema = self.schema;
        match schema {
            None => Some(all),
            Some(s) => match all.db_index(&s.name) {
                Some(i) => all.db_schema(i),
                // In a view or trigger body narrowed to its own database (`object_scope`),
                // that database's own name.
                None if all.dbs.is_empty()
                    && self.root_schema.db_index(&s.name) == Some(all.db) =>
                {
                    Some(all)
                }
                None => None,
            },
        }
    }

    /// The database number `schema` names; `unknown database x` when none.
    pub(crate) fn db_named(&self, schema: &ast::Ident) -> Result<usize> {
        self.schema
            .db_index(&schema.name)
            .ok_or_else(|| Error::sql(format!("unknown database {}", schema.name)))
    }

    /// The table `name` refers to, if any.
    pub(crate) fn lookup_table(&self, name: &ast::QualifiedName) -> Option<Arc<Table>> {
        self.schema_of(name.schema.as_ref())?.table(&name.name.name)
    }

    /// The name a FROM clause built by codegen uses for table `t` (the rowid scan of UPDATE
    /// and DELETE): qualified by `t`'s database when the bare name would find something else
    /// (a TEMP or main table or view of the same name shadowing an attached table).
    pub(crate) fn scan_name_of(&self, t: &Table) -> ast::QualifiedName {
        let ident = |name: &str| ast::Ident {
            name: name.to_owned(),
            quote: ast::Quote::None,
            span: ast::Span::default(),
        };
        let mut q = ast::QualifiedName {
            schema: None,
            name: ident(&t.name),
            span: ast::Span::default(),
        };
        if self.lookup_table(&q).is_none_or(|x| x.db != t.db) {
            q.schema = Some(ident(self.root_schema.db_name(t.db)));
        }
        q
    }

    /// The view `name` refers to, if any.
    pub(crate) fn lookup_view(&self, name: &ast::QualifiedName) -> Option<&'a Arc<View>> {
        self.schema_of(name.schema.as_ref())?
            .views
            .get(&name.name.name.to_ascii_lowercase())
    }

    /// `no such table: [schema.]name`, as SQLite spells it. Inside a view or trigger of
    /// `main`, compiled against main's own schema ([`Self::object_scope`]), an unqualified
    /// name is spelt `main.name` (sqlite3: `no such table: main.t` for a main view naming a
    /// TEMP table or a dropped one).
    pub(crate) fn no_such_table(&self, name: &ast::QualifiedName) -> Error {
        let own_main = self.schema.dbs.is_empty() && self.schema.db == 0;
        match &name.schema {
            Some(s) => Error::sql(format!("no such table: {}.{}", s.name, name.name.name)),
            None if own_main => Error::sql(format!("no such table: main.{}", name.name.name)),
            None => Error::sql(format!("no such table: {}", name.name.name)),
        }
    }

    /// The schema names in a view or trigger body of database `db` resolve in: that
    /// database alone, except for TEMP objects (which see every database).
    pub(crate) fn object_scope(&self, db: usize) -> &'a Schema {
        let all: &'a Schema = self.schema;
        if db == 1 || all.dbs.is_empty() {
            return all;
        }
        all.db_schema(db).unwrap_or(all)
    }

    /// The indexes of table `t` (of `t`'s own database).
    pub(crate) fn indexes_of(&self, t: &Table) -> Vec<Arc<Index>> {
        let s = self.schema.db_schema(t.db).unwrap_or(self.schema);
        s.table_indexes(&t.name)
    }

    /// The triggers on table `t`, by name: those of its own database and TEMP triggers on it.
    pub(crate) fn triggers_of(&self, t: &Table) -> Vec<&'a Arc<Trigger>> {
        let all: &'a Schema = self.schema;
        let own = all.db_schema(t.db).unwrap_or(all);
        let t_db_name = all.db_name(t.db);
        let mut v: Vec<&'a Arc<Trigger>> = own
            .triggers
            .values()
            .filter(|tr| tr.table.eq_ignore_ascii_case(&t.name))
            .collect();
        if t.db != 1 {
            if let Some(temp) = all.db_schema(1) {
                // A TEMP trigger on another database's table names it `db.table`, or names
                // it unqualified when no temp table of that name shadows it.
                let shadowed = temp.table(&t.name).is_some();
                v.extend(temp.triggers.values().filter(|tr| {
                    tr.table.eq_ignore_ascii_case(&t.name)
                        && match &tr.def.table.schema {
                            Some(s) => s.matches(t_db_name),
                            None => !shadowed,
                        }
                }));
            }
        } else {
            // Temp table: leave out the TEMP triggers aimed at another database's table.
            v.retain(|tr| {
                tr.def
                    .table
                    .schema
                    .as_ref()
                    .is_none_or(|s| s.matches("temp"))
            });
        }
        // sqlite3's order: TEMP triggers first, then the newest first.
        v.sort_by(|a, b| (a.db != 1).cmp(&(b.db != 1)).then(b.seq.cmp(&a.seq)));
        v
    }

    /// The SQL text of trigger `name` (searched in every database).
    pub(crate) fn trigger_sql(&self, name: &str) -> &'a str {
        let all: &'a Schema = self.schema;
        std::iter::once(all)
            .chain(all.dbs.iter().map(|d| &*d.schema))
            .find_map(|s| s.triggers.get(&name.to_ascii_lowercase()))
            .map_or("", |x| x.sql.as_str())
    }

    /// The database a DDL statement creating `name` writes to: the qualifier's, else temp
    /// for `CREATE TEMP ...`, else main.
    pub(crate) fn ddl_target(&self, name: &ast::QualifiedName, temp: bool) -> Result<usize> {
        match &name.schema {
            Some(s) => {
                let db = self.db_named(s)?;
                if temp && db != 1 {
                    return Err(Error::sql("temporary table name must be unqualified"));
                }
                Ok(db)
            }
            None if temp => Ok(1),
            None => Ok(0),
        }
    }

    /// Runs `f` with `self.schema` narrowed to database `db`'s own schema and DDL
    /// instructions aimed at `db`, then restores both.
    pub(crate) fn in_db<T>(
        &mut self,
        db: usize,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let saved = (self.schema, self.ddl_db, self.merged);
        let narrowed: &'a Schema = self.schema.db_schema(db).unwrap_or(self.schema);
        self.merged = Some(self.schema);
        self.schema = narrowed;
        self.ddl_db = db;
        let r = f(self);
        (self.schema, self.ddl_db, self.merged) = saved;
        r
    }
}

/// How a program uses one database.
pub(crate) struct DbUse {
    pub db: usize,
    /// Opened or changed by the program.
    pub used: bool,
    /// Changed (a write cursor, a b-tree created, destroyed or cleared, a cookie set).
    pub write: bool,
    /// Its schema cookie in `schema`.
    pub cookie: u32,
}

/// How `insns` use each database of `schema` (the merged view), by database number; the
/// list always holds main.
pub(crate) fn dbs_used(schema: &Schema, insns: &[crate::vdbe::insn::Insn]) -> Vec<DbUse> {
    let n = schema.dbs.len().max(1);
    let mut v: Vec<DbUse> = (0..n)
        .map(|db| DbUse {
            db,
            used: db == 0,
            write: false,
            cookie: schema.db_schema(db).map_or(0, |s| s.schema_cookie),
        })
        .collect();
    note_uses(&mut v, insns);
    v
}

/// Marks in `v` the databases `insns` (and their sub-programs) open or change.
fn note_uses(v: &mut [DbUse], insns: &[crate::vdbe::insn::Insn]) {
    use crate::vdbe::insn::Insn;
    for insn in insns {
        let (db, write) = match insn {
            Insn::Program { program, .. } => {
                note_uses(v, &program.insns);
                continue;
            }
            Insn::OpenRead { db, .. } | Insn::ReadCookie { db, .. } => (*db, false),
            Insn::OpenWrite { db, .. }
            | Insn::CreateBtree { db, .. }
            | Insn::Destroy { db, .. }
            | Insn::Clear { db, .. }
            | Insn::SetCookie { db, .. } => (*db, true),
            _ => continue,
        };
        if let Some(u) = v.get_mut(db) {
            u.used = true;
            u.write |= write;
        }
    }
}

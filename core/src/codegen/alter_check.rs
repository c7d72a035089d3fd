//! The schema checks around ALTER TABLE RENAME / RENAME COLUMN / DROP COLUMN
//! (lang_altertable.html): sqlite3 resolves the names of every view and trigger of the
//! database before the change, refusing with `error in view v: <why>` when one is already
//! broken, and again in the schema the change produces, refusing with
//! `error in trigger t after rename: <why>` (or `after drop column`). ADD COLUMN checks
//! nothing.
//!
//! A check compiles the object (a view as `SELECT * FROM v`, a trigger's WHEN and body with
//! NEW/OLD bound to the rows of its table or view) against the schema in question. Only name
//! resolution failures count (`no such column`, `no such table`, ambiguous names): sqlite3's
//! check resolves names and nothing more, so e.g. an unknown function is not an error there.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::schema::{view_from_create, Schema, Table, Trigger};

use super::Compiler;

/// One schema row an ALTER rewrites: (type, name, new sql).
pub(crate) type SchemaEdit = (String, String, String);

/// Whether a compile error is one of the name-resolution failures sqlite3's check reports.
fn is_resolution_error(e: &Error) -> bool {
    let m = &e.message;
    m.starts_with("no such column:")
        || m.starts_with("no such table:")
        || m.starts_with("ambiguous column name:")
        || m.starts_with("cannot join using column")
}

/// The first name-resolution failure among the views and triggers of `schema` (of
/// database `only`, if given), in schema order, as (kind, name, message).
pub(crate) fn first_broken(
    schema: &Schema,
    funcs: &dyn super::FunctionCatalog,
    only: Option<usize>,
) -> Option<(&'static str, String, String)> {
    let keep = |db: usize| only.is_none_or(|d| d == db);
    let mut objects: Vec<(usize, &str, &str)> = schema
        .views
        .values()
        .filter(|v| keep(v.db))
        .map(|v| (v.seq, "view", v.name.as_str()))
        .chain(
            schema
                .triggers
                .values()
                .filter(|t| keep(t.db))
                .map(|t| (t.seq, "trigger", t.name.as_str())),
        )
        .collect();
    objects.sort();
    for (_, kind, name) in objects {
        let r = match kind {
            "view" => check_view(schema, funcs, name).map(drop),
            _ => match schema.trigger(name) {
                Some(tr) => check_trigger(schema, funcs, &tr),
                None => Ok(()),
            },
        };
        if let Err(e) = r {
            if is_resolution_error(&e) {
                return Some((kind, name.to_string(), e.message));
            }
        }
    }
    None
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Compiles `SELECT * FROM "view"` against `schema`: the view's column names.
fn check_view(
    schema: &Schema,
    funcs: &dyn super::FunctionCatalog,
    name: &str,
) -> Result<Vec<String>> {
    let sql = format!("SELECT * FROM {}", quote(name));
    let Some((stmt, _)) = crate::parser::parse_one(&sql)? else {
        return Ok(Vec::new());
    };
    let prog = super::compile(&stmt, &sql, schema, funcs)?;
    Ok(prog.column_names.clone())
}

/// The table NEW/OLD of trigger `tr` stand for: its table, or a stand-in with the
/// columns of its view. `None` when it names neither.
fn trigger_target(
    schema: &Schema,
    funcs: &dyn super::FunctionCatalog,
    tr: &Trigger,
) -> Result<Option<Arc<Table>>> {
    if let Some(t) = schema.table(&tr.table) {
        return Ok(Some(t));
    }
    if schema.view(&tr.table).is_none() {
        return Ok(None);
    }
    let cols: Vec<String> = check_view(schema, funcs, &tr.table)?
        .iter()
        .map(|c| quote(c))
        .collect();
    let ddl = format!("CREATE TABLE {}({})", quote(&tr.table), cols.join(","));
    let Some((ast::Stmt::CreateTable(ct), _)) = crate::parser::parse_one(&ddl)? else {
        return Ok(None);
    };
    Ok(Some(Arc::new(Table::from_create(&ct, &ddl, 0)?)))
}

/// Compiles trigger `tr`'s WHEN clause and body against `schema` (other triggers do not
/// fire inside it).
fn check_trigger(schema: &Schema, funcs: &dyn super::FunctionCatalog, tr: &Trigger) -> Result<()> {
    let Some(t) = trigger_target(schema, funcs, tr)? else {
        return Ok(());
    };
    let tr = &without_set_targets(schema, tr);
    let mut c = Compiler::new(&tr.sql, schema, funcs);
    c.trigger_stack = schema.triggers.values().map(|x| x.name.clone()).collect();
    let n = t.columns.len();
    let mut row = || (c.b.alloc_reg(), c.b.alloc_regs(n.max(1)));
    let (old, new) = match &tr.def.event {
        ast::TriggerEvent::Insert => (None, Some(row())),
        ast::TriggerEvent::Delete => (Some(row()), None),
        ast::TriggerEvent::Update(_) => (Some(row()), Some(row())),
    };
    let skip = c.b.label();
    let r = c.trigger_body(&t, tr, old, new, skip);
    c.b.bind(skip);
    r?;
    c.gen_error.take().map_or(Ok(()), Err)
}

/// `tr` with each UPDATE SET target its table lacks replaced by the table's first column:
/// sqlite3's check resolves the assigned values but not the columns assigned (nor an
/// INSERT's column list).
fn without_set_targets(schema: &Schema, tr: &Trigger) -> Trigger {
    let mut tr = tr.clone();
    for stmt in &mut tr.def.body {
        let ast::Stmt::Update(u) = stmt else { continue };
        let Some(t) = schema.table(&u.table.name.name) else {
            continue;
        };
        let Some(first) = t.columns.first() else {
            continue;
        };
        for set in &mut u.sets {
            for col in &mut set.columns {
                if t.column_index(&col.name).is_none() {
                    col.name = first.name.clone();
                }
            }
        }
    }
    tr
}

/// `schema` with the rows of `edits` replaced by their new text; with `renamed`
/// (old, new), table `old` is now called `new`. The altered table's indexes are left out
/// (their column numbers may no longer hold; the checks do not need them).
pub(crate) fn schema_after(
    schema: &Schema,
    table: &Table,
    renamed: Option<&str>,
    edits: &[SchemaEdit],
) -> Result<Schema> {
    let mut s = schema.clone();
    let key = |n: &str| n.to_ascii_lowercase();
    s.indexes
        .retain(|_, ix| !ix.table.eq_ignore_ascii_case(&table.name));
    if renamed.is_some() {
        s.tables.remove(&key(&table.name));
    }
    for (kind, name, sql) in edits {
        let Some((stmt, _)) = crate::parser::parse_one(sql)? else {
            continue;
        };
        match (kind.as_str(), &stmt) {
            ("table", ast::Stmt::CreateTable(ct)) => {
                let old = if name.eq_ignore_ascii_case(&table.name) {
                    Some(table)
                } else {
                    schema.tables.get(&key(name)).map(|t| &**t)
                };
                let mut t = Table::from_create(ct, sql, old.map_or(0, |o| o.root_page))?;
                t.sql = sql.clone();
                t.db = old.map_or(schema.db, |o| o.db);
                s.tables.remove(&key(name));
                s.tables.insert(key(&t.name), Arc::new(t));
            }
            ("view", ast::Stmt::CreateView(cv)) => {
                let db = schema.view(name).map_or(schema.db, |v| v.db);
                let mut v = view_from_create(cv, sql, db);
                v.seq = schema.view(name).map_or(usize::MAX, |v| v.seq);
                s.views.insert(key(name), Arc::new(v));
            }
            ("trigger", ast::Stmt::CreateTrigger(ct)) => {
                let (seq, db) = schema
                    .trigger(name)
                    .map_or((usize::MAX, schema.db), |t| (t.seq, t.db));
                s.triggers.insert(
                    key(name),
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

/// `world` (the merged schema of every database) with `edits` applied, and with each
/// database's own schema in `world.dbs` updated by its share of them: `per_db` lists
/// (database, edits of that database's rows).
fn world_after(
    world: &Schema,
    table: &Table,
    renamed: Option<&str>,
    per_db: &[(usize, &[SchemaEdit])],
) -> Result<Schema> {
    let all: Vec<SchemaEdit> = per_db.iter().flat_map(|(_, e)| e.iter().cloned()).collect();
    let mut s = schema_after(world, table, renamed, &all)?;
    for &(d, edits) in per_db {
        if let Some(ds) = s.dbs.get_mut(d) {
            let r = if d == table.db { renamed } else { None };
            ds.schema = Arc::new(schema_after(&ds.schema, table, r, edits)?);
        }
    }
    Ok(s)
}

/// `error in <kind> <name>[ after <what>]: <why>`.
fn broken_error(found: (&str, String, String), what: Option<&str>) -> Error {
    let (kind, name, msg) = found;
    match what {
        Some(w) => Error::sql(format!("error in {kind} {name} after {w}: {msg}")),
        None => Error::sql(format!("error in {kind} {name}: {msg}")),
    }
}

impl Compiler<'_> {
    /// The schema of every database, seen as one (ALTER compiles narrowed to its database's
    /// schema, `self.schema`).
    fn alter_world(&self) -> &Schema {
        self.merged.unwrap_or(self.schema)
    }

    /// Whether the connection has a TEMP schema the checks must also cover.
    fn has_temp(&self) -> bool {
        self.alter_world().db_schema(1).is_some()
    }

    /// Fails with `error in view v: ...` when a view or trigger is broken before the ALTER:
    /// those of the altered database, then (for another database) the TEMP ones, which
    /// resolve names across every database.
    pub(crate) fn alter_precheck(&self) -> Result<()> {
        let world = self.alter_world();
        let found = if self.ddl_db == 1 {
            first_broken(world, self.funcs, Some(1))
        } else {
            first_broken(self.schema, self.funcs, None).or_else(|| {
                self.has_temp()
                    .then(|| first_broken(world, self.funcs, Some(1)))
                    .flatten()
            })
        };
        found.map_or(Ok(()), |f| Err(broken_error(f, None)))
    }

    /// Fails with `error in trigger t after <what>: ...` when a view or trigger no longer
    /// resolves in the schema `edits` produce (`renamed`: the table's new name); the TEMP
    /// objects are checked too, with their own `temp_edits` (for an ALTER of another
    /// database).
    pub(crate) fn alter_postcheck(
        &self,
        t: &Table,
        renamed: Option<&str>,
        edits: &[SchemaEdit],
        temp_edits: &[SchemaEdit],
        what: &str,
    ) -> Result<()> {
        let world = self.alter_world();
        let found = if self.ddl_db == 1 {
            let after = world_after(world, t, renamed, &[(1, edits)])?;
            first_broken(&after, self.funcs, Some(1))
        } else {
            let after = schema_after(self.schema, t, renamed, edits)?;
            match first_broken(&after, self.funcs, None) {
                Some(f) => Some(f),
                None if self.has_temp() => {
                    let per_db = [(self.ddl_db, edits), (1, temp_edits)];
                    let after = world_after(world, t, renamed, &per_db)?;
                    first_broken(&after, self.funcs, Some(1))
                }
                None => None,
            }
        };
        found.map_or(Ok(()), |f| Err(broken_error(f, Some(what))))
    }

    /// RENAME COLUMN of a TEMP table: sqlite3 passes the TEMP views and triggers through
    /// the rename twice, the second time with their rewritten text against the schema
    /// before the rename, so one that names the column fails with `error in view v: no
    /// such column: new_name` (sqlite3 3.40.1 and 3.54.1 agree).
    pub(crate) fn alter_temp_rename_column_check(
        &self,
        t: &Table,
        edits: &[SchemaEdit],
    ) -> Result<()> {
        if self.ddl_db != 1 {
            return Ok(());
        }
        let objects: Vec<SchemaEdit> = edits
            .iter()
            .filter(|(kind, _, _)| kind == "view" || kind == "trigger")
            .cloned()
            .collect();
        let after = world_after(self.alter_world(), t, None, &[(1, &objects)])?;
        first_broken(&after, self.funcs, Some(1)).map_or(Ok(()), |f| Err(broken_error(f, None)))
    }
}

/// Fails with `no such column: x` when a CHECK constraint or generated column of table
/// definition `sql` names a column the table does not have (what sqlite3 finds when it
/// re-reads the table after DROP COLUMN). A double-quoted name that resolves to nothing is
/// a string there, as everywhere.
pub(crate) fn table_refs_resolve(sql: &str) -> Result<()> {
    let Some((ast::Stmt::CreateTable(ct), _)) = crate::parser::parse_one(sql)? else {
        return Ok(());
    };
    let t = Table::from_create(&ct, sql, 0)?;
    let exprs = t
        .checks
        .iter()
        .map(|c| &c.expr)
        .chain(t.columns.iter().filter_map(|c| c.generated.as_ref()));
    let rowid_ok = !t.without_rowid;
    let mut missing = None;
    for e in exprs {
        super::select::walk_pub(e, &mut |x| {
            let ast::ExprKind::Column { table, column, .. } = &x.kind else {
                return missing.is_none();
            };
            let own = table.as_ref().is_none_or(|q| q.matches(&t.name));
            let rowid = rowid_ok
                && ["rowid", "oid", "_rowid_"]
                    .iter()
                    .any(|r| column.matches(r));
            let found = own && (t.column_index(&column.name).is_some() || rowid);
            let string = table.is_none() && column.quote == ast::Quote::Double;
            if !found && !string && missing.is_none() {
                missing = Some(match table {
                    Some(q) => format!("{}.{}", q.name, column.name),
                    None => column.name.clone(),
                });
            }
            missing.is_none()
        });
    }
    match missing {
        Some(n) => Err(Error::sql(format!("no such column: {n}"))),
        None => Ok(()),
    }
}

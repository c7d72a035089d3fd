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
}

/// The first name-resolution failure among the views and triggers of `schema`, in schema
/// order, as (kind, name, message).
pub(crate) fn first_broken(
    schema: &Schema,
    funcs: &dyn super::FunctionCatalog,
) -> Option<(&'static str, String, String)> {
    let mut objects: Vec<(usize, &str, &str)> = schema
        .views
        .values()
        .map(|v| (v.seq, "view", v.name.as_str()))
        .chain(
            schema
                .triggers
                .values()
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
                let mut v = view_from_create(cv, sql, schema.db);
                v.seq = schema.view(name).map_or(usize::MAX, |v| v.seq);
                s.views.insert(key(name), Arc::new(v));
            }
            ("trigger", ast::Stmt::CreateTrigger(ct)) => {
                let seq = schema.trigger(name).map_or(usize::MAX, |t| t.seq);
                s.triggers.insert(
                    key(name),
                    Arc::new(Trigger {
                        name: ct.name.name.name.clone(),
                        table: ct.table.name.name.clone(),
                        def: (**ct).clone(),
                        sql: sql.clone(),
                        db: schema.db,
                        seq,
                    }),
                );
            }
            _ => {}
        }
    }
    Ok(s)
}

impl Compiler<'_> {
    /// Whether this ALTER's database is one whose objects are checked here (TEMP objects
    /// resolve across databases, which the narrowed schema cannot show).
    fn alter_checks_apply(&self) -> bool {
        self.ddl_db != 1
    }

    /// Fails with `error in view v: ...` when a view or trigger is broken before the ALTER.
    pub(crate) fn alter_precheck(&self) -> Result<()> {
        if !self.alter_checks_apply() {
            return Ok(());
        }
        match first_broken(self.schema, self.funcs) {
            Some((kind, name, msg)) => Err(Error::sql(format!("error in {kind} {name}: {msg}"))),
            None => Ok(()),
        }
    }

    /// Fails with `error in trigger t after <what>: ...` when a view or trigger no longer
    /// resolves in the schema `edits` produce (`renamed`: the table's new name).
    pub(crate) fn alter_postcheck(
        &self,
        t: &Table,
        renamed: Option<&str>,
        edits: &[SchemaEdit],
        what: &str,
    ) -> Result<()> {
        if !self.alter_checks_apply() {
            return Ok(());
        }
        let after = schema_after(self.schema, t, renamed, edits)?;
        match first_broken(&after, self.funcs) {
            Some((kind, name, msg)) => Err(Error::sql(format!(
                "error in {kind} {name} after {what}: {msg}"
            ))),
            None => Ok(()),
        }
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

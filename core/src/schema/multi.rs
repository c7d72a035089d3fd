//! The schemas of all of a connection's databases, seen as one for name resolution
//! (lang_naming.html): an unqualified name means the object in `temp` if there is one, else
//! in `main`, else in the first attached database that has it. A qualified name (`aux.t`)
//! looks in that database only.
//!
//! [`merge`] builds that view once per schema load: a [`Schema`] whose maps hold, for each
//! name, the object of the database that wins, and whose `dbs` list keeps every database's
//! own schema (by database index: 0 main, 1 temp, 2.. attached) for qualified lookups.
//! Indexes and triggers follow their table: an index of a shadowed table is left out (it would
//! otherwise be taken for an index of the table that shadows it); triggers of `temp` always
//! stay in (a temp trigger may be on a table of another database).

use std::collections::HashMap;
use std::sync::Arc;

use super::catalog::Schema;

/// One database's name and schema, as held by the merged view.
#[derive(Debug, Clone)]
pub struct DbSchema {
    pub name: String,
    pub schema: Arc<Schema>,
}

/// The merged view of `dbs` (index = database number; `dbs[0]` is main).
pub(crate) fn merge(dbs: &[DbSchema]) -> Schema {
    let Some(main) = dbs.first() else {
        return Schema::new(0);
    };
    let mut m = (*main.schema).clone();
    m.dbs = dbs.to_vec();
    if dbs.len() == 1 {
        return m;
    }
    // Lowest priority first, so that higher ones overwrite: attached in reverse, main, temp.
    let mut order: Vec<usize> = (2..dbs.len()).rev().collect();
    order.push(0);
    order.push(1);
    let mut tables = HashMap::new();
    let mut views = HashMap::new();
    for &i in &order {
        let s = &dbs[i].schema;
        for (k, t) in &s.tables {
            tables.insert(k.clone(), t.clone());
            views.remove(k);
        }
        for (k, v) in &s.views {
            views.insert(k.clone(), v.clone());
            tables.remove(k);
        }
    }
    // main's `sqlite_master` stays the unqualified one.
    if let Some(t) = main.schema.tables.get("sqlite_master") {
        tables.insert("sqlite_master".into(), t.clone());
    }
    let owner = |table: &str| tables.get(&table.to_ascii_lowercase()).map(|t| t.db);
    let mut indexes = HashMap::new();
    let mut triggers = HashMap::new();
    for &i in &order {
        let s = &dbs[i].schema;
        for (k, ix) in &s.indexes {
            if owner(&ix.table) == Some(i) {
                indexes.insert(k.clone(), ix.clone());
            }
        }
        for (k, tr) in &s.triggers {
            if i == 1
                || owner(&tr.table) == Some(i)
                || !tables.contains_key(&tr.table.to_ascii_lowercase())
            {
                triggers.insert(k.clone(), tr.clone());
            }
        }
    }
    m.tables = tables;
    m.views = views;
    m.indexes = indexes;
    m.triggers = triggers;
    m
}

impl Schema {
    /// The database number named `name` (`main`, `temp`, or an attached name), if any.
    pub fn db_index(&self, name: &str) -> Option<usize> {
        if self.dbs.is_empty() {
            return name.eq_ignore_ascii_case("main").then_some(0);
        }
        self.dbs
            .iter()
            .position(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// The schema of database `db` alone (`self` when there is only main).
    pub fn db_schema(&self, db: usize) -> Option<&Schema> {
        if self.dbs.is_empty() {
            return (db == 0).then_some(self);
        }
        self.dbs.get(db).map(|d| &*d.schema)
    }

    /// The name of database `db`.
    pub fn db_name(&self, db: usize) -> &str {
        match self.dbs.get(db) {
            Some(d) => &d.name,
            None if db == 1 => "temp",
            None => "main",
        }
    }

    /// The database holding view `name` as the unqualified name resolves (temp, main,
    /// attached in order).
    pub fn view_db(&self, name: &str) -> usize {
        self.resolve_db(|s| s.view(name).is_some())
    }

    /// The database holding trigger `name`.
    pub fn trigger_db(&self, name: &str) -> usize {
        self.resolve_db(|s| s.trigger(name).is_some())
    }

    /// The first database in resolution order whose schema satisfies `has`; 0 when none.
    pub fn resolve_db(&self, has: impl Fn(&Schema) -> bool) -> usize {
        if self.dbs.is_empty() {
            return 0;
        }
        let mut order = vec![1, 0];
        order.extend(2..self.dbs.len());
        order
            .into_iter()
            .find(|&i| self.dbs.get(i).is_some_and(|d| has(&d.schema)))
            .unwrap_or(0)
    }
}

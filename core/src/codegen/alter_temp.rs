//! The TEMP views and triggers an ALTER TABLE of another database's table rewrites.
//!
//! A TEMP view or trigger may name a table of `main` (or of an attached database): sqlite3's
//! RENAME TO and RENAME COLUMN rewrite those objects' text in `sqlite_temp_schema` too
//! (`CREATE TEMP VIEW v AS SELECT a FROM m`, then `ALTER TABLE m RENAME TO m2`, leaves
//! `... FROM "m2"`), after checking them with the rest (`alter_check`). An ALTER of a TEMP
//! table rewrites its own schema's objects as usual (`alter`), so nothing is added here.

use crate::schema::Table;

use super::alter::SchemaRowEdit;
use super::alter_check::SchemaEdit;
use super::Compiler;

impl<'a> Compiler<'a> {
    /// The new text of each TEMP view and trigger `f` changes, for an ALTER of a non-TEMP
    /// table: (type, name, sql) in schema order. `f` gets an object's sql and, for a
    /// trigger, the table it is on.
    pub(super) fn temp_object_texts(
        &self,
        f: impl Fn(&str, Option<&str>) -> String,
    ) -> Vec<SchemaEdit> {
        let Some(temp) = self.temp_schema_for_alter() else {
            return Vec::new();
        };
        let mut objects: Vec<(usize, &str, &str, Option<&str>)> = temp
            .views
            .values()
            .map(|v| (v.seq, v.name.as_str(), v.sql.as_str(), None))
            .chain(temp.triggers.values().map(|tr| {
                let on = Some(tr.table.as_str());
                (tr.seq, tr.name.as_str(), tr.sql.as_str(), on)
            }))
            .collect();
        objects.sort();
        let mut out = Vec::new();
        for (_, name, sql, on) in objects {
            let changed = f(sql, on);
            if changed != sql {
                let kind = if on.is_some() { "trigger" } else { "view" };
                out.push((kind.to_string(), name.to_string(), changed));
            }
        }
        out
    }

    /// Writes `edits` (from [`Self::temp_object_texts`]) into `sqlite_temp_schema` and
    /// reloads the TEMP schema. A trigger on `t` gets `new_name` as its table name.
    pub(super) fn rewrite_temp_objects(
        &mut self,
        t: &Table,
        new_name: Option<&str>,
        edits: &[SchemaEdit],
    ) {
        let Some(temp) = self.temp_schema_for_alter().filter(|_| !edits.is_empty()) else {
            return;
        };
        let saved = (self.schema, self.ddl_db);
        self.schema = temp;
        self.ddl_db = 1;
        let c = self.open_schema();
        for (kind, name, sql) in edits {
            let tbl = match temp.trigger(name) {
                Some(tr) if kind == "trigger" && tr.table.eq_ignore_ascii_case(&t.name) => {
                    new_name.unwrap_or(&tr.table).to_string()
                }
                Some(tr) if kind == "trigger" => tr.table.clone(),
                _ => name.clone(),
            };
            let row = SchemaRowEdit {
                kind,
                name,
                new_name: name,
                tbl: &tbl,
                sql: Some(sql),
            };
            self.replace_schema_row(c, &row);
        }
        self.schema_changed();
        (self.schema, self.ddl_db) = saved;
    }

    /// The TEMP schema, when this ALTER is of another database's table.
    fn temp_schema_for_alter(&self) -> Option<&'a crate::schema::Schema> {
        if self.ddl_db == 1 {
            return None;
        }
        let world: &'a crate::schema::Schema = self.merged?;
        world.db_schema(1)
    }
}

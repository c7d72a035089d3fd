//! ALTER TABLE (lang_altertable.html): RENAME TO, RENAME COLUMN, ADD COLUMN, DROP COLUMN
//! (`alter_drop`). The text rewrites are `alter_rename`'s, the view/trigger checks
//! `alter_check`'s.
//!
//! Renames rewrite the SQL text stored in `sqlite_schema` (the table's, its indexes' and
//! triggers', and views that mention the table), as SQLite does, writing the new name as a
//! double-quoted identifier. The rewrite works on identifier tokens of the stored text.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::schema::Table;
use crate::vdbe::insn::{CursorId, Insn, Reg, Root, WriteFlags};

use super::alter_check::SchemaEdit;
use super::alter_rename::{
    mentions, rename_column_in, rename_column_in_object, rename_fk_column_in, rename_table_in,
    NewCol,
};
use super::Compiler;

/// Why sqlite3 refuses to ADD COLUMN `cd` to a table that has rows, if it does: a NOT NULL
/// column whose default is NULL, a STORED column, a default that is not a constant, or
/// (with `fk_on`) a REFERENCES column whose default is not NULL.
fn add_column_refusal(cd: &ast::ColumnDef, fk_on: bool) -> Option<&'static str> {
    use ast::ColumnConstraintKind as K;
    let has = |f: &dyn Fn(&K) -> bool| cd.constraints.iter().any(|c| f(&c.kind));
    let default = cd.constraints.iter().find_map(|c| match &c.kind {
        K::Default(e) => Some(e),
        _ => None,
    });
    let is_null = |e: &ast::Expr| matches!(e.kind, ast::ExprKind::Literal(ast::Literal::Null));
    let generated = has(&|k| matches!(k, K::Generated { .. }));
    if has(&|k| matches!(k, K::NotNull { .. })) && !generated && default.is_none_or(is_null) {
        return Some("Cannot add a NOT NULL column with default value NULL");
    }
    if has(&|k| matches!(k, K::Generated { stored: true, .. })) {
        return Some("cannot add a STORED column");
    }
    if default.is_some_and(|e| !constant_default(e)) {
        return Some("Cannot add a column with non-constant default");
    }
    if fk_on && has(&|k| matches!(k, K::References(_))) && default.is_some_and(|e| !is_null(e)) {
        return Some("Cannot add a REFERENCES column with non-NULL default value");
    }
    None
}

/// A literal (not CURRENT_*), possibly signed: what ADD COLUMN accepts as a default.
fn constant_default(e: &ast::Expr) -> bool {
    match &e.kind {
        ast::ExprKind::Literal(l) => !matches!(
            l,
            ast::Literal::CurrentTime | ast::Literal::CurrentDate | ast::Literal::CurrentTimestamp
        ),
        ast::ExprKind::Unary {
            op: ast::UnaryOp::Neg | ast::UnaryOp::Pos,
            expr,
        } => constant_default(expr),
        _ => false,
    }
}

/// Where ADD COLUMN inserts its text in table definition `sql`: after the last column
/// definition, at the comma that starts the table constraints, else at the closing
/// parenthesis (what sqlite3 does: `t(a, b, e, CHECK(..))`).
fn column_list_end(sql: &str) -> Result<usize> {
    let malformed = || Error::sql("malformed table definition");
    if let Some((ast::Stmt::CreateTable(ct), _)) = crate::parser::parse_one(sql)? {
        if let ast::CreateTableBody::Columns {
            columns,
            constraints,
            ..
        } = &ct.body
        {
            if let (Some(last), Some(first)) = (columns.last(), constraints.first()) {
                let gap = sql
                    .get(last.span.end..first.span.start)
                    .ok_or_else(malformed)?;
                let comma = gap.find(',').ok_or_else(malformed)?;
                return Ok(last.span.end + comma);
            }
        }
    }
    sql.rfind(')').ok_or_else(malformed)
}

/// One `sqlite_schema` row an ALTER rewrites: found by (kind, name), given a new name,
/// table name and sql.
pub(super) struct SchemaRowEdit<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub new_name: &'a str,
    pub tbl: &'a str,
    pub sql: Option<&'a str>,
}

impl Compiler<'_> {
    pub(crate) fn alter(&mut self, a: &ast::AlterTable) -> Result<()> {
        let r = self.alter_action(a);
        self.step_time_alter_error(r)
    }

    fn alter_action(&mut self, a: &ast::AlterTable) -> Result<()> {
        if let Some(done) = self.route_alter(a)? {
            return Ok(done);
        }
        let name = &a.name.name.name;
        self.alter_view_refusal(a)?;
        let Some(t) = self.schema.table(name) else {
            return Err(Error::sql(format!("no such table: {name}")));
        };
        if t.root_page == 1 || name.len() >= 7 && name[..7].eq_ignore_ascii_case("sqlite_") {
            return Err(Error::sql(format!("table {} may not be altered", t.name)));
        }
        match &a.action {
            ast::AlterAction::AddColumn(cd) => self.add_column(&t, cd),
            ast::AlterAction::RenameTo(new) => {
                if self.schema.object_exists(&new.name) {
                    return Err(Error::sql(format!(
                        "there is already another table or index with this name: {}",
                        new.name
                    )));
                }
                super::alter_view::check_reserved_name(&new.name)?;
                self.alter_precheck()?;
                let rename = |sql: &str| rename_table_in(sql, &t.name, &new.name);
                let mut edits = self.schema_texts(&t, rename);
                edits.extend(self.fk_children_texts(&t, rename));
                let temp_edits = self.temp_object_texts(|sql, _| rename(sql));
                self.alter_postcheck(&t, Some(&new.name), &edits, &temp_edits, "rename")?;
                self.rewrite_schema(&t, Some(&new.name), edits)?;
                self.rewrite_temp_objects(&t, Some(&new.name), &temp_edits);
                Ok(())
            }
            ast::AlterAction::RenameColumn { old, new } => {
                let Some(ci) = t.column_index(&old.name) else {
                    return Err(Error::sql(format!("no such column: \"{}\"", old.name)));
                };
                if t.column_index(&new.name).is_some_and(|i| i != ci) {
                    return Err(Error::sql(format!(
                        "error in table {} after rename: duplicate column name: {}",
                        t.name, new.name
                    )));
                }
                self.alter_precheck()?;
                let old_name = t.columns[ci].name.clone();
                let new_col = NewCol {
                    name: &new.name,
                    quoted: new.quote != ast::Quote::None,
                };
                let mut edits = self.rename_column_texts(&t, &old_name, &new_col);
                edits.extend(self.fk_children_texts(&t, |sql| {
                    rename_fk_column_in(sql, &t.name, &old_name, &new_col)
                }));
                let world = self.merged.unwrap_or(self.schema);
                let has_col = |tbl: &str, col: &str| {
                    world
                        .table(tbl)
                        .is_some_and(|x| x.column_index(col).is_some())
                };
                let temp_edits = self.temp_object_texts(|sql, on| {
                    rename_column_in_object(sql, on, &t.name, &old_name, &new_col, &has_col)
                });
                self.alter_temp_rename_column_check(&t, &edits)?;
                self.alter_postcheck(&t, None, &edits, &temp_edits, "rename")?;
                self.rewrite_schema(&t, None, edits)?;
                self.rewrite_temp_objects(&t, None, &temp_edits);
                Ok(())
            }
            ast::AlterAction::DropColumn(col) => self.drop_column(&t, &col.name),
        }
    }

    /// New SQL for every schema object of `t` (and views mentioning it): (type, name,
    /// new sql).
    fn schema_texts(&self, t: &Table, f: impl Fn(&str) -> String) -> Vec<(String, String, String)> {
        let mut out = vec![("table".to_string(), t.name.clone(), f(&t.sql))];
        for ix in self.schema.table_indexes(&t.name) {
            if let Some(sql) = &ix.sql {
                out.push(("index".into(), ix.name.clone(), f(sql)));
            }
        }
        let mut trigs: Vec<_> = self.schema.triggers.values().collect();
        trigs.sort_by(|a, b| a.name.cmp(&b.name));
        for tr in trigs {
            if tr.table.eq_ignore_ascii_case(&t.name) || mentions(&tr.sql, &t.name) {
                out.push(("trigger".into(), tr.name.clone(), f(&tr.sql)));
            }
        }
        let mut views: Vec<_> = self.schema.views.values().collect();
        views.sort_by(|a, b| a.name.cmp(&b.name));
        for v in views {
            if mentions(&v.sql, &t.name) {
                out.push(("view".into(), v.name.clone(), f(&v.sql)));
            }
        }
        out
    }

    /// New SQL for the schema objects a RENAME COLUMN of `t.old` to `new` changes: the table,
    /// its indexes, and the triggers and views whose text refers to the column.
    fn rename_column_texts(&self, t: &Table, old: &str, new: &NewCol) -> Vec<SchemaEdit> {
        let mut out = vec![(
            "table".to_string(),
            t.name.clone(),
            rename_column_in(&t.sql, &t.name, old, new),
        )];
        for ix in self.schema.table_indexes(&t.name) {
            if let Some(sql) = &ix.sql {
                out.push((
                    "index".into(),
                    ix.name.clone(),
                    rename_column_in(sql, &t.name, old, new),
                ));
            }
        }
        let mut objects: Vec<(usize, &str, &str, Option<&str>)> = self
            .schema
            .views
            .values()
            .map(|v| (v.seq, v.name.as_str(), v.sql.as_str(), None))
            .chain(self.schema.triggers.values().map(|tr| {
                (
                    tr.seq,
                    tr.name.as_str(),
                    tr.sql.as_str(),
                    Some(tr.table.as_str()),
                )
            }))
            .collect();
        objects.sort();
        // Names in a TEMP object resolve across databases, others in their own.
        let world = if self.ddl_db == 1 {
            self.merged.unwrap_or(self.schema)
        } else {
            self.schema
        };
        let has_col = |tbl: &str, col: &str| {
            world
                .table(tbl)
                .is_some_and(|x| x.column_index(col).is_some())
        };
        for (_, name, sql, on) in objects {
            let changed = rename_column_in_object(sql, on, &t.name, old, new, &has_col);
            if changed != sql {
                let kind = if on.is_some() { "trigger" } else { "view" };
                out.push((kind.into(), name.to_string(), changed));
            }
        }
        out
    }

    /// New SQL of the other tables whose FOREIGN KEYs reference `t` (their REFERENCES
    /// clauses follow a rename of `t`, as in SQLite whatever `PRAGMA foreign_keys` says).
    fn fk_children_texts(
        &self,
        t: &Table,
        f: impl Fn(&str) -> String,
    ) -> Vec<(String, String, String)> {
        let mut children: Vec<_> = self
            .schema
            .tables
            .values()
            .filter(|c| !c.name.eq_ignore_ascii_case(&t.name))
            .filter(|c| {
                c.foreign_keys
                    .iter()
                    .any(|fk| fk.parent.eq_ignore_ascii_case(&t.name))
            })
            .collect();
        children.sort_by(|a, b| a.name.cmp(&b.name));
        children
            .into_iter()
            .map(|c| ("table".into(), c.name.clone(), f(&c.sql)))
            .collect()
    }

    /// Rewrites `sqlite_schema`: each (type, name, sql) row gets its new sql; with `new_name`
    /// the table (and its rows' tbl_name, automatic index names) is renamed too.
    pub(super) fn rewrite_schema(
        &mut self,
        t: &Arc<Table>,
        new_name: Option<&str>,
        edits: Vec<(String, String, String)>,
    ) -> Result<()> {
        self.writes = true;
        let tname = new_name.unwrap_or(&t.name).to_string();
        let auto: Vec<_> = self
            .schema
            .table_indexes(&t.name)
            .into_iter()
            .filter(|ix| ix.sql.is_none())
            .collect();
        // Rows are rewritten in place (their rowids, and so the schema's order, stay).
        let c = self.open_schema();
        for (kind, name, sql) in &edits {
            let (obj_name, tbl) = match kind.as_str() {
                "table" if !name.eq_ignore_ascii_case(&t.name) => (name.clone(), name.clone()),
                "table" => (tname.clone(), tname.clone()),
                "index" => (name.clone(), tname.clone()),
                "trigger" => {
                    let tr = self.schema.trigger(name);
                    let tbl = match tr {
                        Some(tr) if tr.table.eq_ignore_ascii_case(&t.name) => tname.clone(),
                        Some(tr) => tr.table.clone(),
                        None => tname.clone(),
                    };
                    (name.clone(), tbl)
                }
                _ => (name.clone(), name.clone()),
            };
            let row = SchemaRowEdit {
                kind,
                name,
                new_name: &obj_name,
                tbl: &tbl,
                sql: Some(sql),
            };
            self.replace_schema_row(c, &row);
        }
        for ix in &auto {
            let n = match new_name {
                Some(nn) => ix.name.replacen(&t.name, nn, 1),
                None => ix.name.clone(),
            };
            let row = SchemaRowEdit {
                kind: "index",
                name: &ix.name,
                new_name: &n,
                tbl: &tname,
                sql: None,
            };
            self.replace_schema_row(c, &row);
        }
        if let (Some(nn), true) = (new_name, t.autoincrement) {
            if let Some(seq) = self.schema.table("sqlite_sequence") {
                self.rename_sequence_row(&seq, &t.name, nn);
            }
        }
        self.schema_changed();
        Ok(())
    }

    /// Emits a scan of `sqlite_schema` (cursor `c`) that rewrites the row of `e.kind`
    /// `e.name` in place: same rowid and root page, the new name, table name and sql.
    pub(super) fn replace_schema_row(&mut self, c: CursorId, e: &SchemaRowEdit) {
        let done = self.b.label();
        let next = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: done,
        });
        let top = self.b.here();
        let (v, want) = (self.b.alloc_reg(), self.b.alloc_reg());
        for (col, text) in [(1, e.name), (0, e.kind)] {
            self.b.emit(Insn::String8 {
                value: text.into(),
                dest: want,
            });
            self.b.emit(Insn::Column {
                cursor: c,
                column: col,
                dest: v,
                default: None,
            });
            self.b.emit(Insn::Ne {
                lhs: v,
                rhs: want,
                target: next,
                flags: crate::vdbe::insn::CmpFlags {
                    collation: Some(crate::value::compare::Collation::NoCase),
                    jump_if_null: true,
                    ..Default::default()
                },
            });
        }
        let rec = self.b.alloc_regs(5);
        for (k, text) in [(0, e.kind), (1, e.new_name), (2, e.tbl)] {
            self.b.emit(Insn::String8 {
                value: text.into(),
                dest: rec + k,
            });
        }
        self.b.emit(Insn::Column {
            cursor: c,
            column: 3,
            dest: rec + 3,
            default: None,
        });
        match e.sql {
            Some(sql) => self.b.emit(Insn::String8 {
                value: sql.into(),
                dest: rec + 4,
            }),
            None => self.b.emit(Insn::Null {
                dest: rec + 4,
                dest_end: rec + 4,
            }),
        };
        self.rewrite_current_row(c, rec, 5);
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
    }

    /// Writes r[rec..rec+count] back as the record of the row cursor `c` is on (same rowid).
    fn rewrite_current_row(&mut self, c: CursorId, rec: Reg, count: usize) {
        let r = self.b.alloc_reg();
        let rid = self.b.alloc_reg();
        self.b.emit(Insn::Rowid {
            cursor: c,
            dest: rid,
        });
        self.b.emit(Insn::MakeRecord {
            start: rec,
            count,
            dest: r,
            affinities: None,
        });
        self.b.emit(Insn::Insert {
            cursor: c,
            record: r,
            rowid: rid,
            flags: WriteFlags::default(),
            table: None,
        });
    }

    fn rename_sequence_row(&mut self, seq: &Table, old: &str, new: &str) {
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenWrite {
            cursor: c,
            root: Root::Page(seq.root_page),
            db: self.ddl_db,
            n_columns: 2,
            key_info: None,
        });
        let done = self.b.label();
        let next = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: done,
        });
        let top = self.b.here();
        let v = self.b.alloc_reg();
        let want = self.b.alloc_reg();
        self.b.emit(Insn::String8 {
            value: old.into(),
            dest: want,
        });
        self.b.emit(Insn::Column {
            cursor: c,
            column: 0,
            dest: v,
            default: None,
        });
        self.b.emit(Insn::Ne {
            lhs: v,
            rhs: want,
            target: next,
            flags: crate::vdbe::insn::CmpFlags {
                jump_if_null: true,
                ..Default::default()
            },
        });
        let rec = self.b.alloc_regs(2);
        self.b.emit(Insn::String8 {
            value: new.into(),
            dest: rec,
        });
        self.b.emit(Insn::Column {
            cursor: c,
            column: 1,
            dest: rec + 1,
            default: None,
        });
        self.rewrite_current_row(c, rec, 2);
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
    }

    fn add_column(&mut self, t: &Arc<Table>, cd: &ast::ColumnDef) -> Result<()> {
        // SQLite checks the copy it builds, named sqlite_altertab_<table>.
        self.check_table_width(&format!("sqlite_altertab_{}", t.name), t.columns.len() + 1)?;
        if t.column_index(&cd.name.name).is_some() {
            return Err(Error::sql(format!(
                "duplicate column name: {}",
                cd.name.name
            )));
        }
        for c in &cd.constraints {
            match &c.kind {
                ast::ColumnConstraintKind::PrimaryKey { .. } => {
                    return Err(Error::sql("Cannot add a PRIMARY KEY column"))
                }
                ast::ColumnConstraintKind::Unique { .. } => {
                    return Err(Error::sql("Cannot add a UNIQUE column"))
                }
                _ => {}
            }
        }
        // The other refusals hold only when the table has rows (SQLite checks them when the
        // statement runs), before the new definition is checked.
        if let Some(msg) = add_column_refusal(cd, self.fk.enabled) {
            self.halt_if_rows(t, msg);
        }
        let def = cd.span.text(self.sql);
        let sql = &t.sql;
        let close = column_list_end(sql)?;
        let new_sql = format!("{}, {}{}", &sql[..close], def, &sql[close..]);
        if let Err(e) = self.check_new_definition(&new_sql) {
            self.b.emit(Insn::Halt {
                code: crate::error::codes::SQLITE_ERROR,
                on_error: Default::default(),
                message: Some(format!(
                    "error in table {} after add column: {}",
                    t.name, e.message
                )),
            });
            return Ok(());
        }
        if self.add_column_checks(t, cd, &new_sql)? {
            return Ok(());
        }
        self.rewrite_schema(t, None, vec![("table".into(), t.name.clone(), new_sql)])
    }

    /// A new cursor reading table `t`'s b-tree (its rows, for the checks of an ALTER).
    pub(super) fn open_table_read(&mut self, t: &Table) -> crate::vdbe::insn::CursorId {
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenRead {
            cursor: c,
            root: Root::Page(t.root_page),
            db: t.db,
            n_columns: t.columns.len(),
            key_info: t.without_rowid.then(|| t.pk_key_info()),
        });
        c
    }

    /// Fails the statement with `msg` when table `t` has a row.
    fn halt_if_rows(&mut self, t: &Table, msg: &str) {
        let c = self.open_table_read(t);
        let empty = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: empty,
        });
        self.b.emit(Insn::Halt {
            code: crate::error::codes::SQLITE_ERROR,
            on_error: Default::default(),
            message: Some(msg.to_owned()),
        });
        self.b.bind(empty);
        self.b.emit(Insn::Close { cursor: c });
    }
}

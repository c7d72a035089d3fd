//! DDL: CREATE/DROP TABLE, INDEX, VIEW, TRIGGER and ALTER TABLE. Each writes `sqlite_schema`
//! rows with the SQL text SQLite stores, bumps the schema cookie and reloads the schema.

use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::parser::ast;
use crate::schema::{auto_indexes, stored_sql, Index, Table};
use crate::value::compare::Collation;
use crate::vdbe::insn::{BtreeKind, CmpFlags, Cookie, CursorId, Insn, OnError, Reg, Root};

use super::select::Dest;
use super::Compiler;

impl Compiler<'_> {
    /// Opens a write cursor on `sqlite_schema`.
    pub(crate) fn open_schema(&mut self) -> CursorId {
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenWrite {
            cursor: c,
            root: Root::Page(1),
            db: self.ddl_db,
            n_columns: 5,
            key_info: None,
        });
        c
    }

    /// Appends a `sqlite_schema` row; `root` is a register (or None for 0) and `sql` None for
    /// NULL.
    pub(crate) fn schema_row(
        &mut self,
        cursor: CursorId,
        kind: &str,
        name: &str,
        tbl: &str,
        root: Option<Reg>,
        sql: Option<&str>,
    ) {
        let r = self.b.alloc_regs(5);
        self.b.emit(Insn::String8 {
            value: kind.into(),
            dest: r,
        });
        self.b.emit(Insn::String8 {
            value: name.into(),
            dest: r + 1,
        });
        self.b.emit(Insn::String8 {
            value: tbl.into(),
            dest: r + 2,
        });
        match root {
            Some(rr) => self.b.emit(Insn::SCopy {
                src: rr,
                dest: r + 3,
            }),
            None => self.b.emit(Insn::Integer {
                value: 0,
                dest: r + 3,
            }),
        };
        match sql {
            Some(s) => self.b.emit(Insn::String8 {
                value: s.into(),
                dest: r + 4,
            }),
            None => self.b.emit(Insn::Null {
                dest: r + 4,
                dest_end: r + 4,
            }),
        };
        let rec = self.b.alloc_reg();
        let rid = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: r,
            count: 5,
            dest: rec,
            affinities: None,
        });
        self.b.emit(Insn::NewRowid {
            cursor,
            dest: rid,
            prev_max: None,
        });
        self.b.emit(Insn::Insert {
            cursor,
            record: rec,
            rowid: rid,
            flags: Default::default(),
            table: None,
        });
    }

    /// Bumps the schema cookie and reloads the schema.
    pub(crate) fn schema_changed(&mut self) {
        self.b.emit(Insn::SetCookie {
            db: self.ddl_db,
            cookie: Cookie::SchemaVersion,
            value: i64::from(self.schema.schema_cookie) + 1,
        });
        self.b.emit(Insn::ParseSchema {
            db: self.ddl_db,
            where_clause: None,
        });
    }

    fn check_new_name(&self, name: &str, what: &str) -> Result<()> {
        if name.len() >= 7 && name[..7].eq_ignore_ascii_case("sqlite_") {
            return Err(Error::sql(format!(
                "object name reserved for internal use: {name}"
            )));
        }
        if self.schema.table(name).is_some() || self.schema.view(name).is_some() {
            return Err(Error::sql(format!("{what} {name} already exists")));
        }
        if self.schema.index(name).is_some() {
            return Err(Error::sql(format!(
                "there is already an index named {name}"
            )));
        }
        Ok(())
    }

    pub(crate) fn create_table(&mut self, ct: &ast::CreateTable) -> Result<()> {
        if let ast::CreateTableBody::Columns { columns, .. } = &ct.body {
            self.check_table_width(&ct.name.name.name, columns.len())?;
        }
        if let Some(done) = self.route_create_table(ct)? {
            return Ok(done);
        }
        let name = &ct.name.name.name;
        if self.schema.table(name).is_some() || self.schema.view(name).is_some() {
            if ct.if_not_exists {
                return Ok(());
            }
            let kind = if self.schema.view(name).is_some() {
                "view"
            } else {
                "table"
            };
            return Err(Error::sql(format!("{kind} {name} already exists")));
        }
        self.check_new_name(name, "table")?;
        self.writes = true;
        let schema = self.open_schema();
        let root = self.b.alloc_reg();
        let without_rowid = matches!(
            &ct.body,
            ast::CreateTableBody::Columns { options, .. } if options.without_rowid
        );
        self.b.emit(Insn::CreateBtree {
            db: self.ddl_db,
            dest: root,
            kind: if without_rowid {
                BtreeKind::Index
            } else {
                BtreeKind::Table
            },
        });
        match &ct.body {
            ast::CreateTableBody::Columns { .. } => {
                let t = Table::from_create(ct, self.sql, 0)?;
                // UNIQUE/PRIMARY KEY errors are found while parsing, before the expressions.
                let autos = auto_indexes(ct, &t)?;
                self.check_table_exprs(&t)?;
                let sql = stored_sql(&ct.name, ct.span, self.sql, "CREATE TABLE");
                self.schema_row(schema, "table", name, name, Some(root), Some(&sql));
                for ix in autos {
                    let r = self.b.alloc_reg();
                    self.b.emit(Insn::CreateBtree {
                        db: self.ddl_db,
                        dest: r,
                        kind: BtreeKind::Index,
                    });
                    self.schema_row(schema, "index", &ix.name, name, Some(r), None);
                }
                if t.autoincrement && self.schema.table("sqlite_sequence").is_none() {
                    let r = self.b.alloc_reg();
                    self.b.emit(Insn::CreateBtree {
                        db: self.ddl_db,
                        dest: r,
                        kind: BtreeKind::Table,
                    });
                    self.schema_row(
                        schema,
                        "table",
                        "sqlite_sequence",
                        "sqlite_sequence",
                        Some(r),
                        Some("CREATE TABLE sqlite_sequence(name,seq)"),
                    );
                }
            }
            ast::CreateTableBody::AsSelect(sel) => {
                let c = self.b.alloc_cursor();
                self.b.emit(Insn::OpenWrite {
                    cursor: c,
                    root: Root::Reg(root),
                    db: self.ddl_db,
                    n_columns: 0,
                    key_info: None,
                });
                // The SELECT sees every database, not only the one being written.
                let narrowed = self.schema;
                self.schema = self.merged.unwrap_or(narrowed);
                let cols = self.select(sel, &Dest::Table { cursor: c }, 0);
                self.schema = narrowed;
                let cols = cols?;
                let defs: Vec<String> = cols
                    .iter()
                    .map(|c| {
                        let ty = match c.affinity {
                            Some(crate::value::affinity::Affinity::Integer) => " INT",
                            Some(crate::value::affinity::Affinity::Text) => " TEXT",
                            Some(crate::value::affinity::Affinity::Real) => " REAL",
                            Some(crate::value::affinity::Affinity::Numeric) => " NUM",
                            _ => "",
                        };
                        format!("{}{}", quote_ident(&c.name), ty)
                    })
                    .collect();
                let sql = format!("CREATE TABLE {}({})", quote_ident(name), defs.join(","));
                self.schema_row(schema, "table", name, name, Some(root), Some(&sql));
            }
        }
        self.schema_changed();
        Ok(())
    }

    pub(crate) fn create_index(&mut self, ci: &ast::CreateIndex) -> Result<()> {
        if let Some(done) = self.route_create_index(ci)? {
            return Ok(done);
        }
        let name = &ci.name.name.name;
        self.check_index_width(ci.columns.len())?;
        if self.schema.index(name).is_some() {
            if ci.if_not_exists {
                return Ok(());
            }
            return Err(Error::sql(format!("index {name} already exists")));
        }
        if name.len() >= 7 && name[..7].eq_ignore_ascii_case("sqlite_") {
            return Err(Error::sql(format!(
                "object name reserved for internal use: {name}"
            )));
        }
        if self.schema.table(name).is_some() || self.schema.view(name).is_some() {
            return Err(Error::sql(format!("there is already a table named {name}")));
        }
        let Some(table) = self.schema.table(&ci.table.name) else {
            if self.schema.view(&ci.table.name).is_some() {
                return Err(Error::sql("views may not be indexed"));
            }
            return Err(Error::sql(format!("no such table: main.{}", ci.table.name)));
        };
        if table.root_page == 1 {
            return Err(Error::sql(format!(
                "table {} may not be indexed",
                table.name
            )));
        }
        self.check_index_exprs(&table, ci)?;
        let ix = Index::from_create(ci, self.sql, &table, 0)?;
        self.writes = true;
        let schema = self.open_schema();
        let root = self.b.alloc_reg();
        self.b.emit(Insn::CreateBtree {
            db: self.ddl_db,
            dest: root,
            kind: BtreeKind::Index,
        });
        let sql = ix.sql.clone();
        self.schema_row(
            schema,
            "index",
            name,
            &table.name,
            Some(root),
            sql.as_deref(),
        );
        self.fill_index(&table, &ix, root)?;
        self.schema_changed();
        Ok(())
    }

    /// `REINDEX [name]`: rebuilds the named index, the indexes of the named table, the indexes
    /// using the named collation, or every index.
    pub(crate) fn reindex(&mut self, name: Option<&ast::QualifiedName>) -> Result<()> {
        let mut list: Vec<Arc<Index>> = Vec::new();
        match name {
            None => list.extend(self.schema.indexes.values().cloned()),
            Some(q) => {
                let n = &q.name.name;
                if let Some(ix) = self.schema.index(n) {
                    list.push(ix);
                } else if let Some(t) = self.schema.table(n) {
                    list.extend(self.schema.table_indexes(&t.name));
                } else {
                    let coll = Collation::from_name(n);
                    let known = matches!(
                        coll,
                        Collation::Binary | Collation::NoCase | Collation::RTrim
                    );
                    let users: Vec<_> = self
                        .schema
                        .indexes
                        .values()
                        .filter(|ix| ix.columns.iter().any(|c| c.collation == coll))
                        .cloned()
                        .collect();
                    if users.is_empty() && !known {
                        return Err(Error::sql("unable to identify the object to be reindexed"));
                    }
                    list.extend(users);
                }
            }
        }
        list.sort_by(|a, b| a.name.cmp(&b.name));
        self.writes = true;
        for ix in list {
            let Some(t) = self.schema.table(&ix.table) else {
                continue;
            };
            self.b.emit(Insn::Clear {
                root: ix.root_page,
                db: ix.db,
                count_changes: false,
            });
            let r = self.int_reg(i64::from(ix.root_page));
            self.fill_index(&t, &ix, r)?;
        }
        Ok(())
    }

    /// Inserts an entry for every row of `table` into the new index at root r[root].
    fn fill_index(&mut self, table: &Arc<Table>, ix: &Index, root: Reg) -> Result<()> {
        let tc = self.b.alloc_cursor();
        self.b.emit(Insn::OpenRead {
            cursor: tc,
            root: Root::Page(table.root_page),
            db: table.db,
            n_columns: table.columns.len(),
            key_info: table.without_rowid.then(|| table.pk_key_info()),
        });
        let ic = self.b.alloc_cursor();
        self.b.emit(Insn::OpenWrite {
            cursor: ic,
            root: Root::Reg(root),
            db: ix.db,
            n_columns: ix.columns.len() + 1,
            key_info: Some(ix.key_info()),
        });
        let src = crate::planner::resolve::Source::from_table(table.clone(), None, tc);
        self.scopes
            .push(crate::planner::resolve::Scope { sources: vec![src] });
        self.agg.push(None);
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: tc,
            target: done,
        });
        let top = self.b.here();
        let r = self.index_entry(table, ix, tc, ic);
        self.scopes.pop();
        self.agg.pop();
        r?;
        self.b.emit(Insn::Next {
            cursor: tc,
            target: top,
        });
        self.b.bind(done);
        Ok(())
    }

    /// Emits the index key of the current row of table cursor `tc` (through the innermost
    /// scope) and inserts it into `ic`'s index, checking uniqueness.
    fn index_entry(
        &mut self,
        table: &Arc<Table>,
        ix: &Index,
        tc: CursorId,
        ic: CursorId,
    ) -> Result<()> {
        let n = ix.columns.len();
        let nl = if table.without_rowid {
            table.primary_key.len()
        } else {
            1
        };
        let key = self.b.alloc_regs(n + nl);
        let skip = self.b.label();
        let pure = self.enter_pure(super::purity::IN_INDEX);
        let r = match &ix.partial {
            Some(w) => self.jump_if_false(w, skip, true),
            None => Ok(()),
        }
        .and_then(|()| self.index_key(table, ix, key));
        self.pure_ctx = pure;
        r?;
        if table.without_rowid {
            let depth = self.scopes.len() - 1;
            for (k, (c, _)) in table.primary_key.iter().enumerate() {
                let cr = crate::planner::resolve::ColRef {
                    depth,
                    src: 0,
                    col: crate::planner::resolve::ColSel::Column(*c),
                };
                self.read_column(cr, key + n + k);
            }
        } else {
            self.b.emit(Insn::Rowid {
                cursor: tc,
                dest: key + n,
            });
        }
        if ix.unique {
            let ok = self.b.label();
            self.b.emit(Insn::NoConflict {
                cursor: ic,
                target: ok,
                key,
                n_key: n,
            });
            self.b.emit(Insn::Halt {
                code: codes::SQLITE_CONSTRAINT_UNIQUE,
                on_error: OnError::Abort,
                message: Some(unique_message(table, ix)),
            });
            self.b.bind(ok);
        }
        let rec = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: key,
            count: n + nl,
            dest: rec,
            affinities: None,
        });
        self.compact_real(rec, super::real_store::index_fields(table, ix));
        self.b.emit(Insn::IdxInsert {
            cursor: ic,
            key: rec,
            append: false,
        });
        self.b.bind(skip);
        Ok(())
    }

    /// Evaluates the key columns of `ix` for the row in the innermost scope into r[key..].
    pub(crate) fn index_key(&mut self, table: &Table, ix: &Index, key: Reg) -> Result<()> {
        let pure = self.enter_pure(super::purity::IN_INDEX);
        let r = self.index_key_columns(table, ix, key);
        self.pure_ctx = pure;
        r
    }

    fn index_key_columns(&mut self, table: &Table, ix: &Index, key: Reg) -> Result<()> {
        for (i, c) in ix.columns.iter().enumerate() {
            match &c.expr {
                crate::schema::IndexedExpr::Column(ci) => {
                    let cr = crate::planner::resolve::ColRef {
                        depth: self.scopes.len() - 1,
                        src: 0,
                        col: crate::planner::resolve::ColSel::Column(*ci),
                    };
                    self.read_column(cr, key + i);
                }
                crate::schema::IndexedExpr::Expr(e) => {
                    let _ = table;
                    self.expr(e, key + i)?;
                }
            }
        }
        Ok(())
    }

    /// For a view or trigger created in a database other than temp: the first database its
    /// body names other than its own (see `fixer.rs`).
    fn foreign_db(&self, temp: bool, find: impl FnOnce(&str) -> Option<String>) -> Option<String> {
        if temp || self.ddl_db == 1 {
            return None;
        }
        let all = self.merged.unwrap_or(self.schema);
        find(all.db_name(self.ddl_db))
    }

    pub(crate) fn create_view(&mut self, cv: &ast::CreateView) -> Result<()> {
        if let Some(done) = self.route_create_view(cv)? {
            return Ok(done);
        }
        let name = &cv.name.name.name;
        if self.schema.table(name).is_some() || self.schema.view(name).is_some() {
            if cv.if_not_exists {
                return Ok(());
            }
            return Err(Error::sql(format!("view {name} already exists")));
        }
        self.check_new_name(name, "view")?;
        if let Some(db) = self.foreign_db(cv.temp, |own| {
            super::fixer::foreign_db_in_select(&cv.select, own)
        }) {
            return Err(Error::sql(format!(
                "view {name} cannot reference objects in database {db}"
            )));
        }
        self.writes = true;
        let schema = self.open_schema();
        let sql = crate::schema::view_sql(cv, self.sql);
        self.schema_row(schema, "view", name, name, None, Some(&sql));
        self.schema_changed();
        Ok(())
    }

    pub(crate) fn create_trigger(&mut self, ct: &ast::CreateTrigger) -> Result<()> {
        if let Some(done) = self.route_create_trigger(ct)? {
            return Ok(done);
        }
        let name = &ct.name.name.name;
        if self.schema.trigger(name).is_some() {
            if ct.if_not_exists {
                return Ok(());
            }
            return Err(Error::sql(format!("trigger {name} already exists")));
        }
        let tname = &ct.table.name.name;
        let ts = self.trigger_table_schema.unwrap_or(self.schema);
        let is_view = ts.view(tname).is_some();
        let Some(tbl) = ts
            .table(tname)
            .map(|t| t.name.clone())
            .or_else(|| ts.view(tname).map(|v| v.name.clone()))
        else {
            return Err(Error::sql(format!("no such table: main.{tname}")));
        };
        if is_view && ct.time != ast::TriggerTime::InsteadOf {
            let when = if ct.time == ast::TriggerTime::After {
                "AFTER"
            } else {
                "BEFORE"
            };
            return Err(Error::sql(format!(
                "cannot create {when} trigger on view: main.{tname}"
            )));
        }
        if !is_view && ct.time == ast::TriggerTime::InsteadOf {
            return Err(Error::sql(format!(
                "cannot create INSTEAD OF trigger on table: {tname}"
            )));
        }
        if let Some(db) =
            self.foreign_db(ct.temp, |own| super::fixer::foreign_db_in_trigger(ct, own))
        {
            return Err(Error::sql(format!(
                "trigger {name} cannot reference objects in database {db}"
            )));
        }
        self.writes = true;
        let schema = self.open_schema();
        let sql = stored_sql(&ct.name, ct.span, self.sql, "CREATE TRIGGER");
        self.schema_row(schema, "trigger", name, &tbl, None, Some(&sql));
        self.schema_changed();
        Ok(())
    }

    /// Deletes the `sqlite_schema` rows whose column `col` (1 name, 2 tbl_name) equals `name`
    /// (case-insensitively) and, when `kind` is given, whose type is `kind`.
    pub(crate) fn delete_schema_rows(&mut self, col: usize, name: &str, kind: Option<&str>) {
        let c = self.open_schema();
        let set = self.b.alloc_reg();
        self.b.emit(Insn::Null {
            dest: set,
            dest_end: set,
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
            value: name.into(),
            dest: want,
        });
        self.b.emit(Insn::Column {
            cursor: c,
            column: col,
            dest: v,
            default: None,
        });
        let flags = CmpFlags {
            collation: Some(Collation::NoCase),
            jump_if_null: true,
            ..Default::default()
        };
        self.b.emit(Insn::Ne {
            lhs: v,
            rhs: want,
            target: next,
            flags: flags.clone(),
        });
        if let Some(k) = kind {
            self.b.emit(Insn::String8 {
                value: k.into(),
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
                flags,
            });
        }
        let rid = self.b.alloc_reg();
        self.b.emit(Insn::Rowid {
            cursor: c,
            dest: rid,
        });
        self.b.emit(Insn::RowSetAdd { set, value: rid });
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
        let end = self.b.label();
        let loop_top = self.b.here();
        self.b.emit(Insn::RowSetRead {
            set,
            target: end,
            dest: rid,
        });
        self.b.emit(Insn::NotExists {
            cursor: c,
            target: loop_top,
            rowid: rid,
        });
        self.b.emit(Insn::Delete {
            cursor: c,
            flags: Default::default(),
            table: None,
        });
        self.b.emit(Insn::Goto { target: loop_top });
        self.b.bind(end);
    }

    fn destroy(&mut self, root: u32) {
        let r = self.b.alloc_reg();
        self.b.emit(Insn::Destroy {
            root,
            db: self.ddl_db,
            dest: r,
        });
    }

    pub(crate) fn drop(&mut self, d: &ast::DropStmt) -> Result<()> {
        if let Some(done) = self.route_drop(d)? {
            return Ok(done);
        }
        let name = &d.name.name.name;
        match d.kind {
            ast::DropKind::Table => {
                let Some(t) = self.schema.table(name) else {
                    if self.schema.view(name).is_some() {
                        return Err(Error::sql(format!("use DROP VIEW to delete view {name}")));
                    }
                    if d.if_exists {
                        return Ok(());
                    }
                    return Err(Error::sql(format!("no such table: {name}")));
                };
                if t.root_page == 1 {
                    return Err(Error::sql(format!("table {name} may not be dropped")));
                }
                self.writes = true;
                self.fk_drop_table(&t)?;
                let mut roots: Vec<u32> = self
                    .schema
                    .table_indexes(&t.name)
                    .iter()
                    .map(|i| i.root_page)
                    .collect();
                roots.push(t.root_page);
                roots.sort_unstable_by(|a, b| b.cmp(a));
                for r in roots {
                    self.destroy(r);
                }
                self.drop_table_rows(&t.name);
                if t.autoincrement {
                    if let Some(seq) = self.schema.table("sqlite_sequence") {
                        self.delete_sequence_row(&seq, &t.name);
                    }
                }
                self.schema_changed();
            }
            ast::DropKind::Index => {
                let Some(ix) = self.schema.index(name) else {
                    if d.if_exists {
                        return Ok(());
                    }
                    return Err(Error::sql(format!("no such index: {name}")));
                };
                if ix.sql.is_none() {
                    return Err(Error::sql(
                        "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped",
                    ));
                }
                self.writes = true;
                self.destroy(ix.root_page);
                self.delete_schema_rows(1, &ix.name, Some("index"));
                self.schema_changed();
            }
            ast::DropKind::View => {
                let Some(v) = self.schema.view(name) else {
                    if self.schema.table(name).is_some() {
                        return Err(Error::sql(format!("use DROP TABLE to delete table {name}")));
                    }
                    if d.if_exists {
                        return Ok(());
                    }
                    return Err(Error::sql(format!("no such view: {name}")));
                };
                self.writes = true;
                self.delete_schema_rows(2, &v.name, None);
                self.schema_changed();
            }
            ast::DropKind::Trigger => {
                let Some(t) = self.schema.trigger(name) else {
                    if d.if_exists {
                        return Ok(());
                    }
                    return Err(Error::sql(format!("no such trigger: {name}")));
                };
                self.writes = true;
                self.delete_schema_rows(1, &t.name, Some("trigger"));
                self.schema_changed();
            }
        }
        Ok(())
    }

    fn delete_sequence_row(&mut self, seq: &Table, tname: &str) {
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
            value: tname.into(),
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
            flags: CmpFlags {
                jump_if_null: true,
                ..Default::default()
            },
        });
        self.b.emit(Insn::Delete {
            cursor: c,
            flags: Default::default(),
            table: None,
        });
        self.b.emit(Insn::Goto { target: done });
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
    }
}

/// Quotes an identifier when SQLite would (not a plain word).
pub(crate) fn quote_ident(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !crate::parser::keywords::is_keyword(s);
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
}

/// `UNIQUE constraint failed: t.a, t.b` (the index's columns).
pub(crate) fn unique_message(table: &Table, ix: &Index) -> String {
    let cols: Vec<String> = ix
        .columns
        .iter()
        .map(|c| match c.expr {
            crate::schema::IndexedExpr::Column(i) => {
                format!("{}.{}", table.name, table.columns[i].name)
            }
            crate::schema::IndexedExpr::Expr(_) => "index '".to_string() + &ix.name + "'",
        })
        .collect();
    format!("UNIQUE constraint failed: {}", cols.join(", "))
}

//! ALTER TABLE (lang_altertable.html): RENAME TO, RENAME COLUMN, ADD COLUMN, DROP COLUMN.
//!
//! Renames rewrite the SQL text stored in `sqlite_schema` (the table's, its indexes' and
//! triggers', and views that mention the table), as SQLite does, writing the new name as a
//! double-quoted identifier. The rewrite works on identifier tokens of the stored text.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::schema::{IndexedExpr, Table};
use crate::vdbe::insn::{Insn, Root, WriteFlags};

use super::Compiler;

/// An identifier token of stored SQL: its byte range and dequoted text.
struct IdTok {
    start: usize,
    end: usize,
    text: String,
}

/// The significant tokens of `sql`: identifiers (bare or quoted) as `Some`, anything else as
/// `None` with its text, skipping strings, blobs and comments.
fn tokens(sql: &str) -> Vec<(Option<IdTok>, String)> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if c == b'\'' {
            let s = i;
            i += 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            out.push((None, sql.get(s..i.min(b.len())).unwrap_or("").to_string()));
        } else if c == b'"' || c == b'`' || c == b'[' {
            let close = if c == b'[' { b']' } else { c };
            let s = i;
            i += 1;
            let mut text = Vec::new();
            while i < b.len() {
                if b[i] == close {
                    if close != b']' && b.get(i + 1) == Some(&close) {
                        text.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                text.push(b[i]);
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push((
                Some(IdTok {
                    start: s,
                    end: i,
                    text: String::from_utf8_lossy(&text).into_owned(),
                }),
                String::new(),
            ));
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            let word = &sql[s..i];
            // x'..' blob literals
            if (word == "x" || word == "X") && b.get(i) == Some(&b'\'') {
                continue;
            }
            out.push((
                Some(IdTok {
                    start: s,
                    end: i,
                    text: word.to_string(),
                }),
                String::new(),
            ));
        } else {
            out.push((None, (c as char).to_string()));
            i += 1;
        }
    }
    out
}

fn is_kw(t: &(Option<IdTok>, String), kw: &str) -> bool {
    matches!(&t.0, Some(id) if id.text.eq_ignore_ascii_case(kw) && id.end - id.start == kw.len())
}

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

/// Whether column `ci` of table definition `sql` has a column-level UNIQUE constraint.
fn column_level_unique(sql: &str, ci: usize) -> bool {
    let Ok(Some((ast::Stmt::CreateTable(ct), _))) = crate::parser::parse_one(sql) else {
        return true;
    };
    let ast::CreateTableBody::Columns { columns, .. } = &ct.body else {
        return true;
    };
    columns.get(ci).is_none_or(|c| {
        c.constraints
            .iter()
            .any(|k| matches!(k.kind, ast::ColumnConstraintKind::Unique { .. }))
    })
}

/// Fails with "no such column: x" when a table-level UNIQUE or PRIMARY KEY of table
/// definition `sql` names a column it does not define.
fn unique_columns_exist(sql: &str) -> Result<()> {
    let Some((ast::Stmt::CreateTable(ct), _)) = crate::parser::parse_one(sql)? else {
        return Ok(());
    };
    let ast::CreateTableBody::Columns {
        columns,
        constraints,
        ..
    } = &ct.body
    else {
        return Ok(());
    };
    for c in constraints {
        let (ast::TableConstraintKind::Unique { columns: key, .. }
        | ast::TableConstraintKind::PrimaryKey { columns: key, .. }) = &c.kind
        else {
            continue;
        };
        for ic in key {
            if let Some(n) = crate::schema::indexed_column_name_pub(ic) {
                if !columns.iter().any(|d| d.name.name.eq_ignore_ascii_case(n)) {
                    return Err(Error::sql(format!("no such column: {n}")));
                }
            }
        }
    }
    Ok(())
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

fn splice(sql: &str, edits: &mut [(usize, usize, String)]) -> String {
    edits.sort_by_key(|e| e.0);
    let mut out = String::new();
    let mut at = 0;
    for (s, e, text) in edits.iter() {
        if *s < at {
            continue;
        }
        out.push_str(&sql[at..*s]);
        out.push_str(text);
        at = *e;
    }
    out.push_str(&sql[at..]);
    out
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Renames references to table `old` in `sql` (object names after TABLE/ON/INTO/UPDATE,
/// FROM/JOIN lists, and `old.column` qualifiers).
pub(crate) fn rename_table_in(sql: &str, old: &str, new: &str) -> String {
    let toks = tokens(sql);
    let mut edits = Vec::new();
    let mut in_from = false;
    for (i, t) in toks.iter().enumerate() {
        if is_kw(t, "FROM") || is_kw(t, "JOIN") {
            in_from = true;
        } else if [
            "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "ON", "USING", "SET", "VALUES",
        ]
        .iter()
        .any(|k| is_kw(t, k))
            || t.1 == ")"
            || t.1 == ";"
        {
            in_from = false;
        }
        let Some(id) = &t.0 else { continue };
        if !id.text.eq_ignore_ascii_case(old) {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let next = toks.get(i + 1);
        let by_prev = prev.is_some_and(|p| {
            [
                "TABLE",
                "ON",
                "INTO",
                "UPDATE",
                "FROM",
                "JOIN",
                "EXISTS",
                "REFERENCES",
            ]
            .iter()
            .any(|k| is_kw(p, k))
                || (in_from && p.1 == ",")
        });
        let by_next = next.is_some_and(|n| n.1 == ".");
        if by_prev || by_next {
            edits.push((id.start, id.end, quoted(new)));
        }
    }
    splice(sql, &mut edits)
}

/// Renames identifier tokens equal to column `old` in `sql`, except object names (after
/// TABLE/INDEX/TRIGGER/VIEW/ON) and function names.
pub(crate) fn rename_column_in(sql: &str, old: &str, new: &str) -> String {
    let toks = tokens(sql);
    let mut edits = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(id) = &t.0 else { continue };
        if !id.text.eq_ignore_ascii_case(old) {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let next = toks.get(i + 1);
        let object = prev.is_some_and(|p| {
            [
                "TABLE", "INDEX", "TRIGGER", "VIEW", "ON", "INTO", "FROM", "JOIN", "UPDATE",
            ]
            .iter()
            .any(|k| is_kw(p, k))
        });
        let func =
            next.is_some_and(|n| n.1 == "(") && prev.is_some_and(|p| p.1 != "," && p.1 != "(");
        if !object && !func {
            edits.push((id.start, id.end, super::ddl::quote_ident(new)));
        }
    }
    splice(sql, &mut edits)
}

/// Renames column `old` of table `parent` in the `REFERENCES parent(col, ...)` lists of
/// `sql` (another table's definition).
pub(crate) fn rename_fk_column_in(sql: &str, parent: &str, old: &str, new: &str) -> String {
    let toks = tokens(sql);
    let mut edits = Vec::new();
    let mut i = 0;
    while i + 2 < toks.len() {
        let names_parent = toks[i + 1]
            .0
            .as_ref()
            .is_some_and(|id| id.text.eq_ignore_ascii_case(parent));
        if !(is_kw(&toks[i], "REFERENCES") && names_parent && toks[i + 2].1 == "(") {
            i += 1;
            continue;
        }
        i += 3;
        while i < toks.len() && toks[i].1 != ")" {
            if let Some(id) = &toks[i].0 {
                if id.text.eq_ignore_ascii_case(old) {
                    edits.push((id.start, id.end, super::ddl::quote_ident(new)));
                }
            }
            i += 1;
        }
    }
    splice(sql, &mut edits)
}

fn mentions(sql: &str, name: &str) -> bool {
    tokens(sql).iter().any(|t| {
        t.0.as_ref()
            .is_some_and(|id| id.text.eq_ignore_ascii_case(name))
    })
}

impl Compiler<'_> {
    pub(crate) fn alter(&mut self, a: &ast::AlterTable) -> Result<()> {
        if let Some(done) = self.route_alter(a)? {
            return Ok(done);
        }
        let name = &a.name.name.name;
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
                let rename = |sql: &str| rename_table_in(sql, &t.name, &new.name);
                let mut edits = self.schema_texts(&t, rename);
                edits.extend(self.fk_children_texts(&t, rename));
                self.rewrite_schema(&t, Some(&new.name), edits)
            }
            ast::AlterAction::RenameColumn { old, new } => {
                let Some(ci) = t.column_index(&old.name) else {
                    return Err(Error::sql(format!("no such column: \"{}\"", old.name)));
                };
                if t.column_index(&new.name).is_some() {
                    return Err(Error::sql(format!("duplicate column name: {}", new.name)));
                }
                let old_name = t.columns[ci].name.clone();
                let mut edits =
                    self.schema_texts(&t, |sql| rename_column_in(sql, &old_name, &new.name));
                edits.extend(self.fk_children_texts(&t, |sql| {
                    rename_fk_column_in(sql, &t.name, &old_name, &new.name)
                }));
                self.rewrite_schema(&t, None, edits)
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
    fn rewrite_schema(
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
        for (kind, name, _) in &edits {
            self.delete_schema_rows(1, name, Some(kind));
        }
        for ix in &auto {
            self.delete_schema_rows(1, &ix.name, Some("index"));
        }
        let c = self.open_schema();
        for (kind, name, sql) in &edits {
            let (obj_name, tbl, root) = match kind.as_str() {
                "table" if !name.eq_ignore_ascii_case(&t.name) => {
                    let root = self.schema.table(name).map_or(0, |c| c.root_page);
                    (name.clone(), name.clone(), root)
                }
                "table" => (tname.clone(), tname.clone(), t.root_page),
                "index" => {
                    let ix = self.schema.index(name);
                    (name.clone(), tname.clone(), ix.map_or(0, |i| i.root_page))
                }
                "trigger" => {
                    let tr = self.schema.trigger(name);
                    let tbl = match tr {
                        Some(tr) if tr.table.eq_ignore_ascii_case(&t.name) => tname.clone(),
                        Some(tr) => tr.table.clone(),
                        None => tname.clone(),
                    };
                    (name.clone(), tbl, 0)
                }
                _ => (name.clone(), name.clone(), 0),
            };
            let r = self.int_reg(i64::from(root));
            self.schema_row(c, kind, &obj_name, &tbl, Some(r), Some(sql));
        }
        for ix in &auto {
            let r = self.int_reg(i64::from(ix.root_page));
            let n = match new_name {
                Some(nn) => ix.name.replacen(&t.name, nn, 1),
                None => ix.name.clone(),
            };
            self.schema_row(c, "index", &n, &tname, Some(r), None);
        }
        if let (Some(nn), true) = (new_name, t.autoincrement) {
            if let Some(seq) = self.schema.table("sqlite_sequence") {
                self.rename_sequence_row(&seq, &t.name, nn);
            }
        }
        self.schema_changed();
        Ok(())
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
        let r = self.b.alloc_reg();
        let rid = self.b.alloc_reg();
        self.b.emit(Insn::Rowid {
            cursor: c,
            dest: rid,
        });
        self.b.emit(Insn::MakeRecord {
            start: rec,
            count: 2,
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
        self.rewrite_schema(t, None, vec![("table".into(), t.name.clone(), new_sql)])
    }

    /// Fails the statement with `msg` when table `t` has a row.
    fn halt_if_rows(&mut self, t: &Table, msg: &str) {
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenRead {
            cursor: c,
            root: Root::Page(t.root_page),
            db: t.db,
            n_columns: t.columns.len(),
            key_info: t.without_rowid.then(|| t.pk_key_info()),
        });
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

    fn drop_column(&mut self, t: &Arc<Table>, col: &str) -> Result<()> {
        let Some(ci) = t.column_index(col) else {
            return Err(Error::sql(format!("no such column: \"{col}\"")));
        };
        let cname = t.columns[ci].name.clone();
        if t.columns[ci].primary_key {
            return Err(Error::sql(format!(
                "cannot drop PRIMARY KEY column: \"{cname}\""
            )));
        }
        for ix in self.schema.table_indexes(&t.name) {
            let uses = ix.columns.iter().any(|c| c.expr == IndexedExpr::Column(ci));
            if uses && ix.sql.is_none() {
                if column_level_unique(&t.sql, ci) {
                    return Err(Error::sql(format!(
                        "cannot drop UNIQUE column: \"{cname}\""
                    )));
                }
                // A table-level UNIQUE(...): the new definition fails to parse below.
                continue;
            }
            if uses {
                return Err(Error::sql(format!(
                    "error in index {} after drop column: no such column: {cname}",
                    ix.name
                )));
            }
        }
        if t.columns.len() == 1 {
            return Err(Error::sql(format!(
                "cannot drop column \"{cname}\": no other columns exist"
            )));
        }
        // Remove the column definition from the stored text.
        let stmt = crate::parser::parse_one(&t.sql)?.map(|p| p.0);
        let Some(ast::Stmt::CreateTable(ct)) = stmt else {
            return Err(Error::sql("malformed table definition"));
        };
        let ast::CreateTableBody::Columns { columns, .. } = &ct.body else {
            return Err(Error::sql("malformed table definition"));
        };
        let (start, end) = if ci > 0 {
            (columns[ci - 1].span.end, columns[ci].span.end)
        } else {
            (columns[0].span.start, columns[1].span.start)
        };
        let new_sql = format!("{}{}", &t.sql[..start], &t.sql[end..]);
        let check = self
            .check_new_definition(&new_sql)
            .and_then(|()| unique_columns_exist(&new_sql));
        if let Err(e) = check {
            // SQLite reports it when the statement runs.
            self.b.emit(Insn::Halt {
                code: crate::error::codes::SQLITE_ERROR,
                on_error: Default::default(),
                message: Some(format!(
                    "error in table {} after drop column: {}",
                    t.name, e.message
                )),
            });
            return Ok(());
        }
        self.writes = true;
        if t.columns[ci].is_virtual() {
            // Not in the records: only the definition changes.
            return self.rewrite_schema(t, None, vec![("table".into(), t.name.clone(), new_sql)]);
        }
        // Rewrite every row without the column.
        let n = t.columns.len();
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenWrite {
            cursor: c,
            root: Root::Page(t.root_page),
            db: t.db,
            n_columns: n,
            key_info: t.without_rowid.then(|| t.pk_key_info()),
        });
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: done,
        });
        let top = self.b.here();
        let regs = self.b.alloc_regs(n - 1);
        let mut k = 0;
        // The columns in record order (a WITHOUT ROWID table's primary key first).
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| t.storage_pos(i));
        for i in order {
            if i == ci || t.columns[i].is_virtual() {
                continue;
            }
            if t.rowid_alias == Some(i) {
                self.b.emit(Insn::Null {
                    dest: regs + k,
                    dest_end: regs + k,
                });
            } else {
                self.b.emit(Insn::Column {
                    cursor: c,
                    column: t.storage_pos(i),
                    dest: regs + k,
                    default: t.columns[i]
                        .default
                        .as_ref()
                        .and_then(super::expr::const_value),
                });
            }
            k += 1;
        }
        let rid = self.b.alloc_reg();
        let rec = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: regs,
            count: k,
            dest: rec,
            affinities: None,
        });
        if t.without_rowid {
            // Same primary key (the first registers; it cannot be dropped): the old entry
            // goes, the new one takes its place and the loop goes on after it.
            self.b.emit(Insn::IdxDelete {
                cursor: c,
                key: regs,
                n_key: t.primary_key.len(),
            });
            self.b.emit(Insn::IdxInsert {
                cursor: c,
                key: rec,
                append: false,
            });
        } else {
            self.b.emit(Insn::Rowid {
                cursor: c,
                dest: rid,
            });
            self.b.emit(Insn::Insert {
                cursor: c,
                record: rec,
                rowid: rid,
                flags: WriteFlags::default(),
                table: None,
            });
        }
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
        self.rewrite_schema(t, None, vec![("table".into(), t.name.clone(), new_sql)])
    }
}

//! ALTER TABLE DROP COLUMN (lang_altertable.html): the refusals sqlite3 gives before it
//! runs (PRIMARY KEY, UNIQUE, last column), the checks when it runs (the table, its indexes,
//! views and triggers without the column, see `alter_check`), then the rewrite of every
//! record without the column and of the table's definition.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::schema::{IndexedExpr, Table};
use crate::vdbe::insn::{CursorId, Insn, Reg, Root, WriteFlags};

use super::alter_check::table_refs_resolve;
use super::alter_rename::mentions;
use super::Compiler;

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

impl Compiler<'_> {
    pub(super) fn drop_column(&mut self, t: &Arc<Table>, col: &str) -> Result<()> {
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
            if uses && ix.sql.is_none() && column_level_unique(&t.sql, ci) {
                return Err(Error::sql(format!(
                    "cannot drop UNIQUE column: \"{cname}\""
                )));
            }
            // A table-level UNIQUE(...): the new definition fails to parse below.
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
        // What sqlite3 checks when the statement runs: the objects broken before, then the
        // table and its indexes, views and triggers after the change.
        self.alter_precheck()?;
        let check = self
            .check_new_definition(&new_sql)
            .and_then(|()| unique_columns_exist(&new_sql))
            .and_then(|()| table_refs_resolve(&new_sql));
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
        self.index_uses_dropped(t, ci)?;
        let edits = vec![("table".to_string(), t.name.clone(), new_sql.clone())];
        self.alter_postcheck(t, None, &edits, &[], "drop column")?;
        self.writes = true;
        if t.columns[ci].is_virtual() {
            // Not in the records: only the definition changes.
            return self.rewrite_schema(t, None, vec![("table".into(), t.name.clone(), new_sql)]);
        }
        self.rewrite_rows_without(t, ci);
        self.rewrite_schema(t, None, vec![("table".into(), t.name.clone(), new_sql)])
    }

    /// Fails with `error in index i after drop column: no such column: x` when an index of
    /// `t` (other than a UNIQUE/PRIMARY KEY constraint's) uses column `ci`: as a key, in an
    /// expression or in its WHERE clause. The first such index in schema order is named,
    /// as sqlite3 checks the schema rows in that order.
    fn index_uses_dropped(&self, t: &Table, ci: usize) -> Result<()> {
        let cname = &t.columns[ci].name;
        let mut indexes = self.schema.table_indexes(&t.name);
        indexes.sort_by_key(|ix| ix.seq);
        for ix in indexes {
            let Some(sql) = &ix.sql else { continue };
            let keyed = ix.columns.iter().any(|c| c.expr == IndexedExpr::Column(ci));
            let body = sql.find('(').map_or("", |at| &sql[at..]);
            if keyed || mentions(body, cname) {
                return Err(Error::sql(format!(
                    "error in index {} after drop column: no such column: {cname}",
                    ix.name
                )));
            }
        }
        Ok(())
    }

    /// Emits the loop rewriting every record of `t` without column `ci` (in place: the
    /// key of each row, rowid or PRIMARY KEY, is unchanged). Fields keep their storage order
    /// (a WITHOUT ROWID record holds the PRIMARY KEY columns first); a field missing from
    /// an old record takes the column's default, as when it is read.
    fn rewrite_rows_without(&mut self, t: &Table, ci: usize) {
        let n = t.columns.len();
        let mut kept: Vec<usize> = (0..n)
            .filter(|&i| i != ci && !t.columns[i].is_virtual())
            .collect();
        kept.sort_by_key(|&i| t.storage_pos(i));
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenWrite {
            cursor: c,
            root: Root::Page(t.root_page),
            db: t.db,
            n_columns: t.n_stored(),
            key_info: t.without_rowid.then(|| t.pk_key_info()),
        });
        let eph = self.b.alloc_cursor();
        if t.without_rowid {
            self.b.emit(Insn::OpenEphemeral {
                cursor: eph,
                n_columns: kept.len(),
                key_info: Some(t.pk_key_info()),
            });
        }
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: done,
        });
        let top = self.b.here();
        let regs = self.b.alloc_regs(kept.len().max(1));
        for (k, &i) in kept.iter().enumerate() {
            if t.rowid_alias == Some(i) {
                self.b.emit(Insn::Null {
                    dest: regs + k,
                    dest_end: regs + k,
                });
                continue;
            }
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
        let rec = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: regs,
            count: kept.len(),
            dest: rec,
            affinities: None,
        });
        if t.without_rowid {
            // Collected first, then written back below: an in-place IdxInsert would move
            // the cursor being scanned.
            self.b.emit(Insn::IdxInsert {
                cursor: eph,
                key: rec,
                append: false,
            });
        } else {
            let rid = self.b.alloc_reg();
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
        if t.without_rowid {
            self.write_back(eph, c, regs, kept.len(), t.primary_key.len());
        }
    }

    /// Copies every record of ephemeral index `eph` (`n` fields, the first `npk` the PRIMARY
    /// KEY) into WITHOUT ROWID table cursor `c`, each replacing the row with its key. `regs`
    /// is scratch space for `n` registers.
    fn write_back(&mut self, eph: CursorId, c: CursorId, regs: Reg, n: usize, npk: usize) {
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: eph,
            target: done,
        });
        let top = self.b.here();
        for k in 0..n {
            self.b.emit(Insn::Column {
                cursor: eph,
                column: k,
                dest: regs + k,
                default: None,
            });
        }
        let rec = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: regs,
            count: n,
            dest: rec,
            affinities: None,
        });
        self.b.emit(Insn::IdxDelete {
            cursor: c,
            key: regs,
            n_key: npk,
        });
        self.b.emit(Insn::IdxInsert {
            cursor: c,
            key: rec,
            append: false,
        });
        self.b.emit(Insn::Next {
            cursor: eph,
            target: top,
        });
        self.b.bind(done);
    }
}

//! ANALYZE (lang_analyze.html, fileformat2.html#stat1tab): writes `sqlite_stat1(tbl,idx,stat)`,
//! creating it first when missing (`CREATE TABLE sqlite_stat1(tbl,idx,stat)`).
//!
//! - `ANALYZE`, `ANALYZE main`: every table not named `sqlite_*`; the old rows are cleared.
//! - `ANALYZE t`: table `t`'s rows are replaced; `ANALYZE i`: index `i`'s row is replaced.
//!
//! One row per index: `stat` is the text `"nRow avg1 avg2 ..."`, `nRow` the index's entries,
//! `avgK` = ceil(nRow / distinct values of its first K columns), comparing under each column's
//! collation with NULLs equal, except that an average of 2 within 10% of 1 (`nRow * 10 <=
//! distinct * 11`) is written 1 (as sqlite3 does). A WITHOUT ROWID table's primary key is an index named after the
//! table. A rowid table without indexes gets `(tbl, NULL, "nRow")`. Empty tables and indexes
//! get no row. Tables, and the indexes of a table, go newest first (SQLite's order for small
//! schemas; for larger ones it follows its hash table, which the row order does not mean).
//! The schema is reloaded afterwards, so the planner reads the new statistics
//! (`planner::stat`).

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::schema::{Index, Table};
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::{BtreeKind, CmpFlags, CursorId, Insn, Reg, Root, WriteFlags};

use super::Compiler;

const STAT1: &str = "sqlite_stat1";

/// What one ANALYZE statement covers.
enum Target {
    All,
    Table(Arc<Table>),
    Index(Arc<Table>, Arc<Index>),
    Nothing,
}

/// One b-tree to measure: its name in `stat`, root page, key info and the columns counted.
struct Tree {
    name: String,
    root: u32,
    key_info: Arc<KeyInfo>,
    n_cols: usize,
}

impl Compiler<'_> {
    /// Compiles `ANALYZE [target]`.
    pub(crate) fn analyze(&mut self, target: Option<&ast::QualifiedName>) -> Result<()> {
        let target = self.analyze_target(target)?;
        if matches!(target, Target::Nothing) {
            return Ok(());
        }
        self.writes = true;
        let stat = self.b.alloc_cursor();
        match self.schema.table(STAT1) {
            Some(t) => {
                let root = t.root_page;
                self.b.emit(Insn::OpenWrite {
                    cursor: stat,
                    root: Root::Page(root),
                    db: 0,
                    n_columns: 3,
                    key_info: None,
                });
                match &target {
                    Target::All => {
                        self.b.emit(Insn::Clear {
                            root,
                            db: 0,
                            count_changes: false,
                        });
                    }
                    Target::Table(t) => self.delete_stat_rows(stat, 0, &t.name),
                    Target::Index(_, ix) => self.delete_stat_rows(stat, 1, &ix.name),
                    Target::Nothing => {}
                }
            }
            None => {
                let root = self.b.alloc_reg();
                self.b.emit(Insn::CreateBtree {
                    db: 0,
                    dest: root,
                    kind: BtreeKind::Table,
                });
                let schema = self.open_schema();
                let sql = "CREATE TABLE sqlite_stat1(tbl,idx,stat)";
                self.schema_row(schema, "table", STAT1, STAT1, Some(root), Some(sql));
                self.b.emit(Insn::OpenWrite {
                    cursor: stat,
                    root: Root::Reg(root),
                    db: 0,
                    n_columns: 3,
                    key_info: None,
                });
            }
        }
        match &target {
            Target::All => {
                let mut tables: Vec<Arc<Table>> = self
                    .schema
                    .tables
                    .values()
                    .filter(|t| !is_internal(&t.name))
                    .cloned()
                    .collect();
                tables.sort_by_key(|t| std::cmp::Reverse(t.root_page));
                for t in tables {
                    self.analyze_table(stat, &t, None);
                }
            }
            Target::Table(t) => self.analyze_table(stat, t, None),
            Target::Index(t, ix) => self.analyze_table(stat, t, Some(ix)),
            Target::Nothing => {}
        }
        if self.schema.table(STAT1).is_none() {
            self.schema_changed();
        } else {
            // Reload the schema, and with it the statistics the planner reads.
            self.b.emit(Insn::ParseSchema {
                db: 0,
                where_clause: None,
            });
        }
        Ok(())
    }

    fn analyze_target(&self, target: Option<&ast::QualifiedName>) -> Result<Target> {
        let Some(q) = target else {
            return Ok(Target::All);
        };
        match &q.schema {
            Some(s) if s.matches("main") => {}
            Some(s) if s.matches("temp") => return Ok(Target::Nothing),
            Some(s) => return Err(Error::sql(format!("unknown database {}", s.name))),
            None if q.name.matches("main") => return Ok(Target::All),
            None if q.name.matches("temp") => return Ok(Target::Nothing),
            None => {}
        }
        let name = &q.name.name;
        if let Some(t) = self.schema.table(name) {
            return Ok(if is_internal(&t.name) {
                Target::Nothing
            } else {
                Target::Table(t)
            });
        }
        if let Some(ix) = self.schema.index(name) {
            return Ok(match self.schema.table(&ix.table) {
                Some(t) if !is_internal(&t.name) => Target::Index(t, ix),
                _ => Target::Nothing,
            });
        }
        if self.schema.view(name).is_some() {
            return Ok(Target::Nothing);
        }
        Err(Error::sql(match &q.schema {
            Some(s) => format!("no such table: {}.{name}", s.name),
            None => format!("no such table: {name}"),
        }))
    }

    /// Deletes the rows of `sqlite_stat1` (open on `stat`) whose column `col` is `name`.
    fn delete_stat_rows(&mut self, stat: CursorId, col: usize, name: &str) {
        let done = self.b.label();
        let next = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: stat,
            target: done,
        });
        let top = self.b.here();
        let (v, want) = (self.b.alloc_reg(), self.b.alloc_reg());
        self.b.emit(Insn::Column {
            cursor: stat,
            column: col,
            dest: v,
            default: None,
        });
        self.b.emit(Insn::String8 {
            value: name.into(),
            dest: want,
        });
        self.b.emit(Insn::Ne {
            lhs: v,
            rhs: want,
            target: next,
            flags: CmpFlags {
                jump_if_null: true,
                ..CmpFlags::default()
            },
        });
        self.b.emit(Insn::Delete {
            cursor: stat,
            flags: WriteFlags {
                save_position: true,
                ..WriteFlags::default()
            },
            table: None,
        });
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: stat,
            target: top,
        });
        self.b.bind(done);
    }

    /// Appends the rows of table `t` (only index `only` when given).
    fn analyze_table(&mut self, stat: CursorId, t: &Table, only: Option<&Index>) {
        let mut indexes = self.schema.table_indexes(&t.name);
        indexes.sort_by_key(|ix| std::cmp::Reverse(ix.root_page));
        let mut trees: Vec<Tree> = indexes
            .iter()
            .filter(|ix| only.is_none_or(|o| o.name.eq_ignore_ascii_case(&ix.name)))
            .map(|ix| {
                let pk = ix.root_page == t.root_page;
                Tree {
                    name: if pk { t.name.clone() } else { ix.name.clone() },
                    root: ix.root_page,
                    key_info: if pk { t.pk_key_info() } else { ix.key_info() },
                    n_cols: ix.columns.len(),
                }
            })
            .collect();
        if t.without_rowid && only.is_none() && !trees.iter().any(|x| x.root == t.root_page) {
            trees.push(Tree {
                name: t.name.clone(),
                root: t.root_page,
                key_info: t.pk_key_info(),
                n_cols: t.primary_key.len(),
            });
        }
        if trees.is_empty() && only.is_none() && !t.without_rowid {
            self.table_row_count(stat, t);
        }
        for tree in &trees {
            self.index_stat(stat, &t.name, tree);
        }
    }

    /// `(tbl, NULL, "nRow")` for a rowid table without indexes, unless it is empty.
    fn table_row_count(&mut self, stat: CursorId, t: &Table) {
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenRead {
            cursor: c,
            root: Root::Page(t.root_page),
            db: 0,
            n_columns: 0,
            key_info: None,
        });
        let n = self.b.alloc_reg();
        self.b.emit(Insn::Count { cursor: c, dest: n });
        self.b.emit(Insn::Close { cursor: c });
        let text = self.b.alloc_reg();
        self.b.emit(Insn::String8 {
            value: String::new(),
            dest: text,
        });
        self.b.emit(Insn::Concat {
            lhs: n,
            rhs: text,
            dest: text,
        });
        self.stat_row(stat, n, &t.name, None, text);
    }

    /// Scans one b-tree, counting its entries and the distinct prefixes of its columns, and
    /// appends its `stat` row.
    fn index_stat(&mut self, stat: CursorId, table: &str, tree: &Tree) {
        let k = tree.n_cols.max(1);
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenRead {
            cursor: c,
            root: Root::Page(tree.root),
            db: 0,
            n_columns: k,
            key_info: Some(tree.key_info.clone()),
        });
        let n = self.b.alloc_reg();
        let first = self.b.alloc_reg();
        let distinct = self.b.alloc_regs(k);
        let prev = self.b.alloc_regs(k);
        let cur = self.b.alloc_regs(k);
        self.b.emit(Insn::Integer { value: 0, dest: n });
        self.b.emit(Insn::Integer {
            value: 1,
            dest: first,
        });
        for j in 0..k {
            self.b.emit(Insn::Integer {
                value: 0,
                dest: distinct + j,
            });
        }
        let done = self.b.label();
        let next = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: done,
        });
        let top = self.b.here();
        self.b.emit(Insn::AddImm { reg: n, value: 1 });
        for j in 0..k {
            self.b.emit(Insn::Column {
                cursor: c,
                column: j,
                dest: cur + j,
                default: None,
            });
        }
        // The first column that differs from the previous entry's: it and every later
        // prefix gain a distinct value.
        let bumps: Vec<_> = (0..k).map(|_| self.b.label()).collect();
        self.b.emit(Insn::IfPos {
            reg: first,
            target: bumps[0],
            decrement: 1,
        });
        for (j, &bump) in bumps.iter().enumerate() {
            let collation = tree.key_info.collations.get(j).cloned();
            self.b.emit(Insn::Ne {
                lhs: cur + j,
                rhs: prev + j,
                target: bump,
                flags: CmpFlags {
                    collation: collation.filter(|c| *c != Collation::Binary),
                    null_eq: true,
                    ..CmpFlags::default()
                },
            });
        }
        self.b.emit(Insn::Goto { target: next });
        for (j, &bump) in bumps.iter().enumerate() {
            self.b.bind(bump);
            self.b.emit(Insn::AddImm {
                reg: distinct + j,
                value: 1,
            });
        }
        self.b.emit(Insn::Copy {
            src: cur,
            dest: prev,
            count: k,
        });
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
        self.b.emit(Insn::Close { cursor: c });
        // stat = n || ' ' || ceil(n / d1) || ' ' || ...
        let text = self.b.alloc_reg();
        let space = self.b.alloc_reg();
        let (t1, one) = (self.b.alloc_reg(), self.b.alloc_reg());
        self.b.emit(Insn::String8 {
            value: String::new(),
            dest: text,
        });
        self.b.emit(Insn::String8 {
            value: " ".into(),
            dest: space,
        });
        self.b.emit(Insn::Integer {
            value: 1,
            dest: one,
        });
        let (two, ten, eleven) = (self.int_reg(2), self.int_reg(10), self.int_reg(11));
        let (x, y) = (self.b.alloc_reg(), self.b.alloc_reg());
        self.b.emit(Insn::Concat {
            lhs: text,
            rhs: n,
            dest: text,
        });
        for j in 0..tree.n_cols {
            self.b.emit(Insn::Add {
                lhs: n,
                rhs: distinct + j,
                dest: t1,
            });
            self.b.emit(Insn::Subtract {
                lhs: t1,
                rhs: one,
                dest: t1,
            });
            self.b.emit(Insn::Divide {
                lhs: t1,
                rhs: distinct + j,
                dest: t1,
            });
            // An average of 2 within 10% of 1 counts as 1: n * 10 <= d * 11.
            let keep = self.b.label();
            self.b.emit(Insn::Ne {
                lhs: t1,
                rhs: two,
                target: keep,
                flags: CmpFlags::default(),
            });
            self.b.emit(Insn::Multiply {
                lhs: n,
                rhs: ten,
                dest: x,
            });
            self.b.emit(Insn::Multiply {
                lhs: distinct + j,
                rhs: eleven,
                dest: y,
            });
            self.b.emit(Insn::Gt {
                lhs: x,
                rhs: y,
                target: keep,
                flags: CmpFlags::default(),
            });
            self.b.emit(Insn::Integer { value: 1, dest: t1 });
            self.b.bind(keep);
            self.b.emit(Insn::Concat {
                lhs: text,
                rhs: space,
                dest: text,
            });
            self.b.emit(Insn::Concat {
                lhs: text,
                rhs: t1,
                dest: text,
            });
        }
        self.stat_row(stat, n, table, Some(&tree.name), text);
    }

    /// Appends `(tbl, idx, r[text])` to `sqlite_stat1` unless r[n] is zero.
    fn stat_row(&mut self, stat: CursorId, n: Reg, tbl: &str, idx: Option<&str>, text: Reg) {
        let skip = self.b.label();
        self.b.emit(Insn::IfNot {
            reg: n,
            target: skip,
            jump_if_null: true,
        });
        let r = self.b.alloc_regs(3);
        self.b.emit(Insn::String8 {
            value: tbl.into(),
            dest: r,
        });
        match idx {
            Some(i) => self.b.emit(Insn::String8 {
                value: i.into(),
                dest: r + 1,
            }),
            None => self.b.emit(Insn::Null {
                dest: r + 1,
                dest_end: r + 1,
            }),
        };
        self.b.emit(Insn::SCopy {
            src: text,
            dest: r + 2,
        });
        let (rec, rowid) = (self.b.alloc_reg(), self.b.alloc_reg());
        self.b.emit(Insn::MakeRecord {
            start: r,
            count: 3,
            dest: rec,
            affinities: None,
        });
        self.b.emit(Insn::NewRowid {
            cursor: stat,
            dest: rowid,
            prev_max: None,
        });
        self.b.emit(Insn::Insert {
            cursor: stat,
            record: rec,
            rowid,
            flags: WriteFlags::default(),
            table: None,
        });
        self.b.bind(skip);
    }
}

fn is_internal(name: &str) -> bool {
    name.len() >= 7 && name[..7].eq_ignore_ascii_case("sqlite_")
}

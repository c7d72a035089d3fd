//! INSERT, UPDATE and DELETE (lang_insert.html, lang_update.html, lang_delete.html,
//! lang_conflict.html): constraint checks with SQLite's messages and index maintenance.
//!
//! A row being written lives in registers: the rowid in `rowid`, column `i` in `cols + i`
//! (the INTEGER PRIMARY KEY column holds the rowid too). Checks run in SQLite's order:
//! NOT NULL, CHECK, then PRIMARY KEY/UNIQUE, each resolved by the statement's OR clause, else
//! the constraint's ON CONFLICT, else ABORT.

use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::parser::ast::{self, ConflictResolution};
use crate::planner::resolve::{ColRef, ColSel, Scope, Source};
use crate::schema::{Index, IndexOrigin, Table};
use crate::vdbe::insn::{CursorId, Insn, OnError, Reg, Root, WriteFlags};

use super::builder::Label;
use super::ddl::unique_message;
use super::fkey::Change;
use super::select::Dest;
use super::strict_gen::StoredCheck;
use super::trigger::Event;
use super::wr_order::KeyOrder;
use super::Compiler;

fn on_error(c: ConflictResolution) -> OnError {
    match c {
        ConflictResolution::Rollback => OnError::Rollback,
        ConflictResolution::Abort => OnError::Abort,
        ConflictResolution::Fail => OnError::Fail,
        ConflictResolution::Ignore => OnError::Ignore,
        ConflictResolution::Replace => OnError::Replace,
    }
}

/// Cursors open on a table being written and its indexes.
pub(crate) struct WriteCursors {
    pub table: CursorId,
    pub indexes: Vec<(Arc<Index>, CursorId)>,
}

impl Compiler<'_> {
    pub(super) fn has_triggers(&self, t: &Table) -> bool {
        !self.triggers_of(t).is_empty()
    }

    /// Starts buffering RETURNING rows (rows are returned after every change is made).
    pub(crate) fn begin_returning(&mut self, ret: &[ast::ResultColumn]) {
        if ret.is_empty() {
            return;
        }
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor: c,
            n_columns: 0,
            key_info: None,
        });
        self.returning = Some((ret.to_vec(), c, Vec::new()));
    }

    /// Buffers the RETURNING row for the row of `t` in registers.
    pub(crate) fn returning_row(
        &mut self,
        t: &Arc<Table>,
        tc: CursorId,
        rowid: Reg,
        cols: Reg,
    ) -> Result<()> {
        let Some((ret, buf, _)) = self.returning.take() else {
            return Ok(());
        };
        self.push_row_scope(t, tc, rowid, cols);
        let r = (|| {
            let rcols = self.result_columns(&ret, true)?;
            let n = rcols.len();
            let regs = self.b.alloc_regs(n);
            for (i, rc) in rcols.iter().enumerate() {
                if self.contains_aggregate(&rc.0) {
                    return Err(Error::sql("misuse of aggregate function in RETURNING"));
                }
                self.expr(&rc.0, regs + i)?;
            }
            self.output(&Dest::Table { cursor: buf }, regs, n);
            Ok(rcols.into_iter().map(|r| r.1).collect::<Vec<_>>())
        })();
        self.pop_scope();
        let infos = r?;
        self.returning = Some((ret, buf, infos));
        Ok(())
    }

    /// Returns the buffered RETURNING rows.
    pub(crate) fn finish_returning(&mut self) {
        let Some((_, buf, infos)) = self.returning.take() else {
            return;
        };
        self.returning_fk_check();
        let n = infos.len();
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: buf,
            target: done,
        });
        let top = self.b.here();
        let regs = self.b.alloc_regs(n);
        for i in 0..n {
            self.b.emit(Insn::Column {
                cursor: buf,
                column: i,
                dest: regs + i,
                default: None,
            });
        }
        self.b.emit(Insn::ResultRow {
            start: regs,
            count: n,
        });
        self.b.emit(Insn::Next {
            cursor: buf,
            target: top,
        });
        self.b.bind(done);
        self.column_names = infos.iter().map(|c| c.name.clone()).collect();
        self.column_decltypes = infos.iter().map(|c| c.decltype.clone()).collect();
        self.column_origins = infos.iter().map(|c| c.origin.clone()).collect();
    }

    fn writable_table(&self, name: &ast::QualifiedName) -> Result<Arc<Table>> {
        match self.lookup_table(name) {
            Some(t) => {
                if t.root_page == 1 {
                    return Err(Error::sql(format!("table {} may not be modified", t.name)));
                }
                Ok(t)
            }
            None if self.lookup_view(name).is_some() => Err(Error::sql(format!(
                "cannot modify {} because it is a view",
                name.name.name
            ))),
            None => Err(self.no_such_table(name)),
        }
    }

    pub(crate) fn open_write(&mut self, t: &Arc<Table>) -> WriteCursors {
        let table = self.b.alloc_cursor();
        self.b.emit(Insn::OpenWrite {
            cursor: table,
            root: Root::Page(t.root_page),
            db: t.db,
            n_columns: t.columns.len(),
            key_info: t.without_rowid.then(|| t.pk_key_info()),
        });
        let mut indexes = Vec::new();
        for ix in self.indexes_of(t) {
            let c = self.b.alloc_cursor();
            self.b.emit(Insn::OpenWrite {
                cursor: c,
                root: Root::Page(ix.root_page),
                db: ix.db,
                n_columns: ix.columns.len() + 1,
                key_info: Some(ix.key_info()),
            });
            indexes.push((ix, c));
        }
        WriteCursors { table, indexes }
    }

    /// Pushes a scope whose only source is `t`'s row in registers.
    fn push_row_scope(&mut self, t: &Arc<Table>, cursor: CursorId, rowid: Reg, cols: Reg) {
        let mut src = Source::from_table(t.clone(), None, cursor);
        src.regs = Some((rowid, cols));
        self.scopes.push(Scope { sources: vec![src] });
        self.agg.push(None);
    }

    pub(crate) fn pop_scope(&mut self) {
        self.scopes.pop();
        self.agg.pop();
    }

    pub(crate) fn insert(&mut self, ins: &ast::Insert) -> Result<()> {
        if self.instead_of_insert(ins)? {
            return Ok(());
        }
        let t = self.writable_table(&ins.table)?;
        if let Some(w) = &ins.with {
            let _ = w;
        }
        let n = t.columns.len();
        // Map each inserted value to a column (None = the rowid).
        let mut targets: Vec<Option<usize>> = Vec::new();
        if ins.columns.is_empty() {
            // Generated columns take no value (gencol.html).
            targets = (0..n)
                .filter(|&i| t.columns[i].generated.is_none())
                .map(Some)
                .collect();
        } else {
            for c in &ins.columns {
                match t.column_index(&c.name) {
                    Some(i) if t.columns[i].generated.is_some() => {
                        return Err(Error::sql(format!(
                            "cannot INSERT into generated column \"{}\"",
                            t.columns[i].name
                        )))
                    }
                    Some(i) => targets.push(Some(i)),
                    None if t.is_rowid_name(&c.name) => targets.push(None),
                    None => {
                        return Err(Error::sql(format!(
                            "table {} has no column named {}",
                            t.name, c.name
                        )))
                    }
                }
            }
        }
        self.writes = true;
        let wc = self.open_write(&t);
        self.begin_returning(&ins.returning);
        if !ins.upsert.is_empty() {
            self.check_upsert_targets(&t, ins.alias.as_ref(), &ins.upsert)?;
            self.upsert = Some((
                ins.alias.as_ref().map(|a| a.name.clone()),
                ins.upsert.clone(),
            ));
        }
        if t.autoincrement {
            if self.in_trigger > 0 && !self.autoinc_in_triggers.iter().any(|x| x.name == t.name) {
                self.autoinc_in_triggers.push(t.clone());
            }
            self.autoinc_begin(&t)?;
            self.autoinc_trigger_enter(&t);
        }
        let or = ins.or_conflict;
        self.fk_note_insert(&t, ins);
        match &ins.source {
            ast::InsertSource::DefaultValues => {
                let (rowid, cols) = self.row_regs(n);
                self.fill_defaults(&t, &[], cols)?;
                if !t.without_rowid {
                    self.auto_rowid(&t, wc.table, rowid);
                }
                if let Some(a) = t.rowid_alias {
                    self.b.emit(Insn::SCopy {
                        src: rowid,
                        dest: cols + a,
                    });
                }
                self.insert_row(&t, &wc, &[], rowid, cols, None, or)?;
            }
            ast::InsertSource::Select(sel) => {
                let values = match &sel.first {
                    ast::SelectCore::Values { rows, .. }
                        if sel.compounds.is_empty()
                            && sel.order_by.is_empty()
                            && sel.limit.is_none()
                            && sel.with.is_none() =>
                    {
                        Some(rows)
                    }
                    _ => None,
                };
                if let Some(rows) = values {
                    // sqlite3 compiles the row body once: each row starts from the same
                    // program log (fk_setnull.rs).
                    let log0 = self.programs.clone();
                    for (k, row) in rows.iter().enumerate() {
                        if k > 0 {
                            self.programs = log0.clone();
                        }
                        if row.len() != targets.len() {
                            return Err(self.count_mismatch(&t, ins, row.len(), targets.len()));
                        }
                        let (rowid, cols) = self.row_regs(n);
                        let given = self.b.alloc_regs(row.len());
                        self.scopes.push(Scope::default());
                        self.agg.push(None);
                        let r = (|| {
                            for (i, e) in row.iter().enumerate() {
                                self.expr(e, given + i)?;
                            }
                            Ok::<(), Error>(())
                        })();
                        self.pop_scope();
                        r?;
                        self.place_values(&t, wc.table, &targets, given, rowid, cols)?;
                        self.insert_row(&t, &wc, &targets, rowid, cols, Some(given), or)?;
                    }
                } else {
                    self.insert_from_select(&t, &wc, &targets, ins, sel, or)?;
                }
            }
        }
        self.autoinc_finish(&t);
        Ok(())
    }

    pub(super) fn count_mismatch(
        &self,
        t: &Table,
        ins: &ast::Insert,
        got: usize,
        want: usize,
    ) -> Error {
        if ins.columns.is_empty() {
            Error::sql(format!(
                "table {} has {} columns but {} values were supplied",
                t.name, want, got
            ))
        } else {
            Error::sql(format!("{got} values for {want} columns"))
        }
    }

    pub(super) fn row_regs(&mut self, n: usize) -> (Reg, Reg) {
        let rowid = self.b.alloc_reg();
        let cols = self.b.alloc_regs(n);
        (rowid, cols)
    }

    /// Fills columns not in `given_cols` with their defaults.
    fn fill_defaults(&mut self, t: &Table, given_cols: &[usize], cols: Reg) -> Result<()> {
        for (i, c) in t.columns.iter().enumerate() {
            if given_cols.contains(&i) {
                continue;
            }
            match &c.default {
                Some(d) => {
                    self.scopes.push(Scope::default());
                    self.agg.push(None);
                    let saved = self.sql;
                    self.sql = "";
                    let r = self.expr(d, cols + i);
                    self.sql = saved;
                    self.pop_scope();
                    r?;
                }
                None => {
                    self.b.emit(Insn::Null {
                        dest: cols + i,
                        dest_end: cols + i,
                    });
                }
            }
        }
        Ok(())
    }

    /// Moves the supplied values r[given..] into column registers and computes the rowid.
    pub(super) fn place_values(
        &mut self,
        t: &Table,
        tc: CursorId,
        targets: &[Option<usize>],
        given: Reg,
        rowid: Reg,
        cols: Reg,
    ) -> Result<()> {
        let given_cols: Vec<usize> = targets.iter().flatten().copied().collect();
        self.fill_defaults(t, &given_cols, cols)?;
        let mut rowid_src: Option<Reg> = None;
        for (k, tgt) in targets.iter().enumerate() {
            match tgt {
                Some(i) => {
                    self.b.emit(Insn::SCopy {
                        src: given + k,
                        dest: cols + i,
                    });
                    if t.rowid_alias == Some(*i) {
                        rowid_src = Some(given + k);
                    }
                }
                None => rowid_src = Some(given + k),
            }
        }
        if t.without_rowid {
            if rowid_src.is_some() && t.rowid_alias.is_none() {
                return Err(Error::sql(format!(
                    "table {} has no column named rowid",
                    t.name
                )));
            }
            self.b.emit(Insn::Null {
                dest: rowid,
                dest_end: rowid,
            });
            return Ok(());
        }
        match rowid_src {
            Some(r) => {
                let auto = self.b.label();
                let done = self.b.label();
                self.b.emit(Insn::IsNull {
                    reg: r,
                    target: auto,
                });
                self.b.emit(Insn::SCopy {
                    src: r,
                    dest: rowid,
                });
                self.b.emit(Insn::MustBeInt {
                    reg: rowid,
                    target: None,
                });
                self.b.emit(Insn::Goto { target: done });
                self.b.bind(auto);
                self.auto_rowid(t, tc, rowid);
                self.b.bind(done);
            }
            None => self.auto_rowid(t, tc, rowid),
        }
        // A rowid left for after the BEFORE triggers is chosen in insert_row_to.
        let chosen = self.b.label();
        if self.defers_new_rowid(t) {
            self.b.emit(Insn::IsNull {
                reg: rowid,
                target: chosen,
            });
        }
        self.rowid_chosen(t, rowid, cols);
        self.b.bind(chosen);
        Ok(())
    }

    /// A new row's automatic rowid: now, or NULL (chosen after the BEFORE triggers).
    fn auto_rowid(&mut self, t: &Table, tc: CursorId, rowid: Reg) {
        if self.defers_new_rowid(t) {
            self.b.emit(Insn::Null {
                dest: rowid,
                dest_end: rowid,
            });
        } else {
            self.new_rowid(tc, rowid);
        }
    }

    /// Once a new row's rowid is in r[rowid]: copies it to the rowid alias column and keeps
    /// the AUTOINCREMENT maximum.
    pub(super) fn rowid_chosen(&mut self, t: &Table, rowid: Reg, cols: Reg) {
        if let Some(a) = t.rowid_alias {
            self.b.emit(Insn::SCopy {
                src: rowid,
                dest: cols + a,
            });
        }
        if let Some((_, maxr, _)) = self.autoinc {
            let skip = self.b.label();
            self.b.emit(Insn::Le {
                lhs: rowid,
                rhs: maxr,
                target: skip,
                flags: Default::default(),
            });
            self.b.emit(Insn::SCopy {
                src: rowid,
                dest: maxr,
            });
            self.b.bind(skip);
        }
    }

    /// AUTOINCREMENT: loads the table's `sqlite_sequence` entry (autoinc.html).
    pub(crate) fn autoinc_begin(&mut self, t: &Table) -> Result<()> {
        let seq_of = self.schema.db_schema(t.db).unwrap_or(self.schema);
        let Some(seq) = seq_of.table("sqlite_sequence") else {
            return Ok(());
        };
        let c = self.b.alloc_cursor();
        self.b.emit(Insn::OpenWrite {
            cursor: c,
            root: Root::Page(seq.root_page),
            db: seq.db,
            n_columns: 2,
            key_info: None,
        });
        let maxr = self.int_reg(0);
        let row = self.b.alloc_reg();
        self.b.emit(Insn::Null {
            dest: row,
            dest_end: row,
        });
        let name = self.b.alloc_reg();
        self.b.emit(Insn::String8 {
            value: t.name.clone(),
            dest: name,
        });
        let done = self.b.label();
        let next = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: done,
        });
        let top = self.b.here();
        let v = self.b.alloc_reg();
        self.b.emit(Insn::Column {
            cursor: c,
            column: 0,
            dest: v,
            default: None,
        });
        self.b.emit(Insn::Ne {
            lhs: v,
            rhs: name,
            target: next,
            flags: crate::vdbe::insn::CmpFlags {
                jump_if_null: true,
                ..Default::default()
            },
        });
        self.b.emit(Insn::Rowid {
            cursor: c,
            dest: row,
        });
        self.b.emit(Insn::Column {
            cursor: c,
            column: 1,
            dest: maxr,
            default: None,
        });
        self.b.emit(Insn::Goto { target: done });
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
        self.autoinc = Some((c, maxr, row));
        Ok(())
    }

    /// AUTOINCREMENT: stores the largest rowid used back into `sqlite_sequence`.
    pub(crate) fn autoinc_end(&mut self, t: &Table) {
        let Some((c, maxr, row)) = self.autoinc.take() else {
            return;
        };
        let done = self.b.label();
        let have = self.b.label();
        self.b.emit(Insn::NotNull {
            reg: row,
            target: have,
        });
        // No entry yet: SQLite adds one even when no row was inserted (seq 0).
        self.b.emit(Insn::NewRowid {
            cursor: c,
            dest: row,
            prev_max: None,
        });
        self.b.bind(have);
        let rec = self.b.alloc_regs(2);
        self.b.emit(Insn::String8 {
            value: t.name.clone(),
            dest: rec,
        });
        self.b.emit(Insn::SCopy {
            src: maxr,
            dest: rec + 1,
        });
        let r = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: rec,
            count: 2,
            dest: r,
            affinities: None,
        });
        self.b.emit(Insn::Insert {
            cursor: c,
            record: r,
            rowid: row,
            flags: WriteFlags::default(),
            table: None,
        });
        self.b.bind(done);
    }

    pub(super) fn new_rowid(&mut self, cursor: CursorId, dest: Reg) {
        self.b.emit(Insn::NewRowid {
            cursor,
            dest,
            prev_max: self.autoinc.map(|a| a.1),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_row(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        targets: &[Option<usize>],
        rowid: Reg,
        cols: Reg,
        given: Option<Reg>,
        or: Option<ConflictResolution>,
    ) -> Result<()> {
        let skip = self.b.label();
        self.insert_row_to(t, wc, targets, rowid, cols, given, or, skip)?;
        self.b.bind(skip);
        Ok(())
    }

    /// Checks constraints and writes the row; jumps to `skip` when the row is ignored.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn insert_row_to(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        _targets: &[Option<usize>],
        rowid: Reg,
        cols: Reg,
        _given: Option<Reg>,
        or: Option<ConflictResolution>,
        skip: Label,
    ) -> Result<()> {
        let auto = self.rowid_for_before_triggers(t, rowid, cols);
        if self.has_triggers(t) {
            self.type_new_row_for_triggers(t, Event::Insert, &[], cols);
            // BEFORE triggers see the generated columns too.
            self.compute_generated(t, wc.table, rowid, cols, false)?;
        }
        self.fire_triggers(t, Event::Insert, true, None, Some((rowid, cols)), &[], skip)?;
        if let Some(auto) = auto {
            self.new_rowid_after_triggers(t, wc.table, auto, rowid, cols);
        }
        // Else the row checks apply them after the rowid's uniqueness check (`check_order`).
        if super::check_order::types_before_checks(t) {
            self.apply_affinity(t, cols);
        }
        if !self.generated_in_checks(t) {
            self.compute_generated(t, wc.table, rowid, cols, false)?;
        }
        self.check_row(t, wc, rowid, cols, None, or, skip)?;
        self.fk_before_new(t, (rowid, cols), None, Change::Insert)?;
        self.write_row(t, wc, rowid, cols, true);
        self.fk_after(t, None, Some((rowid, cols)), Change::Insert)?;
        self.returning_row(t, wc.table, rowid, cols)?;
        self.fire_triggers(
            t,
            Event::Insert,
            false,
            None,
            Some((rowid, cols)),
            &[],
            skip,
        )?;
        Ok(())
    }

    pub(super) fn apply_affinity(&mut self, t: &Table, cols: Reg) {
        if t.columns.is_empty() {
            return;
        }
        self.b.emit(Insn::Affinity {
            start: cols,
            affinities: t.columns.iter().map(|c| c.affinity).collect(),
        });
    }

    /// The NOT NULL checks of the columns of `t` that `which` selects, for the row in
    /// r[cols..].
    fn check_not_null(
        &mut self,
        t: &Table,
        cols: Reg,
        or: Option<ConflictResolution>,
        skip: Label,
        which: impl Fn(&crate::schema::Column) -> bool,
    ) -> Result<()> {
        // Columns whose NULL REPLACE turns into their default are done after the others, and
        // a default that is NULL too fails as ABORT (sqlite3 3.40.1: `b NOT NULL DEFAULT
        // NULL` under REPLACE reports `p.b`, after a plain NOT NULL column's error).
        let mut replaced = Vec::new();
        for (i, c) in t.columns.iter().enumerate() {
            if !c.not_null || t.rowid_alias == Some(i) || !which(c) {
                continue;
            }
            let action = or
                .or(c.not_null_conflict)
                .unwrap_or(ConflictResolution::Abort);
            let msg = format!("NOT NULL constraint failed: {}.{}", t.name, c.name);
            match action {
                ConflictResolution::Ignore => {
                    self.b.emit(Insn::IsNull {
                        reg: cols + i,
                        target: skip,
                    });
                }
                ConflictResolution::Replace if c.default.is_some() => replaced.push((i, msg)),
                a => {
                    self.b.emit(Insn::HaltIfNull {
                        reg: cols + i,
                        code: codes::SQLITE_CONSTRAINT_NOTNULL,
                        on_error: if a == ConflictResolution::Replace {
                            OnError::Abort
                        } else {
                            on_error(a)
                        },
                        message: msg,
                    });
                }
            }
        }
        for (i, msg) in replaced {
            let ok = self.b.label();
            self.b.emit(Insn::NotNull {
                reg: cols + i,
                target: ok,
            });
            self.fill_defaults(
                t,
                &(0..t.columns.len()).filter(|&j| j != i).collect::<Vec<_>>(),
                cols,
            )?;
            // The default is stored with the column's affinity (sqlite3: `b TEXT NOT NULL
            // DEFAULT 4` keeps '4').
            self.b.emit(Insn::Affinity {
                start: cols + i,
                affinities: vec![t.columns[i].affinity],
            });
            self.b.emit(Insn::HaltIfNull {
                reg: cols + i,
                code: codes::SQLITE_CONSTRAINT_NOTNULL,
                on_error: OnError::Abort,
                message: msg,
            });
            self.b.bind(ok);
        }
        Ok(())
    }

    /// NOT NULL, CHECK, PRIMARY KEY and UNIQUE checks for the row in registers. `old_rowid` is
    /// the row's rowid before an UPDATE (its own entries are not conflicts).
    #[allow(clippy::too_many_arguments)]
    fn check_row(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        rowid: Reg,
        cols: Reg,
        old_rowid: Option<Reg>,
        or: Option<ConflictResolution>,
        skip: Label,
    ) -> Result<()> {
        // Generated columns: the ordinary columns' STRICT check, then computed here
        // (`strict_gen.rs`; with triggers the caller computed them).
        let gen = self.generated_in_checks(t);
        let stored = self.stored_check_point(t);
        if gen {
            self.strict_check_part(t, cols, false);
            self.compute_generated(t, wc.table, rowid, cols, false)?;
        }
        // NOT NULL
        self.check_not_null(t, cols, or, skip, |_| true)?;
        // STRICT datatypes: here, or after the rowid's uniqueness check (check_order.rs).
        let mut typed = super::check_order::types_before_checks(t);
        if gen {
            typed = stored != StoredCheck::AfterRowid;
            if stored == StoredCheck::BeforeChecks {
                self.strict_check_part(t, cols, true);
            }
        } else if typed {
            self.strict_check(t, cols);
        }
        // CHECK
        if !t.checks.is_empty() {
            self.push_row_scope(t, wc.table, rowid, cols);
            let saved = self.sql;
            let mut r = Ok(());
            for chk in &t.checks {
                let ok = self.b.label();
                self.sql = "";
                let pure = self.enter_pure(super::purity::IN_CHECK);
                let jr = self.jump_if_true(&chk.expr, ok, true);
                self.pure_ctx = pure;
                if let Err(e) = jr {
                    r = Err(e);
                    break;
                }
                let name = chk.name.clone().unwrap_or_else(|| chk.text.clone());
                if or == Some(ConflictResolution::Ignore) {
                    self.b.emit(Insn::Goto { target: skip });
                } else {
                    self.b.emit(Insn::Halt {
                        code: codes::SQLITE_CONSTRAINT_CHECK,
                        on_error: or
                            .map(on_error)
                            .filter(|o| *o != OnError::Replace)
                            .unwrap_or(OnError::Abort),
                        message: Some(format!("CHECK constraint failed: {name}")),
                    });
                }
                self.b.bind(ok);
            }
            self.sql = saved;
            self.pop_scope();
            r?;
        }
        // Uniqueness: an INSERT's ON CONFLICT targets first, in clause order, then the
        // rowid / primary key, then the other UNIQUE indexes (lang_upsert.html).
        for check in self.unique_check_order(t, wc, old_rowid, or) {
            // A rowid conflict resolved by REPLACE comes after the datatype check (sqlite3
            // 3.40.1: the row is not deleted when the new one fails it).
            let replaces =
                matches!(check, UniqueCheck::Rowid) && self.rowid_check_replaces(t, old_rowid, or);
            if !typed && (replaces || !matches!(check, UniqueCheck::Rowid)) {
                self.late_types(t, cols, gen, old_rowid.is_none());
                typed = true;
            }
            match check {
                UniqueCheck::Pk => self.check_pk_unique(t, wc, rowid, cols, old_rowid, or, skip)?,
                UniqueCheck::Rowid => {
                    self.check_rowid_unique(t, wc, rowid, cols, old_rowid, or, skip)?
                }
                UniqueCheck::Index(i) => {
                    let (ix, ic) = &wc.indexes[i];
                    self.check_index_unique(t, wc, (ix, *ic), rowid, cols, old_rowid, or, skip)?
                }
            }
        }
        if !typed {
            self.late_types(t, cols, gen, old_rowid.is_none());
        }
        Ok(())
    }

    /// The types given to a new row after the rowid's uniqueness check (`check_order`): an
    /// INSERT's column affinities (an upsert of a rowid conflict sees `excluded.*` without
    /// them), then the STRICT datatype check.
    fn late_types(&mut self, t: &Table, cols: Reg, gen: bool, insert: bool) {
        if insert {
            self.apply_affinity(t, cols);
        }
        self.late_strict_check(t, cols, gen);
    }

    /// The order of the uniqueness checks for a row: the constraints named by ON CONFLICT
    /// targets first (in clause order), then the WITHOUT ROWID primary key or the rowid, then
    /// the UNIQUE indexes.
    fn unique_check_order(
        &self,
        t: &Table,
        wc: &WriteCursors,
        old_rowid: Option<Reg>,
        or: Option<ConflictResolution>,
    ) -> Vec<UniqueCheck> {
        // (check, its columns: `None` for the rowid, `Some(None)` for an index on
        // expressions, which no target names)
        let mut all: Vec<(UniqueCheck, Option<Option<Vec<usize>>>)> = Vec::new();
        if t.without_rowid {
            // Placed among the indexes below (`pk_check_order.rs`).
        } else if t.rowid_alias.is_some() || old_rowid.is_some() || !self.insert_rowid_fresh {
            // An INSERT that gives the rowid of a table without an INTEGER PRIMARY KEY checks
            // it too, first: the Insert must never overwrite a row (INSERT OR IGNORE kept the
            // new row), and `UNIQUE constraint failed: q.rowid` comes before an index's.
            let scope = self
                .update_scope
                .as_ref()
                .filter(|s| old_rowid.is_some() && s.trigger_depth == self.in_trigger);
            if scope.is_none_or(|s| s.checks_rowid()) {
                all.push((UniqueCheck::Rowid, None));
            }
        }
        // SQLite checks the newest index first; the root page stands in for the creation order.
        let mut ixs: Vec<usize> = (0..wc.indexes.len())
            .filter(|&i| wc.indexes[i].0.unique)
            .filter(|&i| {
                match self
                    .update_scope
                    .as_ref()
                    .filter(|s| old_rowid.is_some() && s.trigger_depth == self.in_trigger)
                {
                    Some(s) => s.checks_index(t, &wc.indexes[i].0),
                    None => true,
                }
            })
            .collect();
        ixs.sort_by_key(|&i| std::cmp::Reverse(wc.indexes[i].0.root_page));
        let pk_at = t.without_rowid.then(|| {
            let newest_first: Vec<&Index> = ixs.iter().map(|&i| &*wc.indexes[i].0).collect();
            all.len() + super::pk_check_order::pk_check_position(t, &newest_first)
        });
        for i in ixs {
            all.push((
                UniqueCheck::Index(i),
                Some(wc.indexes[i].0.column_numbers()),
            ));
        }
        if let Some(at) = pk_at {
            let pk_cols = t.primary_key.iter().map(|p| p.0).collect();
            all.insert(at, (UniqueCheck::Pk, Some(Some(pk_cols))));
        }
        // Constraints that resolve conflicts by REPLACE go after the others, so that a
        // failing or ignored row deletes nothing.
        let replaces = |c: &UniqueCheck| {
            let own = match *c {
                UniqueCheck::Pk | UniqueCheck::Rowid => t.pk_conflict,
                UniqueCheck::Index(i) => wc.indexes[i].0.on_conflict,
            };
            or.or(own) == Some(ConflictResolution::Replace)
        };
        let (keep, last): (Vec<_>, Vec<_>) = all.into_iter().partition(|(c, _)| !replaces(c));
        let mut all = keep;
        all.extend(last);
        let mut order = Vec::with_capacity(all.len());
        if let (None, Some((_, clauses))) = (old_rowid, self.upsert.as_ref()) {
            for u in clauses.iter().filter(|u| u.target.is_some()) {
                let k = all.iter().position(|(_, cols)| match cols {
                    None => upsert_matches(t, u, None),
                    Some(Some(cs)) => upsert_matches(t, u, Some(cs)),
                    Some(None) => false,
                });
                if let Some(k) = k {
                    order.push(all.remove(k).0);
                }
            }
        }
        order.extend(all.into_iter().map(|(c, _)| c));
        order
    }

    /// WITHOUT ROWID primary key: NOT NULL and unique (an UPDATE has already removed the old
    /// entry, so the row cannot conflict with itself).
    #[allow(clippy::too_many_arguments)]
    fn check_pk_unique(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        rowid: Reg,
        cols: Reg,
        old_rowid: Option<Reg>,
        or: Option<ConflictResolution>,
        skip: Label,
    ) -> Result<()> {
        let npk = t.primary_key.len();
        let key = self.b.alloc_regs(npk);
        for (k, (c, _)) in t.primary_key.iter().enumerate() {
            self.b.emit(Insn::HaltIfNull {
                reg: cols + c,
                code: codes::SQLITE_CONSTRAINT_NOTNULL,
                on_error: OnError::Abort,
                message: format!(
                    "NOT NULL constraint failed: {}.{}",
                    t.name, t.columns[*c].name
                ),
            });
            self.b.emit(Insn::SCopy {
                src: cols + c,
                dest: key + k,
            });
        }
        let ok = self.b.label();
        self.b.emit(Insn::NoConflict {
            cursor: wc.table,
            target: ok,
            key,
            n_key: npk,
        });
        let action = or.or(t.pk_conflict).unwrap_or(ConflictResolution::Abort);
        let pk_cols: Vec<usize> = t.primary_key.iter().map(|p| p.0).collect();
        let up = if old_rowid.is_none() {
            self.upsert_for(t, Some(&pk_cols))
        } else {
            None
        };
        if let Some(up) = up {
            self.upsert_action(t, wc, &up, key, rowid, cols, skip)?;
        } else if action == ConflictResolution::Ignore {
            self.b.emit(Insn::Goto { target: skip });
        } else if action == ConflictResolution::Replace {
            self.b.emit(Insn::NotFound {
                cursor: wc.table,
                target: ok,
                key,
                n_key: npk,
            });
            self.delete_current(t, wc)?;
        } else {
            let names: Vec<String> = t
                .primary_key
                .iter()
                .map(|(c, _)| format!("{}.{}", t.name, t.columns[*c].name))
                .collect();
            self.b.emit(Insn::Halt {
                code: codes::SQLITE_CONSTRAINT_PRIMARYKEY,
                on_error: if action == ConflictResolution::Replace {
                    OnError::Abort
                } else {
                    on_error(action)
                },
                message: Some(format!("UNIQUE constraint failed: {}", names.join(", "))),
            });
        }
        self.b.bind(ok);
        Ok(())
    }

    /// Whether the rowid uniqueness check resolves a conflict by REPLACE (no upsert takes it).
    fn rowid_check_replaces(
        &self,
        t: &Table,
        old_rowid: Option<Reg>,
        or: Option<ConflictResolution>,
    ) -> bool {
        let upsert = old_rowid.is_none() && self.upsert_for(t, None).is_some();
        !upsert && or.or(t.pk_conflict) == Some(ConflictResolution::Replace)
    }

    /// INTEGER PRIMARY KEY (or, in an UPDATE, the rowid) uniqueness.
    #[allow(clippy::too_many_arguments)]
    fn check_rowid_unique(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        rowid: Reg,
        cols: Reg,
        old_rowid: Option<Reg>,
        or: Option<ConflictResolution>,
        skip: Label,
    ) -> Result<()> {
        if old_rowid.is_none() && self.insert_rowid_fresh {
            return Ok(());
        }
        let ok = self.b.label();
        if let Some(old) = old_rowid {
            self.b.emit(Insn::Eq {
                lhs: rowid,
                rhs: old,
                target: ok,
                flags: Default::default(),
            });
        }
        let action = or.or(t.pk_conflict).unwrap_or(ConflictResolution::Abort);
        self.b.emit(Insn::NotExists {
            cursor: wc.table,
            target: ok,
            rowid,
        });
        let name = t
            .rowid_alias
            .map(|a| t.columns[a].name.clone())
            .unwrap_or_else(|| "rowid".into());
        let up = if old_rowid.is_none() {
            self.upsert_for(t, None)
        } else {
            None
        };
        let action = if up.is_some() {
            ConflictResolution::Abort
        } else {
            action
        };
        if let Some(up) = up {
            self.upsert_action(t, wc, &up, rowid, rowid, cols, skip)?;
        } else {
            match action {
                ConflictResolution::Ignore => {
                    self.b.emit(Insn::Goto { target: skip });
                }
                ConflictResolution::Replace => self.delete_current(t, wc)?,
                a => {
                    self.b.emit(Insn::Halt {
                        code: codes::SQLITE_CONSTRAINT_PRIMARYKEY,
                        on_error: on_error(a),
                        message: Some(format!("UNIQUE constraint failed: {}.{}", t.name, name)),
                    });
                }
            }
        }
        self.b.bind(ok);
        Ok(())
    }

    /// UNIQUE index uniqueness for the row in registers.
    #[allow(clippy::too_many_arguments)]
    fn check_index_unique(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        (ix, ic): (&Arc<Index>, CursorId),
        rowid: Reg,
        cols: Reg,
        old_rowid: Option<Reg>,
        or: Option<ConflictResolution>,
        skip: Label,
    ) -> Result<()> {
        let n = ix.columns.len();
        let key = self.b.alloc_regs(n + 1);
        self.push_row_scope(t, wc.table, rowid, cols);
        let r = self.index_key(t, ix, key);
        self.pop_scope();
        r?;
        let ok = self.b.label();
        self.b.emit(Insn::NoConflict {
            cursor: ic,
            target: ok,
            key,
            n_key: n,
        });
        // The conflicting row's rowid, or (WITHOUT ROWID) its primary key, which follows the
        // indexed columns in the index entry.
        let npk = t.primary_key.len();
        let other = self.b.alloc_regs(if t.without_rowid { npk } else { 1 });
        if t.without_rowid {
            for k in 0..npk {
                self.b.emit(Insn::Column {
                    cursor: ic,
                    column: n + k,
                    dest: other + k,
                    default: None,
                });
            }
        } else {
            self.b.emit(Insn::IdxRowid {
                cursor: ic,
                dest: other,
            });
            // An UPDATE's row does not conflict with itself; an INSERT's row is not in the
            // table yet, so an entry with its rowid is another row (sqlite3 3.40.1).
            if let Some(old) = old_rowid {
                self.b.emit(Insn::Eq {
                    lhs: other,
                    rhs: old,
                    target: ok,
                    flags: Default::default(),
                });
            }
        }
        let action = or.or(ix.on_conflict).unwrap_or(ConflictResolution::Abort);
        let up = match (old_rowid, ix.column_numbers()) {
            (None, Some(cs)) => self.upsert_for(t, Some(&cs)),
            _ => None,
        };
        if let Some(up) = up {
            self.upsert_action(t, wc, &up, other, rowid, cols, skip)?;
            self.b.bind(ok);
            return Ok(());
        }
        match action {
            ConflictResolution::Ignore => {
                self.b.emit(Insn::Goto { target: skip });
            }
            ConflictResolution::Replace => {
                if t.without_rowid {
                    self.b.emit(Insn::NotFound {
                        cursor: wc.table,
                        target: ok,
                        key: other,
                        n_key: npk,
                    });
                } else {
                    self.b.emit(Insn::NotExists {
                        cursor: wc.table,
                        target: ok,
                        rowid: other,
                    });
                }
                self.delete_current(t, wc)?;
            }
            a => {
                let code = if ix.origin == IndexOrigin::PrimaryKey {
                    codes::SQLITE_CONSTRAINT_PRIMARYKEY
                } else {
                    codes::SQLITE_CONSTRAINT_UNIQUE
                };
                self.b.emit(Insn::Halt {
                    code,
                    on_error: on_error(a),
                    message: Some(unique_message(t, ix)),
                });
            }
        }
        self.b.bind(ok);
        Ok(())
    }

    /// Deletes the row the table cursor is on, with its index entries (REPLACE, DELETE).
    fn delete_current(&mut self, t: &Arc<Table>, wc: &WriteCursors) -> Result<()> {
        let n = t.columns.len();
        let rowid = self.b.alloc_reg();
        let cols = self.b.alloc_regs(n);
        if t.without_rowid {
            self.b.emit(Insn::Null {
                dest: rowid,
                dest_end: rowid,
            });
            self.read_row(t, wc.table, rowid, cols)?;
            self.delete_index_entries(t, wc, rowid, cols)?;
            self.delete_entry(t, wc, rowid, cols, false);
            return Ok(());
        }
        self.b.emit(Insn::Rowid {
            cursor: wc.table,
            dest: rowid,
        });
        self.read_row(t, wc.table, rowid, cols)?;
        self.fk_before_old(t, (rowid, cols), None, Change::Delete)?;
        self.delete_index_entries(t, wc, rowid, cols)?;
        self.b.emit(Insn::Delete {
            cursor: wc.table,
            flags: WriteFlags::default(),
            table: Some(t.name.clone()),
        });
        self.fk_after(t, Some((rowid, cols)), None, Change::Delete)?;
        Ok(())
    }

    fn delete_index_entries(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        rowid: Reg,
        cols: Reg,
    ) -> Result<()> {
        for (ix, ic) in &wc.indexes {
            let n = ix.columns.len();
            let key = self.b.alloc_regs(n + t.primary_key.len().max(1));
            self.push_row_scope(t, wc.table, rowid, cols);
            let skip = self.b.label();
            let pure = self.enter_pure(super::purity::IN_INDEX);
            let r = (|| {
                if let Some(w) = &ix.partial {
                    self.jump_if_false(w, skip, true)?;
                }
                self.index_key(t, ix, key)
            })();
            self.pure_ctx = pure;
            self.pop_scope();
            r?;
            let nl = self.locator(t, rowid, cols, key + n);
            self.b.emit(Insn::IdxDelete {
                cursor: *ic,
                key,
                n_key: n + nl,
            });
            self.b.bind(skip);
        }
        Ok(())
    }

    /// The fields that identify a row at the end of an index entry: the rowid, or for a
    /// WITHOUT ROWID table its primary-key columns. Emitted into r[dest..]; returns the count.
    fn locator(&mut self, t: &Table, rowid: Reg, cols: Reg, dest: Reg) -> usize {
        if t.without_rowid {
            for (k, (c, _)) in t.primary_key.iter().enumerate() {
                self.b.emit(Insn::SCopy {
                    src: cols + c,
                    dest: dest + k,
                });
            }
            t.primary_key.len()
        } else {
            self.b.emit(Insn::SCopy { src: rowid, dest });
            1
        }
    }

    /// Writes the table row and its index entries.
    pub(super) fn write_row(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        rowid: Reg,
        cols: Reg,
        is_insert: bool,
    ) {
        let n = t.columns.len();
        let rec = self.b.alloc_reg();
        // The INTEGER PRIMARY KEY column is stored as NULL: its value is the rowid.
        let block = self.b.alloc_regs(n);
        let n_stored = t.n_stored();
        if t.without_rowid || n_stored != n {
            // Record order: storage_pos (primary key first; VIRTUAL columns left out).
            for i in (0..n).filter(|&i| !t.columns[i].is_virtual()) {
                self.b.emit(Insn::SCopy {
                    src: cols + i,
                    dest: block + t.storage_pos(i),
                });
            }
        } else {
            self.b.emit(Insn::Copy {
                src: cols,
                dest: block,
                count: n,
            });
        }
        if let Some(a) = t.rowid_alias {
            let p = t.storage_pos(a);
            self.b.emit(Insn::Null {
                dest: block + p,
                dest_end: block + p,
            });
        }
        for (ix, ic) in &wc.indexes {
            let k = ix.columns.len();
            let key = self.b.alloc_regs(k + t.primary_key.len().max(1));
            self.push_row_scope(t, wc.table, rowid, cols);
            let skip = self.b.label();
            let pure = self.enter_pure(super::purity::IN_INDEX);
            let r = (|| {
                if let Some(w) = &ix.partial {
                    self.jump_if_false(w, skip, true)?;
                }
                self.index_key(t, ix, key)
            })();
            self.pure_ctx = pure;
            self.pop_scope();
            if r.is_err() {
                continue;
            }
            let nl = self.locator(t, rowid, cols, key + k);
            let irec = self.b.alloc_reg();
            self.b.emit(Insn::MakeRecord {
                start: key,
                count: k + nl,
                dest: irec,
                affinities: None,
            });
            self.compact_real(irec, super::real_store::index_fields(t, ix));
            self.b.emit(Insn::IdxInsert {
                cursor: *ic,
                key: irec,
                append: false,
            });
            self.b.bind(skip);
        }
        if t.without_rowid {
            // Stored as an index entry: primary key first, then the other columns.
            self.b.emit(Insn::MakeRecord {
                start: block,
                count: n_stored,
                dest: rec,
                affinities: None,
            });
            self.compact_real(rec, super::real_store::table_fields(t));
            self.b.emit(Insn::IdxInsert {
                cursor: wc.table,
                key: rec,
                append: false,
            });
            self.b.emit(Insn::CountChange {
                nchange: self.in_trigger == 0,
            });
            return;
        }
        self.b.emit(Insn::MakeRecord {
            start: block,
            count: n_stored,
            dest: rec,
            affinities: None,
        });
        self.compact_real(rec, super::real_store::table_fields(t));
        self.b.emit(Insn::Insert {
            cursor: wc.table,
            record: rec,
            rowid,
            flags: WriteFlags {
                nchange: self.in_trigger == 0,
                ntotal: self.in_trigger > 0,
                // A trigger's inserts leave last_insert_rowid() as it was (SQLite restores
                // it when the trigger ends).
                last_rowid: is_insert && self.in_trigger == 0,
                is_update: !is_insert,
                ..Default::default()
            },
            table: Some(t.name.clone()),
        });
    }

    /// Re-positions the table cursor on the row (r[rowid], r[cols..]); jumps to `missing`
    /// when it is gone.
    fn reseek(&mut self, t: &Table, wc: &WriteCursors, rowid: Reg, cols: Reg, missing: Label) {
        if t.without_rowid {
            let npk = t.primary_key.len();
            let key = self.b.alloc_regs(npk);
            self.locator(t, rowid, cols, key);
            self.b.emit(Insn::NotFound {
                cursor: wc.table,
                target: missing,
                key,
                n_key: npk,
            });
        } else {
            self.b.emit(Insn::NotExists {
                cursor: wc.table,
                target: missing,
                rowid,
            });
        }
    }

    /// Reads every column of the row the table cursor is on into r[cols..] (VIRTUAL
    /// generated columns are computed).
    pub(crate) fn read_row(
        &mut self,
        t: &Arc<Table>,
        tc: CursorId,
        rowid: Reg,
        cols: Reg,
    ) -> Result<()> {
        for i in 0..t.columns.len() {
            if t.columns[i].is_virtual() {
                continue;
            }
            if t.rowid_alias == Some(i) {
                self.b.emit(Insn::SCopy {
                    src: rowid,
                    dest: cols + i,
                });
            } else {
                self.b.emit(Insn::Column {
                    cursor: tc,
                    column: t.storage_pos(i),
                    dest: cols + i,
                    default: super::generated::missing_field_value(&t.columns[i]),
                });
                self.real_affinity_col(t, i, cols + i);
            }
        }
        self.compute_generated(t, tc, rowid, cols, true)
    }

    /// Starts the loop over the rows collected by [`Self::collect_rowids`]: positions the
    /// table cursor on each and leaves its rowid in r[rowid] (NULL for WITHOUT ROWID).
    fn row_loop_begin(
        &mut self,
        t: &Table,
        wc: &WriteCursors,
        list: RowList,
        rowid: Reg,
    ) -> RowLoop {
        let end = self.b.label();
        let next = self.b.label();
        match list {
            RowList::Rowids(set) => {
                let top = self.b.here();
                self.b.emit(Insn::RowSetRead {
                    set,
                    target: end,
                    dest: rowid,
                });
                self.b.emit(Insn::NotExists {
                    cursor: wc.table,
                    target: next,
                    rowid,
                });
                RowLoop {
                    list,
                    top,
                    next,
                    end,
                }
            }
            RowList::ScanRowids(k) => {
                self.b.emit(Insn::Rewind {
                    cursor: k,
                    target: end,
                });
                let top = self.b.here();
                self.b.emit(Insn::Column {
                    cursor: k,
                    column: 0,
                    dest: rowid,
                    default: None,
                });
                self.b.emit(Insn::NotExists {
                    cursor: wc.table,
                    target: next,
                    rowid,
                });
                RowLoop {
                    list,
                    top,
                    next,
                    end,
                }
            }
            RowList::Keys(k) => {
                let npk = t.primary_key.len();
                self.b.emit(Insn::Rewind {
                    cursor: k,
                    target: end,
                });
                let top = self.b.here();
                self.b.emit(Insn::Null {
                    dest: rowid,
                    dest_end: rowid,
                });
                self.seek_key_from(k, npk, wc.table, next);
                RowLoop {
                    list,
                    top,
                    next,
                    end,
                }
            }
        }
    }

    /// Positions WITHOUT ROWID table cursor `table` on the row whose primary key is fields
    /// `0..npk` of `src`'s current entry; jumps to `missing` when there is none.
    pub(crate) fn seek_key_from(
        &mut self,
        src: CursorId,
        npk: usize,
        table: CursorId,
        missing: Label,
    ) {
        let key = self.b.alloc_regs(npk);
        for i in 0..npk {
            self.b.emit(Insn::Column {
                cursor: src,
                column: i,
                dest: key + i,
                default: None,
            });
        }
        self.b.emit(Insn::NotFound {
            cursor: table,
            target: missing,
            key,
            n_key: npk,
        });
    }

    fn row_loop_end(&mut self, lp: RowLoop) {
        self.b.bind(lp.next);
        match lp.list {
            RowList::Rowids(_) => {
                self.b.emit(Insn::Goto { target: lp.top });
            }
            RowList::Keys(k) | RowList::ScanRowids(k) => {
                self.b.emit(Insn::Next {
                    cursor: k,
                    target: lp.top,
                });
            }
        }
        self.b.bind(lp.end);
    }

    /// Deletes the table entry of the row (r[rowid], r[cols..]) the cursor is on.
    fn delete_entry(&mut self, t: &Table, wc: &WriteCursors, rowid: Reg, cols: Reg, count: bool) {
        if t.without_rowid {
            let npk = t.primary_key.len();
            let key = self.b.alloc_regs(npk);
            self.locator(t, rowid, cols, key);
            self.b.emit(Insn::IdxDelete {
                cursor: wc.table,
                key,
                n_key: npk,
            });
            if count {
                self.b.emit(Insn::CountChange {
                    nchange: self.in_trigger == 0,
                });
            }
        } else {
            self.b.emit(Insn::Delete {
                cursor: wc.table,
                flags: WriteFlags {
                    nchange: count && self.in_trigger == 0,
                    ntotal: count && self.in_trigger > 0,
                    ..Default::default()
                },
                table: Some(t.name.clone()),
            });
        }
    }

    /// Collects the rowids (primary keys) of the rows of `t` matching `where_`, in the order
    /// `order` asks for (see `wr_order.rs`).
    fn collect_rowids(
        &mut self,
        t: &Arc<Table>,
        alias: Option<&ast::Ident>,
        indexed: Option<&ast::Indexed>,
        where_: Option<&ast::Expr>,
        order: super::wr_order::KeyOrder,
    ) -> Result<RowList> {
        let set = self.b.alloc_reg();
        self.b.emit(Insn::Null {
            dest: set,
            dest_end: set,
        });
        let from = ast::FromClause {
            first: ast::TableOrSubquery::Table {
                name: self.scan_name_of(t),
                alias: alias.cloned(),
                indexed: indexed.cloned(),
                span: ast::Span::default(),
            },
            joins: vec![],
            span: ast::Span::default(),
        };
        let open_keys = self.b.here();
        let keys = if t.without_rowid {
            let k = self.b.alloc_cursor();
            self.b.emit(Insn::OpenEphemeral {
                cursor: k,
                n_columns: t.primary_key.len(),
                key_info: None,
            });
            Some(k)
        } else {
            // Becomes an OpenEphemeral when the rowids go in scan order.
            self.b.emit(Insn::Noop);
            None
        };
        let mut scan_rowids = None;
        let (scope, plan) = self.scope_for_from(Some(&from))?;
        self.scopes.push(scope);
        self.agg.push(None);
        let r = (|| {
            if let Some(w) = where_ {
                if let Some(name) = self.last_aggregate([w]) {
                    return Err(Error::sql(format!("misuse of aggregate function {name}()")));
                }
            }
            let used = self.used_columns(where_).map(|mut u| {
                u[0].push(ColSel::Rowid);
                for (c, _) in &t.primary_key {
                    u[0].push(ColSel::Column(*c));
                }
                u
            });
            let levels = self.open_loops(&plan, where_, used)?;
            let depth = self.scopes.len() - 1;
            if let Some(k) = keys {
                // Keys in primary-key order go to an ephemeral index (see `wr_order.rs`).
                let pk_order = order.pk_order(levels.first().map(|l| l.access()));
                if pk_order {
                    self.b.insns[open_keys] = Insn::OpenEphemeral {
                        cursor: k,
                        n_columns: t.primary_key.len(),
                        key_info: Some(t.pk_key_info()),
                    };
                }
                let npk = t.primary_key.len();
                let regs = self.b.alloc_regs(npk);
                for (i, (c, _)) in t.primary_key.iter().enumerate() {
                    self.read_column(
                        ColRef {
                            depth,
                            src: 0,
                            col: ColSel::Column(*c),
                        },
                        regs + i,
                    );
                }
                let dest = if pk_order {
                    Dest::Set { cursor: k }
                } else {
                    Dest::Table { cursor: k }
                };
                self.output(&dest, regs, npk);
            } else {
                let rid = self.b.alloc_reg();
                self.read_column(
                    ColRef {
                        depth,
                        src: 0,
                        col: ColSel::Rowid,
                    },
                    rid,
                );
                if order.rowid_scan_order(levels.first().map(|l| l.access())) {
                    let k = self.b.alloc_cursor();
                    self.b.insns[open_keys] = Insn::OpenEphemeral {
                        cursor: k,
                        n_columns: 1,
                        key_info: None,
                    };
                    self.output(&Dest::Table { cursor: k }, rid, 1);
                    scan_rowids = Some(k);
                } else {
                    self.b.emit(Insn::RowSetAdd { set, value: rid });
                }
            }
            self.close_loops(levels);
            Ok(())
        })();
        self.pop_scope();
        r?;
        Ok(match (keys, scan_rowids) {
            (Some(k), _) => RowList::Keys(k),
            (None, Some(k)) => RowList::ScanRowids(k),
            (None, None) => RowList::Rowids(set),
        })
    }

    pub(crate) fn delete(&mut self, d: &ast::Delete) -> Result<()> {
        if self.instead_of_delete(d)? {
            return Ok(());
        }
        let t = self.writable_table(&d.table)?;
        self.writes = true;
        let where_ = super::update::limited_where(
            &t,
            d.alias.as_ref(),
            d.indexed.as_ref(),
            d.where_.as_ref(),
            &d.order_by,
            d.limit.as_ref(),
            "DELETE",
        )?;
        let plan_rows = self.query_plan.len();
        let list = self.collect_rowids(
            &t,
            d.alias.as_ref(),
            d.indexed.as_ref(),
            where_.as_ref(),
            KeyOrder::Pk,
        )?;
        if self.is_truncate(d, &t) {
            self.query_plan.truncate(plan_rows);
        }
        let wc = self.open_write(&t);
        self.prestart_triggers(&t, Event::Delete, &[]);
        self.begin_returning(&d.returning);
        let rid = self.b.alloc_reg();
        let lp = self.row_loop_begin(&t, &wc, list, rid);
        let next = lp.next;
        let n = t.columns.len();
        let cols = self.b.alloc_regs(n);
        self.read_row(&t, wc.table, rid, cols)?;
        if self.has_triggers(&t) {
            self.fire_triggers(&t, Event::Delete, true, Some((rid, cols)), None, &[], next)?;
            self.reseek(&t, &wc, rid, cols, next);
        }
        self.fk_before_old(&t, (rid, cols), None, Change::Delete)?;
        self.delete_index_entries(&t, &wc, rid, cols)?;
        self.returning_row(&t, wc.table, rid, cols)?;
        self.delete_entry(&t, &wc, rid, cols, true);
        self.fk_after(&t, Some((rid, cols)), None, Change::Delete)?;
        self.fire_triggers(&t, Event::Delete, false, Some((rid, cols)), None, &[], next)?;
        self.row_loop_end(lp);
        Ok(())
    }

    /// Writes the new version (r[rowid], r[cols..]) of the row whose old version is
    /// (r[old_rowid], r[old..]): checks, index maintenance, RETURNING. Jumps to `skip` when
    /// the change is ignored.
    #[allow(clippy::too_many_arguments)]
    fn update_tail(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        old_rowid: Reg,
        old: Reg,
        rowid: Reg,
        cols: Reg,
        rowid_changes: bool,
        changed: &[usize],
        or: Option<ConflictResolution>,
        skip: Label,
    ) -> Result<()> {
        self.apply_affinity(t, cols);
        if !self.generated_in_checks(t) {
            self.compute_generated(t, wc.table, rowid, cols, false)?;
        }
        let change = Change::Update(changed, rowid_changes);
        let (o, n) = (Some((old_rowid, old)), Some((rowid, cols)));
        // The old row's FK counts go before the checks (a REPLACE they make removes rows
        // after them), except under a statement-wide OR IGNORE / ABORT / FAIL / ROLLBACK,
        // where no REPLACE can happen: then after, so that a row the checks skip (IGNORE)
        // counts nothing (sqlite3: `UPDATE OR IGNORE p SET id = id + 1` skipping the row
        // whose key a child references leaves no violation; writes seed 30254).
        let fk_after_checks =
            !t.without_rowid && or.is_some_and(|c| c != ConflictResolution::Replace);
        if !fk_after_checks {
            self.fk_before_old(t, (old_rowid, old), n, change)?;
        }
        let scope = super::update_scope::UpdateScope {
            changed: changed.to_vec(),
            rowid_changes,
            trigger_depth: self.in_trigger,
        };
        if t.without_rowid {
            // The old entries go first, so that the row does not conflict with itself.
            self.reseek(t, wc, old_rowid, old, skip);
            self.delete_index_entries(t, wc, old_rowid, old)?;
            self.delete_entry(t, wc, old_rowid, old, false);
            // A check that skips the row (OR IGNORE) puts the old entries back.
            let restore = self.b.label();
            let checks = self.b.here();
            let saved = self.update_scope.replace(scope.clone());
            let checked = self.check_row(t, wc, rowid, cols, Some(old_rowid), or, restore);
            self.update_scope = saved;
            checked?;
            self.restore_before_fail(t, wc, checks, old_rowid, old);
            self.fk_before_new(t, (rowid, cols), o, change)?;
            self.write_row(t, wc, rowid, cols, false);
            self.returning_row(t, wc.table, rowid, cols)?;
            let done = self.b.label();
            self.b.emit(Insn::Goto { target: done });
            self.b.bind(restore);
            self.write_row_back(t, wc, old_rowid, old);
            self.b.emit(Insn::Goto { target: skip });
            self.b.bind(done);
            return self.fk_after(t, o, n, change);
        }
        let saved = self.update_scope.replace(scope.clone());
        let checked = self.check_row(t, wc, rowid, cols, Some(old_rowid), or, skip);
        self.update_scope = saved;
        checked?;
        if fk_after_checks {
            self.fk_before_old(t, (old_rowid, old), n, change)?;
        }
        self.fk_before_new(t, (rowid, cols), o, change)?;
        // Reposition on the old row (checks may have moved the cursor), remove it and its keys.
        self.b.emit(Insn::NotExists {
            cursor: wc.table,
            target: skip,
            rowid: old_rowid,
        });
        self.delete_index_entries(t, wc, old_rowid, old)?;
        if rowid_changes {
            self.b.emit(Insn::Delete {
                cursor: wc.table,
                flags: WriteFlags::default(),
                table: Some(t.name.clone()),
            });
        }
        self.write_row(t, wc, rowid, cols, false);
        self.returning_row(t, wc.table, rowid, cols)?;
        self.fk_after(t, o, n, change)
    }

    /// Each ON CONFLICT target must name columns of the table (`upsert_target.rs`), those
    /// of the PRIMARY KEY or of a UNIQUE index (lang_upsert.html).
    fn check_upsert_targets(
        &self,
        t: &Table,
        alias: Option<&ast::Ident>,
        clauses: &[ast::Upsert],
    ) -> Result<()> {
        for (i, u) in clauses.iter().enumerate() {
            let Some(target) = &u.target else {
                continue;
            };
            self.check_target_names(t, alias, target)?;
            let names: Option<Vec<usize>> = super::upsert_target::target_columns(t, target)
                .into_iter()
                .collect();
            let same = |cs: &[usize]| {
                names
                    .as_ref()
                    .is_some_and(|n| n.len() == cs.len() && cs.iter().all(|c| n.contains(c)))
            };
            let pk: Vec<usize> = t.primary_key.iter().map(|p| p.0).collect();
            let ok = super::upsert_target::names_rowid(t, target)
                || (t.rowid_alias.is_some() && same(&pk))
                || (t.without_rowid && same(&pk))
                || self.indexes_of(t).iter().any(|ix| {
                    ix.unique
                        && ix.partial.is_none()
                        && ix.column_numbers().is_some_and(|cs| same(&cs))
                });
            if !ok {
                // With several clauses SQLite names the one that failed: "2nd ON CONFLICT...".
                let nth = if clauses.len() > 1 {
                    format!("{} ", ordinal(i + 1))
                } else {
                    String::new()
                };
                return Err(Error::sql(format!(
                    "{nth}ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint"
                )));
            }
        }
        Ok(())
    }

    /// The upsert clause that handles a conflict on `cols` (table column numbers; `None` for
    /// the rowid), if any.
    fn upsert_for(&self, t: &Table, cols: Option<&[usize]>) -> Option<ast::Upsert> {
        let (_, clauses) = self.upsert.as_ref()?;
        clauses.iter().find(|u| upsert_matches(t, u, cols)).cloned()
    }

    /// ON CONFLICT DO NOTHING / DO UPDATE for the row conflicting with the one being
    /// inserted; the conflicting row's rowid is in r[conflict]. Ends by jumping to `skip`.
    #[allow(clippy::too_many_arguments)]
    fn upsert_action(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        up: &ast::Upsert,
        conflict: Reg,
        new_rowid: Reg,
        new_cols: Reg,
        skip: Label,
    ) -> Result<()> {
        let ast::UpsertAction::Update { sets, where_ } = &up.action else {
            self.b.emit(Insn::Goto { target: skip });
            return Ok(());
        };
        let n = t.columns.len();
        let old_rowid = self.b.alloc_reg();
        if t.without_rowid {
            // r[conflict..] holds the conflicting primary key.
            self.b.emit(Insn::Null {
                dest: old_rowid,
                dest_end: old_rowid,
            });
            self.b.emit(Insn::NotFound {
                cursor: wc.table,
                target: skip,
                key: conflict,
                n_key: t.primary_key.len(),
            });
        } else {
            self.b.emit(Insn::SCopy {
                src: conflict,
                dest: old_rowid,
            });
            self.b.emit(Insn::NotExists {
                cursor: wc.table,
                target: skip,
                rowid: old_rowid,
            });
        }
        let old = self.b.alloc_regs(n);
        self.read_row(t, wc.table, old_rowid, old)?;
        let (rowid, cols) = self.row_regs(n);
        self.b.emit(Insn::Copy {
            src: old,
            dest: cols,
            count: n,
        });
        self.b.emit(Insn::SCopy {
            src: old_rowid,
            dest: rowid,
        });
        let alias = self.upsert.as_ref().and_then(|u| u.0.clone());
        let mut src = Source::from_table(t.clone(), alias.as_deref(), wc.table);
        src.regs = Some((old_rowid, old));
        // excluded.x compares without the column's affinity, the INTEGER PRIMARY KEY's too
        // (writes seed 40161).
        let ex_row = (new_rowid, self.excluded_row(t, new_cols));
        let mut ex =
            Source::from_table(t.clone(), Some("excluded"), wc.table).in_registers(ex_row, false);
        for c in &mut ex.columns {
            c.using_dup = true;
        }
        self.scopes.push(Scope {
            sources: vec![src, ex],
        });
        self.agg.push(None);
        // On an error, the first in sqlite3's order (`set_order`).
        let resolved =
            super::update::resolve_sets(t, sets).map_err(|e| self.first_set_error(t, sets, e));
        let changed = resolved
            .as_ref()
            .map(|s| super::update::changed_columns(s))
            .unwrap_or_default();
        let r = (|| -> Result<bool> {
            let clauses = resolved?;
            // The DO UPDATE's WHERE is tested before any SET value is computed: a row it
            // skips raises nothing (`SET id = id || 'x' WHERE 0` succeeds in sqlite3).
            if let Some(w) = where_ {
                if let Err(e) = self.jump_if_false(w, skip, true) {
                    return Err(self.first_set_error(t, sets, e));
                }
            }
            self.emit_sets(t, &clauses, rowid, cols)
        })();
        self.pop_scope();
        let rowid_changes = r?;
        // The UPDATE triggers fire for the DO UPDATE (lang_upsert.html), compiled ahead.
        let saved = self.upsert_triggers.replace(self.in_trigger);
        self.prestart_triggers(t, Event::Update, &changed);
        let r = self.write_updated_row(
            t,
            wc,
            (old_rowid, old),
            (rowid, cols),
            rowid_changes,
            None,
            &changed,
            skip,
        );
        self.upsert_triggers = saved;
        r?;
        self.b.emit(Insn::Goto { target: skip });
        Ok(())
    }

    /// The `excluded.*` row of an upsert: the new row's values, each REAL column's read with
    /// REAL affinity as a stored row's would be. The new row may not have its affinities yet
    /// (`check_order`: a rowid conflict comes first), yet sqlite3 gives `excluded.v` of a
    /// REAL column given 10 as 10.0 (writes seed 10018), while a TEXT column given 1.5 keeps
    /// the REAL (seed 7233).
    fn excluded_row(&mut self, t: &Table, new_cols: Reg) -> Reg {
        let reals: Vec<usize> = (t.columns.iter().enumerate())
            .filter(|(_, c)| c.affinity == crate::value::affinity::Affinity::Real)
            .map(|(i, _)| i)
            .collect();
        if reals.is_empty() {
            return new_cols;
        }
        let n = t.columns.len();
        let row = self.b.alloc_regs(n);
        self.b.emit(Insn::Copy {
            src: new_cols,
            dest: row,
            count: n,
        });
        for i in reals {
            self.b.emit(Insn::RealAffinity { reg: row + i });
        }
        row
    }

    pub(crate) fn update(&mut self, u: &ast::Update) -> Result<()> {
        self.check_set_width(&u.sets)?;
        if self.instead_of_update(u)? {
            return Ok(());
        }
        let t = self.writable_table(&u.table)?;
        if u.from.is_some() {
            return self.update_from(u, t);
        }
        // On an error, the first in sqlite3's order (`set_order`).
        let depth = self.scopes.len();
        let resolved = match super::update::resolve_sets(&t, &u.sets) {
            Ok(r) => r,
            Err(e) => return Err(self.first_update_error(&t, u, depth, e)),
        };
        let sets = self.auth_sets(&t, resolved);
        self.writes = true;
        let where_ = super::update::limited_where(
            &t,
            u.alias.as_ref(),
            u.indexed.as_ref(),
            u.where_.as_ref(),
            &u.order_by,
            u.limit.as_ref(),
            "UPDATE",
        )?;
        let order = self.update_key_order(&t, u, &super::update::changed_columns(&sets));
        let list = match self.collect_rowids(
            &t,
            u.alias.as_ref(),
            u.indexed.as_ref(),
            where_.as_ref(),
            order,
        ) {
            Ok(l) => l,
            Err(e) => return Err(self.first_update_error(&t, u, depth, e)),
        };
        let wc = self.open_write(&t);
        self.prestart_triggers(&t, Event::Update, &super::update::changed_columns(&sets));
        self.begin_returning(&u.returning);
        let n = t.columns.len();
        let old_rowid = self.b.alloc_reg();
        let lp = self.row_loop_begin(&t, &wc, list, old_rowid);
        let next = lp.next;
        let old = self.b.alloc_regs(n);
        self.read_row(&t, wc.table, old_rowid, old)?;
        let (rowid, cols) = self.row_regs(n);
        self.b.emit(Insn::Copy {
            src: old,
            dest: cols,
            count: n,
        });
        self.b.emit(Insn::SCopy {
            src: old_rowid,
            dest: rowid,
        });
        // New values, computed from the old row (under the statement's alias).
        let mut src = Source::from_table(
            t.clone(),
            u.alias.as_ref().map(|a| a.name.as_str()),
            wc.table,
        );
        src.regs = Some((old_rowid, old));
        self.scopes.push(Scope { sources: vec![src] });
        self.agg.push(None);
        let r = self.emit_sets(&t, &sets, rowid, cols);
        self.pop_scope();
        let rowid_changes = r?;
        let changed = super::update::changed_columns(&sets);
        self.write_updated_row(
            &t,
            &wc,
            (old_rowid, old),
            (rowid, cols),
            rowid_changes,
            u.or_conflict,
            &changed,
            next,
        )?;
        self.row_loop_end(lp);
        Ok(())
    }

    /// The end of one row's UPDATE: BEFORE triggers, the write (`update_tail`), AFTER
    /// triggers. The table cursor is on the old row; jumps to `next` when it is skipped.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn write_updated_row(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        (old_rowid, old): (Reg, Reg),
        (rowid, cols): (Reg, Reg),
        rowid_changes: bool,
        or: Option<ConflictResolution>,
        changed: &[usize],
        next: Label,
    ) -> Result<()> {
        self.fk_update_find_parent_keys(t, changed, rowid_changes)?;
        if self.has_triggers(t) {
            self.type_new_row_for_triggers(t, Event::Update, changed, cols);
            self.compute_generated(t, wc.table, rowid, cols, false)?;
            self.fire_triggers(
                t,
                Event::Update,
                true,
                Some((old_rowid, old)),
                Some((rowid, cols)),
                changed,
                next,
            )?;
            self.reseek(t, wc, old_rowid, old, next);
        }
        self.update_tail(
            t,
            wc,
            old_rowid,
            old,
            rowid,
            cols,
            rowid_changes,
            changed,
            or,
            next,
        )?;
        self.fire_triggers(
            t,
            Event::Update,
            false,
            Some((old_rowid, old)),
            Some((rowid, cols)),
            changed,
            next,
        )
    }
}

/// The rows an UPDATE or DELETE visits: a RowSet of rowids, or for a WITHOUT ROWID table an
/// ephemeral table of primary keys.
#[derive(Clone, Copy)]
enum RowList {
    Rowids(Reg),
    Keys(CursorId),
    /// Rowids of a rowid table in the order the scan met them (see `wr_order.rs`): one
    /// record per rowid in ephemeral table `cursor`.
    ScanRowids(CursorId),
}

struct RowLoop {
    list: RowList,
    top: usize,
    next: Label,
    end: Label,
}

#[allow(dead_code)]
fn col_ref(src: usize, col: usize) -> ColRef {
    ColRef {
        depth: 0,
        src,
        col: ColSel::Column(col),
    }
}

/// One uniqueness check of `check_row`.
#[derive(Clone, Copy)]
enum UniqueCheck {
    /// The WITHOUT ROWID primary key.
    Pk,
    /// The INTEGER PRIMARY KEY (or an UPDATE's rowid).
    Rowid,
    /// The UNIQUE index `wc.indexes[i]`.
    Index(usize),
}

/// Whether upsert clause `u` handles a conflict on `cols` (table column numbers; `None` for
/// the rowid). A clause without a target handles every conflict.
pub(crate) fn upsert_matches(t: &Table, u: &ast::Upsert, cols: Option<&[usize]>) -> bool {
    let Some(target) = &u.target else {
        return true;
    };
    let names = super::upsert_target::target_columns(t, target);
    // A target naming the INTEGER PRIMARY KEY is the rowid's check, even when a UNIQUE
    // index on that column exists too (writes seed 41306: that index's check is then not
    // the upsert's, which decides whether the INSERT is multi-write, `multi_write.rs`).
    let names_rowid = super::upsert_target::names_rowid(t, target);
    match cols {
        None => names_rowid,
        Some(cs) => {
            !names_rowid && names.len() == cs.len() && cs.iter().all(|c| names.contains(&Some(*c)))
        }
    }
}

/// `n` as an English ordinal, as SQLite's `%r` format prints it: 1st, 2nd, 3rd, 4th, 11th,
/// 12th, 13th, 21st...
fn ordinal(n: usize) -> String {
    let suffix = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

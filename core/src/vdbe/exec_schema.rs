//! Transaction, schema and header instructions: Transaction, AutoCommit, Savepoint,
//! ReadCookie/SetCookie, CreateBtree/Destroy/Clear, ParseSchema, Drop*, Pagecount, MaxPgcnt.

use crate::connection::ConnState;
use crate::error::{codes, Error, Result};
use crate::value::Value;

use super::exec::{Flow, Vm};
use super::insn::{Cookie, Insn, SavepointOp};

/// Byte offset of a cookie in the database header.
pub(crate) fn cookie_offset(c: Cookie) -> usize {
    match c {
        Cookie::SchemaVersion => 40,
        Cookie::FileFormat => 44,
        Cookie::DefaultCacheSize => 48,
        Cookie::LargestRootPage => 52,
        Cookie::TextEncoding => 56,
        Cookie::UserVersion => 60,
        Cookie::IncrVacuum => 64,
        Cookie::ApplicationId => 68,
    }
}

/// An ATTACH/DETACH operand as text (NULL as the empty string).
fn attach_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        v => super::arith::text_of(v),
    }
}

/// Reads a 4-byte header field of database `db` (0 for an empty database).
pub(crate) fn read_cookie(conn: &ConnState, db: usize, c: Cookie) -> Result<u32> {
    let pager = conn.pager(db)?;
    if pager.page_count() == 0 {
        return Ok(0);
    }
    let page = pager.get(1)?;
    let data = page.data();
    let off = cookie_offset(c);
    let b = data.get(off..off + 4).ok_or_else(Error::corrupt)?;
    Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Writes a 4-byte header field (inside a write transaction).
pub(crate) fn write_cookie(conn: &ConnState, db: usize, c: Cookie, v: u32) -> Result<()> {
    let pager = conn.pager(db)?;
    if pager.page_count() == 0 {
        return Err(Error::corrupt());
    }
    let page = pager.get(1)?;
    pager.make_writable(&page)?;
    let mut data = page.data_mut();
    let off = cookie_offset(c);
    data.get_mut(off..off + 4)
        .ok_or_else(Error::corrupt)?
        .copy_from_slice(&v.to_be_bytes());
    Ok(())
}

impl Vm {
    pub(crate) fn exec_schema(
        &mut self,
        insn: &Insn,
        conn: &mut ConnState,
    ) -> Result<Option<Flow>> {
        use Insn::*;
        Ok(Some(match insn {
            LockExclusive { db } => {
                conn.lock_exclusive(*db)?;
                Flow::Next
            }
            Attach { file, name } => {
                let file = attach_text(self.reg(*file));
                let name = attach_text(self.reg(*name));
                conn.attach(&file, &name)?;
                Flow::Next
            }
            Detach { name } => {
                let name = attach_text(self.reg(*name));
                conn.detach(&name)?;
                Flow::Next
            }
            Transaction {
                db,
                write,
                schema_cookie,
            } => {
                if !self.active {
                    conn.n_active += 1;
                    self.active = true;
                }
                if *write && !self.writing {
                    conn.n_write_active += 1;
                    self.writing = true;
                }
                if self.prog.dbs_epoch != conn.dbs_epoch {
                    // Compiled before an ATTACH/DETACH: database numbers may have moved.
                    conn.schema_dirty = true;
                    return Err(Error::from_code(codes::SQLITE_SCHEMA));
                }
                conn.begin(*db, *write)?;
                if *write {
                    if *db == 0 {
                        super::ensure_header(conn)?;
                    }
                    let journal = !self.prog.no_stmt_journal || conn.autocommit;
                    if self.stmt_savepoint.is_none() && journal {
                        self.stmt_savepoint = conn.statement_savepoint()?;
                    }
                }
                if let Some(expected) = schema_cookie {
                    let actual = read_cookie(conn, *db, Cookie::SchemaVersion)?;
                    if actual != *expected {
                        conn.schema_dirty = true;
                        return Err(Error::from_code(codes::SQLITE_SCHEMA));
                    }
                }
                Flow::Next
            }
            AutoCommit {
                auto_commit,
                rollback,
            } => {
                self.auto_commit(conn, *auto_commit, *rollback)?;
                Flow::Next
            }
            Savepoint { op, name } => {
                self.savepoint(conn, *op, name)?;
                Flow::Next
            }
            ReadCookie { db, dest, cookie } => {
                let v = read_cookie(conn, *db, *cookie)?;
                self.set(*dest, Value::Integer(v as i32 as i64))?;
                Flow::Next
            }
            SetCookie { db, cookie, value } => {
                write_cookie(conn, *db, *cookie, *value as u32)?;
                if *cookie == Cookie::SchemaVersion {
                    conn.schema_dirty = true;
                }
                Flow::Next
            }
            Pagecount { db, dest } => {
                let n = conn.pager(*db)?.page_count();
                self.set(*dest, Value::Integer(n as i64))?;
                Flow::Next
            }
            MaxPgcnt { db, dest, .. } => {
                let _ = conn.pager(*db)?;
                self.set(*dest, Value::Integer(4294967294))?;
                Flow::Next
            }
            CreateBtree { db, dest, kind } => {
                super::header::init_schema_format(conn, *db)?;
                let root = super::btree_adapter::create_tree(conn, *db, *kind)?;
                self.set(*dest, Value::Integer(root as i64))?;
                Flow::Next
            }
            Destroy { root, db, dest } => {
                super::btree_adapter::drop_tree(conn, *db, *root)?;
                self.set(*dest, Value::Integer(0))?;
                Flow::Next
            }
            Clear {
                root,
                db,
                count_changes,
            } => {
                let n = super::btree_adapter::clear_tree(conn, *db, *root)?;
                if *count_changes {
                    self.n_change += n as i64;
                }
                Flow::Next
            }
            ParseSchema { .. } | DropTable { .. } | DropIndex { .. } | DropTrigger { .. } => {
                conn.load_schema()?;
                Flow::Next
            }
            WindowEval {
                src,
                dest,
                n_partition,
                n_order,
                partition_info,
                order_info,
                funcs,
            } => {
                let spec = super::window::WindowSpec {
                    n_partition: *n_partition,
                    n_order: *n_order,
                    partition_info,
                    order_info,
                    funcs,
                };
                self.window_eval(conn, *src, *dest, &spec)?;
                Flow::Next
            }
            Vacuum { db, into } => {
                super::vacuum::vacuum(conn, *db, into.as_deref())?;
                Flow::Next
            }
            PragmaRows {
                cursor,
                schema,
                name,
                arg,
            } => {
                let rows = crate::pragma::run(conn, schema.as_deref(), name, arg.as_deref())?;
                self.load_rows(*cursor, rows)?;
                Flow::Next
            }
            TableFunction {
                cursor,
                name,
                args,
                n_args,
            } => {
                let vals: Vec<Value> = (0..*n_args).map(|i| self.reg(args + i).clone()).collect();
                let rows = super::tvf::rows(conn, name, &vals)?;
                self.load_rows(*cursor, rows)?;
                Flow::Next
            }
            PureCheck {
                name,
                args,
                n_args,
                what,
            } => {
                let vals: Vec<Value> = (0..*n_args).map(|i| self.reg(args + i).clone()).collect();
                let env = super::exec_func::env_of(conn);
                let ctx = crate::func::Context::new(&env);
                if crate::func::date::reads_clock(&ctx, name, &vals) {
                    return Err(Error::sql(format!(
                        "non-deterministic use of {name}() in {what}"
                    )));
                }
                Flow::Next
            }
            CountChange { nchange } => {
                if *nchange {
                    self.n_change += 1;
                } else {
                    self.count_total();
                }
                Flow::Next
            }
            StmtCount { slot, begin } => {
                self.stmt_count(*slot, *begin)?;
                Flow::Next
            }
            JsonValueSubtype { reg, type_reg } => {
                if matches!(self.reg(*type_reg), Value::Text(t) if t == "array" || t == "object") {
                    let meta = super::regmeta::RegMeta {
                        subtype: crate::func::JSON_SUBTYPE,
                        pointer: None,
                        from_bind: false,
                        int_real: false,
                    };
                    self.meta.put(*reg, meta);
                }
                Flow::Next
            }
            _ => return Ok(None),
        }))
    }

    /// Opens an ephemeral table on `cursor` holding `rows` as records with rowids 1, 2, ...
    pub(crate) fn load_rows(&mut self, cursor: usize, rows: Vec<Vec<Value>>) -> Result<()> {
        let mem = super::memtree::MemTree::new();
        let mut c = mem.cursor();
        for (i, r) in rows.iter().enumerate() {
            use super::cursor::TreeCursor;
            c.insert(i as i64 + 1, &crate::value::record::encode_record(r))?;
        }
        let mut vc = super::cursor::VCursor::new(
            super::cursor::Source::Tree(Box::new(mem.cursor())),
            false,
            None,
        );
        vc.mem = Some(mem);
        if cursor >= self.cursors.len() {
            self.cursors.resize_with(cursor + 1, || None);
        }
        self.cursors[cursor] = Some(vc);
        Ok(())
    }

    fn auto_commit(&mut self, conn: &mut ConnState, auto: bool, rollback: bool) -> Result<()> {
        if !auto {
            if !conn.autocommit {
                return Err(Error::sql(
                    "cannot start a transaction within a transaction",
                ));
            }
            conn.autocommit = false;
            return Ok(());
        }
        if conn.autocommit {
            // A failed statement in autocommit mode ends the (empty) transaction.
            conn.end_fk_txn();
            return Err(Error::sql(if rollback {
                "cannot rollback - no transaction is active"
            } else {
                "cannot commit - no transaction is active"
            }));
        }
        if rollback {
            conn.rollback();
            conn.end_fk_txn();
            conn.autocommit = true;
        } else {
            if conn.fk_deferred > 0 {
                return Err(Error::new(
                    codes::SQLITE_CONSTRAINT_FOREIGNKEY,
                    "FOREIGN KEY constraint failed",
                ));
            }
            // Only other *writing* statements block a COMMIT; readers go on reading
            // (SQLite's nVdbeWrite rule).
            let writers = conn.n_write_active - usize::from(self.writing);
            if writers > 0 {
                return Err(Error::new(
                    codes::SQLITE_BUSY,
                    "cannot commit transaction - SQL statements in progress",
                ));
            }
            conn.autocommit = true;
            conn.savepoints.clear();
            conn.end_fk_txn();
            let readers = conn.n_active - usize::from(self.active);
            if readers == 0 {
                conn.commit()?;
            } else {
                conn.commit_keep_reading()?;
            }
        }
        Ok(())
    }

    fn savepoint(&mut self, conn: &mut ConnState, op: SavepointOp, name: &str) -> Result<()> {
        match op {
            SavepointOp::Begin => {
                let began = conn.autocommit;
                conn.autocommit = false;
                conn.savepoints.push(crate::connection::SavepointEntry {
                    name: name.to_owned(),
                    began_txn: began,
                    depth: None,
                    fk_deferred: conn.fk_deferred,
                });
                conn.savepoint_open()?;
            }
            SavepointOp::Release | SavepointOp::Rollback => {
                let Some(idx) = conn
                    .savepoints
                    .iter()
                    .rposition(|s| s.name.eq_ignore_ascii_case(name))
                else {
                    return Err(Error::sql(format!("no such savepoint: {name}")));
                };
                let depth = conn.savepoints[idx].depth;
                if op == SavepointOp::Release {
                    let began = conn.savepoints[idx].began_txn;
                    if began && conn.fk_deferred > 0 {
                        // Releasing the outermost savepoint commits: deferred FKs must hold.
                        return Err(crate::vdbe::exec_fkey::fk_error());
                    }
                    conn.savepoints.truncate(idx);
                    conn.savepoint_release(depth)?;
                    if began {
                        conn.autocommit = true;
                        if conn.n_active <= usize::from(self.active) {
                            conn.commit()?;
                        } else {
                            conn.commit_keep_reading()?;
                        }
                    }
                } else {
                    conn.fk_deferred = conn.savepoints[idx].fk_deferred;
                    conn.savepoints.truncate(idx + 1);
                    conn.savepoint_rollback(depth)?;
                }
            }
        }
        Ok(())
    }
}

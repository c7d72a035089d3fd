//! ATTACH / DETACH (lang_attach.html, lang_detach.html) and the transaction plumbing that
//! spans several databases.
//!
//! Attached databases take indexes 2.. of `ConnState::dbs` in ATTACH order; DETACH removes
//! one and the later ones move down (statements compiled before are re-prepared: the schema
//! generation changes). Database 1 ("temp") is always present.
//!
//! Savepoints across databases: every pager in a write transaction holds the same stack of
//! pager savepoints. A pager that joins the write transaction late opens savepoints up to the
//! depth of the others, so each of them marks that pager's state when it joined (nothing of
//! it had changed before), and `ROLLBACK TO`, `RELEASE` and statement savepoints address the
//! same depth on every pager.

use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::pager::{Pager, PagerOptions};

use super::{ConnState, Db, TxnState};

/// SQLITE_MAX_ATTACHED: attached databases (main and temp not counted).
pub(crate) const MAX_ATTACHED: usize = 10;

impl ConnState {
    /// Starts a read or write transaction on database `db` (not main; main has begun first).
    pub(super) fn begin_other(&mut self, db: usize, write: bool) -> Result<()> {
        let pager = self.pager(db)?;
        self.temp_used |= db == 1;
        if !write {
            return pager.begin_read();
        }
        if self.read_only && db != 1 {
            return Err(Error::from_code(codes::SQLITE_READONLY));
        }
        if !pager.in_write() {
            pager.begin_write()?;
            self.txn = TxnState::Write;
            self.join_savepoints(&pager)?;
        }
        Ok(())
    }

    /// `pager` has just begun its write transaction: it gets the savepoint stack the other
    /// writers hold (each savepoint marking its state now, before any change), and SQL
    /// savepoints that no pager held yet (none was writing) open now on every writer.
    pub(super) fn join_savepoints(&mut self, pager: &Arc<Pager>) -> Result<()> {
        let target = self
            .dbs
            .iter()
            .filter(|d| !Arc::ptr_eq(&d.pager, pager) && d.pager.in_write())
            .map(|d| d.pager.savepoint_depth())
            .max()
            .unwrap_or(0);
        while pager.savepoint_depth() < target {
            pager.open_savepoint()?;
        }
        for i in 0..self.savepoints.len() {
            if self.savepoints[i].depth.is_none() {
                let d = self.open_savepoints()?;
                self.savepoints[i].depth = Some(d);
            }
        }
        Ok(())
    }

    /// The deepest savepoint stack among pagers in a write transaction.
    fn savepoint_depth_of_writers(&self) -> usize {
        self.dbs
            .iter()
            .filter(|d| d.pager.in_write())
            .map(|d| d.pager.savepoint_depth())
            .max()
            .unwrap_or(0)
    }

    /// Opens one more savepoint on every pager in a write transaction; returns its depth.
    pub(super) fn open_savepoints(&mut self) -> Result<usize> {
        let target = self.savepoint_depth_of_writers();
        let mut depth = target + 1;
        for d in self.dbs.iter().filter(|d| d.pager.in_write()) {
            while d.pager.savepoint_depth() < target {
                d.pager.open_savepoint()?;
            }
            depth = d.pager.open_savepoint()?;
        }
        Ok(depth)
    }

    /// Releases savepoint `depth` (and those inside it) on every pager holding it.
    pub(super) fn release_savepoints(&mut self, depth: usize) -> Result<()> {
        for d in &self.dbs {
            if d.pager.in_write() && d.pager.savepoint_depth() >= depth {
                d.pager.release_savepoint(depth)?;
            }
        }
        Ok(())
    }

    /// Undoes every change since savepoint `depth` on every pager holding it.
    pub(super) fn rollback_savepoints(&mut self, depth: usize) -> Result<()> {
        for d in &self.dbs {
            if d.pager.in_write() && d.pager.savepoint_depth() >= depth {
                d.pager.rollback_to_savepoint(depth)?;
            }
        }
        Ok(())
    }

    /// Commits every pager's write transaction, main first; stops at the first failure.
    pub(super) fn commit_all(&self) -> Result<()> {
        for d in &self.dbs {
            d.pager.commit()?;
        }
        Ok(())
    }

    /// Ends every pager's read transaction.
    pub(super) fn end_read_all(&self) {
        for d in &self.dbs {
            d.pager.end_read();
        }
    }

    /// `ATTACH file AS name`: opens `file` (a path, `:memory:`, `''` or a `file:` URI) as
    /// database `name` and loads its schema.
    pub fn attach(&mut self, file: &str, name: &str) -> Result<()> {
        if self.dbs.len() >= MAX_ATTACHED + 2 {
            return Err(Error::sql(format!(
                "too many attached databases - max {MAX_ATTACHED}"
            )));
        }
        if self.dbs.iter().any(|d| d.name.eq_ignore_ascii_case(name))
            || name.eq_ignore_ascii_case("main")
            || name.eq_ignore_ascii_case("temp")
        {
            return Err(Error::sql(format!("database {name} is already in use")));
        }
        let cant_open = || {
            Error::new(
                codes::SQLITE_CANTOPEN,
                format!("unable to open database: {file}"),
            )
        };
        let flags = crate::api::OpenFlags {
            read_only: self.read_only,
            ..Default::default()
        };
        let target = crate::api::open::resolve(file, flags)?;
        if let Some(p) = &target.path {
            let path = std::path::Path::new(p);
            if path.is_dir() || (!path.exists() && !target.create) {
                return Err(cant_open());
            }
        }
        let opts = PagerOptions {
            read_only: target.read_only,
            create: target.create,
            ..PagerOptions::default()
        };
        let pager = Pager::open(target.path.as_deref(), &opts).map_err(|_| cant_open())?;
        pager.set_busy_timeout(self.busy_timeout_ms);
        self.dbs.push(Db {
            name: name.to_owned(),
            pager: Arc::new(pager),
            path: target.path,
        });
        self.dbs_epoch += 1;
        if let Err(e) = self.load_schema() {
            self.dbs.pop();
            self.schema_dirty = true;
            return Err(e);
        }
        Ok(())
    }

    /// `DETACH name`.
    pub fn detach(&mut self, name: &str) -> Result<()> {
        let Some(i) = self
            .dbs
            .iter()
            .position(|d| d.name.eq_ignore_ascii_case(name))
            .filter(|&i| i >= 2)
        else {
            if name.eq_ignore_ascii_case("main")
                || (self.temp_used && name.eq_ignore_ascii_case("temp"))
            {
                return Err(Error::sql(format!("cannot detach database {name}")));
            }
            return Err(Error::sql(format!("no such database: {name}")));
        };
        if self.dbs[i].pager.in_txn() {
            return Err(Error::sql(format!("database {name} is locked")));
        }
        self.dbs.remove(i);
        self.dbs_epoch += 1;
        self.schema_dirty = true;
        self.load_schema()
    }
}

impl ConnState {
    /// `PRAGMA database_list`: (seq, name, file) of main, temp once used, and
    /// each attached database; `file` is the absolute path, '' for in-memory databases.
    pub fn database_list(&self) -> Vec<Vec<crate::value::Value>> {
        use crate::value::Value;
        self.dbs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 1 || self.temp_used)
            .map(|(i, d)| {
                vec![
                    Value::Integer(i as i64),
                    Value::Text(d.name.clone()),
                    Value::Text(self.db_filename(i).unwrap_or_default()),
                ]
            })
            .collect()
    }

    /// The absolute file name of database `db` ('' in memory); `None` for no such database.
    pub fn db_filename(&self, db: usize) -> Option<String> {
        let d = self.dbs.get(db)?;
        Some(
            d.path
                .as_ref()
                .map(|p| {
                    std::fs::canonicalize(p)
                        .map(|c| c.to_string_lossy().into_owned())
                        .unwrap_or_else(|_| p.clone())
                })
                .unwrap_or_default(),
        )
    }
}

//! Replacing the whole database with another image, possibly of another page size: what
//! `VACUUM` (after `PRAGMA page_size`), `sqlite3_deserialize` into a file and the backup API
//! need. One atomic transaction:
//!
//! 1. RESERVED, then every existing page is journaled (at the *old* page size: a hot journal
//!    restores the old file exactly, page size included);
//! 2. EXCLUSIVE; journal durable; the image written over the file, which is cut to its
//!    length; fsync; the journal retired (the commit point);
//! 3. the pager adopts the image's page size, reserved bytes and page count; cache dropped.
//!
//! Page 1 of the image is stamped like any commit (change counter = old + 1, page count,
//! version-valid-for), so other connections notice the change.

use super::header;
use super::state::{lock_page, Pager, Txn};
use super::PageNo;
use crate::error::{Error, Result};
use crate::io::LockLevel;

impl Pager {
    /// Replaces the database with `image` (a whole database file: page 1 first, its header
    /// giving the page size). In WAL mode the image is committed as frames, and its page size
    /// must be the database's. Errors: `SQLITE_MISUSE` inside a write transaction or for
    /// another page size in WAL mode, `SQLITE_NOTADB` for an image that is not a database, `SQLITE_CORRUPT` when its
    /// length is not a whole number of pages, plus those of `begin_write` and `commit`.
    /// On an error the database is unchanged.
    pub fn replace_database(&self, image: &[u8]) -> Result<()> {
        let info = header::parse(image)?;
        if !image.len().is_multiple_of(info.page_size) {
            return Err(Error::corrupt());
        }
        {
            let st = self.state.lock();
            if st.txn == Txn::Write {
                return Err(Error::misuse());
            }
        }
        self.begin_write()?;
        let in_wal = self.state.lock().wal.is_some();
        let r = if in_wal {
            self.state.lock().wal_replace(image, info.page_size) // WAL mode: see wal_mode.rs
        } else {
            self.replace_in_write(image, info.page_size, info.reserved)
        };
        if r.is_err() {
            let _ = self.rollback();
        }
        r
    }

    /// Replaces the database with the image `build` makes, inside the write transaction this
    /// opens first, so that `build` reads the very state it replaces (plain `VACUUM`). Errors
    /// as [`Pager::replace_database`], plus those of `build`; on an error nothing changes.
    pub fn rebuild_database(&self, build: impl FnOnce(&Pager) -> Result<Vec<u8>>) -> Result<()> {
        {
            let st = self.state.lock();
            if st.txn == Txn::Write {
                return Err(Error::misuse());
            }
        }
        self.begin_write()?;
        let r = build(self).and_then(|image| {
            let info = header::parse(&image)?;
            if !image.len().is_multiple_of(info.page_size) {
                return Err(Error::corrupt());
            }
            if self.state.lock().wal.is_some() {
                self.state.lock().wal_replace(&image, info.page_size)
            } else {
                self.replace_in_write(&image, info.page_size, info.reserved)
            }
        });
        if r.is_err() {
            let _ = self.rollback();
        }
        r
    }

    fn replace_in_write(&self, image: &[u8], page_size: usize, reserved: usize) -> Result<()> {
        let mut st = self.state.lock();
        // 1. Journal every existing page (originals at the old page size).
        let old_count = st.page_count;
        let lock_pg = lock_page(st.page_size);
        for pgno in 1..=old_count {
            if pgno != lock_pg {
                let page = st.get_page(pgno)?;
                st.make_writable(&page)?;
                drop(page);
                st.maybe_spill()?; // keeps memory near cache_size for a large database
            }
        }
        let counter = st.original_change_counter().unwrap_or(0).wrapping_add(1);
        // 2. EXCLUSIVE, durable journal, then the image.
        st.lock_busy(LockLevel::Exclusive, true)?;
        let on_disk = st.journal_mode.on_disk() && !st.in_memory;
        if on_disk {
            st.write_journal()?;
        }
        let new_count = (image.len() / page_size) as PageNo;
        let mut p1 = image[..page_size].to_vec();
        header::stamp_commit(&mut p1, new_count);
        header::put_u32(&mut p1, header::OFF_CHANGE_COUNTER, counter);
        header::put_u32(&mut p1, header::OFF_VERSION_VALID_FOR, counter);
        let r = (|| -> Result<()> {
            st.db.write_at(0, &p1)?;
            st.db.write_at(page_size as u64, &image[page_size..])?;
            if st.db.size()? != image.len() as u64 {
                st.db.truncate(image.len() as u64)?;
            }
            if st.synchronous > super::options::Synchronous::Off {
                st.db.sync()?;
            }
            if let Some(j) = st.journal.take() {
                st.retire_journal(j.file)?;
            }
            Ok(())
        })();
        if let Err(e) = r {
            st.failed = Some(e.clone());
            return Err(e);
        }
        // 3. Adopt the new geometry.
        st.page_size = page_size;
        st.reserved = reserved;
        st.page_count = new_count;
        st.write_version = p1[18];
        st.dirty.clear();
        st.cache.clear();
        st.end_write();
        st.seen = None;
        Ok(())
    }
}

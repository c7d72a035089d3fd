//! Whole-database page images: `sqlite3_serialize`, `sqlite3_deserialize` and the online
//! backup API (`bindings/c`), expressed as reading every page of a database and writing a page
//! image into another.

use std::sync::Arc;

use crate::connection::{ConnState, TxnState};
use crate::error::{codes, Error, Result};
use crate::pager::{Pager, PagerOptions};

use super::Connection;

fn db_index(st: &ConnState, schema: &str) -> Result<usize> {
    st.dbs
        .iter()
        .position(|d| d.name.eq_ignore_ascii_case(schema))
        .ok_or_else(|| Error::sql(format!("unknown database {schema}")))
}

/// The page size an image declares in its header (offset 16; 1 means 65536).
fn image_page_size(image: &[u8]) -> Result<usize> {
    if image.len() < 100 || &image[..16] != b"SQLite format 3\0" {
        return Err(Error::from_code(codes::SQLITE_NOTADB));
    }
    let ps = match u16::from_be_bytes([image[16], image[17]]) {
        1 => 65536,
        n => n as usize,
    };
    if !ps.is_power_of_two() || !(512..=65536).contains(&ps) || !image.len().is_multiple_of(ps) {
        return Err(Error::from_code(codes::SQLITE_CORRUPT));
    }
    Ok(ps)
}

/// Writes `image` into `pager` inside a write transaction the caller opened. Page 1 goes last
/// so the fresh freelist header stays in force while pages are allocated.
fn write_image(pager: &Pager, image: &[u8], page_size: usize) -> Result<()> {
    let n = (image.len() / page_size) as u32;
    if pager.page_count() > n {
        return Err(Error::sql(
            "backup into a larger database is not supported (the destination has more pages)",
        ));
    }
    let page_of = |pgno: u32| -> Result<crate::pager::PageRef> {
        if pgno <= pager.page_count() {
            pager.get(pgno)
        } else {
            pager.allocate()
        }
    };
    if pager.page_count() == 0 {
        page_of(1)?;
    }
    for pgno in (2..=n).chain(std::iter::once(1)) {
        let page = page_of(pgno)?;
        pager.make_writable(&page)?;
        let start = (pgno as usize - 1) * page_size;
        page.data_mut()[..page_size].copy_from_slice(&image[start..start + page_size]);
    }
    Ok(())
}

impl Connection {
    /// `sqlite3_serialize`: the bytes the database file `schema` would hold.
    pub fn serialize(&self, schema: &str) -> Result<Vec<u8>> {
        let st = self.inner.lock()?;
        let idx = match db_index(&st, schema) {
            // The temp database exists, empty, until something is put in it.
            Err(_) if schema.eq_ignore_ascii_case("temp") => return Ok(Vec::new()),
            r => r?,
        };
        let pager = st.pager(idx)?;
        let own_txn = st.txn == TxnState::None;
        if own_txn {
            pager.begin_read()?;
        }
        let result = (|| {
            let mut out = Vec::with_capacity(pager.page_count() as usize * pager.page_size());
            for pgno in 1..=pager.page_count() {
                out.extend_from_slice(&pager.get(pgno)?.data()[..pager.page_size()]);
            }
            Ok(out)
        })();
        if own_txn {
            pager.end_read();
        }
        result
    }

    /// `sqlite3_deserialize`: database `schema` becomes an in-memory database holding `image`.
    pub fn deserialize(&self, schema: &str, image: &[u8]) -> Result<()> {
        self.deserialize_with(schema, image, false)
    }

    /// [`Connection::deserialize`]; with `read_only` the image then refuses writes with
    /// `SQLITE_READONLY` (`SQLITE_DESERIALIZE_READONLY`).
    pub fn deserialize_with(&self, schema: &str, image: &[u8], read_only: bool) -> Result<()> {
        let mut st = self.inner.lock()?;
        let idx = db_index(&st, schema)?;
        if st.txn != TxnState::None || st.n_active > 0 {
            return Err(Error::from_code(codes::SQLITE_BUSY));
        }
        let pager = if image.is_empty() {
            Pager::open(None, &PagerOptions::default())?
        } else {
            let page_size = image_page_size(image)?;
            let opts = PagerOptions {
                page_size,
                ..PagerOptions::default()
            };
            let pager = Pager::open(None, &opts)?;
            pager.begin_write()?;
            if let Err(e) = write_image(&pager, image, page_size) {
                let _ = pager.rollback();
                return Err(e);
            }
            pager.commit()?;
            pager
        };
        if read_only {
            pager.set_read_only();
        }
        st.dbs[idx].pager = Arc::new(pager);
        st.dbs[idx].path = None;
        st.load_schema()
    }

    /// The online backup's copy: database `schema` of this connection receives `image` (the
    /// source's serialized pages), replacing its content in one write transaction.
    pub fn restore_image(&self, schema: &str, image: &[u8]) -> Result<()> {
        let mut st = self.inner.lock()?;
        let idx = db_index(&st, schema)?;
        if st.txn != TxnState::None || st.n_active > 0 {
            return Err(Error::from_code(codes::SQLITE_BUSY));
        }
        if st.dbs[idx].path.is_none() {
            drop(st);
            return self.deserialize(schema, image);
        }
        let pager = st.pager(idx)?;
        let page_size = image_page_size(image)?;
        if pager.page_count() == 0 {
            pager.set_page_size(page_size);
        }
        if pager.page_size() != page_size {
            return Err(Error::from_code(codes::SQLITE_READONLY));
        }
        pager.begin_write()?;
        match write_image(&pager, image, page_size) {
            Ok(()) => pager.commit()?,
            Err(e) => {
                let _ = pager.rollback();
                return Err(e);
            }
        }
        st.load_schema()
    }
}

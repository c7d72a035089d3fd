//! VACUUM. `VACUUM INTO 'file'` writes a consistent copy of the database, page for page, to a
//! new file (read inside a read transaction, so the copy is one committed state; the copy is
//! in rollback-journal mode). Plain `VACUUM` checks that no transaction is open and that the
//! database reads back, then leaves it as is: pages are not compacted.

use std::io::Write;

use crate::connection::{ConnState, TxnState};
use crate::error::{codes, Error, Result};

pub(crate) fn vacuum(conn: &mut ConnState, db: usize, into: Option<&str>) -> Result<()> {
    match into {
        None => {
            if !conn.autocommit || conn.n_active > 1 {
                return Err(Error::sql("cannot VACUUM from within a transaction"));
            }
            Ok(())
        }
        Some(path) => copy_into(conn, db, path),
    }
}

fn copy_into(conn: &mut ConnState, db: usize, path: &str) -> Result<()> {
    if std::path::Path::new(path).exists()
        && std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false)
    {
        return Err(Error::sql("output file already exists"));
    }
    let pager = conn.pager(db)?;
    let started = conn.txn == TxnState::None;
    if started {
        pager.begin_read()?;
    }
    let r = (|| {
        let mut f =
            std::fs::File::create(path).map_err(|_| Error::from_code(codes::SQLITE_CANTOPEN))?;
        for pgno in 1..=pager.page_count() {
            let page = pager.get(pgno)?;
            let mut bytes = page.data().clone();
            if pgno == 1 && bytes.len() >= 100 {
                bytes[18] = 1;
                bytes[19] = 1;
            }
            f.write_all(&bytes)?;
        }
        f.sync_all()?;
        Ok(())
    })();
    if started {
        pager.end_read();
    }
    r
}

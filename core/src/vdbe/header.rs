//! The database header of a new database (fileformat2.html §1.3), written when the first
//! write transaction finds an empty file. (The pager may create page 1 itself; then this is a
//! no-op.)
//!
//! | offset | size | value for a new database          |
//! |--------|------|-----------------------------------|
//! | 0      | 16   | "SQLite format 3\0"               |
//! | 16     | 2    | page size (1 means 65536)         |
//! | 18, 19 | 1+1  | write/read version: 1 (legacy)    |
//! | 20     | 1    | reserved bytes per page: 0        |
//! | 21..24 | 3    | payload fractions 64, 32, 32      |
//! | 24     | 4    | file change counter               |
//! | 28     | 4    | database size in pages            |
//! | 44     | 4    | schema format number: 4           |
//! | 56     | 4    | text encoding: 1 (UTF-8)          |
//! | 92     | 4    | version-valid-for                 |
//! | 96     | 4    | SQLITE_VERSION_NUMBER             |

use crate::btree::{self, TreeKind};
use crate::connection::ConnState;
use crate::error::Result;

/// Creates page 1 (header + empty `sqlite_schema` leaf) when database 0 has no pages.
pub(crate) fn ensure_header(conn: &ConnState) -> Result<()> {
    let pager = conn.pager(0)?;
    if pager.page_count() > 0 {
        return Ok(());
    }
    let page = pager.allocate()?;
    {
        let mut d = page.data_mut();
        let ps = pager.page_size();
        d[..16].copy_from_slice(b"SQLite format 3\0");
        let ps16 = if ps == 65536 { 1u16 } else { ps as u16 };
        d[16..18].copy_from_slice(&ps16.to_be_bytes());
        d[18] = 1;
        d[19] = 1;
        d[20] = 0;
        d[21] = 64;
        d[22] = 32;
        d[23] = 32;
        d[24..28].copy_from_slice(&1u32.to_be_bytes());
        d[28..32].copy_from_slice(&1u32.to_be_bytes());
        d[44..48].copy_from_slice(&4u32.to_be_bytes());
        d[56..60].copy_from_slice(&1u32.to_be_bytes());
        d[92..96].copy_from_slice(&1u32.to_be_bytes());
        d[96..100].copy_from_slice(&(crate::SQLITE_VERSION_NUMBER as u32).to_be_bytes());
    }
    btree::init_root(&pager, 1, TreeKind::Table)
}

/// Sets the schema format (4) and text encoding (UTF-8) when a new database gets its first
/// schema object, as SQLite does at the first CREATE.
pub(crate) fn init_schema_format(conn: &ConnState, db: usize) -> Result<()> {
    use super::exec_schema::{read_cookie, write_cookie};
    use super::insn::Cookie;
    if read_cookie(conn, db, Cookie::FileFormat)? == 0 {
        write_cookie(conn, db, Cookie::FileFormat, 4)?;
        write_cookie(conn, db, Cookie::TextEncoding, 1)?;
    }
    Ok(())
}

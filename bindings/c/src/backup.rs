//! The online backup API (`sqlite3_backup_*`). The source is read as a page image at the
//! first step (a consistent snapshot); each step then accounts for up to N pages, and the step
//! that reaches the end writes the whole image into the destination in one transaction and
//! returns SQLITE_DONE. `remaining`/`pagecount` advance as with SQLite.

use std::ffi::{c_char, c_int};

use ferrolite::{codes, Error};

use crate::handle::{c_str, db_ref, is_live, register, sqlite3, unregister, Kind};
use crate::open::conn_of;

/// A backup in progress: `sqlite3_backup*`.
pub struct sqlite3_backup {
    dest: *mut sqlite3,
    dest_name: String,
    src: *mut sqlite3,
    src_name: String,
    image: Option<Vec<u8>>,
    page_size: usize,
    total: c_int,
    copied: c_int,
    last_rc: c_int,
    /// The source connection's total_changes when the image was taken: a write through the
    /// source handle since then restarts the backup, as in SQLite.
    src_changes: i64,
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_backup_init(
    dest: *mut sqlite3,
    dest_name: *const c_char,
    src: *mut sqlite3,
    src_name: *const c_char,
) -> *mut sqlite3_backup {
    let (Some((dd, dconn)), Some((_, sconn))) = (conn_of(dest), conn_of(src)) else {
        return std::ptr::null_mut();
    };
    // SAFETY: NULL or C strings (API contract).
    let (dn, sn) = unsafe { (c_str(dest_name), c_str(src_name)) };
    let dest_name = dn.map_or_else(|| "main".to_owned(), |s| s.into_owned());
    let src_name = sn.map_or_else(|| "main".to_owned(), |s| s.into_owned());
    if dest == src {
        dd.set_error(&Error::sql("source and destination must be distinct"));
        return std::ptr::null_mut();
    }
    for (conn, name) in [(sconn, &src_name), (dconn, &dest_name)] {
        if !has_schema(conn, name) {
            dd.set_error(&Error::sql(format!("unknown database {name}")));
            return std::ptr::null_mut();
        }
    }
    if !dconn.is_autocommit() {
        dd.set_error(&Error::sql("destination database is in use"));
        return std::ptr::null_mut();
    }
    let b = Box::into_raw(Box::new(sqlite3_backup {
        dest,
        dest_name,
        src,
        src_name,
        image: None,
        page_size: 0,
        total: 0,
        copied: 0,
        last_rc: codes::SQLITE_OK,
        src_changes: 0,
    }));
    register(b as usize, Kind::Backup);
    b
}

/// Whether `name` is a schema of `conn` ("temp" always is, as in SQLite).
fn has_schema(conn: &ferrolite::Connection, name: &str) -> bool {
    name.eq_ignore_ascii_case("temp")
        || conn
            .query_all("PRAGMA database_list", &[])
            .unwrap_or_default()
            .iter()
            .any(|r| matches!(r.get(1), Some(ferrolite::Value::Text(s)) if s.eq_ignore_ascii_case(name)))
}

fn backup_mut<'a>(b: *mut sqlite3_backup) -> Option<&'a mut sqlite3_backup> {
    if is_live(b as usize, Kind::Backup) {
        // SAFETY: live backup pointers come from Box::into_raw and are not yet freed.
        Some(unsafe { &mut *b })
    } else {
        None
    }
}

fn fail(b: &mut sqlite3_backup, e: &Error) -> c_int {
    let rc = db_ref(b.dest).map_or(e.code(), |d| d.set_error(e));
    b.last_rc = rc;
    rc
}

#[no_mangle]
pub extern "C" fn sqlite3_backup_step(b: *mut sqlite3_backup, n: c_int) -> c_int {
    let Some(b) = backup_mut(b) else {
        return codes::SQLITE_MISUSE;
    };
    if b.last_rc == codes::SQLITE_DONE {
        return codes::SQLITE_DONE;
    }
    let (Some((_, src)), Some((_, dest))) = (conn_of(b.src), conn_of(b.dest)) else {
        return codes::SQLITE_MISUSE;
    };
    let changes = crate::open::sqlite3_total_changes64(b.src);
    if b.image.is_some() && changes != b.src_changes {
        b.image = None;
        b.copied = 0;
    }
    if b.image.is_none() {
        b.src_changes = changes;
        match src.serialize(&b.src_name) {
            Ok(image) => {
                b.page_size = if image.len() >= 18 {
                    match u16::from_be_bytes([image[16], image[17]]) {
                        1 => 65536,
                        p => p as usize,
                    }
                } else {
                    4096
                };
                b.total = (image.len() / b.page_size.max(1)) as c_int;
                b.image = Some(image);
            }
            Err(e) => return fail(b, &e),
        }
    }
    let step = if n < 0 { b.total } else { n };
    b.copied = (b.copied + step).min(b.total);
    if b.copied < b.total {
        b.last_rc = codes::SQLITE_OK;
        return codes::SQLITE_OK;
    }
    let image = b.image.take().unwrap_or_default();
    if let Err(e) = dest.restore_image(&b.dest_name, &image) {
        b.image = Some(image);
        return fail(b, &e);
    }
    b.last_rc = codes::SQLITE_DONE;
    codes::SQLITE_DONE
}

#[no_mangle]
pub extern "C" fn sqlite3_backup_finish(b: *mut sqlite3_backup) -> c_int {
    if b.is_null() {
        return codes::SQLITE_OK;
    }
    let Some(bk) = backup_mut(b) else {
        return codes::SQLITE_MISUSE;
    };
    let rc = match bk.last_rc {
        codes::SQLITE_OK | codes::SQLITE_DONE => codes::SQLITE_OK,
        rc => rc,
    };
    if rc == codes::SQLITE_OK {
        if let Some(d) = db_ref(bk.dest) {
            d.clear_error();
        }
    }
    unregister(b as usize, Kind::Backup);
    // SAFETY: the pointer was live (just unregistered) and came from Box::into_raw.
    drop(unsafe { Box::from_raw(b) });
    rc
}

#[no_mangle]
pub extern "C" fn sqlite3_backup_remaining(b: *mut sqlite3_backup) -> c_int {
    backup_mut(b).map_or(0, |b| b.total - b.copied)
}

#[no_mangle]
pub extern "C" fn sqlite3_backup_pagecount(b: *mut sqlite3_backup) -> c_int {
    backup_mut(b).map_or(0, |b| b.total)
}

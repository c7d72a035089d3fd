//! Opening and closing connections, and the connection-level getters: errors, changes,
//! rowids, transaction state, busy handling, interrupts.

use crate::sqlite3_int64;
use std::ffi::{c_char, c_int, c_void};

use ferrolite::{codes, Connection, Error, OpenFlags};

use crate::handle::{c_str, db_ref, free_db, new_db, open_db_ref, sqlite3, sqlite3_stmt, stmt_ref};

pub const SQLITE_OPEN_READONLY: c_int = 0x1;
pub const SQLITE_OPEN_READWRITE: c_int = 0x2;
pub const SQLITE_OPEN_CREATE: c_int = 0x4;
pub const SQLITE_OPEN_URI: c_int = 0x40;
pub const SQLITE_OPEN_MEMORY: c_int = 0x80;
pub const SQLITE_OPEN_EXRESCODE: c_int = 0x0200_0000;

/// Opens a connection; `*out` receives a handle even on failure (SQLite's contract), except
/// when `out` is NULL.
fn open_impl(filename: Option<&str>, flags: c_int, out: *mut *mut sqlite3) -> c_int {
    if out.is_null() {
        return codes::SQLITE_MISUSE;
    }
    let mode = flags & (SQLITE_OPEN_READONLY | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    let valid = matches!(
        mode,
        SQLITE_OPEN_READONLY | SQLITE_OPEN_READWRITE | 0x6 /* READWRITE|CREATE */
    );
    if !valid {
        // SAFETY: out checked non-NULL above.
        unsafe { *out = std::ptr::null_mut() };
        return codes::SQLITE_MISUSE;
    }
    let name = filename.unwrap_or("");
    let oflags = OpenFlags {
        read_only: mode == SQLITE_OPEN_READONLY,
        create: mode & SQLITE_OPEN_CREATE != 0,
        uri: flags & SQLITE_OPEN_URI != 0 || crate::config::uri_enabled(),
        memory: flags & SQLITE_OPEN_MEMORY != 0,
    };
    let result = Connection::open_with_flags(name, oflags);
    let (conn, err) = match result {
        Ok(c) => (Some(c), None),
        Err(e) => (None, Some(e)),
    };
    // A `file:` URI may make the database read-only (mode=ro, immutable=1): ask the engine.
    let readonly = conn
        .as_ref()
        .map_or(oflags.read_only, Connection::is_readonly);
    let path = conn.as_ref().map(Connection::filename).unwrap_or_default();
    let db = new_db(conn, name, readonly);
    crate::uri::attach(db as usize, &path, name);
    // SAFETY: out checked non-NULL above.
    unsafe { *out = db };
    let Some(d) = db_ref(db) else {
        return codes::SQLITE_NOMEM;
    };
    d.state.lock().extended_codes = flags & SQLITE_OPEN_EXRESCODE != 0;
    match err {
        None => crate::autoext::run_all(db),
        // Unix SQLite reports a directory as plain SQLITE_CANTOPEN (ISDIR is Windows-only).
        Some(e) if e.extended_code == codes::SQLITE_CANTOPEN_ISDIR => {
            d.set_error(&Error::from_code(codes::SQLITE_CANTOPEN))
        }
        Some(e) => {
            if e.extended_code & 0xff == codes::SQLITE_CANTOPEN {
                d.state.lock().sys_errno = open_errno(name);
            }
            d.set_error(&e)
        }
    }
}

/// The OS error opening `name` gives (for `sqlite3_system_errno` after SQLITE_CANTOPEN): the
/// engine reports the failure as a result code only, so the open is retried read-only here.
fn open_errno(name: &str) -> c_int {
    let path = name
        .strip_prefix("file:")
        .map_or(name, |p| p.split(['?', '#']).next().unwrap_or(""));
    match std::fs::File::open(path) {
        Ok(_) => 0,
        Err(e) => e.raw_os_error().unwrap_or(0),
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_open(filename: *const c_char, out: *mut *mut sqlite3) -> c_int {
    // SAFETY: filename is NULL or a C string (API contract).
    let name = unsafe { c_str(filename) };
    open_impl(
        name.as_deref(),
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
        out,
    )
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_open_v2(
    filename: *const c_char,
    out: *mut *mut sqlite3,
    flags: c_int,
    vfs: *const c_char,
) -> c_int {
    // SAFETY: filename is NULL or a C string (API contract).
    let name = unsafe { c_str(filename) };
    // SAFETY: vfs is NULL or a C string (API contract).
    if !vfs.is_null() && unsafe { crate::unsupported::sqlite3_vfs_find(vfs) }.is_null() {
        // SAFETY: as above.
        let msg = format!("no such vfs: {}", unsafe { c_str(vfs) }.unwrap_or_default());
        if out.is_null() {
            return codes::SQLITE_MISUSE;
        }
        let db = new_db(None, name.as_deref().unwrap_or(""), false);
        // SAFETY: out checked non-NULL above.
        unsafe { *out = db };
        return db_ref(db).map_or(codes::SQLITE_NOMEM, |d| {
            d.set_error(&Error::new(codes::SQLITE_ERROR, msg))
        });
    }
    open_impl(name.as_deref(), flags, out)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_open16(filename: *const c_void, out: *mut *mut sqlite3) -> c_int {
    // SAFETY: filename is NULL or a NUL-terminated UTF-16 string (API contract).
    let name = unsafe { crate::value::utf16_to_string(filename, -1) };
    open_impl(
        name.as_deref(),
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
        out,
    )
}

fn close_impl(db: *mut sqlite3, v2: bool) -> c_int {
    if db.is_null() {
        return codes::SQLITE_OK;
    }
    let Some(d) = open_db_ref(db) else {
        return codes::SQLITE_MISUSE;
    };
    let open = d.state.lock().open_statements;
    if open > 0 {
        if !v2 {
            return d.set_error(&Error::new(
                codes::SQLITE_BUSY,
                "unable to close due to unfinalized statements or unfinished backups",
            ));
        }
        d.state.lock().zombie = true;
        return codes::SQLITE_OK;
    }
    if let Some(c) = &d.conn {
        if let Err(e) = c.close() {
            return d.set_error(&e);
        }
    }
    if let Some(t) = crate::trace::tracing(db, crate::trace::SQLITE_TRACE_CLOSE) {
        crate::trace::emit(
            t,
            crate::trace::SQLITE_TRACE_CLOSE,
            db as *mut _,
            std::ptr::null_mut(),
        );
    }
    free_db(db);
    codes::SQLITE_OK
}

#[no_mangle]
pub extern "C" fn sqlite3_close(db: *mut sqlite3) -> c_int {
    close_impl(db, false)
}

#[no_mangle]
pub extern "C" fn sqlite3_close_v2(db: *mut sqlite3) -> c_int {
    close_impl(db, true)
}

/// `sqlite3_errmsg`: "out of memory" for a NULL handle, "bad parameter or other API misuse"
/// for a closed one, as SQLite.
#[no_mangle]
pub extern "C" fn sqlite3_errmsg(db: *mut sqlite3) -> *const c_char {
    if db.is_null() {
        return c"out of memory".as_ptr();
    }
    match db_ref(db) {
        Some(d) => d.state.lock().error.message.as_ptr(),
        None => c"bad parameter or other API misuse".as_ptr(),
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_errcode(db: *mut sqlite3) -> c_int {
    let code = sqlite3_extended_errcode(db);
    // With sqlite3_extended_result_codes(db, 1), SQLite's errcode reports the extended code.
    let extended = !db.is_null() && db_ref(db).is_some_and(|d| d.state.lock().extended_codes);
    if extended {
        code
    } else {
        code & 0xff
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_extended_errcode(db: *mut sqlite3) -> c_int {
    if db.is_null() {
        return codes::SQLITE_NOMEM;
    }
    match db_ref(db) {
        Some(d) => d.state.lock().error.code,
        None => codes::SQLITE_MISUSE,
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_error_offset(db: *mut sqlite3) -> c_int {
    db_ref(db).map_or(-1, |d| d.state.lock().error.offset)
}

#[no_mangle]
pub extern "C" fn sqlite3_errstr(code: c_int) -> *const c_char {
    crate::misc::static_errstr(code)
}

#[no_mangle]
pub extern "C" fn sqlite3_extended_result_codes(db: *mut sqlite3, on: c_int) -> c_int {
    match open_db_ref(db) {
        Some(d) => {
            d.state.lock().extended_codes = on != 0;
            codes::SQLITE_OK
        }
        None => codes::SQLITE_MISUSE,
    }
}

/// The engine connection of a live, open handle.
pub(crate) fn conn_of<'a>(db: *mut sqlite3) -> Option<(&'a sqlite3, &'a Connection)> {
    let d = open_db_ref(db)?;
    Some((d, d.conn.as_ref()?))
}

#[no_mangle]
pub extern "C" fn sqlite3_changes(db: *mut sqlite3) -> c_int {
    conn_of(db).map_or(0, |(_, c)| c.changes() as c_int)
}

#[no_mangle]
pub extern "C" fn sqlite3_changes64(db: *mut sqlite3) -> sqlite3_int64 {
    conn_of(db).map_or(0, |(_, c)| c.changes() as i64)
}

#[no_mangle]
pub extern "C" fn sqlite3_total_changes(db: *mut sqlite3) -> c_int {
    conn_of(db).map_or(0, |(_, c)| c.total_changes() as c_int)
}

#[no_mangle]
pub extern "C" fn sqlite3_total_changes64(db: *mut sqlite3) -> sqlite3_int64 {
    conn_of(db).map_or(0, |(_, c)| c.total_changes() as i64)
}

#[no_mangle]
pub extern "C" fn sqlite3_last_insert_rowid(db: *mut sqlite3) -> sqlite3_int64 {
    conn_of(db).map_or(0, |(_, c)| c.last_insert_rowid())
}

#[no_mangle]
pub extern "C" fn sqlite3_set_last_insert_rowid(db: *mut sqlite3, rowid: sqlite3_int64) {
    if let Some((_, c)) = conn_of(db) {
        c.set_last_insert_rowid(rowid);
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_get_autocommit(db: *mut sqlite3) -> c_int {
    conn_of(db).map_or(0, |(_, c)| c.is_autocommit() as c_int)
}

/// `sqlite3_txn_state`: NONE (0), READ (1) or WRITE (2); -1 for an unknown schema name.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_txn_state(db: *mut sqlite3, schema: *const c_char) -> c_int {
    let Some((_, c)) = conn_of(db) else { return -1 };
    // SAFETY: schema is NULL or a C string (API contract).
    let schema = unsafe { c_str(schema) };
    match schema {
        Some(s) => c.txn_state_of(&s).unwrap_or(-1),
        None => c.txn_state(),
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_busy_timeout(db: *mut sqlite3, ms: c_int) -> c_int {
    match conn_of(db) {
        Some((_, c)) => {
            c.busy_timeout(ms.max(0) as u32);
            codes::SQLITE_OK
        }
        None => codes::SQLITE_MISUSE,
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_interrupt(db: *mut sqlite3) {
    if let Some((_, c)) = conn_of(db) {
        c.interrupt();
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_is_interrupted(db: *mut sqlite3) -> c_int {
    conn_of(db).map_or(0, |(_, c)| c.is_interrupted() as c_int)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_db_filename(
    db: *mut sqlite3,
    name: *const c_char,
) -> *const c_char {
    let Some((d, c)) = conn_of(db) else {
        return std::ptr::null();
    };
    // SAFETY: name is NULL or a C string (API contract).
    let name = unsafe { c_str(name) };
    match name.as_deref() {
        None => crate::uri::filename(db as usize),
        Some(n) if n.eq_ignore_ascii_case("main") => crate::uri::filename(db as usize),
        Some(n) => {
            let Some(file) = c.db_filename(n) else {
                return std::ptr::null();
            };
            // A stable copy per name, as sqlite3_db_name hands them out.
            let file = crate::handle::cstring_lossy(&file);
            let mut st = d.state.lock();
            let i = match st.db_names.iter().position(|x| *x == file) {
                Some(i) => i,
                None => {
                    st.db_names.push(file);
                    st.db_names.len() - 1
                }
            };
            st.db_names[i].as_ptr()
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_db_readonly(db: *mut sqlite3, name: *const c_char) -> c_int {
    let Some((d, c)) = conn_of(db) else { return -1 };
    // SAFETY: name is NULL or a C string (API contract).
    let name = unsafe { c_str(name) };
    match name.as_deref() {
        None => -1,
        Some(n) if n.eq_ignore_ascii_case("main") => d.state.lock().readonly as c_int,
        Some(n) => c.db_readonly(n).map_or(-1, c_int::from),
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_db_handle(stmt: *mut sqlite3_stmt) -> *mut sqlite3 {
    stmt_ref(stmt).map_or(std::ptr::null_mut(), |s| s.db)
}

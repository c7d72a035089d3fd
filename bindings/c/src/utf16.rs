//! The UTF-16 variants of the API (native byte order): prepare, errmsg, column names and
//! declared types, complete. Each converts at the edge and calls the UTF-8 function.

use std::ffi::{c_char, c_int, c_void};

use crate::handle::{sqlite3, sqlite3_stmt};
use crate::value::utf16_to_string;

fn to_utf16z(s: &str) -> Vec<u16> {
    let mut v: Vec<u16> = s.encode_utf16().collect();
    v.push(0);
    v
}

/// Prepares UTF-16 SQL; the tail points into the caller's UTF-16 text.
///
/// # Safety
/// As `sqlite3_prepare16_v2`.
unsafe fn prepare16(
    db: *mut sqlite3,
    sql: *const c_void,
    n_byte: c_int,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_void,
) -> c_int {
    // SAFETY: sql is NULL or valid UTF-16 for n_byte bytes (API contract).
    let Some(text) = (unsafe { utf16_to_string(sql, n_byte.into()) }) else {
        // SAFETY: forwarded; a NULL SQL pointer is reported as SQLite does.
        return unsafe {
            crate::stmt::sqlite3_prepare_v2(db, std::ptr::null(), -1, out, std::ptr::null_mut())
        };
    };
    let utf8 = std::ffi::CString::new(text.clone()).unwrap_or_default();
    let mut tail8: *const c_char = std::ptr::null();
    // SAFETY: utf8 is a valid C string for the call.
    let rc = unsafe { crate::stmt::sqlite3_prepare_v2(db, utf8.as_ptr(), -1, out, &mut tail8) };
    if !tail.is_null() {
        let consumed8 = if tail8.is_null() {
            text.len()
        } else {
            (tail8 as usize).saturating_sub(utf8.as_ptr() as usize)
        };
        let consumed16: usize = text
            .get(..consumed8)
            .map_or(text.encode_utf16().count(), |s| s.encode_utf16().count());
        // SAFETY: the offset stays inside the caller's UTF-16 text; tail is writable.
        unsafe { *tail = (sql as *const u16).add(consumed16) as *const c_void };
    }
    rc
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_prepare16(
    db: *mut sqlite3,
    sql: *const c_void,
    n_byte: c_int,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_void,
) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { prepare16(db, sql, n_byte, out, tail) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_prepare16_v2(
    db: *mut sqlite3,
    sql: *const c_void,
    n_byte: c_int,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_void,
) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { prepare16(db, sql, n_byte, out, tail) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_prepare16_v3(
    db: *mut sqlite3,
    sql: *const c_void,
    n_byte: c_int,
    _flags: u32,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_void,
) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { prepare16(db, sql, n_byte, out, tail) }
}

thread_local! {
    /// `sqlite3_errmsg16`'s result per thread: valid until the next call on this thread
    /// (SQLite keeps it until the next API call on the connection).
    static ERRMSG16: std::cell::RefCell<Vec<u16>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[no_mangle]
pub extern "C" fn sqlite3_errmsg16(db: *mut sqlite3) -> *const c_void {
    let p = crate::open::sqlite3_errmsg(db);
    // SAFETY: errmsg returns a valid C string.
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    ERRMSG16.with(|m| {
        *m.borrow_mut() = to_utf16z(&s);
        m.borrow().as_ptr() as *const c_void
    })
}

/// A column's name or declared type as UTF-16, cached on the statement for its lifetime.
fn column_meta16(stmt: *mut sqlite3_stmt, i: c_int, decltype: bool) -> *const c_void {
    crate::stmt::with_stmt(stmt, std::ptr::null(), |_, st| {
        let n = st.stmt.column_count();
        if i < 0 || i as usize >= n {
            return std::ptr::null();
        }
        let text = if decltype {
            st.stmt.column_decltype(i as usize).map(str::to_owned)
        } else {
            Some(st.stmt.column_name(i as usize).to_owned())
        };
        let Some(text) = text else {
            return std::ptr::null();
        };
        let cache = if decltype {
            &mut st.decltypes16
        } else {
            &mut st.names16
        };
        cache.resize(n, None);
        cache[i as usize]
            .get_or_insert_with(|| to_utf16z(&text))
            .as_ptr() as *const c_void
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_name16(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_void {
    column_meta16(stmt, i, false)
}

#[no_mangle]
pub extern "C" fn sqlite3_column_decltype16(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_void {
    column_meta16(stmt, i, true)
}

/// Origin (database, table, column) of a result column as UTF-16, by part index 0..3, cached
/// on the statement for its lifetime.
fn column_origin16(stmt: *mut sqlite3_stmt, i: c_int, part: usize) -> *const c_void {
    crate::stmt::with_stmt(stmt, std::ptr::null(), |_, st| {
        let n = st.stmt.column_count();
        if i < 0 || i as usize >= n {
            return std::ptr::null();
        }
        let i = i as usize;
        st.origins16.resize(n, None);
        if st.origins16[i].is_none() {
            st.origins16[i] = st
                .stmt
                .column_origin(i)
                .map(|(d, t, c)| [to_utf16z(d), to_utf16z(t), to_utf16z(c)]);
        }
        st.origins16[i]
            .as_ref()
            .map_or(std::ptr::null(), |o| o[part].as_ptr() as *const c_void)
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_database_name16(
    stmt: *mut sqlite3_stmt,
    i: c_int,
) -> *const c_void {
    column_origin16(stmt, i, 0)
}

#[no_mangle]
pub extern "C" fn sqlite3_column_table_name16(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_void {
    column_origin16(stmt, i, 1)
}

#[no_mangle]
pub extern "C" fn sqlite3_column_origin_name16(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_void {
    column_origin16(stmt, i, 2)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_complete16(sql: *const c_void) -> c_int {
    // SAFETY: sql is NULL or NUL-terminated UTF-16 (API contract).
    match unsafe { utf16_to_string(sql, -1) } {
        Some(s) => ferrolite::parser::is_complete(&s) as c_int,
        None => 0,
    }
}

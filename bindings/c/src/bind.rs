//! `sqlite3_bind_*`: parameter values. Data is copied at bind time, so a destructor passed
//! with the data is called straight away (SQLite calls it when it no longer needs the data,
//! also when binding fails).

use crate::{sqlite3_int64, sqlite3_uint64};
use std::ffi::{c_char, c_double, c_int, c_void};

use ferrolite::{codes, Error, Value};

use crate::handle::{c_text, sqlite3_stmt};
use crate::stmt::{cached_cstr, stmt_error, with_stmt};
use crate::value::{sqlite3_value, utf16_to_string};

/// A bind destructor: NULL (SQLITE_STATIC), -1 (SQLITE_TRANSIENT) or a function.
pub type sqlite3_destructor_type = Option<unsafe extern "C" fn(*mut c_void)>;

/// Calls a user destructor on `p` unless it is SQLITE_STATIC/SQLITE_TRANSIENT.
///
/// # Safety
/// `d` is NULL, -1, or a function that accepts `p`.
pub(crate) unsafe fn run_destructor(d: sqlite3_destructor_type, p: *const c_void) {
    if let Some(f) = d {
        if f as usize != usize::MAX && !p.is_null() {
            // SAFETY: the caller passed `f` to release `p`.
            unsafe { f(p as *mut c_void) };
        }
    }
}

fn bind_value(stmt: *mut sqlite3_stmt, index: c_int, value: Value) -> c_int {
    bind_with(stmt, index, |s| s.bind(index as usize, value))
}

/// Checks state and range as SQLite does, then runs `bind` on the statement.
fn bind_with(
    stmt: *mut sqlite3_stmt,
    index: c_int,
    bind: impl FnOnce(&mut ferrolite::Statement) -> ferrolite::Result<()>,
) -> c_int {
    with_stmt(stmt, codes::SQLITE_MISUSE, |s, st| {
        // Stepped since the last reset (running, done or failed): SQLite refuses to bind.
        if st.stmt.busy() || st.last_rc != codes::SQLITE_OK {
            return stmt_error(s, &Error::misuse());
        }
        // Out of range: SQLite answers by the return code only.
        if index < 1 || index as usize > st.stmt.bind_parameter_count() {
            return codes::SQLITE_RANGE;
        }
        st.expanded = None;
        match bind(&mut st.stmt) {
            Ok(()) => codes::SQLITE_OK,
            Err(e) => stmt_error(s, &e),
        }
    })
}

/// # Safety
/// `p` is NULL or valid for `n` bytes.
unsafe fn blob_from(p: *const c_void, n: u64) -> Value {
    if p.is_null() {
        Value::Null
    } else {
        // SAFETY: the caller guarantees p is valid for n bytes.
        Value::Blob(unsafe { std::slice::from_raw_parts(p as *const u8, n as usize) }.to_vec())
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_blob(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    p: *const c_void,
    n: c_int,
    d: sqlite3_destructor_type,
) -> c_int {
    if n < 0 {
        // SAFETY: d releases p (API contract).
        unsafe { run_destructor(d, p) };
        return with_stmt(stmt, codes::SQLITE_MISUSE, |s, _| {
            stmt_error(s, &Error::misuse())
        });
    }
    // SAFETY: p is valid for n bytes (API contract).
    let v = unsafe { blob_from(p, n as u64) };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p) };
    bind_value(stmt, i, v)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_blob64(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    p: *const c_void,
    n: sqlite3_uint64,
    d: sqlite3_destructor_type,
) -> c_int {
    if n > 1_000_000_000 {
        // SAFETY: d releases p (API contract).
        unsafe { run_destructor(d, p) };
        return with_stmt(stmt, codes::SQLITE_MISUSE, |s, _| {
            stmt_error(s, &Error::from_code(codes::SQLITE_TOOBIG))
        });
    }
    // SAFETY: p is valid for n bytes (API contract).
    let v = unsafe { blob_from(p, n) };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p) };
    bind_value(stmt, i, v)
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_double(stmt: *mut sqlite3_stmt, i: c_int, v: c_double) -> c_int {
    bind_value(
        stmt,
        i,
        if v.is_nan() {
            Value::Null
        } else {
            Value::Real(v)
        },
    )
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_int(stmt: *mut sqlite3_stmt, i: c_int, v: c_int) -> c_int {
    bind_value(stmt, i, Value::Integer(v.into()))
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_int64(stmt: *mut sqlite3_stmt, i: c_int, v: sqlite3_int64) -> c_int {
    bind_value(stmt, i, Value::Integer(v))
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_null(stmt: *mut sqlite3_stmt, i: c_int) -> c_int {
    bind_value(stmt, i, Value::Null)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_text(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    p: *const c_char,
    n: c_int,
    d: sqlite3_destructor_type,
) -> c_int {
    // SAFETY: p is NULL or valid for n bytes / NUL-terminated (API contract).
    let v = unsafe { c_text(p, n.into()) }.map_or(Value::Null, Value::Text);
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p as *const c_void) };
    bind_value(stmt, i, v)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_text64(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    p: *const c_char,
    n: sqlite3_uint64,
    d: sqlite3_destructor_type,
    encoding: u8,
) -> c_int {
    let n = if n > i64::MAX as u64 { -1 } else { n as i64 };
    let v = match encoding {
        // SAFETY: p is NULL or valid for n bytes (API contract).
        2..=4 => unsafe { utf16_to_string(p as *const c_void, n) },
        // SAFETY: p is NULL or valid for n bytes (API contract).
        _ => unsafe { c_text(p, n) },
    };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p as *const c_void) };
    if v.as_ref().is_some_and(|s| s.len() > 1_000_000_000) {
        return with_stmt(stmt, codes::SQLITE_MISUSE, |s, _| {
            stmt_error(s, &Error::from_code(codes::SQLITE_TOOBIG))
        });
    }
    bind_value(stmt, i, v.map_or(Value::Null, Value::Text))
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_text16(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    p: *const c_void,
    n: c_int,
    d: sqlite3_destructor_type,
) -> c_int {
    // SAFETY: p is NULL or valid UTF-16 for n bytes (API contract).
    let v = unsafe { utf16_to_string(p, n.into()) }.map_or(Value::Null, Value::Text);
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p) };
    bind_value(stmt, i, v)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_value(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    v: *const sqlite3_value,
) -> c_int {
    // SAFETY: v is NULL or a live value (API contract).
    let value = unsafe { v.as_ref() }.map_or(Value::Null, |v| v.value.clone());
    bind_value(stmt, i, value)
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_zeroblob(stmt: *mut sqlite3_stmt, i: c_int, n: c_int) -> c_int {
    bind_value(stmt, i, Value::Blob(vec![0; n.max(0) as usize]))
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_zeroblob64(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    n: sqlite3_uint64,
) -> c_int {
    if n > 1_000_000_000 {
        return with_stmt(stmt, codes::SQLITE_MISUSE, |s, _| {
            stmt_error(s, &Error::from_code(codes::SQLITE_TOOBIG))
        });
    }
    bind_value(stmt, i, Value::Blob(vec![0; n as usize]))
}

/// `sqlite3_bind_pointer`: binds a pointer value, SQL NULL that functions can read back with
/// `sqlite3_value_pointer(v, type)`. `d` runs when the binding goes (also when binding fails).
#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_pointer(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    p: *mut c_void,
    type_name: *const c_char,
    d: sqlite3_destructor_type,
) -> c_int {
    // SAFETY: type_name is NULL or a C string and d releases p (API contract).
    let ptr = unsafe { crate::pointer::make_pointer(p, type_name, d) };
    bind_with(stmt, i, |s| s.bind_pointer(i as usize, ptr))
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_parameter_count(stmt: *mut sqlite3_stmt) -> c_int {
    with_stmt(stmt, 0, |_, st| st.stmt.bind_parameter_count() as c_int)
}

#[no_mangle]
pub extern "C" fn sqlite3_bind_parameter_name(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_char {
    with_stmt(stmt, std::ptr::null(), |_, st| {
        if i < 1 || i as usize >= st.param_names.len() {
            return std::ptr::null();
        }
        match st.stmt.bind_parameter_name(i as usize).map(str::to_owned) {
            Some(name) => cached_cstr(&mut st.param_names[i as usize], &name),
            None => std::ptr::null(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_bind_parameter_index(
    stmt: *mut sqlite3_stmt,
    name: *const c_char,
) -> c_int {
    // SAFETY: name is NULL or a C string (API contract).
    let Some(name) = (unsafe { crate::handle::c_str(name) }) else {
        return 0;
    };
    with_stmt(stmt, 0, |_, st| {
        st.stmt
            .bind_parameter_index(&name)
            .map_or(0, |i| i as c_int)
    })
}

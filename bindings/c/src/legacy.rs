//! Older or rarer entry points that reduce to ones defined elsewhere: the compile-option
//! queries, the UTF-16 spellings of create_function/create_collation, and the deprecated
//! calls SQLite keeps for old programs (each does what SQLite's does today).

use std::ffi::{c_char, c_int, c_void, CString};
use std::sync::OnceLock;

use ferrolite::codes;

use crate::function::{ferrolite_xcompare, ferrolite_xfinal, ferrolite_xfunc};
use crate::handle::{c_str, sqlite3, sqlite3_stmt};
use crate::value::utf16_to_string;

/// `sqlite3_compileoption_used`: 1 when `name` (with or without `SQLITE_`) is an option.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_compileoption_used(name: *const c_char) -> c_int {
    // SAFETY: name is NULL or a C string (API contract).
    match unsafe { c_str(name) } {
        Some(n) => c_int::from(ferrolite::func::compile_option_used(&n)),
        None => 0,
    }
}

/// `sqlite3_compileoption_get`: the N-th option (without `SQLITE_`), NULL past the end.
#[no_mangle]
pub extern "C" fn sqlite3_compileoption_get(n: c_int) -> *const c_char {
    static OPTIONS: OnceLock<Vec<CString>> = OnceLock::new();
    let all = OPTIONS.get_or_init(|| {
        ferrolite::func::COMPILE_OPTIONS
            .iter()
            .map(|o| CString::new(*o).unwrap_or_default())
            .collect()
    });
    usize::try_from(n)
        .ok()
        .and_then(|i| all.get(i))
        .map_or(std::ptr::null(), |c| c.as_ptr())
}

/// A UTF-16 name as a C string; `None` for NULL.
///
/// # Safety
/// `p` is NULL or a NUL-terminated UTF-16 string.
unsafe fn name16(p: *const c_void) -> Option<CString> {
    // SAFETY: forwarded contract.
    let s = unsafe { utf16_to_string(p, -1) }?;
    Some(CString::new(s).unwrap_or_default())
}

/// `sqlite3_create_function16`: `sqlite3_create_function` with a UTF-16 name.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sqlite3_create_function16(
    db: *mut sqlite3,
    name: *const c_void,
    n_arg: c_int,
    text_rep: c_int,
    p_app: *mut c_void,
    x_func: ferrolite_xfunc,
    x_step: ferrolite_xfunc,
    x_final: ferrolite_xfinal,
) -> c_int {
    // SAFETY: name is NULL or UTF-16 (API contract).
    let n = unsafe { name16(name) };
    let p = n.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: p is NULL or a C string alive for the call; the rest is forwarded.
    unsafe {
        crate::function::sqlite3_create_function(
            db, p, n_arg, text_rep, p_app, x_func, x_step, x_final,
        )
    }
}

/// `sqlite3_create_collation16`: `sqlite3_create_collation` with a UTF-16 name.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_create_collation16(
    db: *mut sqlite3,
    name: *const c_void,
    text_rep: c_int,
    arg: *mut c_void,
    compare: ferrolite_xcompare,
) -> c_int {
    // SAFETY: name is NULL or UTF-16 (API contract).
    let n = unsafe { name16(name) };
    let p = n.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: p is NULL or a C string alive for the call; the rest is forwarded.
    unsafe { crate::function::sqlite3_create_collation(db, p, text_rep, arg, compare) }
}

/// `sqlite3_expired` (deprecated): statements here re-prepare themselves when the schema
/// changes, so a live statement is never expired; NULL is, as in SQLite.
#[no_mangle]
pub extern "C" fn sqlite3_expired(stmt: *mut sqlite3_stmt) -> c_int {
    c_int::from(stmt.is_null())
}

/// `sqlite3_global_recover` (deprecated): a no-op returning SQLITE_OK, as in SQLite.
#[no_mangle]
pub extern "C" fn sqlite3_global_recover() -> c_int {
    codes::SQLITE_OK
}

/// `sqlite3_thread_cleanup` (deprecated): a no-op, as in SQLite.
#[no_mangle]
pub extern "C" fn sqlite3_thread_cleanup() {}

/// `sqlite3_soft_heap_limit` (deprecated): `sqlite3_soft_heap_limit64` with an int, a
/// negative value meaning none.
#[no_mangle]
pub extern "C" fn sqlite3_soft_heap_limit(n: c_int) {
    crate::mem::sqlite3_soft_heap_limit64(i64::from(n.max(0)));
}

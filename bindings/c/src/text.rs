//! SQL-text helpers of the C API that use the engine's parser and matchers:
//! `sqlite3_strglob`, `sqlite3_strlike`.

use std::ffi::{c_char, c_int};

use crate::handle::c_str;

/// `sqlite3_strglob`: 0 when `s` matches the GLOB pattern.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_strglob(pattern: *const c_char, s: *const c_char) -> c_int {
    // SAFETY: NULL or C strings (API contract).
    let (Some(p), Some(s)) = (unsafe { c_str(pattern) }, unsafe { c_str(s) }) else {
        return 1;
    };
    (!ferrolite::func::glob(&p, &s)) as c_int
}

/// `sqlite3_strlike`: 0 when `s` matches the LIKE pattern (case-insensitive ASCII).
#[no_mangle]
pub unsafe extern "C" fn sqlite3_strlike(
    pattern: *const c_char,
    s: *const c_char,
    escape: u32,
) -> c_int {
    // SAFETY: NULL or C strings (API contract).
    let (Some(p), Some(s)) = (unsafe { c_str(pattern) }, unsafe { c_str(s) }) else {
        return 1;
    };
    let esc = if escape == 0 {
        None
    } else {
        char::from_u32(escape)
    };
    (!ferrolite::func::like(&p, &s, esc, false)) as c_int
}

/// `sqlite3_complete`: 1 when `sql` ends a complete statement.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_complete(sql: *const c_char) -> c_int {
    // SAFETY: NULL or a C string (API contract).
    match unsafe { c_str(sql) } {
        Some(s) => ferrolite::parser::is_complete(&s) as c_int,
        None => 0,
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_keyword_count() -> c_int {
    ferrolite::parser::keywords::keyword_count() as c_int
}

/// `sqlite3_keyword_name(i, &z, &n)`: the i-th keyword (not NUL-terminated).
#[no_mangle]
pub unsafe extern "C" fn sqlite3_keyword_name(
    i: c_int,
    out: *mut *const c_char,
    n: *mut c_int,
) -> c_int {
    let Some(k) = usize::try_from(i)
        .ok()
        .and_then(ferrolite::parser::keywords::keyword_name)
    else {
        return ferrolite::codes::SQLITE_ERROR;
    };
    // SAFETY: out and n are NULL or writable (API contract).
    unsafe {
        if !out.is_null() {
            *out = k.as_ptr() as *const c_char;
        }
        if !n.is_null() {
            *n = k.len() as c_int;
        }
    }
    ferrolite::codes::SQLITE_OK
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_keyword_check(z: *const c_char, n: c_int) -> c_int {
    if z.is_null() || n <= 0 {
        return 0;
    }
    // SAFETY: z is valid for n bytes (API contract).
    let word = unsafe { std::slice::from_raw_parts(z as *const u8, n as usize) };
    (0..ferrolite::parser::keywords::keyword_count())
        .filter_map(ferrolite::parser::keywords::keyword_name)
        .any(|k| k.as_bytes().eq_ignore_ascii_case(word)) as c_int
}

/// One floating-point conversion of the C printf shim (`csrc/printf.c`), rendered by the
/// engine's formatter so `sqlite3_mprintf` and SQL `printf()` print REALs alike. `flags` holds
/// the conversion's flag characters, `precision` < 0 means none. Returns a `sqlite3_malloc`
/// string (NULL when out of memory) and its length in `*len`.
#[no_mangle]
pub unsafe extern "C" fn ferrolite_format_real(
    flags: *const c_char,
    width: c_int,
    precision: c_int,
    conv: c_char,
    v: f64,
    len: *mut c_int,
) -> *mut c_char {
    // SAFETY: the shim passes a C string.
    let flags = unsafe { c_str(flags) }.unwrap_or_default();
    let precision = usize::try_from(precision).ok();
    let width = usize::try_from(width).unwrap_or(0);
    let s = ferrolite::func::format_real(&flags, width, precision, conv as u8, v);
    if !len.is_null() {
        // SAFETY: the shim passes a writable int.
        unsafe { *len = c_int::try_from(s.len()).unwrap_or(c_int::MAX) };
    }
    crate::mem::malloc_cstr(s.as_bytes())
}

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

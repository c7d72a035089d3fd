//! `sqlite3_serialize` and `sqlite3_deserialize`.

use std::ffi::{c_char, c_uint};

use ferrolite::codes;

use crate::handle::{c_str, sqlite3};
use crate::mem::malloc_bytes;
use crate::open::conn_of;
use crate::sqlite3_int64;

pub const SQLITE_SERIALIZE_NOCOPY: c_uint = 1;
pub const SQLITE_DESERIALIZE_FREEONCLOSE: c_uint = 1;
pub const SQLITE_DESERIALIZE_READONLY: c_uint = 4;

/// A copy of the database's bytes in memory from `sqlite3_malloc` (NULL with NOCOPY, since no
/// database here lives in one contiguous buffer, and for an empty database).
#[no_mangle]
pub unsafe extern "C" fn sqlite3_serialize(
    db: *mut sqlite3,
    schema: *const c_char,
    size: *mut sqlite3_int64,
    flags: c_uint,
) -> *mut u8 {
    if !size.is_null() {
        // SAFETY: size is writable (API contract).
        unsafe { *size = -1 };
    }
    let Some((_, conn)) = conn_of(db) else {
        return std::ptr::null_mut();
    };
    // SAFETY: NULL or a C string (API contract).
    let schema = unsafe { c_str(schema) }.map_or_else(|| "main".to_owned(), |s| s.into_owned());
    let Ok(bytes) = conn.serialize(&schema) else {
        return std::ptr::null_mut();
    };
    if !size.is_null() {
        // SAFETY: size is writable (API contract).
        unsafe { *size = bytes.len() as sqlite3_int64 };
    }
    if flags & SQLITE_SERIALIZE_NOCOPY != 0 || bytes.is_empty() {
        return std::ptr::null_mut();
    }
    let p = malloc_bytes(bytes.len() as u64) as *mut u8;
    if !p.is_null() {
        // SAFETY: p has room for bytes.len() bytes.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len()) };
    }
    p
}

/// The database becomes an in-memory copy of the buffer. With FREEONCLOSE the buffer is
/// freed here (the copy no longer needs it); with READONLY writes fail with SQLITE_READONLY.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_deserialize(
    db: *mut sqlite3,
    schema: *const c_char,
    data: *mut u8,
    size: sqlite3_int64,
    _capacity: sqlite3_int64,
    flags: c_uint,
) -> i32 {
    let release = || {
        if flags & SQLITE_DESERIALIZE_FREEONCLOSE != 0 && !data.is_null() {
            // SAFETY: with FREEONCLOSE the buffer came from sqlite3_malloc (API contract).
            unsafe { crate::mem::sqlite3_free(data as *mut std::ffi::c_void) };
        }
    };
    let Some((d, conn)) = conn_of(db) else {
        release();
        return codes::SQLITE_MISUSE;
    };
    if size < 0 || (data.is_null() && size > 0) {
        release();
        return d.set_code(codes::SQLITE_MISUSE);
    }
    // SAFETY: NULL or a C string (API contract).
    let schema = unsafe { c_str(schema) }.map_or_else(|| "main".to_owned(), |s| s.into_owned());
    let image = if size == 0 {
        Vec::new()
    } else {
        // SAFETY: data is valid for size bytes (API contract).
        unsafe { std::slice::from_raw_parts(data, size as usize) }.to_vec()
    };
    release();
    let read_only = flags & SQLITE_DESERIALIZE_READONLY != 0;
    match conn.deserialize_with(&schema, &image, read_only) {
        Ok(()) => codes::SQLITE_OK,
        Err(e) => d.set_error(&e),
    }
}

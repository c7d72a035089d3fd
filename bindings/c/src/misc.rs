//! Library-level functions: versions, result-code strings, sleeping, randomness, string
//! comparison helpers.

use std::ffi::{c_char, c_int, c_void, CStr};

static VERSION: &CStr = c"3.40.1";
static SOURCE_ID: &CStr =
    c"2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1";

/// `sqlite3_version[]`, the exported string constant.
#[no_mangle]
pub static sqlite3_version: [u8; 7] = *b"3.40.1\0";

#[no_mangle]
pub extern "C" fn sqlite3_libversion() -> *const c_char {
    VERSION.as_ptr()
}

#[no_mangle]
pub extern "C" fn sqlite3_libversion_number() -> c_int {
    ferrolite::SQLITE_VERSION_NUMBER
}

#[no_mangle]
pub extern "C" fn sqlite3_sourceid() -> *const c_char {
    SOURCE_ID.as_ptr()
}

/// 1: the library is thread-safe (serialized mode).
#[no_mangle]
pub extern "C" fn sqlite3_threadsafe() -> c_int {
    1
}

/// `sqlite3_errstr`'s static strings.
pub fn static_errstr(code: c_int) -> *const c_char {
    let s: &'static CStr = match ferrolite::error::errstr(code) {
        "not an error" => c"not an error",
        "SQL logic error" => c"SQL logic error",
        "access permission denied" => c"access permission denied",
        "query aborted" => c"query aborted",
        "abort due to ROLLBACK" => c"abort due to ROLLBACK",
        "database is locked" => c"database is locked",
        "database table is locked" => c"database table is locked",
        "out of memory" => c"out of memory",
        "attempt to write a readonly database" => c"attempt to write a readonly database",
        "interrupted" => c"interrupted",
        "disk I/O error" => c"disk I/O error",
        "database disk image is malformed" => c"database disk image is malformed",
        "unknown operation" => c"unknown operation",
        "database or disk is full" => c"database or disk is full",
        "unable to open database file" => c"unable to open database file",
        "locking protocol" => c"locking protocol",
        "database schema has changed" => c"database schema has changed",
        "string or blob too big" => c"string or blob too big",
        "constraint failed" => c"constraint failed",
        "datatype mismatch" => c"datatype mismatch",
        "bad parameter or other API misuse" => c"bad parameter or other API misuse",
        "large file support is disabled" => c"large file support is disabled",
        "authorization denied" => c"authorization denied",
        "column index out of range" => c"column index out of range",
        "file is not a database" => c"file is not a database",
        "notification message" => c"notification message",
        "warning message" => c"warning message",
        "another row available" => c"another row available",
        "no more rows available" => c"no more rows available",
        _ => c"unknown error",
    };
    s.as_ptr()
}

#[no_mangle]
pub extern "C" fn sqlite3_sleep(ms: c_int) -> c_int {
    let ms = ms.max(0);
    std::thread::sleep(std::time::Duration::from_millis(ms as u64));
    ms
}

/// Fills `buf` with `n` pseudo-random bytes (not for cryptography, as SQLite's).
#[no_mangle]
pub unsafe extern "C" fn sqlite3_randomness(n: c_int, buf: *mut c_void) {
    if n <= 0 || buf.is_null() {
        return;
    }
    // SAFETY: buf is valid for n bytes (API contract).
    let out = unsafe { std::slice::from_raw_parts_mut(buf as *mut u8, n as usize) };
    random_bytes(out);
}

/// A process-wide xorshift generator seeded from the clock and the address space.
pub fn random_bytes(out: &mut [u8]) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut s = STATE.load(Ordering::Relaxed);
    if s == 0 {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        s = t ^ (out.as_ptr() as u64).rotate_left(32) ^ 0x9e37_79b9_7f4a_7c15;
    }
    for chunk in out.chunks_mut(8) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let bytes = s.to_le_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
    STATE.store(s, Ordering::Relaxed);
}

fn fold(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// Case-insensitive (ASCII) comparison as `sqlite3_stricmp`.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_stricmp(a: *const c_char, b: *const c_char) -> c_int {
    // SAFETY: forwarded; a and b are NULL or C strings.
    unsafe { sqlite3_strnicmp(a, b, c_int::MAX) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_strnicmp(a: *const c_char, b: *const c_char, n: c_int) -> c_int {
    match (a.is_null(), b.is_null()) {
        (true, true) => return 0,
        (true, false) => return -1,
        (false, true) => return 1,
        _ => {}
    }
    // SAFETY: non-NULL C strings (API contract).
    let (a, b) = unsafe { (CStr::from_ptr(a).to_bytes(), CStr::from_ptr(b).to_bytes()) };
    let n = n.max(0) as usize;
    for i in 0..n {
        let x = a.get(i).copied().map_or(0, fold);
        let y = b.get(i).copied().map_or(0, fold);
        if x != y || x == 0 {
            return x as c_int - y as c_int;
        }
    }
    0
}

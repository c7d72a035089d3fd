//! `sqlite3_db_filename` and the URI parameter getters (uri.html, c3ref/uri_boolean.html).
//!
//! SQLite hands out a database's filename as a block laid out for its VFS:
//!
//! ```text
//! "/abs/path/x.db" NUL  key1 NUL value1 NUL  key2 NUL value2 NUL ... NUL
//! ```
//!
//! that is, the full pathname, then each query parameter of the `file:` URI it was opened
//! with (percent-decoded), then an empty key. `sqlite3_uri_parameter`, `sqlite3_uri_boolean`,
//! `sqlite3_uri_int64` and `sqlite3_uri_key` walk that block. Walking past a string's NUL is
//! only safe on blocks built here, so every block is kept in a registry keyed by its address:
//! a pointer that is not one of them (a plain C string, or garbage) is read as a filename with
//! no parameters — SQLite leaves that case undefined.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, CStr};

use parking_lot::Mutex;

use crate::handle::c_str;
use crate::sqlite3_int64;

/// Filename blocks by the address of the connection that owns them.
static BLOCKS: Mutex<Option<HashMap<usize, Box<[u8]>>>> = Mutex::new(None);

/// Builds and registers the filename block of connection `db`: `path` (already absolute, ""
/// for in-memory databases) and the parameters of `name` when it is a `file:` URI.
pub(crate) fn attach(db: usize, path: &str, name: &str) {
    let mut block: Vec<u8> = path.bytes().filter(|&b| b != 0).collect();
    block.push(0);
    for (k, v) in query_params(name) {
        block.extend(k.bytes().filter(|&b| b != 0));
        block.push(0);
        block.extend(v.bytes().filter(|&b| b != 0));
        block.push(0);
    }
    block.extend([0, 0]);
    BLOCKS
        .lock()
        .get_or_insert_with(HashMap::new)
        .insert(db, block.into_boxed_slice());
}

/// Frees connection `db`'s filename block (at close).
pub(crate) fn detach(db: usize) {
    if let Some(m) = BLOCKS.lock().as_mut() {
        m.remove(&db);
    }
}

/// The filename block of connection `db`; valid until [`detach`].
pub(crate) fn filename(db: usize) -> *const c_char {
    BLOCKS
        .lock()
        .as_ref()
        .and_then(|m| m.get(&db))
        .map_or(c"".as_ptr(), |b| b.as_ptr() as *const c_char)
}

/// The `key=value` pairs of a `file:` URI's query string, percent-decoded; none otherwise.
fn query_params(name: &str) -> Vec<(String, String)> {
    let Some(rest) = name.strip_prefix("file:") else {
        return Vec::new();
    };
    let Some((_, query)) = rest.split_once('?') else {
        return Vec::new();
    };
    let query = query.split('#').next().unwrap_or("");
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parameters of a registered block starting at `p`, as (key, value) pointers into it.
fn params_of(p: *const c_char) -> Vec<(*const c_char, *const c_char)> {
    let guard = BLOCKS.lock();
    let Some(block) = guard
        .as_ref()
        .and_then(|m| m.values().find(|b| b.as_ptr() as *const c_char == p))
    else {
        return Vec::new();
    };
    // Strings of the block: the path, then key/value pairs up to an empty key.
    let mut strings = block.split(|&b| b == 0).scan(0usize, |at, s| {
        let start = *at;
        *at += s.len() + 1;
        Some((start, s.is_empty()))
    });
    strings.next(); // the path
    let mut out = Vec::new();
    while let (Some((k, k_empty)), Some((v, _))) = (strings.next(), strings.next()) {
        if k_empty {
            break;
        }
        // Both offsets are inside the block, which stays allocated (and unmoved) while the
        // connection is open: the pointers are as valid as `p` is.
        out.push((
            block[k..].as_ptr() as *const c_char,
            block[v..].as_ptr() as *const c_char,
        ));
    }
    out
}

/// The value of parameter `key` in block `p`, if present.
///
/// # Safety
/// `key` is NULL or a C string.
unsafe fn lookup(p: *const c_char, key: *const c_char) -> Option<*const c_char> {
    // SAFETY: NULL or a C string (caller's contract).
    let key = unsafe { c_str(key) }?;
    params_of(p).into_iter().find_map(|(k, v)| {
        // SAFETY: k points at a NUL-terminated key inside a registered block.
        (unsafe { CStr::from_ptr(k) }.to_bytes() == key.as_bytes()).then_some(v)
    })
}

/// SQLite's reading of a boolean parameter: a value starting with a digit is a 32-bit integer
/// (non-zero is true; one that overflows reads 0), "yes"/"true"/"on" and "no"/"false"/"off"
/// (any case) are spelled booleans, anything else gives `default`.
fn parse_bool(v: &str, default: bool) -> bool {
    if v.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse::<i32>().is_ok_and(|n| n != 0);
    }
    match v.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" => true,
        "no" | "false" | "off" => false,
        _ => default,
    }
}

/// SQLite's reading of an integer parameter: the whole value (surrounding spaces allowed) must
/// be a decimal integer with optional sign that fits in 64 bits, or `0x` and up to 16 hex
/// digits; otherwise there is no value.
fn parse_int(v: &str) -> Option<i64> {
    let v = v.trim_matches(|c: char| c.is_ascii_whitespace());
    if let Some(hex) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        if hex.is_empty() || hex.len() > 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        return u64::from_str_radix(hex, 16).ok().map(|n| n as i64);
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<i64>().ok()
}

/// # Safety
/// `p` is NULL or a C string (`v` from [`lookup`]).
unsafe fn text<'a>(p: *const c_char) -> std::borrow::Cow<'a, str> {
    // SAFETY: forwarded contract.
    unsafe { c_str(p) }.unwrap_or_default()
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_uri_parameter(
    filename: *const c_char,
    key: *const c_char,
) -> *const c_char {
    // SAFETY: key is NULL or a C string (API contract).
    unsafe { lookup(filename, key) }.unwrap_or(std::ptr::null())
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_uri_boolean(
    filename: *const c_char,
    key: *const c_char,
    default: c_int,
) -> c_int {
    let default = default != 0;
    // SAFETY: key is NULL or a C string (API contract); values are C strings in a block.
    let v = unsafe { lookup(filename, key).map(|v| text(v)) };
    v.map_or(default, |v| parse_bool(&v, default)) as c_int
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_uri_int64(
    filename: *const c_char,
    key: *const c_char,
    default: sqlite3_int64,
) -> sqlite3_int64 {
    // SAFETY: key is NULL or a C string (API contract); values are C strings in a block.
    let v = unsafe { lookup(filename, key).map(|v| text(v)) };
    v.and_then(|v| parse_int(&v)).unwrap_or(default)
}

/// `sqlite3_uri_key(F, N)`: the name of the N-th (0-based) parameter, NULL past the end.
#[no_mangle]
pub extern "C" fn sqlite3_uri_key(filename: *const c_char, n: c_int) -> *const c_char {
    usize::try_from(n)
        .ok()
        .and_then(|n| params_of(filename).get(n).map(|(k, _)| *k))
        .unwrap_or(std::ptr::null())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_layout_and_lookups() {
        attach(
            1,
            "/d/x.db",
            "file:x.db?mode=ro&a%20b=c%26d&flag&n=-12&m=3x",
        );
        let f = filename(1);
        // SAFETY: f is the registered block; keys are C strings.
        unsafe {
            assert_eq!(CStr::from_ptr(f).to_str().unwrap(), "/d/x.db");
            let v = sqlite3_uri_parameter(f, c"a b".as_ptr());
            assert_eq!(CStr::from_ptr(v).to_str().unwrap(), "c&d");
            assert_eq!(
                CStr::from_ptr(sqlite3_uri_parameter(f, c"flag".as_ptr())).to_bytes(),
                b""
            );
            assert!(sqlite3_uri_parameter(f, c"none".as_ptr()).is_null());
            assert_eq!(sqlite3_uri_int64(f, c"n".as_ptr(), 5), -12);
            assert_eq!(sqlite3_uri_int64(f, c"m".as_ptr(), 5), 5);
            assert_eq!(sqlite3_uri_boolean(f, c"m".as_ptr(), 0), 1);
            assert_eq!(sqlite3_uri_boolean(f, c"mode".as_ptr(), 1), 1);
            assert_eq!(sqlite3_uri_boolean(f, c"mode".as_ptr(), 0), 0);
            assert_eq!(CStr::from_ptr(sqlite3_uri_key(f, 0)).to_bytes(), b"mode");
            assert!(sqlite3_uri_key(f, 5).is_null());
            // A plain string is a filename without parameters.
            assert!(sqlite3_uri_parameter(c"x?mode=ro".as_ptr(), c"mode".as_ptr()).is_null());
        }
        detach(1);
    }
}

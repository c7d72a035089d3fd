//! `sqlite3_value`: a value handed to C (column values, function arguments, duplicates), with
//! the text/blob forms cached so the pointers `sqlite3_value_text` returns stay valid until the
//! value is freed or changed.

use crate::sqlite3_int64;
use std::ffi::c_uchar;
use std::ffi::{c_double, c_int, c_uint, c_void};

use ferrolite::func::Pointer;
use ferrolite::Value;

use crate::handle::text_bytes;

/// An SQL value seen from C.
pub struct sqlite3_value {
    pub value: Value,
    /// UTF-8 text form plus NUL, built on first `value_text`/`value_blob`/`value_bytes`.
    text: Option<Vec<u8>>,
    /// UTF-16 (native order) form plus NUL, built on first `value_text16`.
    text16: Option<Vec<u16>>,
    /// UTF-16 in the other byte order plus NUL, built on first `value_text16le`/`_be`.
    text16_swapped: Option<Vec<u16>>,
    pub subtype: c_uint,
    /// The pointer of a pointer value (`sqlite3_bind_pointer`/`sqlite3_result_pointer`).
    pub pointer: Option<Pointer>,
    /// The value came straight from a bound parameter (`sqlite3_value_frombind`).
    pub from_bind: bool,
}

impl sqlite3_value {
    pub fn new(value: Value) -> sqlite3_value {
        sqlite3_value {
            value,
            text: None,
            text16: None,
            text16_swapped: None,
            subtype: 0,
            pointer: None,
            from_bind: false,
        }
    }

    fn text(&mut self) -> Option<&[u8]> {
        if self.text.is_none() {
            self.text = text_bytes(&self.value);
        }
        self.text.as_deref()
    }
}

/// Borrows a value from a C pointer (None for NULL).
///
/// # Safety
/// `p` is NULL or a value handed out by this library and still alive.
pub(crate) unsafe fn value_mut<'a>(p: *mut sqlite3_value) -> Option<&'a mut sqlite3_value> {
    // SAFETY: per the caller's contract.
    unsafe { p.as_mut() }
}

/// The conversions `sqlite3_value_int64`/`_double` apply are the engine's (SQLite's rules).
pub use ferrolite::value::convert::{to_f64, to_i64};

/// The longest prefix of `s` (after leading spaces) that reads as a number.
fn numeric_prefix(s: &str) -> &str {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0c', '\x0b']);
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut end = i;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i > digits_start + 1 {
            end = i;
        }
    }
    if end > digits_start && i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            end = j;
        }
    }
    &t[..end]
}

fn text_to_f64(s: &str) -> f64 {
    numeric_prefix(s).parse::<f64>().unwrap_or(0.0)
}

/// Reads a UTF-16 (native order) string; `n_bytes < 0` reads to the first NUL character.
/// The text may sit at an odd address (SQLite accepts that): units are read unaligned.
///
/// # Safety
/// `p` is NULL or valid for `n_bytes` bytes (NUL-terminated when negative).
pub unsafe fn utf16_to_string(p: *const c_void, n_bytes: i64) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let p = p as *const u16;
    // SAFETY: index i is inside the caller's text (bounded by n_bytes or the NUL).
    let unit = |i: usize| unsafe { p.add(i).read_unaligned() };
    let max = if n_bytes < 0 {
        usize::MAX
    } else {
        n_bytes as usize / 2
    };
    let mut units = Vec::new();
    while units.len() < max {
        let u = unit(units.len());
        if u == 0 {
            break;
        }
        units.push(u);
    }
    Some(String::from_utf16_lossy(&units))
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_type(v: *mut sqlite3_value) -> c_int {
    // SAFETY: v is NULL or a live value (API contract).
    unsafe { value_mut(v) }.map_or(5, |v| v.value.value_type() as c_int)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_int64(v: *mut sqlite3_value) -> sqlite3_int64 {
    // SAFETY: v is NULL or a live value (API contract).
    unsafe { value_mut(v) }.map_or(0, |v| to_i64(&v.value))
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_int(v: *mut sqlite3_value) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { sqlite3_value_int64(v) as c_int }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_double(v: *mut sqlite3_value) -> c_double {
    // SAFETY: v is NULL or a live value (API contract).
    unsafe { value_mut(v) }.map_or(0.0, |v| to_f64(&v.value))
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_text(v: *mut sqlite3_value) -> *const c_uchar {
    // SAFETY: v is NULL or a live value (API contract).
    match unsafe { value_mut(v) } {
        Some(v) => v.text().map_or(std::ptr::null(), |t| t.as_ptr()),
        None => std::ptr::null(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_blob(v: *mut sqlite3_value) -> *const c_void {
    // SAFETY: v is NULL or a live value (API contract).
    let Some(v) = (unsafe { value_mut(v) }) else {
        return std::ptr::null();
    };
    if matches!(&v.value, Value::Blob(b) if b.is_empty()) {
        return std::ptr::null();
    }
    v.text()
        .map_or(std::ptr::null(), |t| t.as_ptr() as *const c_void)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_bytes(v: *mut sqlite3_value) -> c_int {
    // SAFETY: v is NULL or a live value (API contract).
    let Some(v) = (unsafe { value_mut(v) }) else {
        return 0;
    };
    v.text().map_or(0, |t| t.len() as c_int - 1)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_text16(v: *mut sqlite3_value) -> *const c_void {
    // SAFETY: v is NULL or a live value (API contract).
    let Some(v) = (unsafe { value_mut(v) }) else {
        return std::ptr::null();
    };
    if v.value.is_null() {
        return std::ptr::null();
    }
    // As SQLite: a UTF-16 conversion makes the value no longer "from a bind".
    v.from_bind = false;
    if v.text16.is_none() {
        let t = v
            .text()
            .map(|t| String::from_utf8_lossy(&t[..t.len() - 1]).into_owned());
        let mut units: Vec<u16> = t.unwrap_or_default().encode_utf16().collect();
        units.push(0);
        v.text16 = Some(units);
    }
    v.text16
        .as_ref()
        .map_or(std::ptr::null(), |u| u.as_ptr() as *const c_void)
}

/// The value as UTF-16 in native order, or (`swap`) in the other byte order.
///
/// # Safety
/// v is NULL or a live value.
unsafe fn text16_in_order(v: *mut sqlite3_value, swap: bool) -> *const c_void {
    // SAFETY: forwarded contract.
    let native = unsafe { sqlite3_value_text16(v) };
    if !swap || native.is_null() {
        return native;
    }
    // SAFETY: v is live (text16 just answered for it).
    let Some(v) = (unsafe { value_mut(v) }) else {
        return std::ptr::null();
    };
    if v.text16_swapped.is_none() {
        let units = v
            .text16
            .as_ref()
            .map(|u| u.iter().map(|c| c.swap_bytes()).collect());
        v.text16_swapped = units;
    }
    v.text16_swapped
        .as_ref()
        .map_or(std::ptr::null(), |u| u.as_ptr() as *const c_void)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_text16le(v: *mut sqlite3_value) -> *const c_void {
    // SAFETY: forwarded contract.
    unsafe { text16_in_order(v, cfg!(target_endian = "big")) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_text16be(v: *mut sqlite3_value) -> *const c_void {
    // SAFETY: forwarded contract.
    unsafe { text16_in_order(v, cfg!(target_endian = "little")) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_bytes16(v: *mut sqlite3_value) -> c_int {
    // A blob's size is its byte count, as for sqlite3_value_bytes.
    // SAFETY: v is NULL or a live value (API contract).
    if let Some(b) = unsafe { value_mut(v) }.and_then(|v| match &v.value {
        Value::Blob(b) => Some(b.len()),
        _ => None,
    }) {
        return b as c_int;
    }
    // SAFETY: forwarded contract.
    unsafe { sqlite3_value_text16(v) };
    // SAFETY: v is NULL or a live value (API contract).
    unsafe { value_mut(v) }
        .and_then(|v| v.text16.as_ref())
        .map_or(0, |u| (u.len() as c_int - 1) * 2)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_subtype(v: *mut sqlite3_value) -> c_uint {
    // SAFETY: v is NULL or a live value (API contract).
    unsafe { value_mut(v) }.map_or(0, |v| v.subtype)
}

/// The numeric type the value would have after numeric affinity.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_numeric_type(v: *mut sqlite3_value) -> c_int {
    // SAFETY: v is NULL or a live value (API contract).
    let Some(v) = (unsafe { value_mut(v) }) else {
        return 5;
    };
    if let Value::Text(s) = &v.value {
        let t = s.trim();
        if !t.is_empty() && numeric_prefix(t) == t {
            v.value = match t.parse::<i64>() {
                Ok(i) => Value::Integer(i),
                Err(_) => Value::Real(text_to_f64(t)),
            };
            v.text = None;
            v.text16 = None;
            v.text16_swapped = None;
        }
    }
    v.value.value_type() as c_int
}

#[no_mangle]
pub extern "C" fn sqlite3_value_nochange(_v: *mut sqlite3_value) -> c_int {
    0
}

/// `sqlite3_value_pointer(V, TYPE)`: the pointer a value carries when TYPE is the type it was
/// made with (`sqlite3_bind_pointer` / `sqlite3_result_pointer`), else NULL.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_pointer(
    v: *mut sqlite3_value,
    type_name: *const std::ffi::c_char,
) -> *mut c_void {
    // SAFETY: v is NULL or a live value (API contract).
    let Some(p) = unsafe { value_mut(v) }.and_then(|v| v.pointer.as_ref()) else {
        return std::ptr::null_mut();
    };
    // SAFETY: type_name is NULL or a C string (API contract).
    match unsafe { crate::handle::c_str(type_name) } {
        Some(t) => p.get(&t).map_or(std::ptr::null_mut(), |a| a as *mut c_void),
        None => std::ptr::null_mut(),
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_value_frombind(v: *mut sqlite3_value) -> c_int {
    // SAFETY: v is NULL or a live value (API contract).
    unsafe { value_mut(v) }.map_or(0, |v| c_int::from(v.from_bind))
}

/// SQLITE_UTF8: every value here is UTF-8 inside.
#[no_mangle]
pub extern "C" fn sqlite3_value_encoding(_v: *mut sqlite3_value) -> c_int {
    1
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_dup(v: *const sqlite3_value) -> *mut sqlite3_value {
    // SAFETY: v is NULL or a live value (API contract).
    match unsafe { v.as_ref() } {
        Some(v) => {
            // As SQLite: a pointer value duplicates as a plain NULL.
            let mut d = sqlite3_value::new(v.value.clone());
            if v.pointer.is_none() {
                d.subtype = v.subtype;
            }
            Box::into_raw(Box::new(d))
        }
        None => std::ptr::null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_value_free(v: *mut sqlite3_value) {
    if !v.is_null() {
        // SAFETY: values passed to value_free come from sqlite3_value_dup (Box::into_raw).
        drop(unsafe { Box::from_raw(v) });
    }
}

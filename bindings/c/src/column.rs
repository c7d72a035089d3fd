//! `sqlite3_column_*`: the current row's values and the result columns' metadata.
//! Text and blob pointers stay valid until the next step, reset or finalize.

use crate::sqlite3_int64;
use std::ffi::c_uchar;
use std::ffi::{c_char, c_double, c_int, c_void};

use ferrolite::Value;

use crate::handle::{cstring_lossy, sqlite3_stmt, text_bytes, StmtState};
use crate::stmt::{cached_cstr, with_stmt};
use crate::value::{sqlite3_value, to_f64, to_i64};

/// Runs `f` on column `i` of the current row; `default` when there is no row or no such
/// column (SQLite records no error for that).
fn with_column<R>(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    default: R,
    f: impl FnOnce(&mut StmtState, usize) -> R,
) -> R {
    with_stmt(stmt, None, |_, st| {
        if !st.has_row || i < 0 || i as usize >= st.stmt.column_count() {
            return None;
        }
        Some(f(st, i as usize))
    })
    .unwrap_or(default)
}

fn text_of(st: &mut StmtState, i: usize) -> Option<&Vec<u8>> {
    if st.text_cache[i].is_none() {
        st.text_cache[i] = text_bytes(st.stmt.column_value(i));
    }
    st.text_cache[i].as_ref()
}

#[no_mangle]
pub extern "C" fn sqlite3_column_type(stmt: *mut sqlite3_stmt, i: c_int) -> c_int {
    with_column(stmt, i, 5, |st, i| {
        st.stmt.column_value(i).value_type() as c_int
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_int64(stmt: *mut sqlite3_stmt, i: c_int) -> sqlite3_int64 {
    with_column(stmt, i, 0, |st, i| to_i64(st.stmt.column_value(i)))
}

#[no_mangle]
pub extern "C" fn sqlite3_column_int(stmt: *mut sqlite3_stmt, i: c_int) -> c_int {
    sqlite3_column_int64(stmt, i) as c_int
}

#[no_mangle]
pub extern "C" fn sqlite3_column_double(stmt: *mut sqlite3_stmt, i: c_int) -> c_double {
    with_column(stmt, i, 0.0, |st, i| to_f64(st.stmt.column_value(i)))
}

#[no_mangle]
pub extern "C" fn sqlite3_column_text(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_uchar {
    with_column(stmt, i, std::ptr::null(), |st, i| {
        text_of(st, i).map_or(std::ptr::null(), |t| t.as_ptr())
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_blob(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_void {
    with_column(stmt, i, std::ptr::null(), |st, i| {
        if matches!(st.stmt.column_value(i), Value::Blob(b) if b.is_empty()) {
            return std::ptr::null();
        }
        text_of(st, i).map_or(std::ptr::null(), |t| t.as_ptr() as *const c_void)
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_bytes(stmt: *mut sqlite3_stmt, i: c_int) -> c_int {
    with_column(stmt, i, 0, |st, i| {
        text_of(st, i).map_or(0, |t| t.len() as c_int - 1)
    })
}

/// The column as a `sqlite3_value` owned by the statement (valid until the next step).
#[no_mangle]
pub extern "C" fn sqlite3_column_value(stmt: *mut sqlite3_stmt, i: c_int) -> *mut sqlite3_value {
    with_column(stmt, i, std::ptr::null_mut(), |st, i| {
        if st.value_cache[i].is_none() {
            let v = sqlite3_value::new(st.stmt.column_value(i).clone());
            st.value_cache[i] = Some(Box::new(v));
        }
        st.value_cache[i]
            .as_mut()
            .map_or(std::ptr::null_mut(), |b| &mut **b as *mut sqlite3_value)
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_text16(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_void {
    let v = sqlite3_column_value(stmt, i);
    // SAFETY: v is NULL or the statement-owned value just created.
    unsafe { crate::value::sqlite3_value_text16(v) }
}

#[no_mangle]
pub extern "C" fn sqlite3_column_bytes16(stmt: *mut sqlite3_stmt, i: c_int) -> c_int {
    let v = sqlite3_column_value(stmt, i);
    // SAFETY: v is NULL or the statement-owned value just created.
    unsafe { crate::value::sqlite3_value_bytes16(v) }
}

/// Metadata lookups that need no current row.
fn with_meta<R>(
    stmt: *mut sqlite3_stmt,
    i: c_int,
    default: R,
    f: impl FnOnce(&mut StmtState, usize) -> R,
) -> R {
    with_stmt(stmt, None, |_, st| {
        if i < 0 || i as usize >= st.stmt.column_count() {
            return None;
        }
        Some(f(st, i as usize))
    })
    .unwrap_or(default)
}

#[no_mangle]
pub extern "C" fn sqlite3_column_name(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_char {
    with_meta(stmt, i, std::ptr::null(), |st, i| {
        let name = st.stmt.column_name(i).to_owned();
        cached_cstr(&mut st.names[i], &name)
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_decltype(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_char {
    with_meta(stmt, i, std::ptr::null(), |st, i| {
        match st.stmt.column_decltype(i).map(str::to_owned) {
            Some(t) => cached_cstr(&mut st.decltypes[i], &t),
            None => std::ptr::null(),
        }
    })
}

/// Origin (database, table, column) of a result column, by part index 0..3.
fn origin(stmt: *mut sqlite3_stmt, i: c_int, part: usize) -> *const c_char {
    with_meta(stmt, i, std::ptr::null(), |st, i| {
        if st.origins[i].is_none() {
            let o = st
                .stmt
                .column_origin(i)
                .map(|(d, t, c)| [cstring_lossy(d), cstring_lossy(t), cstring_lossy(c)]);
            st.origins[i] = o;
        }
        st.origins[i]
            .as_ref()
            .map_or(std::ptr::null(), |o| o[part].as_ptr())
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_database_name(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_char {
    origin(stmt, i, 0)
}

#[no_mangle]
pub extern "C" fn sqlite3_column_table_name(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_char {
    origin(stmt, i, 1)
}

#[no_mangle]
pub extern "C" fn sqlite3_column_origin_name(stmt: *mut sqlite3_stmt, i: c_int) -> *const c_char {
    origin(stmt, i, 2)
}

//! `sqlite3_exec` and the legacy `sqlite3_get_table`/`sqlite3_free_table`.

use std::ffi::{c_char, c_int, c_void};

use ferrolite::{codes, Error};

use crate::handle::{c_str, cstring_lossy, sqlite3};
use crate::mem::{malloc_bytes, malloc_cstr, sqlite3_free};
use crate::open::conn_of;

pub type sqlite3_callback =
    Option<unsafe extern "C" fn(*mut c_void, c_int, *mut *mut c_char, *mut *mut c_char) -> c_int>;

/// Writes `msg` to `*errmsg` as a `sqlite3_malloc` string (when errmsg is not NULL).
///
/// # Safety
/// `errmsg` is NULL or writable.
unsafe fn report(errmsg: *mut *mut c_char, msg: Option<&str>) {
    if errmsg.is_null() {
        return;
    }
    let p = msg.map_or(std::ptr::null_mut(), |m| malloc_cstr(m.as_bytes()));
    // SAFETY: errmsg is writable (caller's contract).
    unsafe { *errmsg = p };
}

/// The connection's current error as an engine error; its offset is moved by `base` bytes
/// (the offset of the statement it refers to within the whole SQL text).
fn current_error(db: *mut sqlite3, base: usize) -> Error {
    let Some(d) = crate::handle::db_ref(db) else {
        return Error::misuse();
    };
    let st = d.state.lock();
    let mut e = Error::new(st.error.code, st.error.message.to_string_lossy());
    e.offset = usize::try_from(st.error.offset).ok().map(|o| o + base);
    e
}

/// Runs every statement of `sql` through the public statement API (so each is traced, counted
/// and listed by `sqlite3_next_stmt` as SQLite's exec does), calling
/// `each_row(names, values)` per result row with the column names and text values (NULL for
/// SQL NULL), valid for the call; a non-zero return aborts with SQLITE_ABORT.
fn run_all(
    db: *mut sqlite3,
    sql: &str,
    mut each_row: impl FnMut(&[*mut c_char], &[*mut c_char]) -> c_int,
) -> Result<(), Error> {
    use crate::column::{sqlite3_column_name, sqlite3_column_text};
    use crate::stmt::{sqlite3_column_count, sqlite3_finalize, sqlite3_prepare_v2, sqlite3_step};
    if conn_of(db).is_none() {
        return Err(Error::misuse());
    }
    let text = cstring_lossy(sql);
    let start = text.as_ptr();
    let mut tail: *const c_char = start;
    loop {
        // As SQLite's exec, each statement starts after the spaces that precede it.
        // SAFETY: tail points into `text`, at or before its NUL (a NUL is not a space).
        while unsafe { (*tail as u8).is_ascii_whitespace() } {
            // SAFETY: as above; the NUL stops the loop.
            tail = unsafe { tail.add(1) };
        }
        // SAFETY: as above.
        if unsafe { *tail } == 0 {
            return Ok(());
        }
        // SAFETY: tail lies inside `text`, which outlives this loop.
        let base = unsafe { tail.offset_from(start) } as usize;
        let mut st = std::ptr::null_mut();
        let mut next: *const c_char = std::ptr::null();
        // SAFETY: tail is a NUL-terminated string; st and next are writable.
        let rc = unsafe { sqlite3_prepare_v2(db, tail, -1, &mut st, &mut next) };
        if rc != codes::SQLITE_OK {
            return Err(current_error(db, base));
        }
        if next.is_null() || next <= tail {
            // No progress: nothing more to run.
            sqlite3_finalize(st);
            return Ok(());
        }
        tail = next;
        if st.is_null() {
            continue; // only spaces or comments
        }
        let n = sqlite3_column_count(st).max(0);
        loop {
            match sqlite3_step(st) {
                codes::SQLITE_ROW => {
                    let names: Vec<*mut c_char> = (0..n)
                        .map(|i| sqlite3_column_name(st, i) as *mut c_char)
                        .collect();
                    let values: Vec<*mut c_char> = (0..n)
                        .map(|i| sqlite3_column_text(st, i) as *mut c_char)
                        .collect();
                    if each_row(&names, &values) != 0 {
                        sqlite3_finalize(st);
                        return Err(Error::from_code(codes::SQLITE_ABORT));
                    }
                }
                codes::SQLITE_DONE => break,
                _ => {
                    let e = current_error(db, base);
                    sqlite3_finalize(st);
                    return Err(e);
                }
            }
        }
        sqlite3_finalize(st);
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_exec(
    db: *mut sqlite3,
    sql: *const c_char,
    callback: sqlite3_callback,
    arg: *mut c_void,
    errmsg: *mut *mut c_char,
) -> c_int {
    // SAFETY: errmsg is NULL or writable (API contract).
    unsafe { report(errmsg, None) };
    let Some((d, _)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    // SAFETY: sql is NULL or a C string (API contract).
    let Some(text) = (unsafe { c_str(sql) }) else {
        return codes::SQLITE_OK;
    };
    let result = crate::stmt::guard(|| {
        run_all(db, &text, |names, values| {
            let Some(cb) = callback else { return 0 };
            let mut name_ptrs = names.to_vec();
            let mut value_ptrs = values.to_vec();
            // SAFETY: the arrays hold `names.len()` valid C strings (or NULL) for the call's
            // duration, as sqlite3_exec promises its callback.
            unsafe {
                cb(
                    arg,
                    names.len() as c_int,
                    value_ptrs.as_mut_ptr(),
                    name_ptrs.as_mut_ptr(),
                )
            }
        })
    });
    match result {
        Ok(()) => {
            d.clear_error();
            codes::SQLITE_OK
        }
        Err(e) => {
            let rc = d.set_error(&e);
            // SAFETY: errmsg is NULL or writable (API contract).
            unsafe { report(errmsg, Some(&e.message)) };
            rc
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_get_table(
    db: *mut sqlite3,
    sql: *const c_char,
    result: *mut *mut *mut c_char,
    n_row: *mut c_int,
    n_column: *mut c_int,
    errmsg: *mut *mut c_char,
) -> c_int {
    // SAFETY: errmsg is NULL or writable (API contract).
    unsafe { report(errmsg, None) };
    let Some((d, _)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    if result.is_null() {
        return d.set_code(codes::SQLITE_MISUSE);
    }
    // SAFETY: sql is NULL or a C string (API contract).
    let text = unsafe { c_str(sql) }.unwrap_or_default().into_owned();
    let mut cells: Vec<Option<Vec<u8>>> = Vec::new();
    let mut ncol = 0usize;
    let mut nrow = 0usize;
    let r = run_all(db, &text, |names, values| {
        // SAFETY: NULL or C strings valid for this call (run_all's contract).
        let copy = |p: &*mut c_char| unsafe { c_str(*p) }.map(|s| s.as_bytes().to_vec());
        if cells.is_empty() {
            ncol = names.len();
            cells.extend(names.iter().map(copy));
        }
        if values.len() == ncol {
            cells.extend(values.iter().map(copy));
            nrow += 1;
        }
        0
    });
    if let Err(e) = r {
        let rc = d.set_error(&e);
        // SAFETY: errmsg is NULL or writable (API contract).
        unsafe { report(errmsg, Some(&e.message)) };
        // SAFETY: result is writable (checked non-NULL).
        unsafe { *result = std::ptr::null_mut() };
        return rc;
    }
    // Slot 0 holds the number of cells so free_table knows what to free.
    let slots = cells.len() + 1;
    let array =
        malloc_bytes((slots * std::mem::size_of::<*mut c_char>()) as u64) as *mut *mut c_char;
    if array.is_null() {
        return d.set_code(codes::SQLITE_NOMEM);
    }
    // SAFETY: array has `slots` pointer-sized slots.
    unsafe {
        *array = cells.len() as *mut c_char;
        for (k, c) in cells.iter().enumerate() {
            *array.add(k + 1) = c.as_ref().map_or(std::ptr::null_mut(), |b| malloc_cstr(b));
        }
        *result = array.add(1);
        if !n_row.is_null() {
            *n_row = nrow as c_int;
        }
        if !n_column.is_null() {
            *n_column = ncol as c_int;
        }
    }
    d.clear_error();
    codes::SQLITE_OK
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_free_table(result: *mut *mut c_char) {
    if result.is_null() {
        return;
    }
    // SAFETY: result came from sqlite3_get_table: slot -1 holds the cell count.
    unsafe {
        let array = result.sub(1);
        let n = *array as usize;
        for k in 0..n {
            sqlite3_free(*result.add(k) as *mut c_void);
        }
        sqlite3_free(array as *mut c_void);
    }
}

//! `sqlite3_exec` and the legacy `sqlite3_get_table`/`sqlite3_free_table`.

use std::ffi::{c_char, c_int, c_void, CString};

use ferrolite::{codes, Error, StepResult};

use crate::handle::{c_str, cstring_lossy, sqlite3, text_bytes};
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

/// Runs every statement of `sql`, calling `each_row(names, values)` per result row; a
/// non-zero return aborts with SQLITE_ABORT.
fn run_all(
    db: *mut sqlite3,
    sql: &str,
    mut each_row: impl FnMut(&[CString], &[Option<CString>]) -> c_int,
) -> Result<(), Error> {
    let Some((_, conn)) = conn_of(db) else {
        return Err(Error::misuse());
    };
    let mut rest = sql;
    loop {
        let (stmt, used) = crate::stmt::guard(|| conn.prepare_first(rest))?;
        let Some(mut stmt) = stmt else { return Ok(()) };
        rest = &rest[used..];
        let names: Vec<CString> = (0..stmt.column_count())
            .map(|i| cstring_lossy(stmt.column_name(i)))
            .collect();
        while crate::stmt::guard(|| stmt.step())? == StepResult::Row {
            let values: Vec<Option<CString>> = (0..stmt.column_count())
                .map(|i| {
                    text_bytes(stmt.column_value(i)).map(|mut b| {
                        b.pop();
                        b.retain(|&c| c != 0);
                        CString::new(b).unwrap_or_default()
                    })
                })
                .collect();
            if each_row(&names, &values) != 0 {
                return Err(Error::from_code(codes::SQLITE_ABORT));
            }
        }
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
            let mut name_ptrs: Vec<*mut c_char> =
                names.iter().map(|n| n.as_ptr() as *mut _).collect();
            let mut value_ptrs: Vec<*mut c_char> = values
                .iter()
                .map(|v| {
                    v.as_ref()
                        .map_or(std::ptr::null_mut(), |c| c.as_ptr() as *mut _)
                })
                .collect();
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
        if cells.is_empty() {
            ncol = names.len();
            cells.extend(names.iter().map(|n| Some(n.as_bytes().to_vec())));
        }
        if values.len() == ncol {
            cells.extend(
                values
                    .iter()
                    .map(|v| v.as_ref().map(|c| c.as_bytes().to_vec())),
            );
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

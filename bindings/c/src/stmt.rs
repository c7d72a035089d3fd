//! Preparing, stepping, resetting and finalizing statements, and statement-level getters.

use std::ffi::{c_char, c_int, c_uint};

use ferrolite::{codes, Error, StepResult};

use crate::handle::{
    cstring_lossy, free_stmt, new_stmt, sqlite3, sqlite3_stmt, stmt_ref, StmtState,
};
use crate::open::conn_of;

/// Shared body of the prepare family. `n_byte < 0` reads to the first NUL.
///
/// # Safety
/// `sql` is NULL or valid for `n_byte` bytes (NUL-terminated when negative); `out` and `tail`
/// are NULL or writable.
unsafe fn prepare_impl(
    db: *mut sqlite3,
    sql: *const c_char,
    n_byte: c_int,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_char,
) -> c_int {
    if !out.is_null() {
        // SAFETY: out is writable (API contract).
        unsafe { *out = std::ptr::null_mut() };
    }
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    if sql.is_null() || out.is_null() {
        return d.set_code(codes::SQLITE_MISUSE);
    }
    let bytes = if n_byte < 0 {
        // SAFETY: NUL-terminated when n_byte < 0 (API contract).
        unsafe { std::ffi::CStr::from_ptr(sql) }.to_bytes()
    } else {
        // SAFETY: valid for n_byte bytes (API contract).
        let all = unsafe { std::slice::from_raw_parts(sql as *const u8, n_byte as usize) };
        &all[..all.iter().position(|&b| b == 0).unwrap_or(all.len())]
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    let same_offsets = text.len() == bytes.len();
    let (sql_limit, column_limit) = {
        let st = d.state.lock();
        (st.limits[1], st.limits[2])
    };
    match guard(|| conn.prepare_first(&text)) {
        // SQLITE_LIMIT_SQL_LENGTH bounds the text of the statement prepared (not what follows).
        Ok((_, consumed)) if consumed > sql_limit.max(0) as usize => {
            if !tail.is_null() {
                // SAFETY: bytes.len() is inside the caller's buffer; tail is writable.
                unsafe { *tail = sql.add(bytes.len()) };
            }
            d.set_code(codes::SQLITE_TOOBIG)
        }
        Ok((stmt, consumed)) => {
            if !tail.is_null() {
                let off = if same_offsets { consumed } else { bytes.len() };
                // SAFETY: off <= bytes.len(), inside the caller's buffer; tail is writable.
                unsafe { *tail = sql.add(off) };
            }
            if let Some(stmt) = &stmt {
                // SQLITE_LIMIT_VARIABLE_NUMBER: more parameters than the limit fail to prepare.
                let limit = d.state.lock().limits[9];
                if stmt.bind_parameter_count() > limit.max(0) as usize {
                    return d.set_error(&Error::sql("too many SQL variables"));
                }
                // SQLITE_LIMIT_COLUMN: a result row wider than the limit fails to prepare.
                if stmt.column_count() > column_limit.max(0) as usize {
                    return d.set_error(&Error::sql("too many columns in result set"));
                }
            }
            if let Some(stmt) = stmt {
                // sqlite3_sql: the input up to the end of this statement (its ';' included).
                let used = &text[..consumed.min(text.len())];
                let p = new_stmt(db, stmt, used);
                // SAFETY: out is writable (checked non-NULL).
                unsafe { *out = p };
            }
            d.clear_error();
            codes::SQLITE_OK
        }
        Err(e) => {
            if !tail.is_null() {
                // SAFETY: bytes.len() is inside the caller's buffer; tail is writable.
                unsafe { *tail = sql.add(bytes.len()) };
            }
            d.set_error(&e)
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_prepare(
    db: *mut sqlite3,
    sql: *const c_char,
    n_byte: c_int,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_char,
) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { prepare_impl(db, sql, n_byte, out, tail) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_prepare_v2(
    db: *mut sqlite3,
    sql: *const c_char,
    n_byte: c_int,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_char,
) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { prepare_impl(db, sql, n_byte, out, tail) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_prepare_v3(
    db: *mut sqlite3,
    sql: *const c_char,
    n_byte: c_int,
    _flags: c_uint,
    out: *mut *mut sqlite3_stmt,
    tail: *mut *const c_char,
) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { prepare_impl(db, sql, n_byte, out, tail) }
}

/// Runs `f` on a live statement's state, or returns `SQLITE_MISUSE`.
pub(crate) fn with_stmt<R>(
    stmt: *mut sqlite3_stmt,
    misuse: R,
    f: impl FnOnce(&sqlite3_stmt, &mut StmtState) -> R,
) -> R {
    match stmt_ref(stmt) {
        Some(s) => {
            let mut st = s.inner.lock();
            st.sync_columns();
            f(s, &mut st)
        }
        None => misuse,
    }
}

/// Records `e` on the statement's connection; returns the code to hand back.
pub(crate) fn stmt_error(s: &sqlite3_stmt, e: &Error) -> c_int {
    match crate::handle::db_ref(s.db) {
        Some(d) => d.set_error(e),
        None => e.code(),
    }
}

/// `sqlite3_step`. As SQLite: a step after DONE or an error resets the statement first; the
/// connection's error code becomes ROW/DONE (`sqlite3_errcode` reports 100/101 after a step).
/// Trace events are raised outside the statement's lock.
#[no_mangle]
pub extern "C" fn sqlite3_step(stmt: *mut sqlite3_stmt) -> c_int {
    use crate::trace::{emit, tracing, SQLITE_TRACE_PROFILE, SQLITE_TRACE_ROW, SQLITE_TRACE_STMT};
    let Some(s) = stmt_ref(stmt) else {
        return codes::SQLITE_MISUSE;
    };
    let (first, sql) = {
        let mut st = s.inner.lock();
        if st.last_rc != codes::SQLITE_OK && st.last_rc != codes::SQLITE_ROW {
            st.stmt.reset();
            st.last_rc = codes::SQLITE_OK;
        }
        let first = st.last_rc == codes::SQLITE_OK;
        if first {
            st.started = Some(std::time::Instant::now());
        }
        (first, st.sql.as_ptr())
    };
    if first {
        if let Some(t) = tracing(s.db, SQLITE_TRACE_STMT) {
            emit(t, SQLITE_TRACE_STMT, stmt as *mut _, sql as *mut _);
        }
        if let Some(crate::trace::Legacy::Trace(f, arg)) = crate::trace::legacy(s.db) {
            crate::trace::emit_legacy_start(f, arg, stmt);
        }
    }
    let (rc, started) = {
        let mut st = s.inner.lock();
        st.clear_row_caches();
        st.expanded = None;
        let result = guard(|| st.stmt.step());
        st.sync_columns();
        st.has_row = matches!(result, Ok(StepResult::Row));
        let rc = match result {
            Ok(StepResult::Row) => set_code(s, codes::SQLITE_ROW),
            Ok(StepResult::Done) => set_code(s, codes::SQLITE_DONE),
            Err(e) => stmt_error(s, &e),
        };
        st.last_rc = rc;
        (rc, st.started)
    };
    if rc != codes::SQLITE_ROW {
        if let (Some(crate::trace::Legacy::Profile(f, arg)), Some(start)) =
            (crate::trace::legacy(s.db), started)
        {
            let ns = start.elapsed().as_nanos() as crate::sqlite3_uint64;
            crate::trace::emit_legacy_end(f, arg, sql, ns);
        }
    }
    if rc == codes::SQLITE_ROW {
        if let Some(t) = tracing(s.db, SQLITE_TRACE_ROW) {
            emit(t, SQLITE_TRACE_ROW, stmt as *mut _, std::ptr::null_mut());
        }
    } else if let (Some(t), Some(start)) = (tracing(s.db, SQLITE_TRACE_PROFILE), started) {
        let mut ns = start.elapsed().as_nanos() as i64;
        emit(
            t,
            SQLITE_TRACE_PROFILE,
            stmt as *mut _,
            &mut ns as *mut i64 as *mut _,
        );
    }
    rc
}

fn set_code(s: &sqlite3_stmt, rc: c_int) -> c_int {
    if let Some(d) = crate::handle::db_ref(s.db) {
        d.set_code(rc);
    }
    rc
}

#[no_mangle]
pub extern "C" fn sqlite3_reset(stmt: *mut sqlite3_stmt) -> c_int {
    if stmt.is_null() {
        return codes::SQLITE_OK;
    }
    with_stmt(stmt, codes::SQLITE_MISUSE, |_, st| {
        st.clear_row_caches();
        st.has_row = false;
        st.stmt.reset();
        // SQLite returns the error of the last failed step, else OK.
        let rc = std::mem::replace(&mut st.last_rc, codes::SQLITE_OK);
        if is_error(rc) {
            rc
        } else {
            codes::SQLITE_OK
        }
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_finalize(stmt: *mut sqlite3_stmt) -> c_int {
    if stmt.is_null() {
        return codes::SQLITE_OK;
    }
    let rc = with_stmt(stmt, None, |_, st| Some(st.last_rc));
    match rc {
        None => codes::SQLITE_MISUSE,
        Some(rc) => {
            let db = stmt_ref(stmt).map(|s| s.db);
            free_stmt(stmt);
            if is_error(rc) {
                rc
            } else {
                if let Some(d) = db.and_then(crate::handle::db_ref) {
                    d.clear_error();
                }
                codes::SQLITE_OK
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_clear_bindings(stmt: *mut sqlite3_stmt) -> c_int {
    with_stmt(stmt, codes::SQLITE_MISUSE, |_, st| {
        st.stmt.clear_bindings();
        codes::SQLITE_OK
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_sql(stmt: *mut sqlite3_stmt) -> *const c_char {
    with_stmt(stmt, std::ptr::null(), |_, st| st.sql.as_ptr())
}

/// `sqlite3_expanded_sql`: a new string (free with `sqlite3_free`).
#[no_mangle]
pub extern "C" fn sqlite3_expanded_sql(stmt: *mut sqlite3_stmt) -> *mut c_char {
    with_stmt(stmt, std::ptr::null_mut(), |s, st| {
        let text = st.stmt.expanded_sql();
        // Longer than SQLITE_LIMIT_LENGTH: NULL, as SQLite (callers fall back to sqlite3_sql).
        let limit = crate::handle::db_ref(s.db).map_or(i32::MAX, |d| d.state.lock().limits[0]);
        if text.len() > limit.max(0) as usize {
            return std::ptr::null_mut();
        }
        crate::mem::malloc_cstr(text.as_bytes())
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_stmt_readonly(stmt: *mut sqlite3_stmt) -> c_int {
    with_stmt(stmt, 1, |_, st| st.stmt.readonly() as c_int)
}

#[no_mangle]
pub extern "C" fn sqlite3_stmt_isexplain(stmt: *mut sqlite3_stmt) -> c_int {
    with_stmt(stmt, 0, |_, st| st.stmt.is_explain() as c_int)
}

#[no_mangle]
pub extern "C" fn sqlite3_stmt_busy(stmt: *mut sqlite3_stmt) -> c_int {
    with_stmt(stmt, 0, |_, st| st.stmt.busy() as c_int)
}

/// `sqlite3_stmt_status`: the engine's per-statement counters (`ferrolite::vdbe::status`).
#[no_mangle]
pub extern "C" fn sqlite3_stmt_status(stmt: *mut sqlite3_stmt, op: c_int, reset: c_int) -> c_int {
    with_stmt(stmt, 0, |_, st| {
        let v = st.stmt.status(op, reset != 0);
        c_int::try_from(v).unwrap_or(c_int::MAX)
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_data_count(stmt: *mut sqlite3_stmt) -> c_int {
    with_stmt(stmt, 0, |_, st| {
        if st.has_row {
            st.stmt.column_count() as c_int
        } else {
            0
        }
    })
}

#[no_mangle]
pub extern "C" fn sqlite3_column_count(stmt: *mut sqlite3_stmt) -> c_int {
    with_stmt(stmt, 0, |_, st| st.stmt.column_count() as c_int)
}

/// Runs an engine call, turning a panic (an engine bug) into SQLITE_INTERNAL so that it never
/// unwinds into the C caller.
pub(crate) fn guard<T>(f: impl FnOnce() -> ferrolite::Result<T>) -> ferrolite::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Error::new(
            codes::SQLITE_INTERNAL,
            "internal error in the engine (a bug: please report it)",
        ))
    })
}

fn is_error(rc: c_int) -> bool {
    !matches!(
        rc,
        codes::SQLITE_OK | codes::SQLITE_ROW | codes::SQLITE_DONE
    )
}

pub(crate) fn cached_cstr(slot: &mut Option<std::ffi::CString>, s: &str) -> *const c_char {
    slot.get_or_insert_with(|| cstring_lossy(s)).as_ptr()
}

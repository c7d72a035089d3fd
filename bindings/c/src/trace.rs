//! `sqlite3_trace_v2`: statement, profile, row and close events, raised by the C layer
//! around `sqlite3_step` and `sqlite3_close`. Callbacks run with no lock held, so they may call
//! back into the API (CPython's calls `sqlite3_expanded_sql` on the statement).
//!
//! The deprecated `sqlite3_trace` (the statement's SQL with its parameters expanded, as it
//! starts) and `sqlite3_profile` (its SQL and duration, as it ends) behave as SQLite's: one
//! of the two at a time, `sqlite3_profile` keeps a trace_v2 registration while
//! `sqlite3_trace` and `sqlite3_trace_v2` cancel everything else, and each returns the
//! argument of the registration it replaced (`sqlite3_trace` shares it with trace_v2).

use std::ffi::{c_char, c_int, c_uint, c_void};

use ferrolite::codes;

use crate::handle::{db_ref, sqlite3, sqlite3_stmt};
use crate::open::conn_of;

pub const SQLITE_TRACE_STMT: c_uint = 0x01;
pub const SQLITE_TRACE_PROFILE: c_uint = 0x02;
pub const SQLITE_TRACE_ROW: c_uint = 0x04;
pub const SQLITE_TRACE_CLOSE: c_uint = 0x08;

type TraceFn = unsafe extern "C" fn(c_uint, *mut c_void, *mut c_void, *mut c_void) -> c_int;
/// The trace callback as the C prototype spells it.
pub type ferrolite_trace_fn =
    Option<unsafe extern "C" fn(c_uint, *mut c_void, *mut c_void, *mut c_void) -> c_int>;

/// A connection's trace registration.
#[derive(Clone, Copy)]
pub struct Trace {
    pub mask: c_uint,
    pub callback: TraceFn,
    pub ctx: *mut c_void,
}

#[no_mangle]
pub extern "C" fn sqlite3_trace_v2(
    db: *mut sqlite3,
    mask: c_uint,
    callback: ferrolite_trace_fn,
    ctx: *mut c_void,
) -> c_int {
    let Some((d, _)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    let mut st = d.state.lock();
    st.trace = match callback {
        Some(cb) if mask != 0 => Some(Trace {
            mask,
            callback: cb,
            ctx,
        }),
        _ => None,
    };
    st.legacy_trace = None;
    st.trace_arg = ctx as usize;
    codes::SQLITE_OK
}

type LegacyTraceFn = unsafe extern "C" fn(*mut c_void, *const c_char);
type LegacyProfileFn = unsafe extern "C" fn(*mut c_void, *const c_char, crate::sqlite3_uint64);
/// The legacy callbacks as the C prototypes spell them.
pub type ferrolite_legacy_trace_fn = Option<unsafe extern "C" fn(*mut c_void, *const c_char)>;
pub type ferrolite_legacy_profile_fn =
    Option<unsafe extern "C" fn(*mut c_void, *const c_char, crate::sqlite3_uint64)>;

/// A legacy registration with its argument.
#[derive(Clone, Copy)]
pub enum Legacy {
    Trace(LegacyTraceFn, *mut c_void),
    Profile(LegacyProfileFn, *mut c_void),
}

/// `sqlite3_trace` (deprecated): `callback(arg, expanded SQL)` as each statement starts.
#[no_mangle]
pub extern "C" fn sqlite3_trace(
    db: *mut sqlite3,
    callback: ferrolite_legacy_trace_fn,
    arg: *mut c_void,
) -> *mut c_void {
    let Some((d, _)) = conn_of(db) else {
        return std::ptr::null_mut();
    };
    let mut st = d.state.lock();
    let prior = st.trace_arg as *mut c_void;
    st.trace = None;
    st.legacy_trace = callback.map(|f| Legacy::Trace(f, arg));
    st.trace_arg = arg as usize;
    prior
}

/// `sqlite3_profile` (deprecated): `callback(arg, SQL, nanoseconds)` as each statement ends.
#[no_mangle]
pub extern "C" fn sqlite3_profile(
    db: *mut sqlite3,
    callback: ferrolite_legacy_profile_fn,
    arg: *mut c_void,
) -> *mut c_void {
    let Some((d, _)) = conn_of(db) else {
        return std::ptr::null_mut();
    };
    let mut st = d.state.lock();
    let prior = st.profile_arg as *mut c_void;
    st.legacy_trace = callback.map(|f| Legacy::Profile(f, arg));
    st.profile_arg = arg as usize;
    prior
}

/// The connection's legacy registration, if any.
pub(crate) fn legacy(db: *mut sqlite3) -> Option<Legacy> {
    db_ref(db)?.state.lock().legacy_trace
}

/// Raises a legacy `sqlite3_trace` call for `stmt` starting.
pub(crate) fn emit_legacy_start(f: LegacyTraceFn, arg: *mut c_void, stmt: *mut sqlite3_stmt) {
    let sql = crate::stmt::sqlite3_expanded_sql(stmt);
    if sql.is_null() {
        return;
    }
    // SAFETY: the application's callback with its argument and a live C string.
    unsafe { f(arg, sql) };
    // SAFETY: sql came from sqlite3_malloc (sqlite3_expanded_sql) and is not used again.
    unsafe { crate::mem::sqlite3_free(sql as *mut c_void) };
}

/// Raises a legacy `sqlite3_profile` call for `stmt`, whose SQL is `sql`, ending.
pub(crate) fn emit_legacy_end(
    f: LegacyProfileFn,
    arg: *mut c_void,
    sql: *const c_char,
    ns: crate::sqlite3_uint64,
) {
    // SAFETY: the application's callback with its argument and a live C string.
    unsafe { f(arg, sql, ns) };
}

/// The connection's trace registration when it covers `event`.
pub(crate) fn tracing(db: *mut sqlite3, event: c_uint) -> Option<Trace> {
    let d = db_ref(db)?;
    let t = d.state.lock().trace?;
    (t.mask & event != 0).then_some(t)
}

/// Raises `event` with the two event-specific arguments.
pub(crate) fn emit(t: Trace, event: c_uint, p: *mut c_void, x: *mut c_void) {
    // SAFETY: the application's callback, called with the arguments trace_v2 documents.
    unsafe { (t.callback)(event, t.ctx, p, x) };
}

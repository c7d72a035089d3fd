//! `sqlite3_trace_v2`: statement, profile, row and close events, raised by the C layer
//! around `sqlite3_step` and `sqlite3_close`. Callbacks run with no lock held, so they may call
//! back into the API (CPython's calls `sqlite3_expanded_sql` on the statement).

use std::ffi::{c_int, c_uint, c_void};

use ferrolite::codes;

use crate::handle::{db_ref, sqlite3};
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
    d.state.lock().trace = match callback {
        Some(cb) if mask != 0 => Some(Trace {
            mask,
            callback: cb,
            ctx,
        }),
        _ => None,
    };
    codes::SQLITE_OK
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

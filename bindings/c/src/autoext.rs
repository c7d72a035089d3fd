//! Automatic extensions (c3ref/auto_extension.html): entry points the application registers
//! once and that run against every connection opened afterwards, in registration order.
//!
//! An entry point is called as `xEntryPoint(db, &errmsg, pApi)`. `pApi` is NULL here: the
//! extensions this serves are linked into the program (they call `sqlite3_*` directly), since
//! run-time loading of shared-library extensions is not available in this build. A non-zero
//! return fails the open with "automatic extension loading failed: MSG", as in SQLite.

use std::ffi::{c_char, c_int, c_void};

use ferrolite::{codes, Error};
use parking_lot::Mutex;

use crate::handle::{db_ref, sqlite3};

type EntryPoint = unsafe extern "C" fn(*mut sqlite3, *mut *mut c_char, *const c_void) -> c_int;

/// Registered entry points, as addresses, in registration order.
static ENTRY_POINTS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// `sqlite3_auto_extension`: registers `f` (once; registering it again is a no-op).
#[no_mangle]
pub extern "C" fn sqlite3_auto_extension(f: Option<unsafe extern "C" fn()>) -> c_int {
    let Some(f) = f else {
        return codes::SQLITE_MISUSE;
    };
    let mut list = ENTRY_POINTS.lock();
    if !list.contains(&(f as usize)) {
        list.push(f as usize);
    }
    codes::SQLITE_OK
}

/// `sqlite3_cancel_auto_extension`: 1 if `f` was registered (and is no more), else 0.
#[no_mangle]
pub extern "C" fn sqlite3_cancel_auto_extension(f: Option<unsafe extern "C" fn()>) -> c_int {
    let Some(f) = f else { return 0 };
    let mut list = ENTRY_POINTS.lock();
    match list.iter().position(|&p| p == f as usize) {
        Some(i) => {
            list.remove(i);
            1
        }
        None => 0,
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_reset_auto_extension() {
    ENTRY_POINTS.lock().clear();
}

/// Runs the registered entry points on a newly opened `db`; the first failure is recorded as
/// the connection's error and returned.
pub(crate) fn run_all(db: *mut sqlite3) -> c_int {
    let mut i = 0;
    loop {
        // Re-read each time: an entry point may register or cancel others (no lock held).
        let Some(p) = ENTRY_POINTS.lock().get(i).copied() else {
            return codes::SQLITE_OK;
        };
        i += 1;
        // SAFETY: p was registered as a function pointer with SQLite's entry-point signature
        // (the API casts it to `void(*)(void)` for registration).
        let f: EntryPoint = unsafe { std::mem::transmute::<usize, EntryPoint>(p) };
        let mut msg: *mut c_char = std::ptr::null_mut();
        // SAFETY: calls the application's entry point as SQLite does (pApi: see module docs).
        let rc = unsafe { f(db, &mut msg, std::ptr::null()) };
        // SAFETY: msg is NULL or a string from sqlite3_malloc (the entry point's contract).
        let text = unsafe { crate::handle::c_str(msg) }
            .map(|s| s.into_owned())
            .unwrap_or_default();
        // SAFETY: msg is NULL or from sqlite3_malloc; it is not used again.
        unsafe { crate::mem::sqlite3_free(msg as *mut c_void) };
        if rc != codes::SQLITE_OK {
            let e = Error::new(rc, format!("automatic extension loading failed: {text}"));
            return db_ref(db).map_or(rc, |d| d.set_error(&e));
        }
    }
}

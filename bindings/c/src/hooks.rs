//! Hooks: `sqlite3_progress_handler`, `sqlite3_commit_hook`, `sqlite3_rollback_hook`,
//! `sqlite3_update_hook`, `sqlite3_set_authorizer`. Each wraps the application's callback and
//! argument in a closure registered on the engine connection.

use std::ffi::{c_char, c_int, c_void, CString};
use std::sync::Arc;

use ferrolite::api::{AuthResult, Authorizer, UpdateHook};
use ferrolite::codes;

use crate::handle::sqlite3;
use crate::open::conn_of;
use crate::sqlite3_int64;

/// The application's callback argument, carried into closures the engine may run on any
/// thread that steps a statement (SQLite's contract leaves that to the application).
#[derive(Clone, Copy)]
struct Arg(*mut c_void);
// SAFETY: see the type's comment; the pointer is only handed back to the application.
unsafe impl Send for Arg {}
// SAFETY: as above; never dereferenced here.
unsafe impl Sync for Arg {}

impl Arg {
    fn ptr(self) -> *mut c_void {
        self.0
    }
}

pub type ferrolite_progress_fn = Option<unsafe extern "C" fn(*mut c_void) -> c_int>;
pub type ferrolite_commit_fn = Option<unsafe extern "C" fn(*mut c_void) -> c_int>;
pub type ferrolite_rollback_fn = Option<unsafe extern "C" fn(*mut c_void)>;
pub type ferrolite_update_fn =
    Option<unsafe extern "C" fn(*mut c_void, c_int, *const c_char, *const c_char, sqlite3_int64)>;
pub type ferrolite_auth_fn = Option<
    unsafe extern "C" fn(
        *mut c_void,
        c_int,
        *const c_char,
        *const c_char,
        *const c_char,
        *const c_char,
    ) -> c_int,
>;

#[no_mangle]
pub extern "C" fn sqlite3_progress_handler(
    db: *mut sqlite3,
    n: c_int,
    f: ferrolite_progress_fn,
    arg: *mut c_void,
) {
    let Some((_, conn)) = conn_of(db) else { return };
    let arg = Arg(arg);
    let handler = f.map(|f| {
        Arc::new(move || {
            // SAFETY: the application's progress handler with its own argument.
            unsafe { f(arg.ptr()) != 0 }
        }) as Arc<dyn Fn() -> bool + Send + Sync>
    });
    let _ = conn.set_progress_handler(n, handler);
}

/// Swaps the stored hook argument, returning the previous one (the API returns it).
fn swap_arg(db: *mut sqlite3, slot: usize, new: *mut c_void) -> *mut c_void {
    match conn_of(db) {
        Some((d, _)) => {
            let mut st = d.state.lock();
            std::mem::replace(&mut st.hook_args[slot], new as usize) as *mut c_void
        }
        None => std::ptr::null_mut(),
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_commit_hook(
    db: *mut sqlite3,
    f: ferrolite_commit_fn,
    arg: *mut c_void,
) -> *mut c_void {
    let Some((_, conn)) = conn_of(db) else {
        return std::ptr::null_mut();
    };
    let a = Arg(arg);
    let hook = f.map(|f| {
        Arc::new(move || {
            // SAFETY: the application's commit hook with its own argument.
            unsafe { f(a.ptr()) != 0 }
        }) as Arc<dyn Fn() -> bool + Send + Sync>
    });
    let _ = conn.set_commit_hook(hook);
    swap_arg(
        db,
        0,
        if f.is_some() {
            arg
        } else {
            std::ptr::null_mut()
        },
    )
}

#[no_mangle]
pub extern "C" fn sqlite3_rollback_hook(
    db: *mut sqlite3,
    f: ferrolite_rollback_fn,
    arg: *mut c_void,
) -> *mut c_void {
    let Some((_, conn)) = conn_of(db) else {
        return std::ptr::null_mut();
    };
    let a = Arg(arg);
    let hook = f.map(|f| {
        Arc::new(move || {
            // SAFETY: the application's rollback hook with its own argument.
            unsafe { f(a.ptr()) }
        }) as Arc<dyn Fn() + Send + Sync>
    });
    let _ = conn.set_rollback_hook(hook);
    swap_arg(
        db,
        1,
        if f.is_some() {
            arg
        } else {
            std::ptr::null_mut()
        },
    )
}

#[no_mangle]
pub extern "C" fn sqlite3_update_hook(
    db: *mut sqlite3,
    f: ferrolite_update_fn,
    arg: *mut c_void,
) -> *mut c_void {
    let Some((_, conn)) = conn_of(db) else {
        return std::ptr::null_mut();
    };
    let a = Arg(arg);
    let hook = f.map(|f| {
        Arc::new(move |op: i32, dbname: &str, table: &str, rowid: i64| {
            let (d, t) = (cstring(dbname), cstring(table));
            // SAFETY: the application's update hook with its own argument and two C strings
            // alive for the call.
            unsafe { f(a.ptr(), op, d.as_ptr(), t.as_ptr(), rowid) }
        }) as UpdateHook
    });
    let _ = conn.set_update_hook(hook);
    swap_arg(
        db,
        2,
        if f.is_some() {
            arg
        } else {
            std::ptr::null_mut()
        },
    )
}

fn cstring(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

#[no_mangle]
pub extern "C" fn sqlite3_set_authorizer(
    db: *mut sqlite3,
    f: ferrolite_auth_fn,
    arg: *mut c_void,
) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    let a = Arg(arg);
    let auth = f.map(|f| {
        Arc::new(
            move |action: i32,
                  x: Option<&str>,
                  y: Option<&str>,
                  dbname: Option<&str>,
                  trigger: Option<&str>| {
                let strs = [x, y, dbname, trigger].map(|s| s.map(cstring));
                let ptr = |i: usize| strs[i].as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
                // SAFETY: the application's authorizer with its argument and C strings alive
                // for the call.
                let rc = unsafe { f(a.ptr(), action, ptr(0), ptr(1), ptr(2), ptr(3)) };
                match rc {
                    0 => AuthResult::Ok,
                    1 => AuthResult::Deny,
                    2 => AuthResult::Ignore,
                    _ => AuthResult::Malfunction,
                }
            },
        ) as Authorizer
    });
    match conn.set_authorizer(auth) {
        Ok(()) => codes::SQLITE_OK,
        Err(e) => d.set_error(&e),
    }
}

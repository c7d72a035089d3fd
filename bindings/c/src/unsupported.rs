//! Entry points of features this build does not have. Each returns what SQLite returns when
//! the feature is compiled out or unavailable, and the README's compatibility table lists them:
//! - virtual table modules (`sqlite3_create_module*`, `sqlite3_declare_vtab`, `sqlite3_vtab_*`):
//!   SQLITE_MISUSE, as outside a virtual table's xCreate/xConnect;
//! - run-time loadable extensions: SQLITE_ERROR "not authorized", as with extension loading
//!   disabled;
//! - the session extension (`sqlite3session_*`): SQLITE_ERROR / empty results;
//! - VFS plug-ins: a built-in VFS named "unix"; others can be registered, found by name and
//!   named in `sqlite3_open_v2`, but the engine does its own I/O and never calls them.

use std::ffi::{c_char, c_int, c_void};

use ferrolite::codes;

use crate::handle::sqlite3;
use crate::mem::malloc_cstr;
use crate::open::conn_of;

#[no_mangle]
pub extern "C" fn sqlite3_create_module(
    db: *mut sqlite3,
    _name: *const c_char,
    _module: *const c_void,
    _aux: *mut c_void,
) -> c_int {
    match conn_of(db) {
        Some((d, _)) => d.set_error(&ferrolite::Error::new(
            codes::SQLITE_MISUSE,
            "virtual table modules are not supported",
        )),
        None => codes::SQLITE_MISUSE,
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_create_module_v2(
    db: *mut sqlite3,
    name: *const c_char,
    module: *const c_void,
    aux: *mut c_void,
    destroy: Option<unsafe extern "C" fn(*mut c_void)>,
) -> c_int {
    if let Some(f) = destroy {
        if !aux.is_null() {
            // SAFETY: SQLite calls xDestroy on the client data when registration fails.
            unsafe { f(aux) };
        }
    }
    sqlite3_create_module(db, name, module, std::ptr::null_mut())
}

#[no_mangle]
pub extern "C" fn sqlite3_declare_vtab(_db: *mut sqlite3, _sql: *const c_char) -> c_int {
    codes::SQLITE_MISUSE
}

#[no_mangle]
pub extern "C" fn sqlite3_vtab_on_conflict(_db: *mut sqlite3) -> c_int {
    codes::SQLITE_MISUSE
}

#[no_mangle]
pub extern "C" fn sqlite3_vtab_nochange(_ctx: *mut c_void) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn sqlite3_vtab_collation(_info: *mut c_void, _i: c_int) -> *const c_char {
    c"BINARY".as_ptr()
}

#[no_mangle]
pub extern "C" fn sqlite3_drop_modules(_db: *mut sqlite3, _keep: *mut *const c_char) -> c_int {
    codes::SQLITE_OK
}

/// Loading extensions is disabled in this build.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_load_extension(
    db: *mut sqlite3,
    _file: *const c_char,
    _proc: *const c_char,
    errmsg: *mut *mut c_char,
) -> c_int {
    let msg = "not authorized";
    if !errmsg.is_null() {
        // SAFETY: errmsg is writable (API contract).
        unsafe { *errmsg = malloc_cstr(msg.as_bytes()) };
    }
    match conn_of(db) {
        Some((d, _)) => d.set_error(&ferrolite::Error::new(codes::SQLITE_ERROR, msg)),
        None => codes::SQLITE_MISUSE,
    }
}

/// Accepted (off is the only state); loading stays unavailable.
#[no_mangle]
pub extern "C" fn sqlite3_enable_load_extension(db: *mut sqlite3, _on: c_int) -> c_int {
    if conn_of(db).is_some() {
        codes::SQLITE_OK
    } else {
        codes::SQLITE_MISUSE
    }
}

// ---- session extension -------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn sqlite3session_create(
    db: *mut sqlite3,
    _db_name: *const c_char,
    out: *mut *mut c_void,
) -> c_int {
    if !out.is_null() {
        // SAFETY: out is writable (API contract).
        unsafe { *out = std::ptr::null_mut() };
    }
    match conn_of(db) {
        Some((d, _)) => d.set_error(&ferrolite::Error::new(
            codes::SQLITE_ERROR,
            "the session extension is not supported",
        )),
        None => codes::SQLITE_MISUSE,
    }
}

#[no_mangle]
pub extern "C" fn sqlite3session_delete(_s: *mut c_void) {}

#[no_mangle]
pub extern "C" fn sqlite3session_enable(_s: *mut c_void, _on: c_int) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn sqlite3session_indirect(_s: *mut c_void, _on: c_int) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn sqlite3session_isempty(_s: *mut c_void) -> c_int {
    1
}

#[no_mangle]
pub extern "C" fn sqlite3session_attach(_s: *mut c_void, _table: *const c_char) -> c_int {
    codes::SQLITE_ERROR
}

#[no_mangle]
pub extern "C" fn sqlite3session_table_filter(
    _s: *mut c_void,
    _filter: *const c_void,
    _ctx: *mut c_void,
) {
}

/// # Safety
/// `n` and `out` are NULL or writable.
unsafe fn empty_changeset(n: *mut c_int, out: *mut *mut c_void) -> c_int {
    // SAFETY: NULL or writable (API contract).
    unsafe {
        if !n.is_null() {
            *n = 0;
        }
        if !out.is_null() {
            *out = std::ptr::null_mut();
        }
    }
    codes::SQLITE_ERROR
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3session_changeset(
    _s: *mut c_void,
    n: *mut c_int,
    out: *mut *mut c_void,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { empty_changeset(n, out) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3session_patchset(
    _s: *mut c_void,
    n: *mut c_int,
    out: *mut *mut c_void,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { empty_changeset(n, out) }
}

// ---- VFS ---------------------------------------------------------------------------------

/// SQLite's `sqlite3_vfs` (version 1 fields; methods absent: the engine does its own I/O).
#[repr(C)]
pub struct sqlite3_vfs {
    i_version: c_int,
    sz_os_file: c_int,
    mx_pathname: c_int,
    p_next: *mut sqlite3_vfs,
    z_name: *const c_char,
    p_app_data: *mut c_void,
    methods: [Option<unsafe extern "C" fn()>; 16],
}

struct VfsCell(std::cell::UnsafeCell<sqlite3_vfs>);
// SAFETY: the default VFS object is never written after initialisation; callers only read it.
unsafe impl Sync for VfsCell {}

static DEFAULT_VFS: VfsCell = VfsCell(std::cell::UnsafeCell::new(sqlite3_vfs {
    i_version: 1,
    sz_os_file: 0,
    mx_pathname: 512,
    p_next: std::ptr::null_mut(),
    z_name: c"unix".as_ptr(),
    p_app_data: std::ptr::null_mut(),
    methods: [None; 16],
}));

/// Registered VFS objects (addresses), the default first. The built-in "unix" object is
/// registered from the start; the application's objects stay its own (SQLite's contract: they
/// must outlive their registration).
static VFS_LIST: parking_lot::Mutex<Vec<usize>> = parking_lot::Mutex::new(Vec::new());

/// The registry, with the built-in VFS in it on first use.
fn vfs_list() -> parking_lot::MutexGuard<'static, Vec<usize>> {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| VFS_LIST.lock().push(DEFAULT_VFS.0.get() as usize));
    VFS_LIST.lock()
}

/// `sqlite3_vfs_find`: the default VFS for NULL, else the registered VFS of that name.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_vfs_find(name: *const c_char) -> *mut sqlite3_vfs {
    // SAFETY: NULL or a C string (API contract).
    let wanted = unsafe { crate::handle::c_str(name) };
    let list = vfs_list();
    let found = match wanted {
        None => list.first().copied(),
        Some(w) => list.iter().copied().find(|&v| {
            // SAFETY: registered objects are valid sqlite3_vfs structs while registered (API
            // contract); zName is NULL or a C string.
            let z = unsafe { (*(v as *const sqlite3_vfs)).z_name };
            // SAFETY: as above.
            unsafe { crate::handle::c_str(z) }.is_some_and(|n| n == w)
        }),
    };
    found.map_or(std::ptr::null_mut(), |v| v as *mut sqlite3_vfs)
}

/// `sqlite3_vfs_register`: adds `vfs` (moving it if already there), as the default when
/// `make_default` is set or nothing else is registered. Ferrolite does its own file I/O, so
/// a registered VFS is found by name but its methods are never called.
#[no_mangle]
pub extern "C" fn sqlite3_vfs_register(vfs: *mut sqlite3_vfs, make_default: c_int) -> c_int {
    if vfs.is_null() {
        return codes::SQLITE_MISUSE;
    }
    let mut list = vfs_list();
    list.retain(|&v| v != vfs as usize);
    let at = if make_default != 0 || list.is_empty() {
        0
    } else {
        1
    };
    list.insert(at, vfs as usize);
    codes::SQLITE_OK
}

/// `sqlite3_vfs_unregister`: removes `vfs`; the next one becomes the default.
#[no_mangle]
pub extern "C" fn sqlite3_vfs_unregister(vfs: *mut sqlite3_vfs) -> c_int {
    if vfs.is_null() {
        return codes::SQLITE_MISUSE;
    }
    vfs_list().retain(|&v| v != vfs as usize);
    codes::SQLITE_OK
}

/// `sqlite3_file_control`: no file-control opcodes are implemented; SQLITE_NOTFOUND is what
/// SQLite returns for an opcode the VFS does not handle.
#[no_mangle]
pub extern "C" fn sqlite3_file_control(
    db: *mut sqlite3,
    _db_name: *const c_char,
    _op: c_int,
    _arg: *mut c_void,
) -> c_int {
    match conn_of(db) {
        Some(_) => codes::SQLITE_NOTFOUND,
        None => codes::SQLITE_MISUSE,
    }
}

//! Global configuration (`sqlite3_config`, `sqlite3_initialize`/`shutdown`), per-connection
//! settings (`sqlite3_db_config`, `sqlite3_limit`) and the error log. The variadic halves live
//! in `csrc/variadic.c`.

use crate::sqlite3_int64;
use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};

use ferrolite::codes;
use parking_lot::Mutex;

use crate::handle::sqlite3;
use crate::open::conn_of;

static INITIALIZED: AtomicBool = AtomicBool::new(false);
static URI: AtomicBool = AtomicBool::new(false);

type LogFn = unsafe extern "C" fn(*mut c_void, c_int, *const c_char);
struct Logger {
    f: Option<LogFn>,
    arg: usize,
}
static LOGGER: Mutex<Logger> = Mutex::new(Logger { f: None, arg: 0 });

/// `sqlite3_limit` ids 0..=11 and SQLite's default values for them.
pub const DEFAULT_LIMITS: [c_int; 12] = [
    1_000_000_000, // LENGTH
    1_000_000_000, // SQL_LENGTH
    2000,          // COLUMN
    1000,          // EXPR_DEPTH
    500,           // COMPOUND_SELECT
    250_000_000,   // VDBE_OP
    127,           // FUNCTION_ARG
    10,            // ATTACHED
    50000,         // LIKE_PATTERN_LENGTH
    250_000,       // VARIABLE_NUMBER (Debian builds with 250000)
    1000,          // TRIGGER_DEPTH
    0,             // WORKER_THREADS
];

/// Defaults of the boolean `sqlite3_db_config` options 1003..=1017 (ENABLE_TRIGGER,
/// ENABLE_FTS3_TOKENIZER, ENABLE_LOAD_EXTENSION, NO_CKPT_ON_CLOSE, ENABLE_QPSG, TRIGGER_EQP,
/// RESET_DATABASE, DEFENSIVE, WRITABLE_SCHEMA, LEGACY_ALTER_TABLE, DQS_DML, DQS_DDL,
/// ENABLE_VIEW, LEGACY_FILE_FORMAT, TRUSTED_SCHEMA), as the reference build has them.
pub const DEFAULT_DB_FLAGS: [bool; 15] = [
    true, false, false, false, false, false, false, false, false, false, true, true, true, false,
    true,
];

pub fn uri_enabled() -> bool {
    URI.load(Ordering::Relaxed)
}

#[no_mangle]
pub extern "C" fn sqlite3_initialize() -> c_int {
    INITIALIZED.store(true, Ordering::SeqCst);
    codes::SQLITE_OK
}

#[no_mangle]
pub extern "C" fn sqlite3_shutdown() -> c_int {
    INITIALIZED.store(false, Ordering::SeqCst);
    codes::SQLITE_OK
}

/// `sqlite3_config`, after the C shim took the op's arguments off the va_list. As SQLite:
/// SQLITE_MISUSE once the library is initialized; SQLITE_ERROR for unknown ops and for
/// custom allocators, mutexes and page caches, which this build cannot plug in.
#[no_mangle]
pub extern "C" fn ferrolite_config(
    op: c_int,
    a: sqlite3_int64,
    _b: sqlite3_int64,
    p1: *mut c_void,
    p2: *mut c_void,
) -> c_int {
    if INITIALIZED.load(Ordering::SeqCst) {
        return codes::SQLITE_MISUSE;
    }
    match op {
        // Threading modes: the library is always serialized; accepting the request is safe.
        1..=3 => codes::SQLITE_OK,
        // MEMSTATUS, LOOKASIDE, COVERING_INDEX_SCAN, MMAP_SIZE, PMASZ, STMTJRNL_SPILL,
        // SMALL_MALLOC, SORTERREF_SIZE, MEMDB_MAXSIZE, PAGECACHE/HEAP hints: tuning knobs.
        9 | 13 | 20 | 22 | 25..=29 | 7 | 8 | 23 => codes::SQLITE_OK,
        16 => {
            let mut l = LOGGER.lock();
            // SAFETY: SQLITE_CONFIG_LOG passes a function pointer (or NULL) as first argument.
            l.f = unsafe { std::mem::transmute::<*mut c_void, Option<LogFn>>(p1) };
            l.arg = p2 as usize;
            codes::SQLITE_OK
        }
        17 => {
            URI.store(a != 0, Ordering::Relaxed);
            codes::SQLITE_OK
        }
        24 => {
            if !p1.is_null() {
                // SAFETY: SQLITE_CONFIG_PCACHE_HDRSZ passes an int*.
                unsafe { *(p1 as *mut c_int) = 0 };
            }
            codes::SQLITE_OK
        }
        _ => codes::SQLITE_ERROR,
    }
}

/// Sends a message to the SQLITE_CONFIG_LOG callback, if one is set.
#[no_mangle]
pub extern "C" fn ferrolite_log(code: c_int, msg: *const c_char) {
    let (f, arg) = {
        let l = LOGGER.lock();
        (l.f, l.arg)
    };
    if let Some(f) = f {
        // SAFETY: f is the application's log callback, called as SQLite calls it.
        unsafe { f(arg as *mut c_void, code, msg) };
    }
}

/// `sqlite3_db_config` after the C shim took the arguments: boolean options report their
/// value through `out`. Unknown ops: SQLITE_ERROR, as SQLite.
#[no_mangle]
pub extern "C" fn ferrolite_db_config(
    db: *mut c_void,
    op: c_int,
    value: c_int,
    out: *mut c_int,
    _name: *const c_char,
) -> c_int {
    let Some((d, conn)) = conn_of(db as *mut sqlite3) else {
        return codes::SQLITE_MISUSE;
    };
    let current = match op {
        1000 | 1001 => return codes::SQLITE_OK, // MAINDBNAME, LOOKASIDE
        // ENABLE_FKEY is PRAGMA foreign_keys.
        1002 => {
            if value >= 0 {
                let on = if value > 0 { "ON" } else { "OFF" };
                let _ = conn.execute_batch(&format!("PRAGMA foreign_keys={on}"));
            }
            matches!(
                conn.query_all("PRAGMA foreign_keys", &[]).as_deref(),
                Ok([row]) if row.first() == Some(&ferrolite::Value::Integer(1))
            )
        }
        // The other options are recorded and reported; the engine behaves as with their
        // defaults (README: sqlite3_db_config is partial).
        1003..=1017 => {
            let slot = (op - 1003) as usize;
            let mut st = d.state.lock();
            if value >= 0 {
                st.db_flags[slot] = value > 0;
            }
            st.db_flags[slot]
        }
        _ => return codes::SQLITE_ERROR,
    };
    if !out.is_null() {
        // SAFETY: boolean db_config ops pass an int* (or NULL) for the new value.
        unsafe { *out = current as c_int };
    }
    codes::SQLITE_OK
}

#[no_mangle]
pub extern "C" fn sqlite3_limit(db: *mut sqlite3, id: c_int, new: c_int) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return -1;
    };
    if !(0..12).contains(&id) {
        return -1;
    }
    let mut st = d.state.lock();
    let old = st.limits[id as usize];
    if new >= 0 {
        let capped = new.min(DEFAULT_LIMITS[id as usize].max(if id == 11 { 8 } else { 0 }));
        st.limits[id as usize] = capped;
        // SQLITE_LIMIT_COLUMN is enforced by the compiler on every table, index and select.
        if id == 2 {
            let _ = conn.set_column_limit(capped as usize);
        }
    }
    old
}

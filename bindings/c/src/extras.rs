//! The rest of the connection-level API: busy handlers, WAL checkpoints, status counters,
//! column metadata, statement iteration, URI parameters and SQLite's mutex objects.

use std::ffi::{c_char, c_int, c_void};
use std::sync::Arc;

use ferrolite::{codes, Value};

use crate::handle::quote_ident;
use crate::handle::{c_str, sqlite3, sqlite3_stmt};
use crate::open::conn_of;
use crate::sqlite3_int64;

/// The busy-handler callback as the C prototype spells it.
pub type ferrolite_busy_fn = Option<unsafe extern "C" fn(*mut c_void, c_int) -> c_int>;

struct BusyArg(*mut c_void);
// SAFETY: the application's busy-handler argument; SQLite passes it to the handler on any
// thread, the application's contract.
unsafe impl Send for BusyArg {}
// SAFETY: as above; never mutated here.
unsafe impl Sync for BusyArg {}

impl BusyArg {
    fn ptr(&self) -> *mut c_void {
        self.0
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_busy_handler(
    db: *mut sqlite3,
    f: ferrolite_busy_fn,
    arg: *mut c_void,
) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    let handler = f.map(|f| {
        let arg = BusyArg(arg);
        Arc::new(move |n: u32| -> bool {
            // SAFETY: the application's busy handler, called as SQLite calls it.
            unsafe { f(arg.ptr(), n as c_int) != 0 }
        }) as ferrolite::pager::BusyHandler
    });
    match conn.set_busy_handler(handler) {
        Ok(()) => codes::SQLITE_OK,
        Err(e) => d.set_error(&e),
    }
}

/// `sqlite3_wal_checkpoint_v2` through `PRAGMA wal_checkpoint(MODE)`.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_wal_checkpoint_v2(
    db: *mut sqlite3,
    schema: *const c_char,
    mode: c_int,
    log: *mut c_int,
    ckpt: *mut c_int,
) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    let mode_name = match mode {
        0 => "PASSIVE",
        1 => "FULL",
        2 => "RESTART",
        3 => "TRUNCATE",
        _ => return d.set_code(codes::SQLITE_MISUSE),
    };
    // SAFETY: NULL or a C string (API contract).
    let schema = unsafe { c_str(schema) }.filter(|s| !s.is_empty());
    let target = schema.map_or(String::new(), |s| format!("{}.", quote_ident(&s)));
    let sql = format!("PRAGMA {target}wal_checkpoint({mode_name})");
    let (mut busy, mut l, mut c) = (0, -1, -1);
    match conn.query_all(&sql, &[]) {
        Ok(rows) => {
            if let Some(r) = rows.first() {
                let get = |i: usize| match r.get(i) {
                    Some(Value::Integer(v)) => *v as c_int,
                    _ => -1,
                };
                (busy, l, c) = (get(0), get(1), get(2));
            }
        }
        Err(e) => return d.set_error(&e),
    }
    // SAFETY: log and ckpt are NULL or writable (API contract).
    unsafe {
        if !log.is_null() {
            *log = l;
        }
        if !ckpt.is_null() {
            *ckpt = c;
        }
    }
    if busy != 0 {
        d.set_code(codes::SQLITE_BUSY)
    } else {
        d.clear_error();
        codes::SQLITE_OK
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_wal_checkpoint(db: *mut sqlite3, schema: *const c_char) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { sqlite3_wal_checkpoint_v2(db, schema, 0, std::ptr::null_mut(), std::ptr::null_mut()) }
}

#[no_mangle]
pub extern "C" fn sqlite3_wal_autocheckpoint(db: *mut sqlite3, n: c_int) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    match conn.execute_batch(&format!("PRAGMA wal_autocheckpoint={}", n.max(0))) {
        Ok(()) => codes::SQLITE_OK,
        Err(e) => d.set_error(&e),
    }
}

/// Shared cache is not used: each connection has its own cache. SQLITE_OK as SQLite returns
/// for enabling or disabling it.
#[no_mangle]
pub extern "C" fn sqlite3_enable_shared_cache(_on: c_int) -> c_int {
    codes::SQLITE_OK
}

/// `sqlite3_db_status`: these counters are not kept; each reads 0.
#[no_mangle]
pub extern "C" fn sqlite3_db_status(
    db: *mut sqlite3,
    op: c_int,
    cur: *mut c_int,
    hiwtr: *mut c_int,
    _reset: c_int,
) -> c_int {
    if conn_of(db).is_none() {
        return codes::SQLITE_MISUSE;
    }
    if !(0..=12).contains(&op) {
        return codes::SQLITE_ERROR;
    }
    // SAFETY: cur and hiwtr are NULL or writable (API contract).
    unsafe {
        if !cur.is_null() {
            *cur = 0;
        }
        if !hiwtr.is_null() {
            *hiwtr = 0;
        }
    }
    codes::SQLITE_OK
}

/// `sqlite3_status64`: MEMORY_USED and MALLOC_SIZE come from `sqlite3_malloc`'s accounting;
/// the other counters read 0.
#[no_mangle]
pub extern "C" fn sqlite3_status64(
    op: c_int,
    cur: *mut sqlite3_int64,
    hiwtr: *mut sqlite3_int64,
    reset: c_int,
) -> c_int {
    if !(0..=9).contains(&op) {
        return codes::SQLITE_MISUSE;
    }
    let (c, h) = match op {
        0 => (
            crate::mem::sqlite3_memory_used(),
            crate::mem::sqlite3_memory_highwater(reset),
        ),
        _ => (0, 0),
    };
    // SAFETY: cur and hiwtr are NULL or writable (API contract).
    unsafe {
        if !cur.is_null() {
            *cur = c;
        }
        if !hiwtr.is_null() {
            *hiwtr = h;
        }
    }
    codes::SQLITE_OK
}

#[no_mangle]
pub extern "C" fn sqlite3_status(
    op: c_int,
    cur: *mut c_int,
    hiwtr: *mut c_int,
    reset: c_int,
) -> c_int {
    let (mut c, mut h) = (0, 0);
    let rc = sqlite3_status64(op, &mut c, &mut h, reset);
    // SAFETY: cur and hiwtr are NULL or writable (API contract).
    unsafe {
        if !cur.is_null() {
            *cur = c as c_int;
        }
        if !hiwtr.is_null() {
            *hiwtr = h as c_int;
        }
    }
    rc
}

/// `sqlite3_table_column_metadata` through `PRAGMA table_xinfo` and the index lists.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sqlite3_table_column_metadata(
    db: *mut sqlite3,
    schema: *const c_char,
    table: *const c_char,
    column: *const c_char,
    decl_type: *mut *const c_char,
    coll_seq: *mut *const c_char,
    not_null: *mut c_int,
    primary_key: *mut c_int,
    autoinc: *mut c_int,
) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    // SAFETY: NULL or C strings (API contract).
    let (schema, table, column) = unsafe { (c_str(schema), c_str(table), c_str(column)) };
    let Some(table) = table else {
        return d.set_code(codes::SQLITE_MISUSE);
    };
    let prefix = schema
        .as_ref()
        .map_or(String::new(), |s| format!("{}.", quote_ident(s)));
    let label = column.as_deref().unwrap_or("").to_owned();
    let missing = || {
        // SAFETY: the out-pointers are NULL or writable (API contract).
        unsafe { clear_metadata_outputs(decl_type, coll_seq, not_null, primary_key, autoinc) };
        d.set_error(&ferrolite::Error::sql(format!(
            "no such table column: {table}.{label}"
        )))
    };
    let info = conn
        .query_all(
            &format!("PRAGMA {prefix}table_xinfo({})", quote_ident(&table)),
            &[],
        )
        .unwrap_or_default();
    let sql = conn
        .query_all(
            &format!("SELECT sql FROM {prefix}sqlite_schema WHERE type='table' AND name=?1 COLLATE NOCASE"),
            &[Value::Text(table.to_string())],
        )
        .unwrap_or_default();
    // An explicit schema must hold the table itself (the pragma also searches other schemas).
    if info.is_empty() || (schema.is_some() && sql.is_empty()) {
        return missing();
    }
    // No column: the table's existence only, reported like its rowid.
    let column = column.unwrap_or_else(|| "rowid".into());
    let row = info
        .iter()
        .find(|r| matches!(r.get(1), Some(Value::Text(n)) if n.eq_ignore_ascii_case(&column)));
    let is_rowid = ["rowid", "oid", "_rowid_"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(&column));
    let (ty, nn, pk) = match row {
        Some(r) => (
            match r.get(2) {
                Some(Value::Text(t)) => t.clone(),
                _ => String::new(),
            },
            matches!(r.get(3), Some(Value::Integer(1))),
            !matches!(r.get(5), Some(Value::Integer(0))),
        ),
        None if is_rowid => ("INTEGER".to_owned(), false, true),
        None => return missing(),
    };
    let create = match sql.first().and_then(|r| r.first()) {
        Some(Value::Text(s)) => s.to_ascii_uppercase(),
        _ => String::new(),
    };
    let autoinc_flag = pk && create.contains("AUTOINCREMENT");
    let (dp, cp) = {
        let mut st = d.state.lock();
        st.metadata = Some([crate::handle::cstring_lossy(&ty), c"BINARY".to_owned()]);
        let m = st.metadata.as_ref().map(|m| (m[0].as_ptr(), m[1].as_ptr()));
        m.unwrap_or((std::ptr::null(), std::ptr::null()))
    };
    // SAFETY: the out-pointers are NULL or writable (API contract); the strings live in the
    // connection until the next call.
    unsafe {
        if !decl_type.is_null() {
            *decl_type = if ty.is_empty() && !is_rowid {
                std::ptr::null()
            } else {
                dp
            };
        }
        if !coll_seq.is_null() {
            *coll_seq = cp;
        }
        if !not_null.is_null() {
            *not_null = nn as c_int;
        }
        if !primary_key.is_null() {
            *primary_key = pk as c_int;
        }
        if !autoinc.is_null() {
            *autoinc = autoinc_flag as c_int;
        }
    }
    d.clear_error();
    codes::SQLITE_OK
}

/// The outputs of a failed `sqlite3_table_column_metadata`: NULL strings, zero flags.
///
/// # Safety
/// Each pointer is NULL or writable.
unsafe fn clear_metadata_outputs(
    decl_type: *mut *const c_char,
    coll_seq: *mut *const c_char,
    not_null: *mut c_int,
    primary_key: *mut c_int,
    autoinc: *mut c_int,
) {
    // SAFETY: per the function contract.
    unsafe {
        for p in [decl_type, coll_seq] {
            if !p.is_null() {
                *p = std::ptr::null();
            }
        }
        for p in [not_null, primary_key, autoinc] {
            if !p.is_null() {
                *p = 0;
            }
        }
    }
}

/// `sqlite3_next_stmt`: the statements of a connection, in preparation order.
#[no_mangle]
pub extern "C" fn sqlite3_next_stmt(
    db: *mut sqlite3,
    prev: *mut sqlite3_stmt,
) -> *mut sqlite3_stmt {
    let Some((d, _)) = conn_of(db) else {
        return std::ptr::null_mut();
    };
    let st = d.state.lock();
    let list = &st.statements;
    let next = if prev.is_null() {
        list.first()
    } else {
        list.iter()
            .position(|&s| s == prev as usize)
            .and_then(|i| list.get(i + 1))
    };
    next.map_or(std::ptr::null_mut(), |&s| s as *mut sqlite3_stmt)
}

#[no_mangle]
pub extern "C" fn sqlite3_db_cacheflush(db: *mut sqlite3) -> c_int {
    conn_of(db).map_or(codes::SQLITE_MISUSE, |_| codes::SQLITE_OK)
}

#[no_mangle]
pub extern "C" fn sqlite3_db_release_memory(db: *mut sqlite3) -> c_int {
    conn_of(db).map_or(codes::SQLITE_MISUSE, |_| codes::SQLITE_OK)
}

#[no_mangle]
pub extern "C" fn sqlite3_system_errno(db: *mut sqlite3) -> c_int {
    crate::handle::db_ref(db).map_or(0, |d| d.state.lock().sys_errno)
}

/// `sqlite3_db_name(db, N)`: "main" for 0, "temp" for 1, then attached names.
#[no_mangle]
pub extern "C" fn sqlite3_db_name(db: *mut sqlite3, n: c_int) -> *const c_char {
    let Some((d, conn)) = conn_of(db) else {
        return std::ptr::null();
    };
    let names: Vec<String> = conn
        .query_all("PRAGMA database_list", &[])
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| match r.get(1) {
            Some(Value::Text(s)) => Some(s.clone()),
            _ => None,
        })
        .collect::<Vec<_>>();
    // Schema 1 is always "temp" in SQLite, even before the temp database is opened.
    let mut names = names;
    if names.get(1).map(String::as_str) != Some("temp") && !names.is_empty() {
        names.insert(1, "temp".to_string());
    }
    let Some(name) = usize::try_from(n).ok().and_then(|i| names.get(i)) else {
        return std::ptr::null();
    };
    let name = crate::handle::cstring_lossy(name);
    let mut st = d.state.lock();
    // Hand out one stable copy per name: earlier results stay valid (SQLite's strings live
    // until the schema changes; these live until the connection closes).
    let i = match st.db_names.iter().position(|n| *n == name) {
        Some(i) => i,
        None => {
            st.db_names.push(name);
            st.db_names.len() - 1
        }
    };
    st.db_names[i].as_ptr()
}

// ---- mutexes -------------------------------------------------------------------------------

/// `sqlite3_mutex`: a recursive mutex (every kind is recursive here, which satisfies callers
/// of the fast kind too).
pub struct sqlite3_mutex {
    raw: parking_lot::ReentrantMutex<()>,
}

static STATIC_MUTEXES: [sqlite3_mutex; 12] = [const {
    sqlite3_mutex {
        raw: parking_lot::ReentrantMutex::new(()),
    }
}; 12];

#[no_mangle]
pub extern "C" fn sqlite3_mutex_alloc(kind: c_int) -> *mut sqlite3_mutex {
    match kind {
        0 | 1 => Box::into_raw(Box::new(sqlite3_mutex {
            raw: parking_lot::ReentrantMutex::new(()),
        })),
        2..=13 => &STATIC_MUTEXES[(kind - 2) as usize] as *const _ as *mut _,
        _ => std::ptr::null_mut(),
    }
}

fn is_static(m: *mut sqlite3_mutex) -> bool {
    let base = STATIC_MUTEXES.as_ptr() as usize;
    let end = base + std::mem::size_of_val(&STATIC_MUTEXES);
    (base..end).contains(&(m as usize))
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_mutex_free(m: *mut sqlite3_mutex) {
    if !m.is_null() && !is_static(m) {
        // SAFETY: dynamic mutexes come from Box::into_raw in sqlite3_mutex_alloc.
        drop(unsafe { Box::from_raw(m) });
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_mutex_enter(m: *mut sqlite3_mutex) {
    // SAFETY: m is NULL or a mutex from sqlite3_mutex_alloc (API contract).
    if let Some(m) = unsafe { m.as_ref() } {
        std::mem::forget(m.raw.lock());
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_mutex_try(m: *mut sqlite3_mutex) -> c_int {
    // SAFETY: m is NULL or a mutex from sqlite3_mutex_alloc (API contract).
    match unsafe { m.as_ref() } {
        Some(m) => match m.raw.try_lock() {
            Some(g) => {
                std::mem::forget(g);
                codes::SQLITE_OK
            }
            None => codes::SQLITE_BUSY,
        },
        None => codes::SQLITE_OK,
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_mutex_leave(m: *mut sqlite3_mutex) {
    // SAFETY: m is NULL or a mutex this thread entered (API contract).
    if let Some(m) = unsafe { m.as_ref() } {
        // SAFETY: the caller holds the mutex (entered with sqlite3_mutex_enter/try).
        unsafe { m.raw.force_unlock() };
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_db_mutex(db: *mut sqlite3) -> *mut sqlite3_mutex {
    if conn_of(db).is_none() {
        return std::ptr::null_mut();
    }
    // One process-wide mutex stands for every connection's (serialized mode).
    &STATIC_MUTEXES[11] as *const _ as *mut _
}

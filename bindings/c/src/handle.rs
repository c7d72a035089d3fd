//! The `sqlite3` and `sqlite3_stmt` objects, the registry of live handles, and error state.
//!
//! Invariants:
//! 1. A pointer handed to C as `*mut sqlite3` / `*mut sqlite3_stmt` came from `Box::into_raw`
//!    and is in `LIVE` until the object is freed; it is removed from `LIVE` (under the write
//!    lock) before it is freed. So a call with a NULL, closed or finalized handle finds the
//!    pointer absent and returns `SQLITE_MISUSE` without dereferencing it.
//! 2. A connection closed with `sqlite3_close_v2` while statements are open becomes a zombie:
//!    it stays live (statements still reach it) and is freed when its last statement is
//!    finalized.
//! 3. Error state (`errcode`/`errmsg`/`error_offset`) is set by the last API call on the
//!    connection that can fail, as SQLite does; locks around it are never held across a call
//!    into the engine or into user callbacks.

use std::collections::HashSet;
use std::ffi::{c_char, c_int, CString};

use ferrolite::{codes, Connection, Error, Statement, Value};
use parking_lot::{Mutex, RwLock};

/// Which kind of object a live pointer is.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Db,
    Stmt,
    Blob,
    Backup,
}

static LIVE: RwLock<Option<HashSet<(usize, Kind)>>> = RwLock::new(None);

pub(crate) fn register(addr: usize, kind: Kind) {
    LIVE.write()
        .get_or_insert_with(HashSet::new)
        .insert((addr, kind));
}

pub(crate) fn unregister(addr: usize, kind: Kind) -> bool {
    LIVE.write()
        .as_mut()
        .is_some_and(|s| s.remove(&(addr, kind)))
}

pub(crate) fn is_live(addr: usize, kind: Kind) -> bool {
    addr != 0
        && LIVE
            .read()
            .as_ref()
            .is_some_and(|s| s.contains(&(addr, kind)))
}

/// Per-connection error state (invariant 3).
pub struct ErrorState {
    pub code: c_int,
    pub message: CString,
    pub offset: c_int,
}

impl ErrorState {
    fn ok() -> ErrorState {
        ErrorState {
            code: codes::SQLITE_OK,
            message: CString::new("not an error").unwrap_or_default(),
            offset: -1,
        }
    }
}

/// Connection-level state that is not the engine's.
pub struct DbState {
    pub error: ErrorState,
    /// Statements prepared on this connection and not yet finalized.
    pub open_statements: usize,
    /// Closed with `sqlite3_close_v2` while statements were open (invariant 2).
    pub zombie: bool,
    /// `sqlite3_extended_result_codes(db, 1)`: return extended codes from API calls.
    pub extended_codes: bool,
    /// `sqlite3_limit` values, by limit id.
    pub limits: [c_int; 12],
    /// `sqlite3_db_config` boolean options 1003..=1017.
    pub db_flags: [bool; 15],
    /// The filename as opened, for `sqlite3_db_filename`.
    pub filename: CString,
    pub readonly: bool,
    /// `sqlite3_system_errno`: the OS error of the last failed open, 0 if none.
    pub sys_errno: c_int,
    /// `sqlite3_trace_v2` registration.
    pub trace: Option<crate::trace::Trace>,
    /// The legacy `sqlite3_trace` / `sqlite3_profile` registration (one at a time).
    pub legacy_trace: Option<crate::trace::Legacy>,
    /// The argument last given to `sqlite3_trace` or `sqlite3_trace_v2` (what `sqlite3_trace`
    /// returns), and the one last given to `sqlite3_profile`.
    pub trace_arg: usize,
    pub profile_arg: usize,
    /// Statements of this connection (addresses), in preparation order (`sqlite3_next_stmt`).
    pub statements: Vec<usize>,
    /// Strings `sqlite3_table_column_metadata` and `sqlite3_db_name` hand out.
    pub metadata: Option<[CString; 2]>,
    /// Names `sqlite3_db_name` handed out: each stays valid until the connection closes.
    pub db_names: Vec<CString>,
    /// Arguments of the commit, rollback and update hooks (their setters return the old one).
    pub hook_args: [usize; 3],
}

/// A database connection: `sqlite3*`.
pub struct sqlite3 {
    /// None when the open failed: SQLite still hands out a handle then, so that
    /// `sqlite3_errmsg` can say why; it must be closed like any other.
    pub conn: Option<Connection>,
    pub state: Mutex<DbState>,
}

/// A prepared statement: `sqlite3_stmt*`.
pub struct sqlite3_stmt {
    pub db: *mut sqlite3,
    pub inner: Mutex<StmtState>,
}

/// A statement and the C strings handed out for it (kept alive as the API promises).
pub struct StmtState {
    pub stmt: Statement,
    /// When the current run started (for SQLITE_TRACE_PROFILE).
    pub started: Option<std::time::Instant>,
    /// Whether the last step produced a row (column_* read it).
    pub has_row: bool,
    /// What the last step returned (reset/finalize report a failed step's code).
    pub last_rc: c_int,
    /// Per column: the value converted to text/blob bytes, NUL-terminated, for
    /// `sqlite3_column_text`/`_blob`; cleared on every step/reset.
    pub text_cache: Vec<Option<Vec<u8>>>,
    /// Per column: `sqlite3_column_value` objects; cleared on every step/reset.
    pub value_cache: Vec<Option<Box<crate::value::sqlite3_value>>>,
    pub names: Vec<Option<CString>>,
    pub decltypes: Vec<Option<CString>>,
    pub origins: Vec<Option<[CString; 3]>>,
    pub param_names: Vec<Option<CString>>,
    /// UTF-16 names and declared types (`sqlite3_column_name16`/`_decltype16`).
    pub names16: Vec<Option<Vec<u16>>>,
    pub decltypes16: Vec<Option<Vec<u16>>>,
    /// UTF-16 origins (`sqlite3_column_database_name16`/`_table_name16`/`_origin_name16`).
    pub origins16: Vec<Option<[Vec<u16>; 3]>>,
    pub sql: CString,
    pub expanded: Option<CString>,
}

impl StmtState {
    /// Sizes the per-column caches to the statement's current column count (a statement that
    /// was re-prepared after a schema change may have a different one).
    pub fn sync_columns(&mut self) {
        let n = self.stmt.column_count();
        if self.text_cache.len() != n {
            self.text_cache = vec![None; n];
            self.value_cache = (0..n).map(|_| None).collect();
            self.names = vec![None; n];
            self.decltypes = vec![None; n];
            self.origins = vec![None; n];
            self.names16.clear();
            self.decltypes16.clear();
            self.origins16.clear();
        }
    }

    pub fn clear_row_caches(&mut self) {
        self.text_cache.iter_mut().for_each(|c| *c = None);
        self.value_cache.iter_mut().for_each(|c| *c = None);
    }
}

// SAFETY: `sqlite3` is a Connection (Send + Sync) plus mutex-guarded state.
unsafe impl Send for sqlite3 {}
// SAFETY: as above; all mutation goes through the mutex.
unsafe impl Sync for sqlite3 {}
// SAFETY: the raw `db` pointer refers to a connection object that is Send + Sync and outlives
// the statement (invariant 2); the statement state is behind a mutex.
unsafe impl Send for sqlite3_stmt {}
// SAFETY: as above.
unsafe impl Sync for sqlite3_stmt {}

/// Boxes a new connection object and registers it.
pub fn new_db(conn: Option<Connection>, filename: &str, readonly: bool) -> *mut sqlite3 {
    let db = Box::into_raw(Box::new(sqlite3 {
        conn,
        state: Mutex::new(DbState {
            error: ErrorState::ok(),
            open_statements: 0,
            zombie: false,
            extended_codes: false,
            limits: crate::config::DEFAULT_LIMITS,
            db_flags: crate::config::DEFAULT_DB_FLAGS,
            filename: CString::new(filename).unwrap_or_default(),
            readonly,
            sys_errno: 0,
            trace: None,
            legacy_trace: None,
            trace_arg: 0,
            profile_arg: 0,
            statements: Vec::new(),
            metadata: None,
            db_names: Vec::new(),
            hook_args: [0; 3],
        }),
    }));
    register(db as usize, Kind::Db);
    db
}

/// The connection behind `db` if it is a live handle (invariant 1).
pub fn db_ref<'a>(db: *mut sqlite3) -> Option<&'a sqlite3> {
    if is_live(db as usize, Kind::Db) {
        // SAFETY: live pointers came from Box::into_raw and are not yet freed (invariant 1).
        Some(unsafe { &*db })
    } else {
        None
    }
}

/// Like [`db_ref`], but a zombie connection (closed with close_v2) counts as closed.
pub fn open_db_ref<'a>(db: *mut sqlite3) -> Option<&'a sqlite3> {
    db_ref(db).filter(|d| !d.state.lock().zombie)
}

/// Unregisters and frees a connection object.
pub fn free_db(db: *mut sqlite3) {
    if unregister(db as usize, Kind::Db) {
        crate::uri::detach(db as usize);
        // SAFETY: the pointer was live (just removed from the registry), from Box::into_raw.
        drop(unsafe { Box::from_raw(db) });
    }
}

pub fn new_stmt(db: *mut sqlite3, stmt: Statement, sql: &str) -> *mut sqlite3_stmt {
    let n = stmt.column_count();
    let p = stmt.bind_parameter_count();
    let s = Box::into_raw(Box::new(sqlite3_stmt {
        db,
        inner: Mutex::new(StmtState {
            stmt,
            started: None,
            has_row: false,
            last_rc: codes::SQLITE_OK,
            text_cache: vec![None; n],
            value_cache: (0..n).map(|_| None).collect(),
            names: vec![None; n],
            decltypes: vec![None; n],
            origins: vec![None; n],
            param_names: vec![None; p + 1],
            names16: Vec::new(),
            decltypes16: Vec::new(),
            origins16: Vec::new(),
            sql: CString::new(sql.replace('\0', "")).unwrap_or_default(),
            expanded: None,
        }),
    }));
    register(s as usize, Kind::Stmt);
    if let Some(d) = db_ref(db) {
        let mut st = d.state.lock();
        st.open_statements += 1;
        st.statements.push(s as usize);
    }
    s
}

pub fn stmt_ref<'a>(stmt: *mut sqlite3_stmt) -> Option<&'a sqlite3_stmt> {
    if is_live(stmt as usize, Kind::Stmt) {
        // SAFETY: live pointers came from Box::into_raw and are not yet freed (invariant 1).
        Some(unsafe { &*stmt })
    } else {
        None
    }
}

/// Unregisters and frees a statement; frees its zombie connection if this was the last one.
pub fn free_stmt(stmt: *mut sqlite3_stmt) {
    if !unregister(stmt as usize, Kind::Stmt) {
        return;
    }
    // SAFETY: the pointer was live (just removed from the registry), from Box::into_raw.
    let boxed = unsafe { Box::from_raw(stmt) };
    let db = boxed.db;
    drop(boxed);
    if let Some(d) = db_ref(db) {
        let free = {
            let mut st = d.state.lock();
            st.open_statements = st.open_statements.saturating_sub(1);
            st.statements.retain(|&p| p != stmt as usize);
            st.zombie && st.open_statements == 0
        };
        if free {
            if let Some(c) = &d.conn {
                let _ = c.close();
            }
            free_db(db);
        }
    }
}

impl sqlite3 {
    /// Records an error and returns the code the API call should return.
    pub fn set_error(&self, e: &Error) -> c_int {
        let mut st = self.state.lock();
        st.error = ErrorState {
            code: e.extended_code,
            message: cstring_lossy(&e.message),
            offset: e.offset.map_or(-1, |o| o as c_int),
        };
        if st.extended_codes {
            e.extended_code
        } else {
            e.code()
        }
    }

    /// Records a result code with SQLite's default message for it.
    pub fn set_code(&self, code: c_int) -> c_int {
        self.set_error(&Error::from_code(code))
    }

    pub fn clear_error(&self) {
        self.state.lock().error = ErrorState::ok();
    }
}

pub fn cstring_lossy(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

/// Reads a NUL-terminated C string (None for NULL). Invalid UTF-8 is replaced.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays valid for `'a`.
pub unsafe fn c_str<'a>(p: *const c_char) -> Option<std::borrow::Cow<'a, str>> {
    if p.is_null() {
        None
    } else {
        // SAFETY: the caller guarantees p is a valid NUL-terminated string.
        Some(unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy())
    }
}

/// Reads `n` bytes at `p` (n < 0: up to the first NUL) as text.
///
/// # Safety
/// `p` is NULL or valid for `n` bytes (or NUL-terminated when n < 0).
pub unsafe fn c_text(p: *const c_char, n: i64) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let bytes = if n < 0 {
        // SAFETY: the caller guarantees a NUL-terminated string when n < 0.
        unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes()
    } else {
        // SAFETY: the caller guarantees p is valid for n bytes. With an explicit length the
        // text keeps any embedded NUL bytes, as SQLite's does.
        unsafe { std::slice::from_raw_parts(p as *const u8, n as usize) }
    };
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// Converts an engine value to bytes for `column_text`: the text form, NUL-terminated.
pub fn text_bytes(v: &Value) -> Option<Vec<u8>> {
    let mut out = match v {
        Value::Null => return None,
        Value::Integer(i) => i.to_string().into_bytes(),
        Value::Real(r) => ferrolite::value::format_real(*r).into_bytes(),
        Value::Text(s) => s.as_bytes().to_vec(),
        Value::Blob(b) => b.clone(),
    };
    out.push(0);
    Some(out)
}

/// An SQL identifier in double quotes (for the SQL the C layer builds: blob I/O, checkpoints).
pub fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

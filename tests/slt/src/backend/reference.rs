//! The reference backend: the system libsqlite3, loaded with `dlopen` from an absolute path
//! (so an `LD_LIBRARY_PATH` pointing at Ferrolite's own `libsqlite3.so.0` cannot stand in for
//! it). Only used to check that the runner itself passes the corpus on real SQLite.
//! `SLT_REFERENCE_LIB` overrides the library path.

use super::{type_for, Backend, QueryOutput};
use crate::render::{render_real, render_text};
use std::ffi::{c_char, c_double, c_int, c_void, CStr, CString};
use std::sync::OnceLock;

const SQLITE_ROW: c_int = 100;
const SQLITE_DONE: c_int = 101;
const SQLITE_NULL: c_int = 5;
const SQLITE_OPEN_READWRITE: c_int = 0x2;
const SQLITE_OPEN_CREATE: c_int = 0x4;

type Db = *mut c_void;
type Stmt = *mut c_void;

type OpenV2 = unsafe extern "C" fn(*const c_char, *mut Db, c_int, *const c_char) -> c_int;
type PrepareV2 =
    unsafe extern "C" fn(Db, *const c_char, c_int, *mut Stmt, *mut *const c_char) -> c_int;
type DbFn = unsafe extern "C" fn(Db) -> c_int;
type StmtFn = unsafe extern "C" fn(Stmt) -> c_int;
type ColFn<T> = unsafe extern "C" fn(Stmt, c_int) -> T;
type ErrMsg = unsafe extern "C" fn(Db) -> *const c_char;

/// The C functions used, resolved once.
struct Api {
    open_v2: OpenV2,
    close_v2: DbFn,
    prepare_v2: PrepareV2,
    step: StmtFn,
    finalize: StmtFn,
    column_count: StmtFn,
    column_type: ColFn<c_int>,
    column_int64: ColFn<i64>,
    column_double: ColFn<c_double>,
    column_text: ColFn<*const u8>,
    column_bytes: ColFn<c_int>,
    errmsg: ErrMsg,
}

const CANDIDATES: &[&str] = &[
    "/usr/lib/x86_64-linux-gnu/libsqlite3.so.0",
    "/usr/lib/aarch64-linux-gnu/libsqlite3.so.0",
    "/usr/lib64/libsqlite3.so.0",
    "/usr/lib/libsqlite3.so.0",
];

fn api() -> Result<&'static Api, String> {
    static API: OnceLock<Result<Api, String>> = OnceLock::new();
    API.get_or_init(load).as_ref().map_err(Clone::clone)
}

fn load() -> Result<Api, String> {
    let path = match std::env::var("SLT_REFERENCE_LIB") {
        Ok(p) => p,
        Err(_) => CANDIDATES
            .iter()
            .find(|p| std::path::Path::new(p).exists())
            .ok_or("system libsqlite3.so.0 not found; set SLT_REFERENCE_LIB")?
            .to_string(),
    };
    let cpath = CString::new(path.clone()).map_err(|e| e.to_string())?;
    // SAFETY: dlopen with a valid NUL-terminated path; the handle is never closed, so the
    // resolved function pointers stay valid for the life of the process.
    let handle = unsafe { libc::dlopen(cpath.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if handle.is_null() {
        return Err(format!("cannot load {path}"));
    }
    macro_rules! sym {
        ($name:literal, $ty:ty) => {{
            let n = CString::new($name).expect("symbol names have no NUL");
            // SAFETY: `handle` is a live library handle; the symbol is looked up by name.
            let p = unsafe { libc::dlsym(handle, n.as_ptr()) };
            if p.is_null() {
                return Err(format!("{path}: missing symbol {}", $name));
            }
            // SAFETY: the symbol is SQLite's C function of that name, whose C signature is
            // the function-pointer type this expression is assigned to (SQLite's ABI).
            unsafe { std::mem::transmute::<*mut c_void, $ty>(p) }
        }};
    }
    Ok(Api {
        open_v2: sym!("sqlite3_open_v2", OpenV2),
        close_v2: sym!("sqlite3_close_v2", DbFn),
        prepare_v2: sym!("sqlite3_prepare_v2", PrepareV2),
        step: sym!("sqlite3_step", StmtFn),
        finalize: sym!("sqlite3_finalize", StmtFn),
        column_count: sym!("sqlite3_column_count", StmtFn),
        column_type: sym!("sqlite3_column_type", ColFn<c_int>),
        column_int64: sym!("sqlite3_column_int64", ColFn<i64>),
        column_double: sym!("sqlite3_column_double", ColFn<c_double>),
        column_text: sym!("sqlite3_column_text", ColFn<*const u8>),
        column_bytes: sym!("sqlite3_column_bytes", ColFn<c_int>),
        errmsg: sym!("sqlite3_errmsg", ErrMsg),
    })
}

/// One connection to the system SQLite.
pub struct Sqlite3 {
    api: &'static Api,
    db: Db,
}

impl Sqlite3 {
    pub fn open(path: &str) -> Result<Self, String> {
        let api = api()?;
        let cpath = CString::new(path).map_err(|e| e.to_string())?;
        let mut db: Db = std::ptr::null_mut();
        // SAFETY: valid path and out-pointer; flags are SQLite's documented values.
        let rc = unsafe {
            (api.open_v2)(
                cpath.as_ptr(),
                &mut db,
                SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                std::ptr::null(),
            )
        };
        let conn = Sqlite3 { api, db };
        if rc != 0 {
            return Err(conn.errmsg());
        }
        Ok(conn)
    }

    fn errmsg(&self) -> String {
        // SAFETY: errmsg accepts any handle (even NULL) and returns a NUL-terminated string
        // that stays valid until the next call on this connection; it is copied at once.
        unsafe {
            let p = (self.api.errmsg)(self.db);
            if p.is_null() {
                return "out of memory".into();
            }
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    }

    /// Runs every statement in `sql`, calling `row` for each result row.
    fn run(&mut self, sql: &str, mut row: impl FnMut(&Self, Stmt, usize)) -> Result<usize, String> {
        let csql = CString::new(sql).map_err(|e| e.to_string())?;
        let mut tail: *const c_char = csql.as_ptr();
        let mut columns = 0;
        loop {
            let mut stmt: Stmt = std::ptr::null_mut();
            // SAFETY: `tail` points into `csql` (NUL-terminated, alive for this call).
            let rc = unsafe { (self.api.prepare_v2)(self.db, tail, -1, &mut stmt, &mut tail) };
            if rc != 0 {
                return Err(self.errmsg());
            }
            if stmt.is_null() {
                return Ok(columns);
            }
            // SAFETY: `stmt` is a live prepared statement until the finalize below.
            columns = unsafe { (self.api.column_count)(stmt) } as usize;
            let result = loop {
                // SAFETY: as above.
                match unsafe { (self.api.step)(stmt) } {
                    SQLITE_ROW => row(self, stmt, columns),
                    SQLITE_DONE => break Ok(()),
                    _ => break Err(self.errmsg()),
                }
            };
            // SAFETY: finalize once; `stmt` is not used afterwards.
            unsafe { (self.api.finalize)(stmt) };
            result?;
        }
    }

    fn render(&self, stmt: Stmt, i: c_int, ty: u8) -> String {
        // SAFETY: `stmt` holds a row (called from `run` after SQLITE_ROW) and `i` is in range.
        // The text pointer is valid for `column_bytes` bytes until the next column call, and
        // is copied before that.
        unsafe {
            if (self.api.column_type)(stmt, i) == SQLITE_NULL {
                return "NULL".into();
            }
            match ty {
                b'I' => (self.api.column_int64)(stmt, i).to_string(),
                b'R' => render_real((self.api.column_double)(stmt, i)),
                _ => {
                    let p = (self.api.column_text)(stmt, i);
                    let n = (self.api.column_bytes)(stmt, i) as usize;
                    if p.is_null() {
                        return render_text(b"");
                    }
                    render_text(std::slice::from_raw_parts(p, n))
                }
            }
        }
    }
}

impl Drop for Sqlite3 {
    fn drop(&mut self) {
        // SAFETY: the handle came from open_v2 and is closed once.
        unsafe { (self.api.close_v2)(self.db) };
    }
}

impl Backend for Sqlite3 {
    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.run(sql, |_, _, _| {}).map(|_| ())
    }

    fn query(&mut self, sql: &str, types: &[u8]) -> Result<QueryOutput, String> {
        let mut values = Vec::new();
        let columns = self.run(sql, |me, stmt, n| {
            for i in 0..n {
                values.push(me.render(stmt, i as c_int, type_for(types, i)));
            }
        })?;
        Ok(QueryOutput { columns, values })
    }
}

//! The reference: the system libsqlite3, through the few C functions the tests need.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use ferrolite::Value;

#[repr(C)]
struct RawDb(c_void);
#[repr(C)]
struct RawStmt(c_void);

extern "C" {
    fn sqlite3_open(name: *const c_char, db: *mut *mut RawDb) -> c_int;
    fn sqlite3_close(db: *mut RawDb) -> c_int;
    fn sqlite3_errmsg(db: *mut RawDb) -> *const c_char;
    fn sqlite3_prepare_v2(
        db: *mut RawDb,
        sql: *const c_char,
        n: c_int,
        stmt: *mut *mut RawStmt,
        tail: *mut *const c_char,
    ) -> c_int;
    fn sqlite3_step(stmt: *mut RawStmt) -> c_int;
    fn sqlite3_finalize(stmt: *mut RawStmt) -> c_int;
    fn sqlite3_column_count(stmt: *mut RawStmt) -> c_int;
    fn sqlite3_column_type(stmt: *mut RawStmt, i: c_int) -> c_int;
    fn sqlite3_column_int64(stmt: *mut RawStmt, i: c_int) -> i64;
    fn sqlite3_column_double(stmt: *mut RawStmt, i: c_int) -> f64;
    fn sqlite3_column_blob(stmt: *mut RawStmt, i: c_int) -> *const c_void;
    fn sqlite3_column_bytes(stmt: *mut RawStmt, i: c_int) -> c_int;
}

/// A connection to an in-memory database of the system SQLite.
pub struct Reference {
    db: *mut RawDb,
}

impl Reference {
    pub fn open_memory() -> Reference {
        let mut db = std::ptr::null_mut();
        // SAFETY: valid NUL-terminated name and out-pointer.
        let rc = unsafe { sqlite3_open(c":memory:".as_ptr(), &mut db) };
        assert_eq!(rc, 0, "the system sqlite3 must open :memory:");
        Reference { db }
    }

    /// Runs every statement of `sql`; the rows of the last one, or SQLite's error message.
    pub fn run(&self, sql: &str) -> Result<Vec<Vec<Value>>, String> {
        let text = CString::new(sql).map_err(|e| e.to_string())?;
        let mut rest: *const c_char = text.as_ptr();
        let mut rows = Vec::new();
        loop {
            // SAFETY: rest points into `text`, NUL-terminated.
            if unsafe { *rest } == 0 {
                return Ok(rows);
            }
            let mut stmt = std::ptr::null_mut();
            let mut tail = std::ptr::null();
            // SAFETY: valid db handle, SQL pointer and out-pointers.
            let rc = unsafe { sqlite3_prepare_v2(self.db, rest, -1, &mut stmt, &mut tail) };
            if rc != 0 {
                return Err(self.errmsg());
            }
            rest = tail;
            if stmt.is_null() {
                continue;
            }
            rows.clear();
            loop {
                // SAFETY: stmt is a live statement of this connection.
                let rc = unsafe { sqlite3_step(stmt) };
                if rc == 100 {
                    rows.push(self.row(stmt));
                } else if rc == 101 {
                    break;
                } else {
                    let msg = self.errmsg();
                    // SAFETY: finalizing the statement we prepared.
                    unsafe { sqlite3_finalize(stmt) };
                    return Err(msg);
                }
            }
            // SAFETY: finalizing the statement we prepared.
            unsafe { sqlite3_finalize(stmt) };
        }
    }

    fn row(&self, stmt: *mut RawStmt) -> Vec<Value> {
        // SAFETY: stmt has a current row; indexes are below column_count; blob pointers are
        // valid for column_bytes bytes until the next step.
        unsafe {
            (0..sqlite3_column_count(stmt))
                .map(|i| match sqlite3_column_type(stmt, i) {
                    1 => Value::Integer(sqlite3_column_int64(stmt, i)),
                    2 => Value::Real(sqlite3_column_double(stmt, i)),
                    3 | 4 => {
                        let p = sqlite3_column_blob(stmt, i) as *const u8;
                        let n = sqlite3_column_bytes(stmt, i) as usize;
                        let bytes = if p.is_null() {
                            Vec::new()
                        } else {
                            std::slice::from_raw_parts(p, n).to_vec()
                        };
                        if sqlite3_column_type(stmt, i) == 3 {
                            Value::Text(String::from_utf8_lossy(&bytes).into_owned())
                        } else {
                            Value::Blob(bytes)
                        }
                    }
                    _ => Value::Null,
                })
                .collect()
        }
    }

    fn errmsg(&self) -> String {
        // SAFETY: errmsg returns a valid C string owned by the connection.
        unsafe { CStr::from_ptr(sqlite3_errmsg(self.db)) }
            .to_string_lossy()
            .into_owned()
    }
}

impl Drop for Reference {
    fn drop(&mut self) {
        // SAFETY: closing the connection we opened (statements are all finalized).
        unsafe { sqlite3_close(self.db) };
    }
}

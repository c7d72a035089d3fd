//! Incremental blob I/O (`sqlite3_blob_*`), built on SQL: opening checks the table, column and
//! row as SQLite does (with SQLite's messages), reads come from the value fetched at open or
//! reopen, and a write stores the changed value back with an UPDATE of that row. A blob keeps
//! its size: writes past the end fail, as SQLite's.

use std::ffi::{c_char, c_int, c_void};

use ferrolite::{codes, Connection, Error, Value};

use crate::handle::quote_ident;
use crate::handle::{c_str, db_ref, is_live, register, sqlite3, unregister, Kind};
use crate::open::conn_of;
use crate::sqlite3_int64;

/// An open blob handle: `sqlite3_blob*`.
pub struct sqlite3_blob {
    db: *mut sqlite3,
    schema: String,
    table: String,
    column: String,
    rowid: i64,
    writable: bool,
    /// The value's bytes as of open/reopen/last write.
    data: Vec<u8>,
    /// Whether the value is TEXT (written back as TEXT) rather than BLOB.
    is_text: bool,
    /// Set when a reopen failed: reads and writes then give SQLITE_ABORT, as in SQLite.
    aborted: bool,
}

fn one_value(conn: &Connection, sql: &str, params: &[Value]) -> Result<Option<Vec<Value>>, Error> {
    Ok(conn.query_all(sql, params)?.into_iter().next())
}

/// Checks the table and column as `sqlite3_blob_open` does; returns the column's stored name
/// and whether it is the rowid alias.
fn check_target(
    conn: &Connection,
    schema: &str,
    table: &str,
    column: &str,
    writable: bool,
) -> Result<(String, bool), Error> {
    let no_table = || Error::sql(format!("no such table: {schema}.{table}"));
    let dbs = conn.query_all("PRAGMA database_list", &[])?;
    let known = dbs
        .iter()
        .any(|r| matches!(r.get(1), Some(Value::Text(n)) if n.eq_ignore_ascii_case(schema)));
    if !known {
        return Err(no_table());
    }
    let s = quote_ident(schema);
    let kind = one_value(
        conn,
        &format!("SELECT type FROM {s}.sqlite_schema WHERE name = ?1 COLLATE NOCASE AND type IN ('table', 'view')"),
        &[Value::Text(table.into())],
    )
    .map_err(|_| Error::sql(format!("no such table: {schema}.{table}")))?;
    match kind.as_deref() {
        None => return Err(Error::sql(format!("no such table: {schema}.{table}"))),
        Some([Value::Text(t)]) if t == "view" => {
            return Err(Error::sql(format!("cannot open view: {table}")))
        }
        _ => {}
    }
    let t = quote_ident(table);
    if conn
        .query_all(&format!("SELECT rowid FROM {s}.{t} LIMIT 0"), &[])
        .is_err()
    {
        return Err(Error::sql(format!(
            "cannot open table without rowid: {table}"
        )));
    }
    let info = conn.query_all(&format!("PRAGMA {s}.table_info({t})"), &[])?;
    let pk_count = info
        .iter()
        .filter(|r| !matches!(r.get(5), Some(Value::Integer(0))))
        .count();
    let col = info
        .iter()
        .find(|r| matches!(r.get(1), Some(Value::Text(n)) if n.eq_ignore_ascii_case(column)));
    let Some(col) = col else {
        return Err(Error::sql(format!("no such column: \"{column}\"")));
    };
    let name = match col.get(1) {
        Some(Value::Text(n)) => n.clone(),
        _ => column.to_owned(),
    };
    let is_rowid_alias = pk_count == 1
        && !matches!(col.get(5), Some(Value::Integer(0)))
        && matches!(col.get(2), Some(Value::Text(ty)) if ty.eq_ignore_ascii_case("INTEGER"));
    if writable {
        let indexes = conn.query_all(&format!("PRAGMA {s}.index_list({t})"), &[])?;
        for idx in indexes {
            let Some(Value::Text(iname)) = idx.get(1) else {
                continue;
            };
            let cols = conn.query_all(
                &format!("PRAGMA {s}.index_info({})", quote_ident(iname)),
                &[],
            )?;
            if cols
                .iter()
                .any(|c| matches!(c.get(2), Some(Value::Text(n)) if n.eq_ignore_ascii_case(&name)))
            {
                return Err(Error::sql("cannot open indexed column for writing"));
            }
        }
    }
    Ok((name, is_rowid_alias))
}

/// Fetches the row's value; SQLite's errors for a missing row or a value that is not a
/// blob or text.
fn fetch(blob: &mut sqlite3_blob, conn: &Connection, rowid_alias: bool) -> Result<(), Error> {
    let sql = format!(
        "SELECT {} FROM {}.{} WHERE rowid = ?1",
        quote_ident(&blob.column),
        quote_ident(&blob.schema),
        quote_ident(&blob.table)
    );
    let row = one_value(conn, &sql, &[Value::Integer(blob.rowid)])?;
    let Some(row) = row else {
        return Err(Error::sql(format!("no such rowid: {}", blob.rowid)));
    };
    let type_name = |v: &Value| match v {
        Value::Null => "null",
        Value::Integer(_) => "integer",
        Value::Real(_) => "real",
        Value::Text(_) => "text",
        Value::Blob(_) => "blob",
    };
    match row.into_iter().next().unwrap_or(Value::Null) {
        _ if rowid_alias => Err(Error::sql("cannot open value of type null")),
        Value::Blob(b) => {
            blob.data = b;
            blob.is_text = false;
            Ok(())
        }
        Value::Text(t) => {
            blob.data = t.into_bytes();
            blob.is_text = true;
            Ok(())
        }
        v => Err(Error::sql(format!(
            "cannot open value of type {}",
            type_name(&v)
        ))),
    }
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sqlite3_blob_open(
    db: *mut sqlite3,
    schema: *const c_char,
    table: *const c_char,
    column: *const c_char,
    rowid: sqlite3_int64,
    flags: c_int,
    out: *mut *mut sqlite3_blob,
) -> c_int {
    if out.is_null() {
        return codes::SQLITE_MISUSE;
    }
    // SAFETY: out is writable (checked non-NULL).
    unsafe { *out = std::ptr::null_mut() };
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    // SAFETY: NULL or C strings (API contract).
    let (schema, table, column) = unsafe { (c_str(schema), c_str(table), c_str(column)) };
    let (Some(table), Some(column)) = (table, column) else {
        return d.set_code(codes::SQLITE_MISUSE);
    };
    let schema = schema.map_or_else(|| "main".to_owned(), |s| s.into_owned());
    let writable = flags != 0;
    let (name, rowid_alias) = match check_target(conn, &schema, &table, &column, writable) {
        Ok(x) => x,
        Err(e) => return d.set_error(&e),
    };
    let mut blob = sqlite3_blob {
        db,
        schema,
        table: table.into_owned(),
        column: name,
        rowid,
        writable,
        data: Vec::new(),
        is_text: false,
        aborted: false,
    };
    if let Err(e) = fetch(&mut blob, conn, rowid_alias) {
        return d.set_error(&e);
    }
    let p = Box::into_raw(Box::new(blob));
    register(p as usize, Kind::Blob);
    // SAFETY: out is writable (checked non-NULL).
    unsafe { *out = p };
    d.clear_error();
    codes::SQLITE_OK
}

fn blob_mut<'a>(b: *mut sqlite3_blob) -> Option<&'a mut sqlite3_blob> {
    if is_live(b as usize, Kind::Blob) {
        // SAFETY: live blob pointers come from Box::into_raw and are not yet freed.
        Some(unsafe { &mut *b })
    } else {
        None
    }
}

fn blob_error(b: &sqlite3_blob, e: Error) -> c_int {
    db_ref(b.db).map_or(e.code(), |d| d.set_error(&e))
}

#[no_mangle]
pub extern "C" fn sqlite3_blob_close(b: *mut sqlite3_blob) -> c_int {
    if b.is_null() {
        return codes::SQLITE_OK;
    }
    if !unregister(b as usize, Kind::Blob) {
        return codes::SQLITE_MISUSE;
    }
    // SAFETY: the pointer was live (just unregistered) and came from Box::into_raw.
    drop(unsafe { Box::from_raw(b) });
    codes::SQLITE_OK
}

#[no_mangle]
pub extern "C" fn sqlite3_blob_bytes(b: *mut sqlite3_blob) -> c_int {
    blob_mut(b).map_or(0, |b| b.data.len() as c_int)
}

/// SQLITE_ABORT when the row changed or vanished since the blob was opened, as SQLite's blob
/// handles expire when their row is modified.
fn check_unchanged(blob: &mut sqlite3_blob) -> Result<(), Error> {
    let Some((_, conn)) = conn_of(blob.db) else {
        return Err(Error::misuse());
    };
    let mut now = sqlite3_blob {
        db: blob.db,
        schema: blob.schema.clone(),
        table: blob.table.clone(),
        column: blob.column.clone(),
        rowid: blob.rowid,
        writable: blob.writable,
        data: Vec::new(),
        is_text: blob.is_text,
        aborted: false,
    };
    match fetch(&mut now, conn, false) {
        Ok(()) if now.data == blob.data && now.is_text == blob.is_text => Ok(()),
        _ => Err(Error::from_code(codes::SQLITE_ABORT)),
    }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_blob_read(
    b: *mut sqlite3_blob,
    buf: *mut c_void,
    n: c_int,
    offset: c_int,
) -> c_int {
    let Some(blob) = blob_mut(b) else {
        return codes::SQLITE_MISUSE;
    };
    if blob.aborted {
        return blob_error(blob, Error::from_code(codes::SQLITE_ABORT));
    }
    if n < 0 || offset < 0 || offset as i64 + n as i64 > blob.data.len() as i64 {
        return blob_error(blob, Error::from_code(codes::SQLITE_ERROR));
    }
    if let Err(e) = check_unchanged(blob) {
        return blob_error(blob, e);
    }
    if n > 0 {
        // SAFETY: buf is valid for n bytes (API contract); the range is inside data.
        unsafe {
            std::ptr::copy_nonoverlapping(
                blob.data.as_ptr().add(offset as usize),
                buf as *mut u8,
                n as usize,
            )
        };
    }
    codes::SQLITE_OK
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_blob_write(
    b: *mut sqlite3_blob,
    buf: *const c_void,
    n: c_int,
    offset: c_int,
) -> c_int {
    let Some(blob) = blob_mut(b) else {
        return codes::SQLITE_MISUSE;
    };
    if !blob.writable {
        return blob_error(blob, Error::from_code(codes::SQLITE_READONLY));
    }
    if blob.aborted {
        return blob_error(blob, Error::from_code(codes::SQLITE_ABORT));
    }
    if n < 0 || offset < 0 || offset as i64 + n as i64 > blob.data.len() as i64 {
        return blob_error(blob, Error::from_code(codes::SQLITE_ERROR));
    }
    if let Err(e) = check_unchanged(blob) {
        return blob_error(blob, e);
    }
    let mut data = blob.data.clone();
    if n > 0 {
        // SAFETY: buf is valid for n bytes (API contract).
        let src = unsafe { std::slice::from_raw_parts(buf as *const u8, n as usize) };
        data[offset as usize..offset as usize + n as usize].copy_from_slice(src);
    }
    let Some((_, conn)) = conn_of(blob.db) else {
        return codes::SQLITE_MISUSE;
    };
    let value = if blob.is_text {
        Value::Text(String::from_utf8_lossy(&data).into_owned())
    } else {
        Value::Blob(data.clone())
    };
    let sql = format!(
        "UPDATE {}.{} SET {} = ?1 WHERE rowid = ?2",
        quote_ident(&blob.schema),
        quote_ident(&blob.table),
        quote_ident(&blob.column)
    );
    match conn.execute(&sql, &[value, Value::Integer(blob.rowid)]) {
        Ok(0) => blob_error(blob, Error::from_code(codes::SQLITE_ABORT)),
        Ok(_) => {
            blob.data = data;
            codes::SQLITE_OK
        }
        Err(e) => blob_error(blob, e),
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_blob_reopen(b: *mut sqlite3_blob, rowid: sqlite3_int64) -> c_int {
    let Some(blob) = blob_mut(b) else {
        return codes::SQLITE_MISUSE;
    };
    let Some((d, conn)) = conn_of(blob.db) else {
        return codes::SQLITE_MISUSE;
    };
    let old = blob.rowid;
    blob.rowid = rowid;
    let alias = match check_target(
        conn,
        &blob.schema.clone(),
        &blob.table.clone(),
        &blob.column.clone(),
        false,
    ) {
        Ok((_, alias)) => alias,
        Err(e) => return d.set_error(&e),
    };
    match fetch(blob, conn, alias) {
        Ok(()) => {
            blob.aborted = false;
            codes::SQLITE_OK
        }
        Err(e) => {
            blob.rowid = old;
            blob.data.clear();
            blob.aborted = true;
            d.set_error(&e)
        }
    }
}

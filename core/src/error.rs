//! Errors: SQLite's result codes and messages.
//!
//! Every fallible engine operation returns [`Result<T>`]. An [`Error`] carries SQLite's primary
//! result code (`SQLITE_CONSTRAINT` = 19), the extended code (`SQLITE_CONSTRAINT_UNIQUE` = 2067)
//! and the message SQLite itself would report (`UNIQUE constraint failed: t.a`). Bindings map
//! these to their host's exception types; the engine never sees a host type.

use std::fmt;

/// SQLite's numeric result codes, primary and extended. Values are SQLite's, part of its ABI.
pub mod codes {
    pub const SQLITE_OK: i32 = 0;
    pub const SQLITE_ERROR: i32 = 1;
    pub const SQLITE_INTERNAL: i32 = 2;
    pub const SQLITE_PERM: i32 = 3;
    pub const SQLITE_ABORT: i32 = 4;
    pub const SQLITE_BUSY: i32 = 5;
    pub const SQLITE_LOCKED: i32 = 6;
    pub const SQLITE_NOMEM: i32 = 7;
    pub const SQLITE_READONLY: i32 = 8;
    pub const SQLITE_INTERRUPT: i32 = 9;
    pub const SQLITE_IOERR: i32 = 10;
    pub const SQLITE_CORRUPT: i32 = 11;
    pub const SQLITE_NOTFOUND: i32 = 12;
    pub const SQLITE_FULL: i32 = 13;
    pub const SQLITE_CANTOPEN: i32 = 14;
    pub const SQLITE_PROTOCOL: i32 = 15;
    pub const SQLITE_EMPTY: i32 = 16;
    pub const SQLITE_SCHEMA: i32 = 17;
    pub const SQLITE_TOOBIG: i32 = 18;
    pub const SQLITE_CONSTRAINT: i32 = 19;
    pub const SQLITE_MISMATCH: i32 = 20;
    pub const SQLITE_MISUSE: i32 = 21;
    pub const SQLITE_NOLFS: i32 = 22;
    pub const SQLITE_AUTH: i32 = 23;
    pub const SQLITE_FORMAT: i32 = 24;
    pub const SQLITE_RANGE: i32 = 25;
    pub const SQLITE_NOTADB: i32 = 26;
    pub const SQLITE_NOTICE: i32 = 27;
    pub const SQLITE_WARNING: i32 = 28;
    pub const SQLITE_ROW: i32 = 100;
    pub const SQLITE_DONE: i32 = 101;

    pub const SQLITE_ERROR_MISSING_COLLSEQ: i32 = SQLITE_ERROR | (1 << 8);
    pub const SQLITE_ERROR_RETRY: i32 = SQLITE_ERROR | (2 << 8);
    pub const SQLITE_ERROR_SNAPSHOT: i32 = SQLITE_ERROR | (3 << 8);
    pub const SQLITE_IOERR_READ: i32 = SQLITE_IOERR | (1 << 8);
    pub const SQLITE_IOERR_SHORT_READ: i32 = SQLITE_IOERR | (2 << 8);
    pub const SQLITE_IOERR_WRITE: i32 = SQLITE_IOERR | (3 << 8);
    pub const SQLITE_IOERR_FSYNC: i32 = SQLITE_IOERR | (4 << 8);
    pub const SQLITE_IOERR_DIR_FSYNC: i32 = SQLITE_IOERR | (5 << 8);
    pub const SQLITE_IOERR_TRUNCATE: i32 = SQLITE_IOERR | (6 << 8);
    pub const SQLITE_IOERR_FSTAT: i32 = SQLITE_IOERR | (7 << 8);
    pub const SQLITE_IOERR_UNLOCK: i32 = SQLITE_IOERR | (8 << 8);
    pub const SQLITE_IOERR_RDLOCK: i32 = SQLITE_IOERR | (9 << 8);
    pub const SQLITE_IOERR_DELETE: i32 = SQLITE_IOERR | (10 << 8);
    pub const SQLITE_IOERR_NOMEM: i32 = SQLITE_IOERR | (12 << 8);
    pub const SQLITE_IOERR_ACCESS: i32 = SQLITE_IOERR | (13 << 8);
    pub const SQLITE_IOERR_LOCK: i32 = SQLITE_IOERR | (15 << 8);
    pub const SQLITE_IOERR_SHMOPEN: i32 = SQLITE_IOERR | (18 << 8);
    pub const SQLITE_IOERR_SHMSIZE: i32 = SQLITE_IOERR | (19 << 8);
    pub const SQLITE_IOERR_SHMMAP: i32 = SQLITE_IOERR | (21 << 8);
    pub const SQLITE_IOERR_SEEK: i32 = SQLITE_IOERR | (22 << 8);
    pub const SQLITE_LOCKED_SHAREDCACHE: i32 = SQLITE_LOCKED | (1 << 8);
    pub const SQLITE_BUSY_RECOVERY: i32 = SQLITE_BUSY | (1 << 8);
    pub const SQLITE_BUSY_SNAPSHOT: i32 = SQLITE_BUSY | (2 << 8);
    pub const SQLITE_BUSY_TIMEOUT: i32 = SQLITE_BUSY | (3 << 8);
    pub const SQLITE_CANTOPEN_NOTEMPDIR: i32 = SQLITE_CANTOPEN | (1 << 8);
    pub const SQLITE_CANTOPEN_ISDIR: i32 = SQLITE_CANTOPEN | (2 << 8);
    pub const SQLITE_CANTOPEN_FULLPATH: i32 = SQLITE_CANTOPEN | (3 << 8);
    pub const SQLITE_CORRUPT_VTAB: i32 = SQLITE_CORRUPT | (1 << 8);
    pub const SQLITE_CORRUPT_SEQUENCE: i32 = SQLITE_CORRUPT | (2 << 8);
    pub const SQLITE_CORRUPT_INDEX: i32 = SQLITE_CORRUPT | (3 << 8);
    pub const SQLITE_READONLY_RECOVERY: i32 = SQLITE_READONLY | (1 << 8);
    pub const SQLITE_READONLY_CANTLOCK: i32 = SQLITE_READONLY | (2 << 8);
    pub const SQLITE_READONLY_ROLLBACK: i32 = SQLITE_READONLY | (3 << 8);
    pub const SQLITE_READONLY_DBMOVED: i32 = SQLITE_READONLY | (4 << 8);
    pub const SQLITE_READONLY_CANTINIT: i32 = SQLITE_READONLY | (5 << 8);
    pub const SQLITE_READONLY_DIRECTORY: i32 = SQLITE_READONLY | (6 << 8);
    pub const SQLITE_ABORT_ROLLBACK: i32 = SQLITE_ABORT | (2 << 8);
    pub const SQLITE_CONSTRAINT_CHECK: i32 = SQLITE_CONSTRAINT | (1 << 8);
    pub const SQLITE_CONSTRAINT_COMMITHOOK: i32 = SQLITE_CONSTRAINT | (2 << 8);
    pub const SQLITE_CONSTRAINT_FOREIGNKEY: i32 = SQLITE_CONSTRAINT | (3 << 8);
    pub const SQLITE_CONSTRAINT_FUNCTION: i32 = SQLITE_CONSTRAINT | (4 << 8);
    pub const SQLITE_CONSTRAINT_NOTNULL: i32 = SQLITE_CONSTRAINT | (5 << 8);
    pub const SQLITE_CONSTRAINT_PRIMARYKEY: i32 = SQLITE_CONSTRAINT | (6 << 8);
    pub const SQLITE_CONSTRAINT_TRIGGER: i32 = SQLITE_CONSTRAINT | (7 << 8);
    pub const SQLITE_CONSTRAINT_UNIQUE: i32 = SQLITE_CONSTRAINT | (8 << 8);
    pub const SQLITE_CONSTRAINT_VTAB: i32 = SQLITE_CONSTRAINT | (9 << 8);
    pub const SQLITE_CONSTRAINT_ROWID: i32 = SQLITE_CONSTRAINT | (10 << 8);
    pub const SQLITE_CONSTRAINT_PINNED: i32 = SQLITE_CONSTRAINT | (11 << 8);
    pub const SQLITE_CONSTRAINT_DATATYPE: i32 = SQLITE_CONSTRAINT | (12 << 8);
    pub const SQLITE_NOTICE_RECOVER_WAL: i32 = SQLITE_NOTICE | (1 << 8);
    pub const SQLITE_NOTICE_RECOVER_ROLLBACK: i32 = SQLITE_NOTICE | (2 << 8);
    pub const SQLITE_AUTH_USER: i32 = SQLITE_AUTH | (1 << 8);
    pub const SQLITE_OK_LOAD_PERMANENTLY: i32 = SQLITE_OK | (1 << 8);
}

/// An engine error: SQLite's extended result code plus SQLite's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Extended result code; the primary code is its low 8 bits.
    pub extended_code: i32,
    /// The message `sqlite3_errmsg()` would return.
    pub message: String,
    /// Byte offset into the SQL text that the error refers to, when known
    /// (`sqlite3_error_offset()`).
    pub offset: Option<usize>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with an explicit (possibly extended) code and message.
    pub fn new(extended_code: i32, message: impl Into<String>) -> Error {
        Error {
            extended_code,
            message: message.into(),
            offset: None,
        }
    }

    /// `SQLITE_ERROR` with the given message: the code of SQL errors such as
    /// `no such table: t` or `near "x": syntax error`.
    pub fn sql(message: impl Into<String>) -> Error {
        Error::new(codes::SQLITE_ERROR, message)
    }

    /// `SQLITE_CORRUPT`: `database disk image is malformed`.
    pub fn corrupt() -> Error {
        Error::new(codes::SQLITE_CORRUPT, errstr(codes::SQLITE_CORRUPT))
    }

    /// `SQLITE_MISUSE`: `bad parameter or other API misuse`.
    pub fn misuse() -> Error {
        Error::new(codes::SQLITE_MISUSE, errstr(codes::SQLITE_MISUSE))
    }

    /// An error whose message is SQLite's default text for the code (`sqlite3_errstr`).
    pub fn from_code(extended_code: i32) -> Error {
        Error::new(extended_code, errstr(extended_code))
    }

    /// The primary result code (`SQLITE_CONSTRAINT` for `SQLITE_CONSTRAINT_UNIQUE`).
    pub fn code(&self) -> i32 {
        self.extended_code & 0xff
    }

    pub fn with_offset(mut self, offset: usize) -> Error {
        self.offset = Some(offset);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(codes::SQLITE_IOERR, format!("disk I/O error: {e}"))
    }
}

/// SQLite's default English text for a result code, as `sqlite3_errstr()` returns it.
pub fn errstr(code: i32) -> &'static str {
    use codes::*;
    match code {
        SQLITE_ROW => return "another row available",
        SQLITE_DONE => return "no more rows available",
        SQLITE_ABORT_ROLLBACK => return "abort due to ROLLBACK",
        _ => {}
    }
    match code & 0xff {
        SQLITE_OK => "not an error",
        SQLITE_ERROR => "SQL logic error",
        SQLITE_INTERNAL => "unknown error",
        SQLITE_PERM => "access permission denied",
        SQLITE_ABORT => "query aborted",
        SQLITE_BUSY => "database is locked",
        SQLITE_LOCKED => "database table is locked",
        SQLITE_NOMEM => "out of memory",
        SQLITE_READONLY => "attempt to write a readonly database",
        SQLITE_INTERRUPT => "interrupted",
        SQLITE_IOERR => "disk I/O error",
        SQLITE_CORRUPT => "database disk image is malformed",
        SQLITE_NOTFOUND => "unknown operation",
        SQLITE_FULL => "database or disk is full",
        SQLITE_CANTOPEN => "unable to open database file",
        SQLITE_PROTOCOL => "locking protocol",
        SQLITE_EMPTY => "unknown error",
        SQLITE_SCHEMA => "database schema has changed",
        SQLITE_TOOBIG => "string or blob too big",
        SQLITE_CONSTRAINT => "constraint failed",
        SQLITE_MISMATCH => "datatype mismatch",
        SQLITE_MISUSE => "bad parameter or other API misuse",
        SQLITE_NOLFS => "large file support is disabled",
        SQLITE_AUTH => "authorization denied",
        SQLITE_FORMAT => "unknown error",
        SQLITE_RANGE => "column index out of range",
        SQLITE_NOTADB => "file is not a database",
        SQLITE_NOTICE => "notification message",
        SQLITE_WARNING => "warning message",
        _ => "unknown error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_code_is_low_byte_of_extended() {
        let e = Error::new(
            codes::SQLITE_CONSTRAINT_UNIQUE,
            "UNIQUE constraint failed: t.a",
        );
        assert_eq!(e.code(), codes::SQLITE_CONSTRAINT);
        assert_eq!(e.extended_code, 2067);
    }

    #[test]
    fn errstr_matches_sqlite() {
        assert_eq!(errstr(codes::SQLITE_NOTADB), "file is not a database");
        assert_eq!(
            errstr(codes::SQLITE_CORRUPT_INDEX),
            "database disk image is malformed"
        );
        assert_eq!(errstr(codes::SQLITE_DONE), "no more rows available");
    }
}

//! Remaining built-ins: compile options, `sqlite_log`, `subtype`, `load_extension`.

use super::builtins::{scalar, DET};
use super::context::Context;
use super::convert;
use super::registry::{flags, FunctionRegistry};
use crate::error::{Error, Result};
use crate::value::Value;

/// What `PRAGMA compile_options` and `sqlite_compileoption_get/used` report: Debian's
/// SQLite 3.40.1 options, minus features Ferrolite does not have (FTS, R-Tree, sessions,
/// loadable extensions, virtual-table extras).
pub const COMPILE_OPTIONS: &[&str] = &[
    "ATOMIC_INTRINSICS=1",
    "COMPILER=rustc",
    "DEFAULT_AUTOVACUUM",
    "DEFAULT_CACHE_SIZE=-2000",
    "DEFAULT_FILE_FORMAT=4",
    "DEFAULT_JOURNAL_SIZE_LIMIT=-1",
    "DEFAULT_MMAP_SIZE=0",
    "DEFAULT_PAGE_SIZE=4096",
    "DEFAULT_PCACHE_INITSZ=20",
    "DEFAULT_RECURSIVE_TRIGGERS",
    "DEFAULT_SECTOR_SIZE=4096",
    "DEFAULT_SYNCHRONOUS=2",
    "DEFAULT_WAL_AUTOCHECKPOINT=1000",
    "DEFAULT_WAL_SYNCHRONOUS=2",
    "DEFAULT_WORKER_THREADS=0",
    "ENABLE_COLUMN_METADATA",
    "ENABLE_MATH_FUNCTIONS",
    "ENABLE_UPDATE_DELETE_LIMIT",
    "HAVE_ISNAN",
    "LIKE_DOESNT_MATCH_BLOBS",
    "MALLOC_SOFT_LIMIT=1024",
    "MAX_ATTACHED=10",
    "MAX_COLUMN=2000",
    "MAX_COMPOUND_SELECT=500",
    "MAX_DEFAULT_PAGE_SIZE=32768",
    "MAX_EXPR_DEPTH=1000",
    "MAX_FUNCTION_ARG=127",
    "MAX_LENGTH=1000000000",
    "MAX_LIKE_PATTERN_LENGTH=50000",
    "MAX_MMAP_SIZE=0x7fff0000",
    "MAX_PAGE_COUNT=1073741823",
    "MAX_PAGE_SIZE=65536",
    "MAX_SCHEMA_RETRY=25",
    "MAX_SQL_LENGTH=1000000000",
    "MAX_TRIGGER_DEPTH=1000",
    "MAX_VARIABLE_NUMBER=250000",
    "MAX_VDBE_OP=250000000",
    "MAX_WORKER_THREADS=8",
    "MUTEX_PTHREADS",
    "OMIT_LOOKASIDE",
    "SECURE_DELETE",
    "SOUNDEX",
    "SYSTEM_MALLOC",
    "TEMP_STORE=1",
    "THREADSAFE=1",
    "USE_URI",
];

/// `sqlite3_compileoption_used()`: `name` with or without `SQLITE_`, case-insensitive,
/// matching an option exactly or up to its `=`.
pub fn compile_option_used(name: &str) -> bool {
    let n = name
        .strip_prefix("SQLITE_")
        .or_else(|| name.strip_prefix("sqlite_"))
        .unwrap_or(name);
    COMPILE_OPTIONS.iter().any(|o| {
        o.len() >= n.len()
            && o[..n.len()].eq_ignore_ascii_case(n)
            && (o.len() == n.len() || o.as_bytes()[n.len()] == b'=')
    })
}

fn option_get(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let i = convert::int(&a[0]);
    Ok(usize::try_from(i)
        .ok()
        .and_then(|i| COMPILE_OPTIONS.get(i))
        .map_or(Value::Null, |o| Value::Text((*o).to_owned())))
}

fn option_used(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(match convert::text(&a[0]) {
        None => Value::Null,
        Some(n) => Value::Integer(compile_option_used(&n).into()),
    })
}

pub(crate) fn register(r: &mut FunctionRegistry) {
    let nondet = flags::INNOCUOUS;
    scalar(r, "sqlite_compileoption_get", 1, nondet, option_get);
    scalar(r, "sqlite_compileoption_used", 1, nondet, option_used);
    scalar(r, "sqlite_log", 2, DET, |_, _| Ok(Value::Null));
    scalar(r, "subtype", 1, DET, |c, _| {
        Ok(Value::Integer(c.arg_subtype(0).into()))
    });
    for n in [1, 2] {
        scalar(r, "load_extension", n, flags::DIRECTONLY, |_, _| {
            Err(Error::sql("not authorized"))
        });
    }
}

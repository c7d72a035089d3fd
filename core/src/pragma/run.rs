//! Executing a pragma: reads or changes connection settings and header fields, and produces
//! the result rows.

use std::sync::Arc;

use crate::btree::{self, Cursor, TreeKind};
use crate::connection::ConnState;
use crate::error::{Error, Result};
use crate::pager::{JournalMode, Synchronous};
use crate::value::record::{compare_record, decode_record};
use crate::value::Value;
use crate::vdbe::insn::Cookie;

use super::info;

fn int(i: i64) -> Vec<Vec<Value>> {
    vec![vec![Value::Integer(i)]]
}

fn text(s: &str) -> Vec<Vec<Value>> {
    vec![vec![Value::Text(s.to_owned())]]
}

/// A pragma's boolean argument (`ON`/`OFF`/`TRUE`/`YES`/1...).
fn bool_arg(a: &str) -> Option<bool> {
    match a.to_ascii_lowercase().as_str() {
        "1" | "on" | "true" | "yes" => Some(true),
        "0" | "off" | "false" | "no" => Some(false),
        other => other.parse::<i64>().ok().map(|v| v != 0),
    }
}

fn int_arg(a: &str) -> i64 {
    crate::value::convert::text_to_int(a.as_bytes())
}

/// Default values of the simple integer/boolean pragmas, as sqlite3 3.40.1 reports them.
pub(crate) fn default_setting(name: &str) -> Option<i64> {
    Some(match name {
        "cache_size" => -2000,
        "synchronous" => 2,
        "temp_store"
        | "auto_vacuum"
        | "recursive_triggers"
        | "legacy_alter_table"
        | "query_only"
        | "reverse_unordered_selects"
        | "cell_size_check"
        | "defer_foreign_keys"
        | "ignore_check_constraints"
        | "count_changes"
        | "full_column_names"
        | "mmap_size"
        | "threads"
        | "soft_heap_limit"
        | "hard_heap_limit"
        | "analysis_limit"
        | "writable_schema" => 0,
        "secure_delete" | "automatic_index" | "short_column_names" | "trusted_schema" => 1,
        "wal_autocheckpoint" => 1000,
        "journal_size_limit" => -1,
        _ => return None,
    })
}

/// Runs PRAGMA `name` (lower-case) with `arg`; returns its rows.
pub(crate) fn run(
    conn: &mut ConnState,
    schema: Option<&str>,
    name: &str,
    arg: Option<&str>,
) -> Result<Vec<Vec<Value>>> {
    let db = match schema {
        Some(s) => {
            let db = conn
                .schema
                .db_index(s)
                .ok_or_else(|| Error::sql(format!("unknown database {s}")))?;
            if db != 0 {
                // The statement's Transaction covered main only.
                conn.begin(db, false)?;
            }
            Some(db)
        }
        None => None,
    };
    let rows = run_inner(conn, db, name, arg)?;
    if super::columns(name, arg.is_some()).is_empty() {
        return Ok(Vec::new());
    }
    Ok(rows)
}

/// `on` is the database named by the pragma's qualifier (`None`: unqualified, main for
/// settings, every database for name lookups as in `lang_naming.html`).
fn run_inner(
    conn: &mut ConnState,
    on: Option<usize>,
    name: &str,
    arg: Option<&str>,
) -> Result<Vec<Vec<Value>>> {
    let schema = match on.and_then(|d| conn.schema.dbs.get(d)) {
        Some(d) => d.schema.clone(),
        None => conn.schema.clone(),
    };
    let db = on.unwrap_or(0);
    Ok(match (name, arg) {
        ("table_info", Some(t)) => info::table_info(&schema, t, false),
        ("table_xinfo", Some(t)) => info::table_info(&schema, t, true),
        ("index_list", Some(t)) => info::index_list(&schema, t),
        ("index_info", Some(i)) => info::index_info(&schema, i, false),
        ("index_xinfo", Some(i)) => info::index_info(&schema, i, true),
        ("foreign_key_list", Some(t)) => info::foreign_key_list(&schema, t),
        ("foreign_key_check", t) => super::fkcheck::foreign_key_check(conn, on, t)?,
        // Main's own objects (info::table_list adds the temp schema table itself).
        ("table_list", a) => match (on, conn.schema.dbs.first()) {
            (None, Some(main)) => info::table_list(&main.schema, a),
            _ => info::table_list(&schema, a),
        },
        ("database_list", _) => conn.database_list(),
        ("collation_list", _) => {
            let mut names: Vec<String> = conn.collations.keys().cloned().collect();
            names.sort();
            names.extend([
                "RTRIM".to_string(),
                "NOCASE".to_string(),
                "BINARY".to_string(),
            ]);
            names
                .into_iter()
                .enumerate()
                .map(|(i, n)| vec![Value::Integer(i as i64), Value::Text(n)])
                .collect()
        }
        ("function_list", _) => conn
            .funcs
            .list()
            .into_iter()
            .map(|f| {
                vec![
                    Value::Text(f.name),
                    Value::Integer(f.builtin as i64),
                    Value::Text(f.kind.code().into()),
                    Value::Text("utf8".into()),
                    Value::Integer(f.n_args as i64),
                    Value::Integer(f.flags as i64),
                ]
            })
            .collect(),
        ("compile_options", _) => crate::func::COMPILE_OPTIONS
            .iter()
            .map(|o| vec![Value::Text((*o).into())])
            .collect(),
        ("user_version", a) => cookie(conn, db, Cookie::UserVersion, a)?,
        ("application_id", a) => cookie(conn, db, Cookie::ApplicationId, a)?,
        ("schema_version", a) => cookie(conn, db, Cookie::SchemaVersion, a)?,
        ("page_size", Some(a)) => {
            conn.pager(db)?
                .set_page_size(int_arg(a).clamp(0, 1 << 17) as usize);
            Vec::new()
        }
        ("page_size", None) => int(conn.pager(db)?.page_size() as i64),
        ("page_count", _) => int(conn.pager(db)?.page_count() as i64),
        ("freelist_count", _) => int(conn.pager(db)?.freelist_count()? as i64),
        ("max_page_count", _) => int(1073741823),
        ("data_version", _) => int(conn.data_version()),
        ("encoding", None) => text("UTF-8"),
        ("encoding", Some(_)) => Vec::new(),
        ("journal_mode", a) => {
            let pager = conn.pager(db)?;
            if let Some(mode) = a.and_then(JournalMode::parse) {
                if conn.txn == crate::connection::TxnState::Write && mode != pager.journal_mode() {
                    return Err(Error::sql(
                        "cannot change journal mode from within a transaction",
                    ));
                }
                pager.set_journal_mode(mode);
            }
            text(pager.journal_mode().name())
        }
        ("locking_mode", _) => text("normal"),
        ("busy_timeout", a) => {
            if let Some(a) = a {
                conn.busy_timeout_ms = int_arg(a).clamp(0, i32::MAX as i64) as u32;
                conn.pager(db)?.set_busy_timeout(conn.busy_timeout_ms);
            }
            int(conn.busy_timeout_ms as i64)
        }
        ("foreign_keys", None) => int(conn.foreign_keys as i64),
        ("foreign_keys", Some(a)) => {
            if conn.autocommit {
                conn.foreign_keys = bool_arg(a).unwrap_or(conn.foreign_keys);
            }
            Vec::new()
        }
        ("case_sensitive_like", Some(a)) => {
            conn.case_sensitive_like = bool_arg(a).unwrap_or(false);
            Vec::new()
        }
        ("integrity_check" | "quick_check", a) => {
            let max = a.map_or(100, |a| int_arg(a).max(1)) as usize;
            integrity_check(conn, on, max)?
        }
        ("wal_checkpoint", a) => {
            use crate::wal::CheckpointMode;
            let mode = match a.map(|m| m.to_ascii_lowercase()).as_deref() {
                Some("full") => CheckpointMode::Full,
                Some("restart") => CheckpointMode::Restart,
                Some("truncate") => CheckpointMode::Truncate,
                _ => CheckpointMode::Passive,
            };
            let (b, l, c) = conn.pager(db)?.wal_checkpoint(mode)?;
            vec![vec![
                Value::Integer(b),
                Value::Integer(l),
                Value::Integer(c),
            ]]
        }
        ("wal_autocheckpoint", Some(a)) => {
            let v = conn.pager(db)?.set_wal_autocheckpoint(int_arg(a));
            conn.settings.insert("wal_autocheckpoint".into(), v);
            int(v)
        }
        ("cache_size", Some(a)) => {
            let v = int_arg(a);
            conn.pager(db)?.set_cache_size(v);
            conn.settings.insert("cache_size".into(), v);
            Vec::new()
        }
        ("synchronous", Some(a)) => {
            let v = setting_value("synchronous", a).clamp(0, 3);
            let s = match v {
                0 => Synchronous::Off,
                1 => Synchronous::Normal,
                3 => Synchronous::Extra,
                _ => Synchronous::Full,
            };
            conn.pager(db)?.set_synchronous(s);
            conn.settings.insert("synchronous".into(), v);
            Vec::new()
        }
        (n, None) => match default_setting(n) {
            Some(d) => int(conn.settings.get(n).copied().unwrap_or(d)),
            None => Vec::new(),
        },
        (n, Some(a)) => {
            if let Some(max) = echo_limit(n) {
                let v = int_arg(a).clamp(-1, max);
                let v = if n == "secure_delete" {
                    bool_arg(a).map_or(v, i64::from)
                } else {
                    v
                };
                conn.settings.insert(n.to_owned(), v);
                return Ok(int(v));
            }
            if default_setting(n).is_some() {
                let v = match bool_arg(a) {
                    Some(b) if !a.chars().all(|c| c.is_ascii_digit() || c == '-') => b as i64,
                    _ => setting_value(n, a),
                };
                conn.settings.insert(n.to_owned(), v);
            }
            Vec::new()
        }
    })
}

/// Setters that report the value they set, with its upper bound.
fn echo_limit(name: &str) -> Option<i64> {
    Some(match name {
        "journal_size_limit" | "soft_heap_limit" | "hard_heap_limit" => i64::MAX,
        "threads" => 8,
        "analysis_limit" => i64::MAX,
        "secure_delete" => 2,
        _ => return None,
    })
}

/// The value a setter stores (synchronous and temp_store take names too).
fn setting_value(name: &str, a: &str) -> i64 {
    let l = a.to_ascii_lowercase();
    match (name, l.as_str()) {
        ("synchronous", "off") => 0,
        ("synchronous", "normal") => 1,
        ("synchronous", "full") => 2,
        ("synchronous", "extra") => 3,
        ("temp_store", "default") => 0,
        ("temp_store", "file") => 1,
        ("temp_store", "memory") => 2,
        _ => int_arg(a),
    }
}

/// Reads or sets a header cookie.
fn cookie(conn: &mut ConnState, db: usize, c: Cookie, a: Option<&str>) -> Result<Vec<Vec<Value>>> {
    use crate::vdbe::exec_schema::{read_cookie, write_cookie};
    match a {
        None => Ok(int(read_cookie(conn, db, c)? as i32 as i64)),
        Some(a) => {
            conn.begin(0, true)?;
            crate::vdbe::ensure_header(conn)?;
            if db != 0 {
                conn.begin(db, true)?;
            }
            write_cookie(conn, db, c, int_arg(a) as u32)?;
            if c == Cookie::SchemaVersion {
                conn.schema_dirty = true;
            }
            Ok(Vec::new())
        }
    }
}

/// `PRAGMA integrity_check`: every b-tree's structure, then each index against its table.
/// Checks database `on`, or every database when `None` (as SQLite does).
fn integrity_check(conn: &mut ConnState, on: Option<usize>, max: usize) -> Result<Vec<Vec<Value>>> {
    let dbs: Vec<usize> = match on {
        Some(d) => vec![d],
        None => (0..conn.dbs.len()).collect(),
    };
    let mut errors: Vec<String> = Vec::new();
    for db in dbs {
        if db != 0 {
            conn.begin(db, false)?;
        }
        let all = conn.schema.clone();
        let Some(schema) = all.db_schema(db) else {
            continue;
        };
        check_db(&conn.pager(db)?, schema, max, &mut errors)?;
    }
    errors.truncate(max);
    if errors.is_empty() {
        return Ok(text("ok"));
    }
    Ok(errors.into_iter().map(|e| vec![Value::Text(e)]).collect())
}

/// The integrity checks of one database.
fn check_db(
    pager: &Arc<crate::pager::Pager>,
    schema: &crate::schema::Schema,
    max: usize,
    errors: &mut Vec<String>,
) -> Result<()> {
    let pager = pager.clone();
    if pager.page_count() > 0 {
        errors.extend(btree::check_tree(&pager, 1, TreeKind::Table));
        let mut tables: Vec<_> = schema.tables.values().filter(|t| t.root_page > 1).collect();
        tables.sort_by_key(|t| t.root_page);
        for t in tables {
            let kind = if t.without_rowid {
                TreeKind::Index
            } else {
                TreeKind::Table
            };
            errors.extend(btree::check_tree(&pager, t.root_page, kind));
            super::row_check::check_rows(&pager, t, errors, max)?;
        }
        let mut idxs: Vec<_> = schema
            .indexes
            .values()
            .filter(|i| i.root_page > 1)
            .collect();
        idxs.sort_by_key(|i| i.root_page);
        for ix in idxs {
            errors.extend(btree::check_tree(&pager, ix.root_page, TreeKind::Index));
            if errors.len() >= max {
                break;
            }
            if let Some(t) = schema.tables.get(&ix.table.to_ascii_lowercase()) {
                let reads_virtual = ix
                    .column_numbers()
                    .is_some_and(|cs| cs.iter().any(|&c| t.columns[c].is_virtual()));
                if !t.without_rowid && ix.partial.is_none() && !reads_virtual {
                    check_index(&pager, t, ix, errors)?;
                }
            }
        }
    }
    Ok(())
}

/// Each table row must have its index entry, and the entry counts must match.
fn check_index(
    pager: &Arc<crate::pager::Pager>,
    t: &crate::schema::Table,
    ix: &crate::schema::Index,
    errors: &mut Vec<String>,
) -> Result<()> {
    let Some(cols) = ix.column_numbers() else {
        return Ok(());
    };
    let ki = ix.key_info();
    let mut tc = Cursor::new(pager.clone(), t.root_page, TreeKind::Table);
    let mut ic = Cursor::new(pager.clone(), ix.root_page, TreeKind::Index);
    let mut n_rows = 0u64;
    let mut more = tc.first()?;
    while more {
        n_rows += 1;
        let rowid = tc.rowid()?;
        let rec = decode_record(&tc.payload()?)?;
        let mut key: Vec<Value> = cols
            .iter()
            .map(|&c| {
                if Some(c) == t.rowid_alias {
                    Value::Integer(rowid)
                } else {
                    rec.get(t.storage_pos(c)).cloned().unwrap_or_else(|| {
                        crate::codegen::generated::missing_field_value(&t.columns[c])
                            .unwrap_or_default()
                    })
                }
            })
            .collect();
        key.push(Value::Integer(rowid));
        let found = ic.seek_index(btree::SeekOp::EQ, &mut |e: &[u8]| {
            compare_record(e, &key, &ki, None)
        })?;
        if !found {
            errors.push(format!("row {n_rows} missing from index {}", ix.name));
        }
        more = tc.next()?;
    }
    let n_idx = ic.count()?;
    if n_idx != n_rows {
        errors.push(format!("wrong # of entries in index {}", ix.name));
    }
    Ok(())
}

//! PRAGMA statements (pragma.html): compiled to a small program whose `PragmaRows` instruction
//! runs the pragma at execution time and yields its rows.
//!
//! ```text
//! 0 Transaction 0 write?      (read, or write for setters that change the file)
//! 1 PragmaRows  cursor 0      (runs `pragma::run`, rows into an ephemeral table)
//! 2 Rewind 0 → 6
//! 3 Column 0,i → r[1+i] ...
//! 4 ResultRow 1, n
//! 5 Next 0 → 3
//! 6 Halt
//! ```
//! Column names are fixed at prepare time and match sqlite3 3.40.1's; setters report no
//! columns except those SQLite echoes (`journal_mode`, `busy_timeout`, ...). Unknown pragmas
//! are no-ops, as in SQLite.

mod fkcheck;
mod index_pk;
mod info;
mod row_check;
mod run;

pub(crate) use run::run;

use crate::parser::ast;
use crate::vdbe::insn::{Insn, OnError};
use crate::vdbe::Program;

/// The result column names of `name` (lower-case) when called with or without an argument.
pub(crate) fn columns(name: &str, has_arg: bool) -> Vec<&'static str> {
    let cols: &[&str] = match name {
        "table_info" => &["cid", "name", "type", "notnull", "dflt_value", "pk"],
        "table_xinfo" => &[
            "cid",
            "name",
            "type",
            "notnull",
            "dflt_value",
            "pk",
            "hidden",
        ],
        "index_list" => &["seq", "name", "unique", "origin", "partial"],
        "index_info" => &["seqno", "cid", "name"],
        "index_xinfo" => &["seqno", "cid", "name", "desc", "coll", "key"],
        "database_list" => &["seq", "name", "file"],
        "collation_list" => &["seq", "name"],
        "foreign_key_list" => &[
            "id",
            "seq",
            "table",
            "from",
            "to",
            "on_update",
            "on_delete",
            "match",
        ],
        "foreign_key_check" => &["table", "rowid", "parent", "fkid"],
        "function_list" => &["name", "builtin", "type", "enc", "narg", "flags"],
        "table_list" => &["schema", "name", "type", "ncol", "wr", "strict"],
        "compile_options" => &["compile_options"],
        "integrity_check" => &["integrity_check"],
        "quick_check" => &["quick_check"],
        "busy_timeout" => &["timeout"],
        "journal_mode" => &["journal_mode"],
        "locking_mode" => &["locking_mode"],
        "page_count" => &["page_count"],
        "freelist_count" => &["freelist_count"],
        "data_version" => &["data_version"],
        "max_page_count" => &["max_page_count"],
        "encoding" if !has_arg => &["encoding"],
        "wal_checkpoint" => &["busy", "log", "checkpointed"],
        // Setters that echo the value now in force.
        "wal_autocheckpoint" | "journal_size_limit" | "threads" | "soft_heap_limit"
        | "hard_heap_limit" | "analysis_limit" | "secure_delete"
            if has_arg =>
        {
            return vec![static_name(name)];
        }
        "user_version"
        | "application_id"
        | "schema_version"
        | "synchronous"
        | "cache_size"
        | "page_size"
        | "foreign_keys"
        | "temp_store"
        | "auto_vacuum"
        | "recursive_triggers"
        | "secure_delete"
        | "automatic_index"
        | "legacy_alter_table"
        | "query_only"
        | "reverse_unordered_selects"
        | "cell_size_check"
        | "defer_foreign_keys"
        | "ignore_check_constraints"
        | "count_changes"
        | "full_column_names"
        | "short_column_names"
        | "mmap_size"
        | "wal_autocheckpoint"
        | "journal_size_limit"
        | "threads"
        | "soft_heap_limit"
        | "hard_heap_limit"
        | "analysis_limit"
        | "trusted_schema"
        | "writable_schema"
            if !has_arg =>
        {
            return vec![static_name(name)];
        }
        _ => &[],
    };
    cols.to_vec()
}

fn static_name(name: &str) -> &'static str {
    const NAMES: &[&str] = &[
        "user_version",
        "application_id",
        "schema_version",
        "synchronous",
        "cache_size",
        "page_size",
        "foreign_keys",
        "temp_store",
        "auto_vacuum",
        "recursive_triggers",
        "secure_delete",
        "automatic_index",
        "legacy_alter_table",
        "query_only",
        "reverse_unordered_selects",
        "cell_size_check",
        "defer_foreign_keys",
        "ignore_check_constraints",
        "count_changes",
        "full_column_names",
        "short_column_names",
        "mmap_size",
        "wal_autocheckpoint",
        "journal_size_limit",
        "threads",
        "soft_heap_limit",
        "hard_heap_limit",
        "analysis_limit",
        "trusted_schema",
        "writable_schema",
    ];
    NAMES.iter().find(|n| **n == name).copied().unwrap_or("")
}

/// Whether running the pragma may write the database file.
fn writes(name: &str, has_arg: bool) -> bool {
    has_arg && matches!(name, "user_version" | "application_id" | "schema_version")
}

/// Compiles `PRAGMA [schema.]name [= value | (value)]`.
pub(crate) fn compile(p: &ast::Pragma, sql: &str) -> Program {
    let name = p.name.name.name.to_ascii_lowercase();
    let arg = p.value.as_ref().map(|v| v.text.clone());
    let cols = columns(&name, arg.is_some());
    let n = cols.len();
    let end = 5 + n;
    // wal_checkpoint must run outside any transaction of this connection.
    // defer_foreign_keys must not end the autocommit transaction it is set for.
    let txn = name != "wal_checkpoint" && name != "defer_foreign_keys";
    let end = if txn { end } else { end - 1 };
    let mut insns = Vec::new();
    if txn {
        insns.push(Insn::Transaction {
            db: 0,
            write: writes(&name, arg.is_some()),
            schema_cookie: None,
        });
    }
    insns.extend([
        Insn::PragmaRows {
            cursor: 0,
            schema: p.schema_name(),
            name: name.clone(),
            arg,
        },
        Insn::Rewind {
            cursor: 0,
            target: end,
        },
    ]);
    let body = insns.len();
    for i in 0..n {
        insns.push(Insn::Column {
            cursor: 0,
            column: i,
            dest: 1 + i,
            default: None,
        });
    }
    insns.push(Insn::ResultRow { start: 1, count: n });
    insns.push(Insn::Next {
        cursor: 0,
        target: body,
    });
    insns.push(Insn::Halt {
        code: 0,
        on_error: OnError::Abort,
        message: None,
    });
    Program {
        insns,
        n_regs: n + 1,
        n_cursors: 1,
        column_names: cols.iter().map(|s| s.to_string()).collect(),
        column_decltypes: vec![None; n],
        column_origins: vec![None; n],
        params: Vec::new(),
        readonly: !writes(&name, p.value.is_some()),
        explain: 0,
        sql: sql.to_owned(),
        query_plan: Vec::new(),
        dbs_epoch: 0,
        no_stmt_journal: false,
    }
}

trait SchemaName {
    fn schema_name(&self) -> Option<String>;
}

impl SchemaName for ast::Pragma {
    fn schema_name(&self) -> Option<String> {
        self.name.schema.as_ref().map(|s| s.name.clone())
    }
}

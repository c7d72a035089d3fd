//! `PRAGMA foreign_key_check[(table)]` (pragma.html#pragma_foreign_key_check): one row
//! (table, rowid, parent, fkid) per foreign key a child row violates, whatever
//! `PRAGMA foreign_keys` says.
//!
//! Each child table is read by a query compiled from SQL: per row its rowid and, for each
//! foreign key in `fkid` order, whether the row violates it (all FK columns non-NULL and no
//! parent row with an equal key). Rows come out in the table's order, then by `fkid`; tables
//! in the order SQLite's schema hash yields them for small schemas (newest first).

use std::sync::Arc;

use crate::codegen::fkey::parent_key_names;
use crate::connection::ConnState;
use crate::error::{Error, Result};
use crate::schema::{Schema, Table};
use crate::value::Value;
use crate::vdbe::exec::{StepOutcome, Vm};

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

const C: &str = "\"fk$child\"";
const P: &str = "\"fk$parent\"";

/// Runs the pragma for `table`, or every table of database `on` (main when `None`) when
/// `None`. An unqualified table is found as names resolve (temp, main, then attached); its
/// parents are looked up in its own database, as in SQLite.
pub(crate) fn foreign_key_check(
    conn: &mut ConnState,
    on: Option<usize>,
    table: Option<&str>,
) -> Result<Vec<Vec<Value>>> {
    let all = conn.schema.clone();
    let n_dbs = all.dbs.len().max(1);
    let db = match (on, table) {
        (Some(d), _) => d,
        (None, None) => 0,
        (None, Some(name)) => [1, 0]
            .into_iter()
            .chain(2..n_dbs)
            .find(|&d| all.db_schema(d).is_some_and(|s| s.table(name).is_some()))
            .ok_or_else(|| Error::sql(format!("no such table: {name}")))?,
    };
    let schema = all.db_schema(db).unwrap_or(&all);
    let tables: Vec<Arc<Table>> = match table {
        Some(name) => vec![schema.table(name).ok_or_else(|| match on {
            Some(d) => Error::sql(format!("no such table: {}.{name}", all.db_name(d))),
            None => Error::sql(format!("no such table: {name}")),
        })?],
        None => {
            let mut v: Vec<Arc<Table>> = schema
                .tables
                .values()
                .filter(|t| !t.foreign_keys.is_empty())
                .cloned()
                .collect();
            v.sort_by_key(|t| std::cmp::Reverse(t.root_page));
            v
        }
    };
    if db != 0 && tables.iter().any(|t| !t.foreign_keys.is_empty()) {
        // The statement's Transaction covered main only.
        conn.begin(db, false)?;
    }
    let qualifier = if all.dbs.is_empty() {
        String::new()
    } else {
        format!("{}.", quote(all.db_name(db)))
    };
    let mut rows = Vec::new();
    for t in tables {
        if t.foreign_keys.is_empty() {
            continue;
        }
        let sql = violation_query(schema, &t, &qualifier)?;
        let n = t.foreign_keys.len();
        for r in run_query(conn, &all, &sql)? {
            // Columns: rowid, then one flag per fkid.
            for fkid in 0..n {
                if matches!(r.get(1 + fkid), Some(Value::Integer(v)) if *v != 0) {
                    let fk = &t.foreign_keys[n - 1 - fkid];
                    rows.push(vec![
                        Value::Text(t.name.clone()),
                        r[0].clone(),
                        Value::Text(fk.parent.clone()),
                        Value::Integer(fkid as i64),
                    ]);
                }
            }
        }
    }
    Ok(rows)
}

/// `SELECT rowid, <violates fkid 0>, <violates fkid 1>, ... FROM child`.
/// `qualifier` (`"aux".` or empty) names the database of the child and its parents.
///
/// A child value is compared as SQLite's FK lookups compare it: the parent column's
/// affinity applied to it, the parent column's collation. `parent.p = +child.c` does that
/// (the unary `+` strips the child column's affinity, so only the parent's one applies).
fn violation_query(schema: &Schema, t: &Arc<Table>, qualifier: &str) -> Result<String> {
    let n = t.foreign_keys.len();
    let mut flags = Vec::with_capacity(n);
    for fkid in 0..n {
        let id = n - 1 - fkid;
        let fk = &t.foreign_keys[id];
        let mut terms: Vec<String> = fk
            .columns
            .iter()
            .map(|c| format!("{C}.{} IS NOT NULL", quote(&t.columns[*c].name)))
            .collect();
        if let Some((parent, pcols)) = parent_key_names(schema, t, id)? {
            let eqs: Vec<String> = fk
                .columns
                .iter()
                .zip(&pcols)
                .map(|(c, p)| format!("{P}.{} = +{C}.{}", quote(p), quote(&t.columns[*c].name)))
                .collect();
            terms.push(format!(
                "NOT EXISTS (SELECT 1 FROM {qualifier}{} AS {P} WHERE {})",
                quote(&parent.name),
                eqs.join(" AND ")
            ));
        }
        flags.push(format!("({})", terms.join(" AND ")));
    }
    let rowid = if t.without_rowid {
        "NULL".to_owned()
    } else {
        format!("{C}._rowid_")
    };
    Ok(format!(
        "SELECT {rowid}, {} FROM {qualifier}{} AS {C}",
        flags.join(", "),
        quote(&t.name)
    ))
}

/// Compiles and runs a read-only query on the connection (inside the pragma's own read
/// transaction); returns its rows.
fn run_query(conn: &mut ConnState, schema: &Schema, sql: &str) -> Result<Vec<Vec<Value>>> {
    let Some((stmt, _)) = crate::parser::parse_one(sql)? else {
        return Ok(Vec::new());
    };
    let funcs = conn.funcs.clone();
    let mut prog = crate::codegen::compile(&stmt, sql, schema, &*funcs)?;
    // Compiled against the current database list (else `Transaction` asks to re-prepare).
    prog.dbs_epoch = conn.dbs_epoch;
    let mut vm = Vm::new(Arc::new(prog));
    let mut rows = Vec::new();
    let r = loop {
        match vm.step(conn) {
            Ok(StepOutcome::Row) => rows.push(std::mem::take(&mut vm.row)),
            Ok(StepOutcome::Done) => break Ok(rows),
            Ok(StepOutcome::Call) => {
                break Err(Error::sql("foreign_key_check cannot call functions"))
            }
            // A VM left in blocking I/O mode never suspends.
            Ok(StepOutcome::Pending) => {
                break Err(Error::from_code(crate::error::codes::SQLITE_INTERNAL))
            }
            Err(e) => break Err(e),
        }
    };
    if vm.active {
        conn.n_active = conn.n_active.saturating_sub(1);
    }
    r
}

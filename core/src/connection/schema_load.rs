//! Reading `sqlite_schema` (root page 1) into a [`Schema`].

use crate::btree::{Cursor, TreeKind};
use crate::error::{Error, Result};
use crate::pager::Pager;
use crate::schema::{Schema, SchemaRow};
use crate::value::record::decode_record;
use crate::value::Value;

/// The rows of `sqlite_schema`, in rowid order.
pub(crate) fn schema_rows(pager: &std::sync::Arc<Pager>) -> Result<Vec<SchemaRow>> {
    let mut rows = Vec::new();
    if pager.page_count() == 0 {
        return Ok(rows);
    }
    let mut c = Cursor::new(pager.clone(), 1, TreeKind::Table);
    let mut more = c.first()?;
    while more {
        let rec = decode_record(&c.payload()?)?;
        let text = |i: usize| match rec.get(i) {
            Some(Value::Text(s)) => s.clone(),
            _ => String::new(),
        };
        rows.push(SchemaRow {
            kind: text(0),
            name: text(1),
            tbl_name: text(2),
            root_page: match rec.get(3) {
                Some(Value::Integer(i)) => *i as u32,
                _ => 0,
            },
            sql: match rec.get(4) {
                Some(Value::Text(s)) => Some(s.clone()),
                _ => None,
            },
        });
        more = c.next()?;
    }
    Ok(rows)
}

/// The schema cookie (header offset 40); 0 for an empty database.
pub(crate) fn schema_cookie(pager: &Pager) -> Result<u32> {
    if pager.page_count() == 0 {
        return Ok(0);
    }
    let page = pager.get(1)?;
    let d = page.data();
    let b = d.get(40..44).ok_or_else(Error::corrupt)?;
    Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads the whole schema of database number `db`.
pub(crate) fn read_schema(pager: &std::sync::Arc<Pager>, db: usize) -> Result<Schema> {
    let rows = schema_rows(pager)?;
    let cookie = schema_cookie(pager)?;
    let mut schema = Schema::load(db, &rows, cookie, &parse_schema_sql)?;
    if let Some(t) = schema.table("sqlite_stat1") {
        schema.stat1 = read_stat1(pager, t.root_page)?;
    }
    Ok(schema)
}

/// The rows of `sqlite_stat1` (root page `root`) for the planner; a row whose columns are not
/// text is skipped, as sqlite3 does.
fn read_stat1(pager: &std::sync::Arc<Pager>, root: u32) -> Result<crate::planner::stat::Stat1> {
    let mut stat = crate::planner::stat::Stat1::default();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    let mut more = c.first()?;
    while more {
        let rec = decode_record(&c.payload()?)?;
        let text = |i: usize| match rec.get(i) {
            Some(Value::Text(s)) => Some(s.to_string()),
            _ => None,
        };
        if let (Some(tbl), Some(s)) = (text(0), text(2)) {
            stat.add(&tbl, text(1).as_deref(), &s);
        }
        more = c.next()?;
    }
    Ok(stat)
}

fn parse_schema_sql(sql: &str) -> Result<crate::parser::ast::Stmt> {
    match crate::parser::parse_one(sql)? {
        Some((stmt, _)) => Ok(stmt),
        None => Err(Error::sql("empty schema statement")),
    }
}

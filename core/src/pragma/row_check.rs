//! `PRAGMA integrity_check`'s per-row checks of a table: NOT NULL columns hold no NULL
//! ("NULL value in t.a") and STRICT columns hold their type ("non-INT value in t.a"; a
//! REAL column may hold an integer, which is how whole reals are stored).

use std::sync::Arc;

use crate::btree::{Cursor, TreeKind};
use crate::error::Result;
use crate::schema::Table;
use crate::value::record::decode_record;
use crate::value::Value;
use crate::vdbe::typecheck::StrictType;

/// Appends the row errors of `t` to `errors` (stops once `max` errors are known).
pub(crate) fn check_rows(
    pager: &Arc<crate::pager::Pager>,
    t: &Table,
    errors: &mut Vec<String>,
    max: usize,
) -> Result<()> {
    // (record field, column) of the stored columns worth a look.
    let checked: Vec<(usize, usize, Option<StrictType>)> = t
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.is_virtual() && t.rowid_alias != Some(*i))
        .map(|(i, c)| {
            let ty = if t.strict {
                c.decl_type.as_deref().and_then(StrictType::from_name)
            } else {
                None
            };
            (t.storage_pos(i), i, ty)
        })
        .filter(|(_, i, ty)| ty.is_some() || t.columns[*i].not_null)
        .collect();
    if checked.is_empty() {
        return Ok(());
    }
    let kind = if t.without_rowid {
        TreeKind::Index
    } else {
        TreeKind::Table
    };
    let mut cur = Cursor::new(pager.clone(), t.root_page, kind);
    let mut more = cur.first()?;
    while more && errors.len() < max {
        let rec = decode_record(&cur.payload()?)?;
        for &(pos, i, ty) in &checked {
            let c = &t.columns[i];
            // A field past the record's end reads the column's DEFAULT (ALTER TABLE ADD
            // COLUMN requires a non-NULL one for NOT NULL columns).
            let dflt;
            let v = match rec.get(pos) {
                Some(v) => v,
                None => {
                    dflt = crate::codegen::generated::missing_field_value(c).unwrap_or_default();
                    &dflt
                }
            };
            if v.is_null() {
                if c.not_null {
                    errors.push(format!("NULL value in {}.{}", t.name, c.name));
                }
                continue;
            }
            let ok = match ty {
                None => true,
                Some(StrictType::Int | StrictType::Integer) => matches!(v, Value::Integer(_)),
                Some(StrictType::Real) => matches!(v, Value::Real(_) | Value::Integer(_)),
                Some(StrictType::Text) => matches!(v, Value::Text(_)),
                Some(StrictType::Blob) => matches!(v, Value::Blob(_)),
            };
            if let (false, Some(ty)) = (ok, ty) {
                errors.push(format!("non-{} value in {}.{}", ty.name(), t.name, c.name));
            }
        }
        more = cur.next()?;
    }
    Ok(())
}

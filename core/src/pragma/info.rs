//! Schema-describing pragmas: table_info, table_xinfo, index_list, index_info, index_xinfo,
//! foreign_key_list, table_list.

use super::index_pk;
use crate::schema::{Index, IndexOrigin, IndexedExpr, Schema, Table};
use crate::value::Value;

fn int(i: impl Into<i64>) -> Value {
    Value::Integer(i.into())
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// `DEFAULT (expr)` is reported without its parentheses.
fn strip_parens(d: &str) -> &str {
    let t = d.trim();
    if t.starts_with('(') && t.ends_with(')') {
        let inner = &t[1..t.len() - 1];
        // Only when the outer pair matches: "(1)+(2)" keeps its parentheses.
        let mut depth = 0i32;
        for ch in inner.chars() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth < 0 {
                        return t;
                    }
                }
                _ => {}
            }
        }
        return inner.trim();
    }
    t
}

/// The table `name`, the schema table under any of its names included
/// (`sqlite_schema`, `sqlite_master`, `sqlite_temp_schema`...).
fn find_table(s: &Schema, name: &str) -> Option<std::sync::Arc<Table>> {
    s.table(name)
}

fn find_index<'a>(s: &'a Schema, name: &str) -> Option<&'a Index> {
    s.indexes
        .get(&name.to_ascii_lowercase())
        .map(|t| t.as_ref())
}

/// `table_info` (xinfo = false) / `table_xinfo` rows.
pub(crate) fn table_info(s: &Schema, name: &str, xinfo: bool) -> Vec<Vec<Value>> {
    let Some(t) = find_table(s, name) else {
        return view_info(s, name, xinfo);
    };
    let mut rows = Vec::new();
    for (i, c) in t.columns.iter().enumerate() {
        if (c.hidden || c.generated.is_some()) && !xinfo {
            continue;
        }
        let pk = t
            .primary_key
            .iter()
            .position(|(col, _)| *col == i)
            .map_or(0, |p| p as i64 + 1);
        let mut row = vec![
            int(rows.len() as i64),
            text(&c.name),
            text(c.decl_type.as_deref().unwrap_or("")),
            int(c.not_null as i64),
            c.default_text
                .as_deref()
                .map_or(Value::Null, |d| text(strip_parens(d))),
            int(pk),
        ];
        if xinfo {
            // 1: hidden (virtual tables), 2: VIRTUAL generated, 3: STORED generated.
            row.push(int(if c.generated.is_some() {
                2 + i64::from(c.stored)
            } else {
                c.hidden as i64
            }));
        }
        rows.push(row);
    }
    rows
}

fn view_info(s: &Schema, name: &str, xinfo: bool) -> Vec<Vec<Value>> {
    if !s.views.contains_key(&name.to_ascii_lowercase()) {
        return Vec::new();
    }
    // The view's columns are those of `SELECT * FROM view`, as codegen names and types them.
    let sql = format!("SELECT * FROM \"{}\"", name.replace('"', "\"\""));
    let Ok(Some((stmt, _))) = crate::parser::parse_one(&sql) else {
        return Vec::new();
    };
    let funcs = crate::func::FunctionRegistry::with_builtins();
    let Ok(prog) = crate::codegen::compile(&stmt, &sql, s, &funcs) else {
        return Vec::new();
    };
    prog.column_names
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let ty = prog
                .column_decltypes
                .get(i)
                .cloned()
                .flatten()
                .unwrap_or_default();
            let mut r = vec![
                int(i as i64),
                text(c),
                text(&ty),
                int(0),
                Value::Null,
                int(0),
            ];
            if xinfo {
                r.push(int(0));
            }
            r
        })
        .collect()
}

fn origin(o: IndexOrigin) -> &'static str {
    match o {
        IndexOrigin::Create => "c",
        IndexOrigin::Unique => "u",
        IndexOrigin::PrimaryKey => "pk",
    }
}

/// `index_list(table)`: newest index first, as SQLite lists them.
pub(crate) fn index_list(s: &Schema, table: &str) -> Vec<Vec<Value>> {
    let mut idx: Vec<&Index> = s
        .indexes
        .values()
        .filter(|i| i.table.eq_ignore_ascii_case(table))
        .map(|i| i.as_ref())
        .collect();
    // SQLite prepends each index as it is loaded: later root pages come first.
    idx.sort_by(|a, b| b.root_page.cmp(&a.root_page).then(a.name.cmp(&b.name)));
    let pk = find_table(s, table).and_then(|t| index_pk::pk_index(&t));
    if let Some(pk) = &pk {
        index_pk::place_pk(&mut idx, pk);
    }
    idx.iter()
        .enumerate()
        .map(|(i, ix)| {
            vec![
                int(i as i64),
                text(&ix.name),
                int(ix.unique as i64),
                text(origin(ix.origin)),
                int(ix.partial.is_some() as i64),
            ]
        })
        .collect()
}

/// `index_info` (xinfo = false) / `index_xinfo` rows.
pub(crate) fn index_info(s: &Schema, name: &str, xinfo: bool) -> Vec<Vec<Value>> {
    let pk_named;
    let ix = match find_index(s, name) {
        Some(ix) => ix,
        None => match index_pk::pk_index_named(s, name) {
            Some(pk) => {
                pk_named = pk;
                &pk_named
            }
            None => return Vec::new(),
        },
    };
    let table = find_table(s, &ix.table);
    let col_name = |i: usize| -> Value {
        table
            .as_ref()
            .and_then(|t| t.columns.get(i))
            .map_or(Value::Null, |c| text(&c.name))
    };
    let mut rows = Vec::new();
    for (seq, c) in ix.columns.iter().enumerate() {
        let (cid, name) = match &c.expr {
            IndexedExpr::Column(i) => (*i as i64, col_name(*i)),
            IndexedExpr::Expr(_) => (-2, Value::Null),
        };
        let mut r = vec![int(seq as i64), int(cid), name];
        if xinfo {
            r.extend([int(c.desc as i64), text(c.collation.name()), int(1)]);
        }
        rows.push(r);
    }
    if let Some((t, pk)) = table
        .as_ref()
        .and_then(|t| Some((t, index_pk::pk_index(t)?)))
    {
        if xinfo {
            rows.extend(index_pk::xinfo_tail(t, ix, &pk));
        }
    } else if xinfo {
        rows.push(vec![
            int(ix.columns.len() as i64),
            int(-1),
            Value::Null,
            int(0),
            text("BINARY"),
            int(0),
        ]);
    }
    rows
}

/// `table_list`, or `table_list(name)`: the rows of the tables and views called `name`.
pub(crate) fn table_list(s: &Schema, name: Option<&str>) -> Vec<Vec<Value>> {
    let mut rows = all_tables(s);
    if let Some(n) = name {
        rows.retain(|r| matches!(&r[1], Value::Text(x) if x.eq_ignore_ascii_case(n)));
    }
    rows
}

fn all_tables(s: &Schema) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let mut tables: Vec<&Table> = s.tables.values().map(|t| t.as_ref()).collect();
    tables.sort_by_key(|t| std::cmp::Reverse(t.root_page));
    for t in tables {
        let name = if t.root_page == 1 {
            "sqlite_schema"
        } else {
            &t.name
        };
        rows.push(vec![
            text("main"),
            text(name),
            text("table"),
            int(t.columns.len() as i64),
            int(t.without_rowid as i64),
            int(t.strict as i64),
        ]);
    }
    for v in s.views.values() {
        rows.push(vec![
            text("main"),
            text(&v.name),
            text("view"),
            int(v.columns.len() as i64),
            int(0),
            int(0),
        ]);
    }
    rows.push(vec![
        text("temp"),
        text("sqlite_temp_schema"),
        text("table"),
        int(5),
        int(0),
        int(0),
    ]);
    rows
}

/// `foreign_key_list(table)`.
pub(crate) fn foreign_key_list(s: &Schema, table: &str) -> Vec<Vec<Value>> {
    let Some(t) = find_table(s, table) else {
        return Vec::new();
    };
    let action = |a: &Option<crate::parser::ast::FkAction>| -> Value {
        text(&match a {
            None => "NO ACTION".to_string(),
            Some(a) => fk_action_name(a),
        })
    };
    let mut rows = Vec::new();
    let n = t.foreign_keys.len();
    for (id, fk) in t.foreign_keys.iter().enumerate().rev() {
        for (seq, &col) in fk.columns.iter().enumerate() {
            rows.push(vec![
                int((n - 1 - id) as i64),
                int(seq as i64),
                text(&fk.parent),
                t.columns.get(col).map_or(Value::Null, |c| text(&c.name)),
                fk.parent_columns.get(seq).map_or(Value::Null, |c| text(c)),
                action(&fk.on_update),
                action(&fk.on_delete),
                text("NONE"),
            ]);
        }
    }
    rows
}

fn fk_action_name(a: &crate::parser::ast::FkAction) -> String {
    let dbg = format!("{a:?}");
    match dbg.as_str() {
        "SetNull" => "SET NULL".into(),
        "SetDefault" => "SET DEFAULT".into(),
        "Cascade" => "CASCADE".into(),
        "Restrict" => "RESTRICT".into(),
        _ => "NO ACTION".into(),
    }
}

//! The Ferrolite backend: the engine under test, through `ferrolite::Connection`.

use super::{type_for, Backend, QueryOutput};
use crate::render::render_value;
use ferrolite::{Connection, StepResult};

pub struct Ferrolite {
    conn: Connection,
}

impl Ferrolite {
    pub fn open(path: &str) -> Result<Self, String> {
        Connection::open(path)
            .map(|conn| Ferrolite { conn })
            .map_err(|e| e.message)
    }
}

impl Backend for Ferrolite {
    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.conn.execute_batch(sql).map_err(|e| e.message)
    }

    fn query(&mut self, sql: &str, types: &[u8]) -> Result<QueryOutput, String> {
        let mut rest = sql;
        let mut out = QueryOutput {
            columns: 0,
            values: Vec::new(),
        };
        loop {
            let (stmt, tail) = self.conn.prepare_first(rest).map_err(|e| e.message)?;
            let Some(mut stmt) = stmt else {
                return Ok(out);
            };
            out.columns = stmt.column_count();
            while stmt.step().map_err(|e| e.message)? == StepResult::Row {
                for i in 0..out.columns {
                    let ty = type_for(types, i);
                    let v = render_value(stmt.column_value(i), ty)
                        .ok_or_else(|| format!("unknown column type {:?}", ty as char))?;
                    out.values.push(v);
                }
            }
            rest = &rest[tail..];
        }
    }
}

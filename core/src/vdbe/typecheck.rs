//! STRICT tables' datatype check (stricttables.html): the `TypeCheck` instruction.
//!
//! Each checked column has one of the five strict types. A value is first given the type's
//! affinity (INT/INTEGER: INTEGER, REAL: REAL, TEXT: TEXT, BLOB: none), then must be NULL
//! or of the type itself; REAL also takes an integer, which it stores as a real. Anything
//! else fails with SQLITE_CONSTRAINT_DATATYPE, "cannot store TEXT value in INT column t.a",
//! whatever the statement's conflict clause.

use crate::error::{codes, Error, Result};
use crate::value::affinity::{apply_affinity, Affinity};
use crate::value::Value;

use super::exec::Vm;
use super::insn::Reg;

/// A STRICT column's declared type (ANY columns are not checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrictType {
    Int,
    Integer,
    Real,
    Text,
    Blob,
}

impl StrictType {
    /// The type for a STRICT column's declared type name; `None` for ANY or an unknown name.
    pub fn from_name(name: &str) -> Option<StrictType> {
        Some(match name.to_ascii_uppercase().as_str() {
            "INT" => StrictType::Int,
            "INTEGER" => StrictType::Integer,
            "REAL" => StrictType::Real,
            "TEXT" => StrictType::Text,
            "BLOB" => StrictType::Blob,
            _ => return None,
        })
    }

    /// The name SQLite's message uses.
    pub fn name(self) -> &'static str {
        match self {
            StrictType::Int => "INT",
            StrictType::Integer => "INTEGER",
            StrictType::Real => "REAL",
            StrictType::Text => "TEXT",
            StrictType::Blob => "BLOB",
        }
    }

    /// Converts `v` to this type if allowed; `Err(v)` gives back a value it cannot take.
    fn coerce(self, v: Value) -> std::result::Result<Value, Value> {
        match self {
            StrictType::Int | StrictType::Integer => match apply_affinity(v, Affinity::Integer) {
                v @ (Value::Null | Value::Integer(_)) => Ok(v),
                v => Err(v),
            },
            StrictType::Real => match apply_affinity(v, Affinity::Real) {
                Value::Integer(i) => Ok(Value::Real(i as f64)),
                v @ Value::Real(_) => Ok(crate::value::real_store::as_stored(v)),
                v @ Value::Null => Ok(v),
                v => Err(v),
            },
            StrictType::Text => match apply_affinity(v, Affinity::Text) {
                v @ (Value::Null | Value::Text(_)) => Ok(v),
                v => Err(v),
            },
            StrictType::Blob => match v {
                Value::Null | Value::Blob(_) => Ok(v),
                v => Err(v),
            },
        }
    }
}

/// One checked column of [`super::insn::Insn::TypeCheck`]: its register offset from `start`,
/// its type, and its name for the message.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedColumn {
    pub offset: usize,
    pub ty: StrictType,
    pub name: String,
}

fn value_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NULL",
        Value::Integer(_) => "INT",
        Value::Real(_) => "REAL",
        Value::Text(_) => "TEXT",
        Value::Blob(_) => "BLOB",
    }
}

impl Vm {
    /// `TypeCheck`: coerces r[start + c.offset] to each column's type or fails.
    pub(crate) fn type_check(
        &mut self,
        start: Reg,
        table: &str,
        columns: &[CheckedColumn],
    ) -> Result<()> {
        for c in columns {
            let v = self.reg(start + c.offset).clone();
            match c.ty.coerce(v) {
                Ok(v) => self.set(start + c.offset, v)?,
                Err(v) => {
                    return Err(Error::new(
                        codes::SQLITE_CONSTRAINT_DATATYPE,
                        format!(
                            "cannot store {} value in {} column {}.{}",
                            value_type_name(&v),
                            c.ty.name(),
                            table,
                            c.name
                        ),
                    ))
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::StrictType::{self, *};
    use crate::value::Value;

    fn ok(t: StrictType, v: Value) -> Option<Value> {
        t.coerce(v).ok()
    }

    #[test]
    fn coercions_follow_stricttables_html() {
        assert_eq!(ok(Int, Value::Text("12".into())), Some(Value::Integer(12)));
        assert_eq!(ok(Integer, Value::Real(1.0)), Some(Value::Integer(1)));
        assert_eq!(ok(Int, Value::Real(1.5)), None);
        assert_eq!(ok(Real, Value::Integer(3)), Some(Value::Real(3.0)));
        assert_eq!(ok(Real, Value::Text("3.5".into())), Some(Value::Real(3.5)));
        assert_eq!(ok(Real, Value::Text("abc".into())), None);
        assert_eq!(ok(Text, Value::Integer(3)), Some(Value::Text("3".into())));
        assert_eq!(ok(Text, Value::Blob(vec![1])), None);
        assert_eq!(ok(Blob, Value::Text("x".into())), None);
        assert_eq!(ok(Blob, Value::Null), Some(Value::Null));
        assert_eq!(StrictType::from_name("integer"), Some(Integer));
        assert_eq!(StrictType::from_name("ANY"), None);
    }
}

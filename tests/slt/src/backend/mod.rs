//! Engines the runner can drive: Ferrolite through its public API, and (feature `reference`)
//! the system libsqlite3 to validate the runner itself.

mod ferrolite;
#[cfg(feature = "reference")]
mod reference;

/// A query's outcome: the number of columns and every value rendered per the record's types.
pub struct QueryOutput {
    pub columns: usize,
    pub values: Vec<String>,
}

/// One open database on one engine.
pub trait Backend {
    /// Runs every statement in `sql`; Err(message) on the first failure.
    fn execute(&mut self, sql: &str) -> Result<(), String>;
    /// Runs the query in `sql` and renders each value with the type letter of its column
    /// (`types[i % types.len()]`; columns past the end use the last letter).
    fn query(&mut self, sql: &str, types: &[u8]) -> Result<QueryOutput, String>;
}

/// Engine names accepted by `--engine`.
pub fn engine_names() -> &'static str {
    if cfg!(feature = "reference") {
        "ferrolite, sqlite3"
    } else {
        "ferrolite (sqlite3 needs the `reference` feature)"
    }
}

/// Opens `db_path` (a fresh file) on the engine called `engine`.
pub fn open(engine: &str, db_path: &str) -> Result<Box<dyn Backend>, String> {
    match engine {
        "ferrolite" => Ok(Box::new(ferrolite::Ferrolite::open(db_path)?)),
        #[cfg(feature = "reference")]
        "sqlite3" | "sqlite" => Ok(Box::new(reference::Sqlite3::open(db_path)?)),
        other => Err(format!(
            "unknown engine {other:?}; known: {}",
            engine_names()
        )),
    }
}

/// The type letter for column `i`.
pub fn type_for(types: &[u8], i: usize) -> u8 {
    types.get(i).or(types.last()).copied().unwrap_or(b'T')
}

/// A backend on which everything fails with `why` (the database could not be opened).
pub fn broken(why: String) -> Box<dyn Backend> {
    Box::new(Broken(why))
}

struct Broken(String);

impl Backend for Broken {
    fn execute(&mut self, _sql: &str) -> Result<(), String> {
        Err(self.0.clone())
    }
    fn query(&mut self, _sql: &str, _types: &[u8]) -> Result<QueryOutput, String> {
        Err(self.0.clone())
    }
}

/// Whether `engine` names a backend this build has.
pub fn known(engine: &str) -> bool {
    engine == "ferrolite" || (cfg!(feature = "reference") && matches!(engine, "sqlite3" | "sqlite"))
}

/// The Ferrolite-side conversions (`render`) must agree with the system SQLite's C API
/// (`sqlite3_column_text/int64/double`) value for value.
#[cfg(all(test, feature = "reference"))]
mod agreement {
    use super::*;
    use crate::render::render_value;
    use ::ferrolite::Value;

    #[test]
    fn rendering_matches_the_c_api() {
        let cases: Vec<(&str, Value)> = vec![
            ("1", Value::Integer(1)),
            ("-9223372036854775808", Value::Integer(i64::MIN)),
            ("2.5", Value::Real(2.5)),
            ("-2.5", Value::Real(-2.5)),
            ("1e300", Value::Real(1e300)),
            ("-1e300", Value::Real(-1e300)),
            ("0.1", Value::Real(0.1)),
            ("1e-5", Value::Real(1e-5)),
            ("123456789012345.6", Value::Real(123456789012345.6)),
            ("9.9995", Value::Real(9.9995)),
            ("2.0625", Value::Real(2.0625)),
            ("1.0005", Value::Real(1.0005)),
            ("'12abc'", Value::Text("12abc".into())),
            ("' -7.9e2x'", Value::Text(" -7.9e2x".into())),
            ("'abc'", Value::Text("abc".into())),
            ("''", Value::Text(String::new())),
            ("'a\tb'", Value::Text("a\tb".into())),
            ("'caf\u{e9}'", Value::Text("caf\u{e9}".into())),
            (
                "'99999999999999999999'",
                Value::Text("99999999999999999999".into()),
            ),
            ("'.5'", Value::Text(".5".into())),
            ("'1e'", Value::Text("1e".into())),
            ("x'3132'", Value::Blob(b"12".to_vec())),
            ("x''", Value::Blob(Vec::new())),
            ("NULL", Value::Null),
        ];
        let mut db = open("sqlite3", ":memory:").unwrap();
        for (lit, v) in cases {
            for ty in [b'T', b'I', b'R'] {
                let want = db.query(&format!("SELECT {lit}"), &[ty]).unwrap().values;
                let got = render_value(&v, ty).unwrap();
                assert_eq!(got, want[0], "{lit} as {}", ty as char);
            }
        }
    }
}

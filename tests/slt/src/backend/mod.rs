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

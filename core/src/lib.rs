//! Ferrolite: a clean-room Rust rewrite of SQLite.
//!
//! One statement's path: SQL text → [`parser`] → AST → planner/[`codegen`] → bytecode program →
//! [`vdbe`] (registers, cursors) → [`btree`] → [`pager`] → file. See `docs/` and the project's
//! DESIGN for the decisions that hold the pieces together.
//!
//! The public surface is [`Connection`], [`Statement`], [`Value`] and [`Error`].

pub mod api;
pub mod btree;
pub mod codegen;
pub(crate) mod connection;
pub mod error;
pub mod func;
pub mod io;
pub mod pager;
pub mod parser;
pub mod planner;
pub(crate) mod pragma;
pub mod schema;
pub mod value;
pub mod vdbe;
pub mod wal;

pub use api::{AsyncConnection, AsyncStatement, Connection, OpenFlags, Statement, StepResult};
pub use error::{codes, Error, Result};
pub use value::{Value, ValueType};

/// The SQLite version whose behaviour Ferrolite matches (`sqlite_version()`).
pub const SQLITE_VERSION: &str = "3.40.1";
/// `SQLITE_VERSION_NUMBER`.
pub const SQLITE_VERSION_NUMBER: i32 = 3040001;
/// `sqlite3_sourceid()`: the Debian shell refuses to run unless this matches its own.
pub const SQLITE_SOURCE_ID: &str =
    "2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1";

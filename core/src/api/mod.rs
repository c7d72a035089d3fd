//! The public Rust API: [`Connection`], [`Statement`], rows and values.
//!
//! Shapes follow SQLite's C API (open → prepare → bind → step → column → reset/finalize) with
//! rusqlite-like conveniences on top. Every binding (C, Python, Node, Java) and the shell are
//! written against this module only; they never reach into the engine's internals.
//!
//! Ownership: a [`Connection`] is a cheap handle (`Clone`) to one open database connection;
//! a [`Statement`] keeps its connection alive and may outlive the handle it was prepared from.
//! After [`Connection::close`], every call on the connection or its statements returns
//! `SQLITE_MISUSE`.
//!
//! Async: [`AsyncConnection`] / [`AsyncStatement`] (`asynchronous.rs`) run the same VM and
//! suspend on page misses instead of blocking (DESIGN decision 5); blocking work runs on the
//! I/O worker (`crate::io::worker`).

mod asynchronous;
mod authorize;
mod capi;
mod connection;
mod expand;
pub(crate) mod open;
mod pages;
mod prepare;
mod statement;
#[cfg(test)]
mod tests;

pub use asynchronous::{AsyncConnection, AsyncStatement, IoStats};
pub use capi::{AuthResult, Authorizer, UpdateHook};
pub use connection::{Connection, OpenFlags};
pub use statement::{Statement, StepResult};

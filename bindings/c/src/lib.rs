//! The C ABI: SQLite's `sqlite3_*` functions over the Ferrolite engine, built as
//! `libsqlite3.so.0` (cdylib with SQLite's soname) and `libsqlite3.a`.
//!
//! Layout:
//! - `handle`: the `sqlite3` and `sqlite3_stmt` objects, the registry of live handles that turns
//!   NULL, closed and finalized handles into `SQLITE_MISUSE` instead of a crash, and the
//!   per-connection error state behind `sqlite3_errcode`/`sqlite3_errmsg`.
//! - `open`, `stmt`, `bind`, `column`, `value`, `exec`: the core API.
//! - `mem`: `sqlite3_malloc` and friends (size-prefixed blocks so `sqlite3_msize` works).
//! - `misc`, `config`: versions, string helpers, keywords, global and per-connection settings.
//! - `unsupported`: entry points of features this build lacks; each returns the error SQLite
//!   returns when that feature is compiled out.
//! - `csrc/` (C): the variadic entry points and SQLite's printf dialect, which stable Rust
//!   cannot define.
//!
//! Threading is SQLite's serialized mode: every handle may be used from any thread; the engine's
//! connection serialises statements internally.
//!
//! Safety: every `extern "C"` function here checks its pointers (NULL, or not a live handle →
//! `SQLITE_MISUSE`) before it dereferences them; the `unsafe` blocks that remain read C strings
//! and buffers whose lengths the caller passed, each with a `SAFETY:` comment.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]
// The safe `extern "C"` entry points take handles as raw pointers and dereference them only
// after the live-handle registry has vouched for them (see "Safety" above): that is the C API's
// contract, not an unchecked dereference.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod autoext;
pub mod backup;
pub mod bind;
pub mod blob;
pub mod column;
pub mod config;
pub mod exec;
pub mod extras;
pub mod function;
pub mod handle;
pub mod hooks;
pub mod legacy;
pub mod mem;
pub mod misc;
pub mod open;
mod pointer;
pub mod serialize;
pub mod stmt;
pub mod text;
pub mod trace;
pub mod unsupported;
pub mod uri;
pub mod utf16;
pub mod value;

pub use handle::{sqlite3, sqlite3_stmt};
pub use value::sqlite3_value;

/// SQLite's 64-bit integer types (`long long` in C, as SQLite's header spells them).
pub type sqlite3_int64 = std::ffi::c_longlong;
pub type sqlite3_uint64 = std::ffi::c_ulonglong;

//! The C ABI: `sqlite3_*` functions with SQLite's signatures, built as `libsqlite3.so.0`.

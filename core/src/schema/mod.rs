//! Schema: the tables, columns, indexes, views and triggers of each database, built by parsing
//! the `sql` column of `sqlite_schema` rows (fileformat2.html §2.6, lang_createtable.html).
//!
//! Owns the in-memory description of the schema only; it reads no pages and emits no code.
//! Codegen compiles DDL into programs that write `sqlite_schema`; the VM then reloads the
//! schema through [`Schema::load`].

mod catalog;
mod index;
mod multi;
mod table;

pub(crate) use catalog::{view_from_create, view_sql};
pub use catalog::{Schema, SchemaRow, Trigger, View};
pub use index::{
    auto_indexes, without_rowid_pk_index, Index, IndexColumn, IndexOrigin, IndexedExpr,
};
pub(crate) use multi::merge;
pub use multi::DbSchema;
pub(crate) use table::stored_sql;
pub use table::{Check, Column, ForeignKey, Table};

/// The column named by a plain indexed column (for upsert targets).
pub(crate) fn indexed_column_name_pub(ic: &crate::parser::ast::IndexedColumn) -> Option<&str> {
    table::indexed_column_name(ic)
}

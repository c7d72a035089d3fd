//! The abstract syntax tree of SQLite's SQL dialect (as of 3.40.1).
//!
//! Produced by [`crate::parser::parse`]; consumed by the schema layer, the planner and codegen.
//! The tree follows the syntax diagrams of SQLite's `lang_*.html` pages, one type per diagram
//! where that reads naturally.
//!
//! Conventions:
//! - Every node that can be named in an error, and every expression, carries a [`Span`]: the
//!   byte range of its text in the SQL string that was parsed. Consumers slice the original SQL
//!   with [`Span::text`] when they need the text as written (result column names such as `a+1`,
//!   a column's declared type, a default value's text, the `sql` column of `sqlite_schema`).
//!   A parenthesised expression's span includes its parentheses.
//! - Identifiers ([`Ident`]) are stored dequoted (`"a""b"` → `a"b`, `[x]` → `x`); how they were
//!   quoted is kept in [`Ident::quote`], because SQLite treats an unresolvable double-quoted
//!   identifier as a string literal. Names compare case-insensitively ([`Ident::matches`]).
//! - Optional clauses are `Option`, repeated ones `Vec` (empty when absent).
//! - Syntactic sugar is normalised where SQLite's own parser does the same: `REPLACE INTO` is
//!   `INSERT OR REPLACE`, `LIMIT a, b` is `LIMIT b OFFSET a`, `x IS NULL`/`x ISNULL` is
//!   [`ExprKind::IsNull`], `IS [NOT] DISTINCT FROM` is `IS NOT`/`IS`, `x NOT NULL`/`x NOTNULL` is
//!   [`ExprKind::NotNull`], integer literals too large for `i64` are `Real`, and
//!   `-9223372036854775808` is the single literal `Integer(i64::MIN)`.
//!
//! This module is a stable contract shared with codegen and the VM: change it additively only.

/// A byte range `start..end` in the SQL text that was parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text this span covers in `sql` (the string that was parsed); empty if out of range.
    pub fn text<'a>(&self, sql: &'a str) -> &'a str {
        sql.get(self.start..self.end).unwrap_or("")
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How an identifier was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quote {
    /// Bare word (possibly a keyword used as a name).
    None,
    /// `"name"`: falls back to a string literal when it names no column.
    Double,
    /// `[name]`
    Bracket,
    /// `` `name` ``
    Backtick,
    /// `'name'`: a string literal where SQLite accepts one as a name (aliases, table names).
    Single,
}

/// A name: table, column, index, alias, collation, function, schema, savepoint...
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// Dequoted text (`"a""b"` → `a"b`).
    pub name: String,
    pub quote: Quote,
    pub span: Span,
}

impl Ident {
    /// True when this name equals `other` under SQLite's ASCII case-insensitive comparison.
    pub fn matches(&self, other: &str) -> bool {
        self.name.eq_ignore_ascii_case(other)
    }
}

/// `[schema.]name`
#[derive(Clone, Debug, PartialEq)]
pub struct QualifiedName {
    pub schema: Option<Ident>,
    pub name: Ident,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

/// One SQL statement.
#[allow(clippy::large_enum_variant)] // kept unboxed: the variants are part of the stable contract
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Select(Box<Select>),
    Insert(Box<Insert>),
    Update(Box<Update>),
    Delete(Box<Delete>),
    CreateTable(Box<CreateTable>),
    CreateIndex(Box<CreateIndex>),
    CreateView(Box<CreateView>),
    CreateTrigger(Box<CreateTrigger>),
    CreateVirtualTable(Box<CreateVirtualTable>),
    Drop(Box<DropStmt>),
    AlterTable(Box<AlterTable>),
    /// `BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE|CONCURRENT] [TRANSACTION [name]]`
    Begin(Option<TransactionKind>),
    /// `COMMIT` / `END` `[TRANSACTION [name]]`
    Commit,
    /// `ROLLBACK [TRANSACTION [name]] [TO [SAVEPOINT] savepoint]`
    Rollback {
        savepoint: Option<Ident>,
    },
    /// `SAVEPOINT name`
    Savepoint(Ident),
    /// `RELEASE [SAVEPOINT] name`
    Release(Ident),
    Pragma(Box<Pragma>),
    /// `ATTACH [DATABASE] expr AS expr [KEY expr]`
    Attach {
        file: Expr,
        schema: Expr,
        key: Option<Expr>,
    },
    /// `DETACH [DATABASE] expr`
    Detach(Expr),
    /// `VACUUM [schema] [INTO expr]`
    Vacuum {
        schema: Option<Ident>,
        into: Option<Expr>,
    },
    /// `REINDEX [[schema.]collation-table-or-index]`
    Reindex(Option<QualifiedName>),
    /// `ANALYZE [[schema.]table-or-index]`
    Analyze(Option<QualifiedName>),
    /// `EXPLAIN stmt` (`query_plan` false) or `EXPLAIN QUERY PLAN stmt`.
    Explain {
        query_plan: bool,
        stmt: Box<Stmt>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionKind {
    Deferred,
    Immediate,
    Exclusive,
    Concurrent,
}

/// `OR ROLLBACK|ABORT|FAIL|IGNORE|REPLACE` and `ON CONFLICT ...` in constraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictResolution {
    Rollback,
    Abort,
    Fail,
    Ignore,
    Replace,
}

// ---------------------------------------------------------------------------------------------
// SELECT
// ---------------------------------------------------------------------------------------------

/// A full SELECT statement: `[WITH ...] core [compound-op core]... [ORDER BY ...] [LIMIT ...]`.
/// Also used for subqueries, CTE bodies, `INSERT ... SELECT`, views and `VALUES`.
#[derive(Clone, Debug, PartialEq)]
pub struct Select {
    pub with: Option<With>,
    /// The first core.
    pub first: SelectCore,
    /// Later cores with the operator joining each to what precedes it, left-associative:
    /// `a UNION b EXCEPT c` is `(a UNION b) EXCEPT c`.
    pub compounds: Vec<(CompoundOp, SelectCore)>,
    /// Applies to the whole compound.
    pub order_by: Vec<OrderingTerm>,
    pub limit: Option<Limit>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompoundOp {
    Union,
    UnionAll,
    Intersect,
    Except,
}

/// `LIMIT limit [OFFSET offset]`; `LIMIT a, b` is stored as `limit: b, offset: Some(a)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Limit {
    pub limit: Expr,
    pub offset: Option<Expr>,
}

/// `WITH [RECURSIVE] cte, ...`
#[derive(Clone, Debug, PartialEq)]
pub struct With {
    pub recursive: bool,
    pub ctes: Vec<Cte>,
    pub span: Span,
}

/// `name [(col, ...)] AS [[NOT] MATERIALIZED] (select)`
#[derive(Clone, Debug, PartialEq)]
pub struct Cte {
    pub name: Ident,
    pub columns: Vec<Ident>,
    pub materialized: Materialized,
    pub select: Box<Select>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Materialized {
    /// No hint given.
    Any,
    Yes,
    No,
}

/// One SELECT core: `SELECT ...` or `VALUES (...), (...)`.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectCore {
    Select(Box<SelectClause>),
    /// `VALUES (row), (row)...`: every row has the same arity (checked by the parser).
    Values {
        rows: Vec<Vec<Expr>>,
        span: Span,
    },
}

/// `SELECT [DISTINCT|ALL] columns [FROM ...] [WHERE ...] [GROUP BY ... [HAVING ...]]
/// [WINDOW ...]`
#[derive(Clone, Debug, PartialEq)]
pub struct SelectClause {
    pub distinct: bool,
    pub columns: Vec<ResultColumn>,
    pub from: Option<FromClause>,
    pub where_: Option<Expr>,
    pub group_by: Vec<Expr>,
    pub having: Option<Expr>,
    pub windows: Vec<NamedWindow>,
    pub span: Span,
}

/// One item of a result column list (also used by RETURNING).
#[derive(Clone, Debug, PartialEq)]
pub enum ResultColumn {
    /// `expr [[AS] alias]`. Without an alias SQLite names the column after the expression's
    /// text as written: `expr.span.text(sql)`.
    Expr {
        expr: Expr,
        alias: Option<Ident>,
        span: Span,
    },
    /// `*`
    Star { span: Span },
    /// `table.*`
    TableStar { table: Ident, span: Span },
}

/// A FROM clause (also the FROM of UPDATE): the first table and the joins that follow it,
/// left-associative. The comma operator is [`JoinKind::Comma`].
#[derive(Clone, Debug, PartialEq)]
pub struct FromClause {
    pub first: TableOrSubquery,
    pub joins: Vec<Join>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Join {
    pub op: JoinOp,
    pub table: TableOrSubquery,
    pub constraint: Option<JoinConstraint>,
    pub span: Span,
}

/// A join operator: `,`, `[NATURAL] [INNER|CROSS|LEFT|RIGHT|FULL [OUTER]] JOIN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JoinOp {
    pub natural: bool,
    pub kind: JoinKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    /// `a, b`
    Comma,
    /// `JOIN` or `INNER JOIN`
    Inner,
    /// `CROSS JOIN` (an inner join the planner must not reorder)
    Cross,
    /// `LEFT [OUTER] JOIN`
    Left,
    /// `RIGHT [OUTER] JOIN`
    Right,
    /// `FULL [OUTER] JOIN`
    Full,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JoinConstraint {
    On(Expr),
    Using(Vec<Ident>),
}

/// One item of a FROM clause.
#[derive(Clone, Debug, PartialEq)]
pub enum TableOrSubquery {
    /// `[schema.]table [[AS] alias] [INDEXED BY name | NOT INDEXED]`
    Table {
        name: QualifiedName,
        alias: Option<Ident>,
        indexed: Option<Indexed>,
        span: Span,
    },
    /// `[schema.]func(args) [[AS] alias]`: a table-valued function.
    Function {
        name: QualifiedName,
        args: Vec<Expr>,
        alias: Option<Ident>,
        span: Span,
    },
    /// `(select) [[AS] alias]`
    Subquery {
        select: Box<Select>,
        alias: Option<Ident>,
        span: Span,
    },
    /// `(join-clause) [[AS] alias]`
    Nested {
        from: Box<FromClause>,
        alias: Option<Ident>,
        span: Span,
    },
}

impl TableOrSubquery {
    pub fn span(&self) -> Span {
        match self {
            TableOrSubquery::Table { span, .. }
            | TableOrSubquery::Function { span, .. }
            | TableOrSubquery::Subquery { span, .. }
            | TableOrSubquery::Nested { span, .. } => *span,
        }
    }

    pub fn alias(&self) -> Option<&Ident> {
        match self {
            TableOrSubquery::Table { alias, .. }
            | TableOrSubquery::Function { alias, .. }
            | TableOrSubquery::Subquery { alias, .. }
            | TableOrSubquery::Nested { alias, .. } => alias.as_ref(),
        }
    }
}

/// `INDEXED BY name` / `NOT INDEXED`
#[derive(Clone, Debug, PartialEq)]
pub enum Indexed {
    By(Ident),
    NotIndexed,
}

/// `expr [COLLATE c] [ASC|DESC] [NULLS FIRST|LAST]` (the COLLATE is part of `expr`).
#[derive(Clone, Debug, PartialEq)]
pub struct OrderingTerm {
    pub expr: Expr,
    pub order: Option<SortOrder>,
    pub nulls: Option<NullsOrder>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NullsOrder {
    First,
    Last,
}

/// `WINDOW name AS (spec)`
#[derive(Clone, Debug, PartialEq)]
pub struct NamedWindow {
    pub name: Ident,
    pub spec: WindowSpec,
    pub span: Span,
}

/// `([base-window] [PARTITION BY ...] [ORDER BY ...] [frame])`
#[derive(Clone, Debug, PartialEq)]
pub struct WindowSpec {
    pub base: Option<Ident>,
    pub partition_by: Vec<Expr>,
    pub order_by: Vec<OrderingTerm>,
    pub frame: Option<Frame>,
    pub span: Span,
}

/// `ROWS|RANGE|GROUPS {start | BETWEEN start AND end} [EXCLUDE ...]`.
/// Without BETWEEN, `end` is `None` (meaning CURRENT ROW).
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub unit: FrameUnit,
    pub start: FrameBound,
    pub end: Option<FrameBound>,
    pub exclude: Option<FrameExclude>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameUnit {
    Rows,
    Range,
    Groups,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FrameBound {
    UnboundedPreceding,
    Preceding(Box<Expr>),
    CurrentRow,
    Following(Box<Expr>),
    UnboundedFollowing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameExclude {
    NoOthers,
    CurrentRow,
    Group,
    Ties,
}

// ---------------------------------------------------------------------------------------------
// INSERT / UPDATE / DELETE
// ---------------------------------------------------------------------------------------------

/// `[WITH ...] INSERT [OR conflict] INTO table [AS alias] [(cols)] source [upsert...] [RETURNING]`
/// (`REPLACE INTO` is `or_conflict: Some(Replace)`).
#[derive(Clone, Debug, PartialEq)]
pub struct Insert {
    pub with: Option<With>,
    pub or_conflict: Option<ConflictResolution>,
    pub table: QualifiedName,
    pub alias: Option<Ident>,
    pub columns: Vec<Ident>,
    pub source: InsertSource,
    /// ON CONFLICT clauses in order; only the last may omit its target.
    pub upsert: Vec<Upsert>,
    pub returning: Vec<ResultColumn>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InsertSource {
    /// `VALUES (...)` (a [`SelectCore::Values`]) or a `SELECT`.
    Select(Box<Select>),
    DefaultValues,
}

/// `ON CONFLICT [(indexed-cols) [WHERE expr]] DO NOTHING | DO UPDATE SET ... [WHERE expr]`
#[derive(Clone, Debug, PartialEq)]
pub struct Upsert {
    pub target: Option<UpsertTarget>,
    pub action: UpsertAction,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UpsertTarget {
    pub columns: Vec<IndexedColumn>,
    pub where_: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum UpsertAction {
    Nothing,
    Update {
        sets: Vec<Assignment>,
        where_: Option<Expr>,
    },
}

/// `col = expr` or `(col, col...) = expr` in UPDATE and upsert.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub columns: Vec<Ident>,
    pub expr: Expr,
    pub span: Span,
}

/// `[WITH ...] UPDATE [OR conflict] table [AS alias] [INDEXED BY|NOT INDEXED] SET ... [FROM ...]
/// [WHERE ...] [RETURNING ...] [ORDER BY ...] [LIMIT ...]`
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    pub with: Option<With>,
    pub or_conflict: Option<ConflictResolution>,
    pub table: QualifiedName,
    pub alias: Option<Ident>,
    pub indexed: Option<Indexed>,
    pub sets: Vec<Assignment>,
    pub from: Option<FromClause>,
    pub where_: Option<Expr>,
    pub returning: Vec<ResultColumn>,
    pub order_by: Vec<OrderingTerm>,
    pub limit: Option<Limit>,
    pub span: Span,
}

/// `[WITH ...] DELETE FROM table [AS alias] [INDEXED BY|NOT INDEXED] [WHERE ...]
/// [RETURNING ...] [ORDER BY ...] [LIMIT ...]`
#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    pub with: Option<With>,
    pub table: QualifiedName,
    pub alias: Option<Ident>,
    pub indexed: Option<Indexed>,
    pub where_: Option<Expr>,
    pub returning: Vec<ResultColumn>,
    pub order_by: Vec<OrderingTerm>,
    pub limit: Option<Limit>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// DDL
// ---------------------------------------------------------------------------------------------

/// `CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name (defs...) [options] | AS select`.
/// `span` covers the statement from `CREATE` to its last token (the text SQLite stores in
/// `sqlite_schema.sql`, after normalising the leading `CREATE TEMP TABLE`).
#[derive(Clone, Debug, PartialEq)]
pub struct CreateTable {
    pub temp: bool,
    pub if_not_exists: bool,
    pub name: QualifiedName,
    pub body: CreateTableBody,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CreateTableBody {
    Columns {
        columns: Vec<ColumnDef>,
        constraints: Vec<TableConstraint>,
        options: TableOptions,
    },
    AsSelect(Box<Select>),
}

/// `WITHOUT ROWID`, `STRICT` (comma-separated after the closing parenthesis).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableOptions {
    pub without_rowid: bool,
    pub strict: bool,
}

/// `name [type] [constraint...]`
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDef {
    pub name: Ident,
    pub type_name: Option<TypeName>,
    pub constraints: Vec<ColumnConstraint>,
    pub span: Span,
}

/// A type name: one or more words and up to two signed-number arguments, e.g. `VARCHAR(10)`,
/// `DOUBLE PRECISION`, `DECIMAL(10, -2)`. The declared type SQLite reports is `span.text(sql)`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeName {
    /// The words (dequoted) joined by single spaces: `DOUBLE PRECISION`.
    pub name: String,
    /// The arguments' text, e.g. `["10", "-2"]`.
    pub args: Vec<String>,
    pub span: Span,
}

/// `[CONSTRAINT name] kind`
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnConstraint {
    pub name: Option<Ident>,
    pub kind: ColumnConstraintKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ColumnConstraintKind {
    /// `PRIMARY KEY [ASC|DESC] [conflict] [AUTOINCREMENT]`
    PrimaryKey {
        order: Option<SortOrder>,
        conflict: Option<ConflictResolution>,
        autoincrement: bool,
    },
    /// `NOT NULL [conflict]`
    NotNull {
        conflict: Option<ConflictResolution>,
    },
    /// `NULL [conflict]`: accepted and ignored by SQLite.
    Null {
        conflict: Option<ConflictResolution>,
    },
    /// `UNIQUE [conflict]`
    Unique {
        conflict: Option<ConflictResolution>,
    },
    /// `CHECK (expr)`
    Check(Expr),
    /// `DEFAULT literal | signed-number | (expr) | identifier`. A bare identifier default is a
    /// string literal (as in SQLite). The text SQLite shows as `dflt_value` is exactly
    /// `expr.span`'s text: for `DEFAULT ( 1 + 2 )` the span is the inner `1 + 2` (SQLite drops
    /// those outer parentheses), for `DEFAULT -  5` it is `-  5`.
    Default(Expr),
    /// `COLLATE name`
    Collate(Ident),
    /// `REFERENCES ...`
    References(ForeignKeyClause),
    /// `[GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED]`
    Generated { expr: Expr, stored: bool },
}

/// `[CONSTRAINT name] kind` after the column definitions.
#[derive(Clone, Debug, PartialEq)]
pub struct TableConstraint {
    pub name: Option<Ident>,
    pub kind: TableConstraintKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableConstraintKind {
    /// `PRIMARY KEY (cols) [conflict]` (AUTOINCREMENT accepted after a single column).
    PrimaryKey {
        columns: Vec<IndexedColumn>,
        autoincrement: bool,
        conflict: Option<ConflictResolution>,
    },
    /// `UNIQUE (cols) [conflict]`
    Unique {
        columns: Vec<IndexedColumn>,
        conflict: Option<ConflictResolution>,
    },
    /// `CHECK (expr) [ON CONFLICT ...]` (the conflict clause is parsed and ignored by SQLite).
    Check(Expr),
    /// `FOREIGN KEY (cols) REFERENCES ...`
    ForeignKey {
        columns: Vec<Ident>,
        clause: ForeignKeyClause,
    },
    /// `CONSTRAINT name` standing alone: SQLite accepts it and it constrains nothing.
    Named,
}

/// `REFERENCES table [(cols)] [ON DELETE|UPDATE action | MATCH name]... [[NOT] DEFERRABLE
/// [INITIALLY DEFERRED|IMMEDIATE]]`
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKeyClause {
    pub table: Ident,
    pub columns: Vec<Ident>,
    pub on_delete: Option<FkAction>,
    pub on_update: Option<FkAction>,
    pub match_name: Option<Ident>,
    pub deferrable: Option<Deferrable>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FkAction {
    SetNull,
    SetDefault,
    Cascade,
    Restrict,
    NoAction,
}

/// `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deferrable {
    pub not: bool,
    /// `Some(true)` for INITIALLY DEFERRED, `Some(false)` for INITIALLY IMMEDIATE.
    pub initially_deferred: Option<bool>,
}

/// A column of an index, PRIMARY KEY/UNIQUE list or upsert target:
/// `expr [COLLATE c] [ASC|DESC]` (the COLLATE is part of `expr`; a plain column is an
/// [`ExprKind::Column`] without table).
#[derive(Clone, Debug, PartialEq)]
pub struct IndexedColumn {
    pub expr: Expr,
    pub order: Option<SortOrder>,
    pub span: Span,
}

/// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (cols) [WHERE expr]`
#[derive(Clone, Debug, PartialEq)]
pub struct CreateIndex {
    pub unique: bool,
    pub if_not_exists: bool,
    pub name: QualifiedName,
    pub table: Ident,
    pub columns: Vec<IndexedColumn>,
    pub where_: Option<Expr>,
    pub span: Span,
}

/// `CREATE [TEMP] VIEW [IF NOT EXISTS] [schema.]name [(cols)] AS select`
#[derive(Clone, Debug, PartialEq)]
pub struct CreateView {
    pub temp: bool,
    pub if_not_exists: bool,
    pub name: QualifiedName,
    pub columns: Vec<Ident>,
    pub select: Box<Select>,
    pub span: Span,
}

/// `CREATE [TEMP] TRIGGER [IF NOT EXISTS] [schema.]name [BEFORE|AFTER|INSTEAD OF] event
/// ON table [FOR EACH ROW] [WHEN expr] BEGIN stmt; ... END`
#[derive(Clone, Debug, PartialEq)]
pub struct CreateTrigger {
    pub temp: bool,
    pub if_not_exists: bool,
    pub name: QualifiedName,
    pub time: TriggerTime,
    pub event: TriggerEvent,
    /// The table (or view) name; SQLite forbids a schema qualifier here in triggers on
    /// non-TEMP schemas, so this is a plain name.
    pub table: QualifiedName,
    pub for_each_row: bool,
    pub when: Option<Expr>,
    /// INSERT, UPDATE, DELETE or SELECT statements.
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerTime {
    /// No keyword given: BEFORE.
    Default,
    Before,
    After,
    InsteadOf,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TriggerEvent {
    Delete,
    Insert,
    /// `UPDATE [OF col, ...]`
    Update(Vec<Ident>),
}

/// `CREATE VIRTUAL TABLE [IF NOT EXISTS] [schema.]name USING module [(args)]`
#[derive(Clone, Debug, PartialEq)]
pub struct CreateVirtualTable {
    pub if_not_exists: bool,
    pub name: QualifiedName,
    pub module: Ident,
    /// Each argument's raw text, trimmed, as passed to the module's xCreate.
    pub args: Vec<String>,
    pub span: Span,
}

/// `DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] [schema.]name`
#[derive(Clone, Debug, PartialEq)]
pub struct DropStmt {
    pub kind: DropKind,
    pub if_exists: bool,
    pub name: QualifiedName,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropKind {
    Table,
    Index,
    View,
    Trigger,
}

/// `ALTER TABLE [schema.]name action`
#[derive(Clone, Debug, PartialEq)]
pub struct AlterTable {
    pub name: QualifiedName,
    pub action: AlterAction,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AlterAction {
    /// `RENAME TO new`
    RenameTo(Ident),
    /// `RENAME [COLUMN] old TO new`
    RenameColumn { old: Ident, new: Ident },
    /// `ADD [COLUMN] column-def`
    AddColumn(ColumnDef),
    /// `DROP [COLUMN] name`
    DropColumn(Ident),
}

/// `PRAGMA [schema.]name [= value | (value)]`
#[derive(Clone, Debug, PartialEq)]
pub struct Pragma {
    pub name: QualifiedName,
    pub value: Option<PragmaValue>,
    pub span: Span,
}

/// A pragma's argument: a signed number, a name, a string or a keyword (`ON`, `DELETE`,
/// `DEFAULT`...). `text` is dequoted, with a leading `-` kept for negative numbers and a
/// leading `+` dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct PragmaValue {
    pub text: String,
    /// True when it was written as a string literal.
    pub is_string: bool,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/// An expression and the span of its text (parentheses included when written around it).
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// A parameter. `index` follows SQLite's numbering: `?` takes the largest index so far plus
    /// one, `?NNN` is NNN, a named parameter (`:a`, `@a`, `$a`) reuses the index of an earlier
    /// parameter with the same name or else takes largest-plus-one. Numbering runs across one
    /// statement (as prepared). `name` is the text as written (`?3`, `:a`), `None` for `?`.
    Variable {
        index: u32,
        name: Option<String>,
    },
    /// `[[schema.]table.]column`. A bare name may also turn out to be a double-quoted string
    /// (`column.quote == Quote::Double`, no such column) or `rowid`/`oid`/`_rowid_`.
    Column {
        schema: Option<Ident>,
        table: Option<Ident>,
        column: Ident,
    },
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        left: Box<Expr>,
        op: BinaryOp,
        right: Box<Expr>,
    },
    /// `expr [NOT] LIKE|GLOB|REGEXP|MATCH pattern [ESCAPE esc]`
    Like {
        expr: Box<Expr>,
        op: LikeOp,
        not: bool,
        pattern: Box<Expr>,
        escape: Option<Box<Expr>>,
    },
    /// `expr ISNULL`, `expr IS NULL`
    IsNull(Box<Expr>),
    /// `expr NOTNULL`, `expr NOT NULL`, `expr IS NOT NULL`
    NotNull(Box<Expr>),
    /// `expr [NOT] BETWEEN low AND high`
    Between {
        expr: Box<Expr>,
        not: bool,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    /// `expr [NOT] IN (list)`; the list may be empty.
    InList {
        expr: Box<Expr>,
        not: bool,
        list: Vec<Expr>,
    },
    /// `expr [NOT] IN (select)`
    InSelect {
        expr: Box<Expr>,
        not: bool,
        select: Box<Select>,
    },
    /// `expr [NOT] IN [schema.]table` or `expr [NOT] IN [schema.]func(args)`
    InTable {
        expr: Box<Expr>,
        not: bool,
        table: QualifiedName,
        args: Option<Vec<Expr>>,
    },
    /// `EXISTS (select)` (`NOT EXISTS` is `Unary { Not, Exists }`).
    Exists(Box<Select>),
    /// `(select)` used as a value.
    Subquery(Box<Select>),
    /// `CASE [operand] WHEN w THEN t ... [ELSE e] END`
    Case {
        operand: Option<Box<Expr>>,
        when_then: Vec<(Expr, Expr)>,
        else_: Option<Box<Expr>>,
    },
    /// `CAST(expr AS type)`
    Cast {
        expr: Box<Expr>,
        type_name: TypeName,
    },
    /// `expr COLLATE name`
    Collate {
        expr: Box<Expr>,
        collation: Ident,
    },
    /// A function call (scalar, aggregate or window).
    Function(Box<FunctionCall>),
    /// `RAISE(IGNORE)` / `RAISE(ROLLBACK|ABORT|FAIL, message)`
    Raise {
        action: RaiseAction,
        message: Option<String>,
    },
    /// A row value `(a, b, ...)` with two or more elements.
    Row(Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Integer(i64),
    Real(f64),
    /// A string literal, dequoted.
    String(String),
    Blob(Vec<u8>),
    Null,
    /// Unquoted `TRUE`/`FALSE`. SQLite treats these as identifiers that become 1/0 only when
    /// no column of that name is in scope, so a resolver may turn them back into a column.
    /// `x IS TRUE` / `x IS NOT FALSE` are truth tests (not `x IS 1`).
    Bool(bool),
    CurrentTime,
    CurrentDate,
    CurrentTimestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `+`
    Pos,
    /// `NOT`
    Not,
    /// `~`
    BitNot,
}

/// Binary operators, with SQLite's precedence from loosest to tightest:
/// `OR` < `AND` < `= == != <> IS IS NOT` (and IN, LIKE..., BETWEEN, ISNULL) < `< <= > >=`
/// < `& | << >>` < `+ -` < `* / %` < `||  ->  ->>` (then COLLATE, then unary operators).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    /// `=` or `==`
    Eq,
    /// `!=` or `<>`
    Ne,
    /// `IS`, `IS NOT DISTINCT FROM`
    Is,
    /// `IS NOT`, `IS DISTINCT FROM`
    IsNot,
    Lt,
    Le,
    Gt,
    Ge,
    BitAnd,
    BitOr,
    ShiftLeft,
    ShiftRight,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    /// `||`
    Concat,
    /// `->`
    JsonExtract,
    /// `->>`
    JsonExtractText,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LikeOp {
    Like,
    Glob,
    Regexp,
    Match,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaiseAction {
    Ignore,
    Rollback,
    Abort,
    Fail,
}

/// `name([DISTINCT] args | * [ORDER BY ...]) [FILTER (WHERE expr)] [OVER window]`
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCall {
    pub name: Ident,
    pub distinct: bool,
    pub args: FunctionArgs,
    /// `ORDER BY` inside an aggregate's argument list (SQLite 3.44+ syntax; 3.40.1 has none, so
    /// Ferrolite follows 3.54.1). Empty when absent, and when the argument list is empty.
    pub order_by: Vec<OrderingTerm>,
    pub filter: Option<Box<Expr>>,
    pub over: Option<Over>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FunctionArgs {
    /// `count(*)`
    Star,
    /// Possibly empty.
    List(Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Over {
    /// `OVER name`
    Name(Ident),
    /// `OVER (spec)`
    Spec(WindowSpec),
}

impl Expr {
    /// Calls `f` on each direct sub-expression (not descending into subqueries' SELECTs nor
    /// window definitions).
    pub fn for_each_child(&self, mut f: impl FnMut(&Expr)) {
        match &self.kind {
            ExprKind::Literal(_)
            | ExprKind::Variable { .. }
            | ExprKind::Column { .. }
            | ExprKind::Exists(_)
            | ExprKind::Subquery(_)
            | ExprKind::Raise { .. } => {}
            ExprKind::Unary { expr, .. }
            | ExprKind::IsNull(expr)
            | ExprKind::NotNull(expr)
            | ExprKind::Cast { expr, .. }
            | ExprKind::Collate { expr, .. }
            | ExprKind::InSelect { expr, .. } => f(expr),
            ExprKind::Binary { left, right, .. } => {
                f(left);
                f(right);
            }
            ExprKind::Like {
                expr,
                pattern,
                escape,
                ..
            } => {
                f(expr);
                f(pattern);
                if let Some(e) = escape {
                    f(e);
                }
            }
            ExprKind::Between {
                expr, low, high, ..
            } => {
                f(expr);
                f(low);
                f(high);
            }
            ExprKind::InList { expr, list, .. } => {
                f(expr);
                list.iter().for_each(&mut f);
            }
            ExprKind::InTable { expr, args, .. } => {
                f(expr);
                if let Some(a) = args {
                    a.iter().for_each(&mut f);
                }
            }
            ExprKind::Case {
                operand,
                when_then,
                else_,
            } => {
                if let Some(o) = operand {
                    f(o);
                }
                for (w, t) in when_then {
                    f(w);
                    f(t);
                }
                if let Some(e) = else_ {
                    f(e);
                }
            }
            ExprKind::Function(call) => {
                if let FunctionArgs::List(args) = &call.args {
                    args.iter().for_each(&mut f);
                }
                call.order_by.iter().for_each(|t| f(&t.expr));
                if let Some(filter) = &call.filter {
                    f(filter);
                }
            }
            ExprKind::Row(items) => items.iter().for_each(&mut f),
        }
    }

    /// The mutable twin of [`Expr::for_each_child`]: calls `f` on each direct sub-expression
    /// (not subqueries' SELECTs nor window definitions), stopping at the first `Err`.
    pub fn try_for_each_child_mut<E>(
        &mut self,
        f: &mut dyn FnMut(&mut Expr) -> Result<(), E>,
    ) -> Result<(), E> {
        match &mut self.kind {
            ExprKind::Literal(_)
            | ExprKind::Variable { .. }
            | ExprKind::Column { .. }
            | ExprKind::Exists(_)
            | ExprKind::Subquery(_)
            | ExprKind::Raise { .. } => Ok(()),
            ExprKind::Unary { expr, .. }
            | ExprKind::IsNull(expr)
            | ExprKind::NotNull(expr)
            | ExprKind::Cast { expr, .. }
            | ExprKind::Collate { expr, .. }
            | ExprKind::InSelect { expr, .. } => f(expr),
            ExprKind::Binary { left, right, .. } => {
                f(left)?;
                f(right)
            }
            ExprKind::Like {
                expr,
                pattern,
                escape,
                ..
            } => {
                f(expr)?;
                f(pattern)?;
                escape.as_deref_mut().map_or(Ok(()), &mut *f)
            }
            ExprKind::Between {
                expr, low, high, ..
            } => {
                f(expr)?;
                f(low)?;
                f(high)
            }
            ExprKind::InList { expr, list, .. } => {
                f(expr)?;
                list.iter_mut().try_for_each(f)
            }
            ExprKind::InTable { expr, args, .. } => {
                f(expr)?;
                args.iter_mut().flatten().try_for_each(f)
            }
            ExprKind::Case {
                operand,
                when_then,
                else_,
            } => {
                if let Some(o) = operand {
                    f(o)?;
                }
                for (w, t) in when_then {
                    f(w)?;
                    f(t)?;
                }
                else_.as_deref_mut().map_or(Ok(()), &mut *f)
            }
            ExprKind::Function(call) => {
                if let FunctionArgs::List(args) = &mut call.args {
                    args.iter_mut().try_for_each(&mut *f)?;
                }
                for t in &mut call.order_by {
                    f(&mut t.expr)?;
                }
                call.filter.as_deref_mut().map_or(Ok(()), &mut *f)
            }
            ExprKind::Row(items) => items.iter_mut().try_for_each(f),
        }
    }
}

impl ResultColumn {
    /// The name SQLite gives an unaliased result column that is not a plain column reference
    /// (for `t.a` SQLite reports the column's own name, `a`): the SQL text from the start of
    /// the expression up to the next token (so a trailing comment is included), with
    /// surrounding whitespace trimmed — `SELECT a+1 -- c\n, 2` names its first column
    /// `a+1 -- c`. `sql` must be the text that was parsed. `None` for `*`, `t.*` and aliased
    /// columns (whose name is the alias).
    pub fn default_name<'a>(&self, sql: &'a str) -> Option<&'a str> {
        match self {
            ResultColumn::Expr {
                expr, alias: None, ..
            } => {
                let next = super::lexer::Lexer::new(sql, expr.span.end)
                    .next_token()
                    .span
                    .start;
                sql.get(expr.span.start..next).map(str::trim)
            }
            _ => None,
        }
    }
}

impl TypeName {
    /// The declared type SQLite reports for a column with this type name
    /// (`PRAGMA table_info`'s `type`, `sqlite3_column_decltype`), observed behaviour:
    /// - the standard names INT, INTEGER, REAL, TEXT, BLOB and ANY (any case, or as one quoted
    ///   token like `'int'`) are reported in upper case;
    /// - otherwise the text as written (`VARCHAR( 10 )`, `double   precision`), except that a
    ///   type starting with a quote reports only that first quoted part, dequoted
    ///   (`"my type"` → `my type`, `"x" y` → `x`).
    ///
    /// `sql` must be the text that was parsed.
    pub fn declared_type(&self, sql: &str) -> String {
        const STANDARD: [&str; 6] = ["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"];
        let raw = self.span.text(sql);
        let first = super::lexer::Lexer::new(raw, 0).next_token();
        let quoted = matches!(raw.as_bytes().first(), Some(b'"' | b'\'' | b'`' | b'['));
        let single_token = quoted && first.span.end == raw.len();
        let check = if single_token {
            super::parser::dequote(raw).0
        } else {
            raw.to_string()
        };
        if let Some(std) = STANDARD.iter().find(|s| s.eq_ignore_ascii_case(&check)) {
            return (*std).to_string();
        }
        if quoted {
            return dequote_prefix(raw);
        }
        raw.to_string()
    }
}

/// The leading quoted part of `s`, dequoted (SQLite's `sqlite3Dequote` on a string that starts
/// with a quote: text up to the matching close quote, doubled quotes collapsed).
fn dequote_prefix(s: &str) -> String {
    let mut chars = s.chars();
    let close = match chars.next() {
        Some('[') => ']',
        Some(q) => q,
        None => return String::new(),
    };
    let mut out = String::new();
    let mut it = chars.peekable();
    while let Some(c) = it.next() {
        if c == close {
            if close != ']' && it.peek() == Some(&close) {
                out.push(c);
                it.next();
                continue;
            }
            break;
        }
        out.push(c);
    }
    out
}

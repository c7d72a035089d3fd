//! The instruction set: SQLite's VDBE opcodes (opcode.html) as a typed enum.
//!
//! Names and operand meanings follow SQLite's documented opcodes so that a program reads like
//! `EXPLAIN` output from sqlite3. Operands are named instead of P1..P5; each variant's doc
//! comment is its synopsis, with `r[x]` = register x, `cursor[c]` = cursor c, `pc` = program
//! counter. Registers are numbered from 1 (register 0 exists but is unused by convention, as in
//! SQLite); cursors from 0; addresses are indices into `Program::insns`.
//!
//! Comparison jumps (`Eq`, `Lt`, ...) follow SQLite 3.40: `if r[lhs] OP r[rhs] goto target`,
//! where `lhs` is SQLite's P3 and `rhs` its P1. [`Insn::CmpValue`] is a Ferrolite extra that
//! stores the comparison's 1/0/NULL result instead of jumping.

use std::sync::Arc;

use crate::value::affinity::Affinity;
use crate::value::compare::{Collation, KeyInfo};
use crate::value::Value;

/// A register number.
pub type Reg = usize;
/// A cursor number.
pub type CursorId = usize;
/// An instruction address (index into `Program::insns`).
pub type Addr = usize;

/// Flags of the comparison opcodes (SQLite's P4 collation and P5 bits).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CmpFlags {
    /// Affinity applied to both operands before comparing (SQLITE_AFF_MASK bits of P5).
    pub affinity: Option<Affinity>,
    /// Collation for text operands (P4); BINARY when `None`.
    pub collation: Option<Collation>,
    /// SQLITE_NULLEQ: NULL = NULL is true, NULL = x is false (for IS / IS NOT).
    pub null_eq: bool,
    /// SQLITE_JUMPIFNULL: take the jump when either operand is NULL.
    pub jump_if_null: bool,
}

/// The comparison operators, for [`Insn::CmpValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Where an `Open*` instruction finds the root page of its b-tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// A fixed page number (P2).
    Page(u32),
    /// The page number held in a register (OPFLAG_P2ISREG), e.g. a tree just created.
    Reg(Reg),
}

/// What to do on a constraint error (SQLite's OE_* values, Halt's P2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Undo the statement, keep the transaction (OE_Abort): the default.
    #[default]
    Abort,
    /// Undo the whole transaction (OE_Rollback).
    Rollback,
    /// Keep the statement's prior changes (OE_Fail).
    Fail,
    /// Skip the row (OE_Ignore).
    Ignore,
    /// Delete the conflicting row (OE_Replace).
    Replace,
}

/// A function reference, resolved against the connection's function registry when the
/// statement is prepared (`n_args` is the actual argument count of the call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuncRef {
    pub name: String,
    pub n_args: usize,
}

/// Flags of `Insert`/`Delete` (SQLite's OPFLAG_*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteFlags {
    /// OPFLAG_NCHANGE: count the row in `changes()`.
    pub nchange: bool,
    /// Count the row in `total_changes()` only (rows written by trigger bodies and
    /// foreign-key actions, which SQLite counts there but not in `changes()`).
    pub ntotal: bool,
    /// OPFLAG_LASTROWID: set `last_insert_rowid()` (Insert only).
    pub last_rowid: bool,
    /// OPFLAG_ISUPDATE: this insert/delete is half of an UPDATE.
    pub is_update: bool,
    /// OPFLAG_APPEND: hint that the key is larger than every existing key.
    pub append: bool,
    /// OPFLAG_SAVEPOSITION: keep the cursor positioned after a Delete (for Next to continue).
    pub save_position: bool,
}

/// Savepoint operations (`Savepoint`'s P1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavepointOp {
    Begin,
    Release,
    Rollback,
}

/// Database header cookies (`ReadCookie`/`SetCookie` P3, as BTREE_* numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookie {
    /// Offset 40: schema cookie.
    SchemaVersion,
    /// Offset 44: schema format number.
    FileFormat,
    /// Offset 48: default page cache size.
    DefaultCacheSize,
    /// Offset 52: largest root page (auto-vacuum).
    LargestRootPage,
    /// Offset 56: text encoding.
    TextEncoding,
    /// Offset 60: user version.
    UserVersion,
    /// Offset 64: incremental vacuum flag.
    IncrVacuum,
    /// Offset 68: application id.
    ApplicationId,
}

/// The kind of b-tree `CreateBtree` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BtreeKind {
    /// BTREE_INTKEY: a rowid table.
    Table,
    /// BTREE_BLOBKEY: an index (or WITHOUT ROWID table).
    Index,
}

/// One VM instruction.
#[derive(Debug, Clone, PartialEq)]
pub enum Insn {
    // ---- control flow ----
    /// Start of program: goto target (where Transaction/constants live, then back).
    Init {
        target: Addr,
    },
    /// goto target
    Goto {
        target: Addr,
    },
    /// r[return_reg] = pc + 1; goto target
    Gosub {
        return_reg: Reg,
        target: Addr,
    },
    /// goto r[reg] (the address saved by Gosub)
    Return {
        reg: Reg,
    },
    /// r[reg] = start (the coroutine's entry, reached by the first Yield); goto target
    /// (past the coroutine body, which usually follows this instruction)
    InitCoroutine {
        reg: Reg,
        target: Addr,
        start: Addr,
    },
    /// swap pc with r[reg] (jump into/out of a coroutine); when the coroutine has ended
    /// (EndCoroutine), goto target
    Yield {
        reg: Reg,
        target: Addr,
    },
    /// end of coroutine: pc = r[reg] (the caller's Yield), whose Yield jumps to its target
    EndCoroutine {
        reg: Reg,
    },
    /// Stop. `code` = 0 for success, else an (extended) error code with `message`;
    /// `on_error` says how much to undo.
    Halt {
        code: i32,
        on_error: OnError,
        message: Option<String>,
    },
    /// if r[reg] IS NULL: Halt with code/message (NOT NULL constraint)
    HaltIfNull {
        reg: Reg,
        code: i32,
        on_error: OnError,
        message: String,
    },
    /// Do nothing.
    Noop,
    /// if first execution of this instruction in this run (or sub-program run): fall through;
    /// else goto target
    Once {
        target: Addr,
    },
    /// if r[reg] is true goto target; if NULL goto target when `jump_if_null`
    If {
        reg: Reg,
        target: Addr,
        jump_if_null: bool,
    },
    /// if r[reg] is false goto target; if NULL goto target when `jump_if_null`
    IfNot {
        reg: Reg,
        target: Addr,
        jump_if_null: bool,
    },
    /// if r[reg] IS NULL goto target
    IsNull {
        reg: Reg,
        target: Addr,
    },
    /// if r[reg] IS NOT NULL goto target
    NotNull {
        reg: Reg,
        target: Addr,
    },
    /// if r[reg] > 0 then r[reg] -= decrement, goto target
    IfPos {
        reg: Reg,
        target: Addr,
        decrement: i64,
    },
    /// r[reg]--; if r[reg] == 0 goto target
    DecrJumpZero {
        reg: Reg,
        target: Addr,
    },
    /// if r[reg] != 0: (if r[reg] > 0: r[reg]--), goto target; if 0, fall through
    IfNotZero {
        reg: Reg,
        target: Addr,
    },
    /// if r[limit] > 0: r[dest] = r[limit] + max(0, r[offset]); else r[dest] = -1
    OffsetLimit {
        limit: Reg,
        dest: Reg,
        offset: Reg,
    },
    /// Jump to `lt`, `eq` or `gt` by the result of the last Compare.
    Jump {
        lt: Addr,
        eq: Addr,
        gt: Addr,
    },

    // ---- constants and register moves ----
    /// r[dest] = value
    Integer {
        value: i64,
        dest: Reg,
    },
    /// r[dest] = value (a 64-bit integer constant, P4)
    Int64 {
        value: i64,
        dest: Reg,
    },
    /// r[dest] = value
    Real {
        value: f64,
        dest: Reg,
    },
    /// r[dest] = 'value'
    String8 {
        value: String,
        dest: Reg,
    },
    /// r[dest] = blob
    Blob {
        value: Vec<u8>,
        dest: Reg,
    },
    /// r[dest..=dest_end] = NULL (`dest_end` = dest for one register)
    Null {
        dest: Reg,
        dest_end: Reg,
    },
    /// r[reg] = NULL, keeping its type info irrelevant (same as Null here)
    SoftNull {
        reg: Reg,
    },
    /// r[dest] = parameter `index` (1-based)
    Variable {
        index: usize,
        dest: Reg,
    },
    /// r[dest..dest+count] = copy of r[src..src+count]
    Copy {
        src: Reg,
        dest: Reg,
        count: usize,
    },
    /// r[dest] = r[src] (shallow copy; same as Copy here)
    SCopy {
        src: Reg,
        dest: Reg,
    },
    /// r[dest] = r[src] as integer
    IntCopy {
        src: Reg,
        dest: Reg,
    },
    /// r[dest..dest+count] = r[src..src+count]; the sources become NULL
    Move {
        src: Reg,
        dest: Reg,
        count: usize,
    },
    /// r[reg] += value (r[reg] must be an integer)
    AddImm {
        reg: Reg,
        value: i64,
    },

    // ---- arithmetic and logic: r[dest] = r[lhs] OP r[rhs] ----
    /// r[dest] = r[lhs] + r[rhs]
    Add {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] - r[rhs]
    Subtract {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] * r[rhs]
    Multiply {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] / r[rhs] (NULL when dividing by zero)
    Divide {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] % r[rhs] (NULL when by zero)
    Remainder {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] || r[rhs]
    Concat {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] & r[rhs]
    BitAnd {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] | r[rhs]
    BitOr {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] << r[rhs]
    ShiftLeft {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] >> r[rhs]
    ShiftRight {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] AND r[rhs] (three-valued)
    And {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = r[lhs] OR r[rhs] (three-valued)
    Or {
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
    },
    /// r[dest] = NOT r[src] (NULL stays NULL)
    Not {
        src: Reg,
        dest: Reg,
    },
    /// r[dest] = ~r[src]
    BitNot {
        src: Reg,
        dest: Reg,
    },
    /// r[dest] = (r[src] IS TRUE) with NULL → `null_value`; inverted when `invert`
    /// (IS TRUE / IS FALSE / IS NOT TRUE / IS NOT FALSE)
    IsTrue {
        src: Reg,
        dest: Reg,
        null_value: bool,
        invert: bool,
    },
    /// r[dest] = r[lhs] OP r[rhs] as 1/0, or NULL when either is NULL (unless null_eq)
    CmpValue {
        op: CmpOp,
        lhs: Reg,
        rhs: Reg,
        dest: Reg,
        flags: CmpFlags,
    },
    /// if r[lhs] == r[rhs] goto target
    Eq {
        lhs: Reg,
        rhs: Reg,
        target: Addr,
        flags: CmpFlags,
    },
    /// if r[lhs] != r[rhs] goto target
    Ne {
        lhs: Reg,
        rhs: Reg,
        target: Addr,
        flags: CmpFlags,
    },
    /// if r[lhs] < r[rhs] goto target
    Lt {
        lhs: Reg,
        rhs: Reg,
        target: Addr,
        flags: CmpFlags,
    },
    /// if r[lhs] <= r[rhs] goto target
    Le {
        lhs: Reg,
        rhs: Reg,
        target: Addr,
        flags: CmpFlags,
    },
    /// if r[lhs] > r[rhs] goto target
    Gt {
        lhs: Reg,
        rhs: Reg,
        target: Addr,
        flags: CmpFlags,
    },
    /// if r[lhs] >= r[rhs] goto target
    Ge {
        lhs: Reg,
        rhs: Reg,
        target: Addr,
        flags: CmpFlags,
    },
    /// Compare r[lhs..lhs+count] with r[rhs..rhs+count] under `key_info` (through
    /// `permutation` of the lhs/rhs indices when given); remember the result for Jump.
    Compare {
        lhs: Reg,
        rhs: Reg,
        count: usize,
        key_info: Arc<KeyInfo>,
        permutation: Option<Vec<usize>>,
    },
    /// Sets the permutation used by the next Compare (alternative to Compare's own field).
    Permutation {
        permutation: Vec<usize>,
    },
    /// r[reg] = CAST(r[reg] AS affinity)
    Cast {
        reg: Reg,
        affinity: Affinity,
    },
    /// if r[reg] is an integer: r[reg] = (REAL) r[reg]
    RealAffinity {
        reg: Reg,
    },
    /// Ferrolite: r[record] with each whole REAL field at `fields` stored as an integer
    /// (SQLite's REAL-column compaction, done in its MakeRecord; see `value::real_store`)
    CompactReal {
        record: Reg,
        fields: Vec<usize>,
    },
    /// Ferrolite: if r[reg] is a whole REAL in -2^47..2^47, mark it int-real (regmeta rule 7)
    MarkIntReal {
        reg: Reg,
    },
    /// Convert r[reg] to an integer if it is losslessly possible; else goto target, or
    /// fail with "datatype mismatch" when target is None
    MustBeInt {
        reg: Reg,
        target: Option<Addr>,
    },
    /// Apply affinities[i] to r[start + i]
    Affinity {
        start: Reg,
        affinities: Vec<Affinity>,
    },

    // ---- functions and aggregates ----
    /// r[dest] = func(r[args..args+func.n_args])
    Function {
        func: FuncRef,
        args: Reg,
        dest: Reg,
        /// Collation for functions that compare (min, max, instr...), from the args.
        collation: Option<Collation>,
    },
    /// accumulator in r[acc] steps with r[args..args+func.n_args]
    AggStep {
        func: FuncRef,
        args: Reg,
        acc: Reg,
        collation: Option<Collation>,
    },
    /// window: inverse step of r[acc] with r[args..]
    AggInverse {
        func: FuncRef,
        args: Reg,
        acc: Reg,
    },
    /// r[acc] = final value of the accumulator in r[acc]
    AggFinal {
        func: FuncRef,
        acc: Reg,
    },
    /// window: r[dest] = current value of accumulator r[acc] (not finalised)
    AggValue {
        func: FuncRef,
        acc: Reg,
        dest: Reg,
    },
    /// r[dest] = 1 if the last min()/max() step since the previous AggSkipped did not take the
    /// row as its extremum (the bare columns keep their values), else 0; clears the flag.
    AggSkipped {
        dest: Reg,
    },

    // ---- cursors ----
    /// Open a read cursor on b-tree `root` of database `db`. Index cursors carry `key_info`.
    OpenRead {
        cursor: CursorId,
        root: Root,
        db: usize,
        n_columns: usize,
        key_info: Option<Arc<KeyInfo>>,
    },
    /// Open a read/write cursor.
    OpenWrite {
        cursor: CursorId,
        root: Root,
        db: usize,
        n_columns: usize,
        key_info: Option<Arc<KeyInfo>>,
    },
    /// Open a cursor on a new temporary b-tree (index when key_info is Some, else table).
    OpenEphemeral {
        cursor: CursorId,
        n_columns: usize,
        key_info: Option<Arc<KeyInfo>>,
    },
    /// Open a second cursor on the same ephemeral table as `orig`.
    OpenDup {
        cursor: CursorId,
        orig: CursorId,
    },
    /// Open a cursor whose single row is the record in r[reg].
    OpenPseudo {
        cursor: CursorId,
        reg: Reg,
        n_columns: usize,
    },
    /// Close cursor[cursor].
    Close {
        cursor: CursorId,
    },
    /// Open a sorter (collects records, sorts them by `key_info`).
    SorterOpen {
        cursor: CursorId,
        n_columns: usize,
        key_info: Arc<KeyInfo>,
    },
    /// Add the record in r[record] to sorter cursor[cursor].
    SorterInsert {
        cursor: CursorId,
        record: Reg,
    },
    /// Sort; position on the first record; goto target when empty.
    SorterSort {
        cursor: CursorId,
        target: Addr,
    },
    /// Advance the sorter; goto target when there is a next record.
    SorterNext {
        cursor: CursorId,
        target: Addr,
    },
    /// r[dest] = current sorter record; pseudo_cursor's row becomes it.
    SorterData {
        cursor: CursorId,
        dest: Reg,
        pseudo_cursor: CursorId,
    },
    /// Compare the sorter's current record's first `n_key` fields with the record in r[record];
    /// goto target if they differ.
    SorterCompare {
        cursor: CursorId,
        target: Addr,
        record: Reg,
        n_key: usize,
    },
    /// Delete every row of the ephemeral table/sorter cursor[cursor].
    ResetSorter {
        cursor: CursorId,
    },
    /// Position on the first row; goto target when empty.
    Rewind {
        cursor: CursorId,
        target: Addr,
    },
    /// Position on the last row; goto target when empty.
    Last {
        cursor: CursorId,
        target: Addr,
    },
    /// Advance; goto target when there is a next row.
    Next {
        cursor: CursorId,
        target: Addr,
    },
    /// Step back; goto target when there is a previous row.
    Prev {
        cursor: CursorId,
        target: Addr,
    },
    /// Seek to the first entry >= key (index: r[key..key+n_key]; table: rowid r[key]);
    /// goto target when there is none.
    SeekGE {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// Seek to the first entry > key; goto target when none.
    SeekGT {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// Seek to the last entry <= key; goto target when none.
    SeekLE {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// Seek to the last entry < key; goto target when none.
    SeekLT {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// Seek table cursor to rowid r[rowid]; goto target if absent (or r[rowid] not an integer).
    SeekRowid {
        cursor: CursorId,
        target: Addr,
        rowid: Reg,
    },
    /// Seek table cursor to rowid r[rowid]; goto target if absent.
    NotExists {
        cursor: CursorId,
        target: Addr,
        rowid: Reg,
    },
    /// If an index entry with prefix r[key..key+n_key] exists goto target
    /// (n_key = 0: r[key] holds a whole record).
    Found {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// If no index entry with that prefix exists goto target.
    NotFound {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// Like NotFound, but also jumps when any key field is NULL (UNIQUE checks).
    NoConflict {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// if index key (without its rowid) >= r[key..key+n_key] goto target
    IdxGE {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// if index key > r[key..] goto target
    IdxGT {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// if index key <= r[key..] goto target
    IdxLE {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// if index key < r[key..] goto target
    IdxLT {
        cursor: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
    },
    /// r[dest] = rowid stored at the end of the index entry of cursor[cursor]
    IdxRowid {
        cursor: CursorId,
        dest: Reg,
    },
    /// Seek table cursor[table_cursor] to the rowid of index cursor[index_cursor]
    /// (done lazily in SQLite; eagerly here).
    DeferredSeek {
        index_cursor: CursorId,
        table_cursor: CursorId,
    },
    /// r[dest] = cursor[cursor].column[column] (NULL row → NULL; missing column → default)
    Column {
        cursor: CursorId,
        column: usize,
        dest: Reg,
        default: Option<Value>,
    },
    /// r[dest] = rowid of cursor[cursor]
    Rowid {
        cursor: CursorId,
        dest: Reg,
    },
    /// r[dest] = record made of r[start..start+count], after applying `affinities`
    MakeRecord {
        start: Reg,
        count: usize,
        dest: Reg,
        affinities: Option<Vec<Affinity>>,
    },
    /// Output row r[start..start+count].
    ResultRow {
        start: Reg,
        count: usize,
    },
    /// r[dest] = a new rowid for cursor[cursor] (max+1, or random when max is i64::MAX);
    /// with `prev_max`: at least r[prev_max]+1, and r[prev_max] updated (AUTOINCREMENT)
    NewRowid {
        cursor: CursorId,
        dest: Reg,
        prev_max: Option<Reg>,
    },
    /// cursor[cursor][r[rowid]] = record r[record]; `table` names it for hooks/messages
    Insert {
        cursor: CursorId,
        record: Reg,
        rowid: Reg,
        flags: WriteFlags,
        table: Option<String>,
    },
    /// Delete the current row of cursor[cursor].
    Delete {
        cursor: CursorId,
        flags: WriteFlags,
        table: Option<String>,
    },
    /// Insert index key r[key] (a record) into index cursor[cursor].
    IdxInsert {
        cursor: CursorId,
        key: Reg,
        /// SQLite's OPFLAG_USESEEKRESULT etc: unused; `append` hint.
        append: bool,
    },
    /// Delete the index entry whose key is r[key..key+n_key] from cursor[cursor].
    IdxDelete {
        cursor: CursorId,
        key: Reg,
        n_key: usize,
    },
    /// r[dest] = number of rows in cursor[cursor]'s b-tree
    Count {
        cursor: CursorId,
        dest: Reg,
    },
    /// cursor[cursor] is on a NULL row: every Column gives NULL until it moves
    NullRow {
        cursor: CursorId,
    },
    /// if cursor[cursor] is on a NULL row: r[dest] = NULL; goto target
    IfNullRow {
        cursor: CursorId,
        target: Addr,
        dest: Reg,
    },
    /// r[dest] = cursor[cursor]'s sequence counter, then increment it
    Sequence {
        cursor: CursorId,
        dest: Reg,
    },
    /// goto target if the b-tree of cursor[cursor] is empty (SQLite's IfEmpty isn't documented
    /// for 3.40 but is used for `ifEmpty` checks)
    IfEmpty {
        cursor: CursorId,
        target: Addr,
    },

    // ---- schema and transactions ----
    /// Begin a read (write when `write`) transaction on database `db`; if `schema_cookie` is
    /// given and differs from the file's, fail with SQLITE_SCHEMA (re-prepare).
    Transaction {
        db: usize,
        write: bool,
        schema_cookie: Option<u32>,
    },
    /// Set autocommit mode (COMMIT: auto_commit=true; BEGIN: false; ROLLBACK: true+rollback).
    AutoCommit {
        auto_commit: bool,
        rollback: bool,
    },
    /// SAVEPOINT / RELEASE / ROLLBACK TO `name`.
    Savepoint {
        op: SavepointOp,
        name: String,
    },
    /// r[dest] = root page of a new empty b-tree in database `db`
    CreateBtree {
        db: usize,
        dest: Reg,
        kind: BtreeKind,
    },
    /// Free every page of b-tree `root`; r[dest] = 0 (no auto-vacuum moves)
    Destroy {
        root: u32,
        db: usize,
        dest: Reg,
    },
    /// Delete every row of b-tree `root`; add the count to changes() when `count_changes`
    Clear {
        root: u32,
        db: usize,
        count_changes: bool,
    },
    /// Reload the schema of database `db` (rows of sqlite_schema matching `where_clause`, or all)
    ParseSchema {
        db: usize,
        where_clause: Option<String>,
    },
    /// Forget the schema object `name` (DROP TABLE/INDEX/TRIGGER).
    DropTable {
        db: usize,
        name: String,
    },
    DropIndex {
        db: usize,
        name: String,
    },
    DropTrigger {
        db: usize,
        name: String,
    },
    /// r[dest] = header cookie of database `db`
    ReadCookie {
        db: usize,
        dest: Reg,
        cookie: Cookie,
    },
    /// header cookie of database `db` = value
    SetCookie {
        db: usize,
        cookie: Cookie,
        value: i64,
    },
    /// r[dest] = page count of database `db`
    Pagecount {
        db: usize,
        dest: Reg,
    },
    /// r[dest] = max page count (after setting it to `value` when nonzero)
    MaxPgcnt {
        db: usize,
        dest: Reg,
        value: u32,
    },

    // ---- sets, foreign keys, triggers ----
    /// Add integer r[value] to the RowSet in r[set].
    RowSetAdd {
        set: Reg,
        value: Reg,
    },
    /// r[dest] = smallest value of RowSet r[set], removed; goto target when empty.
    RowSetRead {
        set: Reg,
        target: Addr,
        dest: Reg,
    },
    /// if r[value] is in RowSet r[set] goto target; insert it unless set_id < 0
    RowSetTest {
        set: Reg,
        target: Addr,
        value: Reg,
        set_id: i32,
    },
    /// Foreign key violation counter (statement or deferred) += amount
    FkCounter {
        deferred: bool,
        amount: i64,
    },
    /// if the counter is zero goto target
    FkIfZero {
        deferred: bool,
        target: Addr,
    },
    /// Run sub-program `program` (trigger body) with r[params..] visible through Param;
    /// goto target if it executes RAISE(IGNORE).
    Program {
        program: Arc<Program>,
        params: Reg,
        target: Addr,
    },
    /// r[dest] = the parent program's r[params + offset] (inside a trigger sub-program)
    Param {
        offset: usize,
        dest: Reg,
    },
    /// SQLITE_SCHEMA (compile again) unless `PRAGMA foreign_keys` is `enabled` and
    /// `PRAGMA defer_foreign_keys` is `defer`, the settings the statement was compiled under
    FkMode {
        enabled: bool,
        defer: bool,
    },
    /// Run the program of an enclosing frame whose `sql` is `key` (a foreign-key action that
    /// fires itself again), as `Program` does
    ProgramByKey {
        key: String,
        params: Reg,
        target: Addr,
    },

    /// EXPLAIN comment row (no effect when run).
    Explain {
        text: String,
    },

    /// Window functions, a partition at a time: reads every record of cursor[src] (sorted by
    /// PARTITION BY then ORDER BY; its first `n_partition` fields are the partition key, the
    /// next `n_order` the ORDER BY key), evaluates each of `funcs` over each partition, and
    /// opens cursor[dest] on a new ephemeral table whose rows (rowids 1, 2, ... in src order)
    /// are each src record's fields followed by one value per function.
    WindowEval {
        src: CursorId,
        dest: CursorId,
        n_partition: usize,
        n_order: usize,
        /// Collations of the partition key fields (equality decides partitions).
        partition_info: Arc<KeyInfo>,
        /// Collations and DESC flags of the ORDER BY fields (peers compare equal).
        order_info: Arc<KeyInfo>,
        funcs: Vec<WindowCall>,
    },

    /// VACUUM [INTO file]: with `into`, write a copy of database `db` to that new file;
    /// without, rebuild database `db` in place (must run outside a transaction).
    Vacuum {
        db: usize,
        into: Option<String>,
    },

    /// STRICT tables: coerce r[start + c.offset] to each column c's type, or fail with
    /// SQLITE_CONSTRAINT_DATATYPE "cannot store T value in TYPE column table.c".
    TypeCheck {
        start: Reg,
        table: String,
        columns: Vec<super::typecheck::CheckedColumn>,
    },

    /// Ferrolite: run PRAGMA `name` (with argument `arg`) on database `schema` and load its
    /// result rows into a new ephemeral table on cursor[cursor] (rowid order = row order).
    PragmaRows {
        cursor: CursorId,
        schema: Option<String>,
        name: String,
        arg: Option<String>,
    },

    /// BEGIN EXCLUSIVE: after `Transaction { write: true }`, take the EXCLUSIVE lock on
    /// database `db` so other connections can no longer read (rollback-journal modes; in WAL
    /// mode EXCLUSIVE is IMMEDIATE, as in SQLite). SQLite encodes this as Transaction P2=2.
    LockExclusive {
        db: usize,
    },

    /// ATTACH: open the database file named by r[file] as database r[name] (both text; see
    /// `connection/attach.rs`).
    Attach {
        file: Reg,
        name: Reg,
    },

    /// DETACH: close the attached database named r[name].
    Detach {
        name: Reg,
    },

    /// Ferrolite: cursor[cursor] = a new ephemeral table holding the rows of table-valued
    /// function `name` (lower-case) called on r[args..args+n_args] (see `vdbe/tvf.rs`).
    TableFunction {
        cursor: CursorId,
        name: String,
        args: Reg,
        n_args: usize,
    },

    /// Ferrolite: fail with "non-deterministic use of name() in `what`" if date/time function
    /// `name` called on r[args..args+n_args] would read the clock or time zone (placed before
    /// such calls inside CHECK constraints, generated columns and index keys).
    PureCheck {
        name: String,
        args: Reg,
        n_args: usize,
        what: String,
    },

    /// Ferrolite: r[reg] gets the JSON subtype when r[type_reg] is 'array' or 'object'
    /// (json_each/json_tree's `value` column, after it is read from the ephemeral table).
    JsonValueSubtype {
        reg: Reg,
        type_reg: Reg,
    },

    /// Ferrolite: count one changed row of a WITHOUT ROWID table (written by `IdxInsert` /
    /// `IdxDelete`, which count nothing): in `changes()` when `nchange`, else in
    /// `total_changes()` only.
    CountChange {
        nchange: bool,
    },

    /// Ferrolite: a statement of a trigger body or FK action starts (`begin`: its rows
    /// are counted apart, the count stack's depth saved in r[slot]) or ends (its rows are
    /// added to `total_changes()`). A statement that fails adds nothing; rows of the
    /// statements it ran that ended stay counted (see `codegen/stmt_count.rs`).
    StmtCount {
        slot: Reg,
        begin: bool,
    },
    /// Ferrolite: if r[reg] is int-real (regmeta rule 7), r[reg] = the INTEGER a record
    /// stores it as (a window argument read back from sqlite3's partition table)
    IntRealToInt {
        reg: Reg,
    },
    /// Ferrolite: r[start..start+count] are plain REALs, not int-real (regmeta rule 7)
    ClearIntReal {
        start: Reg,
        count: usize,
    },
}

/// One window function call of [`Insn::WindowEval`].
#[derive(Debug, Clone, PartialEq)]
pub struct WindowCall {
    /// A window-only built-in (`row_number`, `lag`...) or an aggregate, by name and arity.
    pub func: FuncRef,
    /// Field numbers (in the src record) of the arguments.
    pub args: Vec<usize>,
    /// The frame; offsets are values computed before the window runs.
    pub frame: crate::func::window::FrameSpec,
    /// Field number of the FILTER (WHERE ...) result (true/false), if any.
    pub filter: Option<usize>,
    /// Registers holding the evaluated `n PRECEDING/FOLLOWING` offsets of the frame's start
    /// and end; they replace the offsets in `frame` when the window runs.
    pub offsets: (Option<Reg>, Option<Reg>),
}

/// Origin of a result column: (database, table, column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOrigin {
    pub database: String,
    pub table: String,
    pub column: String,
}

/// A compiled statement: what `codegen::compile` produces and the VM runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub insns: Vec<Insn>,
    /// Registers used: 1..=n_regs (register 0 is allocated too).
    pub n_regs: usize,
    /// Cursors used: 0..n_cursors.
    pub n_cursors: usize,
    pub column_names: Vec<String>,
    pub column_decltypes: Vec<Option<String>>,
    pub column_origins: Vec<Option<ColumnOrigin>>,
    /// Parameter names by index - 1 (`None` for a nameless `?`); its length is the
    /// parameter count.
    pub params: Vec<Option<String>>,
    /// True when the statement does not write the database.
    pub readonly: bool,
    /// 1 for EXPLAIN, 2 for EXPLAIN QUERY PLAN, else 0.
    pub explain: u8,
    /// The SQL text of the statement.
    pub sql: String,
    /// For EXPLAIN QUERY PLAN: rows (id, parent, detail) when `explain == 2`.
    pub query_plan: Vec<(i64, i64, String)>,
    /// `ConnState::dbs_epoch` when compiled: after an ATTACH or DETACH the database numbers
    /// in the program may be stale, and `Transaction` reports SQLITE_SCHEMA (re-prepare).
    pub dbs_epoch: u64,
    /// The statement takes no statement savepoint inside an explicit transaction, so a
    /// failure leaves its earlier changes (SQLite's statements that cannot abort part-way;
    /// see `codegen/stmt_journal.rs`).
    pub no_stmt_journal: bool,
}

//! `EXPLAIN` output: one row `addr|opcode|p1|p2|p3|p4|p5|comment` per instruction, with the
//! operands mapped back to SQLite's P1..P5 positions.

use crate::value::affinity::Affinity;
use crate::value::Value;

use super::insn::{CmpFlags, Insn, Root};

/// SQLite's P1..P5 of one instruction.
struct P {
    p1: i64,
    p2: i64,
    p3: i64,
    p4: Option<String>,
    p5: i64,
}

fn p(p1: usize, p2: usize, p3: usize) -> P {
    P {
        p1: p1 as i64,
        p2: p2 as i64,
        p3: p3 as i64,
        p4: None,
        p5: 0,
    }
}

fn with4(mut x: P, p4: impl Into<String>) -> P {
    x.p4 = Some(p4.into());
    x
}

fn cmp_p5(f: &CmpFlags) -> i64 {
    let mut v = match f.affinity {
        None => 0,
        Some(a) => 0x40 + (a.letter() as i64 - 'A' as i64 + 1),
    };
    if f.jump_if_null {
        v |= 0x10;
    }
    if f.null_eq {
        v |= 0x80;
    }
    v
}

fn cmp(lhs: usize, rhs: usize, target: usize, f: &CmpFlags) -> P {
    let mut x = p(rhs, target, lhs);
    x.p4 = Some(format!(
        "{}-8",
        f.collation.as_ref().map_or("BINARY", |c| c.name())
    ));
    x.p5 = cmp_p5(f);
    x
}

fn root_p2(r: &Root) -> usize {
    match r {
        Root::Page(p) => *p as usize,
        Root::Reg(r) => *r,
    }
}

fn affs(a: &[Affinity]) -> String {
    a.iter().map(|a| a.letter()).collect()
}

/// The opcode name and operands of `insn`.
fn operands(insn: &Insn) -> (&'static str, P) {
    use Insn::*;
    let name = opcode_name(insn);
    let x = match insn {
        Init { target } | Goto { target } | Once { target } => p(0, *target, 0),
        Gosub { return_reg, target } => p(*return_reg, *target, 0),
        Return { reg }
        | EndCoroutine { reg }
        | SoftNull { reg }
        | RealAffinity { reg }
        | MarkIntReal { reg }
        | IntRealToInt { reg } => p(*reg, 0, 0),
        CompactReal { record, fields } => with4(
            p(*record, 0, 0),
            fields
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
        InitCoroutine { reg, target, start } => p(*reg, *target, *start),
        Yield { reg, target } => p(*reg, *target, 0),
        Halt {
            code,
            on_error,
            message,
        } => {
            let mut x = p(*code as usize, *on_error as usize, 0);
            x.p4 = message.clone();
            x
        }
        HaltIfNull {
            reg, code, message, ..
        } => with4(p(*code as usize, 0, *reg), message.clone()),
        Noop => p(0, 0, 0),
        If {
            reg,
            target,
            jump_if_null,
        }
        | IfNot {
            reg,
            target,
            jump_if_null,
        } => p(*reg, *target, *jump_if_null as usize),
        IsNull { reg, target } | NotNull { reg, target } => p(*reg, *target, 0),
        IfPos {
            reg,
            target,
            decrement,
        } => p(*reg, *target, *decrement as usize),
        DecrJumpZero { reg, target } | IfNotZero { reg, target } => p(*reg, *target, 0),
        OffsetLimit {
            limit,
            dest,
            offset,
        } => p(*limit, *dest, *offset),
        Jump { lt, eq, gt } => p(*lt, *eq, *gt),
        Integer { value, dest } => P {
            p1: *value,
            p2: *dest as i64,
            p3: 0,
            p4: None,
            p5: 0,
        },
        Int64 { value, dest } => with4(p(0, *dest, 0), value.to_string()),
        Real { value, dest } => with4(p(0, *dest, 0), crate::value::format_real(*value)),
        String8 { value, dest } => with4(p(0, *dest, 0), value.clone()),
        Blob { value, dest } => with4(p(value.len(), *dest, 0), "(blob)"),
        Null { dest, dest_end } => p(0, *dest, if dest_end > dest { *dest_end } else { 0 }),
        Variable { index, dest } => p(*index, *dest, 0),
        Copy { src, dest, count } | Move { src, dest, count } => {
            p(*src, *dest, count.saturating_sub(1))
        }
        SCopy { src, dest } | IntCopy { src, dest } => p(*src, *dest, 0),
        AddImm { reg, value } => P {
            p1: *reg as i64,
            p2: *value,
            p3: 0,
            p4: None,
            p5: 0,
        },
        Add { lhs, rhs, dest }
        | Multiply { lhs, rhs, dest }
        | BitAnd { lhs, rhs, dest }
        | BitOr { lhs, rhs, dest }
        | And { lhs, rhs, dest }
        | Or { lhs, rhs, dest } => p(*lhs, *rhs, *dest),
        // SQLite: r[P3] = r[P2] op r[P1]
        Subtract { lhs, rhs, dest }
        | Divide { lhs, rhs, dest }
        | Remainder { lhs, rhs, dest }
        | Concat { lhs, rhs, dest }
        | ShiftLeft { lhs, rhs, dest }
        | ShiftRight { lhs, rhs, dest } => p(*rhs, *lhs, *dest),
        Not { src, dest } | BitNot { src, dest } => p(*src, *dest, 0),
        IsTrue {
            src,
            dest,
            null_value,
            invert,
        } => P {
            p1: *src as i64,
            p2: *dest as i64,
            p3: *null_value as i64,
            p4: None,
            p5: *invert as i64,
        },
        CmpValue {
            lhs,
            rhs,
            dest,
            flags,
            ..
        } => cmp(*lhs, *rhs, *dest, flags),
        Eq {
            lhs,
            rhs,
            target,
            flags,
        }
        | Ne {
            lhs,
            rhs,
            target,
            flags,
        }
        | Lt {
            lhs,
            rhs,
            target,
            flags,
        }
        | Le {
            lhs,
            rhs,
            target,
            flags,
        }
        | Gt {
            lhs,
            rhs,
            target,
            flags,
        }
        | Ge {
            lhs,
            rhs,
            target,
            flags,
        } => cmp(*lhs, *rhs, *target, flags),
        Compare {
            lhs, rhs, count, ..
        } => with4(p(*lhs, *rhs, *count), format!("k({count})")),
        Permutation { permutation } => with4(p(0, 0, 0), format!("{permutation:?}")),
        Cast { reg, affinity } => p(*reg, affinity.letter() as usize, 0),
        MustBeInt { reg, target } => p(*reg, target.unwrap_or(0), 0),
        Affinity { start, affinities } => with4(p(*start, affinities.len(), 0), affs(affinities)),
        Function {
            func, args, dest, ..
        } => with4(
            p(0, *args, *dest),
            format!("{}({})", func.name, func.n_args),
        ),
        AggStep {
            func, args, acc, ..
        }
        | AggInverse { func, args, acc } => {
            with4(p(0, *args, *acc), format!("{}({})", func.name, func.n_args))
        }
        AggFinal { func, acc } => with4(
            p(*acc, func.n_args, 0),
            format!("{}({})", func.name, func.n_args),
        ),
        AggSkipped { dest } => p(0, *dest, 0),
        AggValue { func, acc, dest } => with4(
            p(*acc, func.n_args, *dest),
            format!("{}({})", func.name, func.n_args),
        ),
        OpenRead {
            cursor,
            root,
            db,
            n_columns,
            key_info,
        }
        | OpenWrite {
            cursor,
            root,
            db,
            n_columns,
            key_info,
        } => {
            let p4 = match key_info {
                Some(k) => format!("k({})", k.collations.len()),
                None => n_columns.to_string(),
            };
            with4(p(*cursor, root_p2(root), *db), p4)
        }
        OpenEphemeral {
            cursor,
            n_columns,
            key_info,
        } => {
            let x = p(*cursor, *n_columns, 0);
            match key_info {
                Some(k) => with4(x, format!("k({})", k.collations.len())),
                None => x,
            }
        }
        OpenDup { cursor, orig } => p(*cursor, *orig, 0),
        OpenPseudo {
            cursor,
            reg,
            n_columns,
        } => p(*cursor, *reg, *n_columns),
        SorterOpen {
            cursor,
            n_columns,
            key_info,
        } => with4(
            p(*cursor, *n_columns, 0),
            format!("k({})", key_info.collations.len()),
        ),
        Close { cursor } | ResetSorter { cursor } | NullRow { cursor } => p(*cursor, 0, 0),
        SorterInsert { cursor, record } => p(*cursor, *record, 0),
        SorterSort { cursor, target }
        | SorterNext { cursor, target }
        | Rewind { cursor, target }
        | Last { cursor, target }
        | Next { cursor, target }
        | Prev { cursor, target }
        | IfEmpty { cursor, target } => p(*cursor, *target, 0),
        SorterData {
            cursor,
            dest,
            pseudo_cursor,
        } => p(*cursor, *dest, *pseudo_cursor),
        SorterCompare {
            cursor,
            target,
            record,
            n_key,
        } => with4(p(*cursor, *target, *record), n_key.to_string()),
        SeekGE {
            cursor,
            target,
            key,
            n_key,
        }
        | SeekGT {
            cursor,
            target,
            key,
            n_key,
        }
        | SeekLE {
            cursor,
            target,
            key,
            n_key,
        }
        | SeekLT {
            cursor,
            target,
            key,
            n_key,
        }
        | Found {
            cursor,
            target,
            key,
            n_key,
        }
        | NotFound {
            cursor,
            target,
            key,
            n_key,
        }
        | NoConflict {
            cursor,
            target,
            key,
            n_key,
        }
        | IdxGE {
            cursor,
            target,
            key,
            n_key,
        }
        | IdxGT {
            cursor,
            target,
            key,
            n_key,
        }
        | IdxLE {
            cursor,
            target,
            key,
            n_key,
        }
        | IdxLT {
            cursor,
            target,
            key,
            n_key,
        } => with4(p(*cursor, *target, *key), n_key.to_string()),
        SeekRowid {
            cursor,
            target,
            rowid,
        }
        | NotExists {
            cursor,
            target,
            rowid,
        } => p(*cursor, *target, *rowid),
        IdxRowid { cursor, dest }
        | Rowid { cursor, dest }
        | Count { cursor, dest }
        | Sequence { cursor, dest } => p(*cursor, *dest, 0),
        DeferredSeek {
            index_cursor,
            table_cursor,
        } => p(*index_cursor, 0, *table_cursor),
        Column {
            cursor,
            column,
            dest,
            default,
        } => {
            let x = p(*cursor, *column, *dest);
            match default {
                Some(v) => with4(x, v.to_string()),
                None => x,
            }
        }
        MakeRecord {
            start,
            count,
            dest,
            affinities,
        } => {
            let x = p(*start, *count, *dest);
            match affinities {
                Some(a) => with4(x, affs(a)),
                None => x,
            }
        }
        ResultRow { start, count } => p(*start, *count, 0),
        NewRowid {
            cursor,
            dest,
            prev_max,
        } => p(*cursor, *dest, prev_max.unwrap_or(0)),
        Insert {
            cursor,
            record,
            rowid,
            flags,
            table,
        } => {
            let mut x = p(*cursor, *record, *rowid);
            x.p4 = table.clone();
            x.p5 =
                flags.nchange as i64 | (flags.last_rowid as i64) << 5 | (flags.append as i64) << 3;
            x
        }
        Delete {
            cursor,
            flags,
            table,
        } => {
            let mut x = p(*cursor, 0, 0);
            x.p4 = table.clone();
            x.p5 = flags.nchange as i64;
            x
        }
        IdxInsert { cursor, key, .. } => p(*cursor, *key, 0),
        IdxDelete { cursor, key, n_key } => p(*cursor, *key, *n_key),
        IfNullRow {
            cursor,
            target,
            dest,
        } => p(*cursor, *target, *dest),
        Transaction {
            db,
            write,
            schema_cookie,
        } => {
            let mut x = p(*db, *write as usize, schema_cookie.unwrap_or(0) as usize);
            x.p4 = Some("0".into());
            x.p5 = 1;
            x
        }
        AutoCommit {
            auto_commit,
            rollback,
        } => p(*auto_commit as usize, *rollback as usize, 0),
        Savepoint { op, name } => with4(p(*op as usize, 0, 0), name.clone()),
        CreateBtree { db, dest, kind } => p(
            *db,
            *dest,
            if *kind == super::insn::BtreeKind::Table {
                1
            } else {
                2
            },
        ),
        Destroy { root, db, dest } => p(*root as usize, *dest, *db),
        Clear {
            root,
            db,
            count_changes,
        } => p(*root as usize, *db, *count_changes as usize),
        ParseSchema { db, where_clause } => {
            let mut x = p(*db, 0, 0);
            x.p4 = where_clause.clone();
            x
        }
        DropTable { db, name } | DropIndex { db, name } | DropTrigger { db, name } => {
            with4(p(*db, 0, 0), name.clone())
        }
        ReadCookie { db, dest, cookie } => p(*db, *dest, *cookie as usize),
        SetCookie { db, cookie, value } => p(*db, *cookie as usize, *value as usize),
        Pagecount { db, dest } => p(*db, *dest, 0),
        MaxPgcnt { db, dest, value } => p(*db, *dest, *value as usize),
        RowSetAdd { set, value } => p(*set, *value, 0),
        RowSetRead { set, target, dest } => p(*set, *target, *dest),
        RowSetTest {
            set,
            target,
            value,
            set_id,
        } => with4(p(*set, *target, *value), set_id.to_string()),
        FkCounter { deferred, amount } => P {
            p1: *deferred as i64,
            p2: *amount,
            p3: 0,
            p4: None,
            p5: 0,
        },
        FkIfZero { deferred, target } => p(*deferred as usize, *target, 0),
        Program { params, target, .. } => with4(p(*params, *target, 0), "program"),
        Param { offset, dest } => p(*offset, *dest, 0),
        FkMode { enabled, defer } => p(*enabled as usize, *defer as usize, 0),
        ProgramByKey {
            params,
            target,
            key,
        } => with4(p(*params, *target, 0), key.clone()),
        Explain { text } => with4(p(0, 0, 0), text.clone()),
        WindowEval {
            src, dest, funcs, ..
        } => with4(p(*src, *dest, funcs.len()), "window"),
        Vacuum { db, into } => {
            let mut x = p(*db, 0, 0);
            x.p4 = into.clone();
            x
        }
        PragmaRows { cursor, name, .. } => with4(p(*cursor, 0, 0), name.clone()),
        LockExclusive { db } => p(*db, 2, 0),
        Attach { file, name } => p(*file, *name, 0),
        Detach { name } => p(*name, 0, 0),
        TableFunction {
            cursor,
            name,
            args,
            n_args,
        } => with4(p(*cursor, *args, *n_args), name.clone()),
        PureCheck {
            name, args, n_args, ..
        } => with4(p(*args, *n_args, 0), name.clone()),
        JsonValueSubtype { reg, type_reg } => p(*reg, *type_reg, 0),
        CountChange { nchange } => p(*nchange as usize, 0, 0),
        StmtCount { slot, begin } => p(*slot, *begin as usize, 0),
        ClearIntReal { start, count } => p(*start, *count, 0),
        TypeCheck { start, columns, .. } => p(*start, columns.len(), 0),
    };
    (name, x)
}

/// SQLite's opcode name for `insn`.
pub(crate) fn opcode_name(insn: &Insn) -> &'static str {
    let dbg = format!("{insn:?}");
    let name = dbg
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("Noop");
    match name {
        "CmpValue" => match insn {
            Insn::CmpValue { op, .. } => match op {
                super::insn::CmpOp::Eq => "Eq",
                super::insn::CmpOp::Ne => "Ne",
                super::insn::CmpOp::Lt => "Lt",
                super::insn::CmpOp::Le => "Le",
                super::insn::CmpOp::Gt => "Gt",
                super::insn::CmpOp::Ge => "Ge",
            },
            _ => "Noop",
        },
        other => OPCODES
            .iter()
            .find(|o| **o == other)
            .copied()
            .unwrap_or("Noop"),
    }
}

const OPCODES: &[&str] = &[
    "Init",
    "Goto",
    "Gosub",
    "Return",
    "InitCoroutine",
    "Yield",
    "EndCoroutine",
    "Halt",
    "HaltIfNull",
    "Noop",
    "Once",
    "If",
    "IfNot",
    "IsNull",
    "NotNull",
    "IfPos",
    "DecrJumpZero",
    "IfNotZero",
    "OffsetLimit",
    "Jump",
    "Integer",
    "Int64",
    "Real",
    "String8",
    "Blob",
    "Null",
    "SoftNull",
    "Variable",
    "Copy",
    "SCopy",
    "IntCopy",
    "Move",
    "AddImm",
    "Add",
    "Subtract",
    "Multiply",
    "Divide",
    "Remainder",
    "Concat",
    "BitAnd",
    "BitOr",
    "ShiftLeft",
    "ShiftRight",
    "And",
    "Or",
    "Not",
    "BitNot",
    "IsTrue",
    "Eq",
    "Ne",
    "Lt",
    "Le",
    "Gt",
    "Ge",
    "Compare",
    "Permutation",
    "Cast",
    "RealAffinity",
    "MustBeInt",
    "Affinity",
    "Function",
    "AggStep",
    "AggInverse",
    "AggFinal",
    "AggValue",
    "AggSkipped",
    "OpenRead",
    "OpenWrite",
    "OpenEphemeral",
    "OpenDup",
    "OpenPseudo",
    "Close",
    "SorterOpen",
    "SorterInsert",
    "SorterSort",
    "SorterNext",
    "SorterData",
    "SorterCompare",
    "ResetSorter",
    "Rewind",
    "Last",
    "Next",
    "Prev",
    "SeekGE",
    "SeekGT",
    "SeekLE",
    "SeekLT",
    "SeekRowid",
    "NotExists",
    "Found",
    "NotFound",
    "NoConflict",
    "IdxGE",
    "IdxGT",
    "IdxLE",
    "IdxLT",
    "IdxRowid",
    "DeferredSeek",
    "Column",
    "Rowid",
    "MakeRecord",
    "ResultRow",
    "NewRowid",
    "Insert",
    "Delete",
    "IdxInsert",
    "IdxDelete",
    "Count",
    "NullRow",
    "IfNullRow",
    "Sequence",
    "IfEmpty",
    "Transaction",
    "AutoCommit",
    "Savepoint",
    "CreateBtree",
    "Destroy",
    "Clear",
    "ParseSchema",
    "DropTable",
    "DropIndex",
    "DropTrigger",
    "ReadCookie",
    "SetCookie",
    "Pagecount",
    "MaxPgcnt",
    "RowSetAdd",
    "RowSetRead",
    "RowSetTest",
    "FkCounter",
    "FkIfZero",
    "Program",
    "Param",
    "Explain",
    "PragmaRows",
    "WindowEval",
    "Vacuum",
    "LockExclusive",
    "TypeCheck",
    "Attach",
    "Detach",
    "TableFunction",
    "PureCheck",
    "JsonValueSubtype",
    "CountChange",
    "StmtCount",
];

/// The EXPLAIN row for the instruction at `addr`.
pub(crate) fn explain_row(addr: usize, insn: &Insn) -> Vec<Value> {
    let (name, x) = operands(insn);
    vec![
        Value::Integer(addr as i64),
        Value::Text(name.to_owned()),
        Value::Integer(x.p1),
        Value::Integer(x.p2),
        Value::Integer(x.p3),
        x.p4.map_or(Value::Null, Value::Text),
        Value::Integer(x.p5),
        Value::Null,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_look_like_sqlite() {
        let r = explain_row(0, &Insn::Init { target: 10 });
        assert_eq!(
            r,
            vec![
                Value::Integer(0),
                Value::Text("Init".into()),
                Value::Integer(0),
                Value::Integer(10),
                Value::Integer(0),
                Value::Null,
                Value::Integer(0),
                Value::Null
            ]
        );
        let r = explain_row(
            4,
            &Insn::Le {
                lhs: 1,
                rhs: 2,
                target: 8,
                flags: CmpFlags {
                    affinity: Some(Affinity::Blob),
                    jump_if_null: true,
                    ..Default::default()
                },
            },
        );
        assert_eq!(r[1], Value::Text("Le".into()));
        assert_eq!(
            &r[2..7],
            &[
                Value::Integer(2),
                Value::Integer(8),
                Value::Integer(1),
                Value::Text("BINARY-8".into()),
                Value::Integer(81)
            ]
        );
    }
}

//! Hand-assembled programs run through the public `Statement` API.

use std::sync::Arc;

use crate::api::{Connection, Statement, StepResult};
use crate::error::codes;
use crate::value::compare::KeyInfo;
use crate::value::Value;

use super::insn::{CmpFlags, Insn::*, OnError, Program, WriteFlags};

fn run(prog: Program) -> crate::Result<Vec<Vec<Value>>> {
    let conn = Connection::open(":memory:").unwrap();
    let mut st = Statement::new(conn.inner.clone(), prog, String::new());
    let mut rows = Vec::new();
    while st.step()? == StepResult::Row {
        rows.push(
            (0..st.column_count())
                .map(|i| st.column_value(i).clone())
                .collect(),
        );
    }
    Ok(rows)
}

fn prog(insns: Vec<super::Insn>, n_cols: usize) -> Program {
    Program {
        insns,
        n_regs: 20,
        n_cursors: 4,
        column_names: (0..n_cols).map(|i| format!("c{i}")).collect(),
        ..Default::default()
    }
}

#[test]
fn arithmetic_program() {
    let p = prog(
        vec![
            Init { target: 1 },
            Integer {
                value: i64::MAX,
                dest: 1,
            },
            Integer { value: 1, dest: 2 },
            Add {
                lhs: 1,
                rhs: 2,
                dest: 3,
            },
            String8 {
                value: "12abc".into(),
                dest: 4,
            },
            Multiply {
                lhs: 4,
                rhs: 2,
                dest: 5,
            },
            Divide {
                lhs: 2,
                rhs: 6,
                dest: 6,
            },
            ResultRow { start: 3, count: 4 },
            Halt {
                code: 0,
                on_error: OnError::Abort,
                message: None,
            },
        ],
        4,
    );
    assert_eq!(
        run(p).unwrap(),
        vec![vec![
            Value::Real(9.223_372_036_854_776e18),
            Value::Text("12abc".into()),
            Value::Integer(12),
            Value::Null
        ]]
    );
}

#[test]
fn counting_loop() {
    // for r1 in 1..=5 { output r1 * r1 }
    let p = prog(
        vec![
            Integer { value: 1, dest: 1 },
            Integer { value: 5, dest: 2 },
            Multiply {
                lhs: 1,
                rhs: 1,
                dest: 3,
            },
            ResultRow { start: 3, count: 1 },
            AddImm { reg: 1, value: 1 },
            Le {
                lhs: 1,
                rhs: 2,
                target: 2,
                flags: CmpFlags::default(),
            },
            Halt {
                code: 0,
                on_error: OnError::Abort,
                message: None,
            },
        ],
        1,
    );
    let rows = run(p).unwrap();
    let sq: Vec<i64> = rows
        .iter()
        .map(|r| match r[0] {
            Value::Integer(i) => i,
            _ => -1,
        })
        .collect();
    assert_eq!(sq, vec![1, 4, 9, 16, 25]);
}

#[test]
fn ephemeral_table_loop() {
    // Insert 'a'..'e' into an ephemeral table, then scan it back with rowids.
    let mut insns = vec![OpenEphemeral {
        cursor: 0,
        n_columns: 1,
        key_info: None,
    }];
    for s in ["a", "b", "c", "d", "e"] {
        insns.extend([
            String8 {
                value: s.into(),
                dest: 1,
            },
            MakeRecord {
                start: 1,
                count: 1,
                dest: 2,
                affinities: None,
            },
            NewRowid {
                cursor: 0,
                dest: 3,
                prev_max: None,
            },
            Insert {
                cursor: 0,
                record: 2,
                rowid: 3,
                flags: WriteFlags::default(),
                table: None,
            },
        ]);
    }
    let top = insns.len();
    insns.extend([
        Rewind {
            cursor: 0,
            target: top + 5,
        },
        Rowid { cursor: 0, dest: 4 },
        Column {
            cursor: 0,
            column: 0,
            dest: 5,
            default: None,
        },
        ResultRow { start: 4, count: 2 },
        Next {
            cursor: 0,
            target: top + 1,
        },
        Halt {
            code: 0,
            on_error: OnError::Abort,
            message: None,
        },
    ]);
    let rows = run(prog(insns, 2)).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[4], vec![Value::Integer(5), Value::Text("e".into())]);
}

#[test]
fn sorter_orders_desc() {
    let ki = Arc::new(KeyInfo {
        collations: vec![Default::default()],
        desc: vec![true],
        n_key_fields: 1,
    });
    let mut insns = vec![SorterOpen {
        cursor: 0,
        n_columns: 1,
        key_info: ki,
    }];
    for v in [3, 1, 2] {
        insns.extend([
            Integer { value: v, dest: 1 },
            MakeRecord {
                start: 1,
                count: 1,
                dest: 2,
                affinities: None,
            },
            SorterInsert {
                cursor: 0,
                record: 2,
            },
        ]);
    }
    let top = insns.len();
    insns.extend([
        OpenPseudo {
            cursor: 1,
            reg: 3,
            n_columns: 1,
        },
        SorterSort {
            cursor: 0,
            target: top + 6,
        },
        SorterData {
            cursor: 0,
            dest: 3,
            pseudo_cursor: 1,
        },
        Column {
            cursor: 1,
            column: 0,
            dest: 4,
            default: None,
        },
        ResultRow { start: 4, count: 1 },
        SorterNext {
            cursor: 0,
            target: top + 2,
        },
        Halt {
            code: 0,
            on_error: OnError::Abort,
            message: None,
        },
    ]);
    let rows = run(prog(insns, 1)).unwrap();
    assert_eq!(
        rows,
        vec![
            vec![Value::Integer(3)],
            vec![Value::Integer(2)],
            vec![Value::Integer(1)]
        ]
    );
}

#[test]
fn coroutine_yields_values() {
    // A coroutine producing 10, 20; the caller outputs each.
    let p = prog(
        vec![
            InitCoroutine {
                reg: 1,
                target: 6,
                start: 1,
            },
            Integer { value: 10, dest: 2 },
            Yield { reg: 1, target: 0 },
            Integer { value: 20, dest: 2 },
            Yield { reg: 1, target: 0 },
            EndCoroutine { reg: 1 },
            Yield { reg: 1, target: 9 },
            ResultRow { start: 2, count: 1 },
            Goto { target: 6 },
            Halt {
                code: 0,
                on_error: OnError::Abort,
                message: None,
            },
        ],
        1,
    );
    assert_eq!(
        run(p).unwrap(),
        vec![vec![Value::Integer(10)], vec![Value::Integer(20)]]
    );
}

#[test]
fn halt_with_constraint_error() {
    let p = prog(
        vec![
            Null {
                dest: 1,
                dest_end: 1,
            },
            HaltIfNull {
                reg: 1,
                code: codes::SQLITE_CONSTRAINT_NOTNULL,
                on_error: OnError::Abort,
                message: "NOT NULL constraint failed: t.a".into(),
            },
        ],
        0,
    );
    let e = run(p).unwrap_err();
    assert_eq!(e.extended_code, codes::SQLITE_CONSTRAINT_NOTNULL);
    assert_eq!(e.message, "NOT NULL constraint failed: t.a");
}

#[test]
fn gosub_and_return() {
    let p = prog(
        vec![
            Gosub {
                return_reg: 1,
                target: 3,
            },
            ResultRow { start: 2, count: 1 },
            Halt {
                code: 0,
                on_error: OnError::Abort,
                message: None,
            },
            Integer { value: 42, dest: 2 },
            Return { reg: 1 },
        ],
        1,
    );
    assert_eq!(run(p).unwrap(), vec![vec![Value::Integer(42)]]);
}

#[test]
fn explain_lists_instructions() {
    let mut p = prog(
        vec![
            Init { target: 1 },
            Halt {
                code: 0,
                on_error: OnError::Abort,
                message: None,
            },
        ],
        0,
    );
    p.explain = 1;
    let rows = run(p).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], Value::Text("Halt".into()));
}

#[test]
fn bindings_and_ranges() {
    let conn = Connection::open(":memory:").unwrap();
    let mut p = prog(
        vec![
            Variable { index: 1, dest: 1 },
            Variable { index: 2, dest: 2 },
            ResultRow { start: 1, count: 2 },
        ],
        2,
    );
    p.params = vec![None, Some(":x".into())];
    let mut st = Statement::new(conn.inner.clone(), p, "SELECT ?, :x".into());
    st.bind(1, Value::Integer(7)).unwrap();
    st.bind(2, Value::Text("hi".into())).unwrap();
    assert_eq!(
        st.bind(3, Value::Null).unwrap_err().code(),
        codes::SQLITE_RANGE
    );
    assert_eq!(st.bind_parameter_index(":x"), Some(2));
    assert_eq!(st.expanded_sql(), "SELECT 7, 'hi'");
    assert_eq!(st.step().unwrap(), StepResult::Row);
    assert_eq!(st.column_value(1), &Value::Text("hi".into()));
}

#[test]
fn interrupt_stops_a_running_program() {
    let conn = Connection::open(":memory:").unwrap();
    let p = prog(
        vec![
            Integer { value: 1, dest: 1 },
            ResultRow { start: 1, count: 1 },
            Goto { target: 0 },
        ],
        1,
    );
    let mut st = Statement::new(conn.inner.clone(), p, String::new());
    assert_eq!(st.step().unwrap(), StepResult::Row);
    conn.interrupt();
    assert_eq!(st.step().unwrap_err().code(), codes::SQLITE_INTERRUPT);
}

#[test]
fn loop_over_a_btree() {
    use super::insn::{BtreeKind, Root};
    // Create a table b-tree, insert rowids 1..=100 with value rowid*2, then scan from rowid 90.
    let insns = vec![
        Transaction {
            db: 0,
            write: true,
            schema_cookie: None,
        },
        CreateBtree {
            db: 0,
            dest: 1,
            kind: BtreeKind::Table,
        },
        OpenWrite {
            cursor: 0,
            root: Root::Reg(1),
            db: 0,
            n_columns: 1,
            key_info: None,
        },
        Integer { value: 1, dest: 2 },
        Integer {
            value: 100,
            dest: 3,
        },
        // 5: loop body
        Add {
            lhs: 2,
            rhs: 2,
            dest: 4,
        },
        MakeRecord {
            start: 4,
            count: 1,
            dest: 5,
            affinities: None,
        },
        Insert {
            cursor: 0,
            record: 5,
            rowid: 2,
            flags: WriteFlags::default(),
            table: None,
        },
        AddImm { reg: 2, value: 1 },
        Le {
            lhs: 2,
            rhs: 3,
            target: 5,
            flags: CmpFlags::default(),
        },
        // 10: scan rowid >= 90
        Integer { value: 90, dest: 6 },
        SeekGE {
            cursor: 0,
            target: 17,
            key: 6,
            n_key: 0,
        },
        Rowid { cursor: 0, dest: 7 },
        Column {
            cursor: 0,
            column: 0,
            dest: 8,
            default: None,
        },
        ResultRow { start: 7, count: 2 },
        Next {
            cursor: 0,
            target: 12,
        },
        Noop,
        // 17
        Count { cursor: 0, dest: 9 },
        ResultRow { start: 9, count: 1 },
        Halt {
            code: 0,
            on_error: OnError::Abort,
            message: None,
        },
    ];
    let rows = run(prog(insns, 2)).unwrap();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0], vec![Value::Integer(90), Value::Integer(180)]);
    assert_eq!(rows[10], vec![Value::Integer(100), Value::Integer(200)]);
    assert_eq!(rows[11][0], Value::Integer(100));
}

#[test]
fn scalar_and_aggregate_functions() {
    use super::insn::FuncRef;
    let f = |name: &str, n| FuncRef {
        name: name.into(),
        n_args: n,
    };
    // sum(1..=4), upper('ab'), abs(-3)
    let insns = vec![
        Integer { value: 1, dest: 1 },
        Integer { value: 4, dest: 2 },
        AggStep {
            func: f("sum", 1),
            args: 1,
            acc: 3,
            collation: None,
        },
        AddImm { reg: 1, value: 1 },
        Le {
            lhs: 1,
            rhs: 2,
            target: 2,
            flags: CmpFlags::default(),
        },
        AggFinal {
            func: f("sum", 1),
            acc: 3,
        },
        String8 {
            value: "ab".into(),
            dest: 4,
        },
        Function {
            func: f("upper", 1),
            args: 4,
            dest: 5,
            collation: None,
        },
        Integer { value: -3, dest: 6 },
        Function {
            func: f("abs", 1),
            args: 6,
            dest: 7,
            collation: None,
        },
        Copy {
            src: 3,
            dest: 8,
            count: 1,
        },
        Copy {
            src: 5,
            dest: 9,
            count: 1,
        },
        Copy {
            src: 7,
            dest: 10,
            count: 1,
        },
        ResultRow { start: 8, count: 3 },
        AggFinal {
            func: f("count", 0),
            acc: 11,
        },
        ResultRow {
            start: 11,
            count: 1,
        },
        Function {
            func: f("nosuch", 0),
            args: 1,
            dest: 1,
            collation: None,
        },
    ];
    let conn = Connection::open(":memory:").unwrap();
    let mut st = Statement::new(conn.inner.clone(), prog(insns, 3), String::new());
    assert_eq!(st.step().unwrap(), StepResult::Row);
    assert_eq!(st.column_value(0), &Value::Integer(10));
    assert_eq!(st.column_value(1), &Value::Text("AB".into()));
    assert_eq!(st.column_value(2), &Value::Integer(3));
    assert_eq!(st.step().unwrap(), StepResult::Row);
    assert_eq!(st.column_value(0), &Value::Integer(0));
    assert_eq!(st.step().unwrap_err().message, "no such function: nosuch");
}

#[test]
fn window_eval_over_sorted_partitions() {
    use super::insn::{FuncRef, WindowCall};
    use crate::func::window::FrameSpec;
    // Rows (p, o) sorted by p, o; row_number() and sum(o) OVER (PARTITION BY p ORDER BY o).
    // sqlite3: SELECT p, o, row_number() OVER w, sum(o) OVER w FROM t
    //          WINDOW w AS (PARTITION BY p ORDER BY o)  →  1|1|1|1, 1|2|2|5, 1|2|3|5, 2|5|1|5
    let ki = Arc::new(KeyInfo::ascending(2));
    let mut insns = vec![SorterOpen {
        cursor: 0,
        n_columns: 2,
        key_info: ki.clone(),
    }];
    for (p, o) in [(2, 5), (1, 2), (1, 1), (1, 2)] {
        insns.extend([
            Integer { value: p, dest: 1 },
            Integer { value: o, dest: 2 },
            MakeRecord {
                start: 1,
                count: 2,
                dest: 3,
                affinities: None,
            },
            SorterInsert {
                cursor: 0,
                record: 3,
            },
        ]);
    }
    let f = |name: &str, n, args: Vec<usize>| WindowCall {
        func: FuncRef {
            name: name.into(),
            n_args: n,
        },
        args,
        frame: FrameSpec::default(),
        filter: None,
        offsets: (None, None),
    };
    let top = insns.len();
    insns.extend([
        WindowEval {
            src: 0,
            dest: 1,
            n_partition: 1,
            n_order: 1,
            partition_info: Arc::new(KeyInfo::ascending(1)),
            order_info: Arc::new(KeyInfo::ascending(1)),
            funcs: vec![f("row_number", 0, vec![]), f("sum", 1, vec![1])],
        },
        Rewind {
            cursor: 1,
            target: top + 8,
        },
        Column {
            cursor: 1,
            column: 0,
            dest: 4,
            default: None,
        },
        Column {
            cursor: 1,
            column: 1,
            dest: 5,
            default: None,
        },
        Column {
            cursor: 1,
            column: 2,
            dest: 6,
            default: None,
        },
        Column {
            cursor: 1,
            column: 3,
            dest: 7,
            default: None,
        },
        ResultRow { start: 4, count: 4 },
        Next {
            cursor: 1,
            target: top + 2,
        },
        Halt {
            code: 0,
            on_error: OnError::Abort,
            message: None,
        },
    ]);
    let rows = run(prog(insns, 4)).unwrap();
    let ints: Vec<Vec<i64>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Value::Integer(i) => *i,
                    _ => -99,
                })
                .collect()
        })
        .collect();
    assert_eq!(
        ints,
        vec![
            vec![1, 1, 1, 1],
            vec![1, 2, 2, 5],
            vec![1, 2, 3, 5],
            vec![2, 5, 1, 5]
        ]
    );
}

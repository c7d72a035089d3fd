//! `EXPLAIN QUERY PLAN` as a tree and `EXPLAIN` as the shell's fixed-width listing.
//!
//! ```text
//! QUERY PLAN                         addr  opcode         p1    p2    p3    p4             p5  comment
//! |--SCAN t                          ----  -------------  ----  ----  ----  -------------  --  -------------
//! |--LIST SUBQUERY 1                 0     Init           0     9     0                    0
//! |  `--SCAN u                       2     Rewind         0     8     0                    0
//! `--USE TEMP B-TREE FOR ORDER BY    3       Column       0     1     1                    0   (loop bodies indented)
//! ```

use ferrolite::Value;

/// One plan row: (id, parent, detail).
pub type PlanRow = (i64, i64, String);

/// The tree `sqlite3` prints for `EXPLAIN QUERY PLAN` rows.
pub fn plan_tree(rows: &[PlanRow]) -> String {
    // sqlite3 prints nothing, not even the header, for a plan without rows.
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from("QUERY PLAN\n");
    children(rows, 0, "", &mut out);
    out
}

fn children(rows: &[PlanRow], parent: i64, prefix: &str, out: &mut String) {
    let kids: Vec<&PlanRow> = rows.iter().filter(|r| r.1 == parent).collect();
    for (i, (id, _, detail)) in kids.iter().enumerate() {
        let last = i + 1 == kids.len();
        out.push_str(prefix);
        out.push_str(if last { "`--" } else { "|--" });
        out.push_str(detail);
        out.push('\n');
        if *id != parent {
            let deeper = format!("{prefix}{}", if last { "   " } else { "|  " });
            children(rows, *id, &deeper, out);
        }
    }
}

const WIDTHS: [usize; 8] = [4, 13, 4, 4, 4, 13, 2, 13];
const NAMES: [&str; 8] = ["addr", "opcode", "p1", "p2", "p3", "p4", "p5", "comment"];

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Opcodes that close a loop by jumping back to its top.
fn closes_loop(op: &str) -> bool {
    matches!(
        op,
        "Next" | "Prev" | "VNext" | "VPrev" | "SorterNext" | "NextIfOpen" | "PrevIfOpen"
    )
}

/// The `EXPLAIN` listing: fixed columns, loop bodies indented two spaces per level.
pub fn listing(rows: &[Vec<Value>]) -> String {
    let n = rows.len();
    let mut indent = vec![0usize; n];
    for (i, r) in rows.iter().enumerate() {
        let op = r.get(1).map(text).unwrap_or_default();
        let p2 = match r.get(3) {
            Some(Value::Integer(x)) => *x,
            _ => continue,
        };
        let target_is_loop_top = || {
            usize::try_from(p2)
                .ok()
                .and_then(|t| rows.get(t))
                .is_some_and(|t| {
                    matches!(
                        t.get(1).map(text).as_deref(),
                        Some("Yield" | "SeekLT" | "SeekGT" | "RowSetRead" | "Rewind")
                    )
                })
        };
        let backward = p2 >= 0 && (p2 as usize) < i;
        if backward && (closes_loop(&op) || (op == "Goto" && target_is_loop_top())) {
            for slot in indent.iter_mut().take(i).skip(p2 as usize) {
                *slot += 1;
            }
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], pad_last: bool, out: &mut String| {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(c);
            if i + 1 < cells.len() || pad_last {
                let w = c.chars().count();
                out.extend(std::iter::repeat_n(' ', WIDTHS[i].saturating_sub(w)));
            }
        }
        out.push('\n');
    };
    let header: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    line(&header, true, &mut out);
    let dashes: Vec<String> = WIDTHS.iter().map(|w| "-".repeat(*w)).collect();
    line(&dashes, true, &mut out);
    for (i, r) in rows.iter().enumerate() {
        let mut cells: Vec<String> = (0..8)
            .map(|c| r.get(c).map(text).unwrap_or_default())
            .collect();
        // The opcode is padded first, then indented (so later columns shift right).
        cells[1] = format!("{}{:<13}", "  ".repeat(indent[i]), cells[1]);
        line(&cells, false, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_tree_shape() {
        let rows = vec![
            (2, 0, "CO-ROUTINE r".to_string()),
            (5, 2, "SETUP".to_string()),
            (6, 5, "SCAN CONSTANT ROW".to_string()),
            (9, 2, "RECURSIVE STEP".to_string()),
            (10, 9, "SCAN r".to_string()),
            (20, 0, "SCAN r".to_string()),
        ];
        assert_eq!(
            plan_tree(&rows),
            "QUERY PLAN\n|--CO-ROUTINE r\n|  |--SETUP\n|  |  `--SCAN CONSTANT ROW\n|  `--RECURSIVE STEP\n|     `--SCAN r\n`--SCAN r\n"
        );
    }

    #[test]
    fn listing_indents_loop_bodies() {
        let row = |a: i64, op: &str, p2: i64| {
            vec![
                Value::Integer(a),
                Value::Text(op.into()),
                Value::Integer(0),
                Value::Integer(p2),
                Value::Integer(0),
                Value::Text(String::new()),
                Value::Integer(0),
                Value::Null,
            ]
        };
        let rows = vec![
            row(0, "Init", 3),
            row(1, "Rewind", 3),
            row(2, "Column", 0),
            row(3, "Next", 2),
        ];
        let l = listing(&rows);
        let lines: Vec<&str> = l.lines().collect();
        assert_eq!(
            lines[0],
            "addr  opcode         p1    p2    p3    p4             p5  comment      "
        );
        assert_eq!(
            lines[2],
            "0     Init           0     3     0                    0   "
        );
        assert_eq!(
            lines[4],
            "2       Column         0     0     0                    0   "
        );
        assert_eq!(
            lines[5],
            "3     Next           0     2     0                    0   "
        );
    }
}

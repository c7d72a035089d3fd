//! Generated columns (gencol.html) and STRICT type checks (stricttables.html).
//!
//! A generated column `c AS (expr) [VIRTUAL|STORED]` is computed from the other columns of
//! its row:
//!
//! | kind    | in the record? | computed when                                         |
//! |---------|----------------|-------------------------------------------------------|
//! | STORED  | yes            | INSERT/UPDATE, before the constraint checks           |
//! | VIRTUAL | no             | INSERT/UPDATE (for checks and indexes) and every read  |
//!
//! `Table::storage_pos` maps a column to its record field (VIRTUAL columns have none).
//! A row being written lives in registers (see `dml`): the ordinary columns get their
//! affinity, then the generated ones are computed in dependency order, each given its own
//! affinity at once. A read of a VIRTUAL column from a cursor compiles its expression in a
//! scope holding only that table ([`Compiler::read_virtual`]).
//!
//! Loops (`a AS (b), b AS (a)`) are accepted by CREATE TABLE, as SQLite does, and refused
//! when a statement needs the value: "generated column loop on \"b\"", naming the column
//! met again; when several columns loop, the last one computed names the error.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::resolve::{ColRef, ColSel, Scope, Source};
use crate::schema::Table;
use crate::vdbe::insn::{CursorId, Insn, Reg};

use super::Compiler;

/// SQLite's built-ins that are not deterministic (refused in generated columns).
pub(crate) const NON_DETERMINISTIC: &[&str] = &[
    "random",
    "randomblob",
    "changes",
    "total_changes",
    "last_insert_rowid",
    "sqlite_version",
    "sqlite_source_id",
    "sqlite_compileoption_used",
    "sqlite_compileoption_get",
    "sqlite_offset",
];

/// The column numbers of `t` that `e` references (by unqualified or `t.`-qualified name).
fn referenced_columns(t: &Table, e: &Expr) -> Vec<usize> {
    let mut out = Vec::new();
    super::select::walk_pub(e, &mut |x| {
        if let ExprKind::Column { table, column, .. } = &x.kind {
            let same = table
                .as_ref()
                .is_none_or(|q| q.name.eq_ignore_ascii_case(&t.name));
            if let (true, Some(i)) = (same, t.column_index(&column.name)) {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        true
    });
    out
}

/// [`referenced_columns`] for other modules.
pub(crate) fn referenced_columns_pub(t: &Table, e: &Expr) -> Vec<usize> {
    referenced_columns(t, e)
}

/// The generated columns that generated column `i` reads.
fn generated_deps(t: &Table, i: usize) -> Vec<usize> {
    match &t.columns[i].generated {
        Some(e) => referenced_columns(t, e)
            .into_iter()
            .filter(|&c| t.columns[c].generated.is_some())
            .collect(),
        None => Vec::new(),
    }
}

/// Computing column `i` meets a column already being computed: its name, else `None`.
fn loop_name(t: &Table, i: usize, busy: &mut Vec<usize>) -> Option<String> {
    if busy.contains(&i) {
        return Some(t.columns[i].name.clone());
    }
    busy.push(i);
    for d in generated_deps(t, i) {
        if let Some(n) = loop_name(t, d, busy) {
            return Some(n);
        }
    }
    busy.pop();
    None
}

fn loop_error(name: &str) -> Error {
    Error::sql(format!("generated column loop on \"{name}\""))
}

impl Compiler<'_> {
    /// Checks each generated column's expression (see `schema_expr`: the last failing one
    /// names the error).
    pub(crate) fn check_generated_defs(&self, t: &Table) -> Result<()> {
        let generated = t.columns.iter().filter_map(|c| c.generated.as_ref());
        let last = generated
            .filter_map(|e| self.schema_expr_error(t, e, super::schema_expr::SchemaExpr::Generated))
            .last();
        last.map_or(Ok(()), Err)
    }

    /// Checks a table definition an ALTER TABLE is about to store (`sql`, a CREATE TABLE):
    /// it must build and its generated columns must be valid.
    pub(crate) fn check_new_definition(&self, sql: &str) -> Result<()> {
        let Some((ast::Stmt::CreateTable(ct), _)) = crate::parser::parse_one(sql)? else {
            return Err(Error::sql("malformed table definition"));
        };
        let t = Table::from_create(&ct, sql, 0)?;
        self.check_generated_defs(&t)
    }

    /// Computes the generated columns of the row in registers (r[rowid], r[cols..]) into
    /// their registers, in dependency order; with `virtual_only`, only the VIRTUAL ones (the
    /// STORED ones were read from the record). `tc` is the table's cursor.
    pub(crate) fn compute_generated(
        &mut self,
        t: &Arc<Table>,
        tc: CursorId,
        rowid: Reg,
        cols: Reg,
        virtual_only: bool,
    ) -> Result<()> {
        let gens: Vec<usize> = (0..t.columns.len())
            .filter(|&i| {
                let c = &t.columns[i];
                c.generated.is_some() && (!virtual_only || c.is_virtual())
            })
            .collect();
        if gens.is_empty() {
            return Ok(());
        }
        let mut err = None;
        for &g in &gens {
            if let Some(n) = loop_name(t, g, &mut Vec::new()) {
                err = Some(n);
            }
        }
        if let Some(n) = err {
            return Err(loop_error(&n));
        }
        let mut done: Vec<bool> = t.columns.iter().map(|c| c.generated.is_none()).collect();
        if virtual_only {
            for (i, c) in t.columns.iter().enumerate() {
                done[i] |= !c.is_virtual();
            }
        }
        let mut left = gens;
        while !left.is_empty() {
            let ready = left
                .iter()
                .position(|&g| generated_deps(t, g).iter().all(|&d| done[d]))
                .ok_or_else(|| loop_error(&t.columns[left[0]].name))?;
            let g = left.remove(ready);
            self.push_gen_scope(Source::from_table(t.clone(), None, tc), Some((rowid, cols)));
            let r = self.gen_value(t, g, cols + g);
            self.pop_gen_scope();
            r?;
            done[g] = true;
        }
        Ok(())
    }

    /// Reads VIRTUAL column `cr` of a table source positioned on a row (no registers):
    /// compiles its expression over that row. A loop leaves NULL and records the error,
    /// which [`super::compile`] returns.
    pub(crate) fn read_virtual(&mut self, cr: ColRef, target: Reg) {
        let src = self.scopes[cr.depth].sources[cr.src].clone();
        let (Some(t), ColSel::Column(i)) = (src.table.clone(), cr.col) else {
            return;
        };
        let key = (t.name.to_ascii_lowercase(), i);
        if self.gen_busy.contains(&key) {
            self.gen_error = Some(loop_error(&t.columns[i].name));
            self.b.emit(Insn::Null {
                dest: target,
                dest_end: target,
            });
            return;
        }
        self.gen_busy.push(key);
        let mut own = Source::from_table(t.clone(), None, src.cursor);
        own.cover = src.cover.clone();
        own.outer = src.outer;
        self.push_gen_scope(own, None);
        let skip = self.b.label();
        if src.outer {
            // An unmatched outer-join row reads NULL, not the expression over NULLs.
            self.b.emit(Insn::Null {
                dest: target,
                dest_end: target,
            });
            self.b.emit(Insn::IfNullRow {
                cursor: src.cursor,
                target: skip,
                dest: target,
            });
        }
        if let Err(e) = self.gen_value(&t, i, target) {
            self.gen_error = Some(e);
        }
        self.b.bind(skip);
        self.pop_gen_scope();
        self.gen_busy.pop();
    }

    /// r[target] = generated column `i` of `t` (with its affinity), in the current scope.
    fn gen_value(&mut self, t: &Table, i: usize, target: Reg) -> Result<()> {
        let Some(e) = t.columns[i].generated.clone() else {
            return Ok(());
        };
        let saved = self.sql;
        self.sql = "";
        let pure = self.enter_pure(super::purity::IN_GENERATED);
        let r = self.expr(&e, target);
        self.pure_ctx = pure;
        self.sql = saved;
        r?;
        let aff = t.columns[i].affinity;
        if aff != crate::value::affinity::Affinity::Blob {
            self.b.emit(Insn::Affinity {
                start: target,
                affinities: vec![aff],
            });
        }
        if aff == crate::value::affinity::Affinity::Real {
            self.b.emit(Insn::MarkIntReal { reg: target });
        }
        Ok(())
    }

    fn push_gen_scope(&mut self, mut src: Source, regs: Option<(Reg, Reg)>) {
        src.regs = regs;
        self.scopes.push(Scope { sources: vec![src] });
        self.agg.push(None);
    }

    fn pop_gen_scope(&mut self) {
        self.scopes.pop();
        self.agg.pop();
    }

    /// STRICT tables: the datatype check of the row in r[cols..] (after affinity).
    ///
    /// sqlite3 3.40 checks STORED generated columns only when it computes them before the
    /// constraint checks (`strict_gen.rs`; `self.update_scope`: the UPDATE being compiled),
    /// which it does for those it recomputes when BEFORE triggers fire.
    pub(crate) fn strict_check(&mut self, t: &Table, cols: Reg) {
        let update = self.update_ctx();
        let all = super::strict_gen::stored_checked(
            t,
            &self.indexes_of(t),
            update.as_ref().map(|(c, r)| (c.as_slice(), *r)),
        );
        // With BEFORE triggers firing, an INSERT checks them all, an UPDATE those that read
        // a changed column.
        let some = match &update {
            Some((c, _)) if self.before_triggers_fire(t, super::trigger::Event::Update, c) => {
                super::strict_gen::changed_closure(t, c)
            }
            None if self.before_triggers_fire(t, super::trigger::Event::Insert, &[]) => {
                (0..t.columns.len()).collect()
            }
            _ => Vec::new(),
        };
        let columns: Vec<_> = t
            .strict_checks(true)
            .into_iter()
            .filter(|c| t.columns[c.offset].generated.is_none() || all || some.contains(&c.offset))
            .collect();
        if !columns.is_empty() {
            self.b.emit(Insn::TypeCheck {
                start: cols,
                table: t.name.clone(),
                columns,
            });
        }
    }
}

/// Adds to `used` (columns a query reads from `t`) the columns its generated columns read,
/// so that a covering index is only chosen when it holds them too.
pub(crate) fn expand_used(t: &Table, used: &mut Vec<ColSel>) {
    let mut k = 0;
    while k < used.len() {
        if let ColSel::Column(i) = used[k] {
            if let Some(e) = t.columns.get(i).and_then(|c| c.generated.as_ref()) {
                for c in referenced_columns(t, e) {
                    if !used.contains(&ColSel::Column(c)) {
                        used.push(ColSel::Column(c));
                    }
                }
            }
        }
        k += 1;
    }
}

/// The value a column reads where a record has no field for it (rows written before
/// ALTER TABLE ADD COLUMN): its constant DEFAULT with the column's affinity, else NULL.
pub(crate) fn missing_field_value(c: &crate::schema::Column) -> Option<crate::value::Value> {
    let v = c.default.as_ref().and_then(super::expr::const_value)?;
    Some(crate::value::affinity::apply_affinity(v, c.affinity))
}

#[cfg(test)]
mod tests {
    //! Expected results are sqlite3 3.40.1's.

    use super::super::tests::{db, q};
    use crate::error::codes;
    use crate::schema::Table;

    fn table(sql: &str) -> Table {
        let Ok(Some((crate::parser::ast::Stmt::CreateTable(ct), _))) =
            crate::parser::parse_one(sql)
        else {
            panic!("not a CREATE TABLE: {sql}");
        };
        Table::from_create(&ct, sql, 2).expect("table")
    }

    #[test]
    fn record_fields_skip_virtual_columns() {
        let t = table("CREATE TABLE t(a, b AS (a), c, d AS (c) STORED, e)");
        let pos: Vec<usize> = (0..5).map(|i| t.storage_pos(i)).collect();
        assert_eq!(pos, [0, 1, 1, 2, 3]); // b (VIRTUAL) has no field of its own
        assert_eq!(t.n_stored(), 4);
        let w = table("CREATE TABLE w(a, b AS (a), k PRIMARY KEY, c) WITHOUT ROWID");
        assert_eq!(w.storage_pos(2), 0);
        assert_eq!(w.storage_pos(0), 1);
        assert_eq!(w.storage_pos(3), 2);
        assert_eq!(w.n_stored(), 3);
    }

    #[test]
    fn values_are_computed_in_dependency_order_with_affinity() {
        let c = db(
            "CREATE TABLE t(a INT, b AS (c + 1), c TEXT AS (a * 2), d AS (typeof(c)) STORED);
                    INSERT INTO t(a) VALUES('5');",
        );
        assert_eq!(q(&c, "SELECT a, b, c, d FROM t"), "5|11|10|text");
        c.execute_batch("UPDATE t SET a = 1").unwrap();
        assert_eq!(q(&c, "SELECT * FROM t"), "1|3|2|text");
    }

    #[test]
    fn create_table_errors() {
        let c = db("");
        let cases = [
            (
                "CREATE TABLE x(a, b AS (a) PRIMARY KEY)",
                "generated columns cannot be part of the PRIMARY KEY",
            ),
            (
                "CREATE TABLE x(a AS (1))",
                "must have at least one non-generated column",
            ),
            (
                "CREATE TABLE x(a, b AS (a) DEFAULT 1)",
                "cannot use DEFAULT on a generated column",
            ),
            (
                "CREATE TABLE x(a DEFAULT 1 AS (1))",
                "error in generated column \"a\"",
            ),
            (
                "CREATE TABLE x(a, b AS (random()))",
                "non-deterministic functions prohibited in generated columns",
            ),
            (
                "CREATE TABLE x(a, b AS ((SELECT 1)))",
                "subqueries prohibited in generated columns",
            ),
            (
                "CREATE TABLE x(a, b AS (?))",
                "parameters prohibited in generated columns",
            ),
            ("CREATE TABLE x(a, b AS (c))", "no such column: c"),
            (
                "CREATE TABLE x(a, b AS (x.a))",
                "the \".\" operator prohibited in generated columns",
            ),
            (
                "CREATE TABLE x(a, b AS (max(a)))",
                "misuse of aggregate function max()",
            ),
        ];
        for (sql, msg) in cases {
            assert_eq!(q(&c, sql), format!("Error: {msg}"), "{sql}");
        }
    }

    #[test]
    fn loops_are_refused_when_used() {
        let c = db("CREATE TABLE x(a, b AS (c), c AS (b));");
        assert_eq!(q(&c, "SELECT a FROM x"), "");
        assert_eq!(
            q(&c, "SELECT b FROM x"),
            "Error: generated column loop on \"b\""
        );
        assert_eq!(
            q(&c, "SELECT * FROM x"),
            "Error: generated column loop on \"c\""
        );
        assert_eq!(
            q(&c, "INSERT INTO x VALUES(1)"),
            "Error: generated column loop on \"c\""
        );
    }

    #[test]
    fn writes_to_generated_columns_are_refused() {
        let c = db("CREATE TABLE t(a, b AS (a));");
        assert_eq!(
            q(&c, "INSERT INTO t(a, b) VALUES(1, 2)"),
            "Error: cannot INSERT into generated column \"b\""
        );
        assert_eq!(
            q(&c, "INSERT INTO t VALUES(1, 2)"),
            "Error: table t has 1 columns but 2 values were supplied"
        );
        assert_eq!(
            q(&c, "UPDATE t SET b = 1"),
            "Error: cannot UPDATE generated column \"b\""
        );
        // Refused only when the table has rows, as sqlite3 does.
        q(&c, "INSERT INTO t(a) VALUES(1)");
        assert_eq!(
            q(&c, "ALTER TABLE t ADD COLUMN c AS (a) STORED"),
            "Error: cannot add a STORED column"
        );
    }

    #[test]
    fn strict_tables_check_and_coerce() {
        let c = db("CREATE TABLE s(a INT, r REAL, t TEXT, b BLOB, x ANY) STRICT;");
        c.execute_batch("INSERT INTO s VALUES(' 12 ', 3, 4, x'00', '5')")
            .unwrap();
        assert_eq!(
            q(
                &c,
                "SELECT typeof(a), typeof(r), typeof(t), typeof(b), typeof(x) FROM s"
            ),
            "integer|real|text|blob|text"
        );
        let e = c.execute_batch("INSERT INTO s(a) VALUES('x')").unwrap_err();
        assert_eq!(e.extended_code, codes::SQLITE_CONSTRAINT_DATATYPE);
        assert_eq!(e.message, "cannot store TEXT value in INT column s.a");
        let e = c.execute_batch("UPDATE s SET b = 1").unwrap_err();
        assert_eq!(e.message, "cannot store INT value in BLOB column s.b");
        assert_eq!(
            q(&c, "CREATE TABLE u(a VARCHAR(10)) STRICT"),
            "Error: unknown datatype for u.a: \"VARCHAR(10)\""
        );
        assert_eq!(
            q(&c, "CREATE TABLE u(a) STRICT"),
            "Error: missing datatype for u.a"
        );
        assert_eq!(q(&c, "PRAGMA table_list(s)"), "main|s|table|5|0|1");
    }
}

//! Mode `writes`: DML and schema changes over constrained tables.
//!
//! A case creates up to four tables and a view:
//!
//! | table | shape |
//! |---|---|
//! | `p`   | parent: `id` rowid alias (sometimes AUTOINCREMENT, sometimes a plain `INT PRIMARY KEY`), `a`, `b`, `c` with NOT NULL / UNIQUE / CHECK / DEFAULT / COLLATE, a multi-column UNIQUE; sometimes STRICT |
//! | `c`   | child: `pid` REFERENCES `p(id)` or `p(a)` with random ON DELETE / ON UPDATE actions, sometimes DEFERRABLE INITIALLY DEFERRED |
//! | `w`   | composite PRIMARY KEY, WITHOUT ROWID or not, a UNIQUE column |
//! | `log` | AUTOINCREMENT, written by triggers |
//! | `v`   | a view over `p` (and `c`), with INSTEAD OF triggers |
//!
//! plus BEFORE/AFTER triggers (WHEN, UPDATE OF, RAISE of every kind, writes to other tables).
//! `PRAGMA foreign_keys=ON` in most cases. Then a sequence of statements: INSERT with every
//! conflict clause, REPLACE, INSERT ... SELECT, DEFAULT VALUES, multi-row VALUES, UPSERT,
//! RETURNING, UPDATE (OR ..., FROM, ORDER BY ... LIMIT), DELETE, transactions with
//! savepoints, ALTER TABLE, REINDEX / VACUUM / ANALYZE and PRAGMA checks. Each write is
//! followed by a `SELECT *` of the changed table and `changes()`, `total_changes()`,
//! `last_insert_rowid()`.
//!
//! Row order: table dumps and RETURNING rows are compared as multisets (a dump ordered by
//! every column is fully determined, so this is the same check; NOCASE columns make "every
//! column" ties that the in-order comparison cannot canonicalise). ORDER BY ... LIMIT on
//! UPDATE/DELETE orders by the primary key, so the rows chosen are determined.

use crate::gen::{Case, Query, Rng};

/// Values chosen to collide: NOCASE/RTRIM twins, numbers as text, a blob, NULL.
const VALUES: &[&str] = &[
    "NULL", "1", "2", "3", "4", "5", "0", "-1", "10", "1.5", "2.0", "'1'", "'a'", "'A'", "'a '",
    "'b'", "'abc'", "'x'", "X'01'", "''",
];

const TYPES: &[&str] = &["", "INTEGER", "TEXT", "REAL", "NUMERIC", "BLOB", "INT"];
const STRICT_TYPES: &[&str] = &["INT", "INTEGER", "TEXT", "REAL", "BLOB", "ANY"];
const ACTIONS: &[&str] = &[
    "",
    " ON DELETE CASCADE",
    " ON DELETE SET NULL",
    " ON DELETE SET DEFAULT",
    " ON DELETE RESTRICT",
    " ON DELETE NO ACTION",
    " ON UPDATE CASCADE",
    " ON UPDATE SET NULL",
    " ON UPDATE SET DEFAULT",
    " ON UPDATE RESTRICT",
    " ON DELETE CASCADE ON UPDATE CASCADE",
    " ON DELETE SET NULL ON UPDATE CASCADE",
];
const CONFLICTS: &[&str] = &[
    "",
    "",
    "",
    " OR REPLACE",
    " OR IGNORE",
    " OR ABORT",
    " OR FAIL",
    " OR ROLLBACK",
];

/// What the generator knows of one table.
#[derive(Clone)]
struct WTable {
    name: String,
    /// Columns statements may write (the primary key's included).
    cols: Vec<String>,
    /// Column sets with a UNIQUE or PRIMARY KEY constraint (UPSERT targets).
    keys: Vec<Vec<String>>,
    /// ORDER BY text that fixes a total order (for UPDATE/DELETE ... LIMIT).
    order: String,
    /// Whether a column has REAL affinity (see [`WGen::returning`]).
    real: bool,
}

pub struct WGen {
    rng: Rng,
    tables: Vec<WTable>,
    view: bool,
    added: usize,
    /// Whether the case runs with `PRAGMA foreign_keys=ON`.
    fk_on: bool,
}

/// The case of `seed` with about `n` statements.
pub fn writes_case(seed: u64, n: usize) -> Case {
    WGen {
        rng: Rng::new(seed ^ 0x5752_4954_4553),
        tables: Vec::new(),
        view: false,
        added: 0,
        fk_on: false,
    }
    .case(n)
}

fn q(sql: String, ordered: bool) -> Query {
    Query { sql, ordered }
}

impl WGen {
    fn val(&mut self) -> String {
        self.rng.pick(VALUES).to_string()
    }

    fn case(&mut self, n: usize) -> Case {
        let mut setup = Vec::new();
        self.fk_on = self.rng.chance(80);
        if self.fk_on {
            setup.push("PRAGMA foreign_keys=ON".to_string());
        }
        setup.extend(self.schema());
        let mut out = Vec::new();
        // Some rows to start from, compared like every other statement.
        for _ in 0..3 + self.rng.below(4) {
            let t = self.rng.below(self.tables.len());
            let sql = self.insert(t, false);
            self.after_write(t, sql, &mut out);
        }
        while out.len() < n {
            self.step(&mut out);
        }
        Case {
            setup,
            queries: out,
        }
    }

    // ---- schema -------------------------------------------------------------------------

    fn col_type(&mut self, strict: bool) -> &'static str {
        if strict {
            STRICT_TYPES[self.rng.below(STRICT_TYPES.len())]
        } else {
            TYPES[self.rng.below(TYPES.len())]
        }
    }

    fn schema(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        out.push(self.parent());
        if self.rng.chance(80) {
            out.push(self.child());
        }
        if self.rng.chance(60) {
            out.extend(self.wtable());
        }
        let triggers = self.rng.below(4);
        if triggers > 0 || self.rng.chance(30) {
            out.push(
                "CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT, x, y)".to_string(),
            );
        }
        if self.rng.chance(40) {
            out.extend(self.view_and_triggers());
        }
        for i in 0..triggers {
            out.push(self.trigger(i));
        }
        if self.rng.chance(40) {
            let t = self.rng.below(self.tables.len());
            let tb = self.tables[t].clone();
            let c = self.rng.pick(&tb.cols).clone();
            let unique = if self.rng.chance(30) { "UNIQUE " } else { "" };
            let coll = *self.rng.pick(&["", "", " COLLATE NOCASE"]);
            out.push(format!(
                "CREATE {unique}INDEX {}_i ON {}({c}{coll})",
                tb.name, tb.name
            ));
            if !unique.is_empty() && coll.is_empty() {
                self.tables[t].keys.push(vec![c]);
            }
        }
        out
    }

    fn parent(&mut self) -> String {
        let strict = self.rng.chance(25);
        let mut defs = Vec::new();
        let mut keys = vec![vec!["id".to_string()]];
        defs.push(
            match self.rng.below(10) {
                0..=4 => "id INTEGER PRIMARY KEY",
                5..=7 => "id INTEGER PRIMARY KEY AUTOINCREMENT",
                _ => "id INT PRIMARY KEY",
            }
            .to_string(),
        );
        for c in ["a", "b", "c"] {
            let mut d = format!("{c} {}", self.col_type(strict));
            if self.rng.chance(20) {
                d.push_str(" NOT NULL");
            }
            if self.rng.chance(30) {
                d.push_str(" UNIQUE");
                keys.push(vec![c.to_string()]);
            }
            if self.rng.chance(25) {
                let coll = [" COLLATE NOCASE", " COLLATE RTRIM"][self.rng.below(2)];
                d.push_str(coll);
            }
            match self.rng.below(8) {
                0 => d.push_str(&format!(" DEFAULT {}", self.val())),
                1 => {
                    let dflt = [" DEFAULT (1 + 2)", " DEFAULT ('x' || 'y')", " DEFAULT (-1)"];
                    d.push_str(dflt[self.rng.below(3)]);
                }
                2 => d.push_str(&format!(" CHECK({c} <> 'x')")),
                3 => d.push_str(&format!(
                    " CONSTRAINT ck_{c} CHECK({c} IS NULL OR {c} < 100)"
                )),
                _ => {}
            }
            defs.push(d.trim().replace("  ", " "));
        }
        if self.rng.chance(30) {
            defs.push("UNIQUE(a, b)".into());
            keys.push(vec!["a".into(), "b".into()]);
        }
        if self.rng.chance(20) {
            defs.push("CHECK(length(c) < 3)".into());
        }
        let strict_kw = if strict { " STRICT" } else { "" };
        self.tables.push(WTable {
            name: "p".into(),
            cols: ["id", "a", "b", "c"].map(String::from).to_vec(),
            keys,
            order: "id".into(),
            real: defs.iter().any(|d| d.contains(" REAL")),
        });
        format!("CREATE TABLE p({}){strict_kw}", defs.join(", "))
    }

    fn child(&mut self) -> String {
        let p = self.tables[0].clone();
        // p(a) is a usable parent key only when a is UNIQUE on its own; sometimes use it
        // anyway for SQLite's "foreign key mismatch" error.
        let a_unique = p.keys.iter().any(|k| k == &["a".to_string()]);
        let target = if a_unique && self.rng.chance(50) || self.rng.chance(5) {
            "p(a)"
        } else if self.rng.chance(20) {
            "p"
        } else {
            "p(id)"
        };
        let action = *self.rng.pick(ACTIONS);
        let deferred = if self.rng.chance(25) {
            " DEFERRABLE INITIALLY DEFERRED"
        } else {
            ""
        };
        let default = if self.rng.chance(40) {
            format!(" DEFAULT {}", self.rng.pick(&["1", "2", "0", "NULL"]))
        } else {
            String::new()
        };
        let vty = self.col_type(false);
        let check = if self.rng.chance(30) {
            " CHECK(v IS NOT 'x')"
        } else {
            ""
        };
        self.tables.push(WTable {
            name: "c".into(),
            cols: ["id", "pid", "v"].map(String::from).to_vec(),
            keys: vec![vec!["id".into()]],
            order: "id".into(),
            real: vty == "REAL",
        });
        let v = format!("v {vty}{check}").replace("  ", " ");
        format!(
            "CREATE TABLE c(id INTEGER PRIMARY KEY, pid{default} REFERENCES {target}{action}{deferred}, {})",
            v.trim_end()
        )
    }

    fn wtable(&mut self) -> Vec<String> {
        let without = self.rng.chance(60);
        let coll = *self.rng.pick(&["", "", " COLLATE NOCASE"]);
        let t1 = self.col_type(false);
        let mut keys = vec![vec!["k1".to_string(), "k2".to_string()]];
        let unique = if self.rng.chance(50) {
            keys.push(vec!["u".into()]);
            " UNIQUE"
        } else {
            ""
        };
        let not_null = if without { "" } else { " NOT NULL" };
        let suffix = if without { " WITHOUT ROWID" } else { "" };
        self.tables.push(WTable {
            name: "w".into(),
            cols: ["k1", "k2", "v", "u"].map(String::from).to_vec(),
            keys,
            order: "k1, k2".into(),
            real: t1 == "REAL",
        });
        let mut out = vec![format!(
            "CREATE TABLE w(k1 {t1}{not_null}, k2{coll}{not_null}, v, u{unique}, PRIMARY KEY(k1, k2)){suffix}"
        )
        .replace("k1 ,", "k1,")
        .replace("k1  NOT", "k1 NOT")];
        if self.rng.chance(30) {
            out.push("CREATE INDEX w_v ON w(v, u)".into());
        }
        out
    }

    fn view_and_triggers(&mut self) -> Vec<String> {
        self.view = true;
        let has_c = self.tables.iter().any(|t| t.name == "c");
        let body = if has_c && self.rng.chance(50) {
            "SELECT p.id AS id, p.a AS a, p.b AS b, count(c.id) AS n FROM p LEFT JOIN c ON c.pid = p.id GROUP BY p.id"
        } else {
            "SELECT id, a, b FROM p WHERE id > 1"
        };
        let mut out = vec![format!("CREATE VIEW v AS {body}")];
        if self.rng.chance(80) {
            out.push("CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO p(id, a, b) VALUES(NEW.id, NEW.a, NEW.b); END".into());
        }
        if self.rng.chance(60) {
            out.push("CREATE TRIGGER v_upd INSTEAD OF UPDATE OF a ON v WHEN NEW.a IS NOT OLD.a BEGIN UPDATE p SET a = NEW.a WHERE id = OLD.id; END".into());
        }
        if self.rng.chance(60) {
            out.push("CREATE TRIGGER v_del INSTEAD OF DELETE ON v FOR EACH ROW BEGIN DELETE FROM p WHERE id = OLD.id; END".into());
        }
        out
    }

    fn trigger(&mut self, i: usize) -> String {
        let t = self.rng.below(self.tables.len());
        let tb = self.tables[t].clone();
        let time = *self.rng.pick(&["BEFORE", "AFTER", "AFTER"]);
        let (event, new, old) = match self.rng.below(3) {
            0 => ("INSERT".to_string(), true, false),
            1 => {
                let ev = if self.rng.chance(40) {
                    format!("UPDATE OF {}", self.rng.pick(&tb.cols))
                } else {
                    "UPDATE".to_string()
                };
                (ev, true, true)
            }
            _ => ("DELETE".to_string(), false, true),
        };
        let row = |g: &mut WGen| -> String {
            let c = g.rng.pick(&tb.cols).clone();
            if new && (!old || g.rng.chance(50)) {
                format!("NEW.{c}")
            } else {
                format!("OLD.{c}")
            }
        };
        let for_each = if self.rng.chance(50) {
            " FOR EACH ROW"
        } else {
            ""
        };
        let when = if self.rng.chance(40) {
            format!(" WHEN {} IS NOT {}", row(self), self.val())
        } else {
            String::new()
        };
        let mut body = Vec::new();
        for _ in 0..1 + self.rng.below(2) {
            let stmt = match self.rng.below(7) {
                0..=2 => format!(
                    "INSERT INTO log(ev, x, y) VALUES('{}{i}', {}, {})",
                    tb.name,
                    row(self),
                    row(self)
                ),
                3 => {
                    let cond = row(self);
                    let kind = *self.rng.pick(&[
                        "RAISE(ABORT, 'abort here')",
                        "RAISE(FAIL, 'fail here')",
                        "RAISE(ROLLBACK, 'rolled back')",
                        "RAISE(IGNORE)",
                    ]);
                    format!("SELECT {kind} WHERE {cond} = {}", self.val())
                }
                4 if tb.name != "c" && self.tables.iter().any(|t| t.name == "c") => {
                    format!("UPDATE c SET v = {} WHERE pid = {}", self.val(), row(self))
                }
                5 if tb.name != "p" => {
                    format!("DELETE FROM p WHERE id = {}", row(self))
                }
                _ => format!("UPDATE log SET y = {} WHERE x = {}", self.val(), row(self)),
            };
            body.push(format!("{stmt};"));
        }
        format!(
            "CREATE TRIGGER tr{i} {time} {event} ON {}{for_each}{when} BEGIN {} END",
            tb.name,
            body.join(" ")
        )
    }

    // ---- statements ---------------------------------------------------------------------

    fn step(&mut self, out: &mut Vec<Query>) {
        let t = self.rng.below(self.tables.len());
        match self.rng.below(40) {
            0..=11 => {
                let sql = self.insert(t, true);
                self.after_write(t, sql, out);
            }
            12..=16 => {
                let sql = self.upsert(t);
                self.after_write(t, sql, out);
            }
            17..=22 => {
                let sql = self.update(t);
                self.after_write(t, sql, out);
            }
            23..=26 => {
                let sql = self.delete(t);
                self.after_write(t, sql, out);
            }
            27..=29 => self.transaction(out),
            30..=32 => self.alter(t, out),
            33..=35 => self.maintenance(t, out),
            _ if self.view => self.view_write(out),
            _ => {
                let sql = self.insert(t, true);
                self.after_write(t, sql, out);
            }
        }
    }

    /// The write, then the changed table, the counters, and sometimes the trigger log and
    /// sqlite_sequence.
    fn after_write(&mut self, t: usize, sql: String, out: &mut Vec<Query>) {
        let name = self.tables[t].name.clone();
        out.push(q(sql, false));
        out.push(q(format!("SELECT * FROM {name}"), false));
        out.push(q(
            "SELECT changes(), total_changes(), last_insert_rowid()".into(),
            true,
        ));
        if self.rng.chance(25) {
            out.push(q("SELECT * FROM log".into(), false));
        }
        if self.rng.chance(15) {
            out.push(q("SELECT * FROM sqlite_sequence".into(), false));
        }
        if self.rng.chance(10) {
            out.push(q("SELECT * FROM c".into(), false));
        }
    }

    fn returning(&mut self, t: usize) -> String {
        if !self.rng.chance(25) {
            return String::new();
        }
        let tb = &self.tables[t];
        let a = self.rng.pick(&tb.cols).clone();
        let b = self.rng.pick(&tb.cols).clone();
        if tb.real {
            // sqlite3 3.40.1 bug: RETURNING's bare column values of a table with a REAL
            // column carry the wrong affinity (`INSERT INTO t(id INTEGER PRIMARY KEY,
            // a REAL, b) VALUES(1,3,5) RETURNING *, typeof(a)` gives 3 and 'real' in one
            // row, and with PRIMARY KEY(k1 REAL, k2) other columns come back as 10.0 while
            // typeof() says integer). Expressions over the columns are right: use those.
            return match self.rng.below(2) {
                0 => format!(" RETURNING quote({a}), typeof({b})"),
                _ => format!(" RETURNING {a} || 'r' AS r, quote({b})"),
            };
        }
        match self.rng.below(4) {
            0 => " RETURNING *".into(),
            1 => format!(" RETURNING {a}, {b}"),
            2 => format!(" RETURNING {a} || 'r' AS r, typeof({b})"),
            _ => format!(" RETURNING *, {a} + 1"),
        }
    }

    /// Some columns of `t` (at least one), in table order.
    fn some_cols(&mut self, t: usize) -> Vec<String> {
        let cols = self.tables[t].cols.clone();
        let mut picked: Vec<String> = cols
            .iter()
            .filter(|_| self.rng.chance(60))
            .cloned()
            .collect();
        if picked.is_empty() {
            picked.push(self.rng.pick(&cols).clone());
        }
        if self.rng.chance(20) {
            picked.reverse();
        }
        picked
    }

    fn row_values(&mut self, n: usize) -> String {
        let v: Vec<String> = (0..n).map(|_| self.val()).collect();
        format!("({})", v.join(", "))
    }

    fn insert(&mut self, t: usize, extras: bool) -> String {
        let name = self.tables[t].name.clone();
        let or = if extras {
            *self.rng.pick(CONFLICTS)
        } else {
            ""
        };
        let verb = if extras && self.rng.chance(8) {
            "REPLACE".to_string()
        } else {
            format!("INSERT{or}")
        };
        let ret = if extras {
            self.returning(t)
        } else {
            String::new()
        };
        if extras && self.rng.chance(8) {
            return format!("{verb} INTO {name} DEFAULT VALUES{ret}");
        }
        let cols = self.some_cols(t);
        if extras && self.rng.chance(12) {
            let src = self.rng.below(self.tables.len());
            let st = self.tables[src].clone();
            let exprs: Vec<String> = cols
                .iter()
                .map(|_| {
                    let c = self.rng.pick(&st.cols).clone();
                    match self.rng.below(3) {
                        0 => format!("{c} + 10"),
                        1 => self.val(),
                        _ => c,
                    }
                })
                .collect();
            let cond = self.cond(src);
            return format!(
                "{verb} INTO {name}({}) SELECT {} FROM {} WHERE {cond}{ret}",
                cols.join(", "),
                exprs.join(", "),
                st.name
            );
        }
        let rows: Vec<String> = (0..1 + self.rng.below(if extras { 3 } else { 2 }))
            .map(|_| self.row_values(cols.len()))
            .collect();
        format!(
            "{verb} INTO {name}({}) VALUES{}{ret}",
            cols.join(", "),
            rows.join(", ")
        )
    }

    fn upsert(&mut self, t: usize) -> String {
        let tb = self.tables[t].clone();
        let cols = self.some_cols(t);
        let rows: Vec<String> = (0..1 + self.rng.below(2))
            .map(|_| self.row_values(cols.len()))
            .collect();
        let mut clauses = Vec::new();
        let mut targets: Vec<String> = Vec::new();
        let n = 1 + self.rng.below(2);
        for i in 0..n {
            let last = i + 1 == n;
            let target = if last && self.rng.chance(25) {
                String::new()
            } else if self.rng.chance(8) {
                // Not a unique key: SQLite refuses the statement.
                format!("({})", self.rng.pick(&tb.cols))
            } else {
                format!("({})", self.rng.pick(&tb.keys).join(", "))
            };
            let action = if self.rng.chance(30) {
                "DO NOTHING".to_string()
            } else {
                let c = self.rng.pick(&tb.cols).clone();
                let d = self.rng.pick(&tb.cols).clone();
                let value = match self.rng.below(4) {
                    0 => format!("excluded.{d}"),
                    1 => format!("{c} || excluded.{d}"),
                    2 => format!("coalesce(excluded.{c}, {d}, 0) + 1"),
                    _ => self.val(),
                };
                let mut set = format!("DO UPDATE SET {c} = {value}");
                if self.rng.chance(30) {
                    set.push_str(&format!(" WHERE excluded.{d} IS NOT {}", self.val()));
                }
                set
            };
            if target.is_empty() && !last {
                continue;
            }
            // sqlite3 3.40.1 bug: with two ON CONFLICT clauses naming the same target, a
            // conflict on another constraint (the rowid) REPLACEs the old row instead of
            // failing. `CREATE TABLE p(id INTEGER PRIMARY KEY, c UNIQUE); INSERT INTO p
            // VALUES(4, 1); INSERT INTO p VALUES(4, 2) ON CONFLICT(c) DO NOTHING ON
            // CONFLICT(c) DO NOTHING;` leaves `4|2` in 3.40.1 and fails with `UNIQUE
            // constraint failed: p.id` in 3.54.1 (and Ferrolite). The second clause could
            // never apply anyway (the first takes every conflict on that target): drop it.
            if !target.is_empty() && targets.contains(&target) {
                continue;
            }
            targets.push(target.clone());
            clauses.push(format!(" ON CONFLICT{target} {action}"));
            if target.is_empty() {
                break;
            }
        }
        let ret = self.returning(t);
        format!(
            "INSERT INTO {}({}) VALUES{}{}{ret}",
            tb.name,
            cols.join(", "),
            rows.join(", "),
            clauses.concat()
        )
    }

    /// A WHERE condition over `t`'s columns (unqualified).
    fn cond(&mut self, t: usize) -> String {
        let tb = self.tables[t].clone();
        let a = self.rng.pick(&tb.cols).clone();
        let b = self.rng.pick(&tb.cols).clone();
        match self.rng.below(8) {
            0 | 1 => format!("{a} = {}", self.val()),
            2 => format!("{a} > {}", self.val()),
            3 => format!("{a} IS NULL"),
            4 => format!("{a} IN ({}, {})", self.val(), self.val()),
            5 => format!("{a} LIKE 'a%'"),
            6 => format!("{a} <> {} AND {b} IS NOT NULL", self.val()),
            _ => format!("{a} = {b}"),
        }
    }

    fn set_value(&mut self, t: usize, col: &str) -> String {
        let other = self.rng.pick(&self.tables[t].cols.clone()).clone();
        match self.rng.below(6) {
            0 | 1 => self.val(),
            2 => format!("{col} + 1"),
            3 => format!("{other} || 'x'"),
            4 => format!("coalesce({col}, {})", self.val()),
            _ => format!("upper({other})"),
        }
    }

    fn update(&mut self, t: usize) -> String {
        let tb = self.tables[t].clone();
        let or = *self.rng.pick(CONFLICTS);
        let n = 1 + self.rng.below(2);
        let mut sets = Vec::new();
        for _ in 0..n {
            let c = self.rng.pick(&tb.cols).clone();
            let v = self.set_value(t, &c);
            sets.push(format!("{c} = {v}"));
        }
        if or == " OR REPLACE" && tb.name == "p" && self.fk_on && sets.len() > 1 {
            // sqlite3 3.40.1 bug (writes seed 9123): with foreign keys on and `p` a parent,
            // an UPDATE OR REPLACE setting two UNIQUE columns, one to its old value, the other
            // to a value whose REPLACE deletes another row, fails on the first one: with
            // p(id INTEGER PRIMARY KEY, a UNIQUE, b UNIQUE) holding (1,'A','A'), (4,1,'a'),
            // `UPDATE OR REPLACE p SET b = 'A', a = 1 WHERE id = 1` reports "UNIQUE
            // constraint failed: p.b" where 3.54.1 (and Ferrolite) leave (1,1,'A'). One
            // column is set then.
            sets.truncate(1);
        }
        let ret = self.returning(t);
        let has_c = self.tables.iter().any(|x| x.name == "c");
        if tb.name == "p" && has_c && self.rng.chance(20) {
            // UPDATE ... FROM an aggregate: at most one source row per target row.
            let c = self.rng.pick(&["a", "b", "c"]);
            return format!(
                "UPDATE{or} p SET {c} = s.m FROM (SELECT pid, max(v) AS m, count(*) AS k FROM c GROUP BY pid) AS s WHERE s.pid = p.id{ret}"
            );
        }
        let cond = if self.rng.chance(85) {
            format!(" WHERE {}", self.cond(t))
        } else {
            String::new()
        };
        let limit = if self.rng.chance(12) {
            format!(
                " ORDER BY {} LIMIT {}",
                tb.order.replace(',', " DESC,") + " DESC",
                1 + self.rng.below(2)
            )
        } else {
            String::new()
        };
        // RETURNING goes before ORDER BY ... LIMIT.
        format!(
            "UPDATE{or} {} SET {}{cond}{ret}{limit}",
            tb.name,
            sets.join(", ")
        )
    }

    fn delete(&mut self, t: usize) -> String {
        let tb = self.tables[t].clone();
        let cond = if self.rng.chance(90) {
            format!(" WHERE {}", self.cond(t))
        } else {
            String::new()
        };
        let ret = self.returning(t);
        let limit = if self.rng.chance(12) {
            format!(" ORDER BY {} LIMIT 1", tb.order)
        } else {
            String::new()
        };
        format!("DELETE FROM {}{cond}{ret}{limit}", tb.name)
    }

    fn view_write(&mut self, out: &mut Vec<Query>) {
        let sql = match self.rng.below(3) {
            0 => format!(
                "INSERT INTO v(id, a, b) VALUES({}, {}, {})",
                self.rng.pick(&["NULL", "7", "8", "2"]),
                self.val(),
                self.val()
            ),
            1 => format!("UPDATE v SET a = {} WHERE id > 2", self.val()),
            _ => format!("DELETE FROM v WHERE a IS {}", self.val()),
        };
        out.push(q(sql, false));
        out.push(q("SELECT * FROM p".into(), false));
        out.push(q("SELECT * FROM v".into(), false));
        out.push(q("SELECT changes(), total_changes()".into(), true));
    }

    fn transaction(&mut self, out: &mut Vec<Query>) {
        let begin = *self.rng.pick(&[
            "BEGIN",
            "BEGIN IMMEDIATE",
            "BEGIN DEFERRED",
            "SAVEPOINT outer_sp",
        ]);
        out.push(q(begin.into(), false));
        let writes = |g: &mut WGen, out: &mut Vec<Query>| {
            for _ in 0..1 + g.rng.below(3) {
                let t = g.rng.below(g.tables.len());
                let sql = match g.rng.below(4) {
                    0 => g.insert(t, true),
                    1 => g.update(t),
                    2 => g.delete(t),
                    _ => g.upsert(t),
                };
                g.after_write(t, sql, out);
            }
        };
        writes(self, out);
        if self.rng.chance(60) {
            out.push(q("SAVEPOINT sp1".into(), false));
            writes(self, out);
            let end = *self.rng.pick(&[
                "ROLLBACK TO sp1",
                "RELEASE sp1",
                "ROLLBACK TO SAVEPOINT sp1",
            ]);
            out.push(q(end.into(), false));
            if end.starts_with("ROLLBACK") && self.rng.chance(50) {
                out.push(q("RELEASE SAVEPOINT sp1".into(), false));
            }
            for t in 0..self.tables.len() {
                let name = self.tables[t].name.clone();
                out.push(q(format!("SELECT * FROM {name}"), false));
            }
            writes(self, out);
        }
        let end = match (begin, self.rng.below(3)) {
            ("SAVEPOINT outer_sp", 0) => "ROLLBACK TO outer_sp",
            ("SAVEPOINT outer_sp", _) => "RELEASE outer_sp",
            (_, 0) => "ROLLBACK",
            (_, 1) => "END",
            _ => "COMMIT",
        };
        out.push(q(end.into(), false));
        if end.starts_with("ROLLBACK TO") {
            out.push(q("RELEASE outer_sp".into(), false));
        }
        // If COMMIT failed (deferred FK), the transaction is still open: end it.
        out.push(q("ROLLBACK".into(), false));
        for t in 0..self.tables.len() {
            let name = self.tables[t].name.clone();
            out.push(q(format!("SELECT * FROM {name}"), false));
        }
        out.push(q("SELECT * FROM sqlite_sequence".into(), false));
    }

    fn schema_dump(out: &mut Vec<Query>) {
        out.push(q(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name".into(),
            true,
        ));
    }

    fn alter(&mut self, t: usize, out: &mut Vec<Query>) {
        let tb = self.tables[t].clone();
        let name = tb.name.clone();
        match self.rng.below(5) {
            0 => {
                out.push(q(format!("ALTER TABLE {name} RENAME TO {name}_new"), false));
                Self::schema_dump(out);
                out.push(q(format!("SELECT * FROM {name}_new"), false));
                out.push(q(format!("ALTER TABLE {name}_new RENAME TO {name}"), false));
                Self::schema_dump(out);
            }
            1 => {
                let c = self.rng.pick(&tb.cols).clone();
                out.push(q(
                    format!("ALTER TABLE {name} RENAME COLUMN {c} TO {c}_r"),
                    false,
                ));
                Self::schema_dump(out);
                out.push(q(format!("SELECT * FROM {name}"), false));
                out.push(q(format!("ALTER TABLE {name} RENAME {c}_r TO {c}"), false));
                Self::schema_dump(out);
            }
            2 | 3 => {
                let col = format!("e{}", self.added);
                self.added += 1;
                // (definition, whether SQLite accepts it).
                let (def, ok) = *self.rng.pick(&[
                    ("", true),
                    (" INTEGER DEFAULT 5", true),
                    (" TEXT NOT NULL DEFAULT 'x'", true),
                    (" DEFAULT -1 CHECK(COL > -5)", true),
                    (" REAL COLLATE NOCASE", true),
                    (" REFERENCES p(id)", true),
                    (" REFERENCES p(id) DEFAULT 1", false),
                    (" NOT NULL", false),
                    (" UNIQUE", false),
                    (" PRIMARY KEY", false),
                    (" DEFAULT (1 + 1)", false),
                    (" AS (1) STORED", false),
                    (" AS (COL2 || 'g')", true),
                ]);
                let other = self.rng.pick(&tb.cols).clone();
                let def = def.replace("COL2", &other).replace("COL", &col);
                out.push(q(
                    format!("ALTER TABLE {name} ADD COLUMN {col}{def}"),
                    false,
                ));
                if ok && !def.contains(" AS ") {
                    self.tables[t].cols.push(col);
                }
                if def.contains("REAL") {
                    self.tables[t].real = true;
                }
                Self::schema_dump(out);
                out.push(q(format!("SELECT * FROM {name}"), false));
                out.push(q(format!("PRAGMA table_info({name})"), true));
            }
            _ => {
                let c = self.rng.pick(&tb.cols).clone();
                out.push(q(format!("ALTER TABLE {name} DROP COLUMN {c}"), false));
                Self::schema_dump(out);
                out.push(q(format!("SELECT * FROM {name}"), false));
                out.push(q("PRAGMA integrity_check".into(), true));
                // Whether or not SQLite refused, stop writing the column: later statements
                // stay meaningful either way.
                if !tb.order.contains(c.as_str()) && self.tables[t].cols.len() > 2 {
                    self.tables[t].cols.retain(|x| x != &c);
                    for k in &mut self.tables[t].keys {
                        k.retain(|x| x != &c);
                    }
                    self.tables[t].keys.retain(|k| !k.is_empty());
                }
            }
        }
    }

    fn maintenance(&mut self, t: usize, out: &mut Vec<Query>) {
        let name = self.tables[t].name.clone();
        match self.rng.below(8) {
            0 => {
                let what = *self.rng.pick(&["", " NOCASE", " p", " BINARY"]);
                out.push(q(format!("REINDEX{what}"), false));
                out.push(q("PRAGMA integrity_check".into(), true));
            }
            1 => {
                out.push(q("VACUUM".into(), false));
                out.push(q(format!("SELECT * FROM {name}"), false));
                out.push(q("PRAGMA integrity_check".into(), true));
            }
            2 | 3 => {
                out.push(q("ANALYZE".into(), false));
                out.push(q("SELECT * FROM sqlite_stat1 ORDER BY 1, 2".into(), true));
            }
            4 => out.push(q("PRAGMA foreign_key_check".into(), false)),
            5 => out.push(q(format!("PRAGMA table_info({name})"), true)),
            6 => out.push(q(format!("PRAGMA index_list({name})"), false)),
            _ => out.push(q("PRAGMA integrity_check".into(), true)),
        }
    }
}

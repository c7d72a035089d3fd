//! Mode `joins`: query shapes — joins of every kind, subqueries, compounds, CTEs (plain and
//! recursive), VALUES, window functions and aggregates with their clauses.
//!
//! A case is 3–4 small tables whose columns are drawn from one set of names (`a`..`d`), so
//! NATURAL and USING joins find common columns, a parent-child table `tree` for recursive
//! CTEs, and a view. Values come from a small pool with no integer-valued reals, so rows that
//! ORDER BY cannot tell apart are identical rows (LIMIT cuts are then defined).
//!
//! What SQLite leaves unspecified is kept out of the queries:
//! - row order: a query is compared in order only when its ORDER BY ends with every output
//!   column; a LIMIT anywhere (outer, in a FROM subquery, in a compound) has such an ORDER BY;
//! - scalar subqueries are aggregates or end in `ORDER BY <every column> LIMIT 1`;
//! - order-dependent window functions and ROWS frames get a total-order window ORDER BY
//!   (every column, then the rowid); windows over a partial key use only functions whose value
//!   does not depend on the order of peers (aggregates that commute, the rank family);
//! - GROUP BY queries select only keys and aggregates; no group_concat without a total order.

use crate::gen::{Case, Query, Rng};

/// The value pool: collisions across types, no integer-valued reals (see the header).
const VALUES: &[&str] = &[
    "NULL", "NULL", "0", "1", "1", "2", "2", "3", "-1", "1.5", "-2.5", "'a'", "'b'", "'A'", "'1'",
    "'ab'", "X'01'",
];
const TYPES: &[&str] = &["INTEGER", "TEXT", "NUMERIC", "", "BLOB", "INT"];
const NAMES: &[&str] = &["a", "b", "c", "d"];

/// A source in a FROM clause: its alias and columns.
#[derive(Clone)]
struct Src {
    alias: String,
    cols: Vec<String>,
}

#[derive(Clone)]
struct JTable {
    name: String,
    cols: Vec<String>,
}

pub struct JoinGen {
    rng: Rng,
    tables: Vec<JTable>,
    /// v0 is a compound (`SELECT .. FROM t0 UNION SELECT .. FROM t1`).
    compound_view: bool,
    /// The query being drawn has a RIGHT or FULL JOIN in its FROM (see `sub_cond`).
    right_in_from: bool,
}

/// The case of `seed`: setup plus `n` queries.
pub fn case(seed: u64, n: usize) -> Case {
    let mut g = JoinGen {
        rng: Rng::new(seed ^ 0x004A_4F49_4E53),
        tables: Vec::new(),
        compound_view: false,
        right_in_from: false,
    };
    let setup = g.setup();
    let queries = (0..n).map(|_| g.query()).collect();
    Case { setup, queries }
}

impl JoinGen {
    fn setup(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        for t in 0..3 + self.rng.below(2) {
            let name = format!("t{t}");
            let mut cols: Vec<String> = NAMES
                .iter()
                .filter(|_| self.rng.chance(60))
                .map(|s| s.to_string())
                .collect();
            if cols.len() < 2 {
                cols = vec!["a".into(), self.rng.pick(&NAMES[1..]).to_string()];
            }
            let defs: Vec<String> = cols
                .iter()
                .map(|c| {
                    format!("{c} {}", self.rng.pick(TYPES))
                        .trim_end()
                        .to_string()
                })
                .collect();
            out.push(format!("CREATE TABLE {name}({})", defs.join(", ")));
            if self.rng.chance(40) {
                let c = self.rng.pick(&cols).clone();
                out.push(format!("CREATE INDEX {name}_{c} ON {name}({c})"));
            }
            for _ in 0..self.rng.below(8) {
                let vals: Vec<&str> = cols.iter().map(|_| *self.rng.pick(VALUES)).collect();
                out.push(format!("INSERT INTO {name} VALUES({})", vals.join(", ")));
            }
            self.tables.push(JTable { name, cols });
        }
        out.push("CREATE TABLE tree(id INTEGER PRIMARY KEY, parent INTEGER, v)".into());
        for id in 1..=self.rng.below(12) {
            let parent = if id == 1 || self.rng.chance(15) {
                "NULL".to_string()
            } else {
                (1 + self.rng.below(id - 1)).to_string()
            };
            let v = self.rng.pick(VALUES);
            out.push(format!("INSERT INTO tree VALUES({id}, {parent}, {v})"));
        }
        let (view, cols) = self.view_body();
        out.push(format!("CREATE VIEW v0 AS {view}"));
        self.tables.push(JTable {
            name: "v0".into(),
            cols,
        });
        out
    }

    /// A view: a join, a grouped query or a compound over the tables.
    fn view_body(&mut self) -> (String, Vec<String>) {
        let t = self.tables[0].clone();
        let u = self.tables[1].clone();
        match self.rng.below(3) {
            0 => (
                format!(
                    "SELECT x.{} AS a, y.{} AS b FROM {} AS x LEFT JOIN {} AS y ON x.{} = y.{}",
                    t.cols[0], u.cols[1], t.name, u.name, t.cols[1], u.cols[0]
                ),
                vec!["a".into(), "b".into()],
            ),
            1 => (
                format!(
                    "SELECT {} AS a, count(*) AS b, max({}) AS c FROM {} GROUP BY {}",
                    t.cols[0], t.cols[1], t.name, t.cols[0]
                ),
                vec!["a".into(), "b".into(), "c".into()],
            ),
            _ => (
                {
                    self.compound_view = true;
                    format!(
                        "SELECT {}, {} FROM {} UNION SELECT {}, {} FROM {}",
                        t.cols[0], t.cols[1], t.name, u.cols[0], u.cols[1], u.name
                    )
                },
                vec![t.cols[0].clone(), t.cols[1].clone()],
            ),
        }
    }

    /// `name`, or t0 (whose columns the compound view v0 takes) when `name` is that view.
    /// sqlite3 3.40.1 sorts a compound view's values wrongly in `(SELECT .. FROM v0 ORDER BY
    /// .. LIMIT ..)` used in a join (or correlated): with t0(b TEXT) holding '1', t1(a INT)
    /// holding 2 and 3 and v0 = `SELECT b FROM t0 UNION SELECT a FROM t1`,
    /// `SELECT * FROM (SELECT b AS p FROM v0 ORDER BY 1 DESC LIMIT 2) AS sq, t1` gives p in
    /// (3, 2) on 3.40.1 but ('1', 3) on 3.54.1 and alone (text sorts after numbers); seeds
    /// 1575, 2494. No random draw, so the rest of the seed is unchanged.
    fn not_compound_view(&self, name: &str) -> String {
        match self.compound_view && name == "v0" {
            true => "t0".into(),
            false => name.into(),
        }
    }

    /// `inner` (an `inner_select`), over t0 instead of the compound view when it is the
    /// filtered shape `SELECT i.x AS p, i.y AS q FROM v0 AS i WHERE ..`. sqlite3 3.40.1
    /// flattens that subquery into an inner, RIGHT or FULL JOIN (not a LEFT JOIN's left
    /// side, run as a co-routine), where v0 is materialized with its first arm's affinities
    /// applied to the values, so the WHERE sees them converted; 3.54.1 gives a compound
    /// column no affinity when its arms' affinities differ. With t0(a, c TEXT) empty,
    /// t1(b INT, d NUMERIC) = (2, 1), (1, 'b') and v0 = `SELECT a, c FROM t0 UNION SELECT b, d FROM
    /// t1`, `SELECT s.c, s.t FROM (SELECT c, typeof(c) AS t FROM v0 WHERE c >= a) AS s JOIN
    /// t1 ON t1.b = s.c` gives `1|text` on 3.40.1 and nothing on 3.54.1 (joins seed 41097).
    /// No random draw.
    fn unflattened_view(&self, inner: String) -> String {
        match self.compound_view {
            true => inner.replace(" FROM v0 AS i WHERE ", " FROM t0 AS i WHERE "),
            false => inner,
        }
    }

    fn table(&mut self) -> JTable {
        let n = self.tables.len();
        // The view is drawn less often than the tables.
        let i = if self.rng.chance(10) {
            n - 1
        } else {
            self.rng.below(n - 1)
        };
        self.tables[i].clone()
    }

    fn literal(&mut self) -> String {
        self.rng.pick(VALUES).to_string()
    }

    fn col(&mut self, srcs: &[Src]) -> String {
        let s = self.rng.pick(srcs).clone();
        format!("{}.{}", s.alias, self.rng.pick(&s.cols))
    }

    /// A value expression over `srcs`: mostly columns, some functions of them.
    fn value(&mut self, srcs: &[Src]) -> String {
        match self.rng.below(10) {
            0..=5 => self.col(srcs),
            6 => self.literal(),
            7 => format!("coalesce({}, {})", self.col(srcs), self.literal()),
            8 => format!("({} + 1)", self.col(srcs)),
            _ => format!("typeof({})", self.col(srcs)),
        }
    }

    /// A condition over `srcs`, up to `conj` conjuncts; may hold a subquery when `sub`.
    fn cond(&mut self, srcs: &[Src], conj: usize, sub: bool) -> String {
        let n = 1 + self.rng.below(conj.max(1));
        let parts: Vec<String> = (0..n).map(|_| self.atom(srcs, sub)).collect();
        let glue = if self.rng.chance(80) { " AND " } else { " OR " };
        parts.join(glue)
    }

    fn atom(&mut self, srcs: &[Src], sub: bool) -> String {
        let op = *self.rng.pick(&["=", "=", "<", ">=", "<>", "IS", "IS NOT"]);
        match self.rng.below(if sub { 12 } else { 8 }) {
            0..=2 => format!("{} {op} {}", self.col(srcs), self.col(srcs)),
            3 | 4 => format!("{} {op} {}", self.col(srcs), self.literal()),
            5 => format!("{} IS NULL", self.col(srcs)),
            6 => format!(
                "{} IN ({}, {})",
                self.col(srcs),
                self.literal(),
                self.literal()
            ),
            7 => format!("{} BETWEEN 0 AND 2", self.value(srcs)),
            _ => self.sub_cond(srcs),
        }
    }

    /// A subquery condition, correlated with `outer` or not.
    fn sub_cond(&mut self, outer: &[Src]) -> String {
        let t = self.table();
        let inner = Src {
            alias: "s".into(),
            cols: t.cols.clone(),
        };
        let corr = if self.rng.chance(50) {
            format!(" WHERE s.{} = {}", self.rng.pick(&t.cols), self.col(outer))
        } else if self.rng.chance(50) {
            let cond = self.cond(std::slice::from_ref(&inner), 2, false);
            match self.compound_view && t.name == "v0" {
                true => format!(" WHERE {}", unpropagated(&cond)),
                false => format!(" WHERE {cond}"),
            }
        } else {
            String::new()
        };
        let from = format!("{} AS s{corr}", t.name);
        match self.rng.below(6) {
            0 => format!("EXISTS (SELECT 1 FROM {from})"),
            1 => format!("NOT EXISTS (SELECT 1 FROM {from})"),
            2 => format!(
                "{} IN (SELECT s.{} FROM {from})",
                self.col(outer),
                self.rng.pick(&t.cols)
            ),
            3 => format!(
                "{} NOT IN (SELECT s.{} FROM {from})",
                self.col(outer),
                self.rng.pick(&t.cols)
            ),
            4 => {
                let (a, b) = (self.col(outer), self.col(outer));
                let test = format!(
                    "({a}, {b}) IN (SELECT s.{}, s.{} FROM {from})",
                    t.cols[0], t.cols[1]
                );
                // sqlite3 3.40.1 repeats a RIGHT JOIN's unmatched right-hand row once per
                // subquery row sharing the first column when a row-value IN drives an index
                // of that table: with t0(d) holding -1, 1 and t2(b TEXT, c NUMERIC, d) with
                // an index on d holding (0,'b',2), ('a',1.5,NULL), ('a',1,'a'), `SELECT t2.c
                // FROM t0 RIGHT JOIN t2 ON t0.d = t2.d WHERE (t2.d, t2.c) IN (SELECT b, c
                // FROM t2)` gives 1, 1 on 3.40.1 and 1 on 3.54.1 (joins seeds 3462, 5910).
                // `IS TRUE` keeps the WHERE's truth (no NOT above it) but not the index use.
                match self.right_in_from {
                    true => format!("({test} IS TRUE)"),
                    false => test,
                }
            }
            _ => format!("{} {} {}", self.col(outer), "<", self.scalar(outer)),
        }
    }

    /// A scalar subquery (defined value: an aggregate, or ORDER BY every column LIMIT 1).
    fn scalar(&mut self, outer: &[Src]) -> String {
        let t = self.table();
        let c = self.rng.pick(&t.cols).clone();
        let mut corr_col = None;
        let corr = if !outer.is_empty() && self.rng.chance(60) {
            let k = self.rng.pick(&t.cols).clone();
            let o = self.col(outer);
            corr_col = Some(k.clone());
            format!(" WHERE s.{k} = {o}")
        } else {
            String::new()
        };
        if self.rng.chance(70) {
            let agg = *self
                .rng
                .pick(&["count(*)", "max(", "min(", "sum(", "count("]);
            // The same 3.40.1 bug for an aggregate of the correlated column: with t2(c BLOB)
            // holding 1 and '1' (an index on c) and o(d INTEGER) holding 1, `SELECT typeof((
            // SELECT max(s.c) FROM t2 AS s WHERE s.c = o.d)) FROM o` gives integer on 3.40.1
            // and text ('1' sorts after 1) on 3.54.1 (joins seed 8742). `max(+s.c)` has the
            // same value; no random draw.
            let plus = if corr_col.as_ref() == Some(&c) {
                "+"
            } else {
                ""
            };
            let call = if agg.ends_with('(') {
                format!("{agg}{plus}s.{c})")
            } else {
                agg.to_string()
            };
            format!("(SELECT {call} FROM {} AS s{corr})", t.name)
        } else {
            // sqlite3 3.40.1 drops an ORDER BY column that the correlated subquery's WHERE
            // equates to an outer value, even when the comparison's affinity makes several
            // different values equal: with t(a BLOB, b) holding ('1', 1), (1, 2) and o(d INT)
            // holding 1, `SELECT (SELECT s.b FROM t s WHERE s.a = o.d ORDER BY s.a, s.b
            // LIMIT 1) FROM o` gives 1 on 3.40.1 and 2 (1 sorts before '1') on 3.54.1, as
            // without the correlation (joins seeds 3407, 6359). `+s.a` sorts the same and
            // keeps the term; no random draw, so the rest of the seed is unchanged.
            let order: Vec<String> = t
                .cols
                .iter()
                .map(|c| match corr_col.as_ref() == Some(c) {
                    true => format!("+s.{c}"),
                    false => format!("s.{c}"),
                })
                .collect();
            format!(
                "(SELECT s.{c} FROM {} AS s{corr} ORDER BY {} LIMIT 1)",
                t.name,
                order.join(", ")
            )
        }
    }

    pub fn query(&mut self) -> Query {
        match self.rng.below(12) {
            0..=2 => self.join_query(),
            3 => self.sub_query(),
            4 => self.subquery_in_from(),
            5 => self.compound(),
            6 => self.cte(),
            7 => self.recursive(),
            8 => self.values(),
            9 | 10 => self.window(),
            _ => self.aggregate(),
        }
    }

    /// A FROM clause of 2–4 sources with joins of every kind; its sources.
    fn join_chain(&mut self) -> (String, Vec<Src>) {
        let n = 2 + self.rng.below(3);
        let t = self.table();
        let mut srcs = vec![Src {
            alias: "x0".into(),
            cols: t.cols.clone(),
        }];
        let mut sql = format!("{} AS x0", t.name);
        // Where a LEFT JOIN's constant-false ON ends in `sql`, and whether a RIGHT or FULL
        // JOIN came after it (see below).
        let mut false_left: Option<usize> = None;
        let mut right_after = false;
        // Inner joins' ON texts with a constant AND term, their rewrite, and whether a RIGHT
        // or FULL JOIN came after them (see below).
        let mut inner_consts: Vec<(String, String, bool)> = Vec::new();
        // Columns an earlier NATURAL join merged (see below).
        let mut merged: Vec<String> = Vec::new();
        // x0 is the compound view and the first join a LEFT JOIN (see `cross_form`).
        let (first, mut coroutine_first) = (t.name.clone(), false);
        // A USING or NATURAL join on a column an earlier one other than a RIGHT or FULL JOIN
        // merged (those are `merged_plain`), and a RIGHT or FULL JOIN anywhere (see below).
        let (mut rejoin, mut any_right) = (false, false);
        let mut merged_plain: Vec<String> = Vec::new();
        for i in 1..n {
            let t = self.table();
            let alias = format!("x{i}");
            let src = Src {
                alias: alias.clone(),
                cols: t.cols.clone(),
            };
            let kind = *self.rng.pick(&[
                "JOIN",
                "INNER JOIN",
                "LEFT JOIN",
                "LEFT OUTER JOIN",
                "RIGHT JOIN",
                "FULL JOIN",
                "FULL OUTER JOIN",
                "CROSS JOIN",
                ",",
                "NATURAL JOIN",
                "NATURAL LEFT JOIN",
                "NATURAL RIGHT JOIN",
                "NATURAL FULL JOIN",
            ]);
            let constraint = if kind == "," || kind == "CROSS JOIN" || kind.starts_with("NATURAL") {
                String::new()
            } else {
                // USING the columns common with the previous source, or ON.
                let common: Vec<String> = t
                    .cols
                    .iter()
                    .filter(|c| srcs.iter().any(|s| s.cols.contains(c)))
                    .cloned()
                    .collect();
                let common: Vec<String> = common
                    .iter()
                    .filter(|c| srcs.iter().filter(|s| s.cols.contains(c)).count() == 1)
                    .cloned()
                    .collect();
                if !common.is_empty() && self.rng.chance(30) {
                    let k = 1 + self.rng.below(common.len());
                    format!(" USING ({})", common[..k].join(", "))
                } else {
                    let mut both = srcs.clone();
                    both.push(src.clone());
                    let mut on = format!(
                        "{} = {}",
                        self.col(std::slice::from_ref(&src)),
                        self.col(&srcs)
                    );
                    if self.rng.chance(50) {
                        on = format!("{on} AND {}", self.cond(&both, 2, false));
                    }
                    if self.rng.chance(10) {
                        // A constant-false ON only on an outer join: SQLite 3.40.1 takes an
                        // inner join's false ON for "no rows at all" even when a later RIGHT
                        // or FULL JOIN brings rows back (fixed in 3.42, forum post 95849acbe1).
                        let outer = ["LEFT", "RIGHT", "FULL"].iter().any(|k| kind.contains(k));
                        on = match outer {
                            true => self.rng.pick(&["1", "0", "NULL"]).to_string(),
                            false => "1".to_string(),
                        };
                    }
                    format!(" ON {on}")
                }
            };
            let (kind, constraint) =
                natural_outer_avoidance(kind, constraint, &t.cols, &srcs, &mut merged);
            let joined = joined_columns(kind, &constraint, &t.cols, &srcs);
            rejoin |= joined.iter().any(|c| merged_plain.contains(c));
            let outer_right = kind.contains("RIGHT") || kind.contains("FULL");
            if !outer_right {
                merged_plain.extend(joined);
            }
            any_right |= outer_right;
            if i == 1 {
                coroutine_first = self.compound_view && first == "v0" && kind.contains("LEFT");
            }
            let shown = match coroutine_first && i > 1 {
                true => cross_form(kind, &constraint),
                false => kind,
            };
            let sep = if shown == "," { "" } else { " " };
            sql = format!("{sql}{sep}{shown} {} AS {alias}{constraint}", t.name);
            if kind.contains("RIGHT") || kind.contains("FULL") {
                for c in &mut inner_consts {
                    c.2 = true;
                }
            }
            // A LEFT JOIN's constant term too: with the seed 16244 tables, `... LEFT JOIN t2
            // AS x1 ON x1.a = x0.c AND 'b' BETWEEN 0 AND 2 INNER JOIN v0 AS x2 ON x2.b = x1.d
            // .. RIGHT JOIN t1 AS x3 ON x3.b = x1.a ..` gives no row on 3.40.1 and one on
            // 3.54.1 (joins seeds 9478, 16244).
            if kind == "JOIN" || kind == "INNER JOIN" || kind.contains("LEFT") {
                let plain = without_constant_terms(&constraint);
                if plain != constraint {
                    inner_consts.push((constraint.clone(), plain, false));
                }
            }
            right_after |=
                false_left.is_some() && (kind.contains("RIGHT") || kind.contains("FULL"));
            if false_left.is_none()
                && kind.contains("LEFT")
                && (constraint == " ON 0" || constraint == " ON NULL")
            {
                false_left = Some(sql.len());
            }
            srcs.push(src);
        }
        if let (Some(end), true) = (false_left, right_after) {
            // SQLite 3.40.1 bug, the same as the inner join's false ON above: once a later
            // inner join or WHERE term rejects the LEFT JOIN's NULL row, the LEFT JOIN's
            // `ON 0` becomes an inner join's and the statement returns no rows, even when a
            // later RIGHT/FULL JOIN brings rows back. With a(x) = 1, 2, b(y) = 1, c(z) = 1,
            // d(w) = 7, 8, `SELECT * FROM a LEFT JOIN b ON 0 INNER JOIN c ON c.z = b.y RIGHT
            // JOIN d ON d.w = b.y` gives nothing on 3.40.1 and two rows on 3.54.1 (seed
            // 2199). The ON becomes `1`, with no random draw.
            let on_at = sql[..end].rfind(" ON ").unwrap_or(end);
            sql = format!("{} ON 1{}", &sql[..on_at], &sql[end..]);
        }
        // The same SQLite 3.40.1 bug through a constant term of an inner join's ON (`cond`
        // draws `<literal> BETWEEN 0 AND 2`): with a(x) = 1, 2, b(y) = 1, 3, c(z) = 1, 4, 5,
        // `SELECT count(*) FROM a JOIN b ON x = y AND X'01' BETWEEN 0 AND 2 RIGHT JOIN c ON 1`
        // gives 0 on 3.40.1 and 3 on 3.54.1 (seed 2679). The term becomes `1` when a RIGHT or
        // FULL JOIN follows, with no random draw.
        for (orig, plain, right) in inner_consts {
            if right {
                sql = sql.replacen(&orig, &plain, 1);
            }
        }
        if rejoin && any_right {
            // SQLite 3.40.1 bug, like the one `natural_outer_avoidance` avoids: with a RIGHT
            // or FULL JOIN in the FROM, a USING or NATURAL join on a column an earlier inner
            // or LEFT join merged compares without the merged column's affinity (a RIGHT or
            // FULL JOIN's merged column is a coalesce, with no affinity on both versions). With t0(a, b BLOB) = (2,
            // 'b'), t1(a TEXT, b) empty, t2(a TEXT, c INT) = ('2', 'A'), `SELECT x2.a FROM t0
            // AS x0 NATURAL LEFT JOIN t1 AS x1 NATURAL JOIN t2 AS x2 FULL JOIN t0 AS x3 ON 0`
            // gives 2 and NULL on 3.40.1 and only NULL on 3.54.1 (2 = '2' is false under the
            // BLOB affinity of t0.a; joins seed 11846). The RIGHT and FULL JOINs become LEFT
            // JOINs, with no random draw.
            sql = sql
                .replace(" RIGHT JOIN ", " LEFT JOIN ")
                .replace(" FULL OUTER JOIN ", " LEFT OUTER JOIN ")
                .replace(" FULL JOIN ", " LEFT JOIN ");
        }
        (sql, srcs)
    }

    /// ORDER BY every output (by position or alias), some NULLS FIRST/LAST and COLLATE.
    fn order_all(&mut self, n: usize, aliases: bool) -> String {
        let mut keys = Vec::new();
        if self.rng.chance(20) {
            let k = 1 + self.rng.below(n);
            let key = if aliases {
                format!("o{k}")
            } else {
                k.to_string()
            };
            keys.push(format!("{key} COLLATE NOCASE"));
        }
        for k in 1..=n {
            let key = if aliases && self.rng.chance(50) {
                format!("o{k}")
            } else {
                k.to_string()
            };
            let dir = *self.rng.pick(&["", " ASC", " DESC"]);
            let nulls = *self.rng.pick(&["", "", " NULLS FIRST", " NULLS LAST"]);
            keys.push(format!("{key}{dir}{nulls}"));
        }
        format!(" ORDER BY {}", keys.join(", "))
    }

    fn limit(&mut self) -> String {
        let lim = *self
            .rng
            .pick(&["1", "3", "0", "1+1", "(SELECT count(*) FROM t0)", "-1"]);
        let off = if self.rng.chance(40) {
            format!(" OFFSET {}", self.rng.pick(&["1", "2", "5-4", "0"]))
        } else {
            String::new()
        };
        format!(" LIMIT {lim}{off}")
    }

    /// Ends `sql` (of `n` outputs, aliased o1..) with an ORDER BY and LIMIT, or neither.
    fn finish(&mut self, sql: String, n: usize) -> Query {
        if self.rng.chance(45) {
            let mut sql = sql + &self.order_all(n, true);
            if self.rng.chance(50) {
                sql += &self.limit();
            }
            Query { sql, ordered: true }
        } else {
            Query {
                sql,
                ordered: false,
            }
        }
    }

    fn outputs(&mut self, srcs: &[Src], n: usize) -> Vec<String> {
        (1..=n)
            .map(|i| format!("{} AS o{i}", self.value(srcs)))
            .collect()
    }

    fn join_query(&mut self) -> Query {
        let (from, srcs) = self.join_chain();
        self.right_in_from = from.contains(" RIGHT JOIN ") || from.contains(" FULL ");
        let where_ = if self.rng.chance(50) {
            format!(" WHERE {}", self.cond(&srcs, 3, true))
        } else {
            String::new()
        };
        self.right_in_from = false;
        if self.rng.chance(20) {
            let sql = format!("SELECT * FROM {from}{where_}");
            return Query {
                sql,
                ordered: false,
            };
        }
        let n = 1 + self.rng.below(4);
        let outs = self.outputs(&srcs, n);
        let distinct = if self.rng.chance(15) { "DISTINCT " } else { "" };
        let sql = format!("SELECT {distinct}{} FROM {from}{where_}", outs.join(", "));
        self.finish(sql, n)
    }

    /// Subqueries in the SELECT list, WHERE and ORDER BY of a one- or two-table query.
    fn sub_query(&mut self) -> Query {
        let t = self.table();
        let src = Src {
            alias: "x0".into(),
            cols: t.cols.clone(),
        };
        let srcs = [src];
        let n = 1 + self.rng.below(2);
        let mut outs = self.outputs(&srcs, n);
        outs.push(format!("{} AS o{}", self.scalar(&srcs), n + 1));
        let where_ = format!(" WHERE {}", self.sub_cond(&srcs));
        let sql = format!("SELECT {} FROM {} AS x0{where_}", outs.join(", "), t.name);
        if self.rng.chance(40) {
            let by = self.scalar(&srcs);
            let rest: Vec<String> = (1..=n + 1).map(|k| k.to_string()).collect();
            let sql = format!("{sql} ORDER BY {by}, {}", rest.join(", "));
            return Query { sql, ordered: true };
        }
        self.finish(sql, n + 1)
    }

    /// A subquery in FROM: with its own WHERE, GROUP BY, DISTINCT, LIMIT or a compound.
    fn inner_select(&mut self) -> (String, Vec<String>) {
        let t = self.table();
        let s = [Src {
            alias: "i".into(),
            cols: t.cols.clone(),
        }];
        let c0 = t.cols[0].clone();
        let c1 = t.cols[1].clone();
        match self.rng.below(5) {
            0 => (
                format!(
                    "SELECT i.{c0} AS p, i.{c1} AS q FROM {} AS i WHERE {}",
                    t.name,
                    self.cond(&s, 2, false)
                ),
                vec!["p".into(), "q".into()],
            ),
            1 => (
                format!(
                    "SELECT i.{c0} AS p, count(*) AS q FROM {} AS i GROUP BY i.{c0}",
                    t.name
                ),
                vec!["p".into(), "q".into()],
            ),
            2 => (
                format!(
                    "SELECT DISTINCT i.{c0} AS p, i.{c1} AS q FROM {} AS i",
                    t.name
                ),
                vec!["p".into(), "q".into()],
            ),
            3 => (
                format!(
                    "SELECT i.{c0} AS p, i.{c1} AS q FROM {} AS i ORDER BY 1 DESC, 2{}",
                    self.not_compound_view(&t.name),
                    self.limit()
                ),
                vec!["p".into(), "q".into()],
            ),
            _ => {
                let u = self.table();
                let op = *self
                    .rng
                    .pick(&["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]);
                (
                    format!(
                        "SELECT {c0} AS p, {c1} AS q FROM {} {op} SELECT {}, {} FROM {}",
                        t.name, u.cols[0], u.cols[1], u.name
                    ),
                    vec!["p".into(), "q".into()],
                )
            }
        }
    }

    fn subquery_in_from(&mut self) -> Query {
        let (inner, cols) = self.inner_select();
        let sub = Src {
            alias: "sq".into(),
            cols,
        };
        let t = self.table();
        let other = Src {
            alias: "x1".into(),
            cols: t.cols.clone(),
        };
        let (from, srcs) = if self.rng.chance(50) {
            let kind = *self
                .rng
                .pick(&["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"]);
            let on = format!(
                "{} = {}",
                self.col(std::slice::from_ref(&other)),
                self.col(std::slice::from_ref(&sub))
            );
            let inner = match kind == "LEFT JOIN" {
                true => inner,
                false => self.unflattened_view(inner),
            };
            (
                format!("({inner}) AS sq {kind} {} AS x1 ON {on}", t.name),
                vec![sub, other],
            )
        } else {
            (format!("({inner}) AS sq"), vec![sub])
        };
        let where_ = if self.rng.chance(40) {
            format!(" WHERE {}", self.cond(&srcs, 2, false))
        } else {
            String::new()
        };
        let n = 1 + self.rng.below(3);
        let outs = self.outputs(&srcs, n);
        let sql = format!("SELECT {} FROM {from}{where_}", outs.join(", "));
        self.finish(sql, n)
    }

    /// One arm of a compound: `n` outputs from a table, or VALUES.
    fn arm(&mut self, n: usize) -> String {
        if self.rng.chance(15) {
            let rows: Vec<String> = (0..1 + self.rng.below(3))
                .map(|_| {
                    let v: Vec<String> = (0..n).map(|_| self.literal()).collect();
                    format!("({})", v.join(", "))
                })
                .collect();
            return format!("VALUES {}", rows.join(", "));
        }
        let t = self.table();
        let s = [Src {
            alias: t.name.clone(),
            cols: t.cols.clone(),
        }];
        let outs: Vec<String> = (0..n).map(|_| self.value(&s)).collect();
        let where_ = if self.rng.chance(40) {
            format!(" WHERE {}", self.cond(&s, 2, false))
        } else {
            String::new()
        };
        format!("SELECT {} FROM {}{where_}", outs.join(", "), t.name)
    }

    fn compound(&mut self) -> Query {
        let n = 1 + self.rng.below(3);
        let arms = 2 + self.rng.below(2);
        let mut sql = self.arm(n);
        for _ in 1..arms {
            let op = *self
                .rng
                .pick(&["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]);
            sql = format!("{sql} {op} {}", self.arm(n));
        }
        if self.rng.chance(25) {
            // The compound as a subquery: under IN (one column), or in FROM.
            let sql = if n == 1 && self.rng.chance(60) {
                let t = self.table();
                format!("SELECT * FROM {} WHERE {} IN ({sql})", t.name, t.cols[0])
            } else {
                format!("SELECT count(*), count(DISTINCT 1) FROM ({sql})")
            };
            return Query {
                sql,
                ordered: false,
            };
        }
        if self.rng.chance(50) {
            let mut sql = sql + &self.order_all(n, false);
            if self.rng.chance(50) {
                sql += &self.limit();
            }
            return Query { sql, ordered: true };
        }
        Query {
            sql,
            ordered: false,
        }
    }

    fn cte(&mut self) -> Query {
        let (body1, cols1) = self.inner_select();
        let mat = *self
            .rng
            .pick(&["", "", "MATERIALIZED ", "NOT MATERIALIZED "]);
        let mut with = format!("WITH c1 AS {mat}({body1})");
        let c1 = Src {
            alias: "c1".into(),
            cols: cols1.clone(),
        };
        let mut srcs = vec![c1.clone()];
        let from;
        if self.rng.chance(50) {
            // A second CTE over the first, then both joined: c1 referenced twice.
            let cond = self.cond(
                &[Src {
                    alias: "c1".into(),
                    cols: cols1.clone(),
                }],
                1,
                false,
            );
            // SQLite 3.40.1 bug: a NOT MATERIALIZED compound CTE read again inside c2 filters
            // there as if materialized with its first arm's affinities, unlike the same c2
            // body over c1 alone: with t3(a TEXT, b INT) = ('1.5', 2) and t0(a TEXT, b TEXT)
            // = ('a', '2'), ('1.5', '1.5'), c1 = `SELECT a AS p, b AS q FROM t3 UNION SELECT
            // a, b FROM t0` and c2 = `SELECT p, q FROM c1 WHERE coalesce(c1.q, '1') BETWEEN 0
            // AND 2`, `SELECT .. FROM c1 LEFT JOIN c2 ON c1.p = c2.r` gives five rows (c2
            // keeps ('a', '2')) on 3.40.1 and three on 3.54.1, which keeps only ('1.5', 2),
            // as both do for c2's WHERE over c1 alone (joins seeds 12771, 16949). Such a CTE
            // loses NOT MATERIALIZED (then materialized, as read twice); no random draw.
            let compound = [" UNION ", " INTERSECT ", " EXCEPT "]
                .iter()
                .any(|op| body1.contains(op));
            if mat == "NOT MATERIALIZED " && compound {
                with = format!("WITH c1 AS ({body1})");
            }
            with = format!(
                "{with}, c2(r, s) AS (SELECT {}, {} FROM c1 WHERE {cond})",
                cols1[0], cols1[1]
            );
            let c2 = Src {
                alias: "c2".into(),
                cols: vec!["r".into(), "s".into()],
            };
            let kind = *self.rng.pick(&["JOIN", "LEFT JOIN", "FULL JOIN", ","]);
            let on = if kind == "," {
                String::new()
            } else {
                format!(" ON c1.{} = c2.r", cols1[0])
            };
            from = format!("c1 {kind} c2{on}").replace(" , ", ", ");
            srcs.push(c2);
        } else if self.rng.chance(50) {
            from = format!("c1 AS c1 JOIN c1 AS y ON c1.{} = y.{}", cols1[0], cols1[1]);
            srcs.push(Src {
                alias: "y".into(),
                cols: cols1.clone(),
            });
        } else {
            from = "c1".into();
        }
        let n = 1 + self.rng.below(3);
        let outs = self.outputs(&srcs, n);
        let sql = format!("{with} SELECT {} FROM {from}", outs.join(", "));
        self.finish(sql, n)
    }

    fn recursive(&mut self) -> Query {
        let union = *self.rng.pick(&["UNION", "UNION ALL"]);
        let sql = match self.rng.below(4) {
            0 => format!(
                "WITH RECURSIVE cnt(x) AS (SELECT 1 {union} SELECT x + 1 FROM cnt WHERE x < {}) SELECT x FROM cnt",
                self.rng.below(12)
            ),
            1 => format!(
                "WITH RECURSIVE cnt(x) AS (SELECT 0 UNION SELECT (x + {}) % 7 FROM cnt) SELECT x, x * x FROM cnt",
                1 + self.rng.below(3)
            ),
            2 => format!(
                "WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM tree WHERE {} {union} SELECT tree.id, sub.depth + 1 FROM tree JOIN sub ON tree.parent = sub.id) SELECT sub.id, sub.depth, tree.v FROM sub JOIN tree USING (id)",
                self.rng.pick(&["parent IS NULL", "id = 2", "id IN (1, 3)", "v IS NOT NULL"])
            ),
            _ => format!(
                "WITH RECURSIVE up(id, n) AS (SELECT id, 0 FROM tree WHERE id = {} {union} SELECT tree.parent, up.n + 1 FROM tree JOIN up ON tree.id = up.id WHERE tree.parent IS NOT NULL) SELECT id, n FROM up",
                1 + self.rng.below(12)
            ),
        };
        if self.rng.chance(40) {
            let sql = format!("{sql} ORDER BY 2 DESC, 1");
            return Query { sql, ordered: true };
        }
        Query {
            sql,
            ordered: false,
        }
    }

    fn values(&mut self) -> Query {
        let n = 1 + self.rng.below(3);
        let rows: Vec<String> = (0..1 + self.rng.below(4))
            .map(|_| {
                let v: Vec<String> = (0..n).map(|_| self.literal()).collect();
                format!("({})", v.join(", "))
            })
            .collect();
        let vals = format!("VALUES {}", rows.join(", "));
        let t = self.table();
        let sql = match self.rng.below(5) {
            0 => format!("SELECT * FROM ({vals})"),
            1 => format!("SELECT column1, count(*) FROM ({vals}) GROUP BY column1"),
            2 => format!(
                "WITH v({}) AS ({vals}) SELECT * FROM v JOIN {} AS t ON v.x0 = t.{}",
                (0..n)
                    .map(|i| format!("x{i}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                t.name,
                t.cols[0]
            ),
            3 => format!(
                "SELECT * FROM {} WHERE {} IN (VALUES {})",
                t.name,
                t.cols[0],
                (0..2)
                    .map(|_| format!("({})", self.literal()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => vals,
        };
        Query {
            sql,
            ordered: false,
        }
    }

    /// A window query over one table (so the rowid completes a total order).
    fn window(&mut self) -> Query {
        let t = self.tables[self.rng.below(self.tables.len() - 1)].clone();
        let total: Vec<String> = t
            .cols
            .iter()
            .map(|c| {
                let dir = *self.rng.pick(&["", " DESC"]);
                format!("{c}{dir}")
            })
            .chain(std::iter::once("rowid".to_string()))
            .collect();
        let total = total.join(", ");
        let named = self.rng.chance(30);
        let part = if self.rng.chance(40) {
            format!("PARTITION BY {} ", self.rng.pick(&t.cols))
        } else {
            String::new()
        };
        let mut calls = Vec::new();
        for _ in 0..1 + self.rng.below(3) {
            let c = self.rng.pick(&t.cols).clone();
            let filter = if self.rng.chance(15) {
                format!(" FILTER (WHERE {} IS NOT NULL)", self.rng.pick(&t.cols))
            } else {
                String::new()
            };
            let agg = format!(
                "{}({c}){filter}",
                self.rng
                    .pick(&["count", "sum", "total", "min", "max", "avg"])
            );
            let call;
            let order;
            let frame;
            match self.rng.below(4) {
                0 | 1 => {
                    // Any function, any frame: the ORDER BY is a total order.
                    call = match self.rng.below(12) {
                        0 => "row_number()".to_string(),
                        1 => format!("ntile({})", 1 + self.rng.below(4)),
                        2 => format!("lag({c})"),
                        3 => format!("lag({c}, {}, {})", self.rng.below(3), self.literal()),
                        4 => format!("lead({c}, {})", 1 + self.rng.below(2)),
                        5 => format!("lead({c}, 1, {})", self.literal()),
                        6 => format!("first_value({c})"),
                        7 => format!("last_value({c})"),
                        8 => format!("nth_value({c}, {})", 1 + self.rng.below(3)),
                        9 => format!("group_concat({c}, '.')"),
                        _ => agg.clone(),
                    };
                    order = total.clone();
                    frame = self.frame(true);
                }
                2 => {
                    // A partial key: functions that do not see the order of peers.
                    call = match self.rng.below(6) {
                        0 => "rank()".into(),
                        1 => "dense_rank()".into(),
                        2 => "percent_rank()".into(),
                        3 => "cume_dist()".into(),
                        _ => agg.clone(),
                    };
                    order = self.rng.pick(&t.cols).clone();
                    frame = if call == agg {
                        self.frame(false)
                    } else {
                        String::new()
                    };
                }
                _ => {
                    call = agg.clone();
                    order = String::new();
                    frame = String::new();
                }
            }
            let order = if order.is_empty() {
                String::new()
            } else {
                format!("ORDER BY {order}")
            };
            let over = if named {
                format!("(w {order}{frame})")
            } else {
                format!("({part}{order}{frame})")
            };
            calls.push(format!(
                "{call} OVER {}",
                over.replace("( ", "(").replace("w )", "w)")
            ));
        }
        let window = if named {
            format!(" WINDOW w AS ({})", part.trim_end())
        } else {
            String::new()
        };
        let n = t.cols.len() + calls.len();
        let sql = format!(
            "SELECT {}, {} FROM {}{window}",
            t.cols.join(", "),
            calls.join(", "),
            t.name
        );
        if self.rng.chance(30) {
            let keys: Vec<String> = (1..=n).map(|k| k.to_string()).collect();
            let sql = format!("{sql} ORDER BY {}", keys.join(", "));
            return Query { sql, ordered: true };
        }
        Query {
            sql,
            ordered: false,
        }
    }

    /// A frame clause (with a leading space), or none. Offsets only with a `total` order
    /// key for ROWS; RANGE offsets with the single key of a partial order.
    fn frame(&mut self, total: bool) -> String {
        if self.rng.chance(30) {
            return String::new();
        }
        let kind = if total {
            *self.rng.pick(&["ROWS", "GROUPS", "RANGE"])
        } else {
            *self.rng.pick(&["GROUPS", "RANGE"])
        };
        let bounds = [
            "UNBOUNDED PRECEDING".to_string(),
            format!("{} PRECEDING", self.rng.below(3)),
            "CURRENT ROW".to_string(),
            format!("{} FOLLOWING", self.rng.below(3)),
            "UNBOUNDED FOLLOWING".to_string(),
        ];
        // RANGE offsets need exactly one ORDER BY term: not with the total order.
        let offsets_ok = !(kind == "RANGE" && total);
        let pick = |g: &mut JoinGen, lo: usize, hi: usize| loop {
            let i = lo + g.rng.below(hi - lo + 1);
            if offsets_ok || (i != 1 && i != 3) {
                break i;
            }
        };
        let start = pick(self, 0, 3);
        let end = pick(self, start.max(1), 4);
        let exclude = *self.rng.pick(&[
            "",
            "",
            " EXCLUDE NO OTHERS",
            " EXCLUDE CURRENT ROW",
            " EXCLUDE GROUP",
            " EXCLUDE TIES",
        ]);
        if self.rng.chance(15) && start < 3 {
            return format!(" {kind} {}{exclude}", bounds[start]);
        }
        format!(
            " {kind} BETWEEN {} AND {}{exclude}",
            bounds[start], bounds[end]
        )
    }

    /// Aggregates: FILTER, DISTINCT, GROUP BY expressions and several keys, HAVING.
    fn aggregate(&mut self) -> Query {
        let (from, srcs) = if self.rng.chance(60) {
            let t = self.table();
            (
                format!("{} AS x0", t.name),
                vec![Src {
                    alias: "x0".into(),
                    cols: t.cols.clone(),
                }],
            )
        } else {
            self.join_chain()
        };
        let n_keys = self.rng.below(3);
        let keys: Vec<String> = (0..n_keys)
            .map(|_| match self.rng.below(4) {
                0 => format!("({} > 1)", self.col(&srcs)),
                1 => format!("typeof({})", self.col(&srcs)),
                _ => self.col(&srcs),
            })
            .collect();
        let mut outs: Vec<String> = keys.clone();
        for _ in 0..1 + self.rng.below(3) {
            let c = self.col(&srcs);
            let a = match self.rng.below(9) {
                0 => "count(*)".to_string(),
                1 => format!("count(DISTINCT {c})"),
                2 => format!("sum(DISTINCT {c})"),
                3 => format!("count(*) FILTER (WHERE {})", self.cond(&srcs, 1, false)),
                4 => format!("max({c}) FILTER (WHERE {})", self.cond(&srcs, 1, false)),
                _ => format!(
                    "{}({c})",
                    self.rng
                        .pick(&["sum", "total", "min", "max", "avg", "count"])
                ),
            };
            outs.push(a);
        }
        let outs: Vec<String> = outs
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{o} AS o{}", i + 1))
            .collect();
        let where_ = if self.rng.chance(40) {
            format!(" WHERE {}", self.cond(&srcs, 2, false))
        } else {
            String::new()
        };
        let group = if keys.is_empty() {
            String::new()
        } else {
            format!(" GROUP BY {}", keys.join(", "))
        };
        let having = if self.rng.chance(30) {
            format!(
                " HAVING count(*) {} {}",
                self.rng.pick(&[">", ">=", "<"]),
                self.rng.below(3)
            )
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT {} FROM {from}{where_}{group}{having}",
            outs.join(", ")
        );
        self.finish(sql, outs.len())
    }
}

/// The columns a join (`kind` and `constraint` as shown, `cols` the new table's) matches
/// by name: its USING list, or a NATURAL join's columns common with `srcs`.
fn joined_columns(kind: &str, constraint: &str, cols: &[String], srcs: &[Src]) -> Vec<String> {
    if let Some(list) = constraint
        .strip_prefix(" USING (")
        .and_then(|r| r.strip_suffix(')'))
    {
        return list.split(", ").map(str::to_string).collect();
    }
    match kind.starts_with("NATURAL") {
        true => cols
            .iter()
            .filter(|c| srcs.iter().any(|s| s.cols.contains(c)))
            .cloned()
            .collect(),
        false => Vec::new(),
    }
}

/// `cond` (a condition over the compound view as `s`) with each `s.x = <literal>` and
/// `s.x IS <literal>` made `+s.x ...`. SQLite 3.40.1 bug: such a term in a subquery over
/// a compound view loses rows when the subquery is an IN, EXISTS or scalar operand: with
/// t0(a INT, b TEXT) = (1.5, '1'), t1(a, c INTEGER) = ('A', 2), t5(x) = 2 and v0 = `SELECT
/// a, b FROM t0 UNION SELECT a, c FROM t1`, `SELECT x FROM t5 WHERE x IN (SELECT s.b FROM
/// v0 AS s WHERE s.b IS 2)` gives nothing on 3.40.1 and 2 on 3.54.1 (`+s.b IS 2` gives 2 on
/// both; joins seeds 12722, 14735). No random draw.
fn unpropagated(cond: &str) -> String {
    let mut out = String::with_capacity(cond.len() + 8);
    let mut rest = cond;
    while let Some(at) = rest.find("s.") {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let name_end = tail.find(' ').unwrap_or(tail.len());
        let after = &tail[name_end..];
        let to_literal = [" = ", " IS "].iter().any(|op| {
            after.strip_prefix(op).is_some_and(|v| {
                !v.starts_with("s.") && !v.starts_with("NOT ") && !v.starts_with("NULL")
            })
        });
        let word_start = head.is_empty() || head.ends_with(' ') || head.ends_with('(');
        if to_literal && word_start {
            out.push('+');
        }
        out.push_str(&tail[..name_end]);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `on` (an ON clause's text) with each `AND <literal> BETWEEN 0 AND 2` term, the only
/// column-free term `cond` draws, made `AND 1`.
fn without_constant_terms(on: &str) -> String {
    let mut out = on.to_string();
    for v in VALUES {
        out = out.replace(&format!(" AND {v} BETWEEN 0 AND 2"), " AND 1");
    }
    out
}

/// SQLite 3.40.1 bug: a NATURAL RIGHT or FULL JOIN on a column an earlier NATURAL or USING
/// join merged compares without the column's affinity (3.54.1 keeps it). With a(k INTEGER) = 1,
/// b(k INTEGER) = 1, c(k) = '1': `SELECT * FROM a NATURAL JOIN b NATURAL RIGHT JOIN c`
/// gives `1|||c1`-like NULLs on 3.40.1 and the joined row on 3.54.1 (seeds 1231, 1963).
/// Such a join (`kind`, `constraint` as drawn, `cols` the new table's) becomes a RIGHT or
/// FULL JOIN USING the common columns not merged before (`ON 1` when none is left), with
/// no random draw. `merged` collects the columns NATURAL and USING joins merge.
/// The CROSS JOIN form of an inner join `kind` (others unchanged), for the joins after a
/// first LEFT JOIN whose left side is the compound view. sqlite3 3.40.1 runs that view as a
/// co-routine, and when a later inner join lets the planner put the view inside another
/// table's loop (through an automatic index) it reads the co-routine only once: with the
/// seed 5136 tables, `SELECT count(*) FROM v0 AS x0 LEFT JOIN t0 AS x1 ON x1.c = x0.a JOIN
/// t1 AS x3 ON x3.b = x0.b` gives 1 on 3.40.1 and 8 on 3.54.1 (as with CROSS JOIN on both).
/// CROSS JOIN keeps the same rows and the written loop order; no random draw.
/// A later join with a constraint (ON, USING, NATURAL) becomes a LEFT JOIN instead: 3.40.1
/// turns the first LEFT JOIN into an inner join when a later join's ON or USING rejects its
/// NULL row, and then loops the view inside its right side all the same, even with CROSS
/// JOIN: with t0(a TEXT, b NUMERIC) = ('1', 2), t1(a BLOB, d) = (1, 3), (5, 3) and v0 =
/// `SELECT a, b FROM t0 UNION SELECT a, d FROM t1`, `SELECT count(*) FROM v0 AS x0 LEFT JOIN
/// t1 AS x1 ON x1.a = x0.a CROSS JOIN t1 AS x2 ON x2.d = x1.d` gives 0 on 3.40.1 and 4 on
/// 3.54.1 (joins seeds 7906, 10098, 13351: `CROSS JOIN .. USING (d)`, `NATURAL CROSS
/// JOIN`). A later LEFT JOIN rejects no NULL row of the first one.
fn cross_form(kind: &'static str, constraint: &str) -> &'static str {
    match kind {
        "JOIN" | "INNER JOIN" if !constraint.is_empty() => "LEFT JOIN",
        "JOIN" | "INNER JOIN" | "," => "CROSS JOIN",
        "NATURAL JOIN" => "NATURAL LEFT JOIN",
        other => other,
    }
}

fn natural_outer_avoidance(
    kind: &'static str,
    constraint: String,
    cols: &[String],
    srcs: &[Src],
    merged: &mut Vec<String>,
) -> (&'static str, String) {
    if let Some(list) = constraint
        .strip_prefix(" USING (")
        .and_then(|r| r.strip_suffix(')'))
    {
        merged.extend(list.split(", ").map(str::to_string));
    }
    if !kind.starts_with("NATURAL") {
        return (kind, constraint);
    }
    let common: Vec<String> = cols
        .iter()
        .filter(|c| srcs.iter().any(|s| s.cols.contains(c)))
        .cloned()
        .collect();
    let outer = kind.contains("RIGHT") || kind.contains("FULL");
    // A column of two earlier sources that no join merged makes the NATURAL join an error:
    // left as drawn.
    let ambiguous = common
        .iter()
        .any(|c| !merged.contains(c) && srcs.iter().filter(|s| s.cols.contains(c)).count() > 1);
    if outer && !ambiguous && common.iter().any(|c| merged.contains(c)) {
        let rest: Vec<String> = common
            .iter()
            .filter(|c| !merged.contains(c))
            .cloned()
            .collect();
        let kind = if kind.contains("RIGHT") {
            "RIGHT JOIN"
        } else {
            "FULL JOIN"
        };
        let constraint = match rest.is_empty() {
            true => " ON 1".to_string(),
            false => format!(" USING ({})", rest.join(", ")),
        };
        merged.extend(rest);
        return (kind, constraint);
    }
    for c in common {
        if !merged.contains(&c) {
            merged.push(c);
        }
    }
    (kind, constraint)
}

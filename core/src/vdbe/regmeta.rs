//! Register metadata: the subtype and pointer a register's value carries beside it.
//!
//! Most values carry neither, so the table is a side map keyed by register, empty in the
//! common case; every check is one `is_empty` test then. The rules:
//!
//! 1. Writing a register (`Vm::set`) drops its metadata.
//! 2. `Copy`/`SCopy` copy the source's metadata; `Move` moves it.
//! 3. A function's result register gets the call's `result_subtype` / `result_pointer`.
//! 4. `Variable` gives a register the pointer bound to the parameter
//!    (`Statement::bind_pointer`); any other bind of that parameter drops it.
//! 5. A trigger frame starts with an empty table; the parent's comes back when it returns.
//! 6. Once the connection has an application function, `Variable` marks its register
//!    "from a bind" (`sqlite3_value_frombind`); copies keep the mark as they keep subtypes.
//!
//! 7. `MarkIntReal` marks a REAL whole number in -2^47..2^47 "int-real" (sqlite3's
//!    MEM_IntReal): it is REAL to everything but `MakeRecord`, which stores it as an
//!    integer, so it reads back from a sorter or an ephemeral table as an INTEGER; the
//!    registers a record was made of keep their flags, and so does a value that
//!    `Affinity` or `MakeRecord` leaves a whole REAL (affinity is applied in place);
//!    `ClearIntReal` drops them, `CAST(x AS NUMERIC)` keeps them. sqlite3 shows this for
//!    generated REAL columns: `SELECT g FROM t ORDER BY 1` with `g REAL AS (a * b)
//!    VIRTUAL` gives 4, not 4.0 (but GROUP BY rows read back 4.0). `codegen::int_real`
//!    says where codegen marks or clears values to follow sqlite3's plan shapes.
//!
//! A pointer value is SQL NULL to everything but `sqlite3_value_pointer`.

use std::collections::HashMap;

use crate::func::Pointer;

use super::insn::Reg;

/// What one register carries beside its value.
#[derive(Clone, Default, Debug)]
pub(crate) struct RegMeta {
    pub subtype: u8,
    pub pointer: Option<Pointer>,
    /// Loaded from a bound parameter (rule 6).
    pub from_bind: bool,
    /// A whole REAL that REAL affinity was applied to (rule 7).
    pub int_real: bool,
}

impl RegMeta {
    fn is_plain(&self) -> bool {
        self.subtype == 0 && self.pointer.is_none() && !self.from_bind && !self.int_real
    }
}

/// The metadata of the current frame's registers, plus the suspended parents' tables.
#[derive(Default)]
pub(crate) struct RegMetaTable {
    regs: HashMap<Reg, RegMeta>,
    parents: Vec<HashMap<Reg, RegMeta>>,
}

impl RegMetaTable {
    /// Rule 1: `r` was written.
    #[inline]
    pub fn clear(&mut self, r: Reg) {
        if !self.regs.is_empty() {
            self.regs.remove(&r);
        }
    }

    /// Rule 3/4: `r` now carries `m` (nothing when `m` is plain).
    pub fn put(&mut self, r: Reg, m: RegMeta) {
        if m.is_plain() {
            self.clear(r);
        } else {
            self.regs.insert(r, m);
        }
    }

    /// Rule 2: `dest` carries what `src` carries (call after writing `dest`).
    #[inline]
    pub fn copy(&mut self, src: Reg, dest: Reg) {
        if self.regs.is_empty() {
            return;
        }
        match self.regs.get(&src).cloned() {
            Some(m) => self.regs.insert(dest, m),
            None => self.regs.remove(&dest),
        };
    }

    /// Rule 2 for `Move` (call after writing `dest`).
    #[inline]
    pub fn move_to(&mut self, src: Reg, dest: Reg) {
        if self.regs.is_empty() {
            return;
        }
        match self.regs.remove(&src) {
            Some(m) => self.regs.insert(dest, m),
            None => self.regs.remove(&dest),
        };
    }

    /// Subtypes of `n` registers from `start`; empty when none has one.
    pub fn subtypes(&self, start: Reg, n: usize) -> Vec<u8> {
        if self.regs.is_empty() {
            return Vec::new();
        }
        (start..start + n)
            .map(|r| self.regs.get(&r).map_or(0, |m| m.subtype))
            .collect()
    }

    /// Pointers of `n` registers from `start`; empty when none has one.
    pub fn pointers(&self, start: Reg, n: usize) -> Vec<Option<Pointer>> {
        if self.regs.is_empty() {
            return Vec::new();
        }
        let v: Vec<Option<Pointer>> = (start..start + n)
            .map(|r| self.regs.get(&r).and_then(|m| m.pointer.clone()))
            .collect();
        if v.iter().all(Option::is_none) {
            Vec::new()
        } else {
            v
        }
    }

    /// Rule 6: which of `n` registers from `start` hold a bound parameter's value; empty
    /// when none does.
    pub fn bound_flags(&self, start: Reg, n: usize) -> Vec<bool> {
        if self.regs.is_empty() {
            return Vec::new();
        }
        let v: Vec<bool> = (start..start + n)
            .map(|r| self.regs.get(&r).is_some_and(|m| m.from_bind))
            .collect();
        if v.iter().any(|b| *b) {
            v
        } else {
            Vec::new()
        }
    }

    /// Rule 7: which of `n` registers from `start` are int-real; empty when none is.
    pub fn int_real_flags(&self, start: Reg, n: usize) -> Vec<bool> {
        if self.regs.is_empty() {
            return Vec::new();
        }
        let v: Vec<bool> = (start..start + n)
            .map(|r| self.regs.get(&r).is_some_and(|m| m.int_real))
            .collect();
        if v.iter().any(|b| *b) {
            v
        } else {
            Vec::new()
        }
    }

    /// Rule 7: `n` registers from `start` are plain REALs now (`ClearIntReal`).
    pub fn clear_int_real(&mut self, start: Reg, n: usize) {
        if self.regs.is_empty() {
            return;
        }
        for r in start..start + n {
            if let Some(m) = self.regs.get(&r).cloned() {
                self.put(
                    r,
                    RegMeta {
                        int_real: false,
                        ..m
                    },
                );
            }
        }
    }

    /// Rule 7: `r` (just written with a whole REAL) is int-real.
    pub fn mark_int_real(&mut self, r: Reg) {
        let mut m = self.regs.get(&r).cloned().unwrap_or_default();
        m.int_real = true;
        self.put(r, m);
    }

    /// Rule 5: a trigger frame starts.
    pub fn push_frame(&mut self) {
        let regs = std::mem::take(&mut self.regs);
        self.parents.push(regs);
    }

    /// Rule 5: back to the parent frame.
    pub fn pop_frame(&mut self) {
        self.regs = self.parents.pop().unwrap_or_default();
    }

    /// Every register and frame plain again (statement reset).
    pub fn reset(&mut self) {
        self.regs.clear();
        self.parents.clear();
    }
}

impl super::exec::Vm {
    /// Rule 4: `dest` was loaded from parameter `index`; give it the bound pointer, if any.
    #[inline]
    pub(crate) fn bound_pointer_to(&mut self, index: usize, dest: Reg) {
        if self.bound_pointers.is_empty() {
            return;
        }
        if let Some(p) = self.bound_pointers.get(&index).cloned() {
            self.meta.put(dest, pointer_meta(p));
        }
    }

    /// Rule 6: `dest` was loaded from a parameter and application functions exist.
    pub(crate) fn mark_from_bind(&mut self, dest: Reg) {
        let mut m = self.meta.regs.get(&dest).cloned().unwrap_or_default();
        m.from_bind = true;
        self.meta.put(dest, m);
    }

    /// Binds parameter `index` (1-based) to a pointer value (SQL NULL plus `p`). The caller
    /// has bound NULL to the parameter and checked the index.
    pub(crate) fn bind_pointer(&mut self, index: usize, p: Pointer) {
        self.bound_pointers.insert(index, p);
    }

    /// Rule 4: parameter `index` was bound to something else (0 = every parameter).
    pub(crate) fn unbind_pointer(&mut self, index: usize) {
        if self.bound_pointers.is_empty() {
            return;
        }
        if index == 0 {
            self.bound_pointers.clear();
        } else {
            self.bound_pointers.remove(&index);
        }
    }
}

/// The metadata of a pointer value: SQLite gives pointer values subtype `'p'`.
pub(crate) fn pointer_meta(p: Pointer) -> RegMeta {
    RegMeta {
        subtype: POINTER_SUBTYPE,
        pointer: Some(p),
        from_bind: false,
        int_real: false,
    }
}

/// The subtype a pointer value reports.
pub(crate) const POINTER_SUBTYPE: u8 = b'p';

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(s: u8) -> RegMeta {
        RegMeta {
            subtype: s,
            pointer: None,
            from_bind: false,
            int_real: false,
        }
    }

    /// `(sql, sqlite3 3.40.1's answer)`: JSON nesting that needs subtypes kept in registers.
    const JSON_NESTING: &[(&str, &str)] = &[
        ("select json_array(json('[1]'))", "[[1]]"),
        ("select json_object('a', json_array(1,2))", r#"{"a":[1,2]}"#),
        (
            r#"select json_array(json_extract('{"a":[1,2]}','$.a'))"#,
            "[[1,2]]",
        ),
        (r#"select json_array('{"a":[1]}' -> '$.a')"#, "[[1]]"),
        (r#"select json_array('{"a":[1]}' ->> '$.a')"#, r#"["[1]"]"#),
        ("select json_group_array(json('[1]'))", "[[1]]"),
        (
            "with t(x) as (select json('[2]')) select json_array(x, json(x)) from t",
            r#"["[2]",[2]]"#,
        ),
        (
            "select json_array(json_array(1), json_object('k', json('{}')), '[3]')",
            r#"[[1],{"k":{}},"[3]"]"#,
        ),
        (
            "select json_array(a) from (select json_array(1) a), (select 1)",
            r#"["[1]"]"#,
        ),
        (
            "select json_array(case when 1 then json('[5]') end)",
            "[[5]]",
        ),
    ];

    #[test]
    fn json_subtypes_travel_through_registers() {
        let c = crate::Connection::open(":memory:").unwrap();
        for (sql, want) in JSON_NESTING {
            let got = c
                .query_all(sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            assert_eq!(got[0][0], crate::Value::Text((*want).into()), "{sql}");
        }
        let got = c
            .query_all(
                "select subtype(json('1')), subtype(1), subtype(json_array(1))",
                &[],
            )
            .unwrap();
        assert_eq!(
            got[0],
            vec![
                crate::Value::Integer(74),
                crate::Value::Integer(0),
                crate::Value::Integer(74)
            ]
        );
    }

    #[test]
    fn copy_move_clear() {
        let mut t = RegMetaTable::default();
        t.put(1, sub(b'J'));
        t.copy(1, 2);
        assert_eq!(t.subtypes(1, 3), vec![b'J', b'J', 0]);
        t.move_to(2, 3);
        assert_eq!(t.subtypes(1, 3), vec![b'J', 0, b'J']);
        t.clear(1);
        t.copy(1, 3);
        assert!(t.subtypes(1, 3).is_empty());
    }

    #[test]
    fn frames_and_pointers() {
        let mut t = RegMetaTable::default();
        t.put(
            1,
            RegMeta {
                subtype: 0,
                pointer: Some(Pointer::new(42, "carray", None)),
                from_bind: false,
                int_real: false,
            },
        );
        t.push_frame();
        assert!(t.pointers(1, 1).is_empty());
        t.pop_frame();
        let p = t.pointers(0, 2);
        assert_eq!(p[1].as_ref().and_then(|p| p.get("carray")), Some(42));
        assert_eq!(p[1].as_ref().and_then(|p| p.get("other")), None);
    }
}

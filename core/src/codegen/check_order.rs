//! When a new row's column affinities and STRICT datatype checks apply, relative to the
//! BEFORE triggers and the NOT NULL checks (what sqlite3 3.40.1 does, asked with small
//! scripts):
//!
//! ```text
//! no BEFORE trigger fires:   NOT NULL ─▶ rowid unique ─▶ affinity + STRICT type ─▶ UNIQUE ─▶ FK
//!   with a CHECK constraint, a generated column or no rowid:
//!                            affinity ─▶ NOT NULL ─▶ STRICT type ─▶ CHECK ─▶ PK/rowid ─▶ UNIQUE ─▶ FK
//! BEFORE triggers fire:      affinity + STRICT type ─▶ BEFORE triggers ─▶ NOT NULL ─▶ ...
//! ```
//!
//! So an upsert that an INTEGER PRIMARY KEY conflict takes sees `excluded.*` without the
//! column affinities when nothing puts them first (`dml.rs`, `late_types`).
//!
//! The uniqueness checks run in `unique_check_order`'s order (an upsert's targets first); the
//! late STRICT check comes before the first of them that is not the rowid's, so a rowid
//! conflict (an error, or a row ignored) wins over a datatype error; a rowid conflict
//! resolved by REPLACE does not: the datatype check comes first, and the old row stays
//! (`BEGIN; INSERT OR REPLACE INTO s VALUES(2, 'bad')` into a STRICT `s` keeps row 2).
//!
//! So with a BEFORE INSERT (or matching BEFORE UPDATE [OF]) trigger, `NEW` holds values with
//! the column affinities applied (`typeof(NEW.b)` is 'integer' for `'5'` into `b INT`), and a
//! STRICT datatype error ("cannot store TEXT value in INT column p.b") wins over a NOT NULL
//! failure of the same row. The WHEN clause of a trigger plays no part; AFTER triggers none.
//! A rowid alias that is not an integer fails ("datatype mismatch") before all of these.
//!
//! An INSERT's automatic rowid is chosen after its BEFORE triggers: they see `NEW.rowid`
//! (and the INTEGER PRIMARY KEY) as -1, and a row they insert into the same table does not
//! take the new row's rowid.
//!
//! ```text
//!   r[auto] = 0; if r[rowid] IS NOT NULL goto L     (place_values left NULL = automatic)
//!   r[auto] = 1; r[rowid] = -1; r[alias] = -1
//! L: BEFORE triggers
//!   if r[auto]: NewRowid → r[rowid]; r[alias] = r[rowid]; AUTOINCREMENT maximum
//! ```

use std::sync::Arc;

use crate::schema::Table;
use crate::vdbe::insn::{CursorId, Insn, Reg};

use super::trigger::{fires_for, Event};
use super::Compiler;

/// Whether `t`'s STRICT datatype check comes before its CHECK and uniqueness checks (else
/// just after the rowid's uniqueness check).
pub(crate) fn types_before_checks(t: &Table) -> bool {
    t.without_rowid || !t.checks.is_empty() || t.has_generated()
}

impl Compiler<'_> {
    /// Whether a BEFORE trigger of `t` fires for `event` (`changed`: an UPDATE's columns).
    pub(crate) fn before_triggers_fire(&self, t: &Table, event: Event, changed: &[usize]) -> bool {
        self.triggers_of(t).iter().any(|tr| {
            matches!(
                tr.def.time,
                crate::parser::ast::TriggerTime::Before | crate::parser::ast::TriggerTime::Default
            ) && fires_for(t, &tr.def, event, changed)
        })
    }

    /// Before the BEFORE triggers of an INSERT or UPDATE fire: applies the column affinities
    /// to the new row in r[cols..] and runs a STRICT table's datatype check, as sqlite3 does
    /// (see the module header). Emits nothing when no BEFORE trigger fires; the checks after
    /// the triggers are unchanged (repeating them is harmless: the values already conform).
    pub(crate) fn type_new_row_for_triggers(
        &mut self,
        t: &Arc<Table>,
        event: Event,
        changed: &[usize],
        cols: Reg,
    ) {
        if !self.before_triggers_fire(t, event, changed) {
            return;
        }
        self.apply_affinity(t, cols);
        // The generated columns are not computed yet: the row checks type them later.
        self.strict_check_part(t, cols, false);
    }

    /// Whether an INSERT into `t` chooses an automatic rowid only after BEFORE triggers.
    pub(crate) fn defers_new_rowid(&self, t: &Table) -> bool {
        !t.without_rowid && self.before_triggers_fire(t, Event::Insert, &[])
    }

    /// Before an INSERT's BEFORE triggers: when the rowid in r[rowid] is still to be chosen
    /// (NULL), sets it and the rowid alias to -1. Returns the register that tells whether it
    /// was, or `None` when `t`'s rowids are not deferred.
    pub(crate) fn rowid_for_before_triggers(
        &mut self,
        t: &Table,
        rowid: Reg,
        cols: Reg,
    ) -> Option<Reg> {
        if !self.defers_new_rowid(t) {
            return None;
        }
        let auto = self.b.alloc_reg();
        let given = self.b.label();
        self.b.emit(Insn::Integer {
            value: 0,
            dest: auto,
        });
        self.b.emit(Insn::NotNull {
            reg: rowid,
            target: given,
        });
        self.b.emit(Insn::Integer {
            value: 1,
            dest: auto,
        });
        self.b.emit(Insn::Integer {
            value: -1,
            dest: rowid,
        });
        if let Some(a) = t.rowid_alias {
            self.b.emit(Insn::SCopy {
                src: rowid,
                dest: cols + a,
            });
        }
        self.b.bind(given);
        Some(auto)
    }

    /// After the BEFORE triggers: chooses the automatic rowid when r[auto] says so.
    pub(crate) fn new_rowid_after_triggers(
        &mut self,
        t: &Table,
        tc: CursorId,
        auto: Reg,
        rowid: Reg,
        cols: Reg,
    ) {
        let done = self.b.label();
        self.b.emit(Insn::IfNot {
            reg: auto,
            target: done,
            jump_if_null: true,
        });
        self.new_rowid(tc, rowid);
        self.rowid_chosen(t, rowid, cols);
        self.b.bind(done);
    }
}

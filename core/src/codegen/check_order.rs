//! When a new row's column affinities and STRICT datatype checks apply, relative to the
//! BEFORE triggers and the NOT NULL checks (what sqlite3 3.40.1 does, asked with small
//! scripts):
//!
//! ```text
//! no BEFORE trigger fires:   NOT NULL ─▶ affinity + STRICT type ─▶ CHECK ─▶ PK/UNIQUE ─▶ FK
//! BEFORE triggers fire:      affinity + STRICT type ─▶ BEFORE triggers ─▶ NOT NULL ─▶ ...
//! ```
//!
//! So with a BEFORE INSERT (or matching BEFORE UPDATE [OF]) trigger, `NEW` holds values with
//! the column affinities applied (`typeof(NEW.b)` is 'integer' for `'5'` into `b INT`), and a
//! STRICT datatype error ("cannot store TEXT value in INT column p.b") wins over a NOT NULL
//! failure of the same row. The WHEN clause of a trigger plays no part; AFTER triggers none.
//! A rowid alias that is not an integer fails ("datatype mismatch") before all of these.

use std::sync::Arc;

use crate::schema::Table;
use crate::vdbe::insn::Reg;

use super::trigger::{fires_for, Event};
use super::Compiler;

impl Compiler<'_> {
    /// Whether a BEFORE trigger of `t` fires for `event` (`changed`: an UPDATE's columns).
    fn before_triggers_fire(&self, t: &Table, event: Event, changed: &[usize]) -> bool {
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
        self.strict_check(t, cols);
    }
}

//! The NEW row a BEFORE INSERT / BEFORE UPDATE trigger sees (observed in sqlite3 3.40.1,
//! pinned by `tests/difftest/tests/counts.rs`):
//!
//! - Column affinity is applied to NEW before the BEFORE triggers fire; in a STRICT table
//!   the type check runs there too, so its "cannot store ..." error wins over NOT NULL and
//!   CHECK errors and the triggers do not run for that row. Without BEFORE triggers the
//!   type check keeps its place after the NOT NULL checks.
//! - An INSERT whose rowid is chosen automatically (no rowid given, or NULL) shows
//!   `NEW.rowid` and `NEW.<integer primary key>` as -1: the rowid is picked after the
//!   BEFORE triggers. Here it is picked before, so the trigger sees -1 through a swap of
//!   the registers ([`Compiler::before_new_enter`] / [`Compiler::before_new_leave`]).

use crate::parser::ast;
use crate::schema::Table;
use crate::vdbe::insn::{Insn, Reg};

use super::trigger::Event;
use super::Compiler;

/// Registers put aside while BEFORE INSERT triggers see rowid -1.
pub(crate) struct AutoRowidView {
    saved: Reg,
}

impl Compiler<'_> {
    /// Whether a BEFORE trigger of `t` fires for `event` (an UPDATE setting `changed`).
    pub(crate) fn has_before_triggers(&self, t: &Table, event: Event, changed: &[usize]) -> bool {
        self.triggers_of(t).iter().any(|tr| {
            let def = &tr.def;
            let before = matches!(
                def.time,
                ast::TriggerTime::Before | ast::TriggerTime::Default
            );
            let fires = match (&def.event, event) {
                (ast::TriggerEvent::Insert, Event::Insert) => true,
                (ast::TriggerEvent::Update(of), Event::Update) => {
                    of.is_empty()
                        || of.iter().any(|c| {
                            t.column_index(&c.name)
                                .is_some_and(|i| changed.contains(&i))
                        })
                }
                _ => false,
            };
            before && fires && !self.trigger_stack.iter().any(|n| n == &tr.name)
        })
    }

    /// A register that is set to 1 when the INSERT into `t` picks its rowid itself (the
    /// caller emits [`Compiler::mark_auto_rowid`] there), when BEFORE INSERT triggers need
    /// to know; `None` otherwise. Initialised to 0 here.
    pub(crate) fn auto_rowid_flag(&mut self, t: &Table) -> Option<Reg> {
        if t.without_rowid || !self.has_before_triggers(t, Event::Insert, &[]) {
            return None;
        }
        Some(self.int_reg(0))
    }

    /// Notes (at run time) that the rowid was picked automatically.
    pub(crate) fn mark_auto_rowid(&mut self, flag: Option<Reg>) {
        if let Some(f) = flag {
            self.b.emit(Insn::Integer { value: 1, dest: f });
        }
    }

    /// Before the BEFORE triggers of `event` fire on NEW = (rowid, cols): applies the
    /// column affinities (and the STRICT type check), and for an automatic rowid shows -1.
    /// Returns what [`Compiler::before_new_leave`] restores after the triggers.
    pub(crate) fn before_new_enter(
        &mut self,
        t: &Table,
        event: Event,
        changed: &[usize],
        (rowid, cols): (Reg, Reg),
        auto: Option<Reg>,
    ) -> Option<AutoRowidView> {
        if !self.has_before_triggers(t, event, changed) {
            return None;
        }
        if !t.columns.is_empty() {
            self.b.emit(Insn::Affinity {
                start: cols,
                affinities: t.columns.iter().map(|c| c.affinity).collect(),
            });
        }
        self.strict_check(t, cols);
        let flag = auto?;
        let saved = self.b.alloc_reg();
        self.b.emit(Insn::SCopy {
            src: rowid,
            dest: saved,
        });
        let keep = self.b.label();
        self.b.emit(Insn::IfNot {
            reg: flag,
            target: keep,
            jump_if_null: true,
        });
        self.b.emit(Insn::Integer {
            value: -1,
            dest: rowid,
        });
        if let Some(a) = t.rowid_alias {
            self.b.emit(Insn::Integer {
                value: -1,
                dest: cols + a,
            });
        }
        self.b.bind(keep);
        Some(AutoRowidView { saved })
    }

    /// After the BEFORE triggers: puts back the rowid hidden by [`Compiler::before_new_enter`].
    pub(crate) fn before_new_leave(
        &mut self,
        t: &Table,
        view: Option<AutoRowidView>,
        (rowid, cols): (Reg, Reg),
    ) {
        let Some(v) = view else {
            return;
        };
        self.b.emit(Insn::SCopy {
            src: v.saved,
            dest: rowid,
        });
        if let Some(a) = t.rowid_alias {
            self.b.emit(Insn::SCopy {
                src: v.saved,
                dest: cols + a,
            });
        }
    }
}

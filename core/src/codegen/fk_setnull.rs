//! SQLite's "SET NULL action" shortcut and the order sub-programs are compiled in.
//!
//! A SET NULL action program updates child rows to NULL keys, so their new rows need no
//! parent check; sqlite3 leaves that check out while compiling a statement whose *most
//! recently started* trigger or FK-action program is that SET NULL action. Programs are
//! compiled once per statement (a later use reuses the first one and starts nothing), so
//! the "most recent" program is simply the last one first met in compile order. Hence a
//! quirk observed in sqlite3 3.40.1 and 3.54.1 alike: when a BEFORE trigger of an INSERT
//! into `c` deletes from a parent `p` whose FK from `c` is ON DELETE SET NULL, the action
//! program is the last one started when the INSERT's own child check is compiled, and that
//! check is left out (a row with no parent is accepted; pinned by
//! `tests/difftest/tests/fkw.rs`). A trigger started after the action restores the check.
//!
//! sqlite3 keeps one program per trigger *and conflict mode*: the UPDATE an ON DELETE SET
//! NULL action runs (ABORT) fires the child's UPDATE triggers as new programs, unless they
//! were started in ABORT mode already (an UPSERT's DO UPDATE); a plain UPDATE's trigger the
//! action fires again is thus started last and keeps the check (observed: a BEFORE UPDATE
//! trigger deleting the parent keeps the check; a BEFORE UPDATE OF v trigger, which the
//! action does not fire, drops it).
//!
//! A DELETE and an UPDATE compile all their BEFORE and AFTER triggers (with the programs
//! their bodies start) before the row loop (observed: an AFTER DELETE trigger on the parent
//! does not restore the check the SET NULL action drops; an AFTER UPDATE OF v trigger
//! deleting the parent drops the UPDATE's own check), and so does an UPSERT's DO UPDATE
//! before its checks: a SET NULL action started by a BEFORE or AFTER UPDATE trigger of the
//! DO UPDATE drops both the INSERT's and the DO UPDATE's check. A program met again is
//! reused: compiling it again starts nothing, so the program started last stays what it was
//! (`tests/difftest/tests/fresh2.rs`).

use std::sync::Arc;

use super::trigger::Event;
use super::Compiler;
use crate::schema::Table;

/// The trigger and FK-action programs started while compiling one statement, in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct ProgramLog {
    seen: Vec<String>,
    last: Option<String>,
}

impl ProgramLog {
    /// Notes that program `id` is needed: the first time, it becomes the last started.
    pub(crate) fn start(&mut self, id: &str) {
        if !self.seen.iter().any(|s| s == id) {
            self.seen.push(id.to_owned());
            self.last = Some(id.to_owned());
        }
    }

    /// Whether program `id` was already started in this statement.
    pub(crate) fn seen(&self, id: &str) -> bool {
        self.seen.iter().any(|s| s == id)
    }

    /// The program started last (to restore after compiling a reused program).
    pub(crate) fn last(&self) -> Option<String> {
        self.last.clone()
    }

    /// Restores the program started last saved by [`Self::last`].
    pub(crate) fn set_last(&mut self, last: Option<String>) {
        self.last = last;
    }

    /// True when `id` is the program started last.
    pub(crate) fn last_is(&self, id: &str) -> bool {
        self.last.as_deref() == Some(id)
    }
}

/// The log identity of trigger `name`'s program.
pub(crate) fn trigger_id(name: &str) -> String {
    format!("trigger {name}")
}

impl Compiler<'_> {
    /// Compiles ahead (into a throwaway program) the `event` triggers of `t`, BEFORE and
    /// AFTER in firing order, as sqlite3 does before a DELETE's FK actions and before an
    /// UPSERT's DO UPDATE: their programs and those their bodies start are started now, and
    /// the firings later reuse them. `changed`: the columns an UPDATE sets.
    pub(crate) fn prestart_triggers(&mut self, t: &Arc<Table>, event: Event, changed: &[usize]) {
        let trs: Vec<Arc<crate::schema::Trigger>> = self
            .triggers_of(t)
            .into_iter()
            .filter(|tr| {
                tr.def.time != crate::parser::ast::TriggerTime::InsteadOf
                    && super::trigger::fires_for(t, &tr.def, event, changed)
                    && !self.trigger_stack.iter().any(|n| n == &tr.name)
            })
            .cloned()
            .collect();
        for tr in trs {
            let id = self.trigger_key(&tr.name);
            if self.programs.seen(&id) {
                continue;
            }
            self.programs.start(&id);
            let mut c = Compiler::new("", self.schema, self.funcs);
            c.fk = self.fk;
            c.fk_no_parent_ok = self.fk_no_parent_ok;
            c.fk_action_stack = self.fk_action_stack.clone();
            c.trigger_stack = self.trigger_stack.clone();
            c.trigger_stack.push(tr.name.clone());
            c.in_trigger = self.in_trigger;
            c.upsert_triggers = self.upsert_triggers;
            c.writes = true;
            c.programs = std::mem::take(&mut self.programs);
            let n = t.columns.len();
            let row = |c: &mut Compiler<'_>| (c.b.alloc_reg(), c.b.alloc_regs(n));
            let old = (event != Event::Insert).then(|| row(&mut c));
            let new = (event != Event::Delete).then(|| row(&mut c));
            let skip = c.b.label();
            // An error shows again when the trigger is compiled where it fires.
            let _ = c.trigger_body(t, &tr, old, new, skip);
            self.programs = std::mem::take(&mut c.programs);
        }
    }

    /// The log identity of trigger `name`'s program where it fires now: sqlite3 keeps one
    /// program per trigger and conflict mode. The statements of an FK action program and an
    /// UPSERT's DO UPDATE (and the trigger bodies they start) use ABORT, other statements
    /// their default (explicit OR clauses are not told apart here).
    pub(crate) fn trigger_key(&self, name: &str) -> String {
        let abort = !self.fk_action_stack.is_empty()
            || self.upsert_triggers.is_some_and(|d| self.in_trigger >= d);
        let mode = if abort { "abort" } else { "default" };
        format!("{} {mode}", trigger_id(name))
    }

    /// Whether the new-row parent check of FK `id` of `child` (parent `parent`) is left
    /// out: the program started last is that FK's ON DELETE or ON UPDATE action and that
    /// action is SET NULL.
    pub(crate) fn fk_setnull_skips(&self, child: &Table, id: usize, parent: &str) -> bool {
        use crate::parser::ast::FkAction;
        let Some(fk) = child.foreign_keys.get(id) else {
            return false;
        };
        [(fk.on_delete, false), (fk.on_update, true)]
            .into_iter()
            .any(|(action, is_update)| {
                action == Some(FkAction::SetNull)
                    && self.programs.last_is(&super::fkey::action_key(
                        &child.name,
                        id,
                        parent,
                        is_update,
                    ))
            })
    }
}

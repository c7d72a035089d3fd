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
//! A trigger of an UPDATE is compiled twice by sqlite3 (its programs differ in their
//! conflict mode; the FK actions inside are reused): after an UPDATE trigger fires, it is
//! the program started last, whatever its body started (observed: a SET NULL action in a
//! BEFORE or AFTER UPDATE trigger never drops a check; in a DELETE trigger it does).
//!
//! A DELETE compiles all its BEFORE and AFTER triggers before its FK actions (observed: an
//! AFTER DELETE trigger on the parent does not restore the check the SET NULL action drops;
//! `tests/difftest/tests/fresh2.rs`), and a program met again is reused: compiling it again
//! starts nothing, so the program started last stays what it was.

use super::Compiler;

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

    /// Makes `id` the program started last again.
    pub(crate) fn restart(&mut self, id: &str) {
        self.last = Some(id.to_owned());
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
    /// Starts the programs of `t`'s DELETE triggers (BEFORE and AFTER, in firing order),
    /// as sqlite3 compiles them before a DELETE's FK actions. Call before the row loop.
    pub(crate) fn prestart_delete_triggers(&mut self, t: &crate::schema::Table) {
        let ids: Vec<String> = self
            .triggers_of(t)
            .into_iter()
            .filter(|tr| {
                tr.def.time != crate::parser::ast::TriggerTime::InsteadOf
                    && super::trigger::fires_for(t, &tr.def, super::trigger::Event::Delete, &[])
                    && !self.trigger_stack.iter().any(|n| n == &tr.name)
            })
            .map(|tr| trigger_id(&tr.name))
            .collect();
        for id in ids {
            self.programs.start(&id);
        }
    }

    /// Whether the new-row parent check of FK `id` of `child` (parent `parent`) is left
    /// out: the program started last is that FK's ON DELETE or ON UPDATE action and that
    /// action is SET NULL.
    pub(crate) fn fk_setnull_skips(
        &self,
        child: &crate::schema::Table,
        id: usize,
        parent: &str,
    ) -> bool {
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

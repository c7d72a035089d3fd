//! The affinity of an `x IN (SELECT ...)` set's values (lang_expr.html "The IN and NOT IN
//! operators", datatype3.html "Type Conversions Prior To Comparison"): the comparison
//! affinity of `x` and the subquery's column applies to both sides, so the right-hand values
//! are converted as they enter the set, not only the left-hand value at the probe.
//!
//! The set is filled by the subquery's own code (any shape: simple, compound, VALUES); its
//! records are the `MakeRecord` that feeds each `IdxInsert` into the set's cursor. Those are
//! given the affinity after the subquery is compiled, when its column affinity is known.
//!
//! The same holds for a compound subquery in FROM that SQLite materializes (not a
//! co-routine): its rows enter the ephemeral table with the compound's column affinities
//! (those of its first SELECT), so `(SELECT a INT UNION SELECT c TEXT) JOIN t` reads '1'
//! from c as 1 ([`table_record_affinities`]).

use crate::value::affinity::Affinity;
use crate::vdbe::insn::{CursorId, Insn, Reg};

/// Gives affinity `a` to every record `insns` builds for an `IdxInsert` into `set`.
pub(crate) fn set_record_affinity(insns: &mut [Insn], set: CursorId, a: Affinity) {
    let keys: Vec<_> = insns
        .iter()
        .filter_map(|i| match i {
            Insn::IdxInsert { cursor, key, .. } if *cursor == set => Some(*key),
            _ => None,
        })
        .collect();
    for i in insns.iter_mut() {
        if let Insn::MakeRecord {
            dest,
            count: 1,
            affinities: aff @ None,
            ..
        } = i
        {
            if keys.contains(dest) {
                *aff = Some(vec![a]);
            }
        }
    }
}

/// Gives each column of the `affs.len()`-column records `insns` builds for an `IdxInsert`
/// into `set` its affinity.
pub(crate) fn set_record_affinities(insns: &mut [Insn], set: CursorId, affs: &[Affinity]) {
    records_affinities(insns, affs, |i| match i {
        Insn::IdxInsert { cursor, key, .. } if *cursor == set => Some(*key),
        _ => None,
    });
}

/// Gives each column of the records `insns` builds for an `Insert` into table `cursor` its
/// affinity from `affs`.
pub(crate) fn table_record_affinities(insns: &mut [Insn], cursor: CursorId, affs: &[Affinity]) {
    records_affinities(insns, affs, |i| match i {
        Insn::Insert {
            cursor: c, record, ..
        } if *c == cursor => Some(*record),
        _ => None,
    });
}

/// Gives `affs` to the `affs.len()`-column MakeRecords (without affinities) whose result
/// register `consumer` names (the record an insert into the right cursor takes).
fn records_affinities(
    insns: &mut [Insn],
    affs: &[Affinity],
    consumer: impl Fn(&Insn) -> Option<Reg>,
) {
    let recs: Vec<Reg> = insns.iter().filter_map(consumer).collect();
    for i in insns.iter_mut() {
        if let Insn::MakeRecord {
            dest,
            count,
            affinities: aff @ None,
            ..
        } = i
        {
            if *count == affs.len() && recs.contains(dest) {
                *aff = Some(affs.to_vec());
            }
        }
    }
}

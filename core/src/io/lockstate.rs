//! Lock levels, and the lock table the in-memory backends share between handles of one file.
//!
//! Compatibility (lockingv3.html): any number of SHARED; at most one RESERVED (readers allowed);
//! PENDING keeps new SHARED locks out while the writer waits for readers to leave; EXCLUSIVE
//! excludes everything else.

use std::collections::HashMap;

use crate::error::{codes, Error, Result};

/// SQLite's five lock levels, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum LockLevel {
    #[default]
    None = 0,
    Shared = 1,
    Reserved = 2,
    Pending = 3,
    Exclusive = 4,
}

pub(crate) fn busy() -> Error {
    Error::from_code(codes::SQLITE_BUSY)
}

/// The locks every handle of one in-memory file holds, by handle id.
#[derive(Debug, Default)]
pub(crate) struct LockTable {
    held: HashMap<u64, LockLevel>,
}

impl LockTable {
    pub(crate) fn level(&self, id: u64) -> LockLevel {
        self.held.get(&id).copied().unwrap_or(LockLevel::None)
    }

    fn others_max(&self, id: u64) -> LockLevel {
        self.held
            .iter()
            .filter(|(h, _)| **h != id)
            .map(|(_, l)| *l)
            .max()
            .unwrap_or(LockLevel::None)
    }

    /// Raises handle `id` to `want`; `SQLITE_BUSY` when another handle is in the way. A failed
    /// EXCLUSIVE leaves the handle at PENDING, as SQLite's unix backend does.
    pub(crate) fn lock(&mut self, id: u64, want: LockLevel) -> Result<()> {
        let cur = self.level(id);
        if want <= cur {
            return Ok(());
        }
        let others = self.others_max(id);
        match want {
            LockLevel::None => Ok(()),
            LockLevel::Shared => {
                if others >= LockLevel::Pending {
                    return Err(busy());
                }
                self.held.insert(id, want);
                Ok(())
            }
            LockLevel::Reserved => {
                if others >= LockLevel::Reserved {
                    return Err(busy());
                }
                self.held.insert(id, want);
                Ok(())
            }
            LockLevel::Pending | LockLevel::Exclusive => {
                if others >= LockLevel::Pending
                    || (cur < LockLevel::Reserved && others >= LockLevel::Reserved)
                {
                    return Err(busy());
                }
                self.held.insert(id, LockLevel::Pending);
                if want == LockLevel::Exclusive {
                    if others >= LockLevel::Shared {
                        return Err(busy());
                    }
                    self.held.insert(id, LockLevel::Exclusive);
                }
                Ok(())
            }
        }
    }

    /// Lowers handle `id` to `to` (SHARED or NONE).
    pub(crate) fn unlock(&mut self, id: u64, to: LockLevel) {
        if to == LockLevel::None {
            self.held.remove(&id);
        } else if self.level(id) > to {
            self.held.insert(id, to);
        }
    }

    /// Whether any handle holds RESERVED or more.
    pub(crate) fn any_reserved(&self) -> bool {
        self.held.values().any(|l| *l >= LockLevel::Reserved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_is_single_and_pending_blocks_new_readers() {
        let mut t = LockTable::default();
        t.lock(1, LockLevel::Shared).unwrap();
        t.lock(2, LockLevel::Shared).unwrap();
        t.lock(1, LockLevel::Reserved).unwrap();
        assert_eq!(
            t.lock(2, LockLevel::Reserved).unwrap_err().code(),
            codes::SQLITE_BUSY
        );
        // 2 still reads: 1 can't get EXCLUSIVE but stays PENDING.
        assert!(t.lock(1, LockLevel::Exclusive).is_err());
        assert_eq!(t.level(1), LockLevel::Pending);
        assert!(t.lock(3, LockLevel::Shared).is_err());
        t.unlock(2, LockLevel::None);
        t.lock(1, LockLevel::Exclusive).unwrap();
        assert!(t.any_reserved());
        t.unlock(1, LockLevel::Shared);
        t.lock(3, LockLevel::Shared).unwrap();
    }
}

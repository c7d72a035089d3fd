//! The page cache: pages by number, bounded by `cache_size`.
//!
//! Eviction takes only pages that are clean (not written in the open transaction) and
//! unreferenced (the cache holds the only [`PageRef`]), least recently used first. Dirty pages
//! stay until commit or rollback, so a large transaction may exceed the bound (no spilling).

use std::collections::{BTreeSet, HashMap};

use super::page::{PageNo, PageRef};

pub(crate) const DEFAULT_CACHE_SIZE: usize = 2000;

struct Entry {
    page: PageRef,
    last_used: u64,
}

pub(crate) struct PageCache {
    pages: HashMap<PageNo, Entry>,
    capacity: usize,
    /// Size at which the next eviction pass runs: the capacity, or more after a pass that
    /// could not get under it (pinned and dirty pages), so passes stay amortised O(1).
    evict_at: usize,
    clock: u64,
}

impl PageCache {
    pub(crate) fn new(capacity: usize) -> PageCache {
        PageCache {
            pages: HashMap::new(),
            capacity: capacity.max(1),
            evict_at: capacity.max(1),
            clock: 0,
        }
    }

    pub(crate) fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
        self.evict_at = self.capacity;
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn len(&self) -> usize {
        self.pages.len()
    }

    /// The cached page `pgno`, marking it recently used.
    pub(crate) fn get(&mut self, pgno: PageNo) -> Option<PageRef> {
        self.clock += 1;
        let clock = self.clock;
        self.pages.get_mut(&pgno).map(|e| {
            e.last_used = clock;
            e.page.clone()
        })
    }

    /// The cached page without touching its recency.
    pub(crate) fn peek(&self, pgno: PageNo) -> Option<&PageRef> {
        self.pages.get(&pgno).map(|e| &e.page)
    }

    /// Inserts (or replaces) a page, then evicts down to the capacity if it can.
    pub(crate) fn insert(&mut self, page: PageRef, dirty: &BTreeSet<PageNo>) {
        self.clock += 1;
        let entry = Entry {
            page: page.clone(),
            last_used: self.clock,
        };
        self.pages.insert(page.pgno(), entry);
        if self.pages.len() > self.evict_at {
            self.evict(dirty);
        }
    }

    /// Drops every page numbered above `n` (after a rollback shrank the database).
    pub(crate) fn truncate(&mut self, n: PageNo) {
        self.pages.retain(|pgno, _| *pgno <= n);
    }

    pub(crate) fn clear(&mut self) {
        self.pages.clear();
    }

    /// Evicts down to the capacity if the cache is over it.
    pub(crate) fn shrink(&mut self, dirty: &BTreeSet<PageNo>) {
        self.evict_at = self.capacity;
        if self.pages.len() > self.capacity {
            self.evict(dirty);
        }
    }

    /// Evicts clean, unreferenced pages, oldest first, until a tenth below capacity.
    fn evict(&mut self, dirty: &BTreeSet<PageNo>) {
        let target = self.capacity - self.capacity / 10;
        let mut victims: Vec<(u64, PageNo)> = self
            .pages
            .iter()
            .filter(|(pgno, e)| !dirty.contains(pgno) && std::sync::Arc::strong_count(&e.page) == 1)
            .map(|(pgno, e)| (e.last_used, *pgno))
            .collect();
        victims.sort_unstable();
        let excess = self.pages.len().saturating_sub(target);
        for (_, pgno) in victims.into_iter().take(excess) {
            self.pages.remove(&pgno);
        }
        let len = self.pages.len();
        self.evict_at = if len > self.capacity {
            len + len / 10
        } else {
            self.capacity
        };
    }
}

#[cfg(test)]
mod tests {
    use super::super::page::Page;
    use super::*;

    #[test]
    fn evicts_only_clean_unreferenced_pages() {
        let mut c = PageCache::new(10);
        let mut dirty = BTreeSet::new();
        let pinned = Page::new(1, vec![0; 8]);
        c.insert(pinned.clone(), &dirty);
        dirty.insert(2);
        c.insert(Page::new(2, vec![0; 8]), &dirty);
        for n in 3..=30 {
            c.insert(Page::new(n, vec![0; 8]), &dirty);
        }
        assert!(c.len() <= 10);
        assert!(c.peek(1).is_some(), "pinned page stays");
        assert!(c.peek(2).is_some(), "dirty page stays");
        assert!(c.peek(30).is_some(), "newest page stays");
    }
}

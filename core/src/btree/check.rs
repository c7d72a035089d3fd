//! Integrity checking of one tree, for `PRAGMA integrity_check`.
//!
//! Walks every page reachable from a root and reports, in SQLite's wording:
//! - pages that cannot be parsed (`Page N: btreeInitPage() returns error code 11`), page
//!   numbers out of range, pages referenced twice (`2nd reference to page N`);
//! - cells that extend off the page, overlap (`Multiple uses for byte B of page N`), or a
//!   fragmented-byte count that disagrees with the unaccounted bytes
//!   (`Fragmentation of X bytes reported as Y on page N`);
//! - table keys out of order relative to their siblings and dividers (`Rowid R out of order`);
//!   leaves at different depths (`Child page depth differs`);
//! - overflow chains that are too short, too long or revisit pages.
//!
//! The file-wide checks (freelist, pages never used) need every tree: the caller collects page
//! references across trees in one [`PageRefs`] and then calls [`PageRefs::unused_pages`].

use std::collections::HashSet;

use crate::pager::{PageNo, Pager};

use super::overflow::chain_pages;
use super::page::{get_u16, PageInfo};
use super::TreeKind;

/// Pages referenced so far by the trees (and freelist) of one database file.
#[derive(Debug, Default)]
pub struct PageRefs {
    seen: HashSet<PageNo>,
}

impl PageRefs {
    pub fn new() -> PageRefs {
        PageRefs::default()
    }

    /// Records a reference to `pgno`; an error message when it is out of range or seen before.
    pub fn reference(&mut self, pgno: PageNo, page_count: PageNo) -> Option<String> {
        if pgno == 0 || pgno > page_count {
            return Some(format!("invalid page number {pgno}"));
        }
        if !self.seen.insert(pgno) {
            return Some(format!("2nd reference to page {pgno}"));
        }
        None
    }

    pub fn contains(&self, pgno: PageNo) -> bool {
        self.seen.contains(&pgno)
    }

    /// Pages 1..=page_count that nothing referenced.
    pub fn unused_pages(&self, page_count: PageNo) -> Vec<PageNo> {
        (1..=page_count)
            .filter(|p| !self.seen.contains(p))
            .collect()
    }
}

struct Checker<'a> {
    pager: &'a Pager,
    kind: TreeKind,
    refs: &'a mut PageRefs,
    errors: Vec<String>,
    page_count: PageNo,
    usable: usize,
}

/// Checks the tree rooted at `root`; returns SQLite-style messages (empty when intact).
pub fn check_tree(pager: &Pager, root: PageNo, kind: TreeKind) -> Vec<String> {
    check_tree_refs(pager, root, kind, &mut PageRefs::new())
}

/// Like [`check_tree`], recording every page the tree uses (b-tree and overflow pages) in `refs`.
pub fn check_tree_refs(
    pager: &Pager,
    root: PageNo,
    kind: TreeKind,
    refs: &mut PageRefs,
) -> Vec<String> {
    let mut c = Checker {
        pager,
        kind,
        refs,
        errors: Vec::new(),
        page_count: pager.page_count(),
        usable: pager.usable_size(),
    };
    c.page(root, 0, None, None);
    c.errors
}

impl Checker<'_> {
    /// Checks page `pgno` at `depth` whose table keys must lie in `(lower, upper]`. Returns the
    /// depth of its leaves, or None when the page could not be checked.
    fn page(
        &mut self,
        pgno: PageNo,
        depth: usize,
        lower: Option<i64>,
        upper: Option<i64>,
    ) -> Option<usize> {
        if let Some(e) = self.refs.reference(pgno, self.page_count) {
            self.errors.push(e);
            return None;
        }
        if depth > 20 {
            self.errors.push(format!("Page {pgno}: tree is too deep"));
            return None;
        }
        let page = match self.pager.get(pgno) {
            Ok(p) => p,
            Err(_) => {
                self.errors.push(format!("failed to get page {pgno}"));
                return None;
            }
        };
        let data = page.data().clone();
        let info = match PageInfo::parse(&data, pgno, self.usable) {
            Ok(i) if i.intkey == (self.kind == TreeKind::Table) => i,
            _ => {
                self.errors.push(format!(
                    "Page {pgno}: btreeInitPage() returns error code 11"
                ));
                return None;
            }
        };
        self.space(&data, &info);
        let mut leaf_depth: Option<usize> = None;
        let mut prev_key = lower;
        for i in 0..=info.ncells {
            let at = |i: usize| {
                if i == info.ncells {
                    format!("On page {pgno} at right child: ")
                } else {
                    format!("On tree page {pgno} cell {i}: ")
                }
            };
            let mut key = None;
            let mut child = None;
            if i < info.ncells {
                let c = match info.cell(&data, i) {
                    Ok(c) => c,
                    Err(_) => {
                        self.errors
                            .push(format!("{}Extends off end of page", at(i)));
                        continue;
                    }
                };
                if info.intkey {
                    key = Some(c.key);
                    let bad_low =
                        prev_key.is_some_and(|p| if info.leaf { c.key <= p } else { c.key < p });
                    let bad_high = upper.is_some_and(|u| c.key > u);
                    if bad_low || bad_high {
                        self.errors
                            .push(format!("{}Rowid {} out of order", at(i), c.key));
                    }
                }
                if c.overflow != 0 {
                    self.overflow(&c, pgno, i);
                }
                if !info.leaf {
                    child = Some(c.left_child);
                }
            } else if !info.leaf {
                child = info.right_child(&data).ok();
            }
            if let Some(ch) = child {
                let (lo, hi) = if info.intkey {
                    (prev_key, if i < info.ncells { key } else { upper })
                } else {
                    (None, None)
                };
                if let Some(d) = self.page(ch, depth + 1, lo, hi) {
                    match leaf_depth {
                        Some(ld) if ld != d => {
                            self.errors
                                .push(format!("{}Child page depth differs", at(i)));
                        }
                        _ => leaf_depth = Some(d),
                    }
                }
            }
            if key.is_some() {
                prev_key = key;
            }
        }
        Some(leaf_depth.unwrap_or(depth))
    }

    fn overflow(&mut self, c: &super::page::CellInfo, pgno: PageNo, i: usize) {
        match chain_pages(self.pager, c) {
            Ok(pages) => {
                let want = (c.payload_size - c.local_size as u64).div_ceil(self.usable as u64 - 4);
                if (pages.len() as u64) < want {
                    self.errors.push(format!(
                        "On tree page {pgno} cell {i}: {} of {} pages missing from overflow list starting at {}",
                        want - pages.len() as u64,
                        want,
                        c.overflow
                    ));
                }
                for p in pages {
                    if let Some(e) = self.refs.reference(p, self.page_count) {
                        self.errors
                            .push(format!("On tree page {pgno} cell {i}: {e}"));
                    }
                }
            }
            Err(_) => self.errors.push(format!(
                "On tree page {pgno} cell {i}: invalid overflow chain starting at {}",
                c.overflow
            )),
        }
    }

    /// Byte accounting of one page: header, pointers, cells and freeblocks must not overlap,
    /// and the bytes left over must match the fragmentation count.
    fn space(&mut self, data: &[u8], info: &PageInfo) {
        let pgno = info.pgno;
        let cs = match info.content_start(data) {
            Ok(cs) => cs,
            Err(_) => return,
        };
        let mut used = vec![false; info.usable];
        let mut covered = 0usize;
        let mut mark = |start: usize, len: usize, errors: &mut Vec<String>| -> bool {
            if start + len > info.usable {
                return false;
            }
            for (b, u) in used[start..start + len].iter_mut().enumerate() {
                if *u {
                    errors.push(format!(
                        "Multiple uses for byte {} of page {pgno}",
                        start + b
                    ));
                    return true;
                }
                *u = true;
            }
            covered += len;
            true
        };
        for i in 0..info.ncells {
            if let Ok(off) = info.cell_offset(data, i) {
                if let Ok(c) = info.parse_cell(data, off) {
                    if off < cs || !mark(off, c.size, &mut self.errors) {
                        self.errors.push(format!(
                            "On tree page {pgno} cell {i}: Extends off end of page"
                        ));
                    }
                }
            } else {
                self.errors.push(format!(
                    "On tree page {pgno} cell {i}: Extends off end of page"
                ));
            }
        }
        let mut pc = get_u16(data, info.hdr + 1).unwrap_or(0);
        let mut guard = 0;
        while pc != 0 && guard < info.usable {
            guard += 1;
            let size = get_u16(data, pc + 2).unwrap_or(0);
            if pc < cs || size < 4 || !mark(pc, size, &mut self.errors) {
                self.errors.push(format!(
                    "Corruption detected in cell freelist of page {pgno}"
                ));
                return;
            }
            let next = get_u16(data, pc).unwrap_or(0);
            if next != 0 && next <= pc + size {
                self.errors.push(format!(
                    "Corruption detected in cell freelist of page {pgno}"
                ));
                return;
            }
            pc = next;
        }
        let content = info.usable - cs;
        let frag = usize::from(data[info.hdr + 7]);
        if covered <= content && content - covered != frag {
            self.errors.push(format!(
                "Fragmentation of {} bytes reported as {frag} on page {pgno}",
                content - covered
            ));
        }
    }
}

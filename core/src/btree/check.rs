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
    /// Checks page `pgno` at `depth`; table keys on it must be at most `upper` (the divider
    /// above it) and above `lower`. Cells are visited from last to first, as SQLite does, so
    /// that messages come in SQLite's order. Returns the depth of its leaves, or None when the
    /// page could not be checked.
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
        let Ok(page) = self.pager.get(pgno) else {
            self.errors.push(format!("failed to get page {pgno}"));
            return None;
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
        let mut leaf_depth: Option<usize> = None;
        let mut max = upper; // keys to the left must not exceed this
        let at = |i: usize| {
            if i == info.ncells {
                format!("On page {pgno} at right child: ")
            } else {
                format!("On tree page {pgno} cell {i}: ")
            }
        };
        // Parse the cells first (each key is the upper bound of the child to its left).
        let mut cells = Vec::with_capacity(info.ncells);
        for i in 0..info.ncells {
            match info.cell(&data, i) {
                Ok(c) => cells.push(Some(c)),
                Err(_) => {
                    self.errors
                        .push(format!("{}Extends off end of page", at(i)));
                    cells.push(None);
                }
            }
        }
        for i in (0..=info.ncells).rev() {
            let cell = if i < info.ncells { cells[i] } else { None };
            let child = match cell {
                Some(c) => {
                    if info.intkey {
                        let too_big = max.is_some_and(|m| {
                            if info.leaf && i + 1 < info.ncells {
                                c.key >= m
                            } else {
                                c.key > m
                            }
                        });
                        let too_small = lower.is_some_and(|l| c.key <= l);
                        if too_big || too_small {
                            self.errors
                                .push(format!("{}Rowid {} out of order", at(i), c.key));
                        }
                        max = Some(c.key);
                    }
                    if c.overflow != 0 {
                        self.overflow(&c, pgno, i);
                    }
                    (!info.leaf).then_some(c.left_child)
                }
                None if i == info.ncells && !info.leaf => info.right_child(&data).ok(),
                None => None,
            };
            let Some(ch) = child else { continue };
            let (lo, hi) = if !info.intkey {
                (None, None)
            } else if i == info.ncells {
                (
                    cells.last().copied().flatten().map(|c| c.key).or(lower),
                    upper,
                )
            } else {
                let prev = if i == 0 {
                    lower
                } else {
                    cells[i - 1].map(|c| c.key)
                };
                (prev, cell.map(|c| c.key))
            };
            if let Some(d) = self.page(ch, depth + 1, lo, hi) {
                match leaf_depth {
                    Some(ld) if ld != d => self
                        .errors
                        .push(format!("{}Child page depth differs", at(i))),
                    _ => leaf_depth = Some(d),
                }
            }
        }
        self.space(&data, &info);
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
        // Marks bytes [start, start+len); reports the first byte already in use. Returns false
        // when the range leaves the page. `covered` counts the union of marked bytes.
        let mut mark = |start: usize, len: usize, errors: &mut Vec<String>| -> bool {
            if start + len > info.usable {
                return false;
            }
            let mut reported = false;
            for (b, u) in used[start..start + len].iter_mut().enumerate() {
                if *u {
                    if !reported {
                        errors.push(format!(
                            "Multiple uses for byte {} of page {pgno}",
                            start + b
                        ));
                        reported = true;
                    }
                } else {
                    *u = true;
                    covered += 1;
                }
            }
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

/// Checks a whole database file as `PRAGMA integrity_check` does (without the
/// `*** in database main ***` heading, which the caller adds): the freelist in the header
/// (offsets 32 and 36 of page 1), every tree in `trees` (root and kind — `sqlite_schema` at
/// page 1 included by the caller), then pages that nothing uses. Returns the messages in that
/// order; empty when the file is intact.
pub fn check_database(pager: &Pager, trees: &[(PageNo, TreeKind)]) -> Vec<String> {
    let mut refs = PageRefs::new();
    let mut errors = check_freelist(pager, &mut refs);
    for &(root, kind) in trees {
        errors.extend(check_tree_refs(pager, root, kind, &mut refs));
    }
    let page_count = pager.page_count();
    for p in refs.unused_pages(page_count) {
        errors.push(format!("Page {p} is never used"));
    }
    errors
}

/// Walks the freelist: trunk pages (next trunk, leaf count, leaf page numbers) and their leaves.
fn check_freelist(pager: &Pager, refs: &mut PageRefs) -> Vec<String> {
    let mut errors = Vec::new();
    let page_count = pager.page_count();
    let (first, expected) = match pager.get(1) {
        Ok(p) => {
            let d = p.data();
            let rd = |o: usize| u32::from_be_bytes([d[o], d[o + 1], d[o + 2], d[o + 3]]);
            (rd(32), rd(36))
        }
        Err(_) => return vec!["failed to get page 1".to_string()],
    };
    let max_leaves = (pager.usable_size() / 4 - 2) as u32;
    let mut trunk = first;
    let mut seen = 0u32;
    let mut broken = false; // a bad trunk ends the walk; sqlite3 then skips the size check
    while trunk != 0 && seen < expected.saturating_add(1) {
        if let Some(e) = refs.reference(trunk, page_count) {
            errors.push(format!("Main freelist: {e}"));
            broken = true;
            break;
        }
        seen += 1;
        let Ok(page) = pager.get(trunk) else {
            errors.push(format!("Main freelist: failed to get page {trunk}"));
            broken = true;
            break;
        };
        let d = page.data().clone();
        let rd = |o: usize| u32::from_be_bytes([d[o], d[o + 1], d[o + 2], d[o + 3]]);
        let n = rd(4);
        if n > max_leaves {
            errors.push(format!(
                "Main freelist: freelist leaf count too big on page {trunk}"
            ));
            broken = true;
            break;
        }
        for k in 0..n as usize {
            let leaf = rd(8 + 4 * k);
            if let Some(e) = refs.reference(leaf, page_count) {
                errors.push(format!("Main freelist: {e}"));
            }
        }
        seen += n;
        trunk = rd(0);
    }
    if !broken && seen != expected {
        errors.push(format!(
            "Main freelist: size is {seen} but should be {expected}"
        ));
    }
    errors
}

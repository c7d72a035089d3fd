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

use super::page::{get_u16, get_u32, PageInfo};
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
            return Some(format!("invalid page number {}", pgno as i32));
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
    c.page(root, 0, None, "");
    c.errors
}

impl Checker<'_> {
    /// Checks page `pgno` at `depth`; table keys on it must not exceed `upper` (the divider
    /// above it). Cells are visited from last to first, as SQLite does, so that messages come
    /// in SQLite's order; each divider must also be below the smallest key to its right.
    /// Returns the depth of its leaves and its smallest key, or None when the page could not
    /// be checked.
    ///
    /// `prefix` locates the reference to this page (the parent's cell) for reference errors.
    fn page(
        &mut self,
        pgno: PageNo,
        depth: usize,
        upper: Option<i64>,
        prefix: &str,
    ) -> Option<(usize, Option<i64>)> {
        if let Some(e) = self.refs.reference(pgno, self.page_count) {
            self.errors.push(format!("{prefix}{e}"));
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
        let info = self.header(&data, pgno)?;
        let at = |i: usize| {
            if i == info.ncells {
                format!("On page {pgno} at right child: ")
            } else {
                format!("On tree page {pgno} cell {i}: ")
            }
        };
        let mut leaf_depth: Option<usize> = None;
        // Bound for keys at or left of the current cell: (key, inclusive).
        let mut max = upper.map(|u| (u, true));
        let mut min_key = None;
        let mut spans_ok = true;
        let mut spans = Vec::with_capacity(info.ncells);
        for i in (0..=info.ncells).rev() {
            let mut child = None;
            let mut child_upper = upper;
            if i < info.ncells {
                let pc = get_u16(&data, info.ptr_start + 2 * i).unwrap_or(0);
                let cs = info.content_start(&data).unwrap_or(info.usable);
                if pc < cs || pc > info.usable - 4 {
                    self.errors.push(format!(
                        "{}Offset {pc} out of range {cs}..{}",
                        at(i),
                        info.usable - 4
                    ));
                    spans_ok = false;
                    continue;
                }
                let Ok(c) = info.parse_cell(&data, pc).and_then(|c| {
                    if pc + c.size > info.usable {
                        Err(crate::error::Error::corrupt())
                    } else {
                        Ok(c)
                    }
                }) else {
                    self.errors
                        .push(format!("{}Extends off end of page", at(i)));
                    spans_ok = false;
                    continue;
                };
                spans.push((pc, pc + c.size - 1));
                if info.intkey {
                    if max.is_some_and(|(m, incl)| if incl { c.key > m } else { c.key >= m }) {
                        self.errors
                            .push(format!("{}Rowid {} out of order", at(i), c.key));
                    }
                    max = Some((c.key, false));
                    min_key = Some(c.key);
                    child_upper = Some(c.key);
                }
                if c.overflow != 0 || c.payload_size > c.local_size as u64 {
                    self.overflow(&c, &at(i));
                }
                if !info.leaf {
                    child = Some(c.left_child);
                }
            } else if !info.leaf {
                child = get_u32(&data, info.hdr + 8).ok();
            }
            let Some(ch) = child else { continue };
            let upper = if info.intkey { child_upper } else { None };
            if let Some((d, child_min)) = self.page(ch, depth + 1, upper, &at(i)) {
                if let Some(m) = child_min {
                    max = Some((m, false));
                    min_key = Some(m);
                }
                match leaf_depth {
                    Some(ld) if ld != d => self
                        .errors
                        .push(format!("{}Child page depth differs", at(i))),
                    _ => leaf_depth = Some(d),
                }
            }
        }
        if spans_ok {
            self.space(&data, &info, spans);
        }
        Some((leaf_depth.unwrap_or(depth), min_key))
    }

    /// Parses the page header as SQLite's checker does: an unknown page type or impossible
    /// cell count fails page initialisation; a bad content area or freeblock chain is
    /// "free space corruption".
    fn header(&mut self, data: &[u8], pgno: PageNo) -> Option<PageInfo> {
        let hdr = super::page::header_offset(pgno);
        let flag = data[hdr];
        let intkey = flag == super::page::TABLE_LEAF || flag == super::page::TABLE_INTERIOR;
        let known = matches!(
            flag,
            super::page::TABLE_LEAF
                | super::page::TABLE_INTERIOR
                | super::page::INDEX_LEAF
                | super::page::INDEX_INTERIOR
        );
        let ncells = get_u16(data, hdr + 3).unwrap_or(usize::MAX);
        if !known || intkey != (self.kind == TreeKind::Table) || ncells > (self.usable - 8) / 6 {
            self.errors.push(format!(
                "Page {pgno}: btreeInitPage() returns error code 11"
            ));
            return None;
        }
        let leaf = matches!(flag, super::page::TABLE_LEAF | super::page::INDEX_LEAF);
        let info = PageInfo {
            pgno,
            hdr,
            flag,
            leaf,
            intkey,
            ncells,
            ptr_start: hdr + if leaf { 8 } else { 12 },
            usable: self.usable,
        };
        if !self.free_space_ok(data, &info) {
            self.errors
                .push(format!("Page {pgno}: free space corruption"));
            return None;
        }
        Some(info)
    }

    /// The free-space sanity rules sqlite3 applies before checking a page's cells: freeblocks
    /// inside the content area, ascending with gaps of at least 4 bytes, and a free-byte total
    /// (fragments + content start + freeblocks) between the pointer array's end and the page size.
    fn free_space_ok(&self, data: &[u8], info: &PageInfo) -> bool {
        let Ok(top) = info.content_start(data) else {
            return false;
        };
        let mut total = usize::from(data[info.hdr + 7]) + top;
        let mut pc = get_u16(data, info.hdr + 1).unwrap_or(0);
        if pc > 0 {
            let (mut next, mut size);
            loop {
                if pc > info.usable - 4 || pc < top {
                    return false;
                }
                next = get_u16(data, pc).unwrap_or(0);
                size = get_u16(data, pc + 2).unwrap_or(0);
                total += size;
                if next <= pc + size + 3 {
                    break;
                }
                pc = next;
            }
            if next > 0 || pc + size > info.usable {
                return false;
            }
        }
        total <= info.usable && total >= info.ptr_end()
    }

    /// Walks an overflow chain like SQLite's checker: every page referenced once, the length
    /// as the payload size demands.
    fn overflow(&mut self, c: &super::page::CellInfo, prefix: &str) {
        let want = (c.payload_size - c.local_size as u64).div_ceil(self.usable as u64 - 4);
        let mut pg = c.overflow;
        let mut n = 0u64;
        while pg != 0 {
            if let Some(e) = self.refs.reference(pg, self.page_count) {
                self.errors.push(format!("{prefix}{e}"));
                return;
            }
            n += 1;
            pg = match self.pager.get(pg) {
                Ok(p) => get_u32(&p.data(), 0).unwrap_or(0),
                Err(_) => {
                    self.errors.push(format!("{prefix}failed to get page {pg}"));
                    return;
                }
            };
        }
        if n != want {
            self.errors.push(format!(
                "{prefix}overflow list length is {n} but should be {want}"
            ));
        }
    }

    /// Byte accounting of the content area: cells and freeblocks, in offset order, must not
    /// overlap (the first overlap is reported and ends the walk), and the gaps between them
    /// must add up to the page's fragmented-byte count.
    fn space(&mut self, data: &[u8], info: &PageInfo, mut spans: Vec<(usize, usize)>) {
        let pgno = info.pgno;
        let Ok(cs) = info.content_start(data) else {
            return;
        };
        let mut pc = get_u16(data, info.hdr + 1).unwrap_or(0);
        while pc != 0 && spans.len() <= info.usable {
            let size = get_u16(data, pc + 2).unwrap_or(0);
            spans.push((pc, (pc + size).max(1) - 1));
            pc = get_u16(data, pc).unwrap_or(0);
        }
        spans.sort_unstable();
        let mut prev_end = cs as isize - 1;
        let mut frag = 0isize;
        let mut complete = true;
        for (k, &(start, end)) in spans.iter().enumerate() {
            if prev_end >= start as isize {
                self.errors
                    .push(format!("Multiple uses for byte {start} of page {pgno}"));
                complete = k + 1 == spans.len();
                break;
            }
            frag += start as isize - prev_end - 1;
            prev_end = end as isize;
        }
        frag += info.usable as isize - prev_end - 1;
        let reported = isize::from(data[info.hdr + 7]);
        if complete && frag != reported {
            self.errors.push(format!(
                "Fragmentation of {frag} bytes reported as {reported} on page {pgno}"
            ));
        }
    }
}

/// Checks a whole database file as `PRAGMA integrity_check` does (without the
/// `*** in database main ***` heading, which the caller adds): the freelist in the header
/// (offsets 32 and 36 of page 1), every tree in `trees` (root and kind — `sqlite_schema` at
/// page 1 included by the caller), then pages that nothing uses. Returns the messages in that
/// order; empty when the file is intact.
///
/// Order of `trees` for sqlite3's message order: sqlite3 3.40 visits its schema hash, which
/// for small schemas is the reverse of creation order, each table followed by its indexes,
/// with `sqlite_schema` (page 1) last.
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

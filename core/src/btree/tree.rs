//! Whole-tree operations: create, drop, clear, count.

use std::collections::HashSet;

use crate::error::Result;
use crate::pager::{PageNo, Pager};

use super::overflow::free_chain;
use super::page::{header_offset, init_page, PageInfo, INDEX_LEAF, TABLE_LEAF};
use super::TreeKind;

fn leaf_flag(kind: TreeKind) -> u8 {
    match kind {
        TreeKind::Table => TABLE_LEAF,
        TreeKind::Index => INDEX_LEAF,
    }
}

/// Allocates a page and makes it the empty root of a new tree. Needs a write transaction.
pub fn create_tree(pager: &Pager, kind: TreeKind) -> Result<PageNo> {
    let page = pager.allocate()?;
    init_root(pager, page.pgno(), kind)?;
    Ok(page.pgno())
}

/// Writes an empty leaf of `kind` onto page `pgno` (page 1: after the database header).
pub fn init_root(pager: &Pager, pgno: PageNo, kind: TreeKind) -> Result<()> {
    let page = pager.get(pgno)?;
    pager.make_writable(&page)?;
    let usable = pager.usable_size();
    init_page(
        &mut page.data_mut(),
        header_offset(pgno),
        leaf_flag(kind),
        usable,
    );
    Ok(())
}

/// Visits every page of the tree below `root` (children before parents), calling `f(pgno,
/// is_root)` after the page's overflow chains were freed when `free_overflow` is set.
/// Returns the number of entries seen.
fn walk(pager: &Pager, root: PageNo, kind: TreeKind, free: bool, keep_root: bool) -> Result<u64> {
    let usable = pager.usable_size();
    let mut seen = HashSet::new();
    let mut count = 0u64;
    let mut stack = vec![(root, 0usize)];
    while let Some((pgno, depth)) = stack.pop() {
        if depth > 20 || !seen.insert(pgno) || (pgno == 1 && root != 1) {
            return Err(corrupt!());
        }
        let page = pager.get(pgno)?;
        let (info, cells, children) = {
            let data = page.data();
            let info = PageInfo::parse(&data, pgno, usable)?;
            if info.intkey != (kind == TreeKind::Table) {
                return Err(corrupt!());
            }
            let mut cells = Vec::new();
            let mut children = Vec::new();
            for i in 0..info.ncells {
                let c = info.cell(&data, i)?;
                if !info.leaf {
                    children.push(c.left_child);
                }
                if info.leaf || !info.intkey {
                    cells.push(c);
                }
            }
            if !info.leaf {
                children.push(info.right_child(&data)?);
            }
            (info, cells, children)
        };
        count += cells.len() as u64;
        if free {
            for c in &cells {
                free_chain(pager, c)?;
            }
        }
        for ch in children {
            stack.push((ch, depth + 1));
        }
        let _ = info;
        if free && !(keep_root && pgno == root) {
            pager.free(page)?;
        }
    }
    Ok(count)
}

/// Frees every page of the tree, root included.
pub fn drop_tree(pager: &Pager, root: PageNo) -> Result<()> {
    if root == 1 {
        return Err(crate::error::Error::misuse()); // sqlite_schema is never dropped
    }
    let kind = tree_kind(pager, root)?;
    super::generation::bump(pager, root);
    walk(pager, root, kind, true, false)?;
    Ok(())
}

/// Deletes every entry, keeping the (now empty, leaf) root. Returns the entries removed.
pub fn clear_tree(pager: &Pager, root: PageNo) -> Result<u64> {
    let kind = tree_kind(pager, root)?;
    super::generation::bump(pager, root);
    let n = walk(pager, root, kind, true, true)?;
    init_root(pager, root, kind)?;
    Ok(n)
}

/// Counts the entries of a tree.
pub(crate) fn count_entries(pager: &Pager, root: PageNo, kind: TreeKind) -> Result<u64> {
    walk(pager, root, kind, false, false)
}

/// The kind of the tree rooted at `root`, from its page type.
pub fn tree_kind(pager: &Pager, root: PageNo) -> Result<TreeKind> {
    let page = pager.get(root)?;
    let info = PageInfo::parse(&page.data(), root, pager.usable_size())?;
    Ok(if info.intkey {
        TreeKind::Table
    } else {
        TreeKind::Index
    })
}

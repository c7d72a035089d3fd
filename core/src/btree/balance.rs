//! Balancing: keeps every page of a tree within its page after inserts and deletes.
//!
//! The balancer works on [`Node`]s (a page's cells held in memory). A caller that changed a page
//! so that it no longer fits (insert) or became under-full (delete) hands the changed node and its
//! ancestor path to [`balance`], which:
//!
//! - root, fits: writes it; an interior root left with no cells absorbs its only child
//!   (the tree gets shallower);
//! - root, too big: moves its content to a new child and makes the root an interior page whose
//!   right child is that page (the tree gets deeper; the root page number never changes), then
//!   balances the child;
//! - non-root, too big or under-full (less than a third used): takes the node and up to two
//!   siblings (three children of the same parent), lays their cells — and, except between table
//!   leaves, the parent's divider cells — out in key order, and deals them out again over as few
//!   pages as hold them, evened out from right to left. New dividers replace the old ones in the
//!   parent, which is then balanced in turn.
//!
//! Dividers: a table interior cell holds (left child, largest rowid in that child); an index
//! interior cell holds a real entry that sorts between its left child and the next child, so
//! index dividers move down into the pages when siblings are redistributed and back up.
//! Cells keep their overflow chains: balancing only moves cell bytes, except where a table-leaf
//! divider is freshly built from a rowid.
//!
//! Invariants after [`balance`] returns:
//! 1. every page fits its page size and every non-root page has at least one cell;
//! 2. all leaves are at the same depth;
//! 3. pages dropped by a merge are on the pager's freelist.

use crate::error::Result;
use crate::pager::{PageNo, Pager};

use super::page::{
    parse_cell_bytes, CellList, Node, PageInfo, INDEX_INTERIOR, MIN_CELL, TABLE_INTERIOR,
    TABLE_LEAF,
};
use super::varint::put_varint;

/// One step of the path from the root to a node: an ancestor page and the child index taken.
pub(crate) type PathStep = (PageNo, usize);

/// Reads page `pgno` into a node.
pub(crate) fn read_node(pager: &Pager, pgno: PageNo) -> Result<Node> {
    let page = pager.get(pgno)?;
    let data = page.data();
    let info = PageInfo::parse(&data, pgno, pager.usable_size())?;
    Node::read(&data, &info)
}

/// Writes `node` onto its page (which is made writable).
pub(crate) fn write_node(pager: &Pager, node: &Node) -> Result<()> {
    let usable = pager.usable_size();
    if !node.fits(usable) {
        return Err(corrupt!());
    }
    let page = pager.get(node.pgno)?;
    pager.make_writable(&page)?;
    node.write(&mut page.data_mut(), usable);
    Ok(())
}

/// True when a non-root node should be merged with or refilled from its siblings.
fn underfull(node: &Node, usable: usize) -> bool {
    node.cells.is_empty() || node.used_bytes() < usable / 3
}

/// True when `node` needs balancing (rather than just writing) at its place in the tree.
pub(crate) fn needs_balance(node: &Node, is_root: bool, usable: usize) -> bool {
    if is_root {
        !node.fits(usable) || (!node.is_leaf() && node.cells.is_empty())
    } else {
        !node.fits(usable) || underfull(node, usable)
    }
}

/// Writes `node` back to the tree, rebalancing as needed. `path` holds the node's ancestors,
/// root first (empty when `node` is the root).
pub(crate) fn balance(pager: &Pager, path: &[PathStep], node: Node) -> Result<()> {
    let usable = pager.usable_size();
    if !needs_balance(&node, path.is_empty(), usable) {
        return write_node(pager, &node);
    }
    if path.is_empty() {
        if node.fits(usable) {
            return balance_shallower(pager, node);
        }
        return balance_deeper(pager, node);
    }
    balance_siblings(pager, path, node)
}

fn interior_flag(flag: u8) -> u8 {
    match flag {
        TABLE_LEAF | TABLE_INTERIOR => TABLE_INTERIOR,
        _ => INDEX_INTERIOR,
    }
}

/// A cell appended past the end of a table leaf that is its parent's right-most child, and the
/// leaf is full: the new cell starts a new right-most leaf alone and the old leaf stays full
/// (SQLite's "quick balance": sequential inserts leave pages packed). Returns the node back
/// untouched when the shape does not allow it.
pub(crate) fn balance_append(
    pager: &Pager,
    path: &[PathStep],
    mut node: Node,
) -> Result<Option<Node>> {
    let usable = pager.usable_size();
    let Some(&(ppg, ci)) = path.last() else {
        return Ok(Some(node));
    };
    if node.flag != TABLE_LEAF || node.cells.len() < 2 {
        return Ok(Some(node));
    }
    let mut parent = read_node(pager, ppg)?;
    if parent.is_leaf() || ci != parent.cells.len() || parent.right_child != node.pgno {
        return Ok(Some(node));
    }
    let last = node.cells.pop().ok_or_else(|| corrupt!())?;
    if !node.fits(usable) {
        node.cells.push(&last);
        return Ok(Some(node));
    }
    let new_pg = pager.allocate()?.pgno();
    let new_leaf = Node {
        pgno: new_pg,
        flag: TABLE_LEAF,
        cells: {
            let mut l = CellList::default();
            l.push(&last);
            l
        },
        right_child: 0,
    };
    let key = parse_cell_bytes(
        node.cells.last().ok_or_else(|| corrupt!())?,
        0,
        TABLE_LEAF,
        usable,
    )?
    .key;
    write_node(pager, &node)?;
    write_node(pager, &new_leaf)?;
    let mut divider = node.pgno.to_be_bytes().to_vec();
    put_varint(&mut divider, key as u64);
    parent.cells.push(&divider);
    parent.right_child = new_pg;
    balance(pager, &path[..path.len() - 1], parent)?;
    Ok(None)
}

/// The root is too big: its content moves to a new child page.
fn balance_deeper(pager: &Pager, mut node: Node) -> Result<()> {
    let root = node.pgno;
    let child = pager.allocate()?;
    let root_node = Node {
        pgno: root,
        flag: interior_flag(node.flag),
        cells: CellList::default(),
        right_child: child.pgno(),
    };
    drop(child);
    write_node(pager, &root_node)?;
    node.pgno = root_node.right_child;
    balance_siblings(pager, &[(root, 0)], node)
}

/// An interior root with no cells: copy its only child into it when that fits.
fn balance_shallower(pager: &Pager, node: Node) -> Result<()> {
    let child_pg = node.right_child;
    if child_pg <= 1 || child_pg == node.pgno {
        return Err(corrupt!());
    }
    let mut child = read_node(pager, child_pg)?;
    child.pgno = node.pgno;
    if !child.fits(pager.usable_size()) {
        // Only page 1 (100 bytes smaller) can fail this; keep the one-child root.
        return write_node(pager, &node);
    }
    write_node(pager, &child)?;
    pager.free(pager.get(child_pg)?)
}

/// The left-child pointer at the start of an interior cell.
fn left_child(cell: &[u8]) -> Result<PageNo> {
    match cell.get(..4) {
        Some(b) => Ok(PageNo::from_be_bytes([b[0], b[1], b[2], b[3]])),
        None => Err(corrupt!()),
    }
}

fn with_child(child: PageNo, rest: &[u8]) -> Vec<u8> {
    let mut c = Vec::with_capacity(4 + rest.len());
    c.extend_from_slice(&child.to_be_bytes());
    c.extend_from_slice(rest);
    c
}

fn child_at(parent: &Node, j: usize) -> Result<PageNo> {
    if j == parent.cells.len() {
        Ok(parent.right_child)
    } else {
        left_child(&parent.cells[j])
    }
}

/// Redistributes the cells of `node` and up to two siblings; then balances the parent.
fn balance_siblings(pager: &Pager, path: &[PathStep], node: Node) -> Result<()> {
    let usable = pager.usable_size();
    let (ppg, ci) = *path.last().ok_or_else(|| corrupt!())?;
    let mut parent = read_node(pager, ppg)?;
    if parent.is_leaf() || ci > parent.cells.len() || child_at(&parent, ci)? != node.pgno {
        return Err(corrupt!());
    }
    let nchild = parent.cells.len() + 1;
    let first = if ci == 0 {
        0
    } else if ci == nchild - 1 {
        ci.saturating_sub(2)
    } else {
        ci - 1
    };
    let last = (first + 2).min(nchild - 1);

    // Gather the siblings' cells (and dividers) in key order.
    let leaf_table = node.flag == TABLE_LEAF;
    let is_leaf = node.is_leaf();
    let flag = node.flag;
    let mut old_pages = Vec::with_capacity(3);
    let mut items = CellList::with_capacity(400, 4 * usable);
    let mut final_right = 0;
    let mut node = Some(node);
    for j in first..=last {
        let pg = child_at(&parent, j)?;
        let sib = if j == ci {
            node.take().ok_or_else(|| corrupt!())?
        } else {
            if pg <= 1 || pg == ppg || old_pages.contains(&pg) {
                return Err(corrupt!());
            }
            read_node(pager, pg)?
        };
        if sib.flag != flag {
            return Err(corrupt!());
        }
        old_pages.push(pg);
        final_right = sib.right_child;
        items.extend(&sib.cells);
        if j < last && !leaf_table {
            let div = &parent.cells[j];
            let rest = div.get(4..).ok_or_else(|| corrupt!())?;
            if is_leaf {
                items.push(rest);
            } else {
                items.push(&with_child(final_right, rest));
            }
        }
    }

    let hsize = if is_leaf { 8 } else { 12 };
    let lens: Vec<usize> = items.iter().map(|c| c.len()).collect();
    let groups = distribute(&lens, usable - hsize, leaf_table)?;

    // Page numbers for the new siblings: reuse the old ones, then allocate.
    let mut new_pages = Vec::with_capacity(groups.len());
    for k in 0..groups.len() {
        match old_pages.get(k) {
            Some(&pg) => new_pages.push(pg),
            None => new_pages.push(pager.allocate()?.pgno()),
        }
    }

    // Build the new siblings and the dividers that go up into the parent.
    let mut dividers = Vec::with_capacity(groups.len().saturating_sub(1));
    let mut new_nodes = Vec::with_capacity(groups.len());
    for (k, &(start, end)) in groups.iter().enumerate() {
        let pgno = new_pages[k];
        let is_last = k + 1 == groups.len();
        let right_child = if is_leaf {
            0
        } else if is_last {
            final_right
        } else {
            left_child(&items[end])?
        };
        if !is_last {
            dividers.push(if leaf_table {
                let lastcell = &items[end - 1];
                let key = parse_cell_bytes(lastcell, 0, TABLE_LEAF, usable)?.key;
                let mut d = pgno.to_be_bytes().to_vec();
                put_varint(&mut d, key as u64);
                d
            } else if is_leaf {
                with_child(pgno, &items[end])
            } else {
                with_child(pgno, &items[end][4..])
            });
        }
        new_nodes.push(Node {
            pgno,
            flag,
            cells: items.sub(start, end),
            right_child,
        });
    }

    // Replace the old dividers in the parent and point it at the last new sibling.
    let last_pg = *new_pages.last().ok_or_else(|| corrupt!())?;
    parent.cells.splice(first..last, &dividers);
    let after = first + new_pages.len() - 1;
    if last == nchild - 1 {
        parent.right_child = last_pg;
    } else {
        parent.cells.set_left_child(after, last_pg);
    }

    for n in &new_nodes {
        write_node(pager, n)?;
    }
    for &pg in &old_pages[new_pages.len().min(old_pages.len())..] {
        pager.free(pager.get(pg)?)?;
    }
    balance(pager, &path[..path.len() - 1], parent)
}

/// Splits items of byte lengths `lens` into pages of `cap` bytes (cell plus 2-byte pointer each): returns each page's
/// item range. Except for table leaves, the item between two ranges is the divider that goes
/// up to the parent. Packs greedily, then evens out from right to left.
fn distribute(lens: &[usize], cap: usize, leaf_table: bool) -> Result<Vec<(usize, usize)>> {
    let size: Vec<usize> = lens.iter().map(|&l| l.max(MIN_CELL) + 2).collect();
    let n = lens.len();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        let mut used = 0;
        while i < n && used + size[i] <= cap {
            used += size[i];
            i += 1;
        }
        if i == start && i < n {
            return Err(corrupt!()); // a cell larger than a page
        }
        groups.push((start, i));
        if i >= n {
            break;
        }
        if !leaf_table {
            i += 1; // the divider
            if i >= n {
                groups.push((n, n)); // filled by the evening-out below
                break;
            }
        }
    }
    let sum = |g: (usize, usize)| size[g.0..g.1].iter().sum::<usize>();
    for p in (1..groups.len()).rev() {
        let (mut ls, mut rs) = (sum(groups[p - 1]), sum(groups[p]));
        loop {
            let (l, r) = (groups[p - 1], groups[p]);
            if l.1 - l.0 <= 1 {
                break;
            }
            // Item that moves right, and the item that leaves the left page.
            let (incoming, outgoing) = if leaf_table {
                (size[l.1 - 1], size[l.1 - 1])
            } else {
                (size[l.1], size[l.1 - 1])
            };
            let must = r.1 == r.0;
            if rs + incoming > cap || (!must && rs + incoming > ls - outgoing) {
                break;
            }
            ls -= outgoing;
            rs += incoming;
            if leaf_table {
                groups[p - 1].1 -= 1;
                groups[p].0 -= 1;
            } else {
                groups[p].0 = l.1;
                groups[p - 1].1 -= 1;
            }
        }
        if groups[p].0 == groups[p].1 {
            return Err(corrupt!());
        }
    }
    Ok(groups)
}

/// The path (ancestors, root first) from `root` down to page `target`, found by a depth-first
/// walk; `None` when `target` is not an interior-reachable page of the tree.
pub(crate) fn find_path(
    pager: &Pager,
    root: PageNo,
    target: PageNo,
) -> Result<Option<Vec<PathStep>>> {
    fn walk(pager: &Pager, pg: PageNo, target: PageNo, path: &mut Vec<PathStep>) -> Result<bool> {
        if pg == target {
            return Ok(true);
        }
        if path.len() > 20 {
            return Err(corrupt!());
        }
        let node = read_node(pager, pg)?;
        if node.is_leaf() {
            return Ok(false);
        }
        for j in 0..=node.cells.len() {
            path.push((pg, j));
            if walk(pager, child_at(&node, j)?, target, path)? {
                return Ok(true);
            }
            path.pop();
        }
        Ok(false)
    }
    let mut path = Vec::new();
    Ok(walk(pager, root, target, &mut path)?.then_some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribute_evens_out() {
        let items = [98usize; 10];
        let g = distribute(&items, 500, true).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g, vec![(0, 5), (5, 10)]);
        let g = distribute(&items, 500, false).unwrap();
        assert_eq!(g.len(), 2);
        assert!(g[0].1 + 1 == g[1].0);
        assert!(g.iter().all(|&(s, e)| e > s));
    }

    #[test]
    fn distribute_fills_empty_last_group() {
        // 5 items fit in the first page, the 6th is the divider: the last page must borrow.
        let items = [98usize; 6];
        let g = distribute(&items, 500, false).unwrap();
        assert!(g.iter().all(|&(s, e)| e > s), "{g:?}");
    }
}

//! One b-tree page: header, cell pointer array, cells, freeblocks (fileformat2 §1.6).
//!
//! Everything here works on a page's raw bytes (`&[u8]` / `&mut [u8]` of `page_size` bytes, of
//! which the first `usable` count) and validates what it reads: a damaged page yields
//! `Error::corrupt()`, never a panic or an out-of-bounds index.
//!
//! Page layout (`hdr` is 100 on page 1, else 0):
//!
//! | offset      | size | meaning                                                        |
//! |-------------|------|----------------------------------------------------------------|
//! | hdr+0       | 1    | page type: 0x02 index interior, 0x05 table interior, 0x0a index leaf, 0x0d table leaf |
//! | hdr+1       | 2    | offset of the first freeblock, 0 if none                      |
//! | hdr+3       | 2    | number of cells                                                |
//! | hdr+5       | 2    | start of the cell content area (0 means 65536)                 |
//! | hdr+7       | 1    | fragmented free bytes (gaps of 1..=3 bytes inside the content area) |
//! | hdr+8       | 4    | right-most child page (interior pages only)                    |
//!
//! The cell pointer array (2 bytes per cell, in key order) follows the 8- or 12-byte header;
//! cells live in the content area at the end of the page. Free space is the gap between the
//! pointer array and the content area, plus the freeblock chain (each block: 2-byte next
//! offset, 2-byte size; ascending, never adjacent — SQLite merges blocks closer than 4 bytes),
//! plus the fragmented bytes.
//!
//! Cell formats (P = payload size, local part and overflow pointer per [`local_size`]):
//! - table leaf (0x0d): varint P, varint rowid, local payload, [4-byte first overflow page]
//! - table interior (0x05): 4-byte left child, varint rowid (the largest rowid in the child)
//! - index leaf (0x0a): varint P, local payload, [overflow page]
//! - index interior (0x02): 4-byte left child, varint P, local payload, [overflow page]
//!
//! A cell occupies at least 4 bytes (so that it can become a freeblock when deleted).
//!
//! Invariants (checked by `debug_assert!` where the code relies on them):
//! 1. Cells never overlap each other, the pointer array or the freeblocks.
//! 2. free bytes = gap + freeblocks + fragmented bytes, and fragmented bytes ≤ 60 in pages we write.

use crate::error::Result;
use crate::pager::PageNo;

use super::varint::get_varint;

pub(crate) const INDEX_INTERIOR: u8 = 0x02;
pub(crate) const TABLE_INTERIOR: u8 = 0x05;
pub(crate) const INDEX_LEAF: u8 = 0x0a;
pub(crate) const TABLE_LEAF: u8 = 0x0d;

/// Smallest space a cell may occupy on a page.
pub(crate) const MIN_CELL: usize = 4;

/// Offset of the b-tree page header inside page `pgno`.
pub(crate) fn header_offset(pgno: PageNo) -> usize {
    if pgno == 1 {
        100
    } else {
        0
    }
}

pub(crate) fn get_u16(data: &[u8], off: usize) -> Result<usize> {
    match data.get(off..off + 2) {
        Some(b) => Ok(usize::from(u16::from_be_bytes([b[0], b[1]]))),
        None => Err(corrupt!()),
    }
}

pub(crate) fn put_u16(data: &mut [u8], off: usize, v: usize) {
    debug_assert!(v <= 0xffff);
    data[off..off + 2].copy_from_slice(&(v as u16).to_be_bytes());
}

pub(crate) fn get_u32(data: &[u8], off: usize) -> Result<u32> {
    match data.get(off..off + 4) {
        Some(b) => Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
        None => Err(corrupt!()),
    }
}

pub(crate) fn put_u32(data: &mut [u8], off: usize, v: u32) {
    data[off..off + 4].copy_from_slice(&v.to_be_bytes());
}

/// Bytes of payload stored on the b-tree page for a payload of `p` bytes (fileformat2 §1.6:
/// X = U-35 for table leaves, ((U-12)*64/255)-23 for index pages; M = ((U-12)*32/255)-23;
/// K = M+((P-M)%(U-4)); local = P if P ≤ X, else K if K ≤ X, else M).
pub(crate) fn local_size(table_leaf: bool, p: u64, usable: usize) -> usize {
    let u = usable as u64;
    let x = if table_leaf {
        u - 35
    } else {
        (u - 12) * 64 / 255 - 23
    };
    if p <= x {
        return p as usize;
    }
    let m = (u - 12) * 32 / 255 - 23;
    let k = m + (p - m) % (u - 4);
    if k <= x {
        k as usize
    } else {
        m as usize
    }
}

/// The parsed header of one b-tree page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageInfo {
    pub pgno: PageNo,
    /// Offset of the page header (100 on page 1).
    pub hdr: usize,
    pub flag: u8,
    pub leaf: bool,
    /// Table b-tree page (integer keys).
    pub intkey: bool,
    pub ncells: usize,
    /// Offset of the cell pointer array.
    pub ptr_start: usize,
    pub usable: usize,
}

impl PageInfo {
    /// Parses and sanity-checks the header of page `pgno`.
    pub fn parse(data: &[u8], pgno: PageNo, usable: usize) -> Result<PageInfo> {
        let hdr = header_offset(pgno);
        if data.len() < usable || usable < 480 || hdr + 12 > usable {
            return Err(corrupt!());
        }
        let flag = data[hdr];
        let (leaf, intkey) = match flag {
            TABLE_LEAF => (true, true),
            TABLE_INTERIOR => (false, true),
            INDEX_LEAF => (true, false),
            INDEX_INTERIOR => (false, false),
            _ => return Err(corrupt!()),
        };
        let ncells = get_u16(data, hdr + 3)?;
        let ptr_start = hdr + if leaf { 8 } else { 12 };
        let info = PageInfo {
            pgno,
            hdr,
            flag,
            leaf,
            intkey,
            ncells,
            ptr_start,
            usable,
        };
        if info.ptr_end() > usable {
            return Err(corrupt!());
        }
        let cs = info.content_start(data)?;
        if cs < info.ptr_end() || cs > usable {
            return Err(corrupt!());
        }
        Ok(info)
    }

    /// End of the cell pointer array.
    pub fn ptr_end(&self) -> usize {
        self.ptr_start + 2 * self.ncells
    }

    pub fn content_start(&self, data: &[u8]) -> Result<usize> {
        let v = get_u16(data, self.hdr + 5)?;
        Ok(if v == 0 { 65536 } else { v })
    }

    pub fn set_content_start(&self, data: &mut [u8], v: usize) {
        put_u16(data, self.hdr + 5, if v == 65536 { 0 } else { v });
    }

    pub fn right_child(&self, data: &[u8]) -> Result<PageNo> {
        debug_assert!(!self.leaf);
        get_u32(data, self.hdr + 8)
    }

    /// Offset of cell `i`, checked to lie inside the content area.
    pub fn cell_offset(&self, data: &[u8], i: usize) -> Result<usize> {
        if i >= self.ncells {
            return Err(corrupt!());
        }
        let off = get_u16(data, self.ptr_start + 2 * i)?;
        if off < self.ptr_end() || off + MIN_CELL > self.usable {
            return Err(corrupt!());
        }
        Ok(off)
    }

    /// Parses cell `i`.
    pub fn cell(&self, data: &[u8], i: usize) -> Result<CellInfo> {
        let off = self.cell_offset(data, i)?;
        self.parse_cell(data, off)
    }

    /// Parses the cell at `off`, checking that it ends inside the usable area.
    pub fn parse_cell(&self, data: &[u8], off: usize) -> Result<CellInfo> {
        parse_cell_bytes(&data[..self.usable], off, self.flag, self.usable)
    }

    /// The rowid of table cell `i` (leaf or interior), without parsing the rest of the cell.
    pub fn cell_key(&self, data: &[u8], i: usize) -> Result<i64> {
        debug_assert!(self.intkey);
        let off = self.cell_offset(data, i)?;
        let buf = &data[..self.usable];
        let mut p = off;
        if self.leaf {
            let (_, n) = get_varint(&buf[p..]).ok_or_else(|| corrupt!())?;
            p += n;
        } else {
            p += 4;
        }
        let (k, _) =
            get_varint(buf.get(p..).ok_or_else(|| corrupt!())?).ok_or_else(|| corrupt!())?;
        Ok(k as i64)
    }

    /// The left child of interior cell `i`, or the right child when `i == ncells`.
    pub fn child(&self, data: &[u8], i: usize) -> Result<PageNo> {
        if i == self.ncells {
            self.right_child(data)
        } else {
            let off = self.cell_offset(data, i)?;
            get_u32(data, off)
        }
    }

    /// Total free bytes: gap + freeblocks + fragments. Checks the freeblock chain.
    pub fn free_bytes(&self, data: &[u8]) -> Result<usize> {
        let cs = self.content_start(data)?;
        let mut total = cs - self.ptr_end() + usize::from(data[self.hdr + 7]);
        let mut pc = get_u16(data, self.hdr + 1)?;
        let mut last_end = 0;
        while pc != 0 {
            if pc < cs || pc < last_end || pc + 4 > self.usable {
                return Err(corrupt!());
            }
            let size = get_u16(data, pc + 2)?;
            if size < 4 || pc + size > self.usable {
                return Err(corrupt!());
            }
            total += size;
            last_end = pc + size + 1;
            pc = get_u16(data, pc)?;
        }
        Ok(total)
    }
}

/// A parsed cell.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CellInfo {
    /// Left child (interior cells only).
    pub left_child: PageNo,
    /// Table cells: the rowid. Index cells: 0.
    pub key: i64,
    /// Total payload bytes (0 for table interior cells).
    pub payload_size: u64,
    /// Offset of the local payload in the page (or cell buffer).
    pub local_off: usize,
    pub local_size: usize,
    /// First overflow page, 0 when the payload is all local.
    pub overflow: PageNo,
    /// Bytes the cell occupies (at least [`MIN_CELL`]).
    pub size: usize,
    /// Exact length of the cell's bytes (`size` without the padding to [`MIN_CELL`]).
    pub len: usize,
}

/// Parses a cell of a page of type `flag` starting at `off` in `buf` (a page or a lone cell).
pub(crate) fn parse_cell_bytes(
    buf: &[u8],
    off: usize,
    flag: u8,
    usable: usize,
) -> Result<CellInfo> {
    let mut c = CellInfo::default();
    let mut p = off;
    if flag == TABLE_INTERIOR || flag == INDEX_INTERIOR {
        c.left_child = get_u32(buf, p)?;
        p += 4;
    }
    if flag == TABLE_INTERIOR {
        let (k, n) =
            get_varint(buf.get(p..).ok_or_else(|| corrupt!())?).ok_or_else(|| corrupt!())?;
        c.key = k as i64;
        c.local_off = p + n;
        c.len = p + n - off;
        c.size = c.len.max(MIN_CELL);
        if off + c.len > buf.len() {
            return Err(corrupt!());
        }
        return Ok(c);
    }
    let (psize, n) =
        get_varint(buf.get(p..).ok_or_else(|| corrupt!())?).ok_or_else(|| corrupt!())?;
    p += n;
    if flag == TABLE_LEAF {
        let (k, n) =
            get_varint(buf.get(p..).ok_or_else(|| corrupt!())?).ok_or_else(|| corrupt!())?;
        c.key = k as i64;
        p += n;
    } else if flag != INDEX_LEAF && flag != INDEX_INTERIOR {
        return Err(corrupt!());
    }
    c.payload_size = psize;
    c.local_off = p;
    c.local_size = local_size(flag == TABLE_LEAF, psize, usable);
    p += c.local_size;
    if (c.local_size as u64) < psize {
        c.overflow = get_u32(buf, p)?; // 0 here is caught when the chain is read
        p += 4;
    }
    c.len = p - off;
    c.size = c.len.max(MIN_CELL);
    // On a page, `cell_offset` already guarantees room for the padding to MIN_CELL.
    if off + c.len > buf.len() {
        return Err(corrupt!());
    }
    Ok(c)
}

/// Writes an empty page of type `flag` (header at `hdr`) into `data`.
pub(crate) fn init_page(data: &mut [u8], hdr: usize, flag: u8, usable: usize) {
    let hsize = if flag == TABLE_LEAF || flag == INDEX_LEAF {
        8
    } else {
        12
    };
    data[hdr..hdr + hsize].fill(0);
    data[hdr] = flag;
    put_u16(data, hdr + 5, if usable == 65536 { 0 } else { usable });
}

/// Rewrites the content area so that all cells are packed at the end of the page, with no
/// freeblocks and no fragmented bytes. Pointer order is kept.
pub(crate) fn defragment(data: &mut [u8], info: &PageInfo) -> Result<()> {
    let mut spans = Vec::with_capacity(info.ncells);
    for i in 0..info.ncells {
        let off = info.cell_offset(data, i)?;
        let size = info.parse_cell(data, off)?.size;
        spans.push((off, size));
    }
    let snapshot = data[..info.usable].to_vec();
    let mut top = info.usable;
    for (i, (off, size)) in spans.into_iter().enumerate() {
        if top < info.ptr_end() + size {
            return Err(corrupt!()); // cells overlap: they cannot all fit
        }
        top -= size;
        data[top..top + size].copy_from_slice(&snapshot[off..off + size]);
        put_u16(data, info.ptr_start + 2 * i, top);
    }
    put_u16(data, info.hdr + 1, 0);
    data[info.hdr + 7] = 0;
    info.set_content_start(data, top);
    Ok(())
}

/// Finds `n` bytes of content space for a new cell (the pointer array will grow by 2 bytes).
/// Returns `None` when the page lacks the room; defragments when only that makes room.
fn alloc_space(data: &mut [u8], info: &PageInfo, n: usize) -> Result<Option<usize>> {
    debug_assert!(n >= MIN_CELL);
    if info.free_bytes(data)? < n + 2 {
        return Ok(None);
    }
    let new_ptr_end = info.ptr_end() + 2;
    let cs = info.content_start(data)?;
    let frag = usize::from(data[info.hdr + 7]);
    if new_ptr_end <= cs {
        // First fit in the freeblock chain (already validated by free_bytes).
        let mut prev_field = info.hdr + 1;
        let mut pc = get_u16(data, prev_field)?;
        while pc != 0 {
            let size = get_u16(data, pc + 2)?;
            let next = get_u16(data, pc)?;
            if size >= n {
                let rem = size - n;
                if rem < 4 {
                    if frag + rem <= 57 {
                        put_u16(data, prev_field, next);
                        data[info.hdr + 7] = (frag + rem) as u8;
                        return Ok(Some(pc));
                    }
                } else {
                    put_u16(data, pc + 2, rem);
                    return Ok(Some(pc + rem));
                }
            }
            prev_field = pc;
            pc = next;
        }
        if cs >= new_ptr_end + n {
            info.set_content_start(data, cs - n);
            return Ok(Some(cs - n));
        }
    }
    defragment(data, info)?;
    let cs = info.content_start(data)?;
    if cs < new_ptr_end + n {
        return Err(corrupt!());
    }
    info.set_content_start(data, cs - n);
    Ok(Some(cs - n))
}

/// Returns `size` bytes at `start` to the page's free space, merging with neighbouring
/// freeblocks (absorbing the 1..=3 byte fragments between them) and with the gap.
fn free_space(data: &mut [u8], info: &PageInfo, start: usize, size: usize) -> Result<()> {
    let cs = info.content_start(data)?;
    if start < cs || start + size > info.usable || size < MIN_CELL {
        return Err(corrupt!());
    }
    let mut frag = usize::from(data[info.hdr + 7]);
    // Find the blocks around `start`.
    let mut prev_field = info.hdr + 1; // the field that points at `prev` (or at `next`)
    let mut prev: Option<usize> = None;
    let mut pc = get_u16(data, info.hdr + 1)?;
    while pc != 0 && pc < start {
        if pc + 4 > info.usable || prev.is_some_and(|p| pc <= p) {
            return Err(corrupt!());
        }
        if let Some(p) = prev {
            prev_field = p;
        }
        prev = Some(pc);
        pc = get_u16(data, pc)?;
    }
    let mut next = pc;
    let (mut start, mut size) = (start, size);
    if next != 0 {
        if next < start + size || next + 4 > info.usable {
            return Err(corrupt!());
        }
        let gap = next - (start + size);
        if gap <= 3 {
            if gap > frag {
                return Err(corrupt!());
            }
            frag -= gap;
            size = next + get_u16(data, next + 2)? - start;
            next = get_u16(data, next)?;
        }
    }
    let mut field = match prev {
        Some(p) => p,
        None => info.hdr + 1,
    };
    if let Some(p) = prev {
        let pend = p + get_u16(data, p + 2)?;
        if pend > start {
            return Err(corrupt!());
        }
        let gap = start - pend;
        if gap <= 3 {
            if gap > frag {
                return Err(corrupt!());
            }
            frag -= gap;
            size += start - p;
            start = p;
            field = prev_field;
        }
    }
    if start + size > info.usable {
        return Err(corrupt!());
    }
    data[info.hdr + 7] = frag as u8;
    if start == cs {
        // The block touches the gap: grow the gap instead of keeping a freeblock.
        if field != info.hdr + 1 {
            return Err(corrupt!());
        }
        put_u16(data, field, next);
        info.set_content_start(data, cs + size);
    } else {
        put_u16(data, field, start);
        put_u16(data, start, next);
        put_u16(data, start + 2, size);
    }
    Ok(())
}

/// Inserts `cell` as cell number `idx` if the page has room. Returns false (page unchanged)
/// when it does not; the caller then balances. `info` is updated.
pub(crate) fn insert_cell(
    data: &mut [u8],
    info: &mut PageInfo,
    idx: usize,
    cell: &[u8],
) -> Result<bool> {
    debug_assert!(idx <= info.ncells);
    if info.ncells >= 0xffff {
        return Ok(false);
    }
    let n = cell.len().max(MIN_CELL);
    let Some(off) = alloc_space(data, info, n)? else {
        return Ok(false);
    };
    data[off..off + cell.len()].copy_from_slice(cell);
    let p = info.ptr_start + 2 * idx;
    data.copy_within(p..info.ptr_end(), p + 2);
    put_u16(data, p, off);
    info.ncells += 1;
    put_u16(data, info.hdr + 3, info.ncells);
    Ok(true)
}

/// Removes cell `idx` from the page, returning its space to the free space. `info` is updated.
pub(crate) fn drop_cell(data: &mut [u8], info: &mut PageInfo, idx: usize) -> Result<()> {
    let off = info.cell_offset(data, idx)?;
    let size = info.parse_cell(data, off)?.size;
    free_space(data, info, off, size)?;
    let p = info.ptr_start + 2 * idx;
    data.copy_within(p + 2..info.ptr_end(), p);
    info.ncells -= 1;
    put_u16(data, info.hdr + 3, info.ncells);
    Ok(())
}

/// A list of cells held in one buffer (a [`Node`]'s cells, or the balancer's work list):
/// one allocation per list instead of one per cell. Replaced or removed cells leave garbage
/// in the buffer, which lives only as long as one balancing step.
#[derive(Debug, Clone, Default)]
pub(crate) struct CellList {
    buf: Vec<u8>,
    spans: Vec<(usize, usize)>,
}

impl CellList {
    pub fn with_capacity(cells: usize, bytes: usize) -> CellList {
        CellList {
            buf: Vec::with_capacity(bytes),
            spans: Vec::with_capacity(cells),
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.spans.get(i).map(|&(s, n)| &self.buf[s..s + n])
    }

    pub fn last(&self) -> Option<&[u8]> {
        self.get(self.len().checked_sub(1)?)
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.spans.iter().map(|&(s, n)| &self.buf[s..s + n])
    }

    fn add(&mut self, cell: &[u8]) -> (usize, usize) {
        let span = (self.buf.len(), cell.len());
        self.buf.extend_from_slice(cell);
        span
    }

    pub fn push(&mut self, cell: &[u8]) {
        let span = self.add(cell);
        self.spans.push(span);
    }

    pub fn insert(&mut self, i: usize, cell: &[u8]) {
        let span = self.add(cell);
        self.spans.insert(i, span);
    }

    /// Replaces cell `i`; false when there is no such cell.
    pub fn set(&mut self, i: usize, cell: &[u8]) -> bool {
        if i >= self.len() {
            return false;
        }
        self.spans[i] = self.add(cell);
        true
    }

    pub fn remove(&mut self, i: usize) {
        self.spans.remove(i);
    }

    pub fn pop(&mut self) -> Option<Vec<u8>> {
        let (s, n) = self.spans.pop()?;
        Some(self.buf[s..s + n].to_vec())
    }

    /// Overwrites the 4-byte left-child pointer at the start of interior cell `i`.
    pub fn set_left_child(&mut self, i: usize, child: PageNo) {
        let (s, n) = self.spans[i];
        debug_assert!(n >= 4);
        self.buf[s..s + 4].copy_from_slice(&child.to_be_bytes());
    }

    /// Replaces cells `range` with `cells`.
    pub fn splice(&mut self, range: std::ops::Range<usize>, cells: &[Vec<u8>]) {
        let spans: Vec<(usize, usize)> = cells.iter().map(|c| self.add(c)).collect();
        self.spans.splice(range, spans);
    }

    /// Appends every cell of `other`.
    pub fn extend(&mut self, other: &CellList) {
        for c in other.iter() {
            self.push(c);
        }
    }

    /// Cells `start..end` as a new list.
    pub fn sub(&self, start: usize, end: usize) -> CellList {
        let bytes = self.spans[start..end].iter().map(|s| s.1).sum();
        let mut out = CellList::with_capacity(end - start, bytes);
        for i in start..end {
            let (s, n) = self.spans[i];
            out.push(&self.buf[s..s + n]);
        }
        out
    }
}

impl std::ops::Index<usize> for CellList {
    type Output = [u8];
    fn index(&self, i: usize) -> &[u8] {
        let (s, n) = self.spans[i];
        &self.buf[s..s + n]
    }
}

/// A page's content held in memory while it is being rebuilt by the balancer.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub pgno: PageNo,
    pub flag: u8,
    /// Raw cells, in order, exactly as stored on a page of type `flag`.
    pub cells: CellList,
    /// Right-most child (interior pages), else 0.
    pub right_child: PageNo,
}

impl Node {
    pub fn is_leaf(&self) -> bool {
        self.flag == TABLE_LEAF || self.flag == INDEX_LEAF
    }

    /// Reads the whole page into a node.
    pub fn read(data: &[u8], info: &PageInfo) -> Result<Node> {
        let content = info.usable.saturating_sub(info.content_start(data)?);
        let mut cells = CellList::with_capacity(info.ncells, content);
        for i in 0..info.ncells {
            let off = info.cell_offset(data, i)?;
            let c = info.parse_cell(data, off)?;
            cells.push(&data[off..off + c.len]);
        }
        Ok(Node {
            pgno: info.pgno,
            flag: info.flag,
            cells,
            right_child: if info.leaf {
                0
            } else {
                info.right_child(data)?
            },
        })
    }

    /// Bytes the node needs after the page header offset: header, pointers and cells.
    pub fn used_bytes(&self) -> usize {
        let hsize = if self.is_leaf() { 8 } else { 12 };
        hsize
            + self
                .cells
                .iter()
                .map(|c| c.len().max(MIN_CELL) + 2)
                .sum::<usize>()
    }

    /// True when the node fits on page `pgno`.
    pub fn fits(&self, usable: usize) -> bool {
        self.cells.len() <= 0xffff && header_offset(self.pgno) + self.used_bytes() <= usable
    }

    /// Writes the node onto its page, packed (no freeblocks). Precondition: `fits`.
    pub fn write(&self, data: &mut [u8], usable: usize) {
        debug_assert!(self.fits(usable));
        let hdr = header_offset(self.pgno);
        init_page(data, hdr, self.flag, usable);
        let ptr_start = hdr + if self.is_leaf() { 8 } else { 12 };
        if !self.is_leaf() {
            put_u32(data, hdr + 8, self.right_child);
        }
        let mut top = usable;
        for (i, c) in self.cells.iter().enumerate() {
            let n = c.len().max(MIN_CELL);
            top -= n;
            data[top..top + c.len()].copy_from_slice(c);
            data[top + c.len()..top + n].fill(0);
            put_u16(data, ptr_start + 2 * i, top);
        }
        put_u16(data, hdr + 3, self.cells.len());
        put_u16(data, hdr + 5, if top == 65536 { 0 } else { top });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const U: usize = 4096;

    fn leaf_cell(rowid: u8, len: usize) -> Vec<u8> {
        let mut c = vec![len as u8, rowid];
        c.extend(std::iter::repeat_n(rowid, len));
        c
    }

    #[test]
    fn spill_thresholds_match_fileformat() {
        // U=4096: table leaf X=4061, index X=1002, M=489.
        assert_eq!(local_size(true, 4061, U), 4061);
        assert_eq!(local_size(true, 4062, U), 489); // K = 4062 > X
        assert_eq!(local_size(true, 4092 + 489 + 10, U), 499);
        assert_eq!(local_size(false, 1002, U), 1002);
        assert_eq!(local_size(false, 1003, U), 489); // K = 1003 > X
        assert_eq!(local_size(false, 5000, U), 908);
        assert_eq!(local_size(false, 4092 + 489 + 600, U), 489); // K > X: M
    }

    #[test]
    fn insert_drop_keeps_free_space_accounting() {
        let mut data = vec![0u8; U];
        init_page(&mut data, 0, TABLE_LEAF, U);
        let mut info = PageInfo::parse(&data, 2, U).unwrap();
        let empty = info.free_bytes(&data).unwrap();
        for i in 0..20u8 {
            assert!(
                insert_cell(&mut data, &mut info, i as usize, &leaf_cell(i, i as usize)).unwrap()
            );
        }
        // Drop every other cell, creating freeblocks and fragments.
        for i in (0..10).rev() {
            drop_cell(&mut data, &mut info, i * 2).unwrap();
        }
        let info2 = PageInfo::parse(&data, 2, U).unwrap();
        assert_eq!(info2.ncells, 10);
        let used: usize = (0..10)
            .map(|i| info2.cell(&data, i).unwrap().size + 2)
            .sum();
        assert_eq!(info2.free_bytes(&data).unwrap() + used, empty);
        for i in (0..10).rev() {
            drop_cell(&mut data, &mut info, i).unwrap();
        }
        assert_eq!(info.free_bytes(&data).unwrap(), empty);
        assert_eq!(info.content_start(&data).unwrap(), U);
        assert_eq!(data[7], 0);
    }

    #[test]
    fn fills_then_refuses() {
        let mut data = vec![0u8; U];
        init_page(&mut data, 0, TABLE_LEAF, U);
        let mut info = PageInfo::parse(&data, 2, U).unwrap();
        let mut n = 0;
        while insert_cell(&mut data, &mut info, n, &leaf_cell(1, 100)).unwrap() {
            n += 1;
        }
        assert_eq!(n, (U - 8) / 104);
        drop_cell(&mut data, &mut info, 3).unwrap();
        assert!(insert_cell(&mut data, &mut info, 0, &leaf_cell(2, 100)).unwrap());
    }

    #[test]
    fn corrupt_headers_are_errors() {
        let mut data = vec![0u8; U];
        assert!(PageInfo::parse(&data, 2, U).is_err()); // type 0
        init_page(&mut data, 0, TABLE_LEAF, U);
        put_u16(&mut data, 3, 5000); // too many cells
        assert!(PageInfo::parse(&data, 2, U).is_err());
        put_u16(&mut data, 3, 1);
        put_u16(&mut data, 8, 4095); // cell at the very end
        let info = PageInfo::parse(&data, 2, U).unwrap();
        assert!(info.cell(&data, 0).is_err());
    }
}

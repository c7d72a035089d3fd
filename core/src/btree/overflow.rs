//! Overflow chains: the part of a payload that does not fit in its cell.
//!
//! A cell whose payload P exceeds the local maximum stores `local_size` bytes in the cell and
//! the rest in a chain of overflow pages. Each overflow page holds a 4-byte big-endian page
//! number of the next page in the chain (0 on the last) followed by up to U-4 payload bytes.
//! The chain length is fixed by P, so a chain that runs longer (a cycle) or ends early is
//! corrupt.

use crate::error::{codes, Error, Result};
use crate::pager::{PageNo, Pager};

use super::page::{get_u32, local_size, put_u32, CellInfo, INDEX_LEAF, TABLE_LEAF};
use super::varint::put_varint;

/// Largest payload accepted (SQLite's default SQLITE_MAX_LENGTH, 1e9 bytes).
pub(crate) const MAX_PAYLOAD: usize = 1_000_000_000;

/// Number of overflow pages a payload of `payload` bytes with `local` bytes in the cell needs.
fn chain_len(payload: u64, local: usize, usable: usize) -> u64 {
    let rest = payload - local as u64;
    rest.div_ceil(usable as u64 - 4)
}

/// Reads the first `min(limit, payload_size)` bytes of a cell's payload: `local` holds the
/// cell's local bytes, the rest comes from the overflow chain.
pub(crate) fn read_payload(
    pager: &Pager,
    local: &[u8],
    cell: &CellInfo,
    limit: usize,
) -> Result<Vec<u8>> {
    if cell.payload_size > MAX_PAYLOAD as u64 {
        return Err(corrupt!());
    }
    let total = (cell.payload_size as usize).min(limit);
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&local[..local.len().min(total)]);
    let usable = pager.usable_size();
    let max_pages = chain_len(cell.payload_size, cell.local_size, usable);
    let mut next = cell.overflow;
    let mut visited = 0u64;
    while out.len() < total {
        if next == 0 || visited >= max_pages {
            return Err(corrupt!());
        }
        visited += 1;
        let page = pager.get(next)?;
        let data = page.data();
        let take = (usable - 4).min(total - out.len());
        out.extend_from_slice(data.get(4..4 + take).ok_or_else(|| corrupt!())?);
        next = get_u32(&data, 0)?;
    }
    Ok(out)
}

/// Builds a leaf cell (table leaf when `flag == TABLE_LEAF`, else index leaf) for `payload`,
/// writing any overflow pages it needs. Must be called inside a write transaction.
pub(crate) fn build_leaf_cell(
    pager: &Pager,
    flag: u8,
    rowid: i64,
    payload: &[u8],
) -> Result<Vec<u8>> {
    debug_assert!(flag == TABLE_LEAF || flag == INDEX_LEAF);
    if payload.len() > MAX_PAYLOAD {
        return Err(Error::from_code(codes::SQLITE_TOOBIG));
    }
    let usable = pager.usable_size();
    let local = local_size(flag == TABLE_LEAF, payload.len() as u64, usable);
    let mut cell = Vec::with_capacity(local + 22);
    put_varint(&mut cell, payload.len() as u64);
    if flag == TABLE_LEAF {
        put_varint(&mut cell, rowid as u64);
    }
    cell.extend_from_slice(&payload[..local]);
    if local < payload.len() {
        let first = write_chain(pager, &payload[local..])?;
        cell.extend_from_slice(&first.to_be_bytes());
    }
    Ok(cell)
}

/// Writes `rest` into a new overflow chain; returns its first page.
fn write_chain(pager: &Pager, rest: &[u8]) -> Result<PageNo> {
    let per_page = pager.usable_size() - 4;
    let chunks: Vec<&[u8]> = rest.chunks(per_page).collect();
    let mut pages = Vec::with_capacity(chunks.len());
    for _ in 0..chunks.len() {
        pages.push(pager.allocate()?);
    }
    for (i, chunk) in chunks.iter().enumerate() {
        let next = pages.get(i + 1).map_or(0, |p| p.pgno());
        let mut data = pages[i].data_mut();
        put_u32(&mut data, 0, next);
        data[4..4 + chunk.len()].copy_from_slice(chunk);
    }
    Ok(pages[0].pgno())
}

/// Frees the overflow chain of `cell` (nothing when it has none).
pub(crate) fn free_chain(pager: &Pager, cell: &CellInfo) -> Result<()> {
    if cell.overflow == 0 {
        return Ok(());
    }
    let max_pages = chain_len(cell.payload_size, cell.local_size, pager.usable_size());
    let mut next = cell.overflow;
    let mut n = 0u64;
    while next != 0 {
        if n >= max_pages || n >= u64::from(pager.page_count()) || next > pager.page_count() {
            return Err(corrupt!());
        }
        n += 1;
        let page = pager.get(next)?;
        next = get_u32(&page.data(), 0)?;
        pager.free(page)?;
    }
    if n != max_pages {
        return Err(corrupt!());
    }
    Ok(())
}

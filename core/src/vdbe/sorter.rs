//! The sorter behind `SorterOpen/SorterInsert/SorterSort/SorterNext/SorterData`: collects
//! records in memory, sorts them by their decoded key fields under a [`KeyInfo`] (stable, so
//! equal keys keep insertion order), then iterates.

use std::sync::Arc;

use crate::error::Result;
use crate::value::compare::{compare_keys, CollationResolver, KeyInfo};
use crate::value::record::decode_record;
use crate::value::Value;

pub(crate) struct Sorter {
    key_info: Arc<KeyInfo>,
    rows: Vec<(Vec<Value>, Vec<u8>)>,
    pos: Option<usize>,
}

impl Sorter {
    pub fn new(key_info: Arc<KeyInfo>) -> Sorter {
        Sorter {
            key_info,
            rows: Vec::new(),
            pos: None,
        }
    }

    pub fn insert(&mut self, record: Vec<u8>) -> Result<()> {
        let n = self.key_fields();
        let mut key = decode_record(&record)?;
        key.truncate(n);
        self.rows.push((key, record));
        Ok(())
    }

    fn key_fields(&self) -> usize {
        match self.key_info.n_key_fields {
            0 => usize::MAX,
            n => n,
        }
    }

    /// Sorts (user collations through `resolver`) and positions on the first record; false
    /// when empty.
    pub fn sort(&mut self, resolver: Option<CollationResolver<'_>>) -> bool {
        let ki = self.key_info.clone();
        self.rows
            .sort_by(|a, b| compare_keys(&a.0, &b.0, &ki, resolver));
        self.pos = if self.rows.is_empty() { None } else { Some(0) };
        self.pos.is_some()
    }

    /// Advances; false past the end.
    pub fn next(&mut self) -> bool {
        self.pos = match self.pos {
            Some(p) if p + 1 < self.rows.len() => Some(p + 1),
            _ => None,
        };
        self.pos.is_some()
    }

    pub fn current(&self) -> Option<&[u8]> {
        self.pos
            .and_then(|p| self.rows.get(p))
            .map(|r| r.1.as_slice())
    }

    pub fn current_key(&self) -> Option<&[Value]> {
        self.pos
            .and_then(|p| self.rows.get(p))
            .map(|r| r.0.as_slice())
    }

    pub fn key_info(&self) -> &KeyInfo {
        &self.key_info
    }

    pub fn reset(&mut self) {
        self.rows.clear();
        self.pos = None;
    }
}

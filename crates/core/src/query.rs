//! Questions a page asks of one kind of item: which rows (conditions on their fields,
//! usually one partnership's), in which order, and which page of them. The store
//! answers in SQL (filter, sort, page and count), so no reader loads a whole table.
//!
//! Field names are those of the `core` types, which are also the columns' names.

use chrono::{DateTime, NaiveDate, Utc};

use crate::partnerships::PartnershipId;
use crate::record::Publication;

/// A value compared with a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Text(String),
    Date(NaiveDate),
    Instant(DateTime<Utc>),
    Bool(bool),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<NaiveDate> for Value {
    fn from(v: NaiveDate) -> Self {
        Value::Date(v)
    }
}
impl From<DateTime<Utc>> for Value {
    fn from(v: DateTime<Utc>) -> Self {
        Value::Instant(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<Publication> for Value {
    fn from(v: Publication) -> Self {
        Value::Text(publication_str(v).to_owned())
    }
}

/// How a publication state is stored (its serde name).
pub fn publication_str(p: Publication) -> &'static str {
    match p {
        Publication::Draft => "draft",
        Publication::Published => "published",
        Publication::Archived => "archived",
    }
}

/// One condition on a field; a query's conditions must all hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Eq(&'static str, Value),
    Ne(&'static str, Value),
    Lt(&'static str, Value),
    Le(&'static str, Value),
    Gt(&'static str, Value),
    Ge(&'static str, Value),
    /// The field equals one of the values (none: no row matches).
    In(&'static str, Vec<Value>),
    /// The field equals none of the values (none: every row matches).
    NotIn(&'static str, Vec<Value>),
    IsNull(&'static str),
    /// The field's text contains this (letters A–Z in any case). On a text in three
    /// languages or a list, its stored form is searched, so any language matches.
    Contains(&'static str, String),
    /// The field, a list of whole numbers, has this one among them.
    Has(&'static str, i64),
    /// At least one of the conditions holds.
    Any(Vec<Cond>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Asc,
    Desc,
}

/// Which rows, in which order, which page. The id is always the last sort key, so
/// pages never overlap or skip rows that sort equal.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub conds: Vec<Cond>,
    pub order: Vec<(&'static str, Dir)>,
    pub offset: u64,
    /// `None`: every row that matches (only for sets known to be small).
    pub limit: Option<u64>,
}

impl ListQuery {
    /// Every row of the kind (oldest first, by id).
    pub fn all() -> Self {
        ListQuery { conds: Vec::new(), order: Vec::new(), offset: 0, limit: None }
    }

    /// The rows of one partnership.
    pub fn of(partnership: PartnershipId) -> Self {
        ListQuery::all().with(Cond::Eq("partnership_id", Value::Int(partnership.get())))
    }

    pub fn with(mut self, cond: Cond) -> Self {
        self.conds.push(cond);
        self
    }

    /// Only rows in one of these publication states.
    pub fn publication(self, states: &[Publication]) -> Self {
        self.with(Cond::In("publication", states.iter().map(|&p| Value::from(p)).collect()))
    }

    pub fn asc(mut self, field: &'static str) -> Self {
        self.order.push((field, Dir::Asc));
        self
    }

    pub fn desc(mut self, field: &'static str) -> Self {
        self.order.push((field, Dir::Desc));
        self
    }

    /// The `number`th page (from 1) of `size` rows.
    pub fn page(mut self, number: u64, size: u64) -> Self {
        let size = size.max(1);
        self.offset = number.saturating_sub(1).saturating_mul(size);
        self.limit = Some(size);
        self
    }

    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// One page of rows and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), total: self.total }
    }
}

/// Page numbers for a list: which page is shown, how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl Paging {
    /// `requested` is clamped to 1..; a page past the last is kept (it shows nothing).
    pub fn new(requested: Option<u64>, per_page: u64, total: u64) -> Self {
        Paging { page: requested.unwrap_or(1).max(1), per_page: per_page.max(1), total }
    }

    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page).max(1)
    }

    pub fn offset(&self) -> usize {
        usize::try_from(self.page.saturating_sub(1).saturating_mul(self.per_page)).unwrap_or(usize::MAX)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }

    /// The slice of `items` (all rows, already in order) this page shows.
    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = self.offset().min(items.len());
        let end = start.saturating_add(self.per_page as usize).min(items.len());
        &items[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_row_once() {
        let rows: Vec<u32> = (0..105).collect();
        let mut seen = Vec::new();
        let first = Paging::new(None, 50, rows.len() as u64);
        assert_eq!(first.pages(), 3);
        for n in 1..=first.pages() {
            seen.extend_from_slice(Paging::new(Some(n), 50, 105).slice(&rows));
        }
        assert_eq!(seen, rows);
        assert!(Paging::new(Some(4), 50, 105).slice(&rows).is_empty());
        assert!(!Paging::new(Some(3), 50, 105).has_next());
        assert!(Paging::new(Some(0), 50, 105).page == 1);
        assert_eq!(Paging::new(None, 50, 0).pages(), 1);
    }

    #[test]
    fn a_page_request_becomes_offset_and_limit() {
        let q = ListQuery::all().page(3, 20);
        assert_eq!((q.offset, q.limit), (40, Some(20)));
        let q = ListQuery::all().page(u64::MAX, 20);
        assert_eq!(q.limit, Some(20));
    }
}

//! Search: one tantivy index over every published partnership's public texts in all
//! three languages, derived from the portal's read model; never the source of truth.
//!
//! It lives in the data folder (`search/`, in memory for tools and tests) and follows
//! the record partnership by partnership: before a search, the partnerships' change
//! counters (one query) are compared with those the index was built at; of those that
//! moved, the notes of what moved them (`partnership_change`, written with the counter)
//! name the items to index again, each document being replaced by its item's key
//! (see [`Plan`]). The counters it holds are kept in the index's own commit, so after
//! a restart nothing is rebuilt that did not change. A scheduled news post is indexed
//! when its time comes. One refresh runs at a time; searches that arrive meanwhile wait for it and
//! find the index fresh. `zusterstad reindex` rebuilds it all.
//!
//! Japanese has no spaces, so its text is cut into single characters and overlapping
//! pairs (伝統工芸 → 伝 統 工 芸 伝統 統工 工芸): a query of one character (竜) finds
//! every text containing it, and a two-character word such as 伝統 matches inside
//! longer words. Dutch and English words are stemmed, so `uitwisselingen` finds
//! `uitwisseling` and `exchanges` finds `exchange`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query as Select};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Language, LowerCaser, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term, doc};
use zusterstad_core::activities::Activity;
use zusterstad_core::approvals::Approval;
use zusterstad_core::events::Event;
use zusterstad_core::news::NewsPost;
use zusterstad_core::portal::{ActivityFilter, Portal};
use zusterstad_core::query::{Cond, ListQuery};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Id, Lang, Localized, Publication, Result, Stored};

use crate::Db;
use crate::errors;

/// Splits text into words; runs of CJK characters into characters and overlapping
/// bigrams. For a query (`query`), a run of two or more characters gives only its
/// bigrams (at the positions the text has them): they imply the characters, and a
/// character alone matches far more texts than its pairs, so the search is faster.
#[derive(Clone, Default)]
pub struct CjkBigramTokenizer {
    token: Token,
    query: bool,
}

pub struct CjkBigramStream<'a> {
    tokens: std::vec::IntoIter<Token>,
    current: &'a mut Token,
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // kana
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' // kanji
        | '\u{ff66}'..='\u{ff9f}' // half-width katakana
    )
}

/// The tokens of `text`: (byte offsets, text).
pub fn tokens(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |(b, _)| *b);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_cjk(c) {
            let mut j = i;
            while j < chars.len() && is_cjk(chars[j].1) {
                j += 1;
            }
            for k in i..j {
                let (from, c) = chars[k];
                out.push((from, end_of(k), c.to_string()));
                if k + 1 < j {
                    out.push((from, end_of(k + 1), text[from..end_of(k + 1)].to_owned()));
                }
            }
            i = j;
        } else if c.is_alphanumeric() {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_alphanumeric() && !is_cjk(chars[j].1) {
                j += 1;
            }
            out.push((start, end_of(j - 1), text[start..end_of(j - 1)].to_owned()));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkBigramStream<'a> {
        let all = tokens(text);
        // A character inside a longer run: a bigram at the same place covers it.
        let covered = |i: usize| {
            let (from, to, t) = &all[i];
            t.chars().count() == 1
                && t.chars().all(is_cjk)
                && all.iter().any(|(f, e, u)| u.chars().count() == 2 && f <= from && e >= to)
        };
        let tokens: Vec<Token> = all
            .iter()
            .cloned()
            .enumerate()
            .filter(|(i, _)| !self.query || !covered(*i))
            .map(|(position, (from, to, text))| Token {
                offset_from: from,
                offset_to: to,
                position,
                text,
                position_length: 1,
            })
            .collect();
        CjkBigramStream { tokens: tokens.into_iter(), current: &mut self.token }
    }
}

impl TokenStream for CjkBigramStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                *self.current = t;
                true
            }
            None => false,
        }
    }
    fn token(&self) -> &Token {
        self.current
    }
    fn token_mut(&mut self) -> &mut Token {
        self.current
    }
}

fn analyzer(lang: Lang, query: bool) -> TextAnalyzer {
    let base = TextAnalyzer::builder(CjkBigramTokenizer { query, ..Default::default() }).filter(LowerCaser);
    match lang {
        Lang::Nl => base.filter(Stemmer::new(Language::Dutch)).build(),
        Lang::En => base.filter(Stemmer::new(Language::English)).build(),
        Lang::Ja => base.build(),
    }
}

struct Fields {
    partnership: Field,
    /// Which item a document is of (see [`item_key`]), to replace it alone.
    item: Field,
    kind: Field,
    path: Field,
    title: [Field; 3],
    body: [Field; 3],
}

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Nl => 0,
        Lang::Ja => 1,
        Lang::En => 2,
    }
}

pub use zusterstad_core::store::SearchHit as Hit;

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search index: {e}"))
}

/// Changes to the index's fields or tokenizers: an index written with another
/// version is rebuilt.
const SCHEMA_VERSION: u32 = 3;

/// A change to the index, handed to its writer.
enum Op {
    DeleteAll,
    /// Every document with this term: a partnership's, or one item's.
    Delete(Term),
    Add(Vec<TantivyDocument>),
}

/// Documents handed to the writer at once while indexing many partnerships.
const WRITE_BATCH: usize = 20_000;

/// Changes gathered for the writer, with how many documents they add.
#[derive(Default)]
struct Batch {
    ops: Vec<Op>,
    /// Documents added since the batch was last handed over.
    pending: usize,
    /// Documents added in all.
    documents: usize,
}

impl Batch {
    fn delete(&mut self, term: Term) {
        self.ops.push(Op::Delete(term));
    }

    fn add(&mut self, docs: Vec<TantivyDocument>) {
        self.pending += docs.len();
        self.documents += docs.len();
        self.ops.push(Op::Add(docs));
    }

    /// The changes gathered, once they add [`WRITE_BATCH`] documents.
    fn full(&mut self) -> Option<Vec<Op>> {
        (self.pending >= WRITE_BATCH).then(|| {
            self.pending = 0;
            std::mem::take(&mut self.ops)
        })
    }
}

/// The long lists of a partnership, indexed a page at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Long {
    Activities,
    News,
    Events,
}

impl Long {
    fn kind(self) -> &'static str {
        match self {
            Long::Activities => "activity",
            Long::News => "news",
            Long::Events => "event",
        }
    }
}

/// The key of one item's document in partnership `partnership`; the documents of
/// the partnership's read model (cities, organisations, agreements, symbols, the
/// partnership itself) share one key and are replaced together.
fn item_key(partnership: i64, item: Option<(Long, i64)>) -> String {
    match item {
        Some((list, id)) => format!("{partnership}/{}/{id}", list.kind()),
        None => format!("{partnership}/model"),
    }
}

/// What a refresh indexes again of one partnership.
#[derive(Debug, PartialEq)]
enum Plan {
    /// Everything: the index has nothing of it, notes are missing (pruned, or
    /// another database), or a change reaches every document (the partnership's
    /// address or rules).
    Whole,
    /// The model's documents (`model`) and these single items.
    Items { model: bool, items: std::collections::BTreeSet<(Long, i64)> },
}

/// How many partnerships a refresh indexed again (wholly or in part), and how many
/// documents it wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub partnerships: usize,
    pub documents: usize,
}

/// Notes of changes older than this are deleted; an index that has not caught up
/// by then indexes the partnership again whole.
const KEEP_NOTES: chrono::Duration = chrono::Duration::days(30);

/// How often the old notes are deleted.
const PRUNE_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// Scheduled posts whose time came at once, above which the partnership is
/// indexed again whole.
const DUE_AT_ONCE: u64 = 1_000;

/// Activities, news or events read from the database at once while indexing.
const READ_PAGE: u64 = 1_000;

/// What the index holds of one partnership: its change counter when it was indexed,
/// and when it must be indexed again whatever happens (the next scheduled post).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Mark {
    seq: i64,
    until: Option<DateTime<Utc>>,
}

/// Kept in the index's commit: what it holds, so a restart rebuilds nothing.
#[derive(Default, Serialize, Deserialize)]
struct Payload {
    version: u32,
    marks: HashMap<String, Mark>,
}

fn schema() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let text = |name: &str| {
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(name)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored()
    };
    let partnership = schema.add_text_field("partnership", STRING | STORED);
    let item = schema.add_text_field("item", STRING);
    let kind = schema.add_text_field("kind", STRING | STORED);
    let path = schema.add_text_field("path", STORED);
    let mut title = Vec::new();
    let mut body = Vec::new();
    for lang in Lang::ALL {
        title.push(schema.add_text_field(&format!("title_{lang}"), text(&format!("zt_{lang}"))));
        body.push(schema.add_text_field(&format!("body_{lang}"), text(&format!("zt_{lang}"))));
    }
    let fields = Fields {
        partnership,
        item,
        kind,
        path,
        title: [title[0], title[1], title[2]],
        body: [body[0], body[1], body[2]],
    };
    (schema.build(), fields)
}

/// The index, its writer and what it holds.
pub struct SearchIndex {
    index: Index,
    /// The analyzers of queries (see [`CjkBigramTokenizer`]).
    queries: tantivy::tokenizer::TokenizerManager,
    reader: IndexReader,
    fields: Fields,
    writer: Arc<Mutex<IndexWriter>>,
    /// What the index holds, as of its last commit (read by searches and metrics).
    marks: Mutex<HashMap<String, Mark>>,
    /// One refresh at a time; the others wait and then find nothing to do.
    refreshing: tokio::sync::Mutex<()>,
    /// When old notes of changes were last deleted (see [`KEEP_NOTES`]).
    pruned: Mutex<Option<DateTime<Utc>>>,
}

impl SearchIndex {
    /// Opens the index in `dir` (made if missing; rebuilt from nothing if it was
    /// written by another version or can't be read), or one in memory.
    fn open(dir: Option<&std::path::Path>) -> Result<SearchIndex> {
        let (schema, fields) = schema();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(internal)?;
                let opened = tantivy::directory::MmapDirectory::open(dir)
                    .map_err(internal)
                    .and_then(|d| Index::open_or_create(d, schema.clone()).map_err(internal));
                let current = opened.ok().filter(|index| {
                    let payload = index.load_metas().ok().and_then(|m| m.payload);
                    payload
                        .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
                        .is_none_or(|p| p.version == SCHEMA_VERSION)
                });
                match current {
                    Some(index) => index,
                    None => {
                        tracing::warn!(dir = %dir.display(), "the search index is of another version or unreadable: rebuilding it");
                        std::fs::remove_dir_all(dir).map_err(internal)?;
                        std::fs::create_dir_all(dir).map_err(internal)?;
                        let d = tantivy::directory::MmapDirectory::open(dir).map_err(internal)?;
                        Index::open_or_create(d, schema).map_err(internal)?
                    }
                }
            }
        };
        let queries = tantivy::tokenizer::TokenizerManager::default();
        for lang in Lang::ALL {
            index.tokenizers().register(&format!("zt_{lang}"), analyzer(lang, false));
            queries.register(&format!("zt_{lang}"), analyzer(lang, true));
        }
        let marks = index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .map(|p| p.marks)
            .unwrap_or_default();
        let writer = index.writer_with_num_threads(1, 30_000_000).map_err(internal)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(internal)?;
        Ok(SearchIndex {
            index,
            queries,
            reader,
            fields,
            writer: Arc::new(Mutex::new(writer)),
            marks: Mutex::new(marks),
            refreshing: tokio::sync::Mutex::new(()),
            pruned: Mutex::new(None),
        })
    }

    fn marks(&self) -> HashMap<String, Mark> {
        self.marks.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// The document of one text of the partnership `p`, with the item key `item`.
    fn document(
        &self,
        p: &Portal,
        item: String,
        kind: &str,
        path: String,
        t: &Localized,
        texts: &[&Localized],
    ) -> TantivyDocument {
        let f = &self.fields;
        let slug = p.partnership.item.slug.as_str();
        let mut d = doc!(f.partnership => slug, f.item => item, f.kind => kind, f.path => path);
        for lang in Lang::ALL {
            d.add_text(f.title[slot(lang)], &t.get(lang).value);
            let joined: Vec<&str> =
                texts.iter().map(|x| x.get(lang).value.as_str()).filter(|s| !s.is_empty()).collect();
            d.add_text(f.body[slot(lang)], joined.join("\n"));
        }
        d
    }

    /// The documents of one partnership's public texts held in its read model (its
    /// activities and news are read a page at a time: see `refresh`).
    fn documents(&self, p: &Portal) -> Vec<TantivyDocument> {
        let key = item_key(p.partnership.id.get(), None);
        let mut out = Vec::new();
        let mut add = |kind: &str, path: String, t: &Localized, texts: &[&Localized]| {
            out.push(self.document(p, key.clone(), kind, path, t, texts))
        };
        for o in &p.organisations {
            add("organisation", format!("organisations/{}", o.id), &o.item.name, &[&o.item.description]);
        }
        for (a, _) in &p.agreements {
            add("agreement", "agreements".into(), &a.item.title, &[&a.item.summary]);
        }
        for l in &p.landmarks {
            add("symbol", "symbols".into(), &l.item.name, &[&l.item.description, &l.item.location, &l.item.occasion]);
        }
        for c in [&p.city_a, &p.city_b] {
            let mut texts: Vec<&Localized> = vec![&c.item.description];
            texts.extend(c.item.facts.iter().map(|f| &f.text));
            add("city", String::new(), &c.item.name, &texts);
        }
        add(
            "partnership",
            String::new(),
            &p.partnership.item.name,
            &[&p.partnership.item.summary, &p.partnership.item.description],
        );
        out
    }

    fn activity_document(&self, p: &Portal, a: &Stored<Activity>) -> TantivyDocument {
        let key = item_key(p.partnership.id.get(), Some((Long::Activities, a.id.get())));
        let path = format!("activities/{}", a.id);
        self.document(p, key, "activity", path, &a.item.title, &[&a.item.summary, &a.item.body])
    }

    fn news_document(&self, p: &Portal, n: &Stored<NewsPost>) -> TantivyDocument {
        let key = item_key(p.partnership.id.get(), Some((Long::News, n.id.get())));
        let path = format!("news/{}", n.item.slug);
        self.document(p, key, "news", path, &n.item.title, &[&n.item.summary, &n.item.body])
    }

    fn event_document(&self, p: &Portal, e: &Stored<Event>) -> TantivyDocument {
        let key = item_key(p.partnership.id.get(), Some((Long::Events, e.id.get())));
        let path = format!("events/{}", e.id);
        self.document(p, key, "event", path, &e.item.title, &[&e.item.description, &e.item.venue])
    }

    /// The document of one activity, news post or event, if the public sees it.
    async fn item_document(&self, db: &Db, p: &Portal, list: Long, id: i64) -> Result<Option<TantivyDocument>> {
        Ok(match list {
            Long::Activities => p.activity(db, id).await?.map(|a| self.activity_document(p, &a)),
            Long::News => p.news_by_id(db, id).await?.map(|n| self.news_document(p, &n)),
            Long::Events => p.event(db, id).await?.map(|e| self.event_document(p, &e)),
        })
    }

    /// The documents of page `number` of the partnership's activities, news or
    /// events, and whether it was the last page.
    async fn page_documents(
        &self,
        db: &Db,
        p: &Portal,
        list: Long,
        number: u64,
    ) -> Result<(Vec<TantivyDocument>, bool)> {
        let (docs, read) = match list {
            Long::Events => {
                let q = p.events_query().asc("id").page(number, READ_PAGE);
                let page = p.events_where(db, &q).await?;
                let read = Ord::min(page.total, number * READ_PAGE).saturating_sub((number - 1) * READ_PAGE);
                (page.items.iter().map(|e| self.event_document(p, e)).collect::<Vec<_>>(), read as usize)
            }
            Long::News => {
                let page = p.news(db, number, READ_PAGE).await?;
                (page.items.iter().map(|n| self.news_document(p, n)).collect(), page.items.len())
            }
            Long::Activities => {
                let page = p.activities(db, &ActivityFilter::default(), number, READ_PAGE).await?;
                (page.items.iter().map(|a| self.activity_document(p, a)).collect(), page.items.len())
            }
        };
        Ok((docs, (read as u64) < READ_PAGE))
    }

    /// What to index again of partnership `id`, whose counter is at `seq`, for an
    /// index that holds it as of `mark`: the items the notes between the two name.
    async fn plan(&self, db: &Db, id: i64, mark: Option<Mark>, seq: i64, now: DateTime<Utc>) -> Result<Plan> {
        use zusterstad_core::Kind;
        let Some(mark) = mark.filter(|m| m.seq <= seq) else { return Ok(Plan::Whole) };
        let notes = notes(db, id, mark.seq, seq).await?;
        if notes.len() as i64 != seq - mark.seq {
            return Ok(Plan::Whole);
        }
        let (mut model, mut items) = (false, std::collections::BTreeSet::new());
        for (kind, record_id) in notes {
            let kind = Kind::ALL.into_iter().find(|k| k.as_str() == kind);
            // An approval stands for the item it approves (a joint event or agreement
            // shows the version both cities approved); one deleted since, for anything.
            let (kind, record_id) = match kind {
                Some(Kind::Approval) => match RecordStore::<Approval>::get(db, Id::new(record_id)).await {
                    Ok(a) => (Some(a.item.item_kind), a.item.record_id),
                    Err(Error::NotFound { .. }) => return Ok(Plan::Whole),
                    Err(e) => return Err(e),
                },
                other => (other, record_id),
            };
            match kind {
                Some(Kind::Activity) => {
                    items.insert((Long::Activities, record_id));
                }
                Some(Kind::NewsPost) => {
                    items.insert((Long::News, record_id));
                }
                Some(Kind::Event) => {
                    items.insert((Long::Events, record_id));
                }
                Some(Kind::City | Kind::Organisation | Kind::Agreement | Kind::Landmark) => model = true,
                // Not in the index: nothing to do.
                Some(
                    Kind::File
                    | Kind::Document
                    | Kind::Person
                    | Kind::Ambassador
                    | Kind::User
                    | Kind::RoleGrant
                    | Kind::Registration
                    | Kind::ApiToken
                    | Kind::OrganisationPair
                    | Kind::Programme,
                ) => {}
                Some(Kind::Partnership | Kind::Approval) | None => return Ok(Plan::Whole),
            }
        }
        // Scheduled posts whose time has come since.
        if let Some(until) = mark.until.filter(|u| *u <= now) {
            let due = RecordStore::<NewsPost>::query(
                db,
                &ListQuery::of(Id::new(id))
                    .publication(&[Publication::Published])
                    .with(Cond::Ge("published_at", until.into()))
                    .with(Cond::Le("published_at", now.into()))
                    .limit(DUE_AT_ONCE),
            )
            .await?;
            if due.total > DUE_AT_ONCE {
                return Ok(Plan::Whole);
            }
            items.extend(due.items.iter().map(|n| (Long::News, n.id.get())));
        }
        Ok(Plan::Items { model, items })
    }

    /// Brings the index up to date with the record at `now`: of the partnerships
    /// whose change counter moved (or whose scheduled post is due), only the items
    /// the notes of their changes name are indexed again (see [`Plan`]); those no
    /// longer published are taken out. With `all`, everything is rebuilt.
    async fn refresh(&self, db: &Db, now: DateTime<Utc>, all: bool) -> Result<Refreshed> {
        let _turn = self.refreshing.lock().await;
        self.prune(db, now).await;
        let current = published_partnerships(db).await?;
        let mut marks = if all { HashMap::new() } else { self.marks() };
        let stale: Vec<&(i64, String, i64)> = current
            .iter()
            .filter(|(_, slug, seq)| marks.get(slug).is_none_or(|m| m.seq != *seq || m.until.is_some_and(|u| u <= now)))
            .collect();
        let gone: Vec<String> =
            marks.keys().filter(|slug| !current.iter().any(|(_, s, _)| s == *slug)).cloned().collect();
        if stale.is_empty() && gone.is_empty() && !all {
            return Ok(Refreshed::default());
        }
        let f = &self.fields;
        let outcome = async {
            let mut batch = Batch::default();
            if all {
                batch.ops.push(Op::DeleteAll);
            }
            for slug in &gone {
                batch.delete(Term::from_field_text(f.partnership, slug));
            }
            let mut partnerships = 0;
            for (id, slug, seq) in &stale {
                // The counter is read before the texts: a change in between is seen
                // again by the next refresh, never missed.
                let plan =
                    if all { Plan::Whole } else { self.plan(db, *id, marks.get(slug).copied(), *seq, now).await? };
                // Nothing searchable changed (a registration, a person…) and no post
                // came due: the mark moves on without reading the partnership.
                if let (Plan::Items { model: false, items }, Some(mark)) = (&plan, marks.get_mut(slug))
                    && items.is_empty()
                    && mark.until.is_none_or(|u| u > now)
                {
                    mark.seq = *seq;
                    partnerships += 1;
                    continue;
                }
                let portal = match zusterstad_core::portal::load(db, slug, now).await {
                    Ok(p) => p,
                    Err(Error::NotFound { .. }) => continue,
                    Err(e) => return Err(e),
                };
                let next = RecordStore::<NewsPost>::query(
                    db,
                    &ListQuery::of(Id::new(*id))
                        .publication(&[Publication::Published])
                        .with(Cond::Gt("published_at", now.into()))
                        .asc("published_at")
                        .limit(1),
                )
                .await?;
                marks.insert(slug.clone(), Mark { seq: *seq, until: next.items.first().map(|n| n.item.published_at) });
                partnerships += 1;
                let items = match plan {
                    Plan::Whole => {
                        batch.delete(Term::from_field_text(f.partnership, slug));
                        batch.add(self.documents(&portal));
                        for list in [Long::Activities, Long::News, Long::Events] {
                            let mut number = 1;
                            loop {
                                let (docs, last) = self.page_documents(db, &portal, list, number).await?;
                                batch.add(docs);
                                // Handed to the writer a batch at a time: memory stays bounded.
                                if let Some(ops) = batch.full() {
                                    self.write(ops, None).await?;
                                }
                                if last {
                                    break;
                                }
                                number += 1;
                            }
                        }
                        Default::default()
                    }
                    Plan::Items { model, items } => {
                        if model {
                            batch.delete(Term::from_field_text(f.item, &item_key(*id, None)));
                            batch.add(self.documents(&portal));
                        }
                        items
                    }
                };
                for (list, record) in items {
                    batch.delete(Term::from_field_text(f.item, &item_key(*id, Some((list, record)))));
                    let doc = self.item_document(db, &portal, list, record).await?;
                    batch.add(doc.into_iter().collect());
                }
                if let Some(ops) = batch.full() {
                    self.write(ops, None).await?;
                }
            }
            for slug in &gone {
                marks.remove(slug);
            }
            let payload =
                serde_json::to_string(&Payload { version: SCHEMA_VERSION, marks: marks.clone() }).map_err(internal)?;
            self.write(batch.ops, Some(payload)).await?;
            Ok(Refreshed { partnerships, documents: batch.documents })
        }
        .await;
        match outcome {
            Ok(done) => {
                self.reader.reload().map_err(internal)?;
                if let Ok(mut m) = self.marks.lock() {
                    *m = marks;
                }
                Ok(done)
            }
            Err(e) => {
                // Nothing half-done stays in the writer for the next commit.
                let writer = self.writer.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    if let Ok(mut w) = writer.lock() {
                        let _ = w.rollback();
                    }
                })
                .await;
                Err(e)
            }
        }
    }

    /// Deletes the notes of changes older than [`KEEP_NOTES`], at most once per
    /// [`PRUNE_EVERY`]. Every server keeps its own index, so notes are kept by age,
    /// not until one index has read them; one that fails (a full disk) is tried
    /// again next time and hinders nothing.
    async fn prune(&self, db: &Db, now: DateTime<Utc>) {
        let due = self.pruned.lock().map(|last| last.is_none_or(|at| now - at >= PRUNE_EVERY)).unwrap_or(false);
        if !due {
            return;
        }
        let delete = Select::delete()
            .from_table(Alias::new(crate::records::CHANGES))
            .and_where(Expr::col(Alias::new("at")).lt((now - KEEP_NOTES).timestamp_micros()))
            .to_owned();
        match db.conn.execute(&delete).await {
            Ok(_) => {
                if let Ok(mut last) = self.pruned.lock() {
                    *last = Some(now);
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not delete old notes of changes"),
        }
    }

    /// Hands `ops` to the writer, off the async workers; with a payload, commits.
    async fn write(&self, ops: Vec<Op>, commit: Option<String>) -> Result<()> {
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || -> Result<()> {
            let mut w = writer.lock().map_err(internal)?;
            for op in ops {
                match op {
                    Op::DeleteAll => {
                        w.delete_all_documents().map_err(internal)?;
                    }
                    Op::Delete(term) => {
                        w.delete_term(term);
                    }
                    Op::Add(docs) => {
                        for d in docs {
                            w.add_document(d).map_err(internal)?;
                        }
                    }
                }
            }
            if let Some(payload) = commit {
                let mut prepared = w.prepare_commit().map_err(internal)?;
                prepared.set_payload(&payload);
                prepared.commit().map_err(internal)?;
            }
            Ok(())
        })
        .await
        .map_err(internal)?
    }

    /// The best matches for `query` (in one partnership, or in all), texts in `lang`
    /// ranked first; `kind` narrows to one kind of item.
    pub fn search(
        &self,
        partnership: Option<&str>,
        query: &str,
        lang: Lang,
        kind: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let f = &self.fields;
        let all: Vec<Field> = f.title.iter().chain(f.body.iter()).copied().collect();
        let mut parser = QueryParser::new(self.index.schema(), all, self.queries.clone());
        parser.set_conjunction_by_default();
        for l in Lang::ALL {
            let page = if l == lang { 2.0 } else { 1.0 };
            parser.set_field_boost(f.title[slot(l)], 2.0 * page);
            parser.set_field_boost(f.body[slot(l)], page);
        }
        // Visitors type words, not query syntax: quote-free, operator-free text.
        let cleaned: String =
            query.chars().map(|c| if c.is_alphanumeric() || c.is_whitespace() { c } else { ' ' }).collect();
        let (parsed, _) = parser.parse_query_lenient(&cleaned);
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed.box_clone())];
        if let Some(k) = kind {
            must.push((Occur::Must, term(f.kind, k)));
        }
        if let Some(p) = partnership {
            must.push((Occur::Must, term(f.partnership, p)));
        }
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(must));
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()).map_err(internal)?;
        let mut hits = Vec::new();
        for (score, address) in top {
            let d: TantivyDocument = searcher.doc(address).map_err(internal)?;
            let text = |field: Field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            // Show the page's language if the item has it, else the language that matched best.
            let shown =
                std::iter::once(lang).chain(Lang::ALL).find(|l| !text(f.title[slot(*l)]).is_empty()).unwrap_or(lang);
            let mut excerpt = String::new();
            for field in [f.body[slot(shown)], f.title[slot(shown)]] {
                let mut generator = SnippetGenerator::create(&searcher, &*parsed, field).map_err(internal)?;
                generator.set_max_num_chars(180);
                let snippet = generator.snippet_from_doc(&d);
                if !snippet.highlighted().is_empty() {
                    excerpt = marked(snippet.fragment(), snippet.highlighted(), &cleaned);
                    break;
                }
            }
            if excerpt.is_empty() {
                let body = text(f.body[slot(shown)]);
                excerpt = zusterstad_core_escape(&cut(&body, 180));
            }
            hits.push(Hit {
                partnership: text(f.partnership),
                kind: text(f.kind),
                path: text(f.path),
                title: text(f.title[slot(shown)]),
                excerpt_html: excerpt,
                lang: shown,
                score,
            });
        }
        Ok(hits)
    }
}

/// The published partnerships with their change counters: (id, slug, counter).
async fn published_partnerships(db: &Db) -> Result<Vec<(i64, String, i64)>> {
    let (p, c) = (Alias::new("partnership"), Alias::new("change_counter"));
    let query = Select::select()
        .column((p.clone(), Alias::new("id")))
        .column((p.clone(), Alias::new("slug")))
        .column((c.clone(), Alias::new("seq")))
        .from(p.clone())
        .join(
            JoinType::LeftJoin,
            c.clone(),
            Expr::col((c, Alias::new("partnership_id"))).equals((p.clone(), Alias::new("id"))),
        )
        .and_where(Expr::col((p, Alias::new("publication"))).eq("published"))
        .to_owned();
    let rows = db.conn.query_all(&query).await.map_err(errors::map)?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get_by_index::<i64>(0).map_err(errors::map)?,
                row.try_get_by_index::<String>(1).map_err(errors::map)?,
                row.try_get_by_index::<Option<i64>>(2).map_err(errors::map)?.unwrap_or(0),
            ))
        })
        .collect()
}

/// The kinds and ids of the items that moved partnership `id`'s counter past
/// `after` up to `upto`, in order.
pub(crate) async fn notes(db: &Db, id: i64, after: i64, upto: i64) -> Result<Vec<(String, i64)>> {
    let query = Select::select()
        .columns([Alias::new("item_kind"), Alias::new("record_id")])
        .from(Alias::new(crate::records::CHANGES))
        .and_where(Expr::col(Alias::new("partnership_id")).eq(id))
        .and_where(Expr::col(Alias::new("seq")).gt(after))
        .and_where(Expr::col(Alias::new("seq")).lte(upto))
        .order_by(Alias::new("seq"), sea_orm::Order::Asc)
        .to_owned();
    let rows = db.conn.query_all(&query).await.map_err(errors::map)?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get_by_index::<String>(0).map_err(errors::map)?,
                row.try_get_by_index::<i64>(1).map_err(errors::map)?,
            ))
        })
        .collect()
}

/// The search index of a `Db`: opened on first use, in `dir` or in memory.
#[derive(Clone, Default)]
pub struct SearchHandle {
    dir: Option<PathBuf>,
    index: Arc<tokio::sync::OnceCell<SearchIndex>>,
}

impl SearchHandle {
    pub(crate) fn in_dir(dir: PathBuf) -> Self {
        SearchHandle { dir: Some(dir), index: Default::default() }
    }

    async fn get(&self) -> Result<&SearchIndex> {
        self.index
            .get_or_try_init(|| async {
                let dir = self.dir.clone();
                match tokio::task::spawn_blocking(move || SearchIndex::open(dir.as_deref())).await.map_err(internal)? {
                    Ok(index) => Ok(index),
                    Err(e) if self.dir.is_some() => {
                        // Another server holds the folder's index: keep one in memory.
                        tracing::warn!(error = %e, "the search index in the data folder is in use: keeping one in memory");
                        SearchIndex::open(None)
                    }
                    Err(e) => Err(e),
                }
            })
            .await
    }
}

impl Db {
    /// Keeps the search index in `dir` (the data folder's `search/`) from now on.
    pub fn with_search_dir(mut self, dir: PathBuf) -> Db {
        self.search = SearchHandle::in_dir(dir);
        self
    }

    /// Rebuilds the whole search index from the record; returns how many
    /// partnerships and documents it holds.
    pub async fn reindex(&self, now: DateTime<Utc>) -> Result<Refreshed> {
        self.search.get().await?.refresh(self, now, true).await
    }

    /// Brings the search index up to date; returns how many partnerships and
    /// documents were indexed again (the server calls it after changes, so searches
    /// find it fresh).
    pub async fn refresh_search(&self, now: DateTime<Utc>) -> Result<Refreshed> {
        self.search.get().await?.refresh(self, now, false).await
    }
}

impl zusterstad_core::store::SearchStore for Db {
    async fn search(
        &self,
        partnership: Option<&str>,
        query: &str,
        lang: Lang,
        kind: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Hit>> {
        let index = self.search.get().await?;
        index.refresh(self, now, false).await?;
        if let Some(slug) = partnership
            && !index.marks().contains_key(slug)
        {
            return Err(Error::NotFound { kind: "partnership", id: slug.to_owned() });
        }
        index.search(partnership, query, lang, kind, 50)
    }

    async fn search_index_lag(&self) -> Result<i64> {
        let Some(index) = self.search.index.get() else { return Ok(0) };
        let held = index.marks();
        let current = published_partnerships(self).await?;
        let behind = current.iter().map(|(_, slug, seq)| held.get(slug).map_or(*seq, |m| seq - m.seq)).max();
        Ok(Ord::max(behind.unwrap_or(0), 0))
    }
}

/// `fragment` as HTML with the matches of `query` marked. The index finds a Japanese
/// word by its character pairs, so it would mark every pair alone (searching ゲント
/// marked the ント of イベント): where the query has a run of two or more Japanese
/// characters, only the run as a whole is marked; other words as the index found them.
fn marked(fragment: &str, highlighted: &[std::ops::Range<usize>], query: &str) -> String {
    let runs: Vec<&str> = query.split(|c: char| !is_cjk(c)).filter(|run| run.chars().count() >= 2).collect();
    let whole: Vec<std::ops::Range<usize>> =
        runs.iter().flat_map(|run| fragment.match_indices(run).map(|(at, m)| at..at + m.len())).collect();
    let cjk = |r: &std::ops::Range<usize>| fragment.get(r.clone()).is_some_and(|t| t.chars().all(is_cjk));
    let mut ranges: Vec<std::ops::Range<usize>> = highlighted
        .iter()
        .filter(|r| runs.is_empty() || !cjk(r) || whole.iter().any(|w| w.start <= r.start && r.end <= w.end))
        .cloned()
        .chain(whole.iter().cloned())
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut html = String::new();
    let mut at = 0;
    for r in merged {
        html.push_str(&zusterstad_core_escape(&fragment[at..r.start]));
        html.push_str("<mark>");
        html.push_str(&zusterstad_core_escape(&fragment[r.clone()]));
        html.push_str("</mark>");
        at = r.end;
    }
    html.push_str(&zusterstad_core_escape(&fragment[at..]));
    html
}

/// The start of `text`, at most `max` characters, ended at a word's end where the
/// text has spaces (Japanese is cut between characters), with `…` if it goes on.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max).collect();
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > head.len() / 2 => &head[..space],
        _ => head.as_str(),
    };
    format!("{}…", head.trim_end())
}

fn zusterstad_core_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn japanese_is_cut_into_characters_and_pairs_and_words_stay_whole() {
        let t: Vec<String> = tokens("金沢の伝統 and Gent's crafts").into_iter().map(|t| t.2).collect();
        assert_eq!(t, ["金", "金沢", "沢", "沢の", "の", "の伝", "伝", "伝統", "統", "and", "Gent", "s", "crafts"]);
        let single: Vec<String> = tokens("市 A").into_iter().map(|t| t.2).collect();
        assert_eq!(single, ["市", "A"]);
    }

    /// A query keeps a run's pairs at the positions the text has them (so a phrase
    /// of pairs matches the text), and a lone character.
    #[test]
    fn a_japanese_word_is_marked_whole_not_by_its_pairs() {
        // ゲ ン ト の イ ベ ン ト: three bytes each; the index found ゲン, ント and ント.
        let text = "ゲントのイベント";
        let found = [0..6, 3..9, 18..24];
        assert_eq!(super::marked(text, &found, "ゲント"), "<mark>ゲント</mark>のイベント");
        let (word, dragon) = (0..4, 9..12);
        assert_eq!(super::marked("Gent & co", std::slice::from_ref(&word), "gent"), "<mark>Gent</mark> &amp; co");
        let one = super::marked("鐘楼の竜", std::slice::from_ref(&dragon), "竜");
        assert_eq!(one, "鐘楼の<mark>竜</mark>", "one character alone");
    }

    #[test]
    fn an_excerpt_ends_at_a_word() {
        assert_eq!(super::cut("De uitwisseling van studenten", 20), "De uitwisseling van…");
        assert_eq!(super::cut("金沢とゲントの交流", 5), "金沢とゲン…");
        assert_eq!(super::cut("kort", 20), "kort");
    }

    #[test]
    fn a_query_is_cut_into_pairs_where_it_has_them() {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let cut = |query: bool, text: &str| {
            let mut t = super::CjkBigramTokenizer { query, ..Default::default() };
            let mut stream = t.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                out.push((stream.token().text.clone(), stream.token().position));
            }
            out
        };
        let q = cut(true, "金沢市 竜 Gent");
        assert_eq!(q, [("金沢".to_owned(), 1), ("沢市".to_owned(), 3), ("竜".to_owned(), 5), ("Gent".to_owned(), 6)]);
        let text = cut(false, "金沢市");
        assert_eq!(text.iter().find(|(t, _)| t == "金沢").map(|x| x.1), Some(1));
        assert_eq!(text.iter().find(|(t, _)| t == "沢市").map(|x| x.1), Some(3));
    }
}

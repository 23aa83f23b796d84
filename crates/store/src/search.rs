//! Search: a tantivy index over a partnership's public texts in all three languages,
//! derived from the portal's read model and rebuilt when the record changes; never
//! the source of truth.
//!
//! Japanese has no spaces, so its text is cut into overlapping pairs of characters
//! (伝統工芸 → 伝統 統工 工芸): a two-character word such as 伝統 then matches
//! inside longer words. Dutch and English words are stemmed, so `uitwisselingen`
//! finds `uitwisseling` and `exchanges` finds `exchange`.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Language, LowerCaser, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, Term, doc};
use zusterstad_core::portal::Portal;
use zusterstad_core::{Error, Lang, Localized, Result};

/// Splits text into words; runs of CJK characters into overlapping bigrams.
#[derive(Clone, Default)]
pub struct CjkBigramTokenizer {
    token: Token,
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
            if j - i == 1 {
                out.push((start, end_of(i), c.to_string()));
            } else {
                for k in i..j - 1 {
                    let (from, _) = chars[k];
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
        let tokens: Vec<Token> = tokens(text)
            .into_iter()
            .enumerate()
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

fn analyzer(lang: Lang) -> TextAnalyzer {
    let base = TextAnalyzer::builder(CjkBigramTokenizer::default()).filter(LowerCaser);
    match lang {
        Lang::Nl => base.filter(Stemmer::new(Language::Dutch)).build(),
        Lang::En => base.filter(Stemmer::new(Language::English)).build(),
        Lang::Ja => base.build(),
    }
}

struct Fields {
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

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search index: {e}"))
}

impl SearchIndex {
    /// Indexes every public text of the partnership.
    pub fn build(p: &Portal) -> Result<SearchIndex> {
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
        let kind = schema.add_text_field("kind", STRING | STORED);
        let path = schema.add_text_field("path", STORED);
        let mut title = Vec::new();
        let mut body = Vec::new();
        for lang in Lang::ALL {
            title.push(schema.add_text_field(&format!("title_{lang}"), text(&format!("zt_{lang}"))));
            body.push(schema.add_text_field(&format!("body_{lang}"), text(&format!("zt_{lang}"))));
        }
        let fields = Fields { kind, path, title: [title[0], title[1], title[2]], body: [body[0], body[1], body[2]] };
        let index = Index::create_in_ram(schema.build());
        for lang in Lang::ALL {
            index.tokenizers().register(&format!("zt_{lang}"), analyzer(lang));
        }
        let mut writer = index.writer_with_num_threads(1, 15_000_000).map_err(internal)?;
        let add = |kind: &str, path: String, t: &Localized, texts: &[&Localized]| -> Result<()> {
            let mut d = doc!(fields.kind => kind, fields.path => path);
            for lang in Lang::ALL {
                d.add_text(fields.title[slot(lang)], &t.get(lang).value);
                let joined: Vec<&str> =
                    texts.iter().map(|x| x.get(lang).value.as_str()).filter(|s| !s.is_empty()).collect();
                d.add_text(fields.body[slot(lang)], joined.join("\n"));
            }
            writer.add_document(d).map_err(internal)?;
            Ok(())
        };
        for a in &p.activities {
            add("activity", format!("activities/{}", a.id), &a.item.title, &[&a.item.summary, &a.item.body])?;
        }
        for e in &p.events {
            add("event", format!("events/{}", e.id), &e.item.title, &[&e.item.description, &e.item.venue])?;
        }
        for n in &p.news {
            add("news", format!("news/{}", n.item.slug), &n.item.title, &[&n.item.summary, &n.item.body])?;
        }
        for o in &p.organisations {
            add("organisation", format!("organisations/{}", o.id), &o.item.name, &[&o.item.description])?;
        }
        for (a, _) in &p.agreements {
            add("agreement", "agreements".into(), &a.item.title, &[&a.item.summary])?;
        }
        for l in &p.landmarks {
            add("symbol", "symbols".into(), &l.item.name, &[&l.item.description, &l.item.location, &l.item.occasion])?;
        }
        for c in [&p.city_a, &p.city_b] {
            let mut texts: Vec<&Localized> = vec![&c.item.description];
            texts.extend(c.item.facts.iter().map(|f| &f.text));
            add("city", String::new(), &c.item.name, &texts)?;
        }
        add(
            "partnership",
            String::new(),
            &p.partnership.item.name,
            &[&p.partnership.item.summary, &p.partnership.item.description],
        )?;
        writer.commit().map_err(internal)?;
        let reader = index.reader().map_err(internal)?;
        Ok(SearchIndex { index, reader, fields })
    }

    /// The best matches for `query`, texts in `lang` ranked first; `kind` narrows to
    /// one kind of item.
    pub fn search(&self, query: &str, lang: Lang, kind: Option<&str>, limit: usize) -> Result<Vec<Hit>> {
        let f = &self.fields;
        let all: Vec<Field> = f.title.iter().chain(f.body.iter()).copied().collect();
        let mut parser = QueryParser::for_index(&self.index, all);
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
        let query: Box<dyn Query> = match kind {
            Some(k) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, parsed.box_clone()),
                (Occur::Must, Box::new(TermQuery::new(Term::from_field_text(f.kind, k), IndexRecordOption::Basic))),
            ])),
            None => parsed,
        };
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
                let mut generator = SnippetGenerator::create(&searcher, &*query, field).map_err(internal)?;
                generator.set_max_num_chars(180);
                let mut snippet = generator.snippet_from_doc(&d);
                snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                if !snippet.highlighted().is_empty() {
                    excerpt = snippet.to_html();
                    break;
                }
            }
            if excerpt.is_empty() {
                let body = text(f.body[slot(shown)]);
                excerpt = zusterstad_core_escape(&body.chars().take(180).collect::<String>());
            }
            hits.push(Hit {
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

/// The indexes of the partnerships, each for the change sequence and hour it was
/// built at.
#[derive(Default, Clone)]
pub struct IndexCache {
    entries: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Cached>>>,
}

type Cached = (i64, chrono::DateTime<chrono::Utc>, std::sync::Arc<SearchIndex>);

fn hour(now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    use chrono::Timelike;
    now.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(now)
}

impl zusterstad_core::store::SearchStore for crate::Db {
    async fn search(
        &self,
        partnership: &str,
        query: &str,
        lang: Lang,
        kind: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<Hit>> {
        use zusterstad_core::store::AuditStore;
        // Only this partnership's changes make its index stale.
        let Some(seq) = self.partnership_seq(partnership).await? else {
            return Err(zusterstad_core::Error::NotFound { kind: "partnership", id: partnership.to_owned() });
        };
        let key = hour(now);
        let cached = self
            .search_indexes
            .entries
            .lock()
            .ok()
            .and_then(|e| e.get(partnership).filter(|(s, k, _)| *s == seq && *k == key).map(|(_, _, i)| i.clone()));
        let index = match cached {
            Some(index) => index,
            None => {
                let portal = zusterstad_core::portal::load(self, partnership, now).await?;
                let index = std::sync::Arc::new(SearchIndex::build(&portal)?);
                if let Ok(mut e) = self.search_indexes.entries.lock() {
                    e.insert(partnership.to_owned(), (seq, key, index.clone()));
                }
                index
            }
        };
        index.search(query, lang, kind, 50)
    }

    async fn search_index_lag(&self) -> Result<i64> {
        use zusterstad_core::store::AuditStore;
        let held: Vec<(String, i64)> = self
            .search_indexes
            .entries
            .lock()
            .map(|e| e.iter().map(|(slug, (seq, _, _))| (slug.clone(), *seq)).collect())
            .unwrap_or_default();
        let mut lag = 0;
        for (slug, seq) in held {
            if let Some(now) = self.partnership_seq(&slug).await? {
                lag = lag.max(now - seq);
            }
        }
        Ok(lag)
    }
}

fn zusterstad_core_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn japanese_is_cut_into_pairs_and_words_stay_whole() {
        let t: Vec<String> = tokens("金沢の伝統工芸 and Gent's crafts").into_iter().map(|t| t.2).collect();
        assert_eq!(t, ["金沢", "沢の", "の伝", "伝統", "統工", "工芸", "and", "Gent", "s", "crafts"]);
        let single: Vec<String> = tokens("市 A").into_iter().map(|t| t.2).collect();
        assert_eq!(single, ["市", "A"]);
    }
}

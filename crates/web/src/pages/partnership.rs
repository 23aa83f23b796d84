//! The partnership's own pages: overview, agreements, community, organisations,
//! Supporters Club, symbols, timeline, programmes, SDGs; and its files and GeoJSON.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Datelike;
use serde_json::json;
use zusterstad_core::activities::Activity;
use zusterstad_core::agreements::{Agreement, AgreementStatus};
use zusterstad_core::documents::File;
use zusterstad_core::landmarks::Precision;
use zusterstad_core::partnerships::City;
use zusterstad_core::portal::{ActivityFilter, Milestone, Portal};
use zusterstad_core::query::{Cond, Page as Rows, Value};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Id, Stored};

use super::{Layout, context, event_date, event_times, fail, json_ld, layout, person_name, render};
use crate::error::WebError;
use crate::i18n::{Shown, Tr};
use crate::{AppState, WebStore, assets};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/{top}/{slug}/", get(overview::<S>))
        .route("/{top}/{slug}/agreements", get(agreements::<S>))
        .route("/{top}/{slug}/community", get(community::<S>))
        .route("/{top}/{slug}/organisations/{id}", get(organisation::<S>))
        .route("/{top}/{slug}/supporters", get(supporters::<S>))
        .route("/{top}/{slug}/symbols", get(symbols::<S>))
        .route("/{top}/{slug}/timeline", get(timeline::<S>))
        .route("/{top}/{slug}/programmes/{programme}", get(programme::<S>))
        .route("/{top}/{slug}/sdgs", get(sdgs::<S>))
        .route("/{top}/{slug}/about/{page}", get(about::<S>))
        .route("/files/{id}/{name}", get(file::<S>))
}

type Page = Result<Response, Response>;

/// What a page shows of an agreement.
pub struct AgreementView {
    pub title: Shown,
    pub kind: String,
    pub summary: Shown,
    pub status_class: &'static str,
    pub status: String,
    pub signed: Option<String>,
    pub valid_until: Option<String>,
    pub download: Option<(String, String)>,
    pub parties: Option<String>,
    pub example: bool,
}

/// An agreement's status as a CSS class and a label; when expiring, with the days
/// left (or, for a period known only to the month or year, when it ends: counting
/// days to an assumed last day would claim a precision nobody knows).
pub(crate) fn status_label(tr: Tr, a: &Agreement, status: &AgreementStatus) -> (&'static str, String) {
    let (class, text) = match status {
        AgreementStatus::Upcoming => ("upcoming", tr.t("status-upcoming")),
        AgreementStatus::InForce => ("in_force", tr.t("status-in_force")),
        AgreementStatus::Expiring { .. } => ("expiring", tr.t("status-expiring")),
        AgreementStatus::Expired => ("expired", tr.t("status-expired")),
        AgreementStatus::Superseded => ("superseded", tr.t("status-superseded")),
    };
    match status {
        AgreementStatus::Expiring { days_left } => {
            let when = match (a.date_precision, a.valid_until) {
                (Some(precision), Some(until)) => tr.period_end(until, Some(precision)),
                _ => tr.ta("days-left", &[("days", &days_left.to_string())]),
            };
            (class, format!("{text}{}{when}", tr.t("sep")))
        }
        _ => (class, text),
    }
}

fn agreement_view(tr: Tr, p: &Portal, a: &Stored<Agreement>, status: &AgreementStatus) -> AgreementView {
    let (status_class, status_text) = status_label(tr, &a.item, status);
    let kind = serde_json::to_value(a.item.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let signed = a.item.signed_on.map(|d| tr.date(d)).or(a.item.signed_year.map(|y| tr.year(y)));
    let download = a.item.document_id.and_then(|id| p.document(id)).map(|(d, info)| {
        (
            format!("/files/{}/{}", d.id, d.item.file_name),
            tr.ta("agreement-download", &[("size", &tr.file_size(info.size_bytes))]),
        )
    });
    let parties = a.item.organisation_pair_id.and_then(|pair| p.pairs.iter().find(|x| x.id == pair)).map(|pair| {
        let name = |id| p.organisation(id).map(|o| tr.text(&o.item.name).text).unwrap_or_default();
        tr.ta(
            "agreement-between",
            &[("a", &name(pair.item.organisation_a_id)), ("b", &name(pair.item.organisation_b_id))],
        )
    });
    AgreementView {
        title: tr.text(&a.item.title),
        kind: tr.word(crate::words::Word::AgreementKind, kind),
        summary: tr.text(&a.item.summary),
        status_class,
        status: status_text,
        signed,
        valid_until: a.item.valid_until.map(|d| tr.period_end(d, a.item.date_precision)),
        download,
        parties,
        example: a.item.example,
    }
}

pub struct CityView {
    pub name: Shown,
    pub native: String,
    /// The language of the native name, for its `lang` attribute.
    pub native_lang: &'static str,
    pub description: Shown,
    pub facts: Vec<(String, String)>,
    pub notes: Vec<Shown>,
}

/// A time zone as people say it: its offset from UTC, and the summer's if it has one
/// (read for `year`).
pub(crate) fn zone_offsets(tr: Tr, zone: &str, year: i32) -> String {
    use chrono::{Offset, TimeZone};
    let Ok(tz) = zone.parse::<chrono_tz::Tz>() else { return zone.to_owned() };
    let offset_at = |month: u32| {
        let at = chrono::NaiveDate::from_ymd_opt(year, month, 1).and_then(|d| d.and_hms_opt(12, 0, 0));
        at.map(|at| tz.offset_from_utc_datetime(&at).fix().local_minus_utc()).unwrap_or(0)
    };
    let hours = |seconds: i32| {
        let (sign, minutes) = if seconds < 0 { ('−', -seconds / 60) } else { ('+', seconds / 60) };
        if minutes % 60 == 0 {
            format!("UTC{sign}{}", minutes / 60)
        } else {
            format!("UTC{sign}{}:{:02}", minutes / 60, minutes % 60)
        }
    };
    let (january, july) = (offset_at(1), offset_at(7));
    if january == july {
        return hours(january);
    }
    // The summer is the later offset, in either hemisphere.
    let (standard, summer) = if january < july { (january, july) } else { (july, january) };
    tr.ta("city-time-zone-summer", &[("standard", &hours(standard)), ("summer", &hours(summer))])
}

fn city_view(tr: Tr, c: &Stored<City>, year: i32) -> CityView {
    let mut facts = Vec::new();
    let country = c.item.country.as_str();
    facts.push((tr.t("city-country"), tr.try_t(&format!("country-{country}")).unwrap_or_else(|| country.to_owned())));
    let founded = c.item.founded_year.map(i64::from);
    if let Some(y) = c.item.founded_year {
        facts.push((tr.t("city-founded"), tr.year(y)));
    }
    if let Some(n) = c.item.population {
        let at_least = c.item.facts.iter().any(|f| f.number == Some(n) && f.at_least);
        let number = tr.number(n);
        facts.push((
            tr.t("city-population"),
            if at_least { tr.ta("city-population-at-least", &[("n", &number)]) } else { number },
        ));
    }
    facts.push((tr.t("city-time-zone"), zone_offsets(tr, &c.item.time_zone, year)));
    let name = tr.text(&c.item.name);
    // The name in its own script where the page's name differs: on a Japanese page
    // only its reading, elsewhere with its reading (no romaji the name already gives).
    let native = if c.item.native_name == name.text {
        String::new()
    } else {
        match (&c.item.native_reading, tr.lang) {
            (Some(reading), zusterstad_core::Lang::Ja) => tr.ta("city-reading", &[("reading", reading)]),
            (Some(reading), _) => tr.ta("city-native", &[("name", &c.item.native_name), ("reading", reading)]),
            (None, zusterstad_core::Lang::Ja) => String::new(),
            (None, _) => c.item.native_name.clone(),
        }
    };
    CityView {
        name,
        native,
        native_lang: match c.item.country.as_str() {
            "JP" => "ja",
            "BE" | "NL" => "nl",
            _ => "und",
        },
        description: tr.text(&c.item.description),
        facts,
        // A fact that only says again the founding year or population shown above
        // is left out (the card said "Founded 1583" and "Founded in 1583 as …").
        notes: c
            .item
            .facts
            .iter()
            .filter(|f| f.number.is_none() || (f.number != c.item.population && f.number != founded))
            .map(|f| tr.text(&f.text))
            .collect(),
    }
}

pub struct EventLine {
    pub href: String,
    pub title: Shown,
    pub date: String,
    pub times: String,
}

/// An event in a list: title, date and the time in both cities.
pub fn event_line(tr: Tr, p: &Portal, slug: &str, e: &Stored<zusterstad_core::events::Event>) -> EventLine {
    EventLine {
        href: format!("/{}/{slug}/events/{}", tr.code(), e.id),
        title: tr.text(&e.item.title),
        date: event_date(tr, &e.item),
        times: event_times(tr, p, &e.item),
    }
}

pub struct NewsLine {
    pub href: String,
    pub title: Shown,
    pub date: String,
    pub summary: Shown,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    layout: Layout,
    name: Shown,
    summary: Shown,
    since: String,
    years: String,
    description: Shown,
    focus: Vec<String>,
    cities: Vec<CityView>,
    agreement: Option<AgreementView>,
    events: Vec<EventLine>,
    news: Vec<NewsLine>,
    slug: String,
}

async fn overview<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let now = (state.clock)();
    let item = &p.partnership.item;
    let events = p.upcoming_events(now).take(3).map(|e| event_line(tr, &p, &slug, e)).collect();
    let news = p.news(&state.store, 1, 3).await.map_err(|e| fail(tr, WebError(e)))?;
    let news = news.items.iter().map(|n| news_line(tr, &slug, n)).collect();
    // A picture for shared links: the first symbol that has one.
    let mut og_image = None;
    for l in &p.landmarks {
        if let Some((id, (doc, _))) = l.item.photo_id.and_then(|id| p.document(id).map(|d| (id, d)))
            && let Some(ph) = state.photo(id, tr.text(&doc.item.title).text).await
        {
            og_image = Some(format!("{}{}", state.base_url(&headers), ph.src));
            break;
        }
    }
    let mut page = OverviewPage {
        layout: layout(tr, &p, "", "", ""),
        name: tr.text(&item.name),
        summary: tr.text(&item.summary),
        since: tr.ta("since-year", &[("year", &item.established_year.to_string())]),
        years: tr.ta("years-of-friendship", &[("years", &item.years(now.date_naive()).to_string())]),
        description: tr.markdown(&item.description),
        focus: item.focus_areas.iter().map(|f| tr.word(crate::words::Word::Focus, crate::words::code(f))).collect(),
        cities: vec![city_view(tr, &p.city_a, now.year()), city_view(tr, &p.city_b, now.year())],
        agreement: p.agreement_in_force().map(|(a, s)| agreement_view(tr, &p, a, s)),
        events,
        news,
        slug,
    };
    page.layout.og_image = og_image;
    render(&page, &headers).map_err(|e| fail(tr, e))
}

pub fn news_line(tr: Tr, slug: &str, n: &Stored<zusterstad_core::news::NewsPost>) -> NewsLine {
    NewsLine {
        href: format!("/{}/{slug}/news/{}", tr.code(), n.item.slug),
        title: tr.text(&n.item.title),
        date: tr.date(n.item.published_at.date_naive()),
        summary: tr.text(&n.item.summary),
    }
}

#[derive(Template)]
#[template(path = "agreements.html")]
struct AgreementsPage {
    layout: Layout,
    city: Vec<AgreementView>,
    institutions: Vec<AgreementView>,
}

async fn agreements<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let first = p.agreement_in_force().map(|(a, _)| a.id);
    let mut city: Vec<_> = p.agreements.iter().filter(|(a, _)| a.item.organisation_pair_id.is_none()).collect();
    // The agreement in force first, then newest first.
    city.sort_by_key(|(a, _)| Some(a.id) != first);
    let page = AgreementsPage {
        layout: layout(tr, &p, "agreements", "agreements", &tr.t("agreements-title")),
        city: city.iter().map(|(a, s)| agreement_view(tr, &p, a, s)).collect(),
        institutions: p
            .agreements
            .iter()
            .filter(|(a, _)| a.item.organisation_pair_id.is_some())
            .map(|(a, s)| agreement_view(tr, &p, a, s))
            .collect(),
    };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

pub struct OrgLine {
    pub href: String,
    pub name: Shown,
    pub short: Option<String>,
    pub kind: String,
}

fn org_line(tr: Tr, slug: &str, o: &Stored<zusterstad_core::organisations::Organisation>) -> OrgLine {
    let kind = serde_json::to_value(o.item.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    OrgLine {
        href: format!("/{}/{slug}/organisations/{}", tr.code(), o.id),
        name: tr.text(&o.item.name),
        short: o.item.short_name.clone(),
        kind: tr.word(crate::words::Word::OrgKind, kind),
    }
}

pub struct PairView {
    pub a: OrgLine,
    pub b: OrgLine,
    pub description: Shown,
    pub agreements: Vec<Shown>,
}

#[derive(Template)]
#[template(path = "community.html")]
struct CommunityPage {
    layout: Layout,
    pairs: Vec<PairView>,
    by_city: Vec<(Shown, Vec<OrgLine>)>,
}

fn pair_views(
    tr: Tr,
    p: &Portal,
    slug: &str,
    only: Option<Id<zusterstad_core::organisations::Organisation>>,
) -> Vec<PairView> {
    p.pairs
        .iter()
        .filter(|pair| only.is_none_or(|o| pair.item.organisation_a_id == o || pair.item.organisation_b_id == o))
        .filter_map(|pair| {
            let a = p.organisation(pair.item.organisation_a_id)?;
            let b = p.organisation(pair.item.organisation_b_id)?;
            Some(PairView {
                a: org_line(tr, slug, a),
                b: org_line(tr, slug, b),
                description: tr.text(&pair.item.description),
                agreements: p
                    .agreements
                    .iter()
                    .filter(|(ag, _)| ag.item.organisation_pair_id == Some(pair.id))
                    .map(|(ag, _)| tr.text(&ag.item.title))
                    .collect(),
            })
        })
        .collect()
}

async fn community<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let by_city = [&p.city_a, &p.city_b]
        .iter()
        .map(|c| {
            let orgs =
                p.organisations.iter().filter(|o| o.item.city_id == c.id).map(|o| org_line(tr, &slug, o)).collect();
            (tr.text(&c.item.name), orgs)
        })
        .collect();
    let page = CommunityPage {
        layout: layout(tr, &p, "community", "community", &tr.t("community-title")),
        pairs: pair_views(tr, &p, &slug, None),
        by_city,
    };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

pub struct ActivityLine {
    pub href: String,
    pub title: Shown,
    pub dates: String,
    pub example: bool,
}

pub fn activity_line(tr: Tr, slug: &str, a: &Stored<zusterstad_core::activities::Activity>) -> ActivityLine {
    let dates = match a.item.ends_on {
        Some(end) => tr.date_range(a.item.starts_on, end),
        None => tr.date(a.item.starts_on),
    };
    ActivityLine {
        href: format!("/{}/{slug}/activities/{}", tr.code(), a.id),
        title: tr.text(&a.item.title),
        dates,
        example: a.item.example,
    }
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    layout: Layout,
    org: OrgLine,
    city: Shown,
    website: Option<String>,
    description: Shown,
    pairs: Vec<PairView>,
    activities: ActivityList,
}

async fn organisation<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let Some(o) = id.parse::<i64>().ok().and_then(|id| p.organisation(Id::new(id))) else {
        return Err(super::not_found(tr));
    };
    let line = org_line(tr, &slug, o);
    let page = OrganisationPage {
        layout: layout(tr, &p, "community", &format!("organisations/{}", o.id), &line.name.text),
        city: p.city(o.item.city_id).map(|c| tr.text(&c.item.name)).unwrap_or_default(),
        website: o.item.website.clone(),
        description: tr.text(&o.item.description),
        pairs: pair_views(tr, &p, &slug, Some(o.id)),
        activities: activity_list(
            &state,
            tr,
            &p,
            &ActivityFilter { organisation: Some(o.id), ..ActivityFilter::default() },
            ("organisation", o.id.get()),
        )
        .await?,
        org: line,
    };
    let mut page = page;
    page.layout.og_type = "profile";
    page.layout.json_ld = Some(json_ld(&json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": page.org.name.text,
        "url": o.item.website,
        "address": {"@type": "PostalAddress", "addressLocality": page.city.text},
    })));
    render(&page, &headers).map_err(|e| fail(tr, e))
}

pub struct AmbassadorView {
    pub name_html: String,
    pub from: String,
    pub profile: Shown,
    pub example: bool,
}

#[derive(Template)]
#[template(path = "supporters.html")]
struct SupportersPage {
    layout: Layout,
    cohorts: Vec<(String, Vec<AmbassadorView>)>,
}

async fn supporters<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let mut cohorts: Vec<(String, Vec<AmbassadorView>)> = Vec::new();
    for a in &p.ambassadors {
        let label = tr.ta("supporters-cohort", &[("year", &a.ambassador.item.cohort_year.to_string())]);
        let view = AmbassadorView {
            name_html: person_name(tr, a),
            from: p
                .city(a.ambassador.item.home_city_id)
                .map(|c| tr.ta("supporters-from", &[("city", &tr.text(&c.item.name).text)]))
                .unwrap_or_default(),
            profile: tr.text(&a.ambassador.item.profile),
            example: a.ambassador.item.example,
        };
        match cohorts.last_mut() {
            Some((l, list)) if *l == label => list.push(view),
            _ => cohorts.push((label, vec![view])),
        }
    }
    let page =
        SupportersPage { layout: layout(tr, &p, "supporters", "supporters", &tr.t("supporters-title")), cohorts };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

/// The pages every partnership has about itself: (address, title key, default text key).
pub const ABOUT: [(&str, &str, &str); 3] = [
    ("contact", "about-contact", "about-contact-text"),
    ("privacy", "about-privacy", "about-privacy-text"),
    ("accessibility", "about-accessibility", "about-accessibility-text"),
];

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    layout: Layout,
    heading: String,
    text: Shown,
    /// On the contact page: each city's name and how its mails are signed.
    contacts: Vec<(Shown, Shown)>,
}

/// The contact page, privacy notice or accessibility statement: the partnership's
/// own text where it wrote one, else the one Zusterstad gives.
async fn about<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, which)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let Some((name, title, default)) = ABOUT.iter().find(|(name, ..)| *name == which) else {
        return Err(super::not_found(tr));
    };
    let item = &p.partnership.item;
    let own = match *name {
        "contact" => &item.contact,
        "privacy" => &item.privacy,
        _ => &item.accessibility,
    };
    let text = own.as_ref().map(|t| tr.markdown(t)).filter(|s| !s.text.trim().is_empty()).unwrap_or_else(|| {
        let args = [
            ("partnership", tr.text(&item.name).text),
            ("a", tr.text(&p.city_a.item.name).text),
            ("b", tr.text(&p.city_b.item.name).text),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let text = tr.ta(default, &args);
        Shown { html: crate::i18n::markdown_html(&text), text }
    });
    let contacts = if *name == "contact" {
        [&p.city_a, &p.city_b]
            .into_iter()
            .map(|c| {
                let signature = c.item.mail_signature.as_ref().map(|s| tr.text(s)).unwrap_or_default();
                let signature = Shown { html: signature.html.replace('\n', "<br>"), text: signature.text };
                (tr.text(&c.item.name), signature)
            })
            .collect()
    } else {
        Vec::new()
    };
    let heading = tr.t(title);
    let page = AboutPage { layout: layout(tr, &p, "", &format!("about/{name}"), &heading), heading, text, contacts };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

/// A point as the reader's language writes it, with the decimals it was given (no
/// padding that suggests a precision nobody measured).
fn position(tr: Tr, latitude: f64, longitude: f64) -> String {
    let degrees = |v: f64| {
        let text = format!("{:.6}", v.abs());
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if tr.lang == zusterstad_core::Lang::Nl { text.replace('.', ",") } else { text.to_owned() }
    };
    tr.ta(
        "symbol-degrees",
        &[
            ("lat", &degrees(latitude)),
            ("ns", if latitude < 0.0 { "south" } else { "north" }),
            ("lon", &degrees(longitude)),
            ("ew", if longitude < 0.0 { "west" } else { "east" }),
        ],
    )
}

pub struct LandmarkView {
    pub photo: Option<crate::photos::PhotoView>,
    pub name: Shown,
    pub city: Shown,
    pub description: Shown,
    pub location: Shown,
    /// The point and how precise it is.
    pub coordinates: String,
    pub given: Option<String>,
    pub by: Shown,
    pub occasion: Shown,
}

#[derive(Template)]
#[template(path = "symbols.html")]
struct SymbolsPage {
    layout: Layout,
    landmarks: Vec<LandmarkView>,
    geojson: String,
    tiles: String,
    attribution: String,
}

async fn symbols<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let mut photos = Vec::new();
    for l in &p.landmarks {
        let alt = l.item.photo_id.and_then(|id| p.document(id)).map(|(d, _)| tr.text(&d.item.title).text);
        photos.push(match (l.item.photo_id, alt) {
            (Some(id), Some(alt)) => state.photo(id, alt).await,
            _ => None,
        });
    }
    let landmarks = p
        .landmarks
        .iter()
        .zip(photos)
        .map(|(l, photo)| {
            let precision = match l.item.precision {
                Precision::Exact => "exact",
                Precision::Approximate => "approximate",
                Precision::CityCentre => "city_centre",
            };
            LandmarkView {
                photo,
                name: tr.text(&l.item.name),
                city: p.city(l.item.city_id).map(|c| tr.text(&c.item.name)).unwrap_or_default(),
                description: tr.text(&l.item.description),
                location: tr.text(&l.item.location),
                coordinates: tr.ta(
                    "symbol-position",
                    &[
                        ("position", &position(tr, l.item.latitude, l.item.longitude)),
                        ("precision", &tr.word(crate::words::Word::SymbolPrecision, precision)),
                    ],
                ),
                given: l.item.given_year.map(|y| tr.ta("symbol-given", &[("year", &y.to_string())])),
                by: tr.text(&l.item.given_by),
                occasion: tr.text(&l.item.occasion),
            }
        })
        .collect();
    let mut page = SymbolsPage {
        layout: layout(tr, &p, "symbols", "symbols", &tr.t("symbols-title")),
        landmarks,
        geojson: format!("/{slug}/symbols.geojson"),
        tiles: state.tiles.url.clone(),
        attribution: state.tiles.attribution.clone(),
    };
    page.layout.scripts = vec![assets::url("leaflet.js"), assets::url("map.js")];
    let base = state.base_url(&headers);
    page.layout.og_image = page.landmarks.iter().find_map(|l| l.photo.as_ref()).map(|ph| format!("{base}{}", ph.src));
    render(&page, &headers).map_err(|e| fail(tr, e))
}

pub struct MilestoneView {
    pub year: String,
    pub anniversary: Option<String>,
    pub text: Shown,
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "timeline.html")]
struct TimelinePage {
    layout: Layout,
    entries: Vec<MilestoneView>,
}

async fn timeline<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let plain = |text: String| Shown { html: crate::i18n::escape(&text), text };
    let entries = p
        .timeline()
        .into_iter()
        .map(|e| {
            let (text, href) = match &e.milestone {
                Milestone::CityFounded(id) => {
                    let city = p.city(*id).map(|c| tr.text(&c.item.name).text).unwrap_or_default();
                    (plain(tr.ta("milestone-founded", &[("city", &city)])), None)
                }
                Milestone::Established => (
                    plain(tr.ta(
                        "milestone-established",
                        &[("a", &tr.text(&p.city_a.item.name).text), ("b", &tr.text(&p.city_b.item.name).text)],
                    )),
                    None,
                ),
                Milestone::Gift(id) => {
                    let l = p.landmarks.iter().find(|l| l.id == *id);
                    (
                        l.map(|l| tr.text(&l.item.name)).unwrap_or_default(),
                        Some(format!("/{}/{slug}/symbols", tr.code())),
                    )
                }
                Milestone::Agreement(id) => {
                    let a = p.agreements.iter().find(|(a, _)| a.id == *id);
                    (
                        a.map(|(a, _)| tr.text(&a.item.title)).unwrap_or_default(),
                        Some(format!("/{}/{slug}/agreements", tr.code())),
                    )
                }
                Milestone::Programme(id) => {
                    let prog = p.programmes.iter().find(|x| x.id == *id);
                    (
                        prog.map(|x| tr.text(&x.item.title)).unwrap_or_default(),
                        prog.map(|x| format!("/{}/{slug}/programmes/{}", tr.code(), x.item.slug)),
                    )
                }
            };
            MilestoneView {
                year: tr.year(e.year),
                anniversary: e.anniversary.map(|n| tr.ta("anniversary", &[("n", &n.to_string())])),
                text,
                href,
            }
        })
        .collect();
    let page = TimelinePage { layout: layout(tr, &p, "timeline", "timeline", &tr.t("timeline-title")), entries };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

#[derive(Template)]
#[template(path = "programme.html")]
struct ProgrammePage {
    layout: Layout,
    title: Shown,
    dates: String,
    description: Shown,
    activities: ActivityList,
    events: Vec<EventLine>,
}

async fn programme<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, programme)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let Some(prog) = p.programmes.iter().find(|x| x.item.slug == programme) else {
        return Err(super::not_found(tr));
    };
    let title = tr.text(&prog.item.title);
    let page = ProgrammePage {
        layout: layout(tr, &p, "timeline", &format!("programmes/{programme}"), &title.text),
        dates: tr.period(prog.item.starts_on, prog.item.ends_on, prog.item.date_precision),
        description: tr.text(&prog.item.description),
        activities: activity_list(
            &state,
            tr,
            &p,
            &ActivityFilter { programme: Some(prog.id), ..ActivityFilter::default() },
            ("programme", prog.id.get()),
        )
        .await?,
        events: p
            .all_events(&state.store, vec![Cond::Eq("programme_id", Value::Int(prog.id.get()))])
            .await
            .map_err(|e| fail(tr, WebError(e)))?
            .iter()
            .map(|e| event_line(tr, &p, &slug, e))
            .collect(),
        title,
    };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

#[derive(Template)]
#[template(path = "sdgs.html")]
struct SdgsPage {
    layout: Layout,
    goals: Vec<(u8, String, ActivityList)>,
}

/// Activities listed per goal on the SDG page (the newest; a link leads to the rest).
const SDG_SHOWN: u64 = 10;

/// Activities listed on an organisation's or a programme's page.
const LINKED_SHOWN: u64 = 20;

/// The newest activities of a goal, an organisation or a programme, and a link to
/// the list of all of them when there are more.
pub struct ActivityList {
    pub lines: Vec<ActivityLine>,
    /// The address of the full list and its label.
    pub more: Option<(String, String)>,
}

impl ActivityList {
    fn new(tr: Tr, p: &Portal, page: Rows<Stored<Activity>>, (param, value): (&str, i64)) -> Self {
        let slug = &p.partnership.item.slug;
        let lines: Vec<ActivityLine> = page.items.iter().map(|a| activity_line(tr, slug, a)).collect();
        let more = (page.total > lines.len() as u64).then(|| {
            (
                crate::addresses::list(&format!("/{}/{slug}/activities", tr.code()), &[(param, value.to_string())], 1),
                tr.ta("activities-all", &[("n", &tr.number(page.total as i64))]),
            )
        });
        ActivityList { lines, more }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

async fn activity_list<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    p: &Portal,
    filter: &ActivityFilter,
    param: (&str, i64),
) -> Result<ActivityList, Response> {
    let page = p.activities(&state.store, filter, 1, LINKED_SHOWN).await.map_err(|e| fail(tr, WebError(e)))?;
    Ok(ActivityList::new(tr, p, page, param))
}

async fn sdgs<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let goals = p
        .sdgs(&state.store, SDG_SHOWN)
        .await
        .map_err(|e| fail(tr, WebError(e)))?
        .into_iter()
        .map(|(g, page)| {
            (g, tr.word(crate::words::Word::Sdg, g.to_string()), ActivityList::new(tr, &p, page, ("sdg", i64::from(g))))
        })
        .collect();
    let page = SdgsPage { layout: layout(tr, &p, "sdgs", "sdgs", &tr.t("sdgs-title")), goals };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

/// A published document's file, by document id (the name is for the visitor).
async fn file<S: WebStore>(State(state): State<AppState<S>>, Path((id, name)): Path<(String, String)>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let doc = match RecordStore::<zusterstad_core::documents::Document>::get(&state.store, Id::new(id)).await {
        Ok(d) if d.item.publication == zusterstad_core::Publication::Published && d.item.file_name == name => d,
        Ok(_) | Err(zusterstad_core::Error::NotFound { .. }) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return crate::error::WebError(e).into_response(),
    };
    let file: Stored<File> = match RecordStore::<File>::get(&state.store, doc.item.file_id).await {
        Ok(f) => f,
        Err(e) => return crate::error::WebError(e).into_response(),
    };
    let mut response = file.item.content.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&file.item.media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", file.item.sha256)) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// `/{partnership}/symbols.geojson`: the landmarks as open data.
pub fn geojson(p: &Portal) -> serde_json::Value {
    let features: Vec<_> = p
        .landmarks
        .iter()
        .map(|l| {
            let precision = serde_json::to_value(l.item.precision).unwrap_or_default();
            let names: serde_json::Map<_, _> = zusterstad_core::Lang::ALL
                .iter()
                .filter_map(|lang| l.item.name.resolve(*lang).map(|(_, v)| (lang.code().to_owned(), json!(v))))
                .collect();
            json!({
                "type": "Feature",
                "id": l.id.get(),
                "geometry": {"type": "Point", "coordinates": [l.item.longitude, l.item.latitude]},
                "properties": {
                    "name": names,
                    "city": p.city(l.item.city_id).map(|c| c.item.slug.clone()),
                    "precision": precision,
                    "given_year": l.item.given_year,
                }
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

pub async fn geojson_response<S: WebStore>(state: &AppState<S>, slug: &str) -> Response {
    match state.portal(slug).await {
        Ok(p) => {
            let mut r = geojson(&p).to_string().into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
            r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            r
        }
        Err(e) => e.into_response(),
    }
}

//! The workspace home (the partnerships one may see) and a coordinator's dashboard:
//! agreements by status, joint items waiting for this side, translations to do,
//! upcoming events with registrations, recent changes.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use zusterstad_core::access::Permission;
use zusterstad_core::agreements::{Agreement, AgreementStatus};
use zusterstad_core::approvals::{Approval, approved_sides};
use zusterstad_core::audit::Change;
use zusterstad_core::events::Event;
use zusterstad_core::query::{Cond, ListQuery};
use zusterstad_core::registrations::RegistrationStatus;
use zusterstad_core::store::{RecordStore, approvals_of, by_ids};
use zusterstad_core::users::User;
use zusterstad_core::{Kind, Localized, Publication, Stored};

use super::{Ctx, Desk, forbidden, page};
use crate::error::WebError;
use crate::pages::partnership::status_label;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage", get(home::<S>))
        .route("/manage/{slug}", get(dashboard::<S>))
        .route("/manage/{slug}/agreements/{id}/renew", post(renew::<S>))
}

#[derive(Template)]
#[template(path = "manage/home.html")]
struct HomePage {
    desk: Desk,
    partnerships: Vec<(String, String)>,
    pager: Option<crate::pages::Pager>,
    is_admin: bool,
}

async fn home<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<super::Fields>,
) -> Response {
    let tr = ctx.tr();
    let Some(account) = &ctx.account else { return forbidden(&ctx) };
    let is_admin = account.principal.is_admin();
    let (found, paging) = match super::visible_partnerships(&state, &account.principal, &q).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    let partnerships =
        found.into_iter().map(|p| (format!("/manage/{}", p.item.slug), tr.text(&p.item.name).text)).collect();
    let pager = crate::pages::pager(tr, "/manage", &[], &paging);
    page(&HomePage { desk: Desk::new(&ctx, tr.t("desk-nav-home"), "home"), partnerships, pager, is_admin })
}

pub struct AgreementRow {
    pub title: String,
    pub status_class: &'static str,
    pub status: String,
    pub renew: Option<String>,
    pub history: String,
}

pub struct Link {
    pub href: String,
    pub label: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "manage/dashboard.html")]
struct DashboardPage {
    desk: Desk,
    name: String,
    side: Option<String>,
    agreements: Vec<AgreementRow>,
    waiting: Vec<Link>,
    to_translate: usize,
    translate_href: String,
    upcoming: Vec<Link>,
    recent: Vec<Link>,
    /// "N mails could not be sent", for those who may see personal data.
    mail_trouble: Option<Link>,
}

/// A localized text's best title for the workspace language.
fn title(tr: crate::i18n::Tr, text: &Localized) -> String {
    let shown = tr.text(text).text;
    if shown.trim().is_empty() { "—".to_owned() } else { shown }
}

async fn dashboard<S: WebStore>(State(state): State<AppState<S>>, Extension(ctx): Extension<Ctx>) -> Response {
    match build(&state, &ctx).await {
        Ok(p) => page(&p),
        Err(e) => e.into_response(),
    }
}

async fn build<S: WebStore>(state: &AppState<S>, ctx: &Ctx) -> Result<DashboardPage, WebError> {
    let tr = ctx.tr();
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else {
        return Err(WebError(zusterstad_core::Error::Forbidden));
    };
    let slug = &p.item.slug;
    let now = (state.clock)();
    let side = account.principal.side(p.id);
    let may_edit = account.principal.may(Permission::EditPartnership(p.id));
    let side_name = match side {
        Some(city) => Some(title(
            tr,
            &RecordStore::<zusterstad_core::partnerships::City>::get(&state.store, city).await?.item.name,
        )),
        None => None,
    };

    let with_status = state.store.agreements_with_status(p.id, now.date_naive()).await?;
    let agreements = with_status
        .iter()
        .map(|(a, status)| {
            let (status_class, status) = status_label(tr, &a.item, status);
            let renewing = with_status.iter().any(|(later, _)| later.item.renews_id == Some(a.id));
            let expiring =
                matches!(with_status.iter().find(|(x, _)| x.id == a.id), Some((_, AgreementStatus::Expiring { .. })));
            AgreementRow {
                title: title(tr, &a.item.title),
                status_class,
                status,
                renew: (expiring && !renewing && may_edit)
                    .then(|| format!("/manage/{slug}/agreements/{}/renew", a.id.get())),
                history: format!("/manage/{slug}/history/agreement/{}", a.id.get()),
            }
        })
        .collect();

    // This partnership's joint events still in play, and its next ten.
    let open = || ListQuery::of(p.id).with(Cond::Ne("publication", Publication::Archived.into()));
    let joint_events: Vec<Stored<Event>> =
        RecordStore::<Event>::query(&state.store, &open().with(Cond::Eq("joint", true.into()))).await?.items;
    let next_events: Vec<Stored<Event>> = RecordStore::<Event>::query(
        &state.store,
        &ListQuery::of(p.id).with(Cond::Ge("ends_at", now.into())).asc("starts_at").limit(10),
    )
    .await?
    .items;
    let mut approvals: Vec<Stored<Approval>> = approvals_of(
        &state.store,
        Kind::Agreement,
        with_status.iter().filter(|(a, _)| a.item.joint).map(|(a, _)| a.id.get()),
    )
    .await?;
    approvals.extend(approvals_of(&state.store, Kind::Event, joint_events.iter().map(|e| e.id.get())).await?);
    let mut waiting = Vec::new();
    if let Some(side) = side {
        for (a, _) in &with_status {
            let sides = approved_sides(&approvals, Kind::Agreement, a.id.get(), a.version);
            if a.item.joint && a.item.publication != Publication::Archived && !sides.contains(&side) {
                waiting.push(Link {
                    href: format!("/manage/{slug}/records/agreement/{}", a.id.get()),
                    label: title(tr, &a.item.title),
                    note: tr.t("kind-agreement"),
                });
            }
        }
        for e in &joint_events {
            let sides = approved_sides(&approvals, Kind::Event, e.id.get(), e.version);
            if e.item.joint && e.item.publication != Publication::Archived && !sides.contains(&side) {
                waiting.push(Link {
                    href: format!("/manage/{slug}/events/{}", e.id.get()),
                    label: title(tr, &e.item.title),
                    note: tr.t("kind-event"),
                });
            }
        }
    }

    let to_translate = state.store.untranslated(p.id, tr.lang, false, 0, Some(0)).await?.total as usize;

    let mut upcoming = Vec::new();
    for e in &next_events {
        let regs = state.store.registrations(e.id).await?;
        let confirmed = regs.iter().filter(|r| r.item.status == RegistrationStatus::Confirmed).count();
        let waiting_list = regs.iter().filter(|r| r.item.status == RegistrationStatus::Waiting).count();
        let zone: chrono_tz::Tz = e.item.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let day = tr.date(e.item.starts_at.with_timezone(&zone).date_naive());
        upcoming.push(Link {
            href: format!("/manage/{slug}/events/{}", e.id.get()),
            label: title(tr, &e.item.title),
            note: format!(
                "{day}{}{}",
                tr.t("sep"),
                tr.ta(
                    "desk-registrations",
                    &[("confirmed", &confirmed.to_string()), ("waiting", &waiting_list.to_string())]
                )
            ),
        });
    }

    let mail_trouble = if account.principal.may(Permission::PersonalData(p.id)) {
        let troubled = state.store.count_unsent_mails(Some(p.id)).await?.failed;
        (troubled > 0).then(|| Link {
            href: format!("/manage/{slug}/mail"),
            label: tr.ta("desk-mail-trouble", &[("count", &troubled.to_string())]),
            note: String::new(),
        })
    } else {
        None
    };

    let changes = state.store.recent_changes(p, 40).await?;
    let users: Vec<Stored<User>> =
        by_ids(&state.store, changes.iter().filter_map(|c| c.actor_id.map(|a| a.get()))).await?;
    let zone = super::records::entry_zone(state, ctx, p).await?;
    let recent = changes
        .into_iter()
        .filter(|c| !c.kind.is_personal() && c.kind != Kind::Approval)
        .take(10)
        .map(|c| {
            let who = super::history::who(tr, &users, c.actor_id, &c.via);
            let fields: Vec<String> =
                c.changes.as_object().map(|o| o.keys().map(|f| tr.label(f)).collect()).unwrap_or_default();
            let sep = tr.t("sep");
            Link {
                href: format!("/manage/{slug}/history/{}/{}", c.kind.as_str(), c.record_id),
                label: format!("{} #{}", tr.word(crate::words::Word::Kind, c.kind.as_str()), c.record_id),
                note: format!("{}{sep}{who}{sep}{}", tr.moment(c.at, zone), fields.join(&tr.t("list-separator"))),
            }
        })
        .collect();

    Ok(DashboardPage {
        desk: Desk::new(ctx, title(tr, &p.item.name), "dashboard"),
        name: title(tr, &p.item.name),
        side: side_name,
        agreements,
        waiting,
        to_translate,
        translate_href: format!("/manage/{slug}/translate/{}", tr.code()),
        upcoming,
        recent,
        mail_trouble,
    })
}

/// Drafts the agreement that renews an expiring one: same kind, parties and texts,
/// no dates yet, not published; both sides will approve it when it is final.
async fn renew<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, id)): Path<(String, String)>,
) -> Response {
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let Ok(id) = id.parse::<i64>() else { return super::not_found(&ctx) };
    let old: Stored<Agreement> = match RecordStore::<Agreement>::get(&state.store, zusterstad_core::Id::new(id)).await {
        Ok(a) if a.item.partnership_id == p.id => a,
        Ok(_) | Err(zusterstad_core::Error::NotFound { .. }) => return super::not_found(&ctx),
        Err(e) => return WebError(e).into_response(),
    };
    let draft = Agreement {
        signed_on: None,
        signed_year: None,
        valid_from: old.item.valid_until.and_then(|d| d.succ_opt()),
        valid_until: None,
        date_precision: old.item.date_precision,
        document_id: None,
        renews_id: Some(old.id),
        joint: true,
        publication: Publication::Draft,
        example: false,
        ..old.item.clone()
    };
    let change = Change::by_user(account.id(), (state.clock)());
    match RecordStore::<Agreement>::create(&state.store, &change, draft).await {
        Ok(created) => Redirect::to(&format!("/manage/{slug}/records/agreement/{}", created.id.get())).into_response(),
        Err(e) => WebError(e).into_response(),
    }
}

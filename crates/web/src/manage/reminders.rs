//! Reminders by e-mail, through the same mail path as registrations: an agreement
//! entering its expiry window, a joint item waiting for a side's approval, and
//! translations gone stale reach the coordinators concerned, once. The server runs
//! this every few minutes; `ReminderStore` makes "once" hold across runs and
//! server instances.

use zusterstad_core::agreements::AgreementStatus;
use zusterstad_core::approvals::{Approval, approved_sides};
use zusterstad_core::events::Event;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::query::{Cond, ListQuery, Value};
use zusterstad_core::registrations::Mail;
use zusterstad_core::store::{RecordStore, Untranslated, approvals_of, by_ids};
use zusterstad_core::users::{Role, RoleGrant, User};
use zusterstad_core::{Kind, Lang, Publication, Result, Stored, TextStatus};

use crate::i18n::Tr;
use crate::{AppState, WebStore};

/// Sends the reminders that are due and not sent before; returns how many mails
/// went out. `base_url` makes the links in them absolute.
pub async fn send_reminders<S: WebStore>(state: &AppState<S>, base_url: &str) -> Result<usize> {
    let now = (state.clock)();
    let store = &state.store;
    // Only partnerships with coordinators concern the reminders; each is read by query.
    let grants: Vec<Stored<RoleGrant>> = RecordStore::<RoleGrant>::query(
        store,
        &ListQuery::all().with(Cond::Eq("role", Value::from("coordinator"))).asc("partnership_id"),
    )
    .await?
    .items;
    let users: Vec<Stored<User>> = by_ids(store, grants.iter().map(|g| g.item.user_id.get())).await?;
    let partnerships: Vec<Stored<Partnership>> =
        by_ids(store, grants.iter().filter_map(|g| g.item.partnership_id.map(|p| p.get()))).await?;
    let mut sent = 0;
    for p in partnerships {
        let slug = &p.item.slug;
        // The coordinators of this partnership, with their side.
        let coordinators: Vec<(&Stored<User>, zusterstad_core::partnerships::CityId)> = grants
            .iter()
            .filter(|g| g.item.role == Role::Coordinator && g.item.partnership_id == Some(p.id))
            .filter_map(|g| {
                let user = users.iter().find(|u| u.id == g.item.user_id && !u.item.disabled)?;
                Some((user, g.item.side_city_id?))
            })
            .collect();
        if coordinators.is_empty() {
            continue;
        }
        let agreements = store.agreements_with_status(p.id, now.date_naive()).await?;
        let events: Vec<Stored<Event>> = RecordStore::<Event>::query(
            store,
            &ListQuery::of(p.id)
                .with(Cond::Eq("joint", true.into()))
                .with(Cond::Ne("publication", Publication::Archived.into()))
                .with(Cond::Ge("ends_at", now.into())),
        )
        .await?
        .items;
        let mut approvals: Vec<Stored<Approval>> = approvals_of(
            store,
            Kind::Agreement,
            agreements.iter().filter(|(a, _)| a.item.joint).map(|(a, _)| a.id.get()),
        )
        .await?;
        approvals.extend(approvals_of(store, Kind::Event, events.iter().map(|e| e.id.get())).await?);
        // What needs translating, once per language of the coordinators.
        let mut work: Vec<(Lang, Vec<Untranslated>)> = Vec::new();
        for (user, _) in &coordinators {
            let lang = user.item.language;
            if !work.iter().any(|(l, _)| *l == lang) {
                work.push((lang, store.untranslated(p.id, lang, true, 0, None).await?.items));
            }
        }

        for (user, side) in &coordinators {
            let tr = Tr::new(user.item.language);
            let mut lines: Vec<(String, String)> = Vec::new();

            for (a, status) in &agreements {
                if let AgreementStatus::Expiring { days_left } = status {
                    let key = format!(
                        "expiring:{}:{}:{}",
                        a.id.get(),
                        a.item.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                        user.id.get()
                    );
                    let text = tr.ta(
                        "reminder-expiring",
                        &[("title", &tr.text(&a.item.title).text), ("days", &days_left.to_string())],
                    );
                    lines.push((key, format!("{text}\n{base_url}/manage/{slug}/records/agreement/{}", a.id.get())));
                }
            }

            let joint: Vec<(Kind, i64, i64, String, String)> = agreements
                .iter()
                .filter(|(a, _)| a.item.joint && a.item.publication != Publication::Archived)
                .map(|(a, _)| {
                    (
                        Kind::Agreement,
                        a.id.get(),
                        a.version,
                        tr.text(&a.item.title).text,
                        format!("/manage/{slug}/records/agreement/{}", a.id.get()),
                    )
                })
                .chain(events.iter().map(|e| {
                    (
                        Kind::Event,
                        e.id.get(),
                        e.version,
                        tr.text(&e.item.title).text,
                        format!("/manage/{slug}/events/{}", e.id.get()),
                    )
                }))
                .collect();
            for (kind, id, version, title, path) in joint {
                if approved_sides(&approvals, kind, id, version).contains(side) {
                    continue;
                }
                let key = format!("approval:{}:{id}:{version}:{}", kind.as_str(), user.id.get());
                lines.push((key, format!("{}\n{base_url}{path}", tr.ta("reminder-approval", &[("title", &title)]))));
            }

            let stale =
                work.iter().find(|(l, _)| *l == user.item.language).map(|(_, w)| w.as_slice()).unwrap_or_default();
            for w in stale {
                if w.status != TextStatus::Stale {
                    continue;
                }
                let key = format!(
                    "stale:{}:{}:{}:{}:{}",
                    w.kind.as_str(),
                    w.record_id,
                    w.field,
                    user.item.language.code(),
                    user.id.get()
                );
                let kind = tr.word(crate::words::Word::Kind, w.kind.as_str());
                let id = w.record_id.to_string();
                let what = tr.ta("reminder-text", &[("kind", &kind), ("id", &id), ("field", &tr.label(&w.field))]);
                lines.push((
                    key,
                    format!(
                        "{}\n{base_url}/manage/{slug}/translate/{}",
                        tr.ta("reminder-stale", &[("what", &what)]),
                        user.item.language.code()
                    ),
                ));
            }

            if lines.is_empty() {
                continue;
            }
            // Only what was not sent before: the keys are marked and the mail with
            // their lines queued in one transaction, so a second run (or server)
            // sends nothing twice and a crash loses nothing.
            let keys: Vec<String> = lines.iter().map(|(k, _)| k.clone()).collect();
            let mail = |fresh: &[usize]| Mail {
                to: user.item.email.clone(),
                subject: tr.ta("reminder-subject", &[("partnership", &tr.text(&p.item.name).text)]),
                body: format!(
                    "{}\n\n{}\n\n-- \n{}",
                    tr.ta("reminder-hello", &[("name", &user.item.display_name)]),
                    fresh
                        .iter()
                        .filter_map(|i| lines.get(*i).map(|(_, l)| l.as_str()))
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                    tr.t("reminder-footer")
                ),
            };
            if state.store.send_reminder(&keys, now, Some(p.id), &mail).await? {
                sent += 1;
            }
        }
    }
    crate::outbox::deliver_due(state).await;
    Ok(sent)
}

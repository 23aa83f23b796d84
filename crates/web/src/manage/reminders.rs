//! Reminders by e-mail, through the same mail path as registrations: an agreement
//! entering its expiry window, a joint item waiting for a side's approval, and
//! translations gone stale reach the coordinators concerned, once. The server runs
//! this every few minutes; `ReminderStore` makes "once" hold across runs and
//! server instances.

use zusterstad_core::agreements::AgreementStatus;
use zusterstad_core::approvals::{Approval, approved_sides};
use zusterstad_core::events::Event;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::registrations::Mail;
use zusterstad_core::store::RecordStore;
use zusterstad_core::users::{Role, RoleGrant, User};
use zusterstad_core::{Kind, Publication, Result, Stored, TextStatus};

use crate::i18n::Tr;
use crate::{AppState, WebStore};

/// Sends the reminders that are due and not sent before; returns how many mails
/// went out. `base_url` makes the links in them absolute.
pub async fn send_reminders<S: WebStore>(state: &AppState<S>, base_url: &str) -> Result<usize> {
    let now = (state.clock)();
    let users: Vec<Stored<User>> = RecordStore::<User>::list(&state.store).await?;
    let grants: Vec<Stored<RoleGrant>> = RecordStore::<RoleGrant>::list(&state.store).await?;
    let approvals: Vec<Stored<Approval>> = RecordStore::<Approval>::list(&state.store).await?;
    let events: Vec<Stored<Event>> = RecordStore::<Event>::list(&state.store).await?;
    let mut sent = 0;
    for p in RecordStore::<Partnership>::list(&state.store).await? {
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
        let agreements = state.store.agreements_with_status(p.id, now.date_naive()).await?;

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
                .chain(
                    events
                        .iter()
                        .filter(|e| e.item.partnership_id == p.id && e.item.joint)
                        .filter(|e| e.item.publication != Publication::Archived && e.item.ends_at >= now)
                        .map(|e| {
                            (
                                Kind::Event,
                                e.id.get(),
                                e.version,
                                tr.text(&e.item.title).text,
                                format!("/manage/{slug}/events/{}", e.id.get()),
                            )
                        }),
                )
                .collect();
            for (kind, id, version, title, path) in joint {
                if approved_sides(&approvals, kind, id, version).contains(side) {
                    continue;
                }
                let key = format!("approval:{}:{id}:{version}:{}", kind.as_str(), user.id.get());
                lines.push((key, format!("{}\n{base_url}{path}", tr.ta("reminder-approval", &[("title", &title)]))));
            }

            for w in super::translate::work(state, &p, user.item.language).await.map_err(|e| e.0)? {
                if w.status != TextStatus::Stale {
                    continue;
                }
                let key = format!(
                    "stale:{}:{}:{}:{}:{}",
                    w.kind.as_str(),
                    w.id,
                    w.field,
                    user.item.language.code(),
                    user.id.get()
                );
                let what = format!("{} #{} · {}", tr.t(&format!("kind-{}", w.kind.as_str())), w.id, w.field);
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

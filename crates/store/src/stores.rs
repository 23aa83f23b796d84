//! The `core` Store traits, implemented for a database handle (each write in its own
//! transaction) and for an open transaction (writes commit together).

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use zusterstad_core::agreements::{Agreement, AgreementStatus};
use zusterstad_core::audit::{Action, AuditEntry, Change};
use zusterstad_core::partnerships::{NewSide, Partnership, PartnershipId};
use zusterstad_core::query::{Cond, ListQuery, Page};
use zusterstad_core::store::{AgreementStore, AuditStore, Health, PartnershipStore, RecordStore, UserStore};
use zusterstad_core::tokens::ApiToken;
use zusterstad_core::users::{RoleGrant, User};
use zusterstad_core::{Error, Id, Kind, Result, Stored};

use crate::db::{Db, Tx};
use crate::entities::{api_token, audit_log, partnership, user_account};
use crate::errors;
use crate::records::{self, Table, row_to_stored};

impl Db {
    /// Every item of a kind, oldest first: for tests and tools. It is not part of the
    /// Store traits, so no page, list, feed or API answer (all written against the
    /// traits) can load a whole table this way.
    pub async fn list<T: Table>(&self) -> Result<Vec<Stored<T>>> {
        records::list_in(self.files.as_ref(), &self.conn).await
    }
}

impl<T: Table> RecordStore<T> for Db {
    async fn create(&self, change: &Change, item: T) -> Result<Stored<T>> {
        let tx = self.begin().await?;
        let stored = records::create_in(self.files.as_ref(), &tx.txn, change, item).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn get(&self, id: Id<T>) -> Result<Stored<T>> {
        records::get_in(self.files.as_ref(), &self.conn, id).await
    }

    async fn query(&self, q: &ListQuery) -> Result<Page<Stored<T>>> {
        records::query_in(self.files.as_ref(), &self.conn, q).await
    }

    async fn count_by_partnership(&self, conds: &[Cond]) -> Result<Vec<(i64, u64)>> {
        records::count_by_partnership::<T, _>(&self.conn, conds).await
    }

    async fn count_by_year(&self, field: &'static str, conds: &[Cond]) -> Result<Vec<(i32, u64)>> {
        records::count_by_year::<T, _>(&self.conn, field, conds).await
    }

    async fn update(&self, change: &Change, id: Id<T>, expected_version: i64, item: T) -> Result<Stored<T>> {
        let tx = self.begin().await?;
        let stored = records::update_in(self.files.as_ref(), &tx.txn, change, id, expected_version, item).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn delete(&self, change: &Change, id: Id<T>, expected_version: i64) -> Result<()> {
        let tx = self.begin().await?;
        records::delete(&tx.txn, change, id, expected_version).await?;
        tx.commit().await
    }
}

impl<T: Table> RecordStore<T> for Tx {
    async fn create(&self, change: &Change, item: T) -> Result<Stored<T>> {
        records::create_in(self.files.as_ref(), &self.txn, change, item).await
    }

    async fn get(&self, id: Id<T>) -> Result<Stored<T>> {
        records::get_in(self.files.as_ref(), &self.txn, id).await
    }

    async fn query(&self, q: &ListQuery) -> Result<Page<Stored<T>>> {
        records::query_in(self.files.as_ref(), &self.txn, q).await
    }

    async fn count_by_partnership(&self, conds: &[Cond]) -> Result<Vec<(i64, u64)>> {
        records::count_by_partnership::<T, _>(&self.txn, conds).await
    }

    async fn count_by_year(&self, field: &'static str, conds: &[Cond]) -> Result<Vec<(i32, u64)>> {
        records::count_by_year::<T, _>(&self.txn, field, conds).await
    }

    async fn update(&self, change: &Change, id: Id<T>, expected_version: i64, item: T) -> Result<Stored<T>> {
        records::update_in(self.files.as_ref(), &self.txn, change, id, expected_version, item).await
    }

    async fn delete(&self, change: &Change, id: Id<T>, expected_version: i64) -> Result<()> {
        records::delete(&self.txn, change, id, expected_version).await
    }
}

async fn partnership_by_slug<C: sea_orm::ConnectionTrait>(db: &C, slug: &str) -> Result<Stored<Partnership>> {
    let row = partnership::Entity::find()
        .filter(Expr::col(Alias::new("slug")).eq(slug))
        .one(db)
        .await
        .map_err(errors::map)?;
    match row {
        Some(row) => row_to_stored::<Partnership>(row),
        None => Err(Error::NotFound { kind: Kind::Partnership.as_str(), id: slug.to_owned() }),
    }
}

async fn create_partnership_in<C: ConnectionTrait>(
    db: &C,
    change: &Change,
    a: NewSide,
    b: NewSide,
    mut partnership: Partnership,
) -> Result<Stored<Partnership>> {
    let mut ids = Vec::new();
    for side in [a, b] {
        ids.push(match side {
            NewSide::Existing(id) => id,
            NewSide::New(city) => records::create(db, change, *city).await?.id,
        });
    }
    partnership.city_a_id = ids[0];
    partnership.city_b_id = ids[1];
    records::create(db, change, partnership).await
}

impl PartnershipStore for Db {
    async fn partnership_by_slug(&self, slug: &str) -> Result<Stored<Partnership>> {
        partnership_by_slug(&self.conn, slug).await
    }

    async fn create_partnership(
        &self,
        change: &Change,
        a: NewSide,
        b: NewSide,
        partnership: Partnership,
    ) -> Result<Stored<Partnership>> {
        let tx = self.begin().await?;
        let stored = create_partnership_in(&tx.txn, change, a, b, partnership).await?;
        tx.commit().await?;
        Ok(stored)
    }
}

impl PartnershipStore for Tx {
    async fn partnership_by_slug(&self, slug: &str) -> Result<Stored<Partnership>> {
        partnership_by_slug(&self.txn, slug).await
    }

    async fn create_partnership(
        &self,
        change: &Change,
        a: NewSide,
        b: NewSide,
        partnership: Partnership,
    ) -> Result<Stored<Partnership>> {
        create_partnership_in(&self.txn, change, a, b, partnership).await
    }
}

impl AgreementStore for Db {
    async fn agreements_with_status(
        &self,
        partnership_id: PartnershipId,
        today: NaiveDate,
    ) -> Result<Vec<(Stored<Agreement>, AgreementStatus)>> {
        let partnership: Stored<Partnership> = records::get(&self.conn, partnership_id).await?;
        let mine: Vec<Stored<Agreement>> =
            records::query_in(None, &self.conn, &ListQuery::of(partnership_id)).await?.items;
        let mut out: Vec<_> = mine
            .iter()
            .map(|a| {
                let superseded =
                    mine.iter().any(|later| later.item.renews_id == Some(a.id) && later.item.is_in_force_on(today));
                let status = a.item.status(today, partnership.item.expiry_window_days, superseded);
                (a.clone(), status)
            })
            .collect();
        out.sort_by(|(a, _), (b, _)| {
            let key = |x: &Stored<Agreement>| (x.item.valid_from.or(x.item.signed_on), x.item.signed_year, x.id);
            key(b).cmp(&key(a))
        });
        Ok(out)
    }
}

impl UserStore for Db {
    async fn user_by_email(&self, email: &str) -> Result<Option<Stored<User>>> {
        let row = user_account::Entity::find()
            .filter(Expr::col(Alias::new("email")).eq(email.trim().to_lowercase()))
            .one(&self.conn)
            .await
            .map_err(errors::map)?;
        row.map(row_to_stored::<User>).transpose()
    }

    async fn api_token_by_hash(&self, sha256: &str) -> Result<Option<Stored<ApiToken>>> {
        let row = api_token::Entity::find()
            .filter(Expr::col(Alias::new("token_sha256")).eq(sha256))
            .one(&self.conn)
            .await
            .map_err(errors::map)?;
        row.map(row_to_stored::<ApiToken>).transpose()
    }

    async fn create_user_with_roles(&self, change: &Change, user: User, roles: Vec<RoleGrant>) -> Result<Stored<User>> {
        let tx = self.begin().await?;
        let stored = records::create(&tx.txn, change, user).await?;
        for (i, mut grant) in roles.into_iter().enumerate() {
            grant.user_id = stored.id;
            records::create(&tx.txn, change, grant).await.map_err(|e| match e {
                Error::Invalid { fields } => Error::Invalid {
                    fields: fields
                        .into_iter()
                        .map(|mut f| {
                            f.field = format!("roles.{i}.{}", f.field);
                            f
                        })
                        .collect(),
                },
                other => other,
            })?;
        }
        tx.commit().await?;
        Ok(stored)
    }
}

fn entry(row: audit_log::Model) -> Result<AuditEntry> {
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.as_str() == row.kind)
        .ok_or_else(|| Error::Internal(format!("unknown kind {} in the audit log", row.kind)))?;
    let action = match Action::parse(&row.action) {
        Some(a) => a,
        None => return Err(Error::Internal(format!("unknown action {} in the audit log", row.action))),
    };
    Ok(AuditEntry {
        seq: row.seq,
        at: row.at,
        actor_id: row.actor_id.map(Id::new),
        via: row.via,
        kind,
        record_id: row.record_id,
        partnership_id: row.partnership_id,
        action,
        changes: row.changes,
    })
}

impl zusterstad_core::store::TranslationStore for Db {
    async fn untranslated(
        &self,
        partnership: PartnershipId,
        lang: zusterstad_core::Lang,
        stale_only: bool,
        offset: u64,
        limit: Option<u64>,
    ) -> Result<Page<zusterstad_core::store::Untranslated>> {
        crate::translations::untranslated(&self.conn, partnership.get(), lang, stale_only, offset, limit).await
    }
}

impl AuditStore for Db {
    async fn latest_seq(&self) -> Result<i64> {
        let last = audit_log::Entity::find()
            .order_by_desc(Expr::col(Alias::new("seq")))
            .limit(1)
            .one(&self.conn)
            .await
            .map_err(errors::map)?;
        Ok(last.map_or(0, |r| r.seq))
    }

    async fn partnership_seq(&self, slug: &str) -> Result<Option<i64>> {
        use sea_orm::sea_query::{JoinType, Query};
        let (p, c) = (Alias::new("partnership"), Alias::new("change_counter"));
        let query = Query::select()
            .column((p.clone(), Alias::new("id")))
            .column((c.clone(), Alias::new("seq")))
            .from(p.clone())
            .join(
                JoinType::LeftJoin,
                c.clone(),
                Expr::col((c.clone(), Alias::new("partnership_id"))).equals((p.clone(), Alias::new("id"))),
            )
            .and_where(Expr::col((p, Alias::new("slug"))).eq(slug))
            .to_owned();
        match self.conn.query_one(&query).await.map_err(errors::map)? {
            Some(row) => Ok(Some(row.try_get_by_index::<Option<i64>>(1).map_err(errors::map)?.unwrap_or(0))),
            None => Ok(None),
        }
    }

    async fn partnership_seqs(&self) -> Result<Vec<(String, i64)>> {
        use sea_orm::sea_query::{JoinType, Query};
        let (p, c) = (Alias::new("partnership"), Alias::new("change_counter"));
        let query = Query::select()
            .column((p.clone(), Alias::new("slug")))
            .column((c.clone(), Alias::new("seq")))
            .from(p.clone())
            .join(
                JoinType::LeftJoin,
                c.clone(),
                Expr::col((c, Alias::new("partnership_id"))).equals((p.clone(), Alias::new("id"))),
            )
            .order_by((p, Alias::new("slug")), sea_orm::Order::Asc)
            .to_owned();
        let rows = self.conn.query_all(&query).await.map_err(errors::map)?;
        rows.iter()
            .map(|row| {
                let slug = row.try_get_by_index::<String>(0).map_err(errors::map)?;
                let seq = row.try_get_by_index::<Option<i64>>(1).map_err(errors::map)?.unwrap_or(0);
                Ok((slug, seq))
            })
            .collect()
    }

    async fn partnership_changes(&self, slug: &str, after: i64, upto: i64) -> Result<Option<Vec<(String, i64)>>> {
        let id = match partnership_by_slug(&self.conn, slug).await {
            Ok(p) => p.id.get(),
            Err(Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let notes = crate::search::notes(self, id, after, upto).await?;
        Ok((notes.len() as i64 == upto - after).then_some(notes))
    }

    async fn instance_seq(&self) -> Result<i64> {
        use sea_orm::sea_query::Query;
        let query = Query::select()
            .column(Alias::new("seq"))
            .from(Alias::new("change_counter"))
            .and_where(Expr::col(Alias::new("partnership_id")).eq(records::INSTANCE))
            .to_owned();
        match self.conn.query_one(&query).await.map_err(errors::map)? {
            Some(row) => row.try_get_by_index::<i64>(0).map_err(errors::map),
            None => Ok(0),
        }
    }

    async fn history(&self, kind: Kind, record_id: i64) -> Result<Vec<AuditEntry>> {
        let rows = audit_log::Entity::find()
            .filter(Expr::col(Alias::new("kind")).eq(kind.as_str()))
            .filter(Expr::col(Alias::new("record_id")).eq(record_id))
            .order_by_asc(Expr::col(Alias::new("seq")))
            .all(&self.conn)
            .await
            .map_err(errors::map)?;
        rows.into_iter().map(entry).collect()
    }

    async fn search_audit(&self, filter: &zusterstad_core::store::AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut query = audit_log::Entity::find();
        if let Some(actor) = filter.actor {
            query = query.filter(Expr::col(Alias::new("actor_id")).eq(actor.get()));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(Expr::col(Alias::new("kind")).eq(kind.as_str()));
        }
        if let Some(id) = filter.record_id {
            query = query.filter(Expr::col(Alias::new("record_id")).eq(id));
        }
        if let Some(from) = filter.from {
            query = query.filter(Expr::col(Alias::new("at")).gte(records::micros(from)));
        }
        if let Some(until) = filter.until {
            query = query.filter(Expr::col(Alias::new("at")).lt(records::micros(until)));
        }
        let rows = query
            .order_by_desc(Expr::col(Alias::new("seq")))
            .limit(filter.limit.clamp(1, 1000))
            .all(&self.conn)
            .await
            .map_err(errors::map)?;
        rows.into_iter().map(entry).collect()
    }

    async fn recent_changes(
        &self,
        partnership: &Stored<zusterstad_core::partnerships::Partnership>,
        limit: u64,
    ) -> Result<Vec<AuditEntry>> {
        let cities = [partnership.item.city_a_id.get(), partnership.item.city_b_id.get()];
        let rows = audit_log::Entity::find()
            .filter(
                sea_orm::Condition::any().add(Expr::col(Alias::new("partnership_id")).eq(partnership.id.get())).add(
                    Expr::col(Alias::new("kind"))
                        .eq(Kind::City.as_str())
                        .and(Expr::col(Alias::new("record_id")).is_in(cities)),
                ),
            )
            .order_by_desc(Expr::col(Alias::new("seq")))
            .limit(limit)
            .all(&self.conn)
            .await
            .map_err(errors::map)?;
        rows.into_iter().map(entry).collect()
    }
}

impl Health for Db {
    async fn ping(&self) -> Result<()> {
        self.writable().await
    }

    fn pool_connections(&self) -> (u32, usize) {
        match self.backend() {
            crate::db::Backend::Sqlite => {
                let pool = self.conn.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            crate::db::Backend::Postgres => {
                let pool = self.conn.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
        }
    }
}

impl zusterstad_core::store::FileStore for Db {
    async fn file_by_sha256(
        &self,
        partnership: PartnershipId,
        sha256: &str,
    ) -> Result<Option<zusterstad_core::documents::FileId>> {
        use crate::entities::file;
        use sea_orm::QuerySelect;
        let id: Option<i64> = file::Entity::find()
            .select_only()
            .column(file::Column::Id)
            .filter(Expr::col(Alias::new("sha256")).eq(sha256))
            .filter(Expr::col(Alias::new("partnership_id")).eq(partnership.get()))
            .into_tuple()
            .one(&self.conn)
            .await
            .map_err(errors::map)?;
        Ok(id.map(zusterstad_core::documents::FileId::new))
    }

    async fn file_info(&self, id: zusterstad_core::documents::FileId) -> Result<zusterstad_core::store::FileInfo> {
        use crate::entities::file;
        use sea_orm::QuerySelect;
        let row: Option<(String, String, i64)> = file::Entity::find()
            .select_only()
            .column(file::Column::Sha256)
            .column(file::Column::MediaType)
            .column(file::Column::SizeBytes)
            .filter(Expr::col(Alias::new("id")).eq(id.get()))
            .into_tuple()
            .one(&self.conn)
            .await
            .map_err(errors::map)?;
        let (sha256, media_type, size_bytes) =
            row.ok_or_else(|| Error::NotFound { kind: Kind::File.as_str(), id: id.to_string() })?;
        Ok(zusterstad_core::store::FileInfo { sha256, media_type, size_bytes })
    }
}

mod registrations {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait};
    use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement};
    use zusterstad_core::audit::Change;
    use zusterstad_core::events::{Event, EventId};
    use zusterstad_core::registrations::{self as rules, EventRegistration, MailFor, RegistrationStatus};
    use zusterstad_core::store::RegistrationStore;
    use zusterstad_core::{Error, Kind, Lang, Result, Stored};

    use crate::db::{Backend, Db};
    use crate::entities::event_registration;
    use crate::errors;
    use crate::records::{self, micros, row_to_stored};

    async fn of_event<C: ConnectionTrait>(db: &C, event: EventId) -> Result<Vec<Stored<EventRegistration>>> {
        let rows = event_registration::Entity::find()
            .filter(Expr::col(Alias::new("event_id")).eq(event.get()))
            .order_by_asc(Expr::col(Alias::new("id")))
            .all(db)
            .await
            .map_err(errors::map)?;
        rows.into_iter().map(row_to_stored::<EventRegistration>).collect()
    }

    async fn by_token<C: ConnectionTrait>(db: &C, token: &str) -> Result<Stored<EventRegistration>> {
        let row = event_registration::Entity::find()
            .filter(Expr::col(Alias::new("cancel_token")).eq(token))
            .one(db)
            .await
            .map_err(errors::map)?;
        match row {
            Some(r) => row_to_stored::<EventRegistration>(r),
            None => Err(Error::NotFound { kind: Kind::Registration.as_str(), id: "token".into() }),
        }
    }

    /// Holds the event's row until the transaction ends, so concurrent registrations
    /// for it take turns. (SQLite already has one writer at a time.)
    async fn lock_event<C: ConnectionTrait>(db: &C, backend: Backend, event: EventId) -> Result<()> {
        if backend != Backend::Postgres {
            return Ok(());
        }
        let stmt = Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            r#"SELECT id FROM "event" WHERE id = $1 FOR UPDATE"#,
            [event.get().into()],
        );
        db.query_one_raw(stmt).await.map_err(errors::map)?;
        Ok(())
    }

    fn items(all: &[Stored<EventRegistration>]) -> Vec<EventRegistration> {
        all.iter().map(|s| s.item.clone()).collect()
    }

    /// Gives the places free at `change.at` to the people waiting longest, queueing
    /// `mail` to each; returns who moved up.
    async fn fill_free_places<C: ConnectionTrait>(
        db: &C,
        change: &Change,
        event: &Stored<Event>,
        mail: Option<MailFor<'_, EventRegistration>>,
    ) -> Result<Vec<Stored<EventRegistration>>> {
        let all = of_event(db, event.id).await?;
        let free = rules::places_left(&event.item, change.at, &items(&all)).unwrap_or(0) as usize;
        let mut moved = Vec::new();
        for next in all.into_iter().filter(|r| r.item.status == RegistrationStatus::Waiting).take(free) {
            let confirmed = EventRegistration { status: RegistrationStatus::Confirmed, ..next.item.clone() };
            let up = records::update(db, change, next.id, next.version, confirmed).await?;
            if let Some(mail) = mail {
                crate::outbox::enqueue_in(db, Some(event.item.partnership_id.get()), &mail(&up), change.at).await?;
            }
            moved.push(up);
        }
        Ok(moved)
    }

    impl RegistrationStore for Db {
        async fn registrations(&self, event: EventId) -> Result<Vec<Stored<EventRegistration>>> {
            of_event(&self.conn, event).await
        }

        async fn register(
            &self,
            change: &Change,
            event_id: EventId,
            name: &str,
            email: &str,
            token: &str,
            language: Lang,
            mail: Option<MailFor<'_, EventRegistration>>,
        ) -> Result<Stored<EventRegistration>> {
            let tx = self.begin().await?;
            lock_event(&tx.txn, self.backend(), event_id).await?;
            let event: Stored<Event> = records::get(&tx.txn, event_id).await?;
            let existing = items(&of_event(&tx.txn, event_id).await?);
            let email = email.trim().to_lowercase();
            let held_until = rules::unconfirmed(&event.item, change.at, &email, &existing)?;
            let registration = EventRegistration {
                event_id,
                name: name.trim().to_owned(),
                email,
                consent_at: micros(change.at),
                status: RegistrationStatus::Unconfirmed,
                cancel_token: token.to_owned(),
                language,
                held_until: held_until.map(micros),
            };
            let stored = records::create(&tx.txn, change, registration).await?;
            if let Some(mail) = mail {
                crate::outbox::enqueue_in(&tx.txn, Some(event.item.partnership_id.get()), &mail(&stored), change.at)
                    .await?;
            }
            tx.commit().await?;
            Ok(stored)
        }

        async fn confirm_registration(
            &self,
            change: &Change,
            token: &str,
            mail: Option<MailFor<'_, EventRegistration>>,
        ) -> Result<Stored<EventRegistration>> {
            let tx = self.begin().await?;
            let current = by_token(&tx.txn, token).await?;
            lock_event(&tx.txn, self.backend(), current.item.event_id).await?;
            // Read again under the lock: a second click waits for the first.
            let current = by_token(&tx.txn, token).await?;
            match current.item.status {
                RegistrationStatus::Unconfirmed => {}
                RegistrationStatus::Cancelled => {
                    return Err(Error::NotFound { kind: Kind::Registration.as_str(), id: "token".into() });
                }
                RegistrationStatus::Confirmed | RegistrationStatus::Waiting => return Ok(current),
            }
            let event: Stored<Event> = records::get(&tx.txn, current.item.event_id).await?;
            let others: Vec<EventRegistration> =
                of_event(&tx.txn, event.id).await?.into_iter().filter(|r| r.id != current.id).map(|r| r.item).collect();
            let status = rules::confirm(&event.item, change.at, &current.item, &others)?;
            let next = EventRegistration { status, held_until: None, ..current.item.clone() };
            let stored = records::update(&tx.txn, change, current.id, current.version, next).await?;
            if let Some(mail) = mail {
                crate::outbox::enqueue_in(&tx.txn, Some(event.item.partnership_id.get()), &mail(&stored), change.at)
                    .await?;
            }
            tx.commit().await?;
            Ok(stored)
        }

        async fn confirm_waiting(
            &self,
            change: &Change,
            id: zusterstad_core::Id<EventRegistration>,
            expected_version: i64,
            mail: Option<MailFor<'_, EventRegistration>>,
        ) -> Result<Stored<EventRegistration>> {
            let tx = self.begin().await?;
            let current: Stored<EventRegistration> = records::get(&tx.txn, id).await?;
            lock_event(&tx.txn, self.backend(), current.item.event_id).await?;
            if current.item.status != RegistrationStatus::Waiting {
                return Err(Error::Conflict("this registration is not on the waiting list any more".into()));
            }
            let event: Stored<Event> = records::get(&tx.txn, current.item.event_id).await?;
            let confirmed = EventRegistration { status: RegistrationStatus::Confirmed, ..current.item.clone() };
            let moved = records::update(&tx.txn, change, id, expected_version, confirmed).await?;
            if let Some(mail) = mail {
                crate::outbox::enqueue_in(&tx.txn, Some(event.item.partnership_id.get()), &mail(&moved), change.at)
                    .await?;
            }
            tx.commit().await?;
            Ok(moved)
        }

        async fn cancel(
            &self,
            change: &Change,
            token: &str,
            promoted_mail: Option<MailFor<'_, EventRegistration>>,
        ) -> Result<(Stored<EventRegistration>, Vec<Stored<EventRegistration>>)> {
            let tx = self.begin().await?;
            let current = by_token(&tx.txn, token).await?;
            if current.item.status == RegistrationStatus::Cancelled {
                return Ok((current, Vec::new()));
            }
            lock_event(&tx.txn, self.backend(), current.item.event_id).await?;
            let current = by_token(&tx.txn, token).await?;
            let cancelled =
                EventRegistration { status: RegistrationStatus::Cancelled, held_until: None, ..current.item.clone() };
            let cancelled = records::update(&tx.txn, change, current.id, current.version, cancelled).await?;
            let event: Stored<Event> = records::get(&tx.txn, current.item.event_id).await?;
            let promoted = fill_free_places(&tx.txn, change, &event, promoted_mail).await?;
            tx.commit().await?;
            Ok((cancelled, promoted))
        }

        async fn registration_by_token(&self, token: &str) -> Result<Stored<EventRegistration>> {
            by_token(&self.conn, token).await
        }

        async fn events_with_lapsed_registrations(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<EventId>> {
            let unconfirmed = Expr::col(Alias::new("status")).eq("unconfirmed");
            let hold_over = Expr::col(Alias::new("held_until")).lte(micros(now));
            let stale = Expr::col(Alias::new("consent_at")).lt(micros(now - rules::FORGET_UNCONFIRMED));
            let ids: Vec<i64> = event_registration::Entity::find()
                .select_only()
                .column(event_registration::Column::EventId)
                .distinct()
                .filter(unconfirmed.and(hold_over.or(stale)))
                .into_tuple()
                .all(&self.conn)
                .await
                .map_err(errors::map)?;
            Ok(ids.into_iter().map(EventId::new).collect())
        }

        async fn release_lapsed_registrations(
            &self,
            change: &Change,
            event_id: EventId,
            promoted_mail: Option<MailFor<'_, EventRegistration>>,
        ) -> Result<Vec<Stored<EventRegistration>>> {
            let tx = self.begin().await?;
            lock_event(&tx.txn, self.backend(), event_id).await?;
            let event: Stored<Event> = records::get(&tx.txn, event_id).await?;
            let forget_before = change.at - rules::FORGET_UNCONFIRMED;
            for r in of_event(&tx.txn, event_id).await? {
                if r.item.status != RegistrationStatus::Unconfirmed {
                    continue;
                }
                if r.item.consent_at < forget_before {
                    // Nobody confirmed: the name and address may not be theirs to give,
                    // so the log keeps neither.
                    records::delete(&tx.txn, change, r.id, r.version).await?;
                    crate::people::scrub_log(&tx.txn, Kind::Registration, r.id.get()).await?;
                } else if r.item.held_until.is_some_and(|until| until <= change.at) {
                    let released = EventRegistration { held_until: None, ..r.item.clone() };
                    records::update(&tx.txn, change, r.id, r.version, released).await?;
                }
            }
            let promoted = fill_free_places(&tx.txn, change, &event, promoted_mail).await?;
            tx.commit().await?;
            Ok(promoted)
        }
    }
}

impl zusterstad_core::store::JointStore for Db {
    async fn joint_states(&self, partnership: PartnershipId) -> Result<Vec<zusterstad_core::approvals::JointState>> {
        crate::joint::states(&self.conn, partnership.get()).await
    }

    async fn joint_state(&self, kind: Kind, record_id: i64) -> Result<Option<zusterstad_core::approvals::JointState>> {
        crate::joint::one(&self.conn, kind, record_id).await
    }
}

impl zusterstad_core::store::JointStore for Tx {
    async fn joint_states(&self, partnership: PartnershipId) -> Result<Vec<zusterstad_core::approvals::JointState>> {
        crate::joint::states(&self.txn, partnership.get()).await
    }

    async fn joint_state(&self, kind: Kind, record_id: i64) -> Result<Option<zusterstad_core::approvals::JointState>> {
        crate::joint::one(&self.txn, kind, record_id).await
    }
}

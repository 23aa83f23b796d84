//! `SessionStore`: sessions and failed-login counts, on both backends.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ActiveValue, EntityTrait, QueryFilter};
use zusterstad_core::Result;
use zusterstad_core::login::Failures;
use zusterstad_core::store::{ReminderStore, SessionStore};
use zusterstad_core::users::UserId;

use crate::db::Db;
use crate::entities::{login_failure, one_time_link, reminder_sent, session};
use crate::errors;
use crate::records::micros;

fn row(id: &str, data: &str, expires_at: DateTime<Utc>) -> session::ActiveModel {
    session::ActiveModel {
        id: ActiveValue::Set(id.to_owned()),
        data: ActiveValue::Set(data.to_owned()),
        expires_at: ActiveValue::Set(micros(expires_at)),
    }
}

/// One more failure for `key`: the failures before it and after it. The row is
/// locked for the transaction (PostgreSQL: `FOR UPDATE`; SQLite writes take turns),
/// so concurrent attempts count one by one.
async fn bump_failures(db: &Db, key: &str, now: DateTime<Utc>, window: Duration) -> Result<(Failures, Failures)> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::OnConflict;
    let tx = db.begin().await?;
    let fresh = login_failure::ActiveModel {
        key: ActiveValue::Set(key.to_owned()),
        count: ActiveValue::Set(0),
        last_at: ActiveValue::Set(micros(now - window - window)),
    };
    login_failure::Entity::insert(fresh)
        .on_conflict(OnConflict::column(login_failure::Column::Key).do_nothing().to_owned())
        .exec_without_returning(&tx.txn)
        .await
        .map_err(errors::map)?;
    let found = login_failure::Entity::find_by_id(key.to_owned())
        .lock_exclusive()
        .one(&tx.txn)
        .await
        .map_err(errors::map)?
        .ok_or_else(|| zusterstad_core::Error::Internal("login failure row missing".into()))?;
    let current = now - found.last_at < window;
    let before = if current && found.count > 0 {
        Failures { count: u32::try_from(found.count).unwrap_or(0), last_at: Some(found.last_at) }
    } else {
        Failures::default()
    };
    let count = if current { found.count.saturating_add(1) } else { 1 };
    let row = login_failure::ActiveModel {
        key: ActiveValue::Set(key.to_owned()),
        count: ActiveValue::Set(count),
        last_at: ActiveValue::Set(micros(now)),
    };
    login_failure::Entity::update(row).exec(&tx.txn).await.map_err(errors::map)?;
    tx.commit().await?;
    Ok((before, Failures { count: u32::try_from(count).unwrap_or(0), last_at: Some(micros(now)) }))
}

impl SessionStore for Db {
    async fn load_session(&self, id: &str, now: DateTime<Utc>) -> Result<Option<String>> {
        let found = session::Entity::find_by_id(id.to_owned()).one(&self.conn).await.map_err(errors::map)?;
        Ok(found.filter(|s| s.expires_at > now).map(|s| s.data))
    }

    async fn save_session(&self, id: &str, data: &str, expires_at: DateTime<Utc>) -> Result<()> {
        let tx = self.begin().await?;
        let exists = session::Entity::find_by_id(id.to_owned()).one(&tx.txn).await.map_err(errors::map)?.is_some();
        if exists {
            session::Entity::update(row(id, data, expires_at)).exec(&tx.txn).await.map_err(errors::map)?;
        } else {
            session::Entity::insert(row(id, data, expires_at)).exec(&tx.txn).await.map_err(errors::map)?;
        }
        tx.commit().await
    }

    async fn create_session(&self, id: &str, data: &str, expires_at: DateTime<Utc>) -> Result<bool> {
        let tx = self.begin().await?;
        if session::Entity::find_by_id(id.to_owned()).one(&tx.txn).await.map_err(errors::map)?.is_some() {
            return Ok(false);
        }
        session::Entity::insert(row(id, data, expires_at)).exec(&tx.txn).await.map_err(errors::map)?;
        tx.commit().await?;
        Ok(true)
    }

    async fn delete_session(&self, id: &str) -> Result<()> {
        let tx = self.begin().await?;
        session::Entity::delete_by_id(id.to_owned()).exec(&tx.txn).await.map_err(errors::map)?;
        tx.commit().await
    }

    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        let tx = self.begin().await?;
        let done = session::Entity::delete_many()
            .filter(Expr::col(Alias::new("expires_at")).lte(micros(now)))
            .exec(&tx.txn)
            .await
            .map_err(errors::map)?;
        tx.commit().await?;
        Ok(done.rows_affected)
    }

    async fn login_failures(&self, key: &str) -> Result<Failures> {
        let found = login_failure::Entity::find_by_id(key.to_owned()).one(&self.conn).await.map_err(errors::map)?;
        Ok(found
            .map(|f| Failures { count: u32::try_from(f.count).unwrap_or(0), last_at: Some(f.last_at) })
            .unwrap_or_default())
    }

    async fn record_login_failure(&self, key: &str, now: DateTime<Utc>, window: Duration) -> Result<Failures> {
        Ok(bump_failures(self, key, now, window).await?.1)
    }

    async fn forgive_login_attempt(&self, key: &str) -> Result<()> {
        let tx = self.begin().await?;
        login_failure::Entity::update_many()
            .col_expr(login_failure::Column::Count, Expr::col(login_failure::Column::Count).sub(1))
            .filter(Expr::col(Alias::new("key")).eq(key))
            .filter(Expr::col(Alias::new("count")).gt(0))
            .exec(&tx.txn)
            .await
            .map_err(errors::map)?;
        tx.commit().await
    }

    async fn count_login_attempt(&self, key: &str, now: DateTime<Utc>, window: Duration) -> Result<Failures> {
        Ok(bump_failures(self, key, now, window).await?.0)
    }

    async fn clear_login_failures(&self, key: &str) -> Result<()> {
        let tx = self.begin().await?;
        login_failure::Entity::delete_by_id(key.to_owned()).exec(&tx.txn).await.map_err(errors::map)?;
        tx.commit().await
    }

    async fn create_link(
        &self,
        token_sha256: &str,
        user: UserId,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        mail: Option<zusterstad_core::registrations::Mail>,
    ) -> Result<()> {
        let tx = self.begin().await?;
        let row = one_time_link::ActiveModel {
            token_sha256: ActiveValue::Set(token_sha256.to_owned()),
            user_id: ActiveValue::Set(user.get()),
            expires_at: ActiveValue::Set(micros(expires_at)),
            used_at: ActiveValue::Set(None),
        };
        // A newer link replaces the older ones: only the latest mail sets a password.
        one_time_link::Entity::delete_many()
            .filter(Expr::col(Alias::new("user_id")).eq(user.get()))
            .filter(Expr::col(Alias::new("used_at")).is_null())
            .exec(&tx.txn)
            .await
            .map_err(errors::map)?;
        one_time_link::Entity::insert(row).exec(&tx.txn).await.map_err(errors::map)?;
        if let Some(mail) = mail {
            crate::outbox::enqueue_in(&tx.txn, None, &mail, now).await?;
        }
        tx.commit().await
    }

    async fn peek_link(&self, token_sha256: &str, now: DateTime<Utc>) -> Result<Option<UserId>> {
        let found =
            one_time_link::Entity::find_by_id(token_sha256.to_owned()).one(&self.conn).await.map_err(errors::map)?;
        Ok(found.filter(|l| l.used_at.is_none() && l.expires_at > now).map(|l| UserId::new(l.user_id)))
    }

    async fn take_link(&self, token_sha256: &str, now: DateTime<Utc>) -> Result<Option<UserId>> {
        let tx = self.begin().await?;
        // Only the one transaction that flips `used_at` from empty gets the user.
        let done = one_time_link::Entity::update_many()
            .col_expr(one_time_link::Column::UsedAt, Expr::value(micros(now)))
            .filter(Expr::col(Alias::new("token_sha256")).eq(token_sha256))
            .filter(Expr::col(Alias::new("used_at")).is_null())
            .filter(Expr::col(Alias::new("expires_at")).gt(micros(now)))
            .exec(&tx.txn)
            .await
            .map_err(errors::map)?;
        let user = if done.rows_affected == 1 {
            one_time_link::Entity::find_by_id(token_sha256.to_owned())
                .one(&tx.txn)
                .await
                .map_err(errors::map)?
                .map(|l| UserId::new(l.user_id))
        } else {
            None
        };
        tx.commit().await?;
        Ok(user)
    }
}

impl ReminderStore for Db {
    async fn send_reminder(
        &self,
        keys: &[String],
        at: DateTime<Utc>,
        partnership: Option<zusterstad_core::partnerships::PartnershipId>,
        mail: &(dyn Fn(&[usize]) -> zusterstad_core::registrations::Mail + Send + Sync),
    ) -> Result<bool> {
        use sea_orm::sea_query::OnConflict;
        let tx = self.begin().await?;
        let mut fresh = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let row = reminder_sent::ActiveModel {
                key: ActiveValue::Set(key.clone()),
                sent_at: ActiveValue::Set(micros(at)),
            };
            // Another instance marking the same key at the same moment waits on the
            // key, then finds it taken.
            let inserted = reminder_sent::Entity::insert(row)
                .on_conflict(OnConflict::column(reminder_sent::Column::Key).do_nothing().to_owned())
                .exec_without_returning(&tx.txn)
                .await
                .map_err(errors::map)?;
            if inserted == 1 {
                fresh.push(i);
            }
        }
        if fresh.is_empty() {
            return Ok(false);
        }
        crate::outbox::enqueue_in(&tx.txn, partnership.map(|p| p.get()), &mail(&fresh), at).await?;
        tx.commit().await?;
        Ok(true)
    }
}

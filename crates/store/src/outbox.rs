//! The mail outbox: a mail is a row written in the transaction of the change that
//! causes it (a registration, a move up from the waiting list, a reminder, a password
//! link), so a change never commits without its mail nor a mail without its change.
//! Senders take due rows with a short lease (a conditional update, so two servers or
//! two requests never take the same row), and record each try: sent, or due again
//! after a growing back-off, or given up after `MAIL_ATTEMPTS` tries.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ActiveValue, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use zusterstad_core::partnerships::PartnershipId;
use zusterstad_core::registrations::{MAIL_ATTEMPTS, Mail, QueuedMail, mail_backoff};
use zusterstad_core::store::{MailQueue, UnsentMails};
use zusterstad_core::{Id, Result};

use crate::db::Db;
use crate::entities::mail_outbox;
use crate::errors;
use crate::records::micros;

/// How long a sender holds a mail it took before another may take it again (a
/// sender that died mid-try).
const LEASE: Duration = Duration::minutes(5);

/// Queues `mail` inside the caller's transaction.
pub(crate) async fn enqueue_in<C: ConnectionTrait>(
    db: &C,
    partnership: Option<i64>,
    mail: &Mail,
    at: DateTime<Utc>,
) -> Result<()> {
    let row = mail_outbox::ActiveModel {
        id: ActiveValue::NotSet,
        partnership_id: ActiveValue::Set(partnership),
        to_address: ActiveValue::Set(mail.to.clone()),
        subject: ActiveValue::Set(mail.subject.clone()),
        body: ActiveValue::Set(mail.body.clone()),
        created_at: ActiveValue::Set(micros(at)),
        attempts: ActiveValue::Set(0),
        next_attempt_at: ActiveValue::Set(Some(micros(at))),
        sent_at: ActiveValue::Set(None),
        last_error: ActiveValue::Set(None),
    };
    mail_outbox::Entity::insert(row).exec_without_returning(db).await.map_err(errors::map)?;
    Ok(())
}

fn queued(row: mail_outbox::Model) -> QueuedMail {
    QueuedMail {
        id: row.id,
        partnership_id: row.partnership_id.map(Id::new),
        mail: Mail { to: row.to_address, subject: row.subject, body: row.body },
        created_at: row.created_at,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        next_attempt_at: row.next_attempt_at,
        sent_at: row.sent_at,
        last_error: row.last_error,
    }
}

impl MailQueue for Db {
    async fn enqueue_mails(&self, mails: Vec<(Option<PartnershipId>, Mail)>, at: DateTime<Utc>) -> Result<()> {
        let tx = self.begin().await?;
        for (partnership, mail) in &mails {
            enqueue_in(&tx.txn, partnership.map(|p| p.get()), mail, at).await?;
        }
        tx.commit().await
    }

    async fn claim_due_mails(&self, now: DateTime<Utc>, limit: u64) -> Result<Vec<QueuedMail>> {
        let now = micros(now);
        let due = mail_outbox::Entity::find()
            .filter(Expr::col(Alias::new("next_attempt_at")).lte(now))
            .order_by_asc(Expr::col(Alias::new("id")))
            .limit(limit)
            .all(&self.conn)
            .await
            .map_err(errors::map)?;
        let mut taken = Vec::new();
        for row in due {
            // Taken only if no one else took it since it was read.
            let tx = self.begin().await?;
            let claimed = mail_outbox::Entity::update_many()
                .col_expr(Alias::new("next_attempt_at"), Expr::value(now + LEASE))
                .col_expr(Alias::new("attempts"), Expr::col(Alias::new("attempts")).add(1))
                .filter(Expr::col(Alias::new("id")).eq(row.id))
                .filter(Expr::col(Alias::new("next_attempt_at")).lte(now))
                .filter(Expr::col(Alias::new("attempts")).eq(row.attempts))
                .exec(&tx.txn)
                .await
                .map_err(errors::map)?;
            tx.commit().await?;
            if claimed.rows_affected == 1 {
                taken.push(queued(mail_outbox::Model {
                    attempts: row.attempts + 1,
                    next_attempt_at: Some(now + LEASE),
                    ..row
                }));
            }
        }
        Ok(taken)
    }

    async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self.begin().await?;
        mail_outbox::Entity::update_many()
            .col_expr(Alias::new("sent_at"), Expr::value(micros(now)))
            .col_expr(Alias::new("next_attempt_at"), Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(Alias::new("last_error"), Expr::value(Option::<String>::None))
            .filter(Expr::col(Alias::new("id")).eq(id))
            .exec(&tx.txn)
            .await
            .map_err(errors::map)?;
        tx.commit().await
    }

    async fn mail_failed(&self, id: i64, now: DateTime<Utc>, error: &str) -> Result<()> {
        let tx = self.begin().await?;
        let Some(row) = mail_outbox::Entity::find_by_id(id).one(&tx.txn).await.map_err(errors::map)? else {
            return Ok(());
        };
        let attempts = u32::try_from(row.attempts).unwrap_or(MAIL_ATTEMPTS);
        let next = (attempts < MAIL_ATTEMPTS).then(|| micros(now + mail_backoff(attempts)));
        let error: String = error.chars().filter(|c| !c.is_control()).take(500).collect();
        mail_outbox::Entity::update_many()
            .col_expr(Alias::new("next_attempt_at"), Expr::value(next))
            .col_expr(Alias::new("last_error"), Expr::value(Some(error)))
            .filter(Expr::col(Alias::new("id")).eq(id))
            .exec(&tx.txn)
            .await
            .map_err(errors::map)?;
        tx.commit().await
    }

    async fn unsent_mails(&self, partnership: Option<PartnershipId>, limit: u64) -> Result<Vec<QueuedMail>> {
        let mut q = mail_outbox::Entity::find().filter(Expr::col(Alias::new("sent_at")).is_null());
        if let Some(p) = partnership {
            q = q.filter(Expr::col(Alias::new("partnership_id")).eq(p.get()));
        }
        let rows =
            q.order_by_asc(Expr::col(Alias::new("id"))).limit(limit).all(&self.conn).await.map_err(errors::map)?;
        Ok(rows.into_iter().map(queued).collect())
    }

    async fn count_unsent_mails(&self, partnership: Option<PartnershipId>) -> Result<UnsentMails> {
        use sea_orm::sea_query::{Func, Query};
        let mut query = Query::select();
        query
            .expr(Func::count(Expr::col(Alias::new("id"))))
            .expr(Func::count(Expr::col(Alias::new("last_error"))))
            .from(Alias::new("mail_outbox"))
            .and_where(Expr::col(Alias::new("sent_at")).is_null());
        if let Some(p) = partnership {
            query.and_where(Expr::col(Alias::new("partnership_id")).eq(p.get()));
        }
        let Some(row) = self.conn.query_one(&query).await.map_err(errors::map)? else {
            return Ok(UnsentMails::default());
        };
        let count = |i| row.try_get_by_index::<i64>(i).map(|n| u64::try_from(n).unwrap_or(0)).map_err(errors::map);
        Ok(UnsentMails { unsent: count(0)?, failed: count(1)? })
    }
}

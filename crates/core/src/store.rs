//! The storage contract: narrow traits that the `store` crate implements for SQLite
//! and PostgreSQL alike. Handlers and tests depend on the part they use.

use std::future::Future;

use chrono::NaiveDate;

use crate::agreements::{Agreement, AgreementStatus};
use crate::audit::{AuditEntry, Change};
use crate::error::Result;
use crate::ids::Id;
use crate::partnerships::{City, Partnership, PartnershipId};
use crate::query::{Cond, ListQuery, Page, Value};
use crate::record::{Kind, Record, Stored};
use crate::users::{RoleGrant, User};

/// Create, read, update and delete one kind of item. Every write records the audit
/// log in the same transaction; `update` and `delete` name the version they were
/// made from and fail with `Error::Conflict` if the item has changed since.
pub trait RecordStore<T: Record>: Send + Sync {
    fn create(&self, change: &Change, item: T) -> impl Future<Output = Result<Stored<T>>> + Send;
    fn get(&self, id: Id<T>) -> impl Future<Output = Result<Stored<T>>> + Send;
    /// The items that match `query`, in its order (then by id), one page of them, with
    /// how many match in all: filtered, sorted, paged and counted by the database.
    fn query(&self, query: &ListQuery) -> impl Future<Output = Result<Page<Stored<T>>>> + Send;
    /// How many items match `conds` in each partnership that has any (kinds that
    /// belong to a partnership), counted by the database.
    fn count_by_partnership(&self, conds: &[Cond]) -> impl Future<Output = Result<Vec<(i64, u64)>>> + Send;
    /// How many items match `conds` in each year of the date field `field` that has
    /// any, oldest year first, counted by the database.
    fn count_by_year(
        &self,
        field: &'static str,
        conds: &[Cond],
    ) -> impl Future<Output = Result<Vec<(i32, u64)>>> + Send;
    fn update(
        &self,
        change: &Change,
        id: Id<T>,
        expected_version: i64,
        item: T,
    ) -> impl Future<Output = Result<Stored<T>>> + Send;
    fn delete(&self, change: &Change, id: Id<T>, expected_version: i64) -> impl Future<Output = Result<()>> + Send;
}

pub trait PartnershipStore: RecordStore<Partnership> + RecordStore<City> {
    fn partnership_by_slug(&self, slug: &str) -> impl Future<Output = Result<Stored<Partnership>>> + Send;
    /// Creates `partnership` between sides `a` and `b`, adding the cities that are new
    /// first, all in one transaction: if anything is refused, nothing is added.
    fn create_partnership(
        &self,
        change: &Change,
        a: crate::partnerships::NewSide,
        b: crate::partnerships::NewSide,
        partnership: Partnership,
    ) -> impl Future<Output = Result<Stored<Partnership>>> + Send;
}

/// Joint items under both cities' control (see `approvals::JointState`). The store
/// keeps them in the same transactions as the writes: an item saved as joint comes
/// under control; an approval that completes both sides' approval of the current
/// version keeps that version (or, if it is one-sided, releases the item from
/// control); deleting the item removes its state and its approvals.
pub trait JointStore: Send + Sync {
    /// The joint items of a partnership, of every kind.
    fn joint_states(
        &self,
        partnership: PartnershipId,
    ) -> impl Future<Output = Result<Vec<crate::approvals::JointState>>> + Send;
    fn joint_state(
        &self,
        kind: Kind,
        record_id: i64,
    ) -> impl Future<Output = Result<Option<crate::approvals::JointState>>> + Send;
}

pub trait AgreementStore: RecordStore<Agreement> {
    /// The agreements of a partnership with their status on `today`, newest first.
    fn agreements_with_status(
        &self,
        partnership: PartnershipId,
        today: NaiveDate,
    ) -> impl Future<Output = Result<Vec<(Stored<Agreement>, AgreementStatus)>>> + Send;
}

pub trait UserStore: RecordStore<User> + RecordStore<RoleGrant> + RecordStore<crate::tokens::ApiToken> {
    fn user_by_email(&self, email: &str) -> impl Future<Output = Result<Option<Stored<User>>>> + Send;
    /// The API token with this SHA-256, revoked or not.
    fn api_token_by_hash(
        &self,
        sha256: &str,
    ) -> impl Future<Output = Result<Option<Stored<crate::tokens::ApiToken>>>> + Send;
    /// Creates the user and their roles in one transaction: all or nothing.
    fn create_user_with_roles(
        &self,
        change: &Change,
        user: User,
        roles: Vec<RoleGrant>,
    ) -> impl Future<Output = Result<Stored<User>>> + Send;
}

/// One text of an item that needs a translator in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated {
    pub kind: Kind,
    pub record_id: i64,
    pub field: String,
    pub status: crate::TextStatus,
}

/// What needs translating, kept by the store beside the items (in the transaction of
/// every write), so the workspace counts and pages it without reading the items.
pub trait TranslationStore: Send + Sync {
    /// The texts of `partnership` (itself and its items) that need `lang`, by kind,
    /// item and field; `stale_only`: only those whose translation is out of date.
    /// `limit` `None`: all of them.
    fn untranslated(
        &self,
        partnership: PartnershipId,
        lang: crate::Lang,
        stale_only: bool,
        offset: u64,
        limit: Option<u64>,
    ) -> impl Future<Output = Result<Page<Untranslated>>> + Send;
}

pub trait AuditStore: Send + Sync {
    /// The sequence number of the last committed change (0 for an empty instance).
    fn latest_seq(&self) -> impl Future<Output = Result<i64>> + Send;
    /// The change counter of the partnership `slug`: it moves with every committed
    /// change to the partnership, its items or its cities, in commit order (a reader
    /// that saw N has seen every change up to N). `None`: no such partnership.
    fn partnership_seq(&self, slug: &str) -> impl Future<Output = Result<Option<i64>>> + Send;
    /// The counter of the instance's list of partnerships (a partnership or a city
    /// was added, changed or removed).
    fn instance_seq(&self) -> impl Future<Output = Result<i64>> + Send;
    /// Every partnership's address and change counter, in one query.
    fn partnership_seqs(&self) -> impl Future<Output = Result<Vec<(String, i64)>>> + Send;
    /// What moved the counter of partnership `slug` from `after` to `upto`: the kind
    /// (`Kind::as_str`) and id of the item of each change, in order; `None` when the
    /// notes of some are gone (kept 30 days) or there is no such partnership.
    fn partnership_changes(
        &self,
        slug: &str,
        after: i64,
        upto: i64,
    ) -> impl Future<Output = Result<Option<Vec<(String, i64)>>>> + Send;
    /// The changes to one item, oldest first.
    fn history(&self, kind: Kind, record_id: i64) -> impl Future<Output = Result<Vec<AuditEntry>>> + Send;
    /// The latest `limit` changes to one partnership (its items, itself and its two
    /// cities), newest first.
    fn recent_changes(
        &self,
        partnership: &Stored<Partnership>,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<AuditEntry>>> + Send;
    /// Changes matching the filter, newest first.
    fn search_audit(&self, filter: &AuditFilter) -> impl Future<Output = Result<Vec<AuditEntry>>> + Send;
}

/// Where a published copy of the portal is written (`publish`): a folder or a
/// bucket, by path (`nl/gent-kanazawa/index.html`).
pub trait SiteOutput: Send + Sync {
    /// Where it is, for messages.
    fn location(&self) -> String;
    /// The file at `path`, if there is one.
    fn read(&self, path: &str) -> impl Future<Output = Result<Option<Vec<u8>>>> + Send;
    /// Writes the file at `path` whole (a reader sees the old file or the new one),
    /// served as `media_type`.
    fn write(&self, path: &str, media_type: &str, bytes: Vec<u8>) -> impl Future<Output = Result<()>> + Send;
    /// Removes the file at `path` (nothing to do if it is not there).
    fn remove(&self, path: &str) -> impl Future<Output = Result<()>> + Send;
}

pub trait Health: Send + Sync {
    /// Succeeds only if the database answers a query.
    fn ping(&self) -> impl Future<Output = Result<()>> + Send;

    /// Database connections open, and how many of them are idle (for metrics).
    fn pool_connections(&self) -> (u32, usize) {
        (0, 0)
    }
}

/// What is known about a stored file without reading its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: i64,
}

pub trait FileStore: RecordStore<crate::documents::File> {
    /// The file with this content, if it is stored already (files are shared by content).
    /// The file of partnership `partnership` with these bytes, if it has one.
    fn file_by_sha256(
        &self,
        partnership: crate::partnerships::PartnershipId,
        sha256: &str,
    ) -> impl Future<Output = Result<Option<crate::documents::FileId>>> + Send;
    fn file_info(&self, id: crate::documents::FileId) -> impl Future<Output = Result<FileInfo>> + Send;
}

/// A photo's variant as stored: `target` is the width asked for ([`ORIGINAL_SIZE`]:
/// the original's upright size, kept without bytes); `width`×`height` what was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoVariant {
    pub target: u32,
    pub width: u32,
    pub height: u32,
}

/// The `target` of the row that records a photo's own (upright) size.
pub const ORIGINAL_SIZE: u32 = 0;

/// Photos' resized variants: made once from the original (at upload, in the
/// background), stored next to the files' bytes (in the file store when there is
/// one), and served without reading or decoding the original again.
pub trait PhotoStore: Send + Sync {
    /// The variants made of the photo with this content, by target width.
    fn photo_variants(&self, sha256: &str) -> impl Future<Output = Result<Vec<PhotoVariant>>> + Send;
    /// The JPEG bytes of one variant, if it was made.
    fn photo_variant_bytes(&self, sha256: &str, target: u32) -> impl Future<Output = Result<Option<Vec<u8>>>> + Send;
    /// Keeps what was made (bytes first, then the rows; a variant made twice at once is
    /// kept once).
    fn put_photo_variants(
        &self,
        sha256: &str,
        made: Vec<(PhotoVariant, Vec<u8>)>,
    ) -> impl Future<Output = Result<()>> + Send;
}

/// Registering for events: the capacity check and the insert happen in one
/// transaction, with the event locked, so two people can't take the last place.
pub trait RegistrationStore: RecordStore<crate::registrations::EventRegistration> {
    /// The event's registrations, oldest first.
    fn registrations(
        &self,
        event: crate::events::EventId,
    ) -> impl Future<Output = Result<Vec<Stored<crate::registrations::EventRegistration>>>> + Send;

    /// Registers a person for `event` at `change.at`, unconfirmed until they confirm
    /// from `mail` (queued in the same transaction): it holds a place for a while if
    /// one is free.
    #[allow(clippy::too_many_arguments)]
    fn register(
        &self,
        change: &Change,
        event: crate::events::EventId,
        name: &str,
        email: &str,
        token: &str,
        language: crate::Lang,
        mail: Option<crate::registrations::MailFor<'_, crate::registrations::EventRegistration>>,
    ) -> impl Future<Output = Result<Stored<crate::registrations::EventRegistration>>> + Send;

    /// Moves a registration from the waiting list to a confirmed place (a
    /// coordinator's decision), queueing `mail` in the same transaction.
    fn confirm_waiting(
        &self,
        change: &Change,
        id: Id<crate::registrations::EventRegistration>,
        expected_version: i64,
        mail: Option<crate::registrations::MailFor<'_, crate::registrations::EventRegistration>>,
    ) -> impl Future<Output = Result<Stored<crate::registrations::EventRegistration>>> + Send;

    /// Confirms the unconfirmed registration with this token (from the link in its
    /// mail): a place it still holds, else a place or the waiting list as for a new
    /// one; queues `mail` of the result in the same transaction. Confirming twice
    /// changes nothing.
    fn confirm_registration(
        &self,
        change: &Change,
        token: &str,
        mail: Option<crate::registrations::MailFor<'_, crate::registrations::EventRegistration>>,
    ) -> impl Future<Output = Result<Stored<crate::registrations::EventRegistration>>> + Send;

    /// Cancels the registration with this token. Returns it, and the registrations
    /// moved up from the waiting list into the freed place, if any (with
    /// `promoted_mail` of each queued in the same transaction).
    #[allow(clippy::type_complexity)]
    fn cancel(
        &self,
        change: &Change,
        token: &str,
        promoted_mail: Option<crate::registrations::MailFor<'_, crate::registrations::EventRegistration>>,
    ) -> impl Future<
        Output = Result<(
            Stored<crate::registrations::EventRegistration>,
            Vec<Stored<crate::registrations::EventRegistration>>,
        )>,
    > + Send;

    /// Events with unconfirmed registrations whose hold is over at `now`, or that are
    /// old enough to forget.
    fn events_with_lapsed_registrations(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<Vec<crate::events::EventId>>> + Send;

    /// For `event` at `change.at`: ends the holds that are over, forgets unconfirmed
    /// registrations older than [`crate::registrations::FORGET_UNCONFIRMED`], and gives
    /// the freed places to the people waiting (queueing `promoted_mail` of each).
    fn release_lapsed_registrations(
        &self,
        change: &Change,
        event: crate::events::EventId,
        promoted_mail: Option<crate::registrations::MailFor<'_, crate::registrations::EventRegistration>>,
    ) -> impl Future<Output = Result<Vec<Stored<crate::registrations::EventRegistration>>>> + Send;

    fn registration_by_token(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<Stored<crate::registrations::EventRegistration>>> + Send;
}

/// One search result: where it is, what it is, and the passage with the match in
/// `<mark>` (already HTML-escaped).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The partnership's address.
    pub partnership: String,
    pub kind: String,
    /// The path below `/{lang}/{partnership}/`.
    pub path: String,
    pub title: String,
    pub excerpt_html: String,
    /// The language title and passage are in.
    pub lang: crate::Lang,
    pub score: f32,
}

/// Full-text search over the published partnerships' public texts (a derived index,
/// brought up to date with the record before it answers).
pub trait SearchStore: Send + Sync {
    /// The best matches in one partnership (not found unless published), or in all.
    fn search(
        &self,
        partnership: Option<&str>,
        query: &str,
        lang: crate::Lang,
        kind: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<Vec<SearchHit>>> + Send;

    /// How many changes the search index is behind a partnership, at most (for
    /// metrics). A search brings the index up to date first, so this is what the
    /// next search will catch up on.
    fn search_index_lag(&self) -> impl Future<Output = Result<i64>> + Send;
}

/// Sessions of signed-in users and failed logins: kept in the database so that
/// several server instances share them; not part of the record (not exported,
/// not in the audit log).
pub trait SessionStore: Send + Sync {
    /// The session's data, if it exists and has not expired at `now`.
    fn load_session(
        &self,
        id: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// Creates or replaces the session.
    fn save_session(
        &self,
        id: &str,
        data: &str,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Creates the session only if no session has this id; `false` if one has.
    fn create_session(
        &self,
        id: &str,
        data: &str,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<bool>> + Send;
    fn delete_session(&self, id: &str) -> impl Future<Output = Result<()>> + Send;
    /// Removes sessions that expired before `now`; returns how many.
    fn delete_expired_sessions(&self, now: chrono::DateTime<chrono::Utc>) -> impl Future<Output = Result<u64>> + Send;

    fn login_failures(&self, key: &str) -> impl Future<Output = Result<crate::login::Failures>> + Send;
    /// Counts one more failure for `key` at `now`, starting again from one if the
    /// last failure is older than `window`.
    fn record_login_failure(
        &self,
        key: &str,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> impl Future<Output = Result<crate::login::Failures>> + Send;
    /// Counts a login attempt for `key` at `now` as a failure *before* the password is
    /// checked (a success clears it afterwards), atomically: of many attempts at once,
    /// each sees the ones before it. Returns the failures before this attempt.
    fn count_login_attempt(
        &self,
        key: &str,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> impl Future<Output = Result<crate::login::Failures>> + Send;
    fn clear_login_failures(&self, key: &str) -> impl Future<Output = Result<()>> + Send;
    /// Takes back one counted attempt for `key` (a login that succeeded), atomically.
    fn forgive_login_attempt(&self, key: &str) -> impl Future<Output = Result<()>> + Send;

    /// Stores a one-time link (by the SHA-256 of its token) for `user`; the user's
    /// older unused links stop working.
    /// `mail` (with the link) is queued at `now` in the same transaction.
    fn create_link(
        &self,
        token_sha256: &str,
        user: crate::users::UserId,
        now: chrono::DateTime<chrono::Utc>,
        expires_at: chrono::DateTime<chrono::Utc>,
        mail: Option<crate::registrations::Mail>,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The user of an unused, unexpired link, without using it.
    fn peek_link(
        &self,
        token_sha256: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<Option<crate::users::UserId>>> + Send;
    /// Uses the link: returns its user once; later calls return `None`.
    fn take_link(
        &self,
        token_sha256: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<Option<crate::users::UserId>>> + Send;
}

/// Which audit entries to show (every filter optional).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub actor: Option<crate::users::UserId>,
    pub kind: Option<Kind>,
    pub record_id: Option<i64>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    pub limit: u64,
}

/// Personal data per person: everything stored about them, and erasure.
pub trait PeopleStore: Send + Sync {
    /// Everything stored about one person (their record, Supporters Club membership,
    /// event registrations under their e-mail address, linked accounts without
    /// password hashes, and the log of changes to these), as JSON. The export itself
    /// is written to the audit log.
    fn export_person(
        &self,
        change: &Change,
        person: crate::people::PersonId,
    ) -> impl Future<Output = Result<serde_json::Value>> + Send;

    /// Removes the person's personal data in one transaction: their record,
    /// memberships, registrations and linked accounts are anonymised (counts in
    /// reports stay), and the values in the log of changes to them are scrubbed.
    fn erase_person(&self, change: &Change, person: crate::people::PersonId)
    -> impl Future<Output = Result<()>> + Send;
}

/// Reminders go out once: the first caller to mark a key sends the mail, every
/// later caller (another run, another server instance) sees it already marked.
pub trait ReminderStore: Send + Sync {
    /// Marks each of `keys` as sent at `at` and, if any was not marked before, queues
    /// `mail(fresh)` (`fresh`: the positions of the keys marked now) in the same
    /// transaction. `true` if a mail was queued.
    fn send_reminder(
        &self,
        keys: &[String],
        at: chrono::DateTime<chrono::Utc>,
        partnership: Option<crate::partnerships::PartnershipId>,
        mail: &(dyn Fn(&[usize]) -> crate::registrations::Mail + Send + Sync),
    ) -> impl Future<Output = Result<bool>> + Send;
}

/// The mail outbox (see `registrations::QueuedMail`).
pub trait MailQueue: Send + Sync {
    /// Queues mails at `at` (for mails not caused by a change of the record).
    fn enqueue_mails(
        &self,
        mails: Vec<(Option<crate::partnerships::PartnershipId>, crate::registrations::Mail)>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Takes up to `limit` mails due at `now` for sending: each is leased to the caller
    /// for a few minutes (no other sender takes it meanwhile) and its try counted.
    fn claim_due_mails(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<crate::registrations::QueuedMail>>> + Send;
    fn mail_sent(&self, id: i64, now: chrono::DateTime<chrono::Utc>) -> impl Future<Output = Result<()>> + Send;
    /// Records a failed try: due again after the back-off, or given up.
    fn mail_failed(
        &self,
        id: i64,
        now: chrono::DateTime<chrono::Utc>,
        error: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The mails of `partnership` (all, for `None`) not sent yet, oldest first, at
    /// most `limit`: waiting for a retry or given up.
    fn unsent_mails(
        &self,
        partnership: Option<crate::partnerships::PartnershipId>,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<crate::registrations::QueuedMail>>> + Send;
    /// How many mails of `partnership` (all, for `None`) are not sent yet, and how
    /// many of those failed at least once (counted in the database).
    fn count_unsent_mails(
        &self,
        partnership: Option<crate::partnerships::PartnershipId>,
    ) -> impl Future<Output = Result<UnsentMails>> + Send;
}

/// Counts of the mails not sent yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnsentMails {
    pub unsent: u64,
    /// Failed at least once: waiting for a retry, or given up.
    pub failed: u64,
}

/// One partnership's record as an export file (the instance export's format, without
/// accounts, tokens or the audit log), read in one transaction; the download is
/// noted in the audit log, as it holds personal data.
pub trait PartnershipExport: Send + Sync {
    fn export_partnership(
        &self,
        change: &Change,
        partnership: crate::partnerships::PartnershipId,
    ) -> impl Future<Output = Result<Vec<u8>>> + Send;
}

/// Applies an import plan in one transaction: every item or none.
pub trait ImportStore: Send + Sync {
    /// Returns how many items were created and how many updated.
    fn apply_import(
        &self,
        change: &Change,
        plan: &[crate::imports::Planned],
    ) -> impl Future<Output = Result<(usize, usize)>> + Send;
}

/// How many ids one `IN (…)` asks for at most: well under both backends' limits on
/// bound parameters, whatever the number asked for.
const IDS_PER_QUERY: usize = 500;

/// Every item of one partnership: a set bounded by what one partnership holds.
pub async fn of_partnership<T: Record, S: RecordStore<T>>(
    store: &S,
    partnership: PartnershipId,
) -> Result<Vec<Stored<T>>> {
    Ok(store.query(&ListQuery::of(partnership)).await?.items)
}

/// The items whose `field` is one of `values` (in chunks, oldest first within each);
/// none asked, none read.
pub async fn where_in<T: Record, S: RecordStore<T>>(
    store: &S,
    field: &'static str,
    values: impl IntoIterator<Item = i64>,
) -> Result<Vec<Stored<T>>> {
    let mut values: Vec<i64> = values.into_iter().collect();
    values.sort_unstable();
    values.dedup();
    let mut out = Vec::new();
    for chunk in values.chunks(IDS_PER_QUERY) {
        let q = ListQuery::all().with(Cond::In(field, chunk.iter().map(|&v| Value::Int(v)).collect()));
        out.extend(store.query(&q).await?.items);
    }
    Ok(out)
}

/// The items with these ids.
pub async fn by_ids<T: Record, S: RecordStore<T>>(
    store: &S,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<Stored<T>>> {
    where_in(store, "id", ids).await
}

/// The approvals given to items of `kind` with these ids (any version).
pub async fn approvals_of<S: RecordStore<crate::approvals::Approval>>(
    store: &S,
    kind: Kind,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<Stored<crate::approvals::Approval>>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let q = ListQuery::all()
            .with(Cond::Eq("item_kind", Value::Text(kind.as_str().to_owned())))
            .with(Cond::In("record_id", chunk.iter().map(|&v| Value::Int(v)).collect()));
        out.extend(store.query(&q).await?.items);
    }
    Ok(out)
}

/// The grants of one user.
pub async fn grants_of<S: RecordStore<RoleGrant>>(
    store: &S,
    user: crate::users::UserId,
) -> Result<Vec<Stored<RoleGrant>>> {
    where_in(store, "user_id", [user.get()]).await
}

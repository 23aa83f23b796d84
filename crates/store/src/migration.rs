//! The one migration set. Each migration produces the DDL of whichever backend it
//! runs on. A migration that has shipped is never edited: add a new one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M0001Initial),
            Box::new(M0002Registrations),
            Box::new(M0003Workspace),
            Box::new(M0004ApiTokens),
            Box::new(M0005ChangeCounters),
            Box::new(M0006JointReleases),
            Box::new(M0007Operations),
            Box::new(M0008ConfirmedRegistrations),
            Box::new(M0009PhotoVariants),
            Box::new(M0010ActivityOrganisations),
            Box::new(M0011TranslationNeeds),
            Box::new(M0012PartnershipChanges),
            Box::new(M0013MailSignatures),
            Box::new(M0014PortalTexts),
            Box::new(M0015ActivitySdgs),
        ]
    }
}

struct M0001Initial;

impl MigrationName for M0001Initial {
    fn name(&self) -> &str {
        "m0001_initial"
    }
}

fn n(name: &str) -> Alias {
    Alias::new(name)
}

/// A table with the columns every item has (id, version, timestamps).
fn item_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(n(name))
        .col(big_pk_auto(n("id")))
        .col(big_integer(n("version")))
        .col(timestamp_with_time_zone(n("created_at")))
        .col(timestamp_with_time_zone(n("updated_at")))
        .to_owned()
}

fn fk(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}__{column}"))
        .from(n(table), n(column))
        .to(n(target), n("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// Unique indexes are named `uq_{table}__{field}` so that a violation can be reported
/// as a message on `field` (see `errors.rs`).
fn unique(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let field = columns.last().copied().unwrap_or_default();
    let mut index = Index::create().name(format!("uq_{table}__{field}")).table(n(table)).unique().to_owned();
    for c in columns {
        index.col(n(c));
    }
    index
}

fn index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create().name(format!("ix_{table}__{}", columns.join("_"))).table(n(table)).to_owned();
    for c in columns {
        index.col(n(c));
    }
    index
}

fn localized(t: &mut TableCreateStatement, names: &[&str]) {
    for name in names {
        t.col(json_binary(n(name)));
    }
}

fn partnership_child(name: &str) -> TableCreateStatement {
    let mut t = item_table(name);
    t.col(big_integer(n("partnership_id"))).foreign_key(&mut fk(name, "partnership_id", "partnership"));
    t
}

fn tables() -> (Vec<TableCreateStatement>, Vec<IndexCreateStatement>) {
    let mut tables = Vec::new();
    let mut indexes = Vec::new();

    let mut t = item_table("file");
    t.col(string(n("sha256"))).col(string(n("media_type"))).col(big_integer(n("size_bytes"))).col(blob(n("content")));
    tables.push(t);
    indexes.push(unique("file", &["sha256"]));

    let mut t = item_table("city");
    t.col(string(n("slug")));
    localized(&mut t, &["name"]);
    t.col(string(n("native_name")))
        .col(string_null(n("native_reading")))
        .col(string_null(n("romaji")))
        .col(string(n("country")))
        .col(string(n("time_zone")))
        .col(double(n("latitude")))
        .col(double(n("longitude")))
        .col(integer_null(n("founded_year")))
        .col(big_integer_null(n("population")));
    localized(&mut t, &["description", "facts"]);
    tables.push(t);
    indexes.push(unique("city", &["slug"]));

    let mut t = item_table("partnership");
    t.col(string(n("slug")));
    localized(&mut t, &["name"]);
    t.col(big_integer(n("city_a_id")))
        .col(big_integer(n("city_b_id")))
        .col(integer(n("established_year")))
        .col(date_null(n("established_on")));
    localized(&mut t, &["summary", "description", "focus_areas", "sdgs"]);
    t.col(integer(n("expiry_window_days")))
        .col(string(n("publication")))
        .foreign_key(&mut fk("partnership", "city_a_id", "city"))
        .foreign_key(&mut fk("partnership", "city_b_id", "city"));
    tables.push(t);
    indexes.push(unique("partnership", &["slug"]));

    let mut t = partnership_child("organisation");
    t.col(big_integer(n("city_id")));
    localized(&mut t, &["name"]);
    t.col(string_null(n("short_name"))).col(string(n("kind"))).col(string_null(n("website")));
    localized(&mut t, &["description"]);
    t.col(string(n("publication"))).col(boolean(n("example"))).foreign_key(&mut fk("organisation", "city_id", "city"));
    tables.push(t);

    let mut t = partnership_child("organisation_pair");
    t.col(big_integer(n("organisation_a_id"))).col(big_integer(n("organisation_b_id")));
    localized(&mut t, &["description"]);
    t.col(integer_null(n("since_year")))
        .col(string(n("publication")))
        .foreign_key(&mut fk("organisation_pair", "organisation_a_id", "organisation"))
        .foreign_key(&mut fk("organisation_pair", "organisation_b_id", "organisation"));
    tables.push(t);
    indexes.push(unique("organisation_pair", &["organisation_a_id", "organisation_b_id"]));

    let mut t = partnership_child("programme");
    t.col(string(n("slug")));
    localized(&mut t, &["title", "description"]);
    t.col(date(n("starts_on"))).col(date(n("ends_on"))).col(string(n("publication")));
    tables.push(t);
    indexes.push(unique("programme", &["partnership_id", "slug"]));

    let mut t = partnership_child("activity");
    localized(&mut t, &["title", "summary", "body"]);
    t.col(string(n("focus"))).col(string(n("direction"))).col(date(n("starts_on"))).col(date_null(n("ends_on")));
    localized(&mut t, &["participants", "organisation_ids", "sdgs"]);
    t.col(big_integer_null(n("programme_id")))
        .col(string(n("publication")))
        .col(boolean(n("example")))
        .foreign_key(&mut fk("activity", "programme_id", "programme"));
    tables.push(t);
    indexes.push(index("activity", &["partnership_id", "starts_on"]));

    let mut t = partnership_child("document");
    localized(&mut t, &["title"]);
    t.col(string_null(n("language")))
        .col(big_integer(n("file_id")))
        .col(string(n("file_name")))
        .col(big_integer_null(n("activity_id")))
        .col(string(n("publication")))
        .col(boolean(n("example")))
        .foreign_key(&mut fk("document", "file_id", "file"))
        .foreign_key(&mut fk("document", "activity_id", "activity"));
    tables.push(t);

    let mut t = partnership_child("agreement");
    t.col(string(n("kind")));
    localized(&mut t, &["title", "summary"]);
    t.col(big_integer_null(n("organisation_pair_id")))
        .col(date_null(n("signed_on")))
        .col(integer_null(n("signed_year")))
        .col(date_null(n("valid_from")))
        .col(date_null(n("valid_until")))
        .col(big_integer_null(n("document_id")))
        .col(big_integer_null(n("renews_id")))
        .col(boolean(n("joint")))
        .col(string(n("publication")))
        .col(boolean(n("example")))
        .foreign_key(&mut fk("agreement", "organisation_pair_id", "organisation_pair"))
        .foreign_key(&mut fk("agreement", "document_id", "document"))
        .foreign_key(&mut fk("agreement", "renews_id", "agreement"));
    tables.push(t);

    let mut t = partnership_child("person");
    t.col(string(n("family_name")))
        .col(string(n("given_name")))
        .col(string_null(n("family_name_reading")))
        .col(string_null(n("given_name_reading")))
        .col(string_null(n("family_name_romaji")))
        .col(string_null(n("given_name_romaji")))
        .col(big_integer_null(n("city_id")))
        .col(big_integer_null(n("organisation_id")))
        .col(string_null(n("email")))
        .col(string_null(n("phone")));
    localized(&mut t, &["consents"]);
    t.col(boolean(n("example"))).foreign_key(&mut fk("person", "city_id", "city")).foreign_key(&mut fk(
        "person",
        "organisation_id",
        "organisation",
    ));
    tables.push(t);

    let mut t = partnership_child("ambassador");
    t.col(big_integer(n("person_id")))
        .col(integer(n("cohort_year")))
        .col(big_integer(n("home_city_id")))
        .col(big_integer_null(n("activity_id")))
        .col(string(n("status")));
    localized(&mut t, &["profile"]);
    t.col(string(n("publication")))
        .col(boolean(n("example")))
        .foreign_key(&mut fk("ambassador", "person_id", "person"))
        .foreign_key(&mut fk("ambassador", "home_city_id", "city"))
        .foreign_key(&mut fk("ambassador", "activity_id", "activity"));
    tables.push(t);
    indexes.push(unique("ambassador", &["partnership_id", "person_id"]));

    let mut t = partnership_child("event");
    localized(&mut t, &["title", "description"]);
    t.col(string(n("kind")))
        .col(timestamp_with_time_zone(n("starts_at")))
        .col(timestamp_with_time_zone(n("ends_at")))
        .col(string(n("time_zone")));
    localized(&mut t, &["venue"]);
    t.col(string_null(n("online_url")))
        .col(json_binary_null(n("registration")))
        .col(big_integer_null(n("programme_id")))
        .col(boolean(n("joint")))
        .col(string(n("publication")))
        .col(boolean(n("example")))
        .foreign_key(&mut fk("event", "programme_id", "programme"));
    tables.push(t);
    indexes.push(index("event", &["partnership_id", "starts_at"]));

    let mut t = partnership_child("news_post");
    t.col(string(n("slug")));
    localized(&mut t, &["title", "summary", "body"]);
    t.col(timestamp_with_time_zone(n("published_at")))
        .col(big_integer_null(n("photo_id")))
        .col(string(n("publication")))
        .col(boolean(n("example")))
        .foreign_key(&mut fk("news_post", "photo_id", "document"));
    tables.push(t);
    indexes.push(unique("news_post", &["partnership_id", "slug"]));

    let mut t = partnership_child("landmark");
    t.col(big_integer(n("city_id")));
    localized(&mut t, &["name", "description", "location"]);
    t.col(double(n("latitude")))
        .col(double(n("longitude")))
        .col(string(n("precision")))
        .col(integer_null(n("given_year")));
    localized(&mut t, &["given_by", "occasion"]);
    t.col(big_integer_null(n("photo_id")))
        .col(string(n("publication")))
        .foreign_key(&mut fk("landmark", "city_id", "city"))
        .foreign_key(&mut fk("landmark", "photo_id", "document"));
    tables.push(t);

    let mut t = item_table("user_account");
    t.col(string(n("email")))
        .col(string(n("display_name")))
        .col(string(n("password_hash")))
        .col(string(n("language")))
        .col(boolean(n("disabled")));
    tables.push(t);
    indexes.push(unique("user_account", &["email"]));

    let mut t = item_table("role_grant");
    t.col(big_integer(n("user_id")))
        .col(string(n("role")))
        .col(big_integer_null(n("partnership_id")))
        .col(big_integer_null(n("side_city_id")))
        .col(big_integer_null(n("organisation_id")))
        .col(big_integer_null(n("person_id")))
        .foreign_key(&mut fk("role_grant", "user_id", "user_account"))
        .foreign_key(&mut fk("role_grant", "partnership_id", "partnership"))
        .foreign_key(&mut fk("role_grant", "side_city_id", "city"))
        .foreign_key(&mut fk("role_grant", "organisation_id", "organisation"))
        .foreign_key(&mut fk("role_grant", "person_id", "person"));
    tables.push(t);

    let t = Table::create()
        .table(n("audit_log"))
        .col(big_pk_auto(n("seq")))
        .col(timestamp_with_time_zone(n("at")))
        .col(big_integer_null(n("actor_id")))
        .col(string(n("via")))
        .col(string(n("kind")))
        .col(big_integer(n("record_id")))
        .col(string(n("action")))
        .col(json_binary(n("changes")))
        .to_owned();
    tables.push(t);
    indexes.push(index("audit_log", &["kind", "record_id"]));

    (tables, indexes)
}

#[async_trait::async_trait]
impl MigrationTrait for M0001Initial {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (tables, indexes) = tables();
        for t in tables {
            manager.create_table(t).await?;
        }
        for i in indexes {
            manager.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (tables, _) = tables();
        for t in tables.iter().rev() {
            if let Some(name) = t.get_table_name() {
                manager.drop_table(Table::drop().table(name.clone()).to_owned()).await?;
            }
        }
        Ok(())
    }
}

/// Registrations for events (personal data: name, e-mail, consent).
struct M0002Registrations;

impl MigrationName for M0002Registrations {
    fn name(&self) -> &str {
        "m0002_registrations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0002Registrations {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut t = item_table("event_registration");
        t.col(big_integer(n("event_id")))
            .col(string(n("name")))
            .col(string(n("email")))
            .col(timestamp_with_time_zone(n("consent_at")))
            .col(string(n("status")))
            .col(string(n("cancel_token")))
            .col(string(n("language")))
            .foreign_key(&mut fk("event_registration", "event_id", "event"));
        manager.create_table(t).await?;
        manager.create_index(unique("event_registration", &["cancel_token"])).await?;
        manager.create_index(index("event_registration", &["event_id", "email"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("event_registration")).to_owned()).await
    }
}

/// The workspace: joint approvals, sessions, login throttling, "log out everywhere".
struct M0003Workspace;

impl MigrationName for M0003Workspace {
    fn name(&self) -> &str {
        "m0003_workspace"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0003Workspace {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut t = item_table("approval");
        t.col(string(n("item_kind")))
            .col(big_integer(n("record_id")))
            .col(big_integer(n("item_version")))
            .col(big_integer(n("city_id")))
            .col(big_integer_null(n("user_id")))
            .foreign_key(&mut fk("approval", "city_id", "city"))
            .foreign_key(&mut fk("approval", "user_id", "user_account"));
        manager.create_table(t).await?;
        manager.create_index(unique("approval", &["item_kind", "record_id", "item_version", "city_id"])).await?;

        let t = Table::create()
            .table(n("session"))
            .col(string(n("id")).primary_key())
            .col(text(n("data")))
            .col(timestamp_with_time_zone(n("expires_at")))
            .to_owned();
        manager.create_table(t).await?;
        manager.create_index(index("session", &["expires_at"])).await?;

        let t = Table::create()
            .table(n("login_failure"))
            .col(string(n("key")).primary_key())
            .col(integer(n("count")))
            .col(timestamp_with_time_zone(n("last_at")))
            .to_owned();
        manager.create_table(t).await?;

        let t = Table::create()
            .table(n("one_time_link"))
            .col(string(n("token_sha256")).primary_key())
            .col(big_integer(n("user_id")))
            .col(timestamp_with_time_zone(n("expires_at")))
            .col(timestamp_with_time_zone_null(n("used_at")))
            .foreign_key(&mut fk("one_time_link", "user_id", "user_account"))
            .to_owned();
        manager.create_table(t).await?;

        let t = Table::create()
            .table(n("reminder_sent"))
            .col(string(n("key")).primary_key())
            .col(timestamp_with_time_zone(n("sent_at")))
            .to_owned();
        manager.create_table(t).await?;

        manager
            .alter_table(
                Table::alter()
                    .table(n("user_account"))
                    .add_column(big_integer(n("session_epoch")).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["reminder_sent", "one_time_link", "login_failure", "session", "approval"] {
            manager.drop_table(Table::drop().table(n(name)).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(n("user_account")).drop_column(n("session_epoch")).to_owned()).await
    }
}

/// API tokens: one role of one account each, kept as the token's SHA-256.
struct M0004ApiTokens;

impl MigrationName for M0004ApiTokens {
    fn name(&self) -> &str {
        "m0004_api_tokens"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0004ApiTokens {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut t = item_table("api_token");
        t.col(big_integer(n("user_id")))
            .col(string(n("label")))
            .col(string(n("role")))
            .col(big_integer_null(n("partnership_id")))
            .col(big_integer_null(n("side_city_id")))
            .col(big_integer_null(n("organisation_id")))
            .col(big_integer_null(n("person_id")))
            .col(string(n("token_sha256")))
            .col(timestamp_with_time_zone_null(n("revoked_at")))
            .foreign_key(&mut fk("api_token", "user_id", "user_account"))
            .foreign_key(&mut fk("api_token", "partnership_id", "partnership"))
            .foreign_key(&mut fk("api_token", "side_city_id", "city"))
            .foreign_key(&mut fk("api_token", "organisation_id", "organisation"))
            .foreign_key(&mut fk("api_token", "person_id", "person"));
        manager.create_table(t).await?;
        manager.create_index(unique("api_token", &["token_sha256"])).await?;
        manager.create_index(index("api_token", &["user_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("api_token")).to_owned()).await
    }
}

/// Change tracking per partnership: a counter per partnership (0: the instance's list
/// of partnerships) that every committed change moves in commit order, and the
/// partnership of each audit entry, so history and caches can be scoped.
struct M0005ChangeCounters;

impl MigrationName for M0005ChangeCounters {
    fn name(&self) -> &str {
        "m0005_change_counters"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0005ChangeCounters {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = Table::create()
            .table(n("change_counter"))
            .col(big_integer(n("partnership_id")).primary_key())
            .col(big_integer(n("seq")))
            .to_owned();
        manager.create_table(t).await?;
        manager
            .alter_table(
                Table::alter().table(n("audit_log")).add_column(big_integer_null(n("partnership_id"))).to_owned(),
            )
            .await?;
        manager.create_index(index("audit_log", &["partnership_id", "seq"])).await?;
        // Every list is read by partnership; the large ones in their page order.
        for table in [
            "organisation",
            "organisation_pair",
            "programme",
            "document",
            "agreement",
            "person",
            "ambassador",
            "landmark",
        ] {
            manager.create_index(index(table, &["partnership_id"])).await?;
        }
        manager.create_index(index("news_post", &["partnership_id", "published_at"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("change_counter")).to_owned()).await?;
        manager.alter_table(Table::alter().table(n("audit_log")).drop_column(n("partnership_id")).to_owned()).await
    }
}

/// Files owned by a partnership, and joint items under both cities' control: one row per item that is or was joint,
/// with the last version both cities approved (what the portal shows while a newer
/// version waits). An item leaves it only when both approve a one-sided version.
struct M0006JointReleases;

impl MigrationName for M0006JointReleases {
    fn name(&self) -> &str {
        "m0006_joint_releases"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0006JointReleases {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = Table::create()
            .table(n("joint_release"))
            .col(string(n("item_kind")))
            .col(big_integer(n("record_id")))
            .col(big_integer(n("partnership_id")))
            .col(big_integer_null(n("released_version")))
            .col(json_binary_null(n("released")))
            .primary_key(Index::create().col(n("item_kind")).col(n("record_id")))
            .to_owned();
        manager.create_table(t).await?;
        manager.create_index(index("joint_release", &["partnership_id"])).await?;
        // Files belong to the partnership they were uploaded to; existing ones to the
        // partnership whose document names them.
        manager
            .alter_table(Table::alter().table(n("file")).add_column(big_integer_null(n("partnership_id"))).to_owned())
            .await?;
        // The same bytes are one file per partnership (not one per instance).
        manager.drop_index(Index::drop().name("uq_file__sha256").table(n("file")).to_owned()).await?;
        let per_partnership = Index::create()
            .name("uq_file__partnership_sha256")
            .table(n("file"))
            .unique()
            .col(n("partnership_id"))
            .col(n("sha256"))
            .to_owned();
        manager.create_index(per_partnership).await?;
        // The items joint today come under it; the version both approved is kept from
        // their next approval on (until then a cleared current version shows as before).
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE file SET partnership_id = \
             (SELECT MIN(partnership_id) FROM document WHERE document.file_id = file.id)",
        )
        .await?;
        for table in ["agreement", "event"] {
            db.execute_unprepared(&format!(
                "INSERT INTO joint_release (item_kind, record_id, partnership_id) \
                 SELECT '{table}', id, partnership_id FROM {table} WHERE joint = TRUE"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(n("file")).drop_column(n("partnership_id")).to_owned()).await?;
        manager.drop_table(Table::drop().table(n("joint_release")).to_owned()).await
    }
}

/// What running the instance needs: a row that the health check writes while writes
/// have been failing, to see when they work again; and the mail outbox, written in the
/// transaction of what caused each mail and emptied by senders with retries.
struct M0007Operations;

impl MigrationName for M0007Operations {
    fn name(&self) -> &str {
        "m0007_operations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0007Operations {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = Table::create()
            .table(n("health_probe"))
            .col(big_integer(n("id")).primary_key())
            .col(big_integer(n("checked")))
            .to_owned();
        manager.create_table(t).await?;
        manager.get_connection().execute_unprepared("INSERT INTO health_probe (id, checked) VALUES (1, 0)").await?;
        let t = Table::create()
            .table(n("mail_outbox"))
            .col(big_integer(n("id")).auto_increment().primary_key())
            .col(big_integer_null(n("partnership_id")))
            .col(string(n("to_address")))
            .col(text(n("subject")))
            .col(text(n("body")))
            .col(timestamp_with_time_zone(n("created_at")))
            .col(integer(n("attempts")).default(0))
            // When it is next due; NULL once sent or given up.
            .col(timestamp_with_time_zone_null(n("next_attempt_at")))
            .col(timestamp_with_time_zone_null(n("sent_at")))
            .col(text_null(n("last_error")))
            .to_owned();
        manager.create_table(t).await?;
        manager.create_index(index("mail_outbox", &["next_attempt_at"])).await?;
        manager.create_index(index("mail_outbox", &["partnership_id"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("mail_outbox")).to_owned()).await?;
        manager.drop_table(Table::drop().table(n("health_probe")).to_owned()).await
    }
}

/// A registration from the public form counts once confirmed from its mail; until
/// then it holds a place until `held_until`. Existing registrations stay as they are.
struct M0008ConfirmedRegistrations;

impl MigrationName for M0008ConfirmedRegistrations {
    fn name(&self) -> &str {
        "m0008_confirmed_registrations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0008ConfirmedRegistrations {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let held = timestamp_with_time_zone_null(n("held_until"));
        manager.alter_table(Table::alter().table(n("event_registration")).add_column(held).to_owned()).await?;
        manager.create_index(index("event_registration", &["status", "held_until"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = n("event_registration");
        let index = Index::drop().name("ix_event_registration__status_held_until").table(table.clone()).to_owned();
        manager.drop_index(index).await?;
        manager.alter_table(Table::alter().table(table).drop_column(n("held_until")).to_owned()).await
    }
}

/// Photos' variants, made once at upload: one row per photo (by content) and width,
/// with the bytes in the file store (`content` stays empty) or, without one, here.
struct M0009PhotoVariants;

impl MigrationName for M0009PhotoVariants {
    fn name(&self) -> &str {
        "m0009_photo_variants"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0009PhotoVariants {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let t = Table::create()
            .table(n("photo_variant"))
            .col(string(n("sha256")))
            .col(integer(n("target")))
            .col(integer(n("width")))
            .col(integer(n("height")))
            .col(blob(n("content")))
            .primary_key(Index::create().col(n("sha256")).col(n("target")))
            .to_owned();
        manager.create_table(t).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("photo_variant")).to_owned()).await
    }
}

/// An activity's organisations as rows with foreign keys (kept in step with the
/// activity's `organisation_ids`): an organisation still named can't be deleted.
/// Names of organisations deleted before this are dropped from the activities.
struct M0010ActivityOrganisations;

impl MigrationName for M0010ActivityOrganisations {
    fn name(&self) -> &str {
        "m0010_activity_organisations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0010ActivityOrganisations {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut activity = fk("activity_organisation", "activity_id", "activity");
        activity.on_delete(ForeignKeyAction::Cascade);
        let t = Table::create()
            .table(n("activity_organisation"))
            .col(big_integer(n("activity_id")))
            .col(big_integer(n("organisation_id")))
            .primary_key(Index::create().col(n("activity_id")).col(n("organisation_id")))
            .foreign_key(&mut activity)
            .foreign_key(&mut fk("activity_organisation", "organisation_id", "organisation"))
            .to_owned();
        manager.create_table(t).await?;
        manager.create_index(index("activity_organisation", &["organisation_id"])).await?;
        let db = manager.get_connection();
        let existing: std::collections::HashSet<i64> = db
            .query_all(&Query::select().column(n("id")).from(n("organisation")).to_owned())
            .await?
            .iter()
            .filter_map(|r| r.try_get_by_index::<i64>(0).ok())
            .collect();
        let activities = db
            .query_all(&Query::select().columns([n("id"), n("organisation_ids")]).from(n("activity")).to_owned())
            .await?;
        for row in activities {
            let id: i64 = row.try_get_by_index(0)?;
            let named: serde_json::Value = row.try_get_by_index(1)?;
            let ids: Vec<i64> = named.as_array().into_iter().flatten().filter_map(serde_json::Value::as_i64).collect();
            let mut kept: Vec<i64> = ids.iter().copied().filter(|o| existing.contains(o)).collect();
            kept.sort_unstable();
            kept.dedup();
            for organisation in &kept {
                let insert = Query::insert()
                    .into_table(n("activity_organisation"))
                    .columns([n("activity_id"), n("organisation_id")])
                    .values([id.into(), (*organisation).into()])
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .to_owned();
                db.execute(&insert).await?;
            }
            if kept.len() != ids.len() {
                let update = Query::update()
                    .table(n("activity"))
                    .value(n("organisation_ids"), serde_json::json!(kept))
                    .and_where(Expr::col(n("id")).eq(id))
                    .to_owned();
                db.execute(&update).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("activity_organisation")).to_owned()).await
    }
}

/// What needs translating as rows (`translations.rs`), filled from the items there
/// are; the long lists' indexes in the order the portal reads them.
struct M0011TranslationNeeds;

impl MigrationName for M0011TranslationNeeds {
    fn name(&self) -> &str {
        "m0011_translation_needs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0011TranslationNeeds {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use sea_orm::FromQueryResult;
        let table = crate::translations::TABLE;
        let t = Table::create()
            .table(n(table))
            .col(big_integer(n("partnership_id")))
            .col(string(n("item_kind")))
            .col(big_integer(n("record_id")))
            .col(string(n("field")))
            .col(string(n("lang")))
            .col(string(n("status")))
            .primary_key(Index::create().col(n("item_kind")).col(n("record_id")).col(n("field")).col(n("lang")))
            .to_owned();
        manager.create_table(t).await?;
        manager.create_index(index(table, &["partnership_id", "lang", "status"])).await?;
        manager.create_index(index("activity", &["partnership_id", "publication", "starts_on"])).await?;
        manager.create_index(index("news_post", &["partnership_id", "publication", "published_at"])).await?;
        manager.create_index(index("event", &["partnership_id", "publication", "starts_at"])).await?;

        // Every item there is, a chunk at a time, read as JSON (texts stored as text
        // on SQLite are parsed back).
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        for kind in crate::translations::KINDS {
            let mut last = 0i64;
            loop {
                let select = Query::select()
                    .expr(Expr::cust("*"))
                    .from(n(kind.as_str()))
                    .and_where(Expr::col(n("id")).gt(last))
                    .order_by(n("id"), Order::Asc)
                    .limit(500)
                    .to_owned();
                let rows = serde_json::Value::find_by_statement(backend.build(&select)).all(db).await?;
                let Some(id) = rows.last().and_then(|r| r.get("id")).and_then(serde_json::Value::as_i64) else {
                    break;
                };
                last = id;
                for mut row in rows {
                    if let Some(fields) = row.as_object_mut() {
                        for value in fields.values_mut() {
                            if let Some(parsed) = value
                                .as_str()
                                .filter(|t| t.starts_with('{'))
                                .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
                            {
                                *value = parsed;
                            }
                        }
                    }
                    let record_id = row.get("id").and_then(serde_json::Value::as_i64).unwrap_or_default();
                    crate::translations::after_save(db, kind, record_id, &row, false)
                        .await
                        .map_err(|e| DbErr::Custom(e.to_string()))?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, columns) in [
            ("activity", ["partnership_id", "publication", "starts_on"]),
            ("news_post", ["partnership_id", "publication", "published_at"]),
            ("event", ["partnership_id", "publication", "starts_at"]),
        ] {
            let name = format!("ix_{table}__{}", columns.join("_"));
            manager.drop_index(Index::drop().name(name).table(n(table)).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(n(crate::translations::TABLE)).to_owned()).await
    }
}

/// What each change counter value was moved by (the item's kind and id), so the
/// search index can index again only the items that changed (`search.rs`).
struct M0012PartnershipChanges;

impl MigrationName for M0012PartnershipChanges {
    fn name(&self) -> &str {
        "m0012_partnership_changes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0012PartnershipChanges {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = crate::records::CHANGES;
        let t = Table::create()
            .table(n(table))
            .col(big_integer(n("partnership_id")))
            .col(big_integer(n("seq")))
            .col(string(n("item_kind")))
            .col(big_integer(n("record_id")))
            .col(big_integer(n("at")))
            .primary_key(Index::create().col(n("partnership_id")).col(n("seq")))
            .to_owned();
        manager.create_table(t).await?;
        manager.create_index(index(table, &["at"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n(crate::records::CHANGES)).to_owned()).await
    }
}

/// How each city's mails end (`City::mail_signature`), and periods known only to
/// the month or year (`date_precision` of agreements and programmes).
struct M0013MailSignatures;

impl MigrationName for M0013MailSignatures {
    fn name(&self) -> &str {
        "m0013_mail_signatures_and_date_precision"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0013MailSignatures {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let column = json_binary_null(n("mail_signature"));
        manager.alter_table(Table::alter().table(n("city")).add_column(column).to_owned()).await?;
        for table in ["agreement", "programme"] {
            let column = string_null(n("date_precision"));
            manager.alter_table(Table::alter().table(n(table)).add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["agreement", "programme"] {
            manager.alter_table(Table::alter().table(n(table)).drop_column(n("date_precision")).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(n("city")).drop_column(n("mail_signature")).to_owned()).await
    }
}

/// A partnership's own contact page, privacy notice and accessibility statement.
struct M0014PortalTexts;

impl MigrationName for M0014PortalTexts {
    fn name(&self) -> &str {
        "m0014_portal_texts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0014PortalTexts {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["contact", "privacy", "accessibility"] {
            let add = Table::alter().table(n("partnership")).add_column(json_binary_null(n(column))).to_owned();
            manager.alter_table(add).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["contact", "privacy", "accessibility"] {
            manager.alter_table(Table::alter().table(n("partnership")).drop_column(n(column)).to_owned()).await?;
        }
        Ok(())
    }
}

/// An activity's goals as rows (`activity_sdg`, in step with its `sdgs`, like its
/// organisations in `activity_organisation`), so a goal's list of activities is read
/// through an index instead of every activity's list.
struct M0015ActivitySdgs;

impl MigrationName for M0015ActivitySdgs {
    fn name(&self) -> &str {
        "m0015_activity_sdgs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0015ActivitySdgs {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut activity = fk("activity_sdg", "activity_id", "activity");
        activity.on_delete(ForeignKeyAction::Cascade);
        let t = Table::create()
            .table(n("activity_sdg"))
            .col(big_integer(n("activity_id")))
            .col(big_integer(n("sdg")))
            .primary_key(Index::create().col(n("activity_id")).col(n("sdg")))
            .foreign_key(&mut activity)
            .to_owned();
        manager.create_table(t).await?;
        manager.create_index(index("activity_sdg", &["sdg", "activity_id"])).await?;
        let db = manager.get_connection();
        let activities =
            db.query_all(&Query::select().columns([n("id"), n("sdgs")]).from(n("activity")).to_owned()).await?;
        for row in activities {
            let id: i64 = row.try_get_by_index(0)?;
            let goals: serde_json::Value = row.try_get_by_index(1)?;
            let mut goals: Vec<i64> =
                goals.as_array().into_iter().flatten().filter_map(serde_json::Value::as_i64).collect();
            goals.sort_unstable();
            goals.dedup();
            for goal in goals {
                let insert = Query::insert()
                    .into_table(n("activity_sdg"))
                    .columns([n("activity_id"), n("sdg")])
                    .values([id.into(), goal.into()])
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .to_owned();
                db.execute(&insert).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("activity_sdg")).to_owned()).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use sea_orm::{ConnectionTrait, Statement};
    use sea_orm_migration::MigratorTrait;

    use super::Migrator;

    /// How many migrations to take back to be before `name` (it included).
    fn since(name: &str) -> u32 {
        let all = Migrator::migrations();
        let at = all.iter().position(|m| m.name() == name).unwrap();
        (all.len() - at) as u32
    }

    async fn ints(db: &crate::Db, sql: &str) -> Vec<i64> {
        let rows = db.conn.query_all_raw(Statement::from_string(db.conn.get_database_backend(), sql)).await.unwrap();
        rows.iter().flat_map(|r| (0..2).filter_map(|i| r.try_get_by_index::<i64>(i).ok())).collect()
    }

    /// m0010 fills the join table from the lists a database made before it holds, and
    /// drops the names of organisations deleted before (they were dangling).
    #[tokio::test]
    async fn activity_organisations_are_filled_from_the_lists_made_before_them() {
        let dir = std::env::temp_dir().join(format!("zt-m0010-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::Db::open(&format!("sqlite://{}?mode=rwc", dir.join("t.db").display())).await.unwrap();
        let change = zusterstad_core::audit::Change::by_system("test", chrono::Utc::now());
        crate::demo::load(&db, &change, crate::demo::GENT_KANAZAWA).await.unwrap();
        // The database as it was before m0010: no join table, lists in the rows.
        Migrator::down(&db.conn, Some(since("m0010_activity_organisations"))).await.unwrap();
        let activity = ints(&db, "SELECT MIN(id) FROM activity").await[0];
        let orgs = ints(&db, "SELECT id FROM organisation ORDER BY id LIMIT 2").await;
        let list = format!("[{}, 999, {}, {}]", orgs[1], orgs[0], orgs[1]);
        db.conn
            .execute_raw(Statement::from_string(
                db.conn.get_database_backend(),
                format!("UPDATE activity SET organisation_ids = '{list}' WHERE id = {activity}"),
            ))
            .await
            .unwrap();
        Migrator::up(&db.conn, None).await.unwrap();
        let joined = ints(
            &db,
            &format!(
                "SELECT activity_id, organisation_id FROM activity_organisation WHERE activity_id = {activity} \
                 ORDER BY organisation_id"
            ),
        )
        .await;
        assert_eq!(joined, [activity, orgs[0], activity, orgs[1]], "one row per organisation named, once");
        let rows = db
            .conn
            .query_all_raw(Statement::from_string(
                db.conn.get_database_backend(),
                format!("SELECT organisation_ids FROM activity WHERE id = {activity}"),
            ))
            .await
            .unwrap();
        let kept: serde_json::Value = rows[0].try_get_by_index(0).unwrap();
        assert_eq!(kept, serde_json::json!([orgs[0], orgs[1]]), "the deleted organisation's name is dropped");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
    }

    /// m0015 fills the goals' rows from the lists of the activities made before, and
    /// the store keeps them in step afterwards.
    #[tokio::test]
    async fn activity_goals_are_filled_from_the_lists_made_before_them_and_kept_in_step() {
        use zusterstad_core::activities::Activity;
        use zusterstad_core::store::RecordStore;
        let dir = std::env::temp_dir().join(format!("zt-m0015-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::Db::open(&format!("sqlite://{}?mode=rwc", dir.join("t.db").display())).await.unwrap();
        let change = zusterstad_core::audit::Change::by_system("test", chrono::Utc::now());
        crate::demo::load(&db, &change, crate::demo::GENT_KANAZAWA).await.unwrap();
        let before = ints(&db, "SELECT COUNT(*) FROM activity_sdg").await[0];
        assert!(before > 0, "the demo's activities name goals");
        Migrator::down(&db.conn, Some(since("m0015_activity_sdgs"))).await.unwrap();
        Migrator::up(&db.conn, None).await.unwrap();
        assert_eq!(ints(&db, "SELECT COUNT(*) FROM activity_sdg").await[0], before, "one row per goal named");
        // An activity's goals change: its rows follow; it is deleted: they go with it.
        let activity = ints(&db, "SELECT MIN(activity_id) FROM activity_sdg").await[0];
        let stored: zusterstad_core::Stored<Activity> = db.get(zusterstad_core::Id::new(activity)).await.unwrap();
        let goals = Activity { sdgs: vec![14, 13], ..stored.item.clone() };
        let updated = db.update(&change, stored.id, stored.version, goals).await.unwrap();
        let rows = ints(
            &db,
            &format!("SELECT sdg, activity_id FROM activity_sdg WHERE activity_id = {activity} ORDER BY sdg"),
        )
        .await;
        assert_eq!(rows, [13, activity, 14, activity]);
        RecordStore::<Activity>::delete(&db, &change, updated.id, updated.version).await.unwrap();
        assert!(ints(&db, &format!("SELECT sdg FROM activity_sdg WHERE activity_id = {activity}")).await.is_empty());
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
    }

    /// m0011 fills the list of what needs translating from the items there are, the
    /// same rows the store keeps in step with every write.
    #[tokio::test]
    async fn what_needs_translating_is_filled_from_the_items_made_before() {
        use zusterstad_core::store::{PartnershipStore, RecordStore, TranslationStore};
        let dir = std::env::temp_dir().join(format!("zt-m0011-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::Db::open(&format!("sqlite://{}?mode=rwc", dir.join("t.db").display())).await.unwrap();
        let change = zusterstad_core::audit::Change::by_system("test", chrono::Utc::now());
        crate::demo::load(&db, &change, crate::demo::GENT_KANAZAWA).await.unwrap();
        let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        // One text only in Dutch: Japanese and English need a translator.
        let org: zusterstad_core::Stored<zusterstad_core::organisations::Organisation> =
            RecordStore::query(&db, &zusterstad_core::query::ListQuery::of(p.id).limit(1))
                .await
                .unwrap()
                .items
                .remove(0);
        let mut item = org.item.clone();
        item.description = zusterstad_core::Localized::default().with(
            zusterstad_core::Lang::Nl,
            "Alleen in het Nederlands".into(),
            zusterstad_core::TextStatus::Original,
        );
        db.update(&change, org.id, org.version, item).await.unwrap();
        let kept = |db: &crate::Db| {
            let db = db.clone();
            let pid = p.id;
            async move {
                let mut all = Vec::new();
                for lang in zusterstad_core::Lang::ALL {
                    let page = db.untranslated(pid, lang, false, 0, None).await.unwrap();
                    assert_eq!(page.total as usize, page.items.len());
                    all.extend(page.items.into_iter().map(|u| (lang, u.kind, u.record_id, u.field, u.status)));
                }
                all
            }
        };
        let live = kept(&db).await;
        let described = |lang| (lang, zusterstad_core::Kind::Organisation, org.id.get(), "description".to_owned());
        for lang in [zusterstad_core::Lang::Ja, zusterstad_core::Lang::En] {
            assert!(live.iter().any(|(l, k, id, f, _)| (*l, *k, *id, f.clone()) == described(lang)), "{live:?}");
        }
        assert!(!live.iter().any(|(l, k, id, f, _)| (*l, *k, *id, f.clone()) == described(zusterstad_core::Lang::Nl)));
        // Taken back before m0011 and migrated again: the same rows.
        Migrator::down(&db.conn, Some(since("m0011_translation_needs"))).await.unwrap();
        Migrator::up(&db.conn, None).await.unwrap();
        assert_eq!(kept(&db).await, live);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
    }
}

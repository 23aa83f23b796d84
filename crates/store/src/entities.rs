//! SeaORM entities: one per table. Field names are those of the `core` types, so an
//! item converts to a row and back through serde (see `records.rs`); the conformance
//! suite round-trips every kind to prove the two agree.

/// A table whose rows carry an id, a version and timestamps besides `$fields`.
macro_rules! entity {
    ($module:ident, $table:tt, { $($fields:tt)* }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;
            use serde::{Deserialize, Serialize};

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: i64,
                pub version: i64,
                pub created_at: DateTimeUtc,
                pub updated_at: DateTimeUtc,
                $($fields)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

entity!(file, "file", {
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: i64,
    #[serde(with = "zusterstad_core::documents::base64_bytes")]
    pub content: Vec<u8>,
    #[serde(default)]
    pub partnership_id: Option<i64>,
});

entity!(city, "city", {
    pub slug: String,
    pub name: Json,
    pub native_name: String,
    pub native_reading: Option<String>,
    pub romaji: Option<String>,
    pub country: String,
    pub time_zone: String,
    pub latitude: f64,
    pub longitude: f64,
    pub founded_year: Option<i32>,
    pub population: Option<i64>,
    pub description: Json,
    pub facts: Json,
    pub mail_signature: Option<Json>,
});

entity!(partnership, "partnership", {
    pub slug: String,
    pub name: Json,
    pub city_a_id: i64,
    pub city_b_id: i64,
    pub established_year: i32,
    pub established_on: Option<Date>,
    pub summary: Json,
    pub description: Json,
    pub focus_areas: Json,
    pub sdgs: Json,
    pub expiry_window_days: i32,
    pub publication: String,
    pub contact: Option<Json>,
    pub privacy: Option<Json>,
    pub accessibility: Option<Json>,
});

entity!(organisation, "organisation", {
    pub partnership_id: i64,
    pub city_id: i64,
    pub name: Json,
    pub short_name: Option<String>,
    pub kind: String,
    pub website: Option<String>,
    pub description: Json,
    pub publication: String,
    pub example: bool,
});

entity!(organisation_pair, "organisation_pair", {
    pub partnership_id: i64,
    pub organisation_a_id: i64,
    pub organisation_b_id: i64,
    pub description: Json,
    pub since_year: Option<i32>,
    pub publication: String,
});

entity!(programme, "programme", {
    pub partnership_id: i64,
    pub slug: String,
    pub title: Json,
    pub description: Json,
    pub starts_on: Date,
    pub ends_on: Date,
    pub date_precision: Option<String>,
    pub publication: String,
});

entity!(activity, "activity", {
    pub partnership_id: i64,
    pub title: Json,
    pub summary: Json,
    pub body: Json,
    pub focus: String,
    pub direction: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub participants: Json,
    pub organisation_ids: Json,
    pub sdgs: Json,
    pub programme_id: Option<i64>,
    pub publication: String,
    pub example: bool,
});

entity!(document, "document", {
    pub partnership_id: i64,
    pub title: Json,
    pub language: Option<String>,
    pub file_id: i64,
    pub file_name: String,
    pub activity_id: Option<i64>,
    pub publication: String,
    pub example: bool,
});

entity!(agreement, "agreement", {
    pub partnership_id: i64,
    pub kind: String,
    pub title: Json,
    pub summary: Json,
    pub organisation_pair_id: Option<i64>,
    pub signed_on: Option<Date>,
    pub signed_year: Option<i32>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub date_precision: Option<String>,
    pub document_id: Option<i64>,
    pub renews_id: Option<i64>,
    pub joint: bool,
    pub publication: String,
    pub example: bool,
});

entity!(person, "person", {
    pub partnership_id: i64,
    pub family_name: String,
    pub given_name: String,
    pub family_name_reading: Option<String>,
    pub given_name_reading: Option<String>,
    pub family_name_romaji: Option<String>,
    pub given_name_romaji: Option<String>,
    pub city_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consents: Json,
    pub example: bool,
});

entity!(ambassador, "ambassador", {
    pub partnership_id: i64,
    pub person_id: i64,
    pub cohort_year: i32,
    pub home_city_id: i64,
    pub activity_id: Option<i64>,
    pub status: String,
    pub profile: Json,
    pub publication: String,
    pub example: bool,
});

entity!(event, "event", {
    pub partnership_id: i64,
    pub title: Json,
    pub description: Json,
    pub kind: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub time_zone: String,
    pub venue: Json,
    pub online_url: Option<String>,
    pub registration: Option<Json>,
    pub programme_id: Option<i64>,
    pub joint: bool,
    pub publication: String,
    pub example: bool,
});

entity!(news_post, "news_post", {
    pub partnership_id: i64,
    pub slug: String,
    pub title: Json,
    pub summary: Json,
    pub body: Json,
    pub published_at: DateTimeUtc,
    pub photo_id: Option<i64>,
    pub publication: String,
    pub example: bool,
});

entity!(landmark, "landmark", {
    pub partnership_id: i64,
    pub city_id: i64,
    pub name: Json,
    pub description: Json,
    pub location: Json,
    pub latitude: f64,
    pub longitude: f64,
    pub precision: String,
    pub given_year: Option<i32>,
    pub given_by: Json,
    pub occasion: Json,
    pub photo_id: Option<i64>,
    pub publication: String,
});

entity!(user_account, "user_account", {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub language: String,
    pub disabled: bool,
    pub session_epoch: i64,
});

entity!(role_grant, "role_grant", {
    pub user_id: i64,
    pub role: String,
    pub partnership_id: Option<i64>,
    pub side_city_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub person_id: Option<i64>,
});

/// The audit log, whose `seq` is the instance's change sequence number.
pub mod audit_log {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub seq: i64,
        pub at: DateTimeUtc,
        pub actor_id: Option<i64>,
        pub via: String,
        pub kind: String,
        pub record_id: i64,
        pub action: String,
        pub changes: Json,
        /// The partnership the change belongs to (none: instance-wide, or a city
        /// shared by several); absent in exports made before it was kept.
        #[serde(default)]
        pub partnership_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A joint item under both cities' control (see `joint.rs`).
pub mod joint_release {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "joint_release")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub item_kind: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub record_id: i64,
        pub partnership_id: i64,
        /// The last version both cities approved, and the item as it was then.
        pub released_version: Option<i64>,
        pub released: Option<Json>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

entity!(event_registration, "event_registration", {
    pub event_id: i64,
    pub name: String,
    pub email: String,
    pub consent_at: DateTimeUtc,
    pub status: String,
    pub cancel_token: String,
    pub language: String,
    pub held_until: Option<DateTimeUtc>,
});

entity!(approval, "approval", {
    pub item_kind: String,
    pub record_id: i64,
    pub item_version: i64,
    pub city_id: i64,
    pub user_id: Option<i64>,
});

entity!(api_token, "api_token", {
    pub user_id: i64,
    pub label: String,
    pub role: String,
    pub partnership_id: Option<i64>,
    pub side_city_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub person_id: Option<i64>,
    pub token_sha256: String,
    pub revoked_at: Option<DateTimeUtc>,
});

/// Sessions of signed-in users (not part of the record: not exported, not audited).
pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "session")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub data: String,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Failed logins per key (`account:…`, `address:…`), and one-time links.
pub mod login_failure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "login_failure")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub count: i32,
        pub last_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One-time links (password set/reset), by the SHA-256 of their token.
pub mod one_time_link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "one_time_link")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_sha256: String,
        pub user_id: i64,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Reminders already sent, by key (so each goes out once).
pub mod reminder_sent {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "reminder_sent")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub sent_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod mail_outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "mail_outbox")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub partnership_id: Option<i64>,
        pub to_address: String,
        pub subject: String,
        pub body: String,
        pub created_at: DateTimeUtc,
        pub attempts: i32,
        pub next_attempt_at: Option<DateTimeUtc>,
        pub sent_at: Option<DateTimeUtc>,
        pub last_error: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

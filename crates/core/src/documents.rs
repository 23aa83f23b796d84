//! Documents (an agreement's PDF, a photo) and the stored files behind them.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

use crate::activities::ActivityId;
use crate::error::Result;
use crate::i18n::{Lang, Localized};
use crate::ids::Id;
use crate::partnerships::PartnershipId;
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::Problems;

pub type DocumentId = Id<Document>;
pub type FileId = Id<File>;

/// Largest file accepted: 25 MiB.
pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;

/// The bytes of an uploaded file, addressed by their SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct File {
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: i64,
    #[serde(with = "base64_bytes")]
    pub content: Vec<u8>,
    /// The partnership it was uploaded to: only that partnership's documents may name
    /// it. `None`: from before files were owned (or the demo's).
    #[serde(default)]
    pub partnership_id: Option<crate::partnerships::PartnershipId>,
}

/// Files travel inside JSON (export, API) as base64.
pub mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(|e| serde::de::Error::custom(format!("file content is not valid base64: {e}")))
    }
}

impl Record for File {
    const KIND: Kind = Kind::File;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(!self.content.is_empty(), "content", Problem::FileEmpty);
        p.check(
            self.content.len() <= MAX_FILE_BYTES,
            "content",
            Problem::FileTooLarge { mb: MAX_FILE_BYTES / (1024 * 1024) },
        );
        p.check(self.size_bytes == self.content.len() as i64, "size_bytes", Problem::ContentMismatch);
        p.check(
            self.sha256.len() == 64 && self.sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "sha256",
            Problem::Malformed,
        );
        // The bytes are what the name says (an import or an API client can't slip in
        // other bytes under a known file's hash).
        p.check(
            self.content.is_empty() || crate::tokens::hash_bytes(&self.content) == self.sha256,
            "sha256",
            Problem::ContentMismatch,
        );
        p.check(self.media_type.contains('/'), "media_type", Problem::MediaType);
        p.finish()
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub partnership_id: PartnershipId,
    pub title: Localized,
    /// The language the document is written in; `None` for a multilingual one.
    pub language: Option<Lang>,
    pub file_id: FileId,
    pub file_name: String,
    pub activity_id: Option<ActivityId>,
    pub publication: Publication,
    pub example: bool,
}

impl Record for Document {
    const KIND: Kind = Kind::Document;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        self.title.check(&mut p, "title", true, 300);
        p.check(
            !self.file_name.trim().is_empty()
                && !self.file_name.contains(['/', '\\'])
                && self.file_name.chars().count() <= 200,
            "file_name",
            Problem::FileName,
        );
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [
            Some(Reference::to("partnership_id", self.partnership_id)),
            Some(Reference::to("file_id", self.file_id)),
            Reference::optional("activity_id", self.activity_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

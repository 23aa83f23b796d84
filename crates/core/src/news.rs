//! News posts.

use crate::problem::Problem;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::documents::DocumentId;
use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::partnerships::PartnershipId;
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::{Problems, is_slug};

pub type NewsPostId = Id<NewsPost>;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewsPost {
    pub partnership_id: PartnershipId,
    pub slug: String,
    pub title: Localized,
    pub summary: Localized,
    /// Markdown, sanitised when rendered.
    pub body: Localized,
    pub published_at: DateTime<Utc>,
    pub photo_id: Option<DocumentId>,
    pub publication: Publication,
    pub example: bool,
}

impl Record for NewsPost {
    const KIND: Kind = Kind::NewsPost;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(is_slug(&self.slug), "slug", Problem::Slug);
        self.title.check(&mut p, "title", true, 300);
        self.summary.check(&mut p, "summary", false, 1000);
        self.body.check(&mut p, "body", true, 100_000);
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [Some(Reference::to("partnership_id", self.partnership_id)), Reference::optional("photo_id", self.photo_id)]
            .into_iter()
            .flatten()
            .collect()
    }
}

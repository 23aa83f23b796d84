//! An item of a partnership may only point to items of the same partnership (and to
//! its own two cities). The workspace offers only those in its lists, but a crafted
//! form or an API call could name any id: this check refuses them, for both.

use serde_json::Value;
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::documents::Document;
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::people::{Ambassador, Person};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Id, Kind, Record, Reference, Result, Stored};

use crate::WebStore;

/// The partnership an item belongs to, if it exists and belongs to one.
async fn owner<S: RecordStore<T>, T: Record>(store: &S, id: i64) -> Result<Option<i64>> {
    match store.get(Id::new(id)).await {
        Ok(s) => Ok(serde_json::to_value(&s.item).ok().and_then(|v| v.get("partnership_id").and_then(Value::as_i64))),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The fields of `refs` that point into another partnership, or to a city that is
/// not one of `p`'s two. (References to nothing are the store's to report.)
pub async fn outside<S: WebStore>(store: &S, p: &Stored<Partnership>, refs: &[Reference]) -> Result<Vec<&'static str>> {
    let mut fields = Vec::new();
    for r in refs {
        let belongs_to = match r.kind {
            Kind::City => {
                if !p.item.has_city(Id::new(r.id)) {
                    fields.push(r.field);
                }
                continue;
            }
            Kind::Organisation => owner::<S, Organisation>(store, r.id).await?,
            Kind::OrganisationPair => owner::<S, OrganisationPair>(store, r.id).await?,
            Kind::Programme => owner::<S, Programme>(store, r.id).await?,
            Kind::Activity => owner::<S, Activity>(store, r.id).await?,
            Kind::Document => owner::<S, Document>(store, r.id).await?,
            Kind::Agreement => owner::<S, Agreement>(store, r.id).await?,
            Kind::Person => owner::<S, Person>(store, r.id).await?,
            Kind::Ambassador => owner::<S, Ambassador>(store, r.id).await?,
            Kind::Event => owner::<S, Event>(store, r.id).await?,
            Kind::NewsPost => owner::<S, NewsPost>(store, r.id).await?,
            Kind::Landmark => owner::<S, Landmark>(store, r.id).await?,
            // The partnership itself, files, accounts: not owned by one partnership.
            _ => None,
        };
        if belongs_to.is_some_and(|owner| owner != p.id.get()) {
            fields.push(r.field);
        }
    }
    Ok(fields)
}

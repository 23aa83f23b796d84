//! Photos' variants: one row per photo (by content) and target width in
//! `photo_variant`, the bytes in the file store (or, without one, in the row).

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use zusterstad_core::Result;
use zusterstad_core::store::{PhotoStore, PhotoVariant};

use crate::db::Db;
use crate::errors;

fn table() -> Alias {
    Alias::new("photo_variant")
}

fn col(name: &str) -> Alias {
    Alias::new(name)
}

impl PhotoStore for Db {
    async fn photo_variants(&self, sha256: &str) -> Result<Vec<PhotoVariant>> {
        let query = Query::select()
            .columns([col("target"), col("width"), col("height")])
            .from(table())
            .and_where(Expr::col(col("sha256")).eq(sha256))
            .order_by(col("target"), sea_orm::sea_query::Order::Asc)
            .to_owned();
        let rows = self.conn.query_all(&query).await.map_err(errors::map)?;
        rows.into_iter()
            .map(|row| {
                let get =
                    |i| row.try_get_by_index::<i32>(i).map(|v| u32::try_from(v).unwrap_or(0)).map_err(errors::map);
                Ok(PhotoVariant { target: get(0)?, width: get(1)?, height: get(2)? })
            })
            .collect()
    }

    async fn photo_variant_bytes(&self, sha256: &str, target: u32) -> Result<Option<Vec<u8>>> {
        let query = Query::select()
            .column(col("content"))
            .from(table())
            .and_where(Expr::col(col("sha256")).eq(sha256))
            .and_where(Expr::col(col("target")).eq(target as i32))
            .to_owned();
        let Some(row) = self.conn.query_one(&query).await.map_err(errors::map)? else { return Ok(None) };
        let content: Vec<u8> = row.try_get_by_index(0).map_err(errors::map)?;
        match (&self.files, content.is_empty()) {
            (Some(files), true) => files.get_variant(sha256, target).await,
            _ => Ok(Some(content)),
        }
    }

    async fn put_photo_variants(&self, sha256: &str, made: Vec<(PhotoVariant, Vec<u8>)>) -> Result<()> {
        for (variant, bytes) in made {
            let content = match &self.files {
                Some(files) if !bytes.is_empty() => {
                    files.put_variant(sha256, variant.target, bytes).await?;
                    Vec::new()
                }
                _ => bytes,
            };
            let mut insert = Query::insert();
            insert
                .into_table(table())
                .columns([col("sha256"), col("target"), col("width"), col("height"), col("content")])
                .values([
                    sha256.into(),
                    (variant.target as i32).into(),
                    (variant.width as i32).into(),
                    (variant.height as i32).into(),
                    content.into(),
                ])
                .map_err(|e| zusterstad_core::Error::Internal(e.to_string()))?
                .on_conflict(OnConflict::columns([col("sha256"), col("target")]).do_nothing().to_owned());
            self.conn.execute(&insert).await.map_err(errors::map)?;
        }
        Ok(())
    }
}

impl Db {
    /// Forgets the variants of photos no file row has any more.
    pub(crate) async fn forget_orphan_variants(&self) -> Result<()> {
        let named = Query::select().column(col("sha256")).from(Alias::new("file")).to_owned();
        let delete =
            Query::delete().from_table(table()).and_where(Expr::col(col("sha256")).not_in_subquery(named)).to_owned();
        self.conn.execute(&delete).await.map_err(errors::map)?;
        Ok(())
    }
}

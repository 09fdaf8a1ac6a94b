//! Points that expire: the cards of a business whose points were not used
//! within the owner's months of their last visit lose them, each as a
//! ledger entry of kind `expiry` (never a silent change), in one
//! transaction with the balance, so the balance always equals the ledger.
//! The card shows the date ahead of time (`points_expire_at_ms`), and the
//! reminder campaign writes before it.

use super::{Backend, Store};

impl Store {
    /// Expires, at `now_ms`, the points of `business_id`'s cards last
    /// visited (else made) before `cutoff_ms`; returns how many cards lost
    /// points.
    pub async fn expire_points(
        &self,
        business_id: i64,
        cutoff_ms: i64,
        now_ms: i64,
    ) -> Result<u64, sqlx::Error> {
        let due = "business_id = $1 AND erased_at IS NULL AND points > 0
                   AND COALESCE(last_visit_at, created_at) < $2";
        // Read first: the usual pass finds nothing and takes no write lock.
        let waiting: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM cards WHERE {due}"))
            .bind(business_id)
            .bind(cutoff_ms)
            .fetch_one(&self.read)
            .await?;
        if waiting == 0 {
            return Ok(0);
        }
        let mut tx = self.write.begin().await?;
        let expired = match self.backend {
            // The rows are locked as they are read, and read again if a
            // visit changed them first: the entry takes exactly what the
            // balance loses.
            Backend::Postgres => sqlx::query(&format!(
                "WITH gone AS (SELECT id, points FROM cards WHERE {due} FOR UPDATE),
                          zeroed AS (UPDATE cards c SET points = 0 FROM gone WHERE c.id = gone.id
                                     RETURNING c.id, gone.points)
                     INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, created_at)
                     SELECT id, 'expiry', 0, -points, $3 FROM zeroed"
            ))
            .bind(business_id)
            .bind(cutoff_ms)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
            // One writer: nothing changes the cards between the two.
            Backend::Sqlite => {
                let written = sqlx::query(&format!(
                    "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, created_at)
                     SELECT id, 'expiry', 0, -points, $3 FROM cards WHERE {due}"
                ))
                .bind(business_id)
                .bind(cutoff_ms)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                sqlx::query(&format!("UPDATE cards SET points = 0 WHERE {due}"))
                    .bind(business_id)
                    .bind(cutoff_ms)
                    .execute(&mut *tx)
                    .await?;
                written
            }
        };
        tx.commit().await?;
        Ok(expired)
    }
}

//! Remembered responses for `Idempotency-Key`.

use sqlx::Row;

use super::{Store, is_unique_violation};

/// How long a key is remembered.
pub const KEEP_MS: i64 = 24 * 3_600_000;

/// What the store knows of a key.
#[derive(Debug)]
pub enum IdemState {
    /// First time: the caller now owns the key and must finish or abort it.
    Started,
    /// Seen before with another body.
    Mismatch,
    /// The first request is still running.
    InProgress,
    /// The first request finished with this status and JSON body.
    Done { status: u16, body: String },
}

/// Who holds a key in progress, and until when.
#[derive(Debug, Clone, Copy)]
pub struct Lease<'a> {
    /// The claiming server process (a random id of this run).
    pub holder: &'a str,
    /// How long a claim lasts unless renewed, in milliseconds.
    pub ms: i64,
}

impl Store {
    /// Claims `(scope, key)` for a request with `fingerprint` under `lease`,
    /// or reports what the first request with that key did. A key whose
    /// first request is still marked as running but whose lease has run out
    /// (its server died) is taken over.
    pub async fn idem_begin(
        &self,
        scope: &str,
        key: &str,
        fingerprint: &str,
        lease: Lease<'_>,
        now_ms: i64,
    ) -> Result<IdemState, sqlx::Error> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, created_at, holder, lease_until)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(scope)
        .bind(key)
        .bind(fingerprint)
        .bind(now_ms)
        .bind(lease.holder)
        .bind(now_ms + lease.ms)
        .execute(&self.write)
        .await;
        match inserted {
            Ok(_) => return Ok(IdemState::Started),
            Err(e) if is_unique_violation(&e) => {}
            Err(e) => return Err(e),
        }
        let row = sqlx::query(
            "SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = $1 AND idem_key = $2",
        )
        .bind(scope)
        .bind(key)
        .fetch_one(&self.write)
        .await?;
        let stored: String = row.try_get("fingerprint")?;
        let status: i64 = row.try_get("status")?;
        Ok(if stored != fingerprint {
            IdemState::Mismatch
        } else if status == 0 {
            // Running, unless its server stopped renewing the lease: then
            // this request takes the key over (one taker wins the update).
            let taken = sqlx::query(
                "UPDATE idempotency_keys SET holder = $1, lease_until = $2
                 WHERE scope = $3 AND idem_key = $4 AND status = 0 AND lease_until < $5",
            )
            .bind(lease.holder)
            .bind(now_ms + lease.ms)
            .bind(scope)
            .bind(key)
            .bind(now_ms)
            .execute(&self.write)
            .await?;
            if taken.rows_affected() == 1 {
                IdemState::Started
            } else {
                IdemState::InProgress
            }
        } else {
            IdemState::Done {
                status: u16::try_from(status).unwrap_or(500),
                body: row.try_get("body")?,
            }
        })
    }

    /// Extends the lease of a key this server holds and is still running.
    pub async fn idem_renew(
        &self,
        scope: &str,
        key: &str,
        lease: Lease<'_>,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE idempotency_keys SET lease_until = $1
             WHERE scope = $2 AND idem_key = $3 AND holder = $4 AND status = 0",
        )
        .bind(now_ms + lease.ms)
        .bind(scope)
        .bind(key)
        .bind(lease.holder)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Stores the response of a claimed key.
    pub async fn idem_finish(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE idempotency_keys SET status = $1, body = $2 WHERE scope = $3 AND idem_key = $4",
        )
        .bind(i64::from(status))
        .bind(body)
        .bind(scope)
        .bind(key)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Releases a claimed key whose request failed on the server's side, so
    /// that a retry runs it again.
    pub async fn idem_abort(&self, scope: &str, key: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND status = 0",
        )
        .bind(scope)
        .bind(key)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The first answer to a key already finished with the same body, if
    /// any; reads only (for a request whose credential no longer works:
    /// its first answer is given again, nothing is claimed for it).
    pub async fn idem_answer(
        &self,
        scope: &str,
        key: &str,
        fingerprint: &str,
    ) -> Result<Option<(u16, String)>, sqlx::Error> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT status, body FROM idempotency_keys
             WHERE scope = $1 AND idem_key = $2 AND fingerprint = $3 AND status <> 0",
        )
        .bind(scope)
        .bind(key)
        .bind(fingerprint)
        .fetch_optional(&self.write)
        .await?;
        Ok(row.map(|(status, body)| (u16::try_from(status).unwrap_or(200), body)))
    }

    /// Forgets keys older than [`KEEP_MS`].
    pub async fn idem_expire(&self, now_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(now_ms - KEEP_MS)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}

//! The counter's hot path: a visit that only adds stamps, found by member
//! code, written with no read before it. On SQLite the [`StampBatcher`]
//! groups the visits that arrive together into one transaction.

use sqlx::Row;
use timbro_core::MemberCode;
use timbro_core::calendar::Birthday;

use super::cards::{COLUMNS, CardRow, from_row};
use super::cooldown;
use super::retries::{Author, not_written};
use super::{Backend, Store, is_unique_violation};

/// A card after a stamp visit, with what the birthday gift needs to know.
#[derive(Debug, Clone)]
pub struct StampOutcome {
    /// The card afterwards.
    pub card: CardRow,
    /// The customer's birthday, if given.
    pub birthday: Option<Birthday>,
    /// The year of the last birthday gift (0 for never).
    pub birthday_year: i32,
}

/// One stamp-only visit waiting to be written.
#[derive(Debug, Clone)]
pub(super) struct StampJob {
    business_id: i64,
    code: String,
    stamps: i64,
    staff_id: i64,
    now_ms: i64,
    request_key: Option<String>,
    cooldown_ms: i64,
}

/// SQLite's group commit for stamp-only visits. Visits that arrive while
/// the writer is busy are written together, in one round trip to the
/// database thread and one transaction, instead of one each: on two cores
/// the hand-offs between threads, not SQLite, are most of a visit's cost.
/// An answer is sent only after its transaction committed. If a batch
/// fails, its visits are retried one by one, so that one bad visit cannot
/// fail the others.
#[derive(Clone)]
pub(super) struct StampBatcher {
    tx: tokio::sync::mpsc::Sender<(StampJob, StampReply)>,
}

type StampReply = tokio::sync::oneshot::Sender<Result<Option<StampOutcome>, sqlx::Error>>;

/// Most visits written in one transaction (7 parameters each).
const MAX_BATCH: usize = 64;

impl StampBatcher {
    /// Starts the writer task; it ends when the last store clone is gone.
    pub(super) fn start(store: Store) -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(StampJob, StampReply)>(1024);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let jobs: Vec<StampJob> = batch.iter().map(|(job, _)| job.clone()).collect();
                store.metrics.stamp_batch.observe(jobs.len() as f64);
                match store.write_stamp_jobs(&jobs).await {
                    Ok(outcomes) => {
                        for ((_, reply), outcome) in batch.drain(..).zip(outcomes) {
                            let _ = reply.send(Ok(outcome));
                        }
                    }
                    Err(e) if batch.len() == 1 => {
                        if let Some((_, reply)) = batch.pop() {
                            let _ = reply.send(Err(e));
                        }
                    }
                    Err(_) => {
                        for (job, reply) in batch.drain(..) {
                            let one = store
                                .write_stamp_jobs(std::slice::from_ref(&job))
                                .await
                                .map(|mut v| v.pop().flatten());
                            let _ = reply.send(one);
                        }
                    }
                }
            }
        });
        Self { tx }
    }

    /// Queues a visit and waits until it is committed (or failed).
    async fn submit(&self, job: StampJob) -> Result<Option<StampOutcome>, sqlx::Error> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let closed = || sqlx::Error::PoolClosed;
        self.tx.send((job, reply)).await.map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

impl Store {
    /// A visit that only adds stamps, found by member code: the ledger entry
    /// and the balance update in one atomic unit, with no read before it.
    /// The busiest action at the counter ("+1 stamp"). On SQLite the
    /// [`StampBatcher`] groups the visits that arrive together into one
    /// transaction; on PostgreSQL it is one statement. Returns the card
    /// afterwards with its birthday fields (for the birthday gift, which
    /// [`Store::pay_birthday`] pays), or `None` when the business has no card
    /// with this code or the card had stamps in the `cooldown_ms` before
    /// (nothing is written then; [`Store::cooling_by_code`] tells the two
    /// apart). A request already written (by its key) writes nothing
    /// again: the card is returned as it is.
    pub async fn record_stamp_visit(
        &self,
        business_id: i64,
        code: &MemberCode,
        stamps: u32,
        cooldown_ms: i64,
        by: Author<'_>,
        now_ms: i64,
    ) -> Result<Option<StampOutcome>, sqlx::Error> {
        let job = StampJob {
            business_id,
            code: code.compact(),
            stamps: i64::from(stamps),
            staff_id: by.staff_id,
            now_ms,
            request_key: by.request_key.map(str::to_owned),
            cooldown_ms,
        };
        let written = match &self.stamp_batcher {
            Some(batcher) => batcher.submit(job).await,
            None => self
                .write_stamp_jobs(&[job])
                .await
                .map(|mut v| v.pop().flatten()),
        };
        match (written, by.request_key) {
            (Ok(Some(outcome)), _) => Ok(Some(outcome)),
            // Nothing written: no such card, or written before by this request.
            (Ok(None), Some(key)) => self.stamp_replay(key).await,
            (Err(e), Some(key)) if is_unique_violation(&e) => self.stamp_replay(key).await,
            (other, _) => other,
        }
    }

    /// The card a stamp visit already written by the request `key` changed,
    /// as it is now.
    async fn stamp_replay(&self, key: &str) -> Result<Option<StampOutcome>, sqlx::Error> {
        let Some(written) = self.written_by(key).await? else {
            return Ok(None);
        };
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, c.birthday, c.birthday_year FROM cards c WHERE c.id = $1"
        ))
        .bind(written.card_id)
        .fetch_one(&self.write)
        .await?;
        outcome(&row).map(Some)
    }

    /// Writes stamp-only visits in one round trip and one transaction;
    /// returns each job's card afterwards (`None`: no such card, or its
    /// request was written before, or the card is inside its cooldown). If
    /// any statement fails, nothing is written. The update comes first and
    /// carries every condition; the entry follows only if it changed the
    /// card (SQLite's `changes()` counts the statement just before).
    pub(super) async fn write_stamp_jobs(
        &self,
        jobs: &[StampJob],
    ) -> Result<Vec<Option<StampOutcome>>, sqlx::Error> {
        const ENTRY: &str = "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, tier_points, request_key)";
        let returning = format!("{}, birthday, birthday_year", COLUMNS.replace("c.", ""));
        let sql = match self.backend {
            Backend::Sqlite => {
                let mut sql = String::from("BEGIN IMMEDIATE;");
                for (i, _) in jobs.iter().enumerate() {
                    let n = |k: usize| i * 7 + k;
                    let p = |k: usize| format!("${}", n(k));
                    let (stamps, staff, now, business, code, key) =
                        (p(1), p(2), p(3), p(4), p(5), p(6));
                    let fresh = not_written(n(6));
                    let stamped = cooldown::stamped(n(1), n(3));
                    let outside = cooldown::outside(n(7), n(3));
                    sql.push_str(&format!(
                        "UPDATE cards SET stamps = stamps + {stamps}, {stamped}
                             WHERE business_id = {business} AND member_code = {code} AND {fresh} AND {outside}
                             RETURNING {returning}, {i} AS job;
                         {ENTRY} SELECT id, 'visit', {stamps}, 0, NULL, {staff}, {now}, 0, {key} FROM cards
                             WHERE business_id = {business} AND member_code = {code} AND changes() = 1;"
                    ));
                }
                sql.push_str("COMMIT");
                sql
            }
            Backend::Postgres => {
                debug_assert_eq!(jobs.len(), 1, "PostgreSQL writes stamp visits one by one");
                format!(
                    "WITH card AS (UPDATE cards SET stamps = stamps + $1, {}
                                   WHERE business_id = $4 AND member_code = $5 AND {} AND {}
                                   RETURNING {returning}),
                          entry AS ({ENTRY} SELECT id, 'visit', $1, 0, NULL, $2, $3, 0, $6 FROM card)
                     SELECT *, 0 AS job FROM card",
                    cooldown::stamped(1, 3),
                    not_written(6),
                    cooldown::outside(7, 3)
                )
            }
        };
        let mut query = sqlx::query(&sql);
        for job in jobs {
            query = query
                .bind(job.stamps)
                .bind(job.staff_id)
                .bind(job.now_ms)
                .bind(job.business_id)
                .bind(job.code.as_str())
                .bind(job.request_key.as_deref())
                .bind(job.cooldown_ms);
        }
        let rows = self.write_atomically(query).await?;
        let mut out: Vec<Option<StampOutcome>> = jobs.iter().map(|_| None).collect();
        for row in &rows {
            let job: i64 = row.try_get("job")?;
            if let Some(slot) = usize::try_from(job).ok().and_then(|j| out.get_mut(j)) {
                *slot = Some(outcome(row)?);
            }
        }
        Ok(out)
    }
}

/// A card row with its birthday fields as a [`StampOutcome`].
fn outcome(row: &sqlx::any::AnyRow) -> Result<StampOutcome, sqlx::Error> {
    let birthday: Option<String> = row.try_get("birthday")?;
    let year: i64 = row.try_get("birthday_year")?;
    Ok(StampOutcome {
        card: from_row(row)?,
        birthday: birthday.as_deref().and_then(Birthday::parse),
        birthday_year: i32::try_from(year).unwrap_or(0),
    })
}

//! Cards and their ledger.
//!
//! Invariant: a card's `stamps` and `points` equal the sums of its ledger
//! entries. Every change inserts a ledger entry and updates the balance in the
//! same transaction; ledger rows are never updated or deleted.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::MemberCode;
use timbro_core::api::HistoryEntry;
use timbro_core::calendar::Birthday;
use timbro_core::program::ReferralRule;

use super::{Backend, Store, is_unique_violation};
use crate::secrets::{hex, random_bytes, random_u64};

/// A card as stored.
#[derive(Debug, Clone)]
pub struct CardRow {
    /// Internal id.
    pub id: i64,
    /// The business's id.
    pub business_id: i64,
    /// Public member code.
    pub member_code: MemberCode,
    /// Stamp balance.
    pub stamps: i64,
    /// Points balance.
    pub points: i64,
    /// Creation time.
    pub created_at_ms: i64,
}

/// A card after a stamp visit, with its birthday and the year of its last
/// birthday gift.
pub type StampOutcome = (CardRow, Option<Birthday>, i32);

/// One stamp-only visit waiting to be written.
#[derive(Debug, Clone)]
pub(super) struct StampJob {
    business_id: i64,
    code: String,
    stamps: i64,
    staff_id: i64,
    now_ms: i64,
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

/// Most visits written in one transaction (5 parameters each).
const MAX_BATCH: usize = 64;

impl StampBatcher {
    /// Starts the writer task; it ends when the last store clone is gone.
    pub(super) fn start(store: Store) -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(StampJob, StampReply)>(1024);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let jobs: Vec<StampJob> = batch.iter().map(|(job, _)| job.clone()).collect();
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

/// How [`Store::card_details`] finds a card.
#[derive(Debug, Clone, Copy)]
pub enum CardKey<'a> {
    /// By internal id.
    Id(i64),
    /// By member code within a business.
    MemberCode {
        /// The business.
        business_id: i64,
        /// The code.
        code: &'a MemberCode,
    },
}

/// A card with its profile and standing.
#[derive(Debug, Clone)]
pub struct CardDetails {
    /// The card.
    pub card: CardRow,
    /// The customer's first name, if given.
    pub first_name: Option<String>,
    /// The customer's birthday, if given.
    pub birthday: Option<Birthday>,
    /// The year of the last birthday gift (0 for never).
    pub birthday_year: i32,
    /// Referred, and the referral rewards not paid yet.
    pub referral_pending: bool,
    /// Points counted toward tiers in the window asked for.
    pub tier_points: i64,
    /// The card's redemption secret (hex), which only its holder may see.
    pub redeem_secret: String,
}

/// What a visit adds to a card.
#[derive(Debug, Clone, Default)]
pub struct Visit {
    /// Stamps added.
    pub stamps: u32,
    /// Points added (they also count toward tiers).
    pub points: i64,
    /// Amount spent in cents (0 for a visit without a purchase).
    pub amount_cents: i64,
    /// A detail for the history, e.g. the promotions applied.
    pub note: Option<String>,
}

/// Adds `points` to a card with a ledger entry of `kind`, inside `tx`.
async fn credit(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    card_id: i64,
    points: i64,
    kind: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    if points <= 0 {
        return Ok(());
    }
    sqlx::query("UPDATE cards SET points = points + $1 WHERE id = $2")
        .bind(points)
        .bind(card_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, created_at, tier_points)
         VALUES ($1, $2, 0, $3, $4, $3)",
    )
    .bind(card_id)
    .bind(kind)
    .bind(points)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Pays the birthday gift of `year` inside `tx`, unless the card already had
/// it (the conditional update makes it once a year, whatever the races).
async fn claim_birthday(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    card_id: i64,
    year: i32,
    points: u32,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let claimed =
        sqlx::query("UPDATE cards SET birthday_year = $1 WHERE id = $2 AND birthday_year < $1")
            .bind(i64::from(year))
            .bind(card_id)
            .execute(&mut **tx)
            .await?;
    if claimed.rows_affected() == 1 {
        credit(tx, card_id, i64::from(points), "birthday", now_ms).await?;
    }
    Ok(())
}

/// What a new card starts with.
#[derive(Debug, Clone, Default)]
pub struct NewCard {
    /// The table whose QR code was scanned.
    pub table: Option<String>,
    /// The customer's first name, if given.
    pub first_name: Option<String>,
    /// The customer's birthday, if given.
    pub birthday: Option<Birthday>,
    /// The card of the customer who referred this one.
    pub referred_by: Option<i64>,
    /// The program's welcome bonus.
    pub welcome_points: u32,
}

/// What an undo did.
#[derive(Debug)]
pub enum UndoOutcome {
    /// Reversed this entry; the card afterwards.
    Undone(HistoryEntry, CardRow),
    /// The newest entry is not a visit or redemption (or is already undone).
    Nothing,
    /// The newest entry is older than the undo window.
    TooOld,
    /// Reversing would leave a balance below zero (the points were spent).
    WouldGoNegative,
}

/// What joining did.
#[derive(Debug)]
pub enum JoinOutcome {
    /// A new card was made.
    Created(CardRow),
    /// This token already has a card at this business: the same card.
    Existing(CardRow),
    /// This token belongs to a card of another business.
    TokenTaken,
}

pub(super) const COLUMNS: &str =
    "c.id, c.business_id, c.member_code, c.stamps, c.points, c.created_at";

pub(super) fn from_row(row: &AnyRow) -> Result<CardRow, sqlx::Error> {
    let code: String = row.try_get("member_code")?;
    Ok(CardRow {
        id: row.try_get("id")?,
        business_id: row.try_get("business_id")?,
        member_code: MemberCode::parse(&code).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        stamps: row.try_get("stamps")?,
        points: row.try_get("points")?,
        created_at_ms: row.try_get("created_at")?,
    })
}

impl Store {
    /// The card whose token hashes to `token_hash`.
    pub async fn card_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<CardRow>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM cards c WHERE c.token_hash = $1");
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The card with this member code at this business.
    pub async fn card_by_member_code(
        &self,
        business_id: i64,
        code: &MemberCode,
    ) -> Result<Option<CardRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM cards c WHERE c.member_code = $1 AND c.business_id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(code.compact())
            .bind(business_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Number of cards of a business.
    pub async fn count_cards(&self, business_id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM cards WHERE business_id = $1")
            .bind(business_id)
            .fetch_one(&self.read)
            .await
    }

    /// Creates a card for `token_hash` (with its welcome points, in the same
    /// transaction), or finds the one it already has.
    pub async fn join(
        &self,
        business_id: i64,
        token_hash: &str,
        profile: &NewCard,
        now_ms: i64,
    ) -> Result<JoinOutcome, sqlx::Error> {
        // A member code is 40 random bits; a clash is rare but possible, so
        // try a few fresh codes before giving up.
        for _ in 0..8 {
            let existing = self.card_by_token_hash(token_hash).await?;
            if let Some(card) = existing {
                return Ok(if card.business_id == business_id {
                    JoinOutcome::Existing(card)
                } else {
                    JoinOutcome::TokenTaken
                });
            }
            let code = MemberCode::from_random(random_u64());
            let mut tx = self.write.begin().await?;
            let inserted: Result<i64, _> = sqlx::query_scalar(
                "INSERT INTO cards (business_id, member_code, token_hash, joined_table, created_at, redeem_secret,
                                    first_name, birthday, referred_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(business_id)
            .bind(code.compact())
            .bind(token_hash)
            .bind(profile.table.as_deref())
            .bind(now_ms)
            .bind(new_redeem_secret())
            .bind(profile.first_name.as_deref())
            .bind(profile.birthday.map(|b| b.to_string()))
            .bind(profile.referred_by)
            .fetch_one(&mut *tx)
            .await;
            match inserted {
                Ok(id) => {
                    credit(
                        &mut tx,
                        id,
                        i64::from(profile.welcome_points),
                        "welcome",
                        now_ms,
                    )
                    .await?;
                    tx.commit().await?;
                    return Ok(JoinOutcome::Created(self.card_by_id(id).await?));
                }
                // Either the code clashed (try another) or the same token joined
                // concurrently (the next turn of the loop finds its card).
                Err(e) if is_unique_violation(&e) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(sqlx::Error::Protocol(
            "could not allocate a unique member code".into(),
        ))
    }

    /// A card with its profile and standing, in one query: what the card
    /// views and a visit need. `tier_since_ms` starts the window of points
    /// counted toward tiers.
    pub async fn card_details(
        &self,
        key: CardKey<'_>,
        tier_since_ms: i64,
    ) -> Result<Option<CardDetails>, sqlx::Error> {
        let filter = match key {
            CardKey::Id(_) => "c.id = $2",
            CardKey::MemberCode { .. } => "c.member_code = $2 AND c.business_id = $3",
        };
        let sql = format!(
            "SELECT {COLUMNS}, c.first_name, c.birthday, c.redeem_secret, CAST(c.birthday_year AS BIGINT) AS birthday_year,
                    CAST(CASE WHEN c.referred_by IS NOT NULL AND c.referral_paid = 0 THEN 1 ELSE 0 END AS BIGINT)
                        AS referral_pending,
                    (SELECT CAST(COALESCE(SUM(l.tier_points), 0) AS BIGINT) FROM ledger l
                      WHERE l.card_id = c.id AND l.created_at >= $1) AS tier_points
             FROM cards c WHERE {filter}"
        );
        let query = sqlx::query(&sql).bind(tier_since_ms);
        let query = match key {
            CardKey::Id(id) => query.bind(id),
            CardKey::MemberCode { business_id, code } => {
                query.bind(code.compact()).bind(business_id)
            }
        };
        let Some(row) = query.fetch_optional(&self.read).await? else {
            return Ok(None);
        };
        let birthday: Option<String> = row.try_get("birthday")?;
        let birthday_year: i64 = row.try_get("birthday_year")?;
        let referral_pending: i64 = row.try_get("referral_pending")?;
        Ok(Some(CardDetails {
            card: from_row(&row)?,
            first_name: row.try_get("first_name")?,
            birthday: birthday.as_deref().and_then(Birthday::parse),
            birthday_year: i32::try_from(birthday_year).unwrap_or(0),
            referral_pending: referral_pending != 0,
            tier_points: row.try_get("tier_points")?,
            redeem_secret: row.try_get("redeem_secret")?,
        }))
    }

    /// Records a visit: a ledger entry and the new balances in one
    /// transaction. A visit with an amount spent is a paid visit: the first
    /// one of a referred card pays both referral rewards, in the same
    /// transaction. Returns the card afterwards.
    pub async fn record_visit(
        &self,
        card_id: i64,
        staff_id: i64,
        visit: &Visit,
        referral: Option<ReferralRule>,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        self.record_visit_with(card_id, staff_id, visit, referral, None, now_ms)
            .await
    }

    /// [`Store::record_visit`], also paying the birthday gift `(year, points)`
    /// if this card has not had it for that year.
    pub async fn record_visit_with(
        &self,
        card_id: i64,
        staff_id: i64,
        visit: &Visit,
        referral: Option<ReferralRule>,
        birthday: Option<(i32, u32)>,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        let referral = referral.filter(|_| visit.amount_cents > 0);
        if referral.is_none() && birthday.is_none() {
            return self
                .record_plain_visit(card_id, staff_id, visit, now_ms)
                .await;
        }
        let mut tx = self.write.begin().await?;
        // The balance update comes first so that SQLite takes its write lock at
        // the first statement.
        sqlx::query("UPDATE cards SET stamps = stamps + $1, points = points + $2 WHERE id = $3")
            .bind(i64::from(visit.stamps))
            .bind(visit.points)
            .bind(card_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, tier_points, note)
             VALUES ($1, 'visit', $2, $3, $4, $5, $6, $3, $7)",
        )
        .bind(card_id)
        .bind(i64::from(visit.stamps))
        .bind(visit.points)
        .bind((visit.amount_cents > 0).then_some(visit.amount_cents))
        .bind(staff_id)
        .bind(now_ms)
        .bind(visit.note.as_deref())
        .execute(&mut *tx)
        .await?;
        if let Some(rule) = referral {
            let referrer: Option<Option<i64>> = sqlx::query_scalar(
                "UPDATE cards SET referral_paid = 1
                 WHERE id = $1 AND referral_paid = 0 AND referred_by IS NOT NULL RETURNING referred_by",
            )
            .bind(card_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(Some(referrer)) = referrer {
                credit(
                    &mut tx,
                    card_id,
                    i64::from(rule.friend_points),
                    "referral",
                    now_ms,
                )
                .await?;
                credit(
                    &mut tx,
                    referrer,
                    i64::from(rule.referrer_points),
                    "referral",
                    now_ms,
                )
                .await?;
            }
        }
        if let Some((year, points)) = birthday {
            claim_birthday(&mut tx, card_id, year, points, now_ms).await?;
        }
        tx.commit().await?;
        self.card_by_id(card_id).await
    }

    /// The common visit (no referral or birthday gift to pay) in a single
    /// round trip to the database: the ledger entry and the balance update
    /// in one atomic unit, returning the card afterwards. This is the hot
    /// path of the counter.
    async fn record_plain_visit(
        &self,
        card_id: i64,
        staff_id: i64,
        visit: &Visit,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        const ENTRY: &str = "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, tier_points, note)
             VALUES ($1, 'visit', $2, $3, $4, $5, $6, $3, $7)";
        let sql = match self.backend {
            // SQLite runs a multi-statement query in one call on its single
            // writer connection; the explicit transaction makes it atomic.
            Backend::Sqlite => format!(
                "BEGIN IMMEDIATE; {ENTRY};
                 UPDATE cards SET stamps = stamps + $2, points = points + $3 WHERE id = $1 RETURNING {}; COMMIT",
                COLUMNS.replace("c.", "")
            ),
            // PostgreSQL: one statement with a data-modifying CTE is atomic.
            Backend::Postgres => format!(
                "WITH entry AS ({ENTRY} RETURNING card_id)
                 UPDATE cards c SET stamps = c.stamps + $2, points = c.points + $3
                 FROM entry WHERE c.id = entry.card_id RETURNING {COLUMNS}"
            ),
        };
        let query = sqlx::query(&sql)
            .bind(card_id)
            .bind(i64::from(visit.stamps))
            .bind(visit.points)
            .bind((visit.amount_cents > 0).then_some(visit.amount_cents))
            .bind(staff_id)
            .bind(now_ms)
            .bind(visit.note.as_deref());
        match self.write_atomically(query).await?.first() {
            Some(row) => from_row(row),
            None => Err(sqlx::Error::RowNotFound),
        }
    }

    /// A visit that only adds stamps, found by member code: the ledger entry
    /// and the balance update in one atomic unit, with no read before it.
    /// The busiest action at the counter ("+1 stamp"). On SQLite the
    /// [`StampBatcher`] groups the visits that arrive together into one
    /// transaction; on PostgreSQL it is one statement. Returns the card
    /// afterwards with its birthday fields (for the birthday gift, which
    /// [`Store::pay_birthday`] pays), or `None` when the business has no card
    /// with this code.
    pub async fn record_stamp_visit(
        &self,
        business_id: i64,
        code: &MemberCode,
        stamps: u32,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<Option<StampOutcome>, sqlx::Error> {
        let job = StampJob {
            business_id,
            code: code.compact(),
            stamps: i64::from(stamps),
            staff_id,
            now_ms,
        };
        match &self.stamp_batcher {
            Some(batcher) => batcher.submit(job).await,
            None => Ok(self.write_stamp_jobs(&[job]).await?.pop().flatten()),
        }
    }

    /// Writes stamp-only visits in one round trip and one transaction;
    /// returns each job's card afterwards (`None`: no such card). If any
    /// statement fails, nothing is written.
    pub(super) async fn write_stamp_jobs(
        &self,
        jobs: &[StampJob],
    ) -> Result<Vec<Option<StampOutcome>>, sqlx::Error> {
        const ENTRY: &str = "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, tier_points)";
        let returning = format!("{}, birthday, birthday_year", COLUMNS.replace("c.", ""));
        let sql = match self.backend {
            Backend::Sqlite => {
                let mut sql = String::from("BEGIN IMMEDIATE;");
                for (i, _) in jobs.iter().enumerate() {
                    let p = |n: usize| format!("${}", i * 5 + n);
                    let (stamps, staff, now, business, code) = (p(1), p(2), p(3), p(4), p(5));
                    sql.push_str(&format!(
                        "{ENTRY} SELECT id, 'visit', {stamps}, 0, NULL, {staff}, {now}, 0 FROM cards
                             WHERE business_id = {business} AND member_code = {code};
                         UPDATE cards SET stamps = stamps + {stamps} WHERE business_id = {business} AND member_code = {code}
                             RETURNING {returning}, {i} AS job;"
                    ));
                }
                sql.push_str("COMMIT");
                sql
            }
            Backend::Postgres => {
                debug_assert_eq!(jobs.len(), 1, "PostgreSQL writes stamp visits one by one");
                format!(
                    "WITH card AS (UPDATE cards SET stamps = stamps + $1 WHERE business_id = $4 AND member_code = $5
                                   RETURNING {returning}),
                          entry AS ({ENTRY} SELECT id, 'visit', $1, 0, NULL, $2, $3, 0 FROM card)
                     SELECT *, 0 AS job FROM card"
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
                .bind(job.code.as_str());
        }
        let rows = self.write_atomically(query).await?;
        let mut out: Vec<Option<StampOutcome>> = jobs.iter().map(|_| None).collect();
        for row in &rows {
            let job: i64 = row.try_get("job")?;
            let birthday: Option<String> = row.try_get("birthday")?;
            let year: i64 = row.try_get("birthday_year")?;
            if let Some(slot) = usize::try_from(job).ok().and_then(|j| out.get_mut(j)) {
                *slot = Some((
                    from_row(row)?,
                    birthday.as_deref().and_then(Birthday::parse),
                    i32::try_from(year).unwrap_or(0),
                ));
            }
        }
        Ok(out)
    }

    /// Pays the birthday gift of `year` unless the card already had it.
    /// Returns the card afterwards.
    pub async fn pay_birthday(
        &self,
        card_id: i64,
        year: i32,
        points: u32,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        claim_birthday(&mut tx, card_id, year, points, now_ms).await?;
        tx.commit().await?;
        self.card_by_id(card_id).await
    }

    /// Runs a query of [`Store::record_plain_visit`]'s kind on the writer
    /// and collects its rows. On SQLite the query carries its own
    /// `BEGIN … COMMIT`, so a failure rolls back here; a connection whose
    /// state is then unknown is dropped instead of reused.
    async fn write_atomically<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<Vec<AnyRow>, sqlx::Error> {
        let mut conn = self.write.acquire().await?;
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match query.fetch_all(&mut *conn).await {
            Ok(rows) => Ok(rows),
            Err(e) => {
                if self.backend == Backend::Sqlite
                    && sqlx::query("ROLLBACK").execute(&mut *conn).await.is_err()
                {
                    let _ = conn.detach();
                }
                Err(e)
            }
        }
    }

    /// The card with this id.
    pub async fn card_by_id(&self, card_id: i64) -> Result<CardRow, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM cards c WHERE c.id = $1");
        let row = sqlx::query(&sql)
            .bind(card_id)
            .fetch_one(&self.write)
            .await?;
        from_row(&row)
    }

    /// The newest `limit` entries of a card's ledger.
    pub async fn history(
        &self,
        card_id: i64,
        limit: i64,
    ) -> Result<Vec<HistoryEntry>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT kind, stamps_delta, points_delta, amount_cents, note, created_at FROM ledger
             WHERE card_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(card_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryEntry {
                    kind: r.try_get("kind")?,
                    stamps: r.try_get("stamps_delta")?,
                    points: r.try_get("points_delta")?,
                    amount_cents: r.try_get("amount_cents")?,
                    note: r.try_get("note")?,
                    at_ms: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Reverses the card's newest ledger entry with a reversing entry, if it is
    /// a visit or a redemption made at or after `since_ms` and reversing it
    /// leaves no balance below zero.
    pub async fn undo_last(
        &self,
        card_id: i64,
        staff_id: i64,
        since_ms: i64,
        now_ms: i64,
    ) -> Result<UndoOutcome, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        let newest = sqlx::query(
            "SELECT id, kind, stamps_delta, points_delta, tier_points, amount_cents, note, created_at
             FROM ledger WHERE card_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(card_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(entry) = newest else {
            return Ok(UndoOutcome::Nothing);
        };
        let kind: String = entry.try_get("kind")?;
        if kind != "visit" && kind != "redemption" {
            return Ok(UndoOutcome::Nothing);
        }
        let at: i64 = entry.try_get("created_at")?;
        if at < since_ms {
            return Ok(UndoOutcome::TooOld);
        }
        let (id, stamps, points, tier): (i64, i64, i64, i64) = (
            entry.try_get("id")?,
            entry.try_get("stamps_delta")?,
            entry.try_get("points_delta")?,
            entry.try_get("tier_points")?,
        );
        let updated = sqlx::query(
            "UPDATE cards SET stamps = stamps - $1, points = points - $2
             WHERE id = $3 AND stamps - $1 >= 0 AND points - $2 >= 0",
        )
        .bind(stamps)
        .bind(points)
        .bind(card_id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(UndoOutcome::WouldGoNegative);
        }
        let inserted = sqlx::query(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, staff_id, created_at, tier_points, reverses, note)
             VALUES ($1, 'undo', $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(card_id)
        .bind(-stamps)
        .bind(-points)
        .bind(staff_id)
        .bind(now_ms)
        .bind(-tier)
        .bind(id)
        .bind(format!("undo of {kind}"))
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {
                tx.commit().await?;
                let undone = HistoryEntry {
                    kind,
                    stamps,
                    points,
                    amount_cents: entry.try_get("amount_cents")?,
                    note: entry.try_get("note")?,
                    at_ms: at,
                };
                Ok(UndoOutcome::Undone(undone, self.card_by_id(card_id).await?))
            }
            // Reversed concurrently: the unique index on `reverses` stops a second undo.
            Err(e) if is_unique_violation(&e) => Ok(UndoOutcome::Nothing),
            Err(e) => Err(e),
        }
    }

    /// The card's redemption secret, as hex (decode with [`crate::secrets::from_hex`]).
    pub async fn redeem_secret(&self, card_id: i64) -> Result<String, sqlx::Error> {
        sqlx::query_scalar("SELECT redeem_secret FROM cards WHERE id = $1")
            .bind(card_id)
            .fetch_one(&self.read)
            .await
    }

    /// Whether any business has a card with this member code.
    pub async fn card_exists_anywhere(&self, code: &MemberCode) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cards WHERE member_code = $1")
            .bind(code.compact())
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    /// Gives a redemption secret to cards made before secrets existed.
    pub(super) async fn backfill_redeem_secrets(&self) -> Result<(), sqlx::Error> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM cards WHERE redeem_secret = ''")
            .fetch_all(&self.read)
            .await?;
        for id in ids {
            sqlx::query("UPDATE cards SET redeem_secret = $1 WHERE id = $2 AND redeem_secret = ''")
                .bind(new_redeem_secret())
                .bind(id)
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// The sums of a card's ledger entries: `(stamps, points)`.
    pub async fn ledger_sums(&self, card_id: i64) -> Result<(i64, i64), sqlx::Error> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(stamps_delta), 0) AS BIGINT) AS s,
                    CAST(COALESCE(SUM(points_delta), 0) AS BIGINT) AS p
             FROM ledger WHERE card_id = $1",
        )
        .bind(card_id)
        .fetch_one(&self.read)
        .await?;
        Ok((row.try_get("s")?, row.try_get("p")?))
    }
}

/// 160 random bits as hex: the key of a card's redemption codes (RFC 4226
/// recommends at least 160 bits for HMAC keys).
fn new_redeem_secret() -> String {
    hex(&random_bytes()[..20])
}

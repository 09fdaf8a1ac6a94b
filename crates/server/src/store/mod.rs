//! The storage seam: every SQL statement of the server lives under this module;
//! handlers call typed methods and never see SQL.
//!
//! One portable SQL dialect runs on both backends through sqlx's `Any` driver
//! (`$1` placeholders, `RETURNING`, `ON CONFLICT`, integer times), with one
//! migrations folder per backend, applied at start-up. SQLite runs in WAL mode
//! with writes on a single connection, so that write transactions queue instead
//! of failing with "database is locked"; PostgreSQL uses one pool for both.

mod analytics;
mod business;
pub mod cache;
mod campaigns;
mod cards;
mod cooldown;
mod customers;
mod expiry;
mod feedback;
mod idempotency;
mod join;
mod ledger;
mod logos;
mod offers;
mod passes;
mod privacy;
mod program;
mod push;
mod retries;
mod rewards;
mod setup;
mod sign_in;
mod staff;
mod stamp_batcher;
mod trend;
mod undo;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, ConnectOptions, Executor, Row};

pub use business::{BusinessRow, NewBusiness};
pub use campaigns::{CampaignRow, PassOutcome, job_business};
pub use cards::{CardDetails, CardKey, CardRow};
pub use cooldown::Cooling;
pub use customers::{CustomerSort, LedgerLine};
pub use feedback::{FEEDBACK_DAYS, FeedbackOutcome};
pub use idempotency::{IdemState, Lease};
pub use join::{JoinOutcome, NewCard};
pub use ledger::{BirthdayGift, Visit};
pub use offers::{OfferRow, OfferUse};
pub use passes::PassBusiness;
pub use privacy::{Asked, erased_mark};
pub use push::{DuePush, PushTarget, SUBSCRIPTIONS_PER_CARD};
pub use retries::{Author, Written};
pub use rewards::RedeemOutcome;
pub use setup::OpenOutcome;
pub use sign_in::{Login, LoginAccount};
pub use staff::{NewStaff, StaffChange, StaffRow};
pub use stamp_batcher::StampOutcome;
pub use undo::UndoOutcome;

/// SQL: the ledger entry `l` is not reversed by an undo (analytics and
/// feedback count only what stands).
const NOT_UNDONE: &str = "NOT EXISTS (SELECT 1 FROM ledger u WHERE u.reverses = l.id)";

/// How often the checkpointer looks whether writing has paused.
const CHECKPOINT_TICK: Duration = Duration::from_millis(100);
/// The longest the WAL goes without a checkpoint under continuous writes.
const CHECKPOINT_AT_LEAST: Duration = Duration::from_secs(10);

/// Which database is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (the default).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// For reads (several connections).
    read: AnyPool,
    /// For writes: the same pool on PostgreSQL, a single connection on SQLite.
    write: AnyPool,
    backend: Backend,
    /// Programs and sessions, for a few seconds (see [`cache`]).
    caches: Arc<Caches>,
    /// SQLite's group commit for stamp visits.
    stamp_batcher: Option<stamp_batcher::StampBatcher>,
    /// Counts hot-path write transactions (for the checkpointer).
    writes: Arc<std::sync::atomic::AtomicU64>,
    /// Batch sizes and checkpoints, for `/metrics`.
    metrics: crate::metrics::StoreMetrics,
}

/// The store's short-lived caches.
#[derive(Default)]
struct Caches {
    business_by_slug: cache::Ttl<String, BusinessRow>,
    business_by_id: cache::Ttl<i64, BusinessRow>,
    /// Per business: the promotions that had not ended when fetched.
    promotions: cache::Ttl<i64, Arc<Vec<timbro_core::program::Promotion>>>,
    rewards: cache::Ttl<i64, Arc<Vec<timbro_core::program::Reward>>>,
    /// By session token hash: the staff member and the session's expiry.
    sessions: cache::Ttl<String, (StaffRow, i64)>,
}

impl Caches {
    /// After any change to a program (rules, tiers, promotions, rewards).
    fn program_changed(&self) {
        self.business_by_slug.clear();
        self.business_by_id.clear();
        self.promotions.clear();
        self.rewards.clear();
    }
}

/// Failure to open or migrate the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://… or postgres://…")]
    Scheme(String),
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("cannot apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Store {
    /// Opens the database at `url`, creating a SQLite file's folder if needed,
    /// and applies the migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Scheme(redact(url)));
        };
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let store = match backend {
            Backend::Sqlite => {
                ensure_sqlite_folder(url)?;
                let write = sqlite_pool(1).connect_with(options.clone()).await?;
                // Migrate before the readers connect so that WAL mode is already set.
                sqlx::migrate!("./migrations/sqlite").run(&write).await?;
                let read = sqlite_pool(4).connect_with(options).await?;
                let mut store = Self {
                    read,
                    write,
                    backend,
                    caches: Arc::default(),
                    stamp_batcher: None,
                    writes: Arc::default(),
                    metrics: Default::default(),
                };
                store.spawn_checkpointer();
                // The batcher's own store has no batcher: it writes directly.
                store.stamp_batcher = Some(stamp_batcher::StampBatcher::start(store.clone()));
                store
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?;
                sqlx::migrate!("./migrations/postgres").run(&pool).await?;
                Self {
                    read: pool.clone(),
                    write: pool,
                    backend,
                    caches: Arc::default(),
                    stamp_batcher: None,
                    writes: Arc::default(),
                    metrics: Default::default(),
                }
            }
        };
        store.backfill_redeem_secrets().await?;
        Ok(store)
    }

    /// SQLite only: moves the WAL's pages into the database file from a
    /// reader connection in the background, when writing pauses (no write
    /// for [`CHECKPOINT_TICK`]) and at least every [`CHECKPOINT_AT_LEAST`].
    ///
    /// Left to itself, SQLite checkpoints inside whichever commit crosses the
    /// WAL size limit, and that commit (a customer's stamp) waits for the
    /// copy and its fsync. A passive checkpoint does not block the writer,
    /// but its fsync does slow the writer's own file writes (by 50-100 ms on
    /// the test machine's disk under thousands of writes a second), so it is
    /// done in the pauses of a rush rather than in its middle. The task ends
    /// with the last clone of the store.
    fn spawn_checkpointer(&self) {
        let alive = Arc::downgrade(&self.caches);
        let writes = self.writes.clone();
        let pool = self.read.clone();
        let metrics = self.metrics.clone();
        tokio::spawn(async move {
            let load = |w: &Arc<std::sync::atomic::AtomicU64>| {
                w.load(std::sync::atomic::Ordering::Relaxed)
            };
            let (mut seen, mut checkpointed) = (load(&writes), load(&writes));
            let mut last = std::time::Instant::now();
            loop {
                tokio::time::sleep(CHECKPOINT_TICK).await;
                if alive.strong_count() == 0 || pool.is_closed() {
                    break;
                }
                let now = load(&writes);
                let paused = now == seen && now != checkpointed;
                seen = now;
                if !paused && last.elapsed() < CHECKPOINT_AT_LEAST {
                    continue;
                }
                let started = std::time::Instant::now();
                match sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    Ok(_) => metrics.checkpointed(started.elapsed().as_secs_f64()),
                    Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed; will retry"),
                }
                checkpointed = now;
                last = std::time::Instant::now();
            }
        });
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// PostgreSQL's `NOTIFY channel, payload` (see [`crate::live`]).
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(&self.read)
            .await?;
        Ok(())
    }

    /// The store's measures (see [`crate::metrics`]).
    pub fn metrics(&self) -> &crate::metrics::StoreMetrics {
        &self.metrics
    }

    /// The pool writes go through (benchmarks measure the raw ceiling on it).
    pub fn write_pool(&self) -> AnyPool {
        self.write.clone()
    }

    /// Runs a write that is atomic by itself (a visit's ledger entry and
    /// balance in one round trip) on the writer and collects its rows. On
    /// SQLite the query carries its own `BEGIN … COMMIT`, so a failure rolls
    /// back here; a connection whose state is then unknown is dropped
    /// instead of reused.
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

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes all connections (checkpointing SQLite's WAL).
    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// A SQLite pool whose connections use WAL, relaxed-but-safe syncing and a
/// generous busy timeout.
fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                // Commits never checkpoint: the store's checkpointer does.
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; \
                     PRAGMA wal_autocheckpoint = 0;",
                )
                .await?;
                Ok(())
            })
        })
}

/// Creates the folder of a `sqlite://path` URL's file.
fn ensure_sqlite_folder(url: &str) -> Result<(), StoreError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        crate::files::private_dir(parent).map_err(|source| StoreError::DataDir {
            path: parent.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

/// The version of the newest SQLite migration this server carries.
pub fn newest_sqlite_migration() -> i64 {
    sqlx::migrate!("./migrations/sqlite")
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// A URL with its password replaced, fit for an error message.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}://{}:***{}", &url[..scheme_end], user, &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// A non-negative integer column as `u32` (negative values read as 0).
pub(super) fn u32_of(row: &AnyRow, column: &str) -> Result<u32, sqlx::Error> {
    let v: i64 = row.try_get(column)?;
    Ok(u32::try_from(v.max(0)).unwrap_or(u32::MAX))
}

/// A count (a `BIGINT` at `index`) as `u64` (a negative sum reads as 0).
pub(super) fn count_at(row: &AnyRow, index: usize) -> Result<u64, sqlx::Error> {
    Ok(u64::try_from(row.try_get::<i64, _>(index)?).unwrap_or(0))
}

/// True when `e` is a unique-constraint violation: the one place that decides
/// it, so handlers never match on error strings.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://timbro:s3cret@db:5432/x"),
            "postgres://timbro:***@db:5432/x"
        );
        assert_eq!(redact("sqlite://data/timbro.db"), "sqlite://data/timbro.db");
    }
}

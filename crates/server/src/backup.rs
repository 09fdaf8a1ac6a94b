//! Backups of the embedded SQLite database.
//!
//! `timbro-server backup FILE` copies a live database with `VACUUM INTO`,
//! which reads one consistent snapshot while the server goes on writing, into
//! `FILE.partial`, checks the copy, and only then names it `FILE`: a backup
//! that was cut short never looks finished. `timbro-server restore FILE`
//! checks a backup (SQLite's `integrity_check`, and migrations this server
//! knows) and puts it in place of the configured database; a database that
//! was there is never deleted, only moved aside. PostgreSQL has its own tools
//! (`pg_dump`, `pg_restore`; see the README).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row};

/// What a backup or a restored database holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Businesses.
    pub businesses: i64,
    /// Cards.
    pub cards: i64,
    /// Ledger entries (every stamp, point and redemption ever written).
    pub entries: i64,
    /// The file's size.
    pub bytes: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} businesses, {} cards, {} ledger entries, {:.1} MB",
            self.businesses,
            self.cards,
            self.entries,
            self.bytes as f64 / 1e6
        )
    }
}

/// Why a backup or a restore did not happen. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "this server uses PostgreSQL: back it up with pg_dump and restore it with pg_restore (see the README)"
    )]
    Postgres,
    #[error("there is no database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} already exists: a backup never overwrites a file, choose a new name")]
    Exists(PathBuf),
    #[error("{path} is not a Timbro backup: {why}")]
    NotABackup { path: PathBuf, why: String },
    #[error(
        "a database is already at {0}: stop the server, then run restore again with --replace (the database there is moved aside, not deleted)"
    )]
    TargetExists(PathBuf),
    #[error("{what} {path}: {source}")]
    File {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The SQLite file a database URL names, or `None` for PostgreSQL (and for
/// an in-memory database).
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| PathBuf::from(path))
}

/// Copies the live database at `database_url` to `out`.
pub async fn backup(database_url: &str, out: &Path) -> Result<Summary, BackupError> {
    let db = sqlite_path(database_url).ok_or(BackupError::Postgres)?;
    if !db.is_file() {
        return Err(BackupError::NoDatabase(db));
    }
    if out.exists() {
        return Err(BackupError::Exists(out.to_owned()));
    }
    let partial = with_suffix(out, ".partial");
    remove_if_there(&partial)?;
    let mut source = open(&db).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut source)
        .await?;
    source.close().await?;
    let summary = match check(&partial).await {
        Ok(summary) => summary,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    sync(&partial)?;
    std::fs::rename(&partial, out).map_err(|source| BackupError::File {
        what: "cannot name the backup",
        path: out.to_owned(),
        source,
    })?;
    Ok(summary)
}

/// Puts the backup `from` in place of the database at `database_url`. A
/// database already there is refused unless `replace`, and then moved aside
/// (with its WAL) to `<name>.before-restore-<now_ms>`; returns that path too.
pub async fn restore(
    database_url: &str,
    from: &Path,
    replace: bool,
    now_ms: i64,
) -> Result<(Summary, Option<PathBuf>), BackupError> {
    let db = sqlite_path(database_url).ok_or(BackupError::Postgres)?;
    if !from.is_file() {
        return Err(not_a_backup(from, "no such file"));
    }
    let summary = check(from).await?;
    if db.exists() && !replace {
        return Err(BackupError::TargetExists(db));
    }
    if let Some(folder) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::files::private_dir(folder).map_err(|source| BackupError::File {
            what: "cannot create the folder",
            path: folder.to_owned(),
            source,
        })?;
    }
    // The copy is made beside the database first, so that the database is
    // only ever the old file or the whole new one.
    let incoming = with_suffix(&db, ".restoring");
    std::fs::copy(from, &incoming).map_err(|source| BackupError::File {
        what: "cannot copy the backup to",
        path: incoming.clone(),
        source,
    })?;
    // A copy takes the backup's rights; the database is the server's only.
    crate::files::restrict(&incoming, 0o600).map_err(|source| BackupError::File {
        what: "cannot restrict the rights of",
        path: incoming.clone(),
        source,
    })?;
    sync(&incoming)?;
    let aside = if db.exists() {
        let aside = with_suffix(&db, &format!(".before-restore-{now_ms}"));
        for suffix in ["", "-wal", "-shm"] {
            let file = with_suffix(&db, suffix);
            if file.exists() {
                let to = with_suffix(&aside, suffix);
                std::fs::rename(&file, &to).map_err(|source| BackupError::File {
                    what: "cannot move aside",
                    path: file,
                    source,
                })?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, &db).map_err(|source| BackupError::File {
        what: "cannot put the backup at",
        path: db.clone(),
        source,
    })?;
    Ok((summary, aside))
}

/// Checks that `path` is a whole Timbro database this server can open, and
/// counts what it holds.
pub async fn check(path: &Path) -> Result<Summary, BackupError> {
    let mut conn = open_immutable(path)
        .await
        .map_err(|e| not_a_backup(path, &e.to_string()))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| not_a_backup(path, &e.to_string()))?;
    if integrity != "ok" {
        return Err(not_a_backup(path, &format!("damaged ({integrity})")));
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| not_a_backup(path, "it has no Timbro tables"))?;
    let known = crate::store::newest_sqlite_migration();
    match newest {
        None => return Err(not_a_backup(path, "it has no Timbro tables")),
        Some(v) if v > known => {
            return Err(not_a_backup(
                path,
                &format!("it was made by a newer Timbro (schema {v}, this server knows {known})"),
            ));
        }
        Some(_) => {}
    }
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM businesses), (SELECT COUNT(*) FROM cards), (SELECT COUNT(*) FROM ledger)",
    )
    .fetch_one(&mut conn)
    .await?;
    conn.close().await?;
    let bytes = std::fs::metadata(path)
        .map_err(|source| BackupError::File {
            what: "cannot read",
            path: path.to_owned(),
            source,
        })?
        .len();
    Ok(Summary {
        businesses: row.try_get(0)?,
        cards: row.try_get(1)?,
        entries: row.try_get(2)?,
        bytes,
    })
}

/// The live database, as one more connection beside the server's.
async fn open(path: &Path) -> Result<SqliteConnection, sqlx::Error> {
    SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::from_secs(30))
        .disable_statement_logging()
        .connect()
        .await
}

/// A file nobody writes (a backup): read without locks or a WAL.
async fn open_immutable(path: &Path) -> Result<SqliteConnection, sqlx::Error> {
    SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .read_only(true)
        .immutable(true)
        .create_if_missing(false)
        .disable_statement_logging()
        .connect()
        .await
}

fn not_a_backup(path: &Path, why: &str) -> BackupError {
    BackupError::NotABackup {
        path: path.to_owned(),
        why: why.to_owned(),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_there(path: &Path) -> Result<(), BackupError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(BackupError::File {
            what: "cannot remove the unfinished",
            path: path.to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Writes the file's bytes to the disk before it is given its final name.
fn sync(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| BackupError::File {
            what: "cannot write",
            path: path.to_owned(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;
    use std::path::PathBuf;

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_path("sqlite://data/timbro.db?mode=rwc"),
            Some(PathBuf::from("data/timbro.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:///srv/t.db"),
            Some(PathBuf::from("/srv/t.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u:p@h/db"), None);
    }
}

//! Staff accounts and their sessions.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::Slug;
use timbro_core::api::{Role, StaffAccount};

use super::Store;

/// A staff member as the server knows them once signed in.
#[derive(Debug, Clone)]
pub struct StaffRow {
    /// Internal id.
    pub id: i64,
    /// Their business's id.
    pub business_id: i64,
    /// Their business's slug.
    pub business_slug: Slug,
    /// User name within the business.
    pub username: String,
    /// Name shown in the ledger.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
}

/// The fields of an account to change; `None` keeps one as it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct StaffChange<'a> {
    /// A new display name.
    pub display_name: Option<&'a str>,
    /// A new role.
    pub role: Option<Role>,
    /// The Argon2 hash of a new PIN or password.
    pub secret_hash: Option<&'a str>,
}

/// What creating a staff account needs.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// User name within the business.
    pub username: String,
    /// Name shown in the ledger.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Argon2 hash of their PIN or password.
    pub secret_hash: String,
}

fn role_from(text: &str) -> Role {
    if text == "owner" {
        Role::Owner
    } else {
        Role::Staff
    }
}

pub(super) fn role_text(role: Role) -> &'static str {
    match role {
        Role::Owner => "owner",
        Role::Staff => "staff",
    }
}

const COLUMNS: &str = "s.id, s.business_id, b.slug, s.username, s.display_name, s.role";

pub(super) fn from_row(row: &AnyRow) -> Result<StaffRow, sqlx::Error> {
    let slug: String = row.try_get("slug")?;
    let role: String = row.try_get("role")?;
    Ok(StaffRow {
        id: row.try_get("id")?,
        business_id: row.try_get("business_id")?,
        business_slug: Slug::parse(&slug).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: role_from(&role),
    })
}

/// An account's columns as the owner lists it.
const ACCOUNT_COLUMNS: &str = "username, display_name, role, active, short_pin, failed_sign_ins, \
     last_failed_sign_in_at, sign_in_after";

fn account_from_row(row: &AnyRow, now_ms: i64) -> Result<StaffAccount, sqlx::Error> {
    let role: String = row.try_get("role")?;
    let active: i64 = row.try_get("active")?;
    let short_pin: i64 = row.try_get("short_pin")?;
    let failed: i64 = row.try_get("failed_sign_ins")?;
    let after: i64 = row.try_get("sign_in_after")?;
    Ok(StaffAccount {
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: role_from(&role),
        active: active != 0,
        short_pin: short_pin != 0,
        failed_sign_ins: u32::try_from(failed).unwrap_or(u32::MAX),
        last_failed_sign_in_ms: row.try_get("last_failed_sign_in_at")?,
        sign_in_paused_until_ms: (after > now_ms).then_some(after),
    })
}

impl Store {
    /// Creates a staff account and returns its id.
    pub async fn create_staff(
        &self,
        business_id: i64,
        new: &NewStaff,
        now_ms: i64,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO staff (business_id, username, display_name, role, secret_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(business_id)
        .bind(&new.username)
        .bind(&new.display_name)
        .bind(role_text(new.role))
        .bind(&new.secret_hash)
        .bind(now_ms)
        .fetch_one(&self.write)
        .await
    }

    /// Every account of a business, retired ones included, as at `now_ms`.
    pub async fn staff_accounts(
        &self,
        business_id: i64,
        now_ms: i64,
    ) -> Result<Vec<StaffAccount>, sqlx::Error> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff
             WHERE business_id = $1 ORDER BY active DESC, role, username"
        );
        let rows = sqlx::query(&sql)
            .bind(business_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(|r| account_from_row(r, now_ms)).collect()
    }

    /// Changes the given fields of an active account; a new secret ends all
    /// of its sessions and any pause of its sign-ins. `None` when there is
    /// no such active account.
    pub async fn update_staff(
        &self,
        business_id: i64,
        username: &str,
        change: &StaffChange<'_>,
        now_ms: i64,
    ) -> Result<Option<StaffAccount>, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        let sql = format!(
            "UPDATE staff SET display_name = COALESCE($1, display_name), role = COALESCE($2, role),
                 secret_hash = COALESCE($3, secret_hash),
                 short_pin = CASE WHEN $3 IS NULL THEN short_pin ELSE 0 END,
                 sign_in_failures = CASE WHEN $3 IS NULL THEN sign_in_failures ELSE 0 END,
                 sign_in_after = CASE WHEN $3 IS NULL THEN sign_in_after ELSE 0 END
             WHERE business_id = $4 AND username = $5 AND active = 1
             RETURNING id, {ACCOUNT_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(change.display_name)
            .bind(change.role.map(role_text))
            .bind(change.secret_hash)
            .bind(business_id)
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let id: i64 = row.try_get("id")?;
        if change.secret_hash.is_some() {
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.caches
            .sessions
            .forget_where(|(staff, _)| staff.id == id);
        Ok(Some(account_from_row(&row, now_ms)?))
    }

    /// Retires an account: it can no longer sign in and its sessions end.
    /// False when the business has no such active account.
    pub async fn retire_staff(
        &self,
        business_id: i64,
        username: &str,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE staff SET active = 0 WHERE business_id = $1 AND username = $2 AND active = 1 RETURNING id",
        )
        .bind(business_id)
        .bind(username)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else { return Ok(false) };
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.caches
            .sessions
            .forget_where(|(staff, _)| staff.id == id);
        Ok(true)
    }

    /// Ends one session (signing out).
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.write)
            .await?;
        self.caches.sessions.forget(&token_hash.to_owned());
        Ok(())
    }

    /// Records a new session (by its token's hash).
    pub async fn create_session(
        &self,
        token_hash: &str,
        staff_id: i64,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(staff_id)
            .bind(now_ms)
            .bind(expires_at_ms)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// The staff member whose session token hashes to `token_hash`, if the
    /// session has not expired.
    pub async fn staff_by_session(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<StaffRow>, sqlx::Error> {
        if let Some((staff, expires_at)) = self.caches.sessions.get(&token_hash.to_owned())
            && expires_at > now_ms
        {
            return Ok(Some(staff));
        }
        let sql = format!(
            "SELECT {COLUMNS}, t.expires_at FROM staff_sessions t
             JOIN staff s ON s.id = t.staff_id JOIN businesses b ON b.id = s.business_id
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND s.active = 1"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(&self.read)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let staff = from_row(&row)?;
        let expires_at: i64 = row.try_get("expires_at")?;
        self.caches
            .sessions
            .put(token_hash.to_owned(), (staff.clone(), expires_at));
        Ok(Some(staff))
    }
}

//! Staff accounts and their sessions.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::Slug;
use timbro_core::api::Role;

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

fn role_text(role: Role) -> &'static str {
    match role {
        Role::Owner => "owner",
        Role::Staff => "staff",
    }
}

const COLUMNS: &str = "s.id, s.business_id, b.slug, s.username, s.display_name, s.role";

fn from_row(row: &AnyRow) -> Result<StaffRow, sqlx::Error> {
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

    /// The account and stored secret hash for a sign-in attempt.
    pub async fn staff_for_login(
        &self,
        business: &Slug,
        username: &str,
    ) -> Result<Option<(StaffRow, String)>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS}, s.secret_hash FROM staff s JOIN businesses b ON b.id = s.business_id
             WHERE b.slug = $1 AND s.username = $2"
        );
        let row = sqlx::query(&sql)
            .bind(business.as_str())
            .bind(username)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| Ok((from_row(&r)?, r.try_get("secret_hash")?)))
            .transpose()
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
        let sql = format!(
            "SELECT {COLUMNS} FROM staff_sessions t
             JOIN staff s ON s.id = t.staff_id JOIN businesses b ON b.id = s.business_id
             WHERE t.token_hash = $1 AND t.expires_at > $2"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }
}

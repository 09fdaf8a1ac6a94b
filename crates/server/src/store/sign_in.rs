//! Signing in: the account a sign-in names, and its wrong tries in a row,
//! counted in the `staff` row so that every server shares the pause of
//! `timbro_core::signin`.

use sqlx::Row;
use timbro_core::{Slug, signin};

use super::Store;
use super::staff::{StaffRow, from_row};

/// What a sign-in attempt finds.
#[derive(Debug)]
pub enum Login {
    /// No business has that slug (slugs are public: nothing to hide).
    NoBusiness,
    /// The business has no active account of that name.
    NoAccount,
    /// The account, with what the attempt needs.
    Account(LoginAccount),
}

/// An account as a sign-in attempt sees it.
#[derive(Debug)]
pub struct LoginAccount {
    /// Who it is.
    pub staff: StaffRow,
    /// The Argon2 hash of its PIN or password.
    pub secret_hash: String,
    /// No attempt before this time (Unix ms).
    pub after_ms: i64,
}

/// [`signin::pause_after`] of the SQL expression `count`, as a `CASE`.
fn pause_sql(count: &str) -> String {
    let mut sql = format!("CASE WHEN {count} < {} THEN 0", signin::FREE_FAILURES);
    let mut n = signin::FREE_FAILURES;
    while signin::pause_after(n) < signin::LONGEST_PAUSE_MS {
        sql.push_str(&format!(
            " WHEN {count} = {n} THEN {}",
            signin::pause_after(n)
        ));
        n += 1;
    }
    sql.push_str(&format!(" ELSE {} END", signin::LONGEST_PAUSE_MS));
    sql
}

impl Store {
    /// The business and account a sign-in attempt names, in one read.
    pub async fn staff_for_login(
        &self,
        business: &Slug,
        username: &str,
    ) -> Result<Login, sqlx::Error> {
        let row = sqlx::query(
            "SELECT b.id AS business_id, b.slug, s.id, s.username, s.display_name, s.role,
                    s.secret_hash, s.sign_in_after
             FROM businesses b
             LEFT JOIN staff s ON s.business_id = b.id AND s.username = $2 AND s.active = 1
             WHERE b.slug = $1",
        )
        .bind(business.as_str())
        .bind(username)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else {
            return Ok(Login::NoBusiness);
        };
        if row.try_get::<Option<i64>, _>("id")?.is_none() {
            return Ok(Login::NoAccount);
        }
        Ok(Login::Account(LoginAccount {
            staff: from_row(&row)?,
            secret_hash: row.try_get("secret_hash")?,
            after_ms: row.try_get("sign_in_after")?,
        }))
    }

    /// Claims one sign-in attempt at an account at `now_ms`: counted as a
    /// wrong try in a row until it proves right, and the account's next
    /// attempt paused as [`signin::pause_after`] says for that count, in
    /// one statement (attempts racing each other, on one server or many,
    /// each count, and those past the free tries pause the rest). The
    /// attempt's place in the run, or `None` when a pause runs.
    pub async fn claim_sign_in(
        &self,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        let sql = format!(
            "UPDATE staff SET sign_in_failures = sign_in_failures + 1,
                 sign_in_after = $1 + {}
             WHERE id = $2 AND sign_in_after <= $1
             RETURNING sign_in_failures",
            pause_sql("sign_in_failures + 1")
        );
        sqlx::query_scalar(&sql)
            .bind(now_ms)
            .bind(staff_id)
            .fetch_optional(&self.write)
            .await
    }

    /// A claimed attempt was right: the run of wrong tries ends, and the
    /// PIN's length is noted (a short one is pointed out to the owner).
    pub async fn sign_in_right(&self, staff_id: i64, short_pin: bool) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE staff SET sign_in_failures = 0, sign_in_after = 0, short_pin = $1 WHERE id = $2",
        )
        .bind(i64::from(short_pin))
        .bind(staff_id)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// A claimed attempt was wrong: counted for the owner to see.
    pub async fn sign_in_wrong(&self, staff_id: i64, now_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE staff SET failed_sign_ins = failed_sign_ins + 1, last_failed_sign_in_at = $1
             WHERE id = $2",
        )
        .bind(now_ms)
        .bind(staff_id)
        .execute(&self.write)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pause_in_sql_is_cores_rule() {
        assert_eq!(
            super::pause_sql("n"),
            "CASE WHEN n < 5 THEN 0 WHEN n = 5 THEN 30000 WHEN n = 6 THEN 60000 \
             WHEN n = 7 THEN 120000 WHEN n = 8 THEN 240000 WHEN n = 9 THEN 480000 ELSE 900000 END"
        );
    }
}

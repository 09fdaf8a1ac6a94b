//! A campaign's pass: which cards are due (each campaign's rule, as SQL over
//! `cards`), and writing each of them its message, in its language, and its
//! offer, once per occurrence.
//!
//! The occurrence is what makes "once" mean the right thing: `joined` for the
//! welcome (once a card); for "one stamp to go" and "reward ready", the
//! stamp card's last redemption (once a card of stamps: a stamp past the
//! full card, or one undone and added again, writes nothing new); the year
//! for the birthday; the last visit's time for win-back (once an absence).
//! Those that follow a stamp look only at cards stamped in the last
//! [`RECENT_DAYS`] days. A message
//! is unique per (campaign, card, occurrence) and written with `ON CONFLICT
//! DO NOTHING`, in one transaction with its offer: a pass run twice writes
//! nothing twice.

use timbro_core::calendar::{DAY_MS, Date};
use timbro_core::campaigns::{
    BIRTHDAY_LATE_DAYS, CampaignKind, Gift, RECENT_DAYS, message, win_back_window,
};
use timbro_core::lang::Lang;

use super::{CampaignRow, PassOutcome, Store};

/// The business a pass writes for.
#[derive(Debug, Clone, Copy)]
pub struct PassBusiness<'a> {
    /// Its id.
    pub id: i64,
    /// Its name, in the messages.
    pub name: &'a str,
    /// Its language, for cards with none of their own.
    pub lang: Lang,
    /// The stamps its card needs.
    pub stamps_required: i64,
}

/// A value for a placeholder of a [`Due`] query.
#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
}

/// The cards due: a query of `(card_id, occurrence)` over `cards c`, with
/// placeholders `?1` (always the business), `?2`, `?3`.
#[derive(Debug, Clone)]
struct Due {
    sql: &'static str,
    values: Vec<Value>,
}

impl Due {
    /// The query with its placeholders numbered from `$first`.
    fn numbered(&self, first: usize) -> String {
        (1..=self.values.len())
            .rev()
            .fold(self.sql.to_owned(), |sql, k| {
                sql.replace(&format!("?{k}"), &format!("${}", first + k - 1))
            })
    }

    fn bind<'q>(
        &self,
        mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for value in &self.values {
            query = match value {
                Value::Int(v) => query.bind(*v),
                Value::Text(v) => query.bind(v.clone()),
            };
        }
        query
    }
}

/// The due queries of `kind` at `now_ms` (several for the birthday: one a
/// day it may still be wished).
fn due(kind: CampaignKind, days: u32, business: &PassBusiness, now_ms: i64) -> Vec<Due> {
    let id = Value::Int(business.id);
    let recent = Value::Int(now_ms - RECENT_DAYS * DAY_MS);
    match kind {
        CampaignKind::Welcome => vec![Due {
            sql: "SELECT c.id AS card_id, CAST('joined' AS TEXT) AS occurrence FROM cards c
                  WHERE c.business_id = ?1 AND c.created_at >= ?2",
            values: vec![id, recent],
        }],
        // With a card of one stamp, the first stamp is the reward.
        CampaignKind::OneToGo if business.stamps_required < 2 => Vec::new(),
        CampaignKind::OneToGo => vec![Due {
            sql: "SELECT c.id AS card_id, CAST(COALESCE((SELECT MAX(l.id) FROM ledger l
                      WHERE l.card_id = c.id AND l.kind = 'redemption' AND l.stamps_delta < 0), 0) AS TEXT)
                    AS occurrence FROM cards c
                  WHERE c.business_id = ?1 AND c.stamps = ?2 AND c.last_stamp_at >= ?3",
            values: vec![id, Value::Int(business.stamps_required - 1), recent],
        }],
        CampaignKind::RewardReady => vec![Due {
            sql: "SELECT c.id AS card_id, CAST(COALESCE((SELECT MAX(l.id) FROM ledger l
                      WHERE l.card_id = c.id AND l.kind = 'redemption' AND l.stamps_delta < 0), 0) AS TEXT)
                    AS occurrence FROM cards c
                  WHERE c.business_id = ?1 AND c.stamps >= ?2 AND c.last_stamp_at >= ?3",
            values: vec![id, Value::Int(business.stamps_required), recent],
        }],
        CampaignKind::Birthday => birthdays(now_ms)
            .into_iter()
            .map(|(day, year)| Due {
                sql: "SELECT c.id AS card_id, CAST(?3 AS TEXT) AS occurrence FROM cards c
                      WHERE c.business_id = ?1 AND c.birthday = ?2",
                values: vec![id.clone(), Value::Text(day), Value::Text(year)],
            })
            .collect(),
        CampaignKind::WinBack => {
            let (from, to) = win_back_window(days, now_ms);
            vec![Due {
                sql: "SELECT c.id AS card_id, CAST(c.last_visit_at AS TEXT) AS occurrence FROM cards c
                      WHERE c.business_id = ?1 AND c.last_visit_at >= ?2 AND c.last_visit_at < ?3",
                values: vec![id, Value::Int(from), Value::Int(to)],
            }]
        }
    }
}

/// The birthdays (`MM-DD` as cards keep them) still wished at `now_ms`,
/// each with its year: today's and the last [`BIRTHDAY_LATE_DAYS`] days',
/// with 29 February on the 28th when the year has none.
fn birthdays(now_ms: i64) -> Vec<(String, String)> {
    let mut days = Vec::new();
    for late in 0..=BIRTHDAY_LATE_DAYS {
        let date = Date::from_unix_ms(now_ms - late * DAY_MS);
        let year = date.year.to_string();
        days.push((format!("{:02}-{:02}", date.month, date.day), year.clone()));
        if (date.month, date.day) == (2, 28) && Date::new(date.year, 2, 29).is_none() {
            days.push(("02-29".to_owned(), year));
        }
    }
    days
}

impl Store {
    /// A campaign's pass for a business at `now_ms`: a message (in each
    /// card's language) and its offer for every card due and not yet
    /// written to for this occurrence, in one transaction.
    pub async fn campaign_pass(
        &self,
        business: &PassBusiness<'_>,
        campaign: &CampaignRow,
        now_ms: i64,
    ) -> Result<PassOutcome, sqlx::Error> {
        let dues = due(campaign.kind, campaign.settings.days, business, now_ms);
        // Read first, beside the writes: the usual pass finds nothing new,
        // and then takes no write lock at all (on SQLite, the one writer the
        // counter's stamps wait for).
        let mut waiting = 0;
        for due in &dues {
            let count = format!(
                "SELECT COUNT(*) FROM ({}) d WHERE NOT EXISTS (SELECT 1 FROM messages m
                   WHERE m.campaign_id = $1 AND m.card_id = d.card_id AND m.occurrence = d.occurrence)",
                due.numbered(2)
            );
            let n: i64 = due
                .bind(sqlx::query(&count).bind(campaign.id))
                .fetch_one(&self.read)
                .await
                .and_then(|row| sqlx::Row::try_get(&row, 0))?;
            waiting += n;
        }
        if waiting == 0 {
            return Ok(PassOutcome::default());
        }
        let settings = &campaign.settings;
        let until = settings
            .offer
            .as_ref()
            .map(|rule| now_ms + i64::from(rule.valid_days) * DAY_MS);
        let mut tx = self.write.begin().await?;
        let mut outcome = PassOutcome::default();
        for due in &dues {
            let insert = format!(
                "INSERT INTO messages (campaign_id, card_id, occurrence, title, body, created_at, push_state)
                 SELECT $1, d.card_id, d.occurrence, $2, $3, $4,
                        CASE WHEN EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.card_id = d.card_id)
                             THEN 'due' END
                 FROM ({}) d JOIN cards c ON c.id = d.card_id
                 WHERE COALESCE(c.lang, $5) = $6
                 ON CONFLICT (campaign_id, card_id, occurrence) DO NOTHING",
                due.numbered(7)
            );
            for lang in [Lang::It, Lang::En, Lang::Pl] {
                let (title, body) = message(campaign.kind, settings, lang, business.name, until);
                let written = due
                    .bind(
                        sqlx::query(&insert)
                            .bind(campaign.id)
                            .bind(title)
                            .bind(body)
                            .bind(now_ms)
                            .bind(business.lang.code())
                            .bind(lang.code()),
                    )
                    .execute(&mut *tx)
                    .await?;
                outcome.messages += written.rows_affected();
            }
        }
        if let (Some(rule), Some(until)) = (&settings.offer, until) {
            let (kind, value, name) = rule.gift.parts();
            let name = match &rule.gift {
                Gift::FreeItem { .. } => name.to_owned(),
                gift => gift.words(business.lang),
            };
            let offered = sqlx::query(
                "INSERT INTO offers (card_id, message_id, kind, value, name, created_at, expires_at)
                 SELECT m.card_id, m.id, $1, $2, $3, $4, $5 FROM messages m
                 WHERE m.campaign_id = $6 AND m.created_at = $4
                 ON CONFLICT (message_id) DO NOTHING",
            )
            .bind(kind)
            .bind(value)
            .bind(name)
            .bind(now_ms)
            .bind(until)
            .bind(campaign.id)
            .execute(&mut *tx)
            .await?;
            outcome.offers = offered.rows_affected();
        }
        tx.commit().await?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_after_the_statements_own() {
        let due = Due {
            sql: "a = ?1 AND b = ?2 AND c = ?3",
            values: vec![Value::Int(1), Value::Int(2), Value::Int(3)],
        };
        assert_eq!(due.numbered(7), "a = $7 AND b = $8 AND c = $9");
    }

    #[test]
    fn a_leap_day_birthday_is_wished_on_the_28th_when_the_year_has_none() {
        // 2027-02-28T12:00Z.
        let now = Date::new(2027, 2, 28).unwrap().to_days() * DAY_MS + DAY_MS / 2;
        let days: Vec<String> = birthdays(now).into_iter().map(|(d, _)| d).collect();
        assert_eq!(days, ["02-28", "02-29", "02-27", "02-26"]);
        let now = Date::new(2028, 2, 28).unwrap().to_days() * DAY_MS;
        assert!(!birthdays(now).iter().any(|(d, _)| d == "02-29"));
    }
}

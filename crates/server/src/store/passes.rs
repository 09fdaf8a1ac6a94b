//! A campaign's pass: which cards are due (each campaign's rule, as SQL over
//! `cards`), and writing each of them its message, in its language, and its
//! offer, once per occurrence.
//!
//! The occurrence is what makes "once" mean the right thing: `joined` for the
//! welcome (once a card); for "one stamp to go" and "reward ready", the
//! stamp card's last redemption (once a card of stamps: a stamp past the
//! full card, or one undone and added again, writes nothing new); for "a few
//! points to go" and a points reward ready, the reward and the card's last
//! spending of points (once a reward until points are spent or expire); the
//! year
//! for the birthday; the moment a card's points' time runs from for their
//! expiry's reminder (once a date); the last visit's time for win-back
//! (once an absence).
//! Those that follow a stamp look only at cards stamped in the last
//! [`RECENT_DAYS`] days. A message
//! is unique per (campaign, card, occurrence) and written with `ON CONFLICT
//! DO NOTHING`, in one transaction with its offer: a pass run twice writes
//! nothing twice.

use timbro_core::calendar::{DAY_MS, Date, points_expiry_cutoff};
use timbro_core::campaigns::{
    BIRTHDAY_LATE_DAYS, Broadcast, CampaignKind, CampaignSettings, EXPIRY_REMINDER_DAYS, Gift,
    OfferRule, RECENT_DAYS, birthday_message, message, message_naming, points_ready_message,
    win_back_window,
};
use timbro_core::lang::Lang;
use timbro_core::ledger::TIER_WINDOW_MS;
use timbro_core::program::{BirthdayRule, Reward, RewardCost, Tier};

use super::customers::segment_sql;
use super::{BusinessRow, CampaignRow, PassOutcome, Store};

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
    /// The months its points last after a card's last visit (0: forever).
    pub expire_months: u32,
    /// Its tiers, lowest first.
    pub tiers: &'a [Tier],
    /// Its birthday gift, if any (named by the birthday message).
    pub birthday: Option<BirthdayRule>,
}

impl<'a> PassBusiness<'a> {
    /// The business of `row`.
    pub fn of(row: &'a BusinessRow) -> Self {
        Self {
            id: row.id,
            name: &row.public.name,
            lang: Lang::from_tag(&row.public.locale).unwrap_or(Lang::En),
            stamps_required: row.public.stamp_card.stamps_required.into(),
            expire_months: row.public.points.expire_months,
            tiers: &row.public.tiers,
            birthday: row.public.birthday,
        }
    }
}

/// A value for a placeholder of a [`Due`] query.
#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
}

/// The cards due: a query of `(card_id, occurrence)` over `cards c`, with
/// placeholders `?1` (always the business), `?2`, `?3`; and what their
/// message names.
#[derive(Debug, Clone)]
struct Due {
    sql: &'static str,
    values: Vec<Value>,
    names: Names,
}

/// What a due query's message names besides the business and the offer.
#[derive(Debug, Clone)]
enum Names {
    /// Nothing.
    Nothing,
    /// `{4}`: the tier reached, the reward a few points away.
    Name(String),
    /// Reward ready for a points reward (its own words), `{4}` its name.
    PointsReward(String),
    /// The program's birthday gift, given at a visit until this time (ms).
    BirthdayGift(BirthdayRule, i64),
}

impl Due {
    /// A query whose message names nothing of its own.
    fn plain(sql: &'static str, values: Vec<Value>) -> Self {
        Due {
            sql,
            values,
            names: Names::Nothing,
        }
    }
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

/// The due queries of `campaign`'s kind at `now_ms` (several for the
/// birthday: one a day it may still be wished; one a tier; one a points
/// reward), `rewards` the business's active rewards.
fn due(
    campaign: &CampaignRow,
    business: &PassBusiness,
    rewards: &[Reward],
    now_ms: i64,
) -> Vec<Due> {
    let id = Value::Int(business.id);
    let recent = Value::Int(now_ms - RECENT_DAYS * DAY_MS);
    // The points campaigns look at the cards visited since their last pass
    // (a balance moves at a visit): summing each one's spending for every
    // card visited in a week would be seconds for a busy business.
    let visited =
        Value::Int((now_ms - RECENT_DAYS * DAY_MS).max(campaign.looked_to - LOOK_OVERLAP_MS));
    match campaign.kind {
        CampaignKind::Welcome => vec![Due::plain(
            "SELECT c.id AS card_id, CAST('joined' AS TEXT) AS occurrence FROM cards c
             WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.created_at >= ?2",
            vec![id, recent],
        )],
        // With a card of one stamp, the first stamp is the reward.
        CampaignKind::OneToGo if business.stamps_required < 2 => Vec::new(),
        CampaignKind::OneToGo => vec![Due::plain(
            "SELECT c.id AS card_id, CAST(COALESCE((SELECT MAX(l.id) FROM ledger l
                 WHERE l.card_id = c.id AND l.kind = 'redemption' AND l.stamps_delta < 0), 0) AS TEXT)
               AS occurrence FROM cards c
             WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.stamps = ?2 AND c.last_stamp_at >= ?3",
            vec![id, Value::Int(business.stamps_required - 1), recent],
        )],
        // One query a points reward (each message names its reward): the
        // cards visited lately within the owner's points of it, and for
        // which it is the next reward (they cannot have the one before).
        CampaignKind::PointsToGo => points_ranges(rewards, campaign.settings.points)
            .into_iter()
            .map(|(reward, from, to)| Due {
                sql: POINTS_DUE,
                values: vec![
                    id.clone(),
                    visited.clone(),
                    Value::Int(from),
                    Value::Text(reward.id.to_string()),
                    Value::Int(to),
                ],
                names: Names::Name(reward.name.clone()),
            })
            .collect(),
        // The stamp card's, then one query a points reward: the cards
        // visited lately that can have it and not the next dearer one (the
        // dearest they can have is named).
        CampaignKind::RewardReady => std::iter::once(Due::plain(
            "SELECT c.id AS card_id, CAST(COALESCE((SELECT MAX(l.id) FROM ledger l
                 WHERE l.card_id = c.id AND l.kind = 'redemption' AND l.stamps_delta < 0), 0) AS TEXT)
               AS occurrence FROM cards c
             WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.stamps >= ?2 AND c.last_stamp_at >= ?3",
            vec![id.clone(), Value::Int(business.stamps_required), recent.clone()],
        ))
        .chain(ready_ranges(rewards).into_iter().map(|(reward, from, to)| Due {
            sql: POINTS_DUE,
            values: vec![
                id.clone(),
                visited.clone(),
                Value::Int(from),
                Value::Text(format!("ready:{}", reward.id)),
                Value::Int(to),
            ],
            names: Names::PointsReward(reward.name.clone()),
        }))
        .collect(),
        CampaignKind::Birthday => birthdays(now_ms)
            .into_iter()
            .map(|(day, year, date)| Due {
                sql: "SELECT c.id AS card_id, CAST(?3 AS TEXT) AS occurrence FROM cards c
                      WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.birthday = ?2",
                values: vec![id.clone(), Value::Text(day), Value::Text(year)],
                // The gift is given at a visit up to its window's last day.
                names: match business.birthday {
                    Some(g) => Names::BirthdayGift(
                        g,
                        (date.to_days() + i64::from(g.window_days) + 1) * DAY_MS,
                    ),
                    None => Names::Nothing,
                },
            })
            .collect(),
        // One query a tier (each message names its tier): the cards visited
        // since the last pass (a few minutes' overlap for visits committed
        // late; at most two days back) whose points of the last 365 days
        // are in the tier's range.
        CampaignKind::TierReached => tier_ranges(business.tiers)
            .into_iter()
            .map(|(tier, from, to)| Due {
                // A card crosses into a tier at a visit: only the cards
                // visited in the last two days are summed (the CASE keeps
                // SQLite from summing every card's entries: seconds on
                // 100,000 cards).
                sql: "SELECT c.id AS card_id, CAST(?4 AS TEXT) AS occurrence FROM cards c
                      WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.last_visit_at >= ?2
                        AND (CASE WHEN c.last_visit_at >= ?2 THEN
                               (SELECT COALESCE(SUM(l.tier_points), 0) FROM ledger l
                                WHERE l.card_id = c.id AND l.created_at >= ?3) END) BETWEEN ?5 AND ?6",
                values: vec![
                    id.clone(),
                    Value::Int(
                        (now_ms - TIER_RECENT_DAYS * DAY_MS)
                            .max(campaign.looked_to - LOOK_OVERLAP_MS),
                    ),
                    Value::Int(now_ms - TIER_WINDOW_MS),
                    Value::Text(tier.to_owned()),
                    Value::Int(from),
                    Value::Int(to),
                ],
                names: Names::Name(tier.to_owned()),
            })
            .collect(),
        CampaignKind::PointsExpiring if business.expire_months == 0 => Vec::new(),
        // The occurrence is the moment the time to expire runs from: a
        // visit moves the date, and a new date gets its own reminder.
        CampaignKind::PointsExpiring => vec![Due::plain(
            "SELECT c.id AS card_id, CAST(COALESCE(c.last_visit_at, c.created_at) AS TEXT) AS occurrence
             FROM cards c WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.points > 0
               AND COALESCE(c.last_visit_at, c.created_at) >= ?2
               AND COALESCE(c.last_visit_at, c.created_at) < ?3",
            vec![
                id,
                Value::Int(points_expiry_cutoff(now_ms, business.expire_months)),
                Value::Int(points_expiry_cutoff(
                    now_ms + EXPIRY_REMINDER_DAYS * DAY_MS,
                    business.expire_months,
                )),
            ],
        )],
        CampaignKind::WinBack => {
            let (from, to) = win_back_window(campaign.settings.days, now_ms);
            vec![Due::plain(
                "SELECT c.id AS card_id, CAST(c.last_visit_at AS TEXT) AS occurrence FROM cards c
                 WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.last_visit_at >= ?2 AND c.last_visit_at < ?3",
                vec![id, Value::Int(from), Value::Int(to)],
            )]
        }
    }
}

/// The cards of `?1` visited since `?2` whose points are in `?3..=?5`,
/// each with the occurrence `?4` and the card's last spending of points (a
/// redemption or an expiry): once until points are spent.
const POINTS_DUE: &str =
    "SELECT c.id AS card_id, CAST(?4 AS TEXT) || ':' || CAST(COALESCE((SELECT MAX(l.id)
       FROM ledger l WHERE l.card_id = c.id AND l.kind IN ('redemption', 'expiry')
         AND l.points_delta < 0), 0) AS TEXT) AS occurrence
   FROM cards c
   WHERE c.business_id = ?1 AND c.erased_at IS NULL AND c.last_visit_at >= ?2 AND c.points BETWEEN ?3 AND ?5";

/// The points rewards, one a cost (the first of a cost named), cheapest
/// first.
fn by_cost(rewards: &[Reward]) -> Vec<(i64, &Reward)> {
    let mut by_cost: Vec<(i64, &Reward)> = rewards
        .iter()
        .filter_map(|r| match r.cost {
            RewardCost::Points { points } if points > 0 => Some((i64::from(points), r)),
            _ => None,
        })
        .collect();
    by_cost.sort_by_key(|(cost, r)| (*cost, r.id));
    by_cost.dedup_by_key(|(cost, _)| *cost);
    by_cost
}

/// Each points reward with the balances that can have it and not the next
/// dearer one (it is the dearest they can have), cheapest first.
fn ready_ranges(rewards: &[Reward]) -> Vec<(&Reward, i64, i64)> {
    let costs = by_cost(rewards);
    costs
        .iter()
        .enumerate()
        .map(|(i, (cost, reward))| {
            let to = costs.get(i + 1).map_or(i64::MAX, |(next, _)| next - 1);
            (*reward, *cost, to)
        })
        .collect()
}

/// Each points reward with the balances a few points from it: at most
/// `points` short, and enough for every cheaper reward (the next one is the
/// one named), cheapest first.
fn points_ranges(rewards: &[Reward], points: u32) -> Vec<(&Reward, i64, i64)> {
    let mut below = 0;
    by_cost(rewards)
        .into_iter()
        .map(|(cost, reward)| {
            let from = (cost - i64::from(points)).max(below).max(1);
            below = cost;
            (reward, from, cost - 1)
        })
        .filter(|(_, from, to)| from <= to)
        .collect()
}

/// How many days back the tier campaign looks for visits at most: the
/// scheduler looks every 15 minutes, so two days cover a server that was
/// down.
const TIER_RECENT_DAYS: i64 = 2;
/// How far before their last pass the campaigns that follow visits (tier
/// reached, the points ones) look again: a visit stamped with a time before
/// the pass may commit after it (more than the longest request), and
/// looking at a card twice writes nothing twice.
const LOOK_OVERLAP_MS: i64 = 10 * 60_000;

/// Each tier above the first step (a tier from 0 points is where every
/// card starts: nothing reached) with its range of points, lowest first.
fn tier_ranges(tiers: &[Tier]) -> Vec<(&str, i64, i64)> {
    let mut sorted: Vec<&Tier> = tiers.iter().collect();
    sorted.sort_by_key(|t| t.min_points);
    sorted
        .iter()
        .enumerate()
        .filter(|(_, t)| t.min_points > 0)
        .map(|(i, t)| {
            let to = sorted
                .get(i + 1)
                .map_or(i64::MAX, |next| next.min_points - 1);
            (t.name.as_str(), t.min_points, to)
        })
        .collect()
}

/// The birthdays (`MM-DD` as cards keep them) still wished at `now_ms`,
/// each with its year and the day it falls on: today's and the last
/// [`BIRTHDAY_LATE_DAYS`] days', with 29 February on the 28th when the year
/// has none.
fn birthdays(now_ms: i64) -> Vec<(String, String, Date)> {
    let mut days = Vec::new();
    for late in 0..=BIRTHDAY_LATE_DAYS {
        let date = Date::from_unix_ms(now_ms - late * DAY_MS);
        let year = date.year.to_string();
        days.push((
            format!("{:02}-{:02}", date.month, date.day),
            year.clone(),
            date,
        ));
        if (date.month, date.day) == (2, 28) && Date::new(date.year, 2, 29).is_none() {
            days.push(("02-29".to_owned(), year, date));
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
        let rewards = match campaign.kind {
            CampaignKind::PointsToGo | CampaignKind::RewardReady => {
                self.rewards(business.id).await?
            }
            _ => Vec::new(),
        };
        let dues = due(campaign, business, &rewards, now_ms);
        let settings = &campaign.settings;
        let mut outcome = PassOutcome::default();
        // One write a due query: each may name its own tier or reward
        // (`{4}`), or its birthday gift's last day.
        for due in dues {
            let written = self
                .write_pass(
                    business,
                    campaign.id,
                    std::slice::from_ref(&due),
                    settings.offer.as_ref(),
                    |lang, until| match &due.names {
                        // Without an offer of its own, the birthday's
                        // message names the program's gift.
                        Names::BirthdayGift(gift, gift_until) if settings.offer.is_none() => {
                            birthday_message(settings, gift, lang, business.name, *gift_until)
                        }
                        Names::PointsReward(reward) => {
                            points_ready_message(settings, lang, business.name, until, reward)
                        }
                        Names::Name(name) => message_naming(
                            campaign.kind,
                            settings,
                            lang,
                            business.name,
                            until,
                            name,
                        ),
                        Names::Nothing | Names::BirthdayGift(..) => {
                            message(campaign.kind, settings, lang, business.name, until)
                        }
                    },
                    now_ms,
                )
                .await?;
            outcome.messages += written.messages;
            outcome.offers += written.offers;
        }
        if matches!(
            campaign.kind,
            CampaignKind::TierReached | CampaignKind::PointsToGo | CampaignKind::RewardReady
        ) {
            // Done up to now: the next pass looks at the visits since.
            sqlx::query("UPDATE campaigns SET looked_to = $1 WHERE id = $2 AND looked_to < $1")
                .bind(now_ms)
                .bind(campaign.id)
                .execute(&self.write)
                .await?;
        }
        Ok(outcome)
    }

    /// Sends the owner's message now to the cards of `segment` (all if
    /// `None`), `top` being the spend of the business's top fifth (for the
    /// champions): once per sending, with its offer.
    pub async fn broadcast(
        &self,
        business: &PassBusiness<'_>,
        sending: &Broadcast,
        top: i64,
        now_ms: i64,
    ) -> Result<PassOutcome, sqlx::Error> {
        let campaign_id = self.broadcast_campaign(business.id, now_ms).await?;
        let due = Due::plain(
            BROADCAST_DUE.get_or_init(|| {
                format!(
                    "SELECT c.id AS card_id, CAST(?2 AS TEXT) AS occurrence FROM cards c
                     WHERE c.business_id = ?1 AND c.erased_at IS NULL AND (?3 = '' OR {} = ?3)",
                    segment_sql("?4", "?5")
                )
            }),
            vec![
                Value::Int(business.id),
                Value::Text(format!("sent:{now_ms}")),
                Value::Text(sending.segment.map_or("", |s| s.as_str()).to_owned()),
                Value::Int(now_ms),
                Value::Int(top),
            ],
        );
        let settings = CampaignSettings {
            offer: sending.offer.clone(),
            words: Some(sending.words.clone()),
            ..CampaignSettings::default_for(CampaignKind::Welcome)
        };
        let outcome = self
            .write_pass(
                business,
                campaign_id,
                &[due],
                settings.offer.as_ref(),
                // The owner's words: the kind's own are never used.
                |lang, until| message(CampaignKind::WinBack, &settings, lang, business.name, until),
                now_ms,
            )
            .await?;
        self.job_due(business.id, now_ms).await?;
        Ok(outcome)
    }

    /// The campaign row the owner's messages sent now are written under
    /// (made on the first sending; never run by the scheduler).
    async fn broadcast_campaign(&self, business_id: i64, now_ms: i64) -> Result<i64, sqlx::Error> {
        sqlx::query(
            "INSERT INTO campaigns (business_id, kind, enabled, updated_at) VALUES ($1, $2, 0, $3)
             ON CONFLICT (business_id, kind) DO NOTHING",
        )
        .bind(business_id)
        .bind(BROADCAST_KIND)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        sqlx::query_scalar("SELECT id FROM campaigns WHERE business_id = $1 AND kind = $2")
            .bind(business_id)
            .bind(BROADCAST_KIND)
            .fetch_one(&self.write)
            .await
    }

    /// Writes the message `words` makes (in a language, with the offer's
    /// end) and the offer to every card `dues` name that has none for its
    /// occurrence, in one transaction.
    async fn write_pass(
        &self,
        business: &PassBusiness<'_>,
        campaign_id: i64,
        dues: &[Due],
        offer: Option<&OfferRule>,
        words: impl Fn(Lang, Option<i64>) -> (String, String),
        now_ms: i64,
    ) -> Result<PassOutcome, sqlx::Error> {
        // Read first, beside the writes: the usual pass finds nothing new,
        // and then takes no write lock at all (on SQLite, the one writer the
        // counter's stamps wait for).
        let mut waiting = 0;
        for due in dues {
            let count = format!(
                "SELECT COUNT(*) FROM ({}) d WHERE NOT EXISTS (SELECT 1 FROM messages m
                   WHERE m.campaign_id = $1 AND m.card_id = d.card_id AND m.occurrence = d.occurrence)",
                due.numbered(2)
            );
            let n: i64 = due
                .bind(sqlx::query(&count).bind(campaign_id))
                .fetch_one(&self.read)
                .await
                .and_then(|row| sqlx::Row::try_get(&row, 0))?;
            waiting += n;
        }
        if waiting == 0 {
            return Ok(PassOutcome::default());
        }
        let until = offer.map(|rule| now_ms + i64::from(rule.valid_days) * DAY_MS);
        let mut tx = self.write.begin().await?;
        let mut outcome = PassOutcome::default();
        for due in dues {
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
                let (title, body) = words(lang, until);
                let written = due
                    .bind(
                        sqlx::query(&insert)
                            .bind(campaign_id)
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
        if let (Some(rule), Some(until)) = (offer, until) {
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
            .bind(campaign_id)
            .execute(&mut *tx)
            .await?;
            outcome.offers = offered.rows_affected();
        }
        tx.commit().await?;
        Ok(outcome)
    }
}

/// The kind of the campaign row that the owner's messages sent now are
/// written under: not a [`CampaignKind`], so never listed or run.
const BROADCAST_KIND: &str = "broadcast";

/// The due query of a sending (a segment's rule in it, made once).
static BROADCAST_DUE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_after_the_statements_own() {
        let due = Due::plain(
            "a = ?1 AND b = ?2 AND c = ?3",
            vec![Value::Int(1), Value::Int(2), Value::Int(3)],
        );
        assert_eq!(due.numbered(7), "a = $7 AND b = $8 AND c = $9");
    }

    #[test]
    fn a_card_is_a_few_points_from_the_next_reward_only() {
        let reward = |id, name: &str, cost| Reward {
            id,
            name: name.into(),
            cost,
        };
        let rewards = [
            reward(1, "Cappuccino", RewardCost::Points { points: 50 }),
            reward(2, "Cornetto", RewardCost::Points { points: 30 }),
            reward(3, "Brioche", RewardCost::Points { points: 30 }),
            reward(4, "Free coffee", RewardCost::FullStampCard),
            reward(5, "Lunch", RewardCost::Points { points: 200 }),
        ];
        let ranges: Vec<(&str, i64, i64)> = points_ranges(&rewards, 25)
            .into_iter()
            .map(|(r, from, to)| (r.name.as_str(), from, to))
            .collect();
        // 30 points for either pastry: the first named; 50 from 30 (below
        // it the cornetto is next); 200 from 175.
        assert_eq!(
            ranges,
            [
                ("Cornetto", 5, 29),
                ("Cappuccino", 30, 49),
                ("Lunch", 175, 199)
            ]
        );
        // Fewer points than the gap: from 1 point, never a card with none.
        assert_eq!(points_ranges(&rewards[..1], 100)[0].1, 1);
        // Ready: the dearest reward a card can have.
        let ready: Vec<(&str, i64, i64)> = ready_ranges(&rewards)
            .into_iter()
            .map(|(r, from, to)| (r.name.as_str(), from, to))
            .collect();
        assert_eq!(
            ready,
            [
                ("Cornetto", 30, 49),
                ("Cappuccino", 50, 199),
                ("Lunch", 200, i64::MAX)
            ]
        );
    }

    #[test]
    fn a_leap_day_birthday_is_wished_on_the_28th_when_the_year_has_none() {
        // 2027-02-28T12:00Z.
        let now = Date::new(2027, 2, 28).unwrap().to_days() * DAY_MS + DAY_MS / 2;
        let days: Vec<String> = birthdays(now).into_iter().map(|(d, ..)| d).collect();
        assert_eq!(days, ["02-28", "02-29", "02-27", "02-26"]);
        let now = Date::new(2028, 2, 28).unwrap().to_days() * DAY_MS;
        assert!(!birthdays(now).iter().any(|(d, ..)| d == "02-29"));
    }
}

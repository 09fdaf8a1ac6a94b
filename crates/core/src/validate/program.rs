//! The program's rules, rewards, tiers and promotions.

use super::{Checked, Problem, Report};

/// The largest amount of money a rule can name, in cents (10,000 in the
/// currency): more is a typo, not a program.
const MAX_CENTS: i64 = 1_000_000;
/// The most points one gift (welcome, birthday, referral) can give.
pub(super) const MAX_GIFT: i64 = 100_000;
/// The most days either side of the birthday its gift is given.
pub(super) const MAX_BIRTHDAY_WINDOW: i64 = 60;
/// The most points a tier can ask for in a year.
const MAX_TIER_POINTS: i64 = 100_000_000;
/// The longest cooldown between stamps: a day.
const MAX_COOLDOWN_MINUTES: i64 = 24 * 60;
/// Promotions run between 2000 and 2100.
const EARLIEST_MS: i64 = 946_684_800_000;
const LATEST_MS: i64 = 4_102_444_800_000;
use crate::api::{NewPromotion, NewReward, ProgramUpdate};
use crate::program::{Promotion, RewardCost, StampEarn, Tier};

/// The program's rules, as stored: a gift of nothing is stored as no gift.
pub fn program(body: &ProgramUpdate) -> Checked<ProgramUpdate> {
    let mut r = Report::default();
    r.range("stamps_required", body.stamps_required.into(), 1, 50);
    let stamp_reward = r.text("stamp_reward", &body.stamp_reward, 60);
    if let StampEarn::PerAmount { cents } = body.earn {
        r.range("earn.cents", cents.into(), 1, MAX_CENTS);
    }
    if body.points.points_per_unit > 1_000 {
        r.add("points.points_per_unit", Problem::AtMost { max: 1_000 });
    }
    r.at_most(
        "points.point_value_cents",
        body.points.point_value_cents.into(),
        MAX_CENTS,
    );
    r.at_most("welcome_points", body.welcome_points.into(), MAX_GIFT);
    if let Some(b) = body.birthday {
        r.at_most("birthday.points", b.points.into(), MAX_GIFT);
    }
    if let Some(g) = body.referral {
        r.at_most(
            "referral.referrer_points",
            g.referrer_points.into(),
            MAX_GIFT,
        );
        r.at_most("referral.friend_points", g.friend_points.into(), MAX_GIFT);
    }
    r.currency("currency", &body.currency);
    r.at_most(
        "points.expire_months",
        body.points.expire_months.into(),
        crate::program::MAX_EXPIRE_MONTHS.into(),
    );
    r.at_most(
        "stamp_cooldown_minutes",
        body.stamp_cooldown_minutes.into(),
        MAX_COOLDOWN_MINUTES,
    );
    if let Some(b) = body.birthday {
        r.at_most(
            "birthday.window_days",
            b.window_days.into(),
            MAX_BIRTHDAY_WINDOW,
        );
    }
    r.done(ProgramUpdate {
        stamp_reward,
        birthday: body.birthday.filter(|b| b.points > 0),
        referral: body
            .referral
            .filter(|r| r.referrer_points > 0 || r.friend_points > 0),
        ..body.clone()
    })
}

/// A reward of the catalogue, its name trimmed.
pub fn reward(body: &NewReward) -> Checked<NewReward> {
    let mut r = Report::default();
    let name = r.text("name", &body.name, 60);
    if let RewardCost::Points { points } = body.cost {
        r.range("cost.points", points.into(), 1, 1_000_000);
    }
    r.done(NewReward {
        name,
        cost: body.cost,
    })
}

/// A tier, its name and perks trimmed.
pub fn tier(body: &Tier) -> Checked<Tier> {
    let mut r = Report::default();
    let name = r.text("name", &body.name, 30);
    r.range("min_points", body.min_points, 0, MAX_TIER_POINTS);
    r.range("multiplier_pct", body.multiplier_pct.into(), 100, 1000);
    if body.perks.len() > 10 {
        r.add("perks", Problem::TooMany { max: 10 });
    }
    let perks = body
        .perks
        .iter()
        .enumerate()
        .map(|(i, perk)| r.text(format!("perks[{i}]"), perk, 80))
        .collect();
    r.done(Tier {
        name,
        perks,
        ..body.clone()
    })
}

/// The promotion `id` as `body` describes it; an empty category is none.
pub fn promotion(id: i64, body: &NewPromotion) -> Checked<Promotion> {
    let mut r = Report::default();
    let name = r.text("name", &body.name, 60);
    r.range("multiplier_pct", body.multiplier_pct.into(), 101, 1000);
    if body.ends_at_ms <= body.starts_at_ms {
        r.add("ends_at_ms", Problem::NotAfterStart);
    } else {
        r.range("starts_at_ms", body.starts_at_ms, EARLIEST_MS, LATEST_MS);
        r.range("ends_at_ms", body.ends_at_ms, EARLIEST_MS, LATEST_MS);
    }
    let category = body
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| r.text("category", c, 40));
    r.done(Promotion {
        id,
        name,
        multiplier_pct: body.multiplier_pct,
        starts_at_ms: body.starts_at_ms,
        ends_at_ms: body.ends_at_ms,
        category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::{BirthdayRule, PointsRules};

    fn fields<T: std::fmt::Debug>(checked: Checked<T>) -> Vec<String> {
        checked.unwrap_err().into_iter().map(|i| i.field).collect()
    }

    fn program_body() -> ProgramUpdate {
        ProgramUpdate {
            stamps_required: 5,
            stamp_reward: " Un caffè ".into(),
            earn: StampEarn::PerVisit,
            points: PointsRules {
                points_per_unit: 1,
                point_value_cents: 5,
                expire_months: 0,
            },
            currency: "EUR".into(),
            welcome_points: 0,
            birthday: Some(BirthdayRule {
                points: 0,
                window_days: 7,
            }),
            referral: None,
            stamp_cooldown_minutes: 10,
        }
    }

    #[test]
    fn a_good_program_is_stored_trimmed_and_without_empty_gifts() {
        let stored = program(&program_body()).unwrap();
        assert_eq!(stored.stamp_reward, "Un caffè");
        assert_eq!(stored.birthday, None);
    }

    #[test]
    fn every_wrong_field_of_a_program_is_named_at_once() {
        let bad = ProgramUpdate {
            stamps_required: 0,
            stamp_reward: "\u{7}".into(),
            earn: StampEarn::PerAmount { cents: 0 },
            points: PointsRules {
                points_per_unit: 1_001,
                point_value_cents: 5,
                expire_months: 0,
            },
            currency: "euro".into(),
            birthday: Some(BirthdayRule {
                points: 10,
                window_days: 61,
            }),
            stamp_cooldown_minutes: 24 * 60 + 1,
            ..program_body()
        };
        assert_eq!(
            fields(program(&bad)),
            [
                "stamps_required",
                "stamp_reward",
                "earn.cents",
                "points.points_per_unit",
                "currency",
                "stamp_cooldown_minutes",
                "birthday.window_days"
            ]
        );
    }

    #[test]
    fn tiers_promotions_and_rewards_name_each_wrong_field() {
        let tier_body = Tier {
            name: String::new(),
            min_points: -1,
            multiplier_pct: 99,
            perks: vec!["ok".into(), " ".into()],
        };
        assert_eq!(
            fields(tier(&tier_body)),
            ["name", "min_points", "multiplier_pct", "perks[1]"]
        );
        let promo = NewPromotion {
            name: "x".into(),
            multiplier_pct: 100,
            starts_at_ms: 10,
            ends_at_ms: 10,
            category: Some(" ".into()),
        };
        assert_eq!(
            fields(promotion(0, &promo)),
            ["multiplier_pct", "ends_at_ms"]
        );
        let free = NewReward {
            name: "".into(),
            cost: RewardCost::Points { points: 0 },
        };
        assert_eq!(fields(reward(&free)), ["name", "cost.points"]);
    }
}

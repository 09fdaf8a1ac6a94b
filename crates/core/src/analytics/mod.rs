//! The owner's numbers: what a period's ledger says about the customers,
//! and the rules that turn its counts into rates. The store counts; this
//! module defines (one definition for the server, the back office and the
//! tests that check both).
//!
//! A **visit** is a `visit` entry of the ledger that was not undone; a
//! **customer** is a card; **active** in a period means at least one visit
//! in it; **new** means the card was made in it.

pub mod segments;
pub mod staff;
pub mod trend;

use serde::{Deserialize, Serialize};

use crate::calendar::{DAY_MS, Date};
pub use segments::Segment;
pub use staff::CooldownOverride;
pub use trend::{Trend, TrendStep};

/// The lengths of period the owner picks from, in days.
pub const PERIOD_DAYS: [u16; 4] = [7, 30, 90, 365];

/// The longest period asked for by dates, in days (a little over five
/// years).
pub const MAX_PERIOD_DAYS: i64 = 5 * 366;

/// Below this many customers in the base of a rate, the rate is not shown
/// ("too little data"): one regular more or less would swing it by over
/// ten points.
pub const MIN_BASE: u64 = 10;

/// A span of whole days, in Unix milliseconds: from `from_ms` (inclusive)
/// to `to_ms` (exclusive).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Start, inclusive, Unix milliseconds (midnight UTC).
    pub from_ms: i64,
    /// End, exclusive, Unix milliseconds (midnight UTC).
    pub to_ms: i64,
}

impl Period {
    /// The `days` days up to and including the day of `now_ms` (UTC).
    pub fn last_days(days: u16, now_ms: i64) -> Self {
        let today = Date::from_unix_ms(now_ms).to_days();
        Period {
            from_ms: (today + 1 - i64::from(days)) * DAY_MS,
            to_ms: (today + 1) * DAY_MS,
        }
    }

    /// From the day `from` to the day `to`, both included; `None` when `to`
    /// comes before `from` or the span is longer than [`MAX_PERIOD_DAYS`].
    pub fn between(from: Date, to: Date) -> Option<Self> {
        let (start, end) = (from.to_days(), to.to_days() + 1);
        (start < end && end - start <= MAX_PERIOD_DAYS).then_some(Period {
            from_ms: start * DAY_MS,
            to_ms: end * DAY_MS,
        })
    }

    /// The period of the same length just before this one.
    pub fn before(self) -> Self {
        Period {
            from_ms: self.from_ms - (self.to_ms - self.from_ms),
            to_ms: self.from_ms,
        }
    }

    /// Its length in days.
    pub fn days(self) -> i64 {
        (self.to_ms - self.from_ms) / DAY_MS
    }

    /// Whether `at_ms` falls in it.
    pub fn holds(self, at_ms: i64) -> bool {
        (self.from_ms..self.to_ms).contains(&at_ms)
    }
}

/// What the ledger holds for one period, counted by the store.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Cards made in the period.
    pub new_customers: u64,
    /// Cards with at least one visit in the period.
    pub active_customers: u64,
    /// Active cards that had a visit before the period too.
    pub returning_customers: u64,
    /// Active cards with two visits or more in the period.
    pub repeat_customers: u64,
    /// New cards that are also active (made and visited in the period).
    pub new_active_customers: u64,
    /// Cards active in the period before that are active in this one too.
    pub kept_customers: u64,
    /// Cards active in the period before (the base of retention and churn).
    pub previous_active_customers: u64,
    /// Visits.
    pub visits: u64,
    /// Visits with an amount entered at the counter.
    pub visits_with_amount: u64,
    /// The sum of those amounts, in cents.
    pub amount_cents: i64,
    /// Points given (visits, welcome, birthday and referral gifts).
    pub points_earned: i64,
    /// Points paid for rewards.
    pub points_spent: i64,
    /// Stamps given.
    pub stamps_earned: i64,
    /// Rewards redeemed.
    pub rewards_redeemed: u64,
    /// Feedback answers given in the period.
    pub answers: u64,
    /// Of them, 9 or 10 ("promoters").
    pub promoters: u64,
    /// Of them, 0 to 6 ("detractors").
    pub detractors: u64,
}

/// The rates the owner reads, each `None` where its base is too small to
/// mean something (see [`MIN_BASE`]) or empty.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// Visits per active customer.
    pub purchase_frequency: Option<f64>,
    /// Average order value, in cents, over the visits with an amount only.
    pub average_order_cents: Option<f64>,
    /// Customer retention rate, percent: ((E − N) / S) × 100, with S the
    /// customers active in the period before, E those active in this one
    /// and N the new ones among E.
    pub retention_percent: Option<f64>,
    /// Churn, percent: customers of S not seen in this period ÷ S.
    pub churn_percent: Option<f64>,
    /// Repeat purchase rate, percent: customers with two visits or more ÷
    /// active customers.
    pub repeat_percent: Option<f64>,
    /// Points spent ÷ points earned, percent.
    pub points_redeemed_percent: Option<f64>,
    /// Net promoter score: % promoters − % detractors, from −100 to 100.
    pub nps: Option<f64>,
}

impl Counts {
    /// The rates these counts give.
    pub fn rates(&self) -> Rates {
        let ratio =
            |part: f64, whole: u64, min: u64| (whole >= min.max(1)).then(|| part / whole as f64);
        let percent =
            |part: u64, whole: u64| ratio(part as f64, whole, MIN_BASE).map(|r| r * 100.0);
        let base = self.previous_active_customers;
        Rates {
            purchase_frequency: ratio(self.visits as f64, self.active_customers, 1),
            average_order_cents: ratio(self.amount_cents as f64, self.visits_with_amount, 1),
            retention_percent: percent(
                self.active_customers
                    .saturating_sub(self.new_active_customers),
                base,
            ),
            churn_percent: percent(base.saturating_sub(self.kept_customers), base),
            repeat_percent: percent(self.repeat_customers, self.active_customers),
            points_redeemed_percent: (self.points_earned > 0)
                .then(|| self.points_spent as f64 * 100.0 / self.points_earned as f64),
            nps: net_promoter_score(self.answers, self.promoters, self.detractors),
        }
    }
}

/// NPS = % promoters (9–10) − % detractors (0–6) of `answers`, from −100
/// to 100; `None` below [`MIN_BASE`] answers.
pub fn net_promoter_score(answers: u64, promoters: u64, detractors: u64) -> Option<f64> {
    (answers >= MIN_BASE).then(|| (promoters as f64 - detractors as f64) / answers as f64 * 100.0)
}

/// `GET /owner/analytics`: a period's counts and rates beside the period
/// before it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analytics {
    /// The period asked for.
    pub period: Period,
    /// What its ledger holds.
    pub counts: Counts,
    /// The rates of those counts.
    pub rates: Rates,
    /// The period before, of the same length.
    pub previous_period: Period,
    /// What the period before holds.
    pub previous_counts: Counts,
    /// Its rates.
    pub previous_rates: Rates,
    /// What a customer is worth, from the last 365 days whatever the period.
    pub lifetime: Lifetime,
    /// The period step by step, for the charts.
    pub trend: Trend,
}

/// The longest lifespan a customer is credited with, in years (a year
/// without churn would otherwise make it endless).
pub const MAX_LIFESPAN_YEARS: f64 = 10.0;

/// Customer lifetime value: CLV = average order × visits per customer a
/// year × average lifespan in years, the lifespan estimated as 1 ÷ the
/// yearly churn (the share of last year's customers who did not come back
/// this year), at most [`MAX_LIFESPAN_YEARS`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Lifetime {
    /// Average order over the last 365 days, in cents.
    pub average_order_cents: Option<f64>,
    /// Visits per active customer over the last 365 days.
    pub visits_per_year: Option<f64>,
    /// 1 ÷ yearly churn, in years.
    pub lifespan_years: Option<f64>,
    /// The product of the three, in cents.
    pub value_cents: Option<f64>,
}

impl Lifetime {
    /// From the counts of the last 365 days (and the 365 before them).
    pub fn from_year(year: &Counts) -> Lifetime {
        let rates = year.rates();
        let lifespan_years = rates
            .churn_percent
            .map(|churn| (100.0 / churn.max(f64::MIN_POSITIVE)).min(MAX_LIFESPAN_YEARS));
        let value_cents = match (
            rates.average_order_cents,
            rates.purchase_frequency,
            lifespan_years,
        ) {
            (Some(aov), Some(per_year), Some(years)) => Some(aov * per_year * years),
            _ => None,
        };
        Lifetime {
            average_order_cents: rates.average_order_cents,
            visits_per_year: rates.purchase_frequency,
            lifespan_years,
            value_cents,
        }
    }
}

/// One feedback answer as the owner reads it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackItem {
    /// 0 to 10.
    pub score: u8,
    /// What they wrote, if anything.
    pub comment: Option<String>,
    /// When they answered.
    pub at_ms: i64,
    /// Their member code and first name.
    pub member_code: String,
    pub first_name: Option<String>,
}

/// `GET /owner/feedback`: a period's answers, detractors (0 to 6) first,
/// then the newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackList {
    pub period: Period,
    /// The first [`ANSWERS_SHOWN`] of them.
    pub answers: Vec<FeedbackItem>,
    /// How many answers the period holds.
    pub total: u64,
}

/// The most answers one list shows: detractors first, the newest first.
pub const ANSWERS_SHOWN: usize = 200;

/// How many cards a segment holds.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentCount {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub segment: Segment,
    pub customers: u64,
}

/// `GET /owner/segments`: every card in exactly one segment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segments {
    /// When they were worked out, Unix milliseconds.
    pub at_ms: i64,
    /// Each segment, in [`Segment::ALL`]'s order.
    pub counts: Vec<SegmentCount>,
}

/// One customer as the owner's list shows them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// The member code, `XXXX-XXXX`.
    pub member_code: String,
    /// The first name, if they gave one.
    pub first_name: Option<String>,
    /// When the card was made.
    pub joined_ms: i64,
    /// Their last visit.
    pub last_visit_ms: Option<i64>,
    /// Visits ever.
    pub visits: u64,
    /// Amounts entered ever, in cents.
    pub spend_cents: i64,
    /// Points now.
    pub points: i64,
    /// Their tier now, if the business has tiers.
    pub tier: Option<String>,
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub segment: Segment,
    /// Days since the last visit ÷ their usual gap (two visits needed).
    pub overdue: Option<f64>,
}

/// `GET /owner/customers`: a segment's customers (or everyone's), sorted,
/// the first `limit` of `total`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerList {
    /// When the segments were worked out, Unix milliseconds.
    pub at_ms: i64,
    pub total: u64,
    pub customers: Vec<Customer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_days_end_with_today_and_the_period_before_touches_them() {
        let now = Date::new(2026, 3, 10).unwrap().to_days() * DAY_MS + 5_000;
        let week = Period::last_days(7, now);
        assert_eq!(
            Date::from_unix_ms(week.from_ms),
            Date::new(2026, 3, 4).unwrap()
        );
        assert_eq!(
            Date::from_unix_ms(week.to_ms - 1),
            Date::new(2026, 3, 10).unwrap()
        );
        assert_eq!(week.days(), 7);
        assert!(week.holds(now));
        assert_eq!(week.before().to_ms, week.from_ms);
        assert_eq!(week.before().days(), 7);
    }

    #[test]
    fn dates_make_a_period_only_in_order_and_within_bounds() {
        let day = |d| Date::new(2026, 1, d).unwrap();
        assert_eq!(Period::between(day(5), day(5)).unwrap().days(), 1);
        assert_eq!(Period::between(day(6), day(5)), None);
        let far = Date::new(2036, 1, 1).unwrap();
        assert_eq!(Period::between(day(1), far), None);
    }

    #[test]
    fn rates_follow_their_formulas_and_say_nothing_on_too_little_data() {
        let counts = Counts {
            active_customers: 40,
            new_active_customers: 10,
            previous_active_customers: 50,
            kept_customers: 25,
            repeat_customers: 12,
            visits: 100,
            visits_with_amount: 4,
            amount_cents: 2_000,
            points_earned: 400,
            points_spent: 100,
            ..Counts::default()
        };
        let rates = counts.rates();
        assert_eq!(rates.retention_percent, Some(60.0));
        assert_eq!(rates.churn_percent, Some(50.0));
        assert_eq!(rates.repeat_percent, Some(30.0));
        assert_eq!(rates.purchase_frequency, Some(2.5));
        assert_eq!(rates.average_order_cents, Some(500.0));
        assert_eq!(rates.points_redeemed_percent, Some(25.0));
        let few = Counts {
            active_customers: 3,
            previous_active_customers: 9,
            ..Counts::default()
        };
        let rates = few.rates();
        assert_eq!(rates.retention_percent, None);
        assert_eq!(rates.churn_percent, None);
        assert_eq!(rates.repeat_percent, None);
        assert_eq!(rates.average_order_cents, None);
        assert_eq!(Counts::default().rates(), Rates::default());
    }

    #[test]
    fn nps_is_promoters_less_detractors_and_the_lifetime_multiplies_out() {
        let answers = Counts {
            answers: 20,
            promoters: 10,
            detractors: 4,
            ..Counts::default()
        };
        assert_eq!(answers.rates().nps, Some(30.0));
        let year = Counts {
            active_customers: 100,
            new_active_customers: 40,
            previous_active_customers: 80,
            kept_customers: 60,
            visits: 500,
            visits_with_amount: 400,
            amount_cents: 200_000,
            ..Counts::default()
        };
        // Churn 25 %: four years; 5 visits a year of 5.00.
        let life = Lifetime::from_year(&year);
        assert_eq!(life.lifespan_years, Some(4.0));
        assert_eq!(life.value_cents, Some(500.0 * 5.0 * 4.0));
        let loyal = Counts {
            previous_active_customers: 20,
            kept_customers: 20,
            ..year
        };
        assert_eq!(
            Lifetime::from_year(&loyal).lifespan_years,
            Some(MAX_LIFESPAN_YEARS)
        );
        assert_eq!(Lifetime::from_year(&Counts::default()), Lifetime::default());
    }
}

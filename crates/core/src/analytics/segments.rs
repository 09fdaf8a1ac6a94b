//! Every card in exactly one segment, from recency, frequency and spend
//! (RFM-style), and a customer's own "overdue" signal. The rule, as the
//! back office states it:
//!
//! 1. **New**: the card was made in the last 30 days.
//! 2. **Lost**: no visit in the last 180 days (or none ever).
//! 3. **At risk**: overdue ≥ 2 (twice their usual gap since the last
//!    visit), or, without a usual gap yet, no visit in the last 60 days.
//! 4. **Champions**: a visit in the last 30 days and 8 visits or more, or
//!    4 or more with spend in the business's top fifth.
//! 5. **Loyal**: a visit in the last 60 days and 4 visits or more.
//! 6. **Promising**: the others (recent, but few visits yet).
//!
//! Overdue = days since the last visit ÷ the customer's usual gap (the days
//! from their first visit to their last ÷ the gaps between them); ≥ 1.5 is
//! overdue, ≥ 2 at risk. It needs two visits.
//!
//! Visits and spend are the card's whole history: recency already keeps a
//! past regular out of the top segments, and whole-history figures are kept
//! per card as the ledger is written (a year's window would mean reading
//! every card's visits each time).

use serde::{Deserialize, Serialize};

use crate::calendar::DAY_MS;

/// Days a card counts as new.
pub const NEW_DAYS: i64 = 30;
/// Days without a visit after which a customer is lost.
pub const LOST_DAYS: i64 = 180;
/// Days without a visit after which a customer with no usual gap yet is at
/// risk.
pub const AT_RISK_DAYS: i64 = 60;
/// Champions: a visit in these last days, and [`CHAMPION_VISITS`] visits or
/// more ([`SPENDER_VISITS`] with spend in the top fifth).
pub const CHAMPION_DAYS: i64 = 30;
pub const CHAMPION_VISITS: u64 = 8;
pub const SPENDER_VISITS: u64 = 4;
/// Loyal: a visit in these last days and [`LOYAL_VISITS`] visits or more.
pub const LOYAL_DAYS: i64 = 60;
pub const LOYAL_VISITS: u64 = 4;
/// Overdue from this on.
pub const OVERDUE: f64 = 1.5;
/// At risk from this overdue on.
pub const AT_RISK_OVERDUE: f64 = 2.0;

/// A card's segment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    New,
    Champions,
    Loyal,
    Promising,
    AtRisk,
    Lost,
}

impl Segment {
    /// Every segment, in the order the owner reads them.
    pub const ALL: [Segment; 6] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::Promising,
        Segment::New,
        Segment::AtRisk,
        Segment::Lost,
    ];

    /// The word in the API and in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::New => "new",
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::Promising => "promising",
            Segment::AtRisk => "at_risk",
            Segment::Lost => "lost",
        }
    }

    /// The segment a word names.
    pub fn parse(word: &str) -> Option<Segment> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }
}

/// What the ledger says about one card, for its segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// When the card was made.
    pub created_ms: i64,
    /// Its first and last visits, if any.
    pub first_visit_ms: Option<i64>,
    pub last_visit_ms: Option<i64>,
    /// Visits ever.
    pub visits: u64,
    /// Amounts entered ever, in cents.
    pub spend_cents: i64,
}

impl Facts {
    /// The customer's usual gap between visits, in days; `None` before the
    /// second visit.
    pub fn usual_gap_days(&self) -> Option<f64> {
        let (first, last) = (self.first_visit_ms?, self.last_visit_ms?);
        (self.visits >= 2)
            .then(|| (last - first) as f64 / DAY_MS as f64 / (self.visits - 1) as f64)
            .map(|gap| gap.max(1.0))
    }

    /// Days since the last visit ÷ the usual gap.
    pub fn overdue(&self, now_ms: i64) -> Option<f64> {
        let gap = self.usual_gap_days()?;
        let since = (now_ms - self.last_visit_ms?) as f64 / DAY_MS as f64;
        Some(since / gap)
    }

    /// The card's segment at `now_ms`; `top_spend_cents` is the spend from
    /// which a customer is in the business's top fifth. (The store counts
    /// segments with the same rule in SQL; the API test holds both equal.)
    pub fn segment(&self, now_ms: i64, top_spend_cents: i64) -> Segment {
        let days = |ms: i64| (now_ms - ms) / DAY_MS;
        if days(self.created_ms) < NEW_DAYS {
            return Segment::New;
        }
        let Some(last) = self.last_visit_ms else {
            return Segment::Lost;
        };
        let since = days(last);
        if since >= LOST_DAYS {
            return Segment::Lost;
        }
        match self.overdue(now_ms) {
            Some(overdue) if overdue >= AT_RISK_OVERDUE => return Segment::AtRisk,
            None if since >= AT_RISK_DAYS => return Segment::AtRisk,
            _ => {}
        }
        let big_spender = top_spend_cents > 0 && self.spend_cents >= top_spend_cents;
        if since < CHAMPION_DAYS
            && (self.visits >= CHAMPION_VISITS || (self.visits >= SPENDER_VISITS && big_spender))
        {
            Segment::Champions
        } else if since < LOYAL_DAYS && self.visits >= LOYAL_VISITS {
            Segment::Loyal
        } else {
            Segment::Promising
        }
    }
}

/// The spend from which a customer is in the top fifth of `spends` (those
/// with some spend); 0 when nobody spent.
pub fn top_fifth(spends: &[i64]) -> i64 {
    let mut with: Vec<i64> = spends.iter().copied().filter(|s| *s > 0).collect();
    if with.is_empty() {
        return 0;
    }
    with.sort_unstable();
    with[(with.len() * 4) / 5]
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000 * DAY_MS;

    fn ago(days: i64) -> i64 {
        NOW - days * DAY_MS
    }

    fn card(created: i64, visits: &[i64], spend: i64) -> Facts {
        Facts {
            created_ms: ago(created),
            first_visit_ms: visits.iter().max().map(|d| ago(*d)),
            last_visit_ms: visits.iter().min().map(|d| ago(*d)),
            visits: visits.len() as u64,
            spend_cents: spend,
        }
    }

    #[test]
    fn each_rule_in_its_order() {
        assert_eq!(card(10, &[], 0).segment(NOW, 0), Segment::New);
        assert_eq!(card(10, &[200], 0).segment(NOW, 0), Segment::New);
        assert_eq!(card(300, &[], 0).segment(NOW, 0), Segment::Lost);
        assert_eq!(card(300, &[190, 200], 0).segment(NOW, 0), Segment::Lost);
        // Usually every 5 days, gone 12: at risk.
        assert_eq!(card(300, &[12, 17, 22], 0).segment(NOW, 0), Segment::AtRisk);
        // One visit 70 days ago: at risk; 20 days ago: promising.
        assert_eq!(card(300, &[70], 0).segment(NOW, 0), Segment::AtRisk);
        assert_eq!(card(300, &[20], 0).segment(NOW, 0), Segment::Promising);
        let weekly: Vec<i64> = (0..10).map(|i| 1 + i * 7).collect();
        assert_eq!(card(300, &weekly, 0).segment(NOW, 0), Segment::Champions);
        let four = [3, 10, 17, 24];
        assert_eq!(card(300, &four, 100).segment(NOW, 0), Segment::Loyal);
        assert_eq!(card(300, &four, 900).segment(NOW, 800), Segment::Champions);
    }

    #[test]
    fn overdue_is_days_since_over_the_usual_gap() {
        let c = card(300, &[15, 25, 35], 0);
        assert_eq!(c.usual_gap_days(), Some(10.0));
        assert_eq!(c.overdue(NOW), Some(1.5));
        assert_eq!(card(300, &[15], 0).overdue(NOW), None);
    }

    #[test]
    fn the_top_fifth_starts_at_the_eightieth_percentile_of_spenders() {
        let spends: Vec<i64> = (1..=10).map(|i| i * 100).chain([0, 0]).collect();
        assert_eq!(top_fifth(&spends), 900);
        assert_eq!(top_fifth(&[0, 0]), 0);
    }
}

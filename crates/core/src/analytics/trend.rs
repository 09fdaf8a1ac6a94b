//! A period cut into steps for the owner's small charts: visits, active
//! customers and the net promoter score, step by step.
//!
//! Steps are one day in a period of up to a month, a week up to half a
//! year, 30 days beyond. They are counted back from the period's end, so
//! every step is whole but the first, which is shorter when the period is
//! not a whole number of steps (its dates say so).

use serde::{Deserialize, Serialize};

use super::{Period, net_promoter_score};
use crate::calendar::DAY_MS;

/// The length of one step of `period`'s trend, in days.
pub fn step_days(period: Period) -> i64 {
    match period.days() {
        days if days <= 31 => 1,
        days if days <= 190 => 7,
        _ => 30,
    }
}

/// `period` cut into steps of [`step_days`], oldest first.
pub fn steps(period: Period) -> Vec<Period> {
    let step = step_days(period) * DAY_MS;
    let mut steps = Vec::new();
    let mut to_ms = period.to_ms;
    while to_ms > period.from_ms {
        let from_ms = (to_ms - step).max(period.from_ms);
        steps.push(Period { from_ms, to_ms });
        to_ms = from_ms;
    }
    steps.reverse();
    steps
}

/// What one step holds.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendStep {
    /// Its days.
    pub period: Period,
    /// Visits.
    pub visits: u64,
    /// Cards with at least one visit in the step.
    pub active_customers: u64,
    /// Feedback answers given in the step.
    pub answers: u64,
    /// Of them, 9 or 10.
    pub promoters: u64,
    /// Of them, 0 to 6.
    pub detractors: u64,
}

impl TrendStep {
    /// The step's net promoter score, from −100 to 100; `None` below
    /// [`super::MIN_BASE`] answers, as for a period.
    pub fn nps(&self) -> Option<f64> {
        net_promoter_score(self.answers, self.promoters, self.detractors)
    }
}

/// A period's steps, oldest first (see [`steps`]).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    /// The length of a step, in days (the first step may be shorter).
    pub step_days: i64,
    pub steps: Vec<TrendStep>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(from: i64, to: i64) -> Period {
        Period {
            from_ms: from * DAY_MS,
            to_ms: to * DAY_MS,
        }
    }

    #[test]
    fn steps_cover_the_period_back_from_its_end() {
        let week = steps(days(100, 107));
        assert_eq!(week.len(), 7);
        assert_eq!(week[0], days(100, 101));
        assert_eq!(week[6], days(106, 107));

        // 90 days in weeks: 12 whole weeks and 6 days first.
        let quarter = steps(days(10, 100));
        assert_eq!(quarter.len(), 13);
        assert_eq!(quarter[0], days(10, 16));
        assert_eq!(quarter[1], days(16, 23));
        assert_eq!(quarter[12], days(93, 100));

        // A year in 30 days: 12 whole and 5 days first.
        let year = steps(days(0, 365));
        assert_eq!(year.len(), 13);
        assert_eq!(year[0], days(0, 5));
        assert_eq!(year[12], days(335, 365));
        for pair in year.windows(2) {
            assert_eq!(pair[0].to_ms, pair[1].from_ms);
        }
    }

    #[test]
    fn a_steps_score_needs_enough_answers() {
        let step = |answers, promoters, detractors| TrendStep {
            period: days(0, 1),
            visits: 0,
            active_customers: 0,
            answers,
            promoters,
            detractors,
        };
        assert_eq!(step(9, 9, 0).nps(), None);
        assert_eq!(step(10, 6, 2).nps(), Some(40.0));
        assert_eq!(step(20, 0, 20).nps(), Some(-100.0));
    }
}

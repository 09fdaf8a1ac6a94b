//! What each staff member gave in a period, and the days well above their
//! usual (a barista stamping friends' cards shows as such a day). The rule,
//! as the back office states it: a staff member's usual is the median of
//! the stamps they gave on the days they gave any, over the 90 days up to
//! the period's end; a day is flagged when they gave at least three times
//! their usual and at least 10 stamps more. Fewer than 5 such days: no
//! usual yet, nothing flagged.

use serde::{Deserialize, Serialize};

use super::Period;
use crate::calendar::DAY_MS;

/// Days looked at for a staff member's usual.
pub const USUAL_DAYS: i64 = 90;
/// Days with stamps needed before a usual is known.
pub const MIN_DAYS: usize = 5;
/// A flagged day gives at least this many times the usual...
pub const TIMES_USUAL: f64 = 3.0;
/// ...and at least this many stamps more.
pub const MORE_THAN_USUAL: f64 = 10.0;

/// One staff member's totals for one day, as the store counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffDay {
    /// Who (two staff members may share a name).
    pub staff_id: i64,
    pub staff: String,
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    pub visits: u64,
    pub stamps: i64,
    pub points: i64,
    pub redemptions: u64,
}

/// A day well above a staff member's usual.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnusualDay {
    /// The day's start, Unix milliseconds (midnight UTC).
    pub day_ms: i64,
    /// Stamps given that day.
    pub stamps: i64,
    /// Their usual stamps on a working day.
    pub usual: f64,
}

/// Stamps added inside the program's cooldown, with the staff member's reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CooldownOverride {
    /// When (Unix ms).
    pub at_ms: i64,
    /// The card.
    pub member_code: crate::MemberCode,
    /// Stamps added.
    pub stamps: i64,
    /// Why, as typed at the counter.
    pub reason: String,
}

/// One staff member's period.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffActivity {
    /// The name shown at the counter.
    pub staff: String,
    pub visits: u64,
    pub stamps: i64,
    pub points: i64,
    pub redemptions: u64,
    /// Their usual stamps on a working day, once known.
    pub usual_stamps: Option<f64>,
    /// The period's days well above it, oldest first.
    pub unusual_days: Vec<UnusualDay>,
    /// Stamps they added inside the cooldown, newest first.
    #[serde(default)]
    pub overrides: Vec<CooldownOverride>,
}

/// `GET /owner/staff-activity`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffReport {
    pub period: Period,
    pub staff: Vec<StaffActivity>,
}

/// The span whose days the store must count for `period`'s report.
pub fn span_for(period: Period) -> Period {
    Period {
        from_ms: period.from_ms.min(period.to_ms - USUAL_DAYS * DAY_MS),
        to_ms: period.to_ms,
    }
}

/// The median of `values` (not empty).
fn median(values: &mut [i64]) -> f64 {
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    }
}

/// Each staff member's period from their days over [`span_for`]`(period)`,
/// by name, with the period's cooldown overrides (by staff id, newest
/// first) of each.
pub fn report(
    days: &[StaffDay],
    overrides: &[(i64, CooldownOverride)],
    period: Period,
) -> Vec<StaffActivity> {
    let mut ids: Vec<(&str, i64)> = days
        .iter()
        .map(|d| (d.staff.as_str(), d.staff_id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let usual_from = (period.to_ms - USUAL_DAYS * DAY_MS) / DAY_MS;
    ids.into_iter()
        .filter_map(|(name, id)| {
            let mine: Vec<&StaffDay> = days.iter().filter(|d| d.staff_id == id).collect();
            let mut worked: Vec<i64> = mine
                .iter()
                .filter(|d| d.day >= usual_from && d.stamps > 0)
                .map(|d| d.stamps)
                .collect();
            let usual = (worked.len() >= MIN_DAYS).then(|| median(&mut worked));
            let inside: Vec<&&StaffDay> = mine
                .iter()
                .filter(|d| period.holds(d.day * DAY_MS))
                .collect();
            if inside.is_empty() {
                return None;
            }
            let unusual_days = usual
                .map(|usual| {
                    inside
                        .iter()
                        .filter(|d| {
                            let s = d.stamps as f64;
                            s >= usual * TIMES_USUAL && s >= usual + MORE_THAN_USUAL
                        })
                        .map(|d| UnusualDay {
                            day_ms: d.day * DAY_MS,
                            stamps: d.stamps,
                            usual,
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(StaffActivity {
                staff: name.to_owned(),
                visits: inside.iter().map(|d| d.visits).sum(),
                stamps: inside.iter().map(|d| d.stamps).sum(),
                points: inside.iter().map(|d| d.points).sum(),
                redemptions: inside.iter().map(|d| d.redemptions).sum(),
                usual_stamps: usual,
                unusual_days,
                overrides: overrides
                    .iter()
                    .filter(|(staff, _)| *staff == id)
                    .map(|(_, o)| o.clone())
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(staff: &str, day: i64, stamps: i64) -> StaffDay {
        StaffDay {
            staff_id: staff.len() as i64,
            staff: staff.into(),
            day,
            visits: stamps as u64,
            stamps,
            points: 0,
            redemptions: 0,
        }
    }

    #[test]
    fn a_day_far_above_the_usual_is_flagged_and_the_totals_are_the_periods() {
        let period = Period {
            from_ms: 100 * DAY_MS,
            to_ms: 107 * DAY_MS,
        };
        let mut days: Vec<StaffDay> = (60..106).map(|d| day("Anna", d, 4)).collect();
        days.push(day("Anna", 106, 40));
        // Marco works little: no usual yet, nothing flagged.
        days.extend([day("Marcello", 101, 30), day("Marcello", 102, 2)]);
        let report = report(&days, &[], period);
        let anna = &report[0];
        assert_eq!(anna.staff, "Anna");
        assert_eq!(anna.usual_stamps, Some(4.0));
        assert_eq!(anna.stamps, 6 * 4 + 40);
        assert_eq!(
            anna.unusual_days,
            vec![UnusualDay {
                day_ms: 106 * DAY_MS,
                stamps: 40,
                usual: 4.0
            }]
        );
        let marco = &report[1];
        assert_eq!((marco.stamps, marco.usual_stamps), (32, None));
        assert!(marco.unusual_days.is_empty());
        // A busy day that is not three times the usual, or not 10 more.
        let days: Vec<StaffDay> = (90..100)
            .map(|d| day("Anna", d, 2))
            .chain([day("Anna", 100, 11)])
            .collect();
        assert!(super::report(&days, &[], period)[0].unusual_days.is_empty());
    }
}

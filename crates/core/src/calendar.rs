//! Calendar arithmetic on whole days, without a date library: the birthday
//! window needs only "which day is it" and "how far apart are two days".
//!
//! Days are counted from 1970-01-01 (day 0), in UTC. The conversion is Howard
//! Hinnant's `days_from_civil` algorithm, exact for the proleptic Gregorian
//! calendar.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Whether `year` has a 29 February.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The UTC date of a Unix time in milliseconds.
    pub fn from_unix_ms(ms: i64) -> Self {
        Self::from_days(ms.div_euclid(DAY_MS))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(input: &str) -> Option<Self> {
        let mut parts = input.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A birthday (month and day; the year is not needed and not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birthday {
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31 (29 February allowed).
    pub day: u8,
}

impl Birthday {
    /// A valid month and day (checked against a leap year, so 29 February is fine).
    pub fn new(month: u8, day: u8) -> Option<Self> {
        (day >= 1 && day <= days_in_month(2000, month)).then_some(Self { month, day })
    }

    /// Parses `MM-DD`.
    pub fn parse(input: &str) -> Option<Self> {
        let (m, d) = input.trim().split_once('-')?;
        Self::new(m.parse().ok()?, d.parse().ok()?)
    }

    /// The day it falls on in `year`; 29 February is kept on 28 February in
    /// years without one.
    pub fn in_year(self, year: i32) -> Date {
        let day = self.day.min(days_in_month(year, self.month));
        Date {
            year,
            month: self.month,
            day,
        }
    }

    /// The year whose birthday `today` is within `window_days` of, if any.
    /// The window may span a new year (a 2 January birthday seen on 30 December).
    pub fn window_year(self, today: Date, window_days: u16) -> Option<i32> {
        let t = today.to_days();
        (today.year - 1..=today.year + 1)
            .find(|&y| (self.in_year(y).to_days() - t).abs() <= i64::from(window_days))
    }
}

/// Whether the birthday gift is due at `now_ms`: the card has a birthday, the
/// day is within `window_days` of it, and the gift has not been paid for that
/// birthday's year (`paid_year`, 0 for never). Returns the year it is for and
/// the last day of the window (Unix ms, end of day).
pub fn birthday_gift_due(
    birthday: Option<Birthday>,
    window_days: u16,
    paid_year: i32,
    now_ms: i64,
) -> Option<(i32, i64)> {
    let birthday = birthday?;
    let today = Date::from_unix_ms(now_ms);
    let year = birthday.window_year(today, window_days)?;
    if paid_year >= year {
        return None;
    }
    let last_day = birthday.in_year(year).to_days() + i64::from(window_days);
    Some((year, (last_day + 1) * DAY_MS - 1))
}

impl std::fmt::Display for Birthday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// The day `months` calendar months after `day` (Unix days), its day of
/// the month kept where the month has it, else its last day (31 January
/// + 1 month = 28 or 29 February).
pub fn add_months(day: i64, months: u32) -> i64 {
    let date = Date::from_days(day);
    let index = i64::from(date.year) * 12 + i64::from(date.month) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
    let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(12);
    let day_of = date.day.min(days_in_month(year, month));
    Date::new(year, month, day_of).map_or(day, Date::to_days)
}

/// When points last touched (earned, spent or given) at `last_ms` expire
/// after `months` months: at the end of the day `months` months on (UTC).
pub fn points_expire_at(last_ms: i64, months: u32) -> i64 {
    (add_months(last_ms.div_euclid(DAY_MS), months) + 1) * DAY_MS
}

/// The earliest moment whose points have not expired at `now_ms` after
/// `months` months: points last touched before it have. (The inverse of
/// [`points_expire_at`], which month lengths keep from being a subtraction.)
pub fn points_expiry_cutoff(now_ms: i64, months: u32) -> i64 {
    // Expired when the end of the day `months` on is at or before now.
    let expired = |day: i64| (add_months(day, months) + 1) * DAY_MS <= now_ms;
    let mut day = now_ms.div_euclid(DAY_MS) - i64::from(months) * 31 - 2;
    while expired(day) {
        day += 1;
    }
    day * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn months_are_added_on_the_calendar() {
        let day = |y, m, d| Date::new(y, m, d).unwrap().to_days();
        assert_eq!(add_months(day(2026, 3, 3), 12), day(2027, 3, 3));
        assert_eq!(add_months(day(2026, 1, 31), 1), day(2026, 2, 28));
        assert_eq!(add_months(day(2027, 12, 31), 2), day(2028, 2, 29));
        assert_eq!(add_months(day(2026, 11, 15), 3), day(2027, 2, 15));
    }

    proptest! {
        #[test]
        fn the_cutoff_is_where_points_begin_to_last(now in 0i64..4_000_000_000_000, months in 1u32..36) {
            let cutoff = points_expiry_cutoff(now, months);
            prop_assert!(points_expire_at(cutoff, months) > now, "from the cutoff on, points last");
            prop_assert!(points_expire_at(cutoff - 1, months) <= now, "just before it, they are gone");
        }
    }

    #[test]
    fn known_days_convert_both_ways() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
        assert_eq!(Date::from_days(20_780), Date::new(2026, 11, 23).unwrap());
        assert_eq!(Date::from_unix_ms(-1), Date::new(1969, 12, 31).unwrap());
    }

    #[test]
    fn invalid_dates_are_refused() {
        assert!(Date::new(2026, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert_eq!(Date::parse("2026-11-23").unwrap().to_string(), "2026-11-23");
    }

    #[test]
    fn a_leap_day_birthday_falls_on_the_28th_in_other_years() {
        let b = Birthday::parse("02-29").unwrap();
        assert_eq!(b.in_year(2026), Date::new(2026, 2, 28).unwrap());
        assert_eq!(b.in_year(2028), Date::new(2028, 2, 29).unwrap());
    }

    #[test]
    fn the_birthday_window_spans_the_new_year() {
        let b = Birthday::parse("01-02").unwrap();
        assert_eq!(
            b.window_year(Date::new(2026, 12, 30).unwrap(), 7),
            Some(2027)
        );
        assert_eq!(b.window_year(Date::new(2027, 1, 9).unwrap(), 7), Some(2027));
        assert_eq!(b.window_year(Date::new(2027, 1, 10).unwrap(), 7), None);
        assert_eq!(b.window_year(Date::new(2027, 6, 1).unwrap(), 7), None);
    }

    #[test]
    fn the_birthday_gift_is_due_once_a_year_inside_the_window() {
        let b = Birthday::parse("11-25");
        let now = Date::new(2026, 11, 23).unwrap().to_days() * DAY_MS;
        let (year, until) = birthday_gift_due(b, 7, 0, now).unwrap();
        assert_eq!(
            (year, Date::from_unix_ms(until)),
            (2026, Date::new(2026, 12, 2).unwrap())
        );
        assert_eq!(
            birthday_gift_due(b, 7, 2026, now),
            None,
            "already paid this year"
        );
        assert_eq!(
            birthday_gift_due(b, 1, 0, now),
            None,
            "outside a one-day window"
        );
        assert_eq!(birthday_gift_due(None, 7, 0, now), None);
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..1_000_000) {
            let date = Date::from_days(days);
            prop_assert_eq!(date.to_days(), days);
            prop_assert!(Date::new(date.year, date.month, date.day).is_some());
        }
    }
}

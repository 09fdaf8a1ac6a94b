//! Signing in at the counter or the back office: how long an account waits
//! after wrong PINs or passwords in a row, whatever address they come from.
//!
//! The first [`FREE_FAILURES`] wrong tries in a row cost nothing (a barista
//! mistyping); after that each one pauses the account's sign-ins, doubling
//! from [`FIRST_PAUSE_MS`] up to [`LONGEST_PAUSE_MS`]. A right PIN ends the
//! run; so does a new PIN or password given by the owner. An attacker thus
//! gets about four guesses an hour at one account however many addresses
//! they use (12 in the first hour, 104 a day, 35,048 a year): a 6-digit
//! PIN takes over 14 years on average, 28 at most.

/// Wrong tries in a row before sign-ins pause.
pub const FREE_FAILURES: u32 = 5;
/// The first pause.
pub const FIRST_PAUSE_MS: i64 = 30_000;
/// The longest pause: the back-off stops growing here.
pub const LONGEST_PAUSE_MS: i64 = 15 * 60_000;

/// How long the account's sign-ins pause after its `in_a_row`-th wrong try
/// in a row.
pub fn pause_after(in_a_row: u32) -> i64 {
    if in_a_row < FREE_FAILURES {
        return 0;
    }
    let doublings = (in_a_row - FREE_FAILURES).min(16);
    (FIRST_PAUSE_MS << doublings).min(LONGEST_PAUSE_MS)
}

/// How many tries one attacker gets at one account in `hours`, trying again
/// the moment each pause ends (every try wrong).
pub fn most_tries_in(hours: i64) -> u64 {
    let end = hours * 3_600_000;
    let (mut now, mut tries, mut in_a_row) = (0i64, 0u64, 0u32);
    while now < end {
        tries += 1;
        in_a_row += 1;
        now += pause_after(in_a_row).max(1);
    }
    tries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_starts_after_five_wrong_tries_and_doubles_to_a_quarter_hour() {
        assert_eq!(pause_after(1), 0);
        assert_eq!(pause_after(4), 0);
        assert_eq!(pause_after(5), 30_000);
        assert_eq!(pause_after(6), 60_000);
        assert_eq!(pause_after(9), 480_000);
        assert_eq!(pause_after(10), LONGEST_PAUSE_MS);
        assert_eq!(pause_after(u32::MAX), LONGEST_PAUSE_MS);
    }

    #[test]
    fn a_six_digit_pin_is_out_of_reach() {
        // The first hour: five free tries, then 30 s, 1, 2, 4, 8 min, then
        // every quarter of an hour.
        assert_eq!(most_tries_in(1), 12);
        assert_eq!(most_tries_in(24), 104);
        // All million 6-digit PINs take over 28 years at this pace; half
        // of them, the average, over 14.
        let a_year = most_tries_in(24 * 365);
        assert_eq!(a_year, 35_048);
        assert!(1_000_000 / a_year >= 28);
    }
}

//! The owner's values, checked once for the server and the back office: each
//! function returns the value as stored (names trimmed, empty gifts off), or
//! *every* field that is wrong, so a form can mark them all at once:
//! `program` for the program's rules, rewards, tiers and promotions,
//! `accounts` for staff accounts, `business` for opening and presenting a
//! business.

mod accounts;
mod business;
mod campaigns;
mod program;

pub use accounts::{account_update, new_account};
pub use business::{LOCALES, OpenBusiness, business_update, open_business};
pub use campaigns::{broadcast, campaign};
pub use program::{program, promotion, reward, tier};

use crate::api::{FieldError, Role};
use crate::codes::Passcode;

/// What is wrong with a field. Each app puts it into words of its own
/// language; [`Problem::english`] is the API's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A whole number outside `min..=max`.
    Range { min: i64, max: i64 },
    /// A number below `min`.
    AtLeast { min: i64 },
    /// A number above `max`.
    AtMost { max: i64 },
    /// A name that is empty, longer than `max` characters or has control
    /// characters.
    Text { max: usize },
    /// More than `max` entries.
    TooMany { max: usize },
    /// Not a three-letter ISO 4217 code.
    Currency,
    /// An end that is not after the start.
    NotAfterStart,
    /// Not 2 to 32 lower-case letters, digits, `.`, `_` or `-`.
    Username,
    /// A PIN for an owner account, which needs a password.
    OwnerNeedsPassword,
    /// A new PIN shorter than [`Passcode::PIN_MIN_NEW`] digits (shorter
    /// ones made before still sign in).
    ShortPin,
    /// An account made an owner without a password in the same request.
    PasswordToBecomeOwner,
    /// Not a password of 10 to 128 characters without control characters.
    Password,
    /// Not 2 to 48 lower-case letters, digits and single inner dashes.
    Slug,
    /// A word the server's own paths use.
    Reserved,
    /// Not one of the languages the apps speak.
    Locale,
    /// Not a colour written `#rrggbb`.
    Colour,
    /// Not a time zone's name such as `Europe/Rome`.
    TimeZone,
}

impl Problem {
    /// The sentence the API sends, e.g. "must be between 1 and 50".
    pub fn english(&self) -> String {
        match self {
            Problem::Range { min, max } => format!("must be between {min} and {max}"),
            Problem::AtLeast { min } => format!("must be at least {min}"),
            Problem::AtMost { max } => format!("must be at most {max}"),
            Problem::Text { max } => {
                format!("must be 1 to {max} characters, without control characters")
            }
            Problem::TooMany { max } => format!("at most {max} entries"),
            Problem::Currency => "must be an ISO 4217 code such as EUR".into(),
            Problem::NotAfterStart => "must be after starts_at_ms".into(),
            Problem::Username => {
                "must be 2 to 32 lower-case letters, digits, '.', '_' or '-'".into()
            }
            Problem::OwnerNeedsPassword => {
                "an owner account needs a password of at least 10 characters, not a PIN".into()
            }
            Problem::ShortPin => format!(
                "a new PIN needs at least {} digits (a longer PIN cannot be guessed)",
                Passcode::PIN_MIN_NEW
            ),
            Problem::PasswordToBecomeOwner => {
                "an account becoming an owner needs a password in the same request".into()
            }
            Problem::Password => {
                "must be a password of 10 to 128 characters, without control characters".into()
            }
            Problem::Slug => {
                "must be 2 to 48 lower-case letters, digits and single dashes, e.g. caffe-aurora"
                    .into()
            }
            Problem::Reserved => "is a word Timbro's own addresses use; choose another".into(),
            Problem::Locale => format!("must be one of {}", LOCALES.join(", ")),
            Problem::Colour => "must be a colour written #rrggbb, e.g. #7b3f1d".into(),
            Problem::TimeZone => "must be a time zone such as Europe/Rome".into(),
        }
    }
}

/// One wrong field: its path in the body (`points.points_per_unit`,
/// `perks[2]`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field's path.
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl From<Invalid> for FieldError {
    fn from(invalid: Invalid) -> Self {
        FieldError {
            field: invalid.field,
            message: invalid.problem.english(),
        }
    }
}

/// A checked value, or every field that is wrong (in the body's order).
pub type Checked<T> = Result<T, Vec<Invalid>>;

/// Collects the problems of one body.
#[derive(Default)]
struct Report(Vec<Invalid>);

impl Report {
    fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(Invalid {
            field: field.into(),
            problem,
        });
    }

    /// `value` trimmed, if it is 1 to `max` characters without control
    /// characters; else noted against `field`.
    fn text(&mut self, field: impl Into<String>, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
            self.add(field, Problem::Text { max });
        }
        value.to_owned()
    }

    /// Notes `field` unless `value` is an ISO 4217 code (three capitals).
    fn currency(&mut self, field: &str, value: &str) {
        if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
            self.add(field, Problem::Currency);
        }
    }

    /// Notes `field` unless `value` is one of [`LOCALES`].
    fn locale(&mut self, field: &str, value: &str) {
        if !LOCALES.contains(&value) {
            self.add(field, Problem::Locale);
        }
    }

    /// Notes `field` if `value` is above `max`.
    fn at_most(&mut self, field: &str, value: i64, max: i64) {
        if value > max {
            self.add(field, Problem::AtMost { max });
        }
    }

    /// Notes `field` unless `min <= value <= max`.
    fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if !(min..=max).contains(&value) {
            self.add(field, Problem::Range { min, max });
        }
    }

    /// Whether nothing was noted.
    fn is_clean(&self) -> bool {
        self.0.is_empty()
    }

    /// What was noted.
    fn into_problems(self) -> Vec<Invalid> {
        self.0
    }

    fn done<T>(self, value: T) -> Checked<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// Owners change the program and the accounts: a PIN is too weak for that.
/// Staff PINs given now have at least [`Passcode::PIN_MIN_NEW`] digits.
fn owner_password(report: &mut Report, role: Role, passcode: &Passcode) {
    if role == Role::Owner && passcode.is_pin() {
        report.add("passcode", Problem::OwnerNeedsPassword);
    } else if passcode.is_short_pin() {
        report.add("passcode", Problem::ShortPin);
    }
}

/// Whether `username` is 2 to 32 lower-case letters, digits, `.`, `_` or `-`.
fn is_username(username: &str) -> bool {
    (2..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

//! The owner's values, checked once for the server and the back office: each
//! function returns the value as stored (names trimmed, empty gifts off), or
//! *every* field that is wrong, so a form can mark them all at once.

use crate::api::{
    FieldError, NewPromotion, NewReward, NewStaffAccount, ProgramUpdate, Role, StaffAccountUpdate,
};
use crate::codes::Passcode;
use crate::program::{Promotion, RewardCost, StampEarn, Tier};

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
    /// An account made an owner without a password in the same request.
    PasswordToBecomeOwner,
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
            Problem::PasswordToBecomeOwner => {
                "an account becoming an owner needs a password in the same request".into()
            }
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

    /// Notes `field` unless `min <= value <= max`.
    fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if !(min..=max).contains(&value) {
            self.add(field, Problem::Range { min, max });
        }
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
fn owner_password(report: &mut Report, role: Role, passcode: &Passcode) {
    if role == Role::Owner && passcode.is_pin() {
        report.add("passcode", Problem::OwnerNeedsPassword);
    }
}

/// The program's rules, as stored: a gift of nothing is stored as no gift.
pub fn program(body: &ProgramUpdate) -> Checked<ProgramUpdate> {
    let mut r = Report::default();
    r.range("stamps_required", body.stamps_required.into(), 1, 50);
    let stamp_reward = r.text("stamp_reward", &body.stamp_reward, 60);
    if let StampEarn::PerAmount { cents: 0 } = body.earn {
        r.add("earn.cents", Problem::AtLeast { min: 1 });
    }
    if body.points.points_per_unit > 1_000 {
        r.add("points.points_per_unit", Problem::AtMost { max: 1_000 });
    }
    if body.currency.len() != 3 || !body.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        r.add("currency", Problem::Currency);
    }
    if body.birthday.is_some_and(|b| b.window_days > 60) {
        r.add("birthday.window_days", Problem::AtMost { max: 60 });
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
    if body.min_points < 0 {
        r.add("min_points", Problem::AtLeast { min: 0 });
    }
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

/// Whether `username` is 2 to 32 lower-case letters, digits, `.`, `_` or `-`.
fn is_username(username: &str) -> bool {
    (2..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// A new account, its user name and display name trimmed.
pub fn new_account(body: &NewStaffAccount) -> Checked<NewStaffAccount> {
    let mut r = Report::default();
    let username = body.username.trim().to_owned();
    if !is_username(&username) {
        r.add("username", Problem::Username);
    }
    let display_name = r.text("display_name", &body.display_name, 40);
    owner_password(&mut r, body.role, &body.passcode);
    r.done(NewStaffAccount {
        username,
        display_name,
        ..body.clone()
    })
}

/// A change to an account whose role is `current` now: a new display name
/// trimmed; an account that is or becomes an owner's needs a password, given
/// in the same request when it becomes one.
pub fn account_update(body: &StaffAccountUpdate, current: Role) -> Checked<StaffAccountUpdate> {
    let mut r = Report::default();
    let display_name = body
        .display_name
        .as_deref()
        .map(|n| r.text("display_name", n, 40));
    let role = body.role.unwrap_or(current);
    match &body.passcode {
        Some(passcode) => owner_password(&mut r, role, passcode),
        None if role == Role::Owner && current != Role::Owner => {
            r.add("passcode", Problem::PasswordToBecomeOwner);
        }
        None => {}
    }
    r.done(StaffAccountUpdate {
        display_name,
        ..body.clone()
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
            },
            currency: "EUR".into(),
            welcome_points: 0,
            birthday: Some(BirthdayRule {
                points: 0,
                window_days: 7,
            }),
            referral: None,
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
            },
            currency: "euro".into(),
            birthday: Some(BirthdayRule {
                points: 10,
                window_days: 61,
            }),
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

    #[test]
    fn an_owner_needs_a_password_when_made_and_when_promoted() {
        let pin = Passcode::parse("1234").unwrap();
        let account = NewStaffAccount {
            username: "Bad Name".into(),
            display_name: "Luca".into(),
            role: Role::Owner,
            passcode: pin.clone(),
        };
        assert_eq!(fields(new_account(&account)), ["username", "passcode"]);
        let promote = StaffAccountUpdate {
            role: Some(Role::Owner),
            ..Default::default()
        };
        assert_eq!(fields(account_update(&promote, Role::Staff)), ["passcode"]);
        assert!(account_update(&promote, Role::Owner).is_ok());
        let new_pin = StaffAccountUpdate {
            passcode: Some(pin),
            ..Default::default()
        };
        assert_eq!(fields(account_update(&new_pin, Role::Owner)), ["passcode"]);
        assert!(account_update(&new_pin, Role::Staff).is_ok());
    }
}

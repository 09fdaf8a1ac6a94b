//! Staff and owner accounts.

use super::{Checked, Problem, Report, is_username, owner_password};
use crate::api::{NewStaffAccount, Role, StaffAccountUpdate};

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
    use crate::codes::Passcode;

    fn fields<T: std::fmt::Debug>(checked: Checked<T>) -> Vec<String> {
        checked.unwrap_err().into_iter().map(|i| i.field).collect()
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
            passcode: Some(Passcode::parse("123456").unwrap()),
            ..Default::default()
        };
        assert_eq!(fields(account_update(&new_pin, Role::Owner)), ["passcode"]);
        assert!(account_update(&new_pin, Role::Staff).is_ok());
    }

    #[test]
    fn a_pin_given_now_has_six_digits_though_four_still_sign_in() {
        let four = Passcode::parse("1234").expect("a 4-digit PIN still signs in");
        assert!(four.is_short_pin());
        let account = NewStaffAccount {
            username: "luca".into(),
            display_name: "Luca".into(),
            role: Role::Staff,
            passcode: four.clone(),
        };
        let problems = new_account(&account).unwrap_err();
        assert_eq!(problems[0].field, "passcode");
        assert_eq!(problems[0].problem, crate::validate::Problem::ShortPin);
        let change = StaffAccountUpdate {
            passcode: Some(four),
            ..Default::default()
        };
        assert_eq!(fields(account_update(&change, Role::Staff)), ["passcode"]);
        let six = NewStaffAccount {
            passcode: Passcode::parse("975310").unwrap(),
            ..account
        };
        assert!(new_account(&six).is_ok());
        assert!(!Passcode::parse("a long password").unwrap().is_short_pin());
    }
}

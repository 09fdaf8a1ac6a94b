//! A campaign's settings.

use super::program::{MAX_BIRTHDAY_WINDOW, MAX_GIFT};
use super::{Checked, Report};
use crate::campaigns::{
    Broadcast, CampaignKind, CampaignSettings, CampaignWords, Gift, MAX_BODY, MAX_OFFER_DAYS,
    MAX_TITLE, OfferRule, POINTS_TO_GO, WIN_BACK_DAYS,
};

/// The most bonus points an offer can give.
const MAX_BONUS: i64 = 100_000;

/// A campaign's settings as stored: texts trimmed, every wrong field named.
pub fn campaign(kind: CampaignKind, body: &CampaignSettings) -> Checked<CampaignSettings> {
    let mut r = Report::default();
    let (min, max) = WIN_BACK_DAYS;
    if kind.has_days() {
        r.range("days", body.days.into(), min.into(), max.into());
    }
    if kind.has_points() {
        let (min, max) = POINTS_TO_GO;
        r.range("points", body.points.into(), min.into(), max.into());
    }
    let offer = body.offer.as_ref().map(|offer| offer_rule(&mut r, offer));
    // The birthday's gift: a gift of no points is no gift.
    let birthday_gift = body
        .birthday_gift
        .filter(|g| kind == CampaignKind::Birthday && g.points > 0);
    if let Some(g) = birthday_gift {
        r.at_most("birthday_gift.points", g.points.into(), MAX_GIFT);
        r.at_most(
            "birthday_gift.window_days",
            g.window_days.into(),
            MAX_BIRTHDAY_WINDOW,
        );
    }
    let words = body.words.as_ref().map(|w| words(&mut r, w));
    r.done(CampaignSettings {
        enabled: body.enabled,
        // Days and points mean nothing to the campaigns without them: kept
        // as 0.
        days: if kind.has_days() { body.days } else { 0 },
        points: if kind.has_points() { body.points } else { 0 },
        offer,
        birthday_gift,
        words,
    })
}

/// A message sent now: its words required, every wrong field named.
pub fn broadcast(body: &Broadcast) -> Checked<Broadcast> {
    let mut r = Report::default();
    let words = words(&mut r, &body.words);
    let offer = body.offer.as_ref().map(|offer| offer_rule(&mut r, offer));
    r.done(Broadcast {
        segment: body.segment,
        words,
        offer,
    })
}

/// An offer's rule, its name trimmed.
fn offer_rule(r: &mut Report, offer: &OfferRule) -> OfferRule {
    r.range(
        "offer.valid_days",
        offer.valid_days.into(),
        1,
        MAX_OFFER_DAYS.into(),
    );
    let gift = match &offer.gift {
        Gift::BonusPoints { points } => {
            r.range("offer.gift.points", (*points).into(), 1, MAX_BONUS);
            offer.gift.clone()
        }
        Gift::FreeItem { name } => Gift::FreeItem {
            name: r.text("offer.gift.name", name, 40),
        },
        Gift::Discount { percent } => {
            r.range("offer.gift.percent", (*percent).into(), 1, 100);
            offer.gift.clone()
        }
    };
    OfferRule {
        gift,
        valid_days: offer.valid_days,
    }
}

/// A message's title and text, trimmed.
fn words(r: &mut Report, w: &CampaignWords) -> CampaignWords {
    CampaignWords {
        title: r.text("words.title", &w.title, MAX_TITLE),
        body: r.text("words.body", &w.body, MAX_BODY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrong_field_of_a_campaign_is_named_at_once() {
        let bad = CampaignSettings {
            enabled: true,
            days: 3,
            points: 0,
            birthday_gift: None,
            offer: Some(OfferRule {
                gift: Gift::Discount { percent: 0 },
                valid_days: 0,
            }),
            words: Some(CampaignWords {
                title: " ".into(),
                body: "x".repeat(301),
            }),
        };
        let fields: Vec<String> = campaign(CampaignKind::WinBack, &bad)
            .unwrap_err()
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(
            fields,
            [
                "days",
                "offer.valid_days",
                "offer.gift.percent",
                "words.title",
                "words.body"
            ]
        );
    }

    #[test]
    fn a_good_campaign_is_stored_trimmed() {
        let good = CampaignSettings {
            enabled: true,
            days: 45,
            points: 0,
            birthday_gift: None,
            offer: Some(OfferRule {
                gift: Gift::FreeItem {
                    name: " cappuccino ".into(),
                },
                valid_days: 14,
            }),
            words: None,
        };
        let stored = campaign(CampaignKind::WinBack, &good).unwrap();
        assert_eq!(
            stored.offer.unwrap().gift,
            Gift::FreeItem {
                name: "cappuccino".into()
            }
        );
    }

    #[test]
    fn points_to_go_and_the_birthday_gift_are_checked_for_their_campaigns_only() {
        let mut near = CampaignSettings::default_for(CampaignKind::PointsToGo);
        assert_eq!(near.points, 10);
        near.points = 0;
        let fields: Vec<String> = campaign(CampaignKind::PointsToGo, &near)
            .unwrap_err()
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["points"]);
        let gift = Some(crate::program::BirthdayRule {
            points: 50,
            window_days: 61,
        });
        let birthday = CampaignSettings {
            birthday_gift: gift,
            ..CampaignSettings::default_for(CampaignKind::Birthday)
        };
        let fields: Vec<String> = campaign(CampaignKind::Birthday, &birthday)
            .unwrap_err()
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["birthday_gift.window_days"]);
        // Elsewhere they mean nothing and are not kept.
        let welcome = CampaignSettings {
            points: 5,
            ..birthday
        };
        let stored = campaign(CampaignKind::Welcome, &welcome).unwrap();
        assert_eq!((stored.points, stored.birthday_gift), (0, None));
    }

    #[test]
    fn a_message_sent_now_needs_its_words() {
        let empty = Broadcast {
            segment: None,
            words: CampaignWords {
                title: "".into(),
                body: " ".into(),
            },
            offer: None,
        };
        let fields: Vec<String> = broadcast(&empty)
            .unwrap_err()
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["words.title", "words.body"]);
    }

    #[test]
    fn only_win_back_has_days() {
        let welcome = CampaignSettings {
            enabled: true,
            days: 3,
            points: 0,
            birthday_gift: None,
            offer: None,
            words: None,
        };
        assert_eq!(campaign(CampaignKind::Welcome, &welcome).unwrap().days, 0);
        assert!(campaign(CampaignKind::WinBack, &welcome).is_err());
    }
}

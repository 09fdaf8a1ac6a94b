//! Campaigns that bring customers back: what the owner sets (on or off, the
//! days, the offer, the words), which cards are due, and the message a card
//! gets, in its language. The server decides when and records each send
//! once; this module only defines.
//!
//! **Win-back**: a card whose last visit was `days` ago (45 by default: the
//! seeds say 45 to 60) gets one message, with the offer if there is one, per
//! absence: the absence is named by the last visit's time, so a customer who
//! comes back and stays away again is written to again. Absences that began
//! more than [`WIN_BACK_SPAN_DAYS`] days before they became due are left
//! alone: turning the campaign on does not write to every customer lost
//! long ago.

use serde::{Deserialize, Serialize};

use crate::analytics::segments::Segment;
use crate::calendar::{DAY_MS, Date};
use crate::lang::{Lang, fill};
use crate::program::BirthdayRule;

mod words;
pub use words::default_words;

/// Days away before the win-back message, unless the owner says otherwise.
pub const WIN_BACK_DEFAULT_DAYS: u32 = 45;
/// How many days after becoming due an absence is still written to.
pub const WIN_BACK_SPAN_DAYS: i64 = 30;
/// The fewest and most days away the owner may choose.
pub const WIN_BACK_DAYS: (u32, u32) = (14, 365);
/// How many points from a points reward a card is written to ("a few
/// points to go"), unless the owner says otherwise.
pub const POINTS_TO_GO_DEFAULT: u32 = 10;
/// The fewest and most points to go the owner may choose.
pub const POINTS_TO_GO: (u32, u32) = (1, 10_000);
/// The longest an offer lasts, in days.
pub const MAX_OFFER_DAYS: u32 = 365;
/// The longest title and body the owner may write.
pub const MAX_TITLE: usize = 60;
pub const MAX_BODY: usize = 300;

/// How long after its moment a card is still written to by the campaigns
/// that follow a card's state (welcome, one stamp to go, reward ready):
/// turning one on does not write to every card that was ever in that state.
pub const RECENT_DAYS: i64 = 7;
/// How many days late a birthday is still wished (a server that was off on
/// the day).
pub const BIRTHDAY_LATE_DAYS: i64 = 2;

/// How many days before a card's points expire its reminder is written.
pub const EXPIRY_REMINDER_DAYS: i64 = 14;

/// The campaigns Timbro runs, in the order the back office shows them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignKind {
    /// After joining: once a card.
    Welcome,
    /// One stamp before the stamp card's reward: once each time.
    OneToGo,
    /// A few points (the owner's number) before the cheapest points reward
    /// the card cannot have yet: once a reward, each time.
    PointsToGo,
    /// The stamp card is full, or the card has the points for a reward
    /// (the dearest it can have, named): once each time.
    RewardReady,
    /// The card reached a tier (by points earned in the last 365 days):
    /// once a tier.
    TierReached,
    /// On the customer's birthday (the day they gave): once a year.
    Birthday,
    /// The card's points expire within [`EXPIRY_REMINDER_DAYS`] days: once
    /// for each date.
    PointsExpiring,
    /// No visit for a number of days: an offer to come back, once an
    /// absence.
    WinBack,
}

impl CampaignKind {
    /// Every kind.
    pub const ALL: [CampaignKind; 8] = [
        CampaignKind::Welcome,
        CampaignKind::OneToGo,
        CampaignKind::PointsToGo,
        CampaignKind::RewardReady,
        CampaignKind::TierReached,
        CampaignKind::Birthday,
        CampaignKind::PointsExpiring,
        CampaignKind::WinBack,
    ];

    /// The word the API and the database write.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignKind::Welcome => "welcome",
            CampaignKind::OneToGo => "one_to_go",
            CampaignKind::PointsToGo => "points_to_go",
            CampaignKind::RewardReady => "reward_ready",
            CampaignKind::TierReached => "tier_reached",
            CampaignKind::Birthday => "birthday",
            CampaignKind::PointsExpiring => "points_expiring",
            CampaignKind::WinBack => "win_back",
        }
    }

    /// Whether the owner sets a number of days (win-back's days away); the
    /// others keep 0.
    pub fn has_days(self) -> bool {
        self == CampaignKind::WinBack
    }

    /// Whether the owner sets a number of points (a few points to go); the
    /// others keep 0.
    pub fn has_points(self) -> bool {
        self == CampaignKind::PointsToGo
    }

    /// The kind `word` names.
    pub fn parse(word: &str) -> Option<CampaignKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

/// What an offer gives.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Gift {
    /// Points added on the next visit.
    BonusPoints {
        /// How many.
        points: u32,
    },
    /// Something free, e.g. "a cappuccino".
    FreeItem {
        /// What.
        name: String,
    },
    /// A discount on the next purchase, in percent.
    Discount {
        /// 1 to 100.
        percent: u32,
    },
}

impl Gift {
    /// The gift's kind and value as stored (`name` for a free item).
    pub fn parts(&self) -> (&'static str, i64, &str) {
        match self {
            Gift::BonusPoints { points } => ("bonus_points", (*points).into(), ""),
            Gift::FreeItem { name } => ("free_item", 0, name),
            Gift::Discount { percent } => ("discount", (*percent).into(), ""),
        }
    }

    /// The gift from its stored parts; `None` for a kind this build does not
    /// know.
    pub fn from_parts(kind: &str, value: i64, name: &str) -> Option<Gift> {
        let value = u32::try_from(value).ok()?;
        Some(match kind {
            "bonus_points" => Gift::BonusPoints { points: value },
            "free_item" => Gift::FreeItem { name: name.into() },
            "discount" => Gift::Discount { percent: value },
            _ => return None,
        })
    }

    /// The gift in words: "50 bonus points", "a free cappuccino", "15% off".
    pub fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            (Gift::BonusPoints { points }, Lang::En) => format!("{points} bonus points"),
            (Gift::BonusPoints { points }, Lang::It) => format!("{points} punti extra"),
            (Gift::BonusPoints { points }, Lang::Pl) => format!("{points} dodatkowych punktów"),
            (Gift::FreeItem { name }, Lang::En) => format!("a free {name}"),
            (Gift::FreeItem { name }, Lang::It) => format!("{name} in omaggio"),
            (Gift::FreeItem { name }, Lang::Pl) => format!("{name} gratis"),
            (Gift::Discount { percent }, Lang::En) => format!("{percent}% off"),
            (Gift::Discount { percent }, Lang::It) => format!("uno sconto del {percent}%"),
            (Gift::Discount { percent }, Lang::Pl) => format!("{percent}% zniżki"),
        }
    }
}

/// The offer a campaign puts on a card, and for how long.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferRule {
    /// What it gives.
    pub gift: Gift,
    /// Days it lasts from the message, 1 to [`MAX_OFFER_DAYS`].
    pub valid_days: u32,
}

/// A campaign as the owner sets it (`GET`/`PUT /owner/campaigns/{kind}`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignSettings {
    /// Whether it runs.
    pub enabled: bool,
    /// Win-back: days without a visit, [`WIN_BACK_DAYS`]; 0 for the
    /// others.
    pub days: u32,
    /// A few points to go: how many points (or fewer) from a reward a card
    /// is when it is written to, [`POINTS_TO_GO`]; 0 for the others.
    #[serde(default)]
    pub points: u32,
    /// The offer it gives, if any.
    #[serde(default)]
    pub offer: Option<OfferRule>,
    /// The birthday campaign: the program's birthday gift (points at a
    /// visit near the birthday, given at the counter whether or not the
    /// message is on), or none; `None` for the others. Setting the birthday
    /// campaign sets the gift.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday_gift: Option<BirthdayRule>,
    /// The owner's own title and text, in the business's language; `None`
    /// for Timbro's, in each customer's language. `{1}` in either is the
    /// business's name, `{2}` the offer (the birthday: without an offer, the
    /// gift), `{3}` its last day, `{4}` the tier reached or the reward a few
    /// points away.
    #[serde(default)]
    pub words: Option<CampaignWords>,
}

/// A message's title and text.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignWords {
    /// Up to [`MAX_TITLE`] characters.
    pub title: String,
    /// Up to [`MAX_BODY`] characters.
    pub body: String,
}

/// Body of `POST /owner/messages`: a message the owner sends now, to the
/// customers of one segment (e.g. at risk) or to all, in the owner's words,
/// with an offer if they give one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Broadcast {
    /// Who gets it; `None` for every customer.
    #[serde(default)]
    pub segment: Option<Segment>,
    /// The title and text (`{1}` the business, `{2}` the offer, `{3}` its
    /// last day).
    pub words: CampaignWords,
    /// The offer it puts on each card, if any.
    #[serde(default)]
    pub offer: Option<OfferRule>,
}

/// What sending a [`Broadcast`] did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BroadcastSent {
    /// Cards written to.
    pub messages: u64,
    /// Offers put on them.
    pub offers: u64,
}

/// A campaign as the back office lists it: its settings and what it did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    /// Which campaign.
    pub kind: CampaignKind,
    /// What the owner set (the defaults if never set).
    pub settings: CampaignSettings,
    /// Messages it has written to cards.
    pub sent: i64,
    /// Its offers that customers used.
    pub offers_used: i64,
    /// Its messages pushed to a phone.
    #[serde(default)]
    pub pushed: i64,
    /// Its pushes whose server stopped while sending them: never sent
    /// again, so perhaps not delivered (on the card either way).
    #[serde(default)]
    pub push_unknown: i64,
}

impl CampaignSettings {
    /// A campaign as it starts: off, with Timbro's days and words.
    pub fn default_for(kind: CampaignKind) -> Self {
        Self {
            enabled: false,
            days: if kind.has_days() {
                WIN_BACK_DEFAULT_DAYS
            } else {
                0
            },
            points: if kind.has_points() {
                POINTS_TO_GO_DEFAULT
            } else {
                0
            },
            offer: None,
            birthday_gift: None,
            words: None,
        }
    }
}

/// The message a card gets: title and text in `lang` (the owner's words if
/// set, filled the same way), naming the offer and its last day.
pub fn message(
    kind: CampaignKind,
    settings: &CampaignSettings,
    lang: Lang,
    business: &str,
    offer_until_ms: Option<i64>,
) -> (String, String) {
    message_naming(kind, settings, lang, business, offer_until_ms, "")
}

/// [`message`], with `{4}` in the words filled with `name` (the tier a
/// card reached, the reward a few points away).
pub fn message_naming(
    kind: CampaignKind,
    settings: &CampaignSettings,
    lang: Lang,
    business: &str,
    offer_until_ms: Option<i64>,
    name: &str,
) -> (String, String) {
    let defaults = |with_offer| default_words(kind, lang, with_offer);
    offered(settings, defaults, lang, business, offer_until_ms, name)
}

/// "Reward ready" for a points reward called `reward`: the owner's words
/// if set (`{4}` the reward), else Timbro's for a points reward.
pub fn points_ready_message(
    settings: &CampaignSettings,
    lang: Lang,
    business: &str,
    offer_until_ms: Option<i64>,
    reward: &str,
) -> (String, String) {
    let defaults = |with_offer| words::points_ready_words(lang, with_offer);
    offered(settings, defaults, lang, business, offer_until_ms, reward)
}

/// The owner's words, else `defaults` (given whether an offer is named),
/// filled with the campaign's offer, if any, ending at `offer_until_ms`.
fn offered(
    settings: &CampaignSettings,
    defaults: impl FnOnce(bool) -> (&'static str, &'static str),
    lang: Lang,
    business: &str,
    offer_until_ms: Option<i64>,
    name: &str,
) -> (String, String) {
    let offer = settings.offer.as_ref().zip(offer_until_ms);
    let (title, body) = match &settings.words {
        Some(w) => (w.title.as_str(), w.body.as_str()),
        None => defaults(offer.is_some()),
    };
    let offer = offer.map(|(rule, until)| (rule.gift.words(lang), until));
    filled(title, body, lang, business, offer, name)
}

/// The birthday message when the campaign gives no offer of its own and the
/// program has a birthday gift: `{2}` the gift's points and `{3}` the last
/// day they are given at a visit (`gift_until_ms`, the end of the
/// window).
pub fn birthday_message(
    settings: &CampaignSettings,
    gift: &BirthdayRule,
    lang: Lang,
    business: &str,
    gift_until_ms: i64,
) -> (String, String) {
    let (title, body) = match &settings.words {
        Some(w) => (w.title.as_str(), w.body.as_str()),
        None => (
            default_words(CampaignKind::Birthday, lang, false).0,
            words::birthday_gift_words(lang),
        ),
    };
    let points = Gift::BonusPoints {
        points: gift.points,
    };
    filled(
        title,
        body,
        lang,
        business,
        Some((points.words(lang), gift_until_ms)),
        "",
    )
}

/// `title` and `body` with `{1}` the business, `{2}` the gift in words,
/// `{3}` the last whole day before `until` (ms) and `{4}` `name`.
fn filled(
    title: &str,
    body: &str,
    lang: Lang,
    business: &str,
    gift: Option<(String, i64)>,
    name: &str,
) -> (String, String) {
    let (gift, last_day) = match gift {
        Some((gift, until)) => {
            let day = Date::from_unix_ms(until - 1);
            (
                gift,
                lang.short_date(day.day.into(), u32::from(day.month) - 1),
            )
        }
        None => (String::new(), String::new()),
    };
    let args = [business, gift.as_str(), last_day.as_str(), name];
    (fill(title, &args), fill(body, &args))
}

/// The win-back window at `now_ms` for `days` away: cards whose last visit
/// is in `[from, to)` are due.
pub fn win_back_window(days: u32, now_ms: i64) -> (i64, i64) {
    let to = now_ms - i64::from(days) * DAY_MS;
    (to - WIN_BACK_SPAN_DAYS * DAY_MS, to + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_win_back_message_names_the_offer_and_its_last_day_in_each_language() {
        let settings = CampaignSettings {
            enabled: true,
            days: 45,
            points: 0,
            birthday_gift: None,
            offer: Some(OfferRule {
                gift: Gift::FreeItem {
                    name: "cappuccino".into(),
                },
                valid_days: 14,
            }),
            words: None,
        };
        // 2026-03-15T00:00Z: the offer holds through 14 March.
        let until = 1_773_532_800_000;
        let (title, body) = message(
            CampaignKind::WinBack,
            &settings,
            Lang::It,
            "Caffè Aurora",
            Some(until),
        );
        assert_eq!(title, "Ci manchi, da Caffè Aurora");
        assert_eq!(
            body,
            "È passato un po' di tempo! Sulla tua carta, fino al 14 mar: cappuccino in omaggio."
        );
        let (_, body) = message(
            CampaignKind::WinBack,
            &settings,
            Lang::En,
            "Aurora",
            Some(until),
        );
        assert_eq!(
            body,
            "It has been a while! Waiting on your card until Mar 14: a free cappuccino."
        );
        let plain = CampaignSettings {
            offer: None,
            ..settings
        };
        let (_, body) = message(CampaignKind::WinBack, &plain, Lang::Pl, "Aurora", None);
        assert_eq!(
            body,
            "Dawno Cię nie było! Wpadnij do nas: Twoja karta czeka."
        );
    }

    #[test]
    fn the_owners_words_are_filled_the_same_way() {
        let settings = CampaignSettings {
            enabled: true,
            days: 45,
            points: 0,
            birthday_gift: None,
            offer: Some(OfferRule {
                gift: Gift::BonusPoints { points: 50 },
                valid_days: 7,
            }),
            words: Some(CampaignWords {
                title: "{1} misses you".into(),
                body: "{2} until {3}".into(),
            }),
        };
        let (title, body) = message(
            CampaignKind::WinBack,
            &settings,
            Lang::En,
            "Aurora",
            Some(DAY_MS * 3),
        );
        assert_eq!(
            (title.as_str(), body.as_str()),
            ("Aurora misses you", "50 bonus points until Jan 3")
        );
    }

    #[test]
    fn every_campaign_has_its_words_in_every_language() {
        for kind in CampaignKind::ALL {
            for lang in [Lang::It, Lang::En, Lang::Pl] {
                let (title, plain) = default_words(kind, lang, false);
                let (_, offered) = default_words(kind, lang, true);
                assert!(title.contains("{1}"), "{kind:?} {lang:?}");
                assert!(!plain.contains("{2}") && !plain.contains("{3}"));
                assert!(offered.contains("{2}") && offered.contains("{3}"));
            }
            assert_eq!(CampaignKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn a_birthday_message_names_the_programs_gift_and_its_last_day() {
        let settings = CampaignSettings::default_for(CampaignKind::Birthday);
        let gift = BirthdayRule {
            points: 50,
            window_days: 7,
        };
        // The window ends with 10 March.
        let until = Date::new(2027, 3, 11).unwrap().to_days() * DAY_MS;
        let (title, body) = birthday_message(&settings, &gift, Lang::En, "Aurora", until);
        assert_eq!(title, "Happy birthday from Aurora!");
        assert_eq!(
            body,
            "We hope you have a wonderful day. Visit us by Mar 10 for your birthday gift: 50 bonus points."
        );
        let (_, body) = birthday_message(&settings, &gift, Lang::It, "Aurora", until);
        assert!(
            body.contains("10 mar") && body.contains("50 punti extra"),
            "{body}"
        );
    }

    #[test]
    fn a_points_reward_ready_is_named_in_every_language() {
        let settings = CampaignSettings::default_for(CampaignKind::RewardReady);
        for (lang, title) in [
            (Lang::En, "Cornetto is waiting for you at Aurora"),
            (Lang::It, "Cornetto ti aspetta da Aurora"),
            (Lang::Pl, "Cornetto czeka na Ciebie w Aurora"),
        ] {
            let (t, body) = points_ready_message(&settings, lang, "Aurora", None, "Cornetto");
            assert_eq!(t, title);
            assert!(body.contains("Cornetto") && !body.contains('{'), "{body}");
        }
    }

    #[test]
    fn gifts_are_stored_as_parts_and_read_back() {
        for gift in [
            Gift::BonusPoints { points: 50 },
            Gift::FreeItem { name: "tè".into() },
            Gift::Discount { percent: 15 },
        ] {
            let (kind, value, name) = gift.parts();
            assert_eq!(Gift::from_parts(kind, value, name), Some(gift.clone()));
        }
        assert_eq!(Gift::from_parts("later", 1, ""), None);
    }

    #[test]
    fn an_absence_is_due_for_a_month_after_its_day() {
        let now = 100 * DAY_MS;
        assert_eq!(win_back_window(45, now), (25 * DAY_MS, 55 * DAY_MS + 1));
    }
}

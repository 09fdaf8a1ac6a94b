//! Timbro's words for each campaign in it/en/pl, used when the owner writes
//! none.

use super::CampaignKind;
use crate::lang::Lang;

/// Timbro's words for a campaign in `lang`: (title, text), with `{1}` the
/// business, `{2}` the offer, `{3}` its last day and `{4}` the tier reached;
/// `with_offer` picks the text that names an offer.
pub fn default_words(
    kind: CampaignKind,
    lang: Lang,
    with_offer: bool,
) -> (&'static str, &'static str) {
    use CampaignKind::*;
    use Lang::*;
    let (title, plain, offered) = match (kind, lang) {
        (Welcome, En) => (
            "Welcome to {1}",
            "Thank you for joining! Show your card at the counter to collect stamps.",
            "Thank you for joining! Waiting on your card until {3}: {2}.",
        ),
        (Welcome, It) => (
            "Benvenuto da {1}",
            "Grazie per esserti iscritto! Mostra la carta alla cassa per raccogliere i timbri.",
            "Grazie per esserti iscritto! Sulla tua carta, fino al {3}: {2}.",
        ),
        (Welcome, Pl) => (
            "Witamy w {1}",
            "Dziękujemy za dołączenie! Pokaż kartę przy kasie, aby zbierać pieczątki.",
            "Dziękujemy za dołączenie! Na Twojej karcie, do {3}: {2}.",
        ),
        (OneToGo, En) => (
            "One stamp to go at {1}",
            "Your next stamp earns your reward.",
            "Your next stamp earns your reward. Also on your card until {3}: {2}.",
        ),
        (OneToGo, It) => (
            "Manca un timbro da {1}",
            "Il prossimo timbro ti dà il premio.",
            "Il prossimo timbro ti dà il premio. E sulla tua carta, fino al {3}: {2}.",
        ),
        (OneToGo, Pl) => (
            "Jeszcze jedna pieczątka w {1}",
            "Następna pieczątka da Ci nagrodę.",
            "Następna pieczątka da Ci nagrodę. A na Twojej karcie, do {3}: {2}.",
        ),
        (PointsToGo, En) => (
            "A few points to go at {1}",
            "You are a few points away from {4}: your next visit could earn it.",
            "You are a few points away from {4}: your next visit could earn it. Also on your card until {3}: {2}.",
        ),
        (PointsToGo, It) => (
            "Mancano pochi punti da {1}",
            "Ti mancano pochi punti per {4}: la prossima visita potrebbe bastare.",
            "Ti mancano pochi punti per {4}: la prossima visita potrebbe bastare. E sulla tua carta, fino al {3}: {2}.",
        ),
        (PointsToGo, Pl) => (
            "Jeszcze kilka punktów w {1}",
            "Brakuje Ci kilku punktów do nagrody {4}: następna wizyta może wystarczyć.",
            "Brakuje Ci kilku punktów do nagrody {4}: następna wizyta może wystarczyć. A na Twojej karcie, do {3}: {2}.",
        ),
        (RewardReady, En) => (
            "Your reward is ready at {1}",
            "Your card is full: show it at the counter to get your reward.",
            "Your card is full: show it at the counter to get your reward. Also on your card until {3}: {2}.",
        ),
        (RewardReady, It) => (
            "Il tuo premio ti aspetta da {1}",
            "La tua carta è completa: mostrala alla cassa per ritirare il premio.",
            "La tua carta è completa: mostrala alla cassa per ritirare il premio. E sulla tua carta, fino al {3}: {2}.",
        ),
        (RewardReady, Pl) => (
            "Twoja nagroda czeka w {1}",
            "Twoja karta jest pełna: pokaż ją przy kasie, aby odebrać nagrodę.",
            "Twoja karta jest pełna: pokaż ją przy kasie, aby odebrać nagrodę. A na Twojej karcie, do {3}: {2}.",
        ),
        (TierReached, En) => (
            "You are {4} at {1}",
            "Thank you for coming back: your card has reached {4}.",
            "Thank you for coming back: your card has reached {4}. On your card until {3}: {2}.",
        ),
        (TierReached, It) => (
            "Sei {4} da {1}",
            "Grazie per la tua fedeltà: la tua carta ha raggiunto il livello {4}.",
            "Grazie per la tua fedeltà: la tua carta ha raggiunto il livello {4}. Sulla tua carta, fino al {3}: {2}.",
        ),
        (TierReached, Pl) => (
            "Masz poziom {4} w {1}",
            "Dziękujemy, że wracasz: Twoja karta osiągnęła poziom {4}.",
            "Dziękujemy, że wracasz: Twoja karta osiągnęła poziom {4}. Na Twojej karcie, do {3}: {2}.",
        ),
        (Birthday, En) => (
            "Happy birthday from {1}!",
            "We hope you have a wonderful day.",
            "We hope you have a wonderful day. On your card until {3}: {2}.",
        ),
        (Birthday, It) => (
            "Buon compleanno da {1}!",
            "Ti auguriamo una splendida giornata.",
            "Ti auguriamo una splendida giornata. Sulla tua carta, fino al {3}: {2}.",
        ),
        (Birthday, Pl) => (
            "Wszystkiego najlepszego od {1}!",
            "Życzymy wspaniałego dnia.",
            "Życzymy wspaniałego dnia. Na Twojej karcie, do {3}: {2}.",
        ),
        (PointsExpiring, En) => (
            "Your points at {1} expire soon",
            "Come back before they expire: the date is on your card.",
            "Come back before they expire: the date is on your card. Also on your card until {3}: {2}.",
        ),
        (PointsExpiring, It) => (
            "I tuoi punti da {1} stanno per scadere",
            "Torna prima che scadano: la data è sulla tua carta.",
            "Torna prima che scadano: la data è sulla tua carta. E sulla tua carta, fino al {3}: {2}.",
        ),
        (PointsExpiring, Pl) => (
            "Twoje punkty w {1} wkrótce wygasną",
            "Wróć, zanim wygasną: data jest na Twojej karcie.",
            "Wróć, zanim wygasną: data jest na Twojej karcie. A na Twojej karcie, do {3}: {2}.",
        ),
        (WinBack, En) => (
            "We miss you at {1}",
            "It has been a while! Come and see us: your card is ready.",
            "It has been a while! Waiting on your card until {3}: {2}.",
        ),
        (WinBack, It) => (
            "Ci manchi, da {1}",
            "È passato un po' di tempo! Passa a trovarci: la tua carta è pronta.",
            "È passato un po' di tempo! Sulla tua carta, fino al {3}: {2}.",
        ),
        (WinBack, Pl) => (
            "Tęsknimy za Tobą w {1}",
            "Dawno Cię nie było! Wpadnij do nas: Twoja karta czeka.",
            "Dawno Cię nie było! Na Twojej karcie, do {3}: {2}.",
        ),
    };
    (title, if with_offer { offered } else { plain })
}

/// The birthday text naming the program's birthday gift: `{2}` its points,
/// `{3}` the last day it is given at a visit.
pub fn birthday_gift_words(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "We hope you have a wonderful day. Visit us by {3} for your birthday gift: {2}."
        }
        Lang::It => {
            "Ti auguriamo una splendida giornata. Passa a trovarci entro il {3} per il tuo regalo di compleanno: {2}."
        }
        Lang::Pl => {
            "Życzymy wspaniałego dnia. Odwiedź nas do {3}, by odebrać prezent urodzinowy: {2}."
        }
    }
}

/// "Reward ready" for a points reward, `{4}` the reward: (title, text);
/// `with_offer` picks the text that names an offer.
pub fn points_ready_words(lang: Lang, with_offer: bool) -> (&'static str, &'static str) {
    let (title, plain, offered) = match lang {
        Lang::En => (
            "{4} is waiting for you at {1}",
            "You have the points for {4}: show your card at the counter to get it.",
            "You have the points for {4}: show your card at the counter to get it. Also on your card until {3}: {2}.",
        ),
        Lang::It => (
            "{4} ti aspetta da {1}",
            "Hai i punti per {4}: mostra la carta alla cassa per ritirare il premio.",
            "Hai i punti per {4}: mostra la carta alla cassa per ritirare il premio. E sulla tua carta, fino al {3}: {2}.",
        ),
        Lang::Pl => (
            "{4} czeka na Ciebie w {1}",
            "Masz punkty na nagrodę {4}: pokaż kartę przy kasie, aby ją odebrać.",
            "Masz punkty na nagrodę {4}: pokaż kartę przy kasie, aby ją odebrać. A na Twojej karcie, do {3}: {2}.",
        ),
    };
    (title, if with_offer { offered } else { plain })
}

//! The campaigns screen's words in it/en/pl.

use timbro_web::Lang;

/// What the campaigns screen says.
pub struct CampaignsWords {
    pub win_back: &'static str,
    /// {1} days.
    pub win_back_rule: &'static str,
    pub enabled: &'static str,
    pub days: &'static str,
    pub offer: &'static str,
    pub no_offer: &'static str,
    pub bonus_points: &'static str,
    pub free_item: &'static str,
    pub discount: &'static str,
    pub points: &'static str,
    pub item: &'static str,
    pub percent: &'static str,
    pub valid_days: &'static str,
    pub own_words: &'static str,
    pub own_words_hint: &'static str,
    pub title: &'static str,
    pub body: &'static str,
    /// {1} messages, {2} offers used.
    pub done_so_far: &'static str,
}

pub fn words(lang: Lang) -> &'static CampaignsWords {
    match lang {
        Lang::En => &EN,
        Lang::It => &IT,
        Lang::Pl => &PL,
    }
}

const EN: CampaignsWords = CampaignsWords {
    win_back: "Win back customers who stay away",
    win_back_rule: "A customer whose last visit was {1} days ago gets one message on their card, with the offer if you give one; once per absence. Absences that began more than 30 days before that are left alone.",
    enabled: "Write to customers who stay away",
    days: "Days without a visit",
    offer: "Offer",
    no_offer: "No offer",
    bonus_points: "Bonus points on the next visit",
    free_item: "Something free",
    discount: "A discount on the next purchase",
    points: "Points",
    item: "What is free",
    percent: "Discount (%)",
    valid_days: "Days it lasts",
    own_words: "Your own words",
    own_words_hint: "Leave both empty for Timbro's words, in each customer's language. In yours, {1} is the business's name, {2} the offer and {3} its last day.",
    title: "Title",
    body: "Text",
    done_so_far: "Sent so far: {1}. Offers used: {2}.",
};

const IT: CampaignsWords = CampaignsWords {
    win_back: "Riconquista chi non torna",
    win_back_rule: "Chi ha fatto l'ultima visita {1} giorni fa riceve un messaggio sulla carta, con l'offerta se ne dai una; una volta per assenza. Le assenze iniziate più di 30 giorni prima non vengono considerate.",
    enabled: "Scrivi ai clienti che non tornano",
    days: "Giorni senza visite",
    offer: "Offerta",
    no_offer: "Nessuna offerta",
    bonus_points: "Punti extra alla prossima visita",
    free_item: "Qualcosa in omaggio",
    discount: "Uno sconto sul prossimo acquisto",
    points: "Punti",
    item: "Cosa è in omaggio",
    percent: "Sconto (%)",
    valid_days: "Giorni di validità",
    own_words: "Le tue parole",
    own_words_hint: "Lascia vuoti entrambi per le parole di Timbro, nella lingua di ogni cliente. Nelle tue, {1} è il nome dell'attività, {2} l'offerta e {3} il suo ultimo giorno.",
    title: "Titolo",
    body: "Testo",
    done_so_far: "Inviati finora: {1}. Offerte usate: {2}.",
};

const PL: CampaignsWords = CampaignsWords {
    win_back: "Odzyskaj klientów, którzy nie wracają",
    win_back_rule: "Klient, którego ostatnia wizyta była {1} dni temu, dostaje jedną wiadomość na karcie, z ofertą, jeśli ją dajesz; raz na nieobecność. Nieobecności, które zaczęły się ponad 30 dni wcześniej, są pomijane.",
    enabled: "Pisz do klientów, którzy nie wracają",
    days: "Dni bez wizyty",
    offer: "Oferta",
    no_offer: "Bez oferty",
    bonus_points: "Dodatkowe punkty przy następnej wizycie",
    free_item: "Coś gratis",
    discount: "Zniżka na następny zakup",
    points: "Punkty",
    item: "Co jest gratis",
    percent: "Zniżka (%)",
    valid_days: "Ile dni ważna",
    own_words: "Twoje słowa",
    own_words_hint: "Zostaw oba puste, by użyć słów Timbro w języku każdego klienta. W Twoich {1} to nazwa firmy, {2} oferta, a {3} jej ostatni dzień.",
    title: "Tytuł",
    body: "Tekst",
    done_so_far: "Wysłano dotąd: {1}. Użyte oferty: {2}.",
};

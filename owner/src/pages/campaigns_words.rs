//! The campaigns screen's words in it/en/pl.

use timbro_core::campaigns::CampaignKind;
use timbro_web::Lang;

/// What the campaigns screen says of one campaign: its tab, its heading,
/// its rule ({1}: win-back's days, the points of "a few points to go") and
/// its switch.
pub struct KindWords {
    pub tab: &'static str,
    pub heading: &'static str,
    pub rule: &'static str,
    pub enabled: &'static str,
}

/// What the campaigns screen says.
pub struct CampaignsWords {
    /// In [`CampaignKind::ALL`]'s order.
    pub kinds: [KindWords; CampaignKind::ALL.len()],
    /// After a tab's name when the campaign is on.
    pub on: &'static str,
    pub send_tab: &'static str,
    pub send_heading: &'static str,
    pub send_rule: &'static str,
    pub send_words_hint: &'static str,
    pub to: &'static str,
    pub everyone: &'static str,
    pub send: &'static str,
    /// {1} messages, {2} offers.
    pub sent: &'static str,
    /// Under the birthday gift's fields.
    pub birthday_gift_hint: &'static str,
    pub days: &'static str,
    /// A few points to go: the field's label.
    pub points_to_go: &'static str,
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
    /// {1} messages pushed to phones.
    pub pushed: &'static str,
    /// {1} pushes perhaps not delivered.
    pub push_unknown: &'static str,
}

/// One campaign's words in `lang`.
pub fn kind_words(lang: Lang, kind: CampaignKind) -> &'static KindWords {
    let at = CampaignKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    &words(lang).kinds[at]
}

pub fn words(lang: Lang) -> &'static CampaignsWords {
    match lang {
        Lang::En => &EN,
        Lang::It => &IT,
        Lang::Pl => &PL,
    }
}

const EN: CampaignsWords = CampaignsWords {
    kinds: [
        KindWords {
            tab: "Welcome",
            heading: "Welcome new customers",
            rule: "A customer who joins gets one message on their card, with the offer if you give one.",
            enabled: "Write to new customers",
        },
        KindWords {
            tab: "One stamp to go",
            heading: "Tell customers one stamp is all they need",
            rule: "A customer one stamp from the stamp card's reward gets one message, once a card of stamps.",
            enabled: "Write when one stamp is missing",
        },
        KindWords {
            tab: "A few points to go",
            heading: "Tell customers a reward is a few points away",
            rule: "A customer {1} points or fewer from a points reward (the next one they cannot have yet) gets one message naming it, once a reward until they spend points.",
            enabled: "Write when a reward is a few points away",
        },
        KindWords {
            tab: "Reward ready",
            heading: "Tell customers their reward is ready",
            rule: "A customer whose stamp card is full, or who has the points for a reward (the dearest they can have is named), gets one message: once a card of stamps, once a reward until they spend points.",
            enabled: "Write when a reward is ready",
        },
        KindWords {
            tab: "Tier reached",
            heading: "Congratulate customers on a new tier",
            rule: "A customer whose points of the last 365 days reach one of your tiers (above the first) gets one message naming it, once a tier.",
            enabled: "Write when a tier is reached",
        },
        KindWords {
            tab: "Birthday",
            heading: "Wish customers a happy birthday",
            rule: "A customer who gave their birthday gets one message on the day, once a year.",
            enabled: "Write on birthdays",
        },
        KindWords {
            tab: "Points expiring",
            heading: "Remind customers before their points expire",
            rule: "A customer whose points expire within 14 days gets one message, once for each date (a visit moves it). Only with points that expire, set on the Program screen.",
            enabled: "Write before points expire",
        },
        KindWords {
            tab: "Win-back",
            heading: "Win back customers who stay away",
            rule: "A customer whose last visit was {1} days ago gets one message on their card, with the offer if you give one; once per absence. Absences that began more than 30 days before that are left alone.",
            enabled: "Write to customers who stay away",
        },
    ],
    on: "on",
    send_tab: "Send a message",
    send_heading: "Send a message now",
    send_rule: "It goes at once on the cards of the customers you pick, with the offer if you give one, and as a notification to those who asked for them (not at night).",
    send_words_hint: "{1} is the business's name, {2} the offer and {3} its last day.",
    to: "To",
    everyone: "Every customer",
    send: "Send",
    sent: "Messages sent: {1}. Offers given: {2}.",
    birthday_gift_hint: "The gift is given at the counter at a visit within these days of the birthday, whether or not the message is on. Without an offer of its own, the message names it.",
    days: "Days without a visit",
    points_to_go: "Points from the reward",
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
    own_words_hint: "Leave both empty for Timbro's words, in each customer's language. In yours, {1} is the business's name, {2} the offer, {3} its last day and {4} the tier reached or the reward a few points away.",
    title: "Title",
    body: "Text",
    done_so_far: "Sent so far: {1}. Offers used: {2}.",
    pushed: "Pushed to phones: {1}.",
    push_unknown: "Not confirmed: {1} (the server stopped while sending them; they are on the cards).",
};

const IT: CampaignsWords = CampaignsWords {
    kinds: [
        KindWords {
            tab: "Benvenuto",
            heading: "Dai il benvenuto ai nuovi clienti",
            rule: "Chi si iscrive riceve un messaggio sulla carta, con l'offerta se ne dai una.",
            enabled: "Scrivi ai nuovi clienti",
        },
        KindWords {
            tab: "Manca un timbro",
            heading: "Avvisa chi è a un timbro dal premio",
            rule: "Chi è a un timbro dal premio della carta riceve un messaggio, una volta per carta di timbri.",
            enabled: "Scrivi quando manca un timbro",
        },
        KindWords {
            tab: "Pochi punti",
            heading: "Avvisa i clienti quando un premio è a pochi punti",
            rule: "Un cliente a {1} punti o meno da un premio a punti (il prossimo che non può ancora avere) riceve un messaggio che lo nomina, una volta per premio finché non spende punti.",
            enabled: "Scrivi quando un premio è a pochi punti",
        },
        KindWords {
            tab: "Premio pronto",
            heading: "Avvisa chi ha il premio pronto",
            rule: "Chi ha la carta timbri completa, o i punti per un premio (si nomina il più caro che può avere), riceve un messaggio: una volta per carta di timbri, una volta per premio finché non spende punti.",
            enabled: "Scrivi quando un premio è pronto",
        },
        KindWords {
            tab: "Nuovo livello",
            heading: "Festeggia chi raggiunge un livello",
            rule: "Chi con i punti degli ultimi 365 giorni raggiunge uno dei tuoi livelli (oltre il primo) riceve un messaggio che lo nomina, una volta per livello.",
            enabled: "Scrivi quando si raggiunge un livello",
        },
        KindWords {
            tab: "Compleanno",
            heading: "Fai gli auguri di compleanno",
            rule: "Chi ha indicato il compleanno riceve un messaggio quel giorno, una volta l'anno.",
            enabled: "Scrivi per i compleanni",
        },
        KindWords {
            tab: "Punti in scadenza",
            heading: "Avvisa prima che i punti scadano",
            rule: "Chi ha punti che scadono entro 14 giorni riceve un messaggio, una volta per ogni data (una visita la sposta). Solo con punti che scadono, impostati nella schermata Programma.",
            enabled: "Scrivi prima che i punti scadano",
        },
        KindWords {
            tab: "Riconquista",
            heading: "Riconquista chi non torna",
            rule: "Chi ha fatto l'ultima visita {1} giorni fa riceve un messaggio sulla carta, con l'offerta se ne dai una; una volta per assenza. Le assenze iniziate più di 30 giorni prima non vengono considerate.",
            enabled: "Scrivi ai clienti che non tornano",
        },
    ],
    on: "attiva",
    send_tab: "Invia un messaggio",
    send_heading: "Invia un messaggio adesso",
    send_rule: "Arriva subito sulle carte dei clienti che scegli, con l'offerta se ne dai una, e come notifica a chi l'ha chiesta (non di notte).",
    send_words_hint: "{1} è il nome dell'attività, {2} l'offerta e {3} il suo ultimo giorno.",
    to: "A chi",
    everyone: "Tutti i clienti",
    send: "Invia",
    sent: "Messaggi inviati: {1}. Offerte date: {2}.",
    birthday_gift_hint: "Il regalo si dà alla cassa, a una visita entro questi giorni dal compleanno, che il messaggio sia attivo o no. Senza un'offerta propria, il messaggio lo nomina.",
    days: "Giorni senza visite",
    points_to_go: "Punti dal premio",
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
    own_words_hint: "Lascia vuoti entrambi per le parole di Timbro, nella lingua di ogni cliente. Nelle tue, {1} è il nome dell'attività, {2} l'offerta, {3} il suo ultimo giorno e {4} il livello raggiunto o il premio a pochi punti.",
    title: "Titolo",
    body: "Testo",
    done_so_far: "Inviati finora: {1}. Offerte usate: {2}.",
    pushed: "Notifiche inviate ai telefoni: {1}.",
    push_unknown: "Non confermate: {1} (il server si è fermato durante l'invio; sono sulle carte).",
};

const PL: CampaignsWords = CampaignsWords {
    kinds: [
        KindWords {
            tab: "Powitanie",
            heading: "Powitaj nowych klientów",
            rule: "Klient, który dołącza, dostaje jedną wiadomość na karcie, z ofertą, jeśli ją dajesz.",
            enabled: "Pisz do nowych klientów",
        },
        KindWords {
            tab: "Jeszcze jedna pieczątka",
            heading: "Powiedz klientom, że brakuje jednej pieczątki",
            rule: "Klient, któremu do nagrody brakuje jednej pieczątki, dostaje jedną wiadomość, raz na kartę pieczątek.",
            enabled: "Pisz, gdy brakuje jednej pieczątki",
        },
        KindWords {
            tab: "Kilka punktów",
            heading: "Powiadom klientów, że nagroda jest o kilka punktów",
            rule: "Klient, któremu brakuje {1} punktów lub mniej do nagrody za punkty (następnej, której jeszcze nie może mieć), dostaje jedną wiadomość z jej nazwą, raz na nagrodę, dopóki nie wyda punktów.",
            enabled: "Pisz, gdy do nagrody brakuje kilku punktów",
        },
        KindWords {
            tab: "Nagroda gotowa",
            heading: "Powiedz klientom, że nagroda czeka",
            rule: "Klient z pełną kartą pieczątek albo z punktami na nagrodę (wymieniamy najdroższą, jaką może mieć) dostaje jedną wiadomość: raz na kartę pieczątek, raz na nagrodę, dopóki nie wyda punktów.",
            enabled: "Pisz, gdy nagroda jest gotowa",
        },
        KindWords {
            tab: "Nowy poziom",
            heading: "Pogratuluj klientom nowego poziomu",
            rule: "Klient, którego punkty z ostatnich 365 dni osiągają jeden z Twoich poziomów (powyżej pierwszego), dostaje jedną wiadomość z jego nazwą, raz na poziom.",
            enabled: "Pisz po osiągnięciu poziomu",
        },
        KindWords {
            tab: "Urodziny",
            heading: "Złóż klientom życzenia urodzinowe",
            rule: "Klient, który podał datę urodzin, dostaje jedną wiadomość w ten dzień, raz w roku.",
            enabled: "Pisz w urodziny",
        },
        KindWords {
            tab: "Wygasające punkty",
            heading: "Przypomnij, zanim punkty wygasną",
            rule: "Klient, którego punkty wygasają w ciągu 14 dni, dostaje jedną wiadomość, raz dla każdej daty (wizyta ją przesuwa). Tylko gdy punkty wygasają, co ustawia się na ekranie Program.",
            enabled: "Pisz, zanim punkty wygasną",
        },
        KindWords {
            tab: "Odzyskiwanie",
            heading: "Odzyskaj klientów, którzy nie wracają",
            rule: "Klient, którego ostatnia wizyta była {1} dni temu, dostaje jedną wiadomość na karcie, z ofertą, jeśli ją dajesz; raz na nieobecność. Nieobecności, które zaczęły się ponad 30 dni wcześniej, są pomijane.",
            enabled: "Pisz do klientów, którzy nie wracają",
        },
    ],
    on: "włączona",
    send_tab: "Wyślij wiadomość",
    send_heading: "Wyślij wiadomość teraz",
    send_rule: "Trafia od razu na karty wybranych klientów, z ofertą, jeśli ją dajesz, i jako powiadomienie do tych, którzy o nie prosili (nie w nocy).",
    send_words_hint: "{1} to nazwa firmy, {2} oferta, a {3} jej ostatni dzień.",
    to: "Do kogo",
    everyone: "Wszyscy klienci",
    send: "Wyślij",
    sent: "Wysłane wiadomości: {1}. Przyznane oferty: {2}.",
    birthday_gift_hint: "Prezent wydaje się przy kasie, przy wizycie w tych dniach od urodzin, niezależnie od tego, czy wiadomość jest włączona. Bez własnej oferty wiadomość go wymienia.",
    days: "Dni bez wizyty",
    points_to_go: "Punkty do nagrody",
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
    own_words_hint: "Zostaw oba puste, by użyć słów Timbro w języku każdego klienta. W Twoich {1} to nazwa firmy, {2} oferta, {3} jej ostatni dzień, a {4} osiągnięty poziom lub nagroda o kilka punktów.",
    title: "Tytuł",
    body: "Tekst",
    done_so_far: "Wysłano dotąd: {1}. Użyte oferty: {2}.",
    pushed: "Powiadomienia wysłane na telefony: {1}.",
    push_unknown: "Niepotwierdzone: {1} (serwer zatrzymał się podczas wysyłania; są na kartach).",
};

//! The numbers screen's words in it/en/pl: each figure's name and its
//! definition, one tap away on the screen.

use timbro_web::Lang;

/// A figure's name and what it means.
pub struct Figure {
    pub name: &'static str,
    pub means: &'static str,
}

/// What the numbers screen says.
pub struct NumbersWords {
    pub title: &'static str,
    pub period: &'static str,
    /// {1} days.
    pub last_days: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub show: &'static str,
    pub wrong_dates: &'static str,
    pub counting: &'static str,
    /// {1} to {2}.
    pub span: &'static str,
    /// The period before: {1}.
    pub before: &'static str,
    pub too_little: &'static str,
    pub no_visits: &'static str,
    pub what_is_it: &'static str,
    /// {1} visits had no amount and are not in it.
    pub without_amount: &'static str,
    pub new_customers: Figure,
    pub active: Figure,
    pub returning: Figure,
    pub visits: Figure,
    pub frequency: Figure,
    pub order_value: Figure,
    pub retention: Figure,
    pub churn: Figure,
    pub repeat: Figure,
    pub points_redeemed: Figure,
    pub rewards_redeemed: Figure,
}

/// The words in `lang`.
pub fn words(lang: Lang) -> &'static NumbersWords {
    match lang {
        Lang::It => &IT,
        Lang::En => &EN,
        Lang::Pl => &PL,
    }
}

const EN: NumbersWords = NumbersWords {
    title: "Your numbers",
    period: "Period",
    last_days: "Last {1} days",
    from: "From",
    to: "To",
    show: "Show",
    wrong_dates: "Pick two dates, the second on or after the first, at most five years apart.",
    counting: "Counting…",
    span: "{1} to {2}",
    before: "Period before: {1}",
    too_little: "Too few customers to say",
    no_visits: "No visits in this period.",
    what_is_it: "What is this?",
    without_amount: "{1} visits had no amount entered and are left out.",
    new_customers: Figure {
        name: "New customers",
        means: "Cards made in the period.",
    },
    active: Figure {
        name: "Active customers",
        means: "Customers with at least one visit in the period. Undone visits never count.",
    },
    returning: Figure {
        name: "Returning customers",
        means: "Active customers who had also visited before the period.",
    },
    visits: Figure {
        name: "Visits",
        means: "Visits recorded at the counter in the period, undone ones left out.",
    },
    frequency: Figure {
        name: "Visits per customer",
        means: "Visits ÷ active customers (purchase frequency).",
    },
    order_value: Figure {
        name: "Average order",
        means: "The amounts entered at the counter ÷ the visits that had one (AOV).",
    },
    retention: Figure {
        name: "Retention",
        means: "((E − N) ÷ S) × 100: S = customers active in the period before, E = active in this one, N = the new ones among E. Shown from 10 customers in S.",
    },
    churn: Figure {
        name: "Churn",
        means: "Customers active in the period before who did not come back in this one ÷ all active in the period before.",
    },
    repeat: Figure {
        name: "Repeat customers",
        means: "Active customers with two visits or more ÷ active customers.",
    },
    points_redeemed: Figure {
        name: "Points redeemed",
        means: "Points spent on rewards ÷ points given, in the period.",
    },
    rewards_redeemed: Figure {
        name: "Rewards redeemed",
        means: "Rewards handed over at the counter in the period.",
    },
};

const IT: NumbersWords = NumbersWords {
    title: "I tuoi numeri",
    period: "Periodo",
    last_days: "Ultimi {1} giorni",
    from: "Dal",
    to: "Al",
    show: "Mostra",
    wrong_dates: "Scegli due date, la seconda uguale o dopo la prima, al massimo a cinque anni di distanza.",
    counting: "Sto contando…",
    span: "dal {1} al {2}",
    before: "Periodo precedente: {1}",
    too_little: "Troppo pochi clienti per dirlo",
    no_visits: "Nessuna visita in questo periodo.",
    what_is_it: "Che cos'è?",
    without_amount: "{1} visite senza importo non sono contate.",
    new_customers: Figure {
        name: "Nuovi clienti",
        means: "Tessere create nel periodo.",
    },
    active: Figure {
        name: "Clienti attivi",
        means: "Clienti con almeno una visita nel periodo. Le visite annullate non contano mai.",
    },
    returning: Figure {
        name: "Clienti di ritorno",
        means: "Clienti attivi che erano già venuti prima del periodo.",
    },
    visits: Figure {
        name: "Visite",
        means: "Visite registrate al banco nel periodo, senza quelle annullate.",
    },
    frequency: Figure {
        name: "Visite per cliente",
        means: "Visite ÷ clienti attivi (frequenza d'acquisto).",
    },
    order_value: Figure {
        name: "Scontrino medio",
        means: "Gli importi inseriti al banco ÷ le visite che ne avevano uno (AOV).",
    },
    retention: Figure {
        name: "Fidelizzazione",
        means: "((E − N) ÷ S) × 100: S = clienti attivi nel periodo precedente, E = attivi in questo, N = i nuovi tra E. Mostrata da 10 clienti in S.",
    },
    churn: Figure {
        name: "Abbandono",
        means: "Clienti attivi nel periodo precedente che non sono tornati in questo ÷ tutti gli attivi del periodo precedente.",
    },
    repeat: Figure {
        name: "Clienti abituali",
        means: "Clienti attivi con due visite o più ÷ clienti attivi.",
    },
    points_redeemed: Figure {
        name: "Punti riscattati",
        means: "Punti spesi in premi ÷ punti dati, nel periodo.",
    },
    rewards_redeemed: Figure {
        name: "Premi riscattati",
        means: "Premi consegnati al banco nel periodo.",
    },
};

const PL: NumbersWords = NumbersWords {
    title: "Twoje liczby",
    period: "Okres",
    last_days: "Ostatnie {1} dni",
    from: "Od",
    to: "Do",
    show: "Pokaż",
    wrong_dates: "Wybierz dwie daty, drugą nie wcześniejszą niż pierwsza, najwyżej pięć lat od siebie.",
    counting: "Liczę…",
    span: "{1} – {2}",
    before: "Poprzedni okres: {1}",
    too_little: "Za mało klientów, by to ocenić",
    no_visits: "Brak wizyt w tym okresie.",
    what_is_it: "Co to jest?",
    without_amount: "Wizyty bez kwoty ({1}) nie są liczone.",
    new_customers: Figure {
        name: "Nowi klienci",
        means: "Karty założone w tym okresie.",
    },
    active: Figure {
        name: "Aktywni klienci",
        means: "Klienci z co najmniej jedną wizytą w okresie. Cofnięte wizyty nigdy się nie liczą.",
    },
    returning: Figure {
        name: "Powracający klienci",
        means: "Aktywni klienci, którzy byli też przed tym okresem.",
    },
    visits: Figure {
        name: "Wizyty",
        means: "Wizyty zapisane przy kasie w okresie, bez cofniętych.",
    },
    frequency: Figure {
        name: "Wizyty na klienta",
        means: "Wizyty ÷ aktywni klienci (częstotliwość zakupów).",
    },
    order_value: Figure {
        name: "Średni rachunek",
        means: "Kwoty wpisane przy kasie ÷ wizyty, które je miały (AOV).",
    },
    retention: Figure {
        name: "Utrzymanie",
        means: "((E − N) ÷ S) × 100: S = klienci aktywni w poprzednim okresie, E = aktywni w tym, N = nowi wśród E. Pokazywane od 10 klientów w S.",
    },
    churn: Figure {
        name: "Odpływ",
        means: "Klienci aktywni w poprzednim okresie, którzy nie wrócili w tym ÷ wszyscy aktywni w poprzednim okresie.",
    },
    repeat: Figure {
        name: "Stali klienci",
        means: "Aktywni klienci z dwiema wizytami lub więcej ÷ aktywni klienci.",
    },
    points_redeemed: Figure {
        name: "Wykorzystane punkty",
        means: "Punkty wydane na nagrody ÷ punkty przyznane, w okresie.",
    },
    rewards_redeemed: Figure {
        name: "Odebrane nagrody",
        means: "Nagrody wydane przy kasie w okresie.",
    },
};

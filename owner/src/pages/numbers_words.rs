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
    pub nps: Figure,
    /// {1} answers.
    pub answers: &'static str,
    pub clv: Figure,
    /// {1} average order × {2} visits a year × {3} years.
    pub clv_parts: &'static str,
    pub said_title: &'static str,
    pub said_none: &'static str,
    /// {1} shown, {2} in all.
    pub said_first: &'static str,
    /// {1} of 10.
    pub score: &'static str,
    pub no_comment: &'static str,
    pub staff_title: &'static str,
    pub staff_rule: &'static str,
    pub staff_none: &'static str,
    /// The staff table's columns.
    pub staff_columns: [&'static str; 7],
    /// {1}: {2} stamps, usually {3}.
    pub unusual: &'static str,
    /// {1} when, {2} member code, {3} the reason given.
    pub overridden: &'static str,
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
    nps: Figure {
        name: "Net promoter score",
        means: "Customers answer after a visit how likely they are to recommend you, 0 to 10. NPS = % answering 9 or 10 − % answering 0 to 6, from −100 to 100. Shown from 10 answers.",
    },
    answers: "Answers: {1}",
    clv: Figure {
        name: "Customer lifetime value",
        means: "Average order × visits per customer a year × average lifespan in years, over the last 365 days whatever the period. The lifespan is estimated as 1 ÷ the yearly churn (the share of the year before's customers who did not come back), at most 10 years.",
    },
    clv_parts: "{1} a visit × {2} visits a year × {3} years",
    said_title: "What customers said",
    said_none: "No answers in this period.",
    said_first: "The first {1} of {2} answers.",
    score: "{1} of 10",
    no_comment: "(no comment)",
    staff_title: "Staff",
    staff_rule: "A day is marked when a staff member gave at least three times their usual stamps (the median of their working days over 90 days) and at least 10 more.",
    staff_none: "No visits recorded by staff in this period.",
    staff_columns: [
        "Name",
        "Visits",
        "Stamps",
        "Points",
        "Rewards",
        "Days to look at",
        "Stamps inside the cooldown",
    ],
    unusual: "{1}: {2} stamps, usually {3}",
    overridden: "{1}, {2}: “{3}”",
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
    nps: Figure {
        name: "Net promoter score",
        means: "Dopo una visita i clienti rispondono quanto ti consiglierebbero, da 0 a 10. NPS = % di 9 o 10 − % da 0 a 6, da −100 a 100. Mostrato da 10 risposte.",
    },
    answers: "Risposte: {1}",
    clv: Figure {
        name: "Valore del cliente nel tempo",
        means: "Scontrino medio × visite per cliente in un anno × durata media in anni, sugli ultimi 365 giorni qualunque sia il periodo. La durata è stimata come 1 ÷ l'abbandono annuo (la quota dei clienti dell'anno prima che non sono tornati), al massimo 10 anni.",
    },
    clv_parts: "{1} a visita × {2} visite l'anno × {3} anni",
    said_title: "Cosa dicono i clienti",
    said_none: "Nessuna risposta in questo periodo.",
    said_first: "Le prime {1} di {2} risposte.",
    score: "{1} su 10",
    no_comment: "(nessun commento)",
    staff_title: "Personale",
    staff_rule: "Un giorno è segnalato quando qualcuno ha dato almeno il triplo dei suoi timbri abituali (la mediana dei suoi giorni di lavoro su 90 giorni) e almeno 10 in più.",
    staff_none: "Nessuna visita registrata dal personale in questo periodo.",
    staff_columns: [
        "Nome",
        "Visite",
        "Timbri",
        "Punti",
        "Premi",
        "Giorni da guardare",
        "Timbri prima del tempo minimo",
    ],
    unusual: "{1}: {2} timbri, di solito {3}",
    overridden: "{1}, {2}: «{3}»",
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
    nps: Figure {
        name: "Net promoter score",
        means: "Po wizycie klienci odpowiadają, jak chętnie by cię polecili, od 0 do 10. NPS = % odpowiedzi 9 lub 10 − % od 0 do 6, od −100 do 100. Pokazywane od 10 odpowiedzi.",
    },
    answers: "Odpowiedzi: {1}",
    clv: Figure {
        name: "Wartość klienta w czasie",
        means: "Średni rachunek × wizyty klienta w roku × średni czas bycia klientem w latach, z ostatnich 365 dni niezależnie od okresu. Czas jest szacowany jako 1 ÷ roczny odpływ (odsetek klientów z poprzedniego roku, którzy nie wrócili), najwyżej 10 lat.",
    },
    clv_parts: "{1} za wizytę × {2} wizyt w roku × {3} lat",
    said_title: "Co mówią klienci",
    said_none: "Brak odpowiedzi w tym okresie.",
    said_first: "Pierwsze {1} z {2} odpowiedzi.",
    score: "{1} na 10",
    no_comment: "(bez komentarza)",
    staff_title: "Obsługa",
    staff_rule: "Dzień jest oznaczony, gdy ktoś dał co najmniej trzy razy więcej pieczątek niż zwykle (mediana jego dni pracy z 90 dni) i co najmniej 10 więcej.",
    staff_none: "Brak wizyt zapisanych przez obsługę w tym okresie.",
    staff_columns: [
        "Imię",
        "Wizyty",
        "Pieczątki",
        "Punkty",
        "Nagrody",
        "Dni do sprawdzenia",
        "Pieczątki przed upływem przerwy",
    ],
    unusual: "{1}: {2} pieczątek, zwykle {3}",
    overridden: "{1}, {2}: „{3}”",
};

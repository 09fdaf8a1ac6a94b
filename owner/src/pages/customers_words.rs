//! The customers screen's words in it/en/pl: the segments, their rule, the
//! list's columns and the downloads.

use timbro_core::analytics::Segment;
use timbro_web::Lang;

/// What the customers screen says.
pub struct CustomersWords {
    pub title: &'static str,
    pub segments: &'static str,
    pub how: &'static str,
    /// The rule, one line per segment, in the order they are tried.
    pub rule: [&'static str; 7],
    pub loading: &'static str,
    pub everyone: &'static str,
    pub none_here: &'static str,
    /// Showing {1} of {2}.
    pub showing: &'static str,
    pub columns: [&'static str; 9],
    pub sort_by: &'static str,
    pub download: &'static str,
    pub prepare_customers: &'static str,
    pub prepare_ledger: &'static str,
    pub customers_file: &'static str,
    pub ledger_file: &'static str,
    /// {1} kB.
    pub kilobytes: &'static str,
    /// The segments' names, in `Segment::ALL`'s order.
    pub names: [&'static str; 6],
}

impl CustomersWords {
    /// A segment's name.
    pub fn segment(&self, segment: Segment) -> &'static str {
        self.names[match segment {
            Segment::Champions => 0,
            Segment::Loyal => 1,
            Segment::Promising => 2,
            Segment::New => 3,
            Segment::AtRisk => 4,
            Segment::Lost => 5,
        }]
    }
}

/// The words in `lang`.
pub fn words(lang: Lang) -> &'static CustomersWords {
    match lang {
        Lang::It => &IT,
        Lang::En => &EN,
        Lang::Pl => &PL,
    }
}

const EN: CustomersWords = CustomersWords {
    title: "Your customers",
    segments: "Segments",
    how: "How customers are put in segments",
    rule: [
        "Each card is in exactly one segment, tried in this order:",
        "New: the card was made in the last 30 days.",
        "Lost: no visit in the last 180 days, or none ever.",
        "At risk: gone twice their usual gap between visits (overdue ≥ 2), or, after a single visit, no visit in 60 days. Overdue = days since the last visit ÷ the customer's usual gap; from 1.5 they are overdue.",
        "Champions: a visit in the last 30 days and 8 visits or more, or 4 or more with spend in your top fifth.",
        "Loyal: a visit in the last 60 days and 4 visits or more.",
        "Promising: the others (recent, with few visits yet).",
    ],
    loading: "Sorting your customers…",
    everyone: "Everyone",
    none_here: "No customers in this segment.",
    showing: "Showing {1} of {2}.",
    columns: [
        "Name",
        "Member code",
        "Last visit",
        "Visits",
        "Spend",
        "Points",
        "Level",
        "Segment",
        "Overdue",
    ],
    sort_by: "Sort by",
    download: "Downloads (CSV, for a spreadsheet)",
    prepare_customers: "Prepare these customers",
    prepare_ledger: "Prepare the whole ledger",
    customers_file: "Save the customers",
    ledger_file: "Save the ledger",
    kilobytes: "{1} kB",
    names: ["Champions", "Loyal", "Promising", "New", "At risk", "Lost"],
};

const IT: CustomersWords = CustomersWords {
    title: "I tuoi clienti",
    segments: "Gruppi",
    how: "Come i clienti sono divisi in gruppi",
    rule: [
        "Ogni tessera è in un solo gruppo, provati in quest'ordine:",
        "Nuovi: tessera creata negli ultimi 30 giorni.",
        "Persi: nessuna visita negli ultimi 180 giorni, o mai.",
        "A rischio: assenti il doppio del loro intervallo abituale (ritardo ≥ 2) o, dopo una sola visita, nessuna visita da 60 giorni. Ritardo = giorni dall'ultima visita ÷ l'intervallo abituale del cliente; da 1,5 è in ritardo.",
        "Campioni: una visita negli ultimi 30 giorni e almeno 8 visite, o almeno 4 con una spesa nel quinto più alto.",
        "Fedeli: una visita negli ultimi 60 giorni e almeno 4 visite.",
        "Promettenti: gli altri (recenti, con poche visite finora).",
    ],
    loading: "Sto ordinando i clienti…",
    everyone: "Tutti",
    none_here: "Nessun cliente in questo gruppo.",
    showing: "Ne vedi {1} su {2}.",
    columns: [
        "Nome",
        "Codice",
        "Ultima visita",
        "Visite",
        "Spesa",
        "Punti",
        "Livello",
        "Gruppo",
        "Ritardo",
    ],
    sort_by: "Ordina per",
    download: "Download (CSV, per un foglio di calcolo)",
    prepare_customers: "Prepara questi clienti",
    prepare_ledger: "Prepara tutto il registro",
    customers_file: "Salva i clienti",
    ledger_file: "Salva il registro",
    kilobytes: "{1} kB",
    names: [
        "Campioni",
        "Fedeli",
        "Promettenti",
        "Nuovi",
        "A rischio",
        "Persi",
    ],
};

const PL: CustomersWords = CustomersWords {
    title: "Twoi klienci",
    segments: "Grupy",
    how: "Jak klienci trafiają do grup",
    rule: [
        "Każda karta jest w dokładnie jednej grupie, sprawdzanych w tej kolejności:",
        "Nowi: karta założona w ostatnich 30 dniach.",
        "Utraceni: brak wizyty w ostatnich 180 dniach albo żadnej.",
        "Zagrożeni: nieobecni dwa razy dłużej niż zwykle (opóźnienie ≥ 2) albo, po jednej wizycie, bez wizyty od 60 dni. Opóźnienie = dni od ostatniej wizyty ÷ zwykła przerwa klienta; od 1,5 klient jest spóźniony.",
        "Mistrzowie: wizyta w ostatnich 30 dniach i co najmniej 8 wizyt albo co najmniej 4 z wydatkami w najwyższej piątej części.",
        "Lojalni: wizyta w ostatnich 60 dniach i co najmniej 4 wizyty.",
        "Obiecujący: pozostali (niedawni, z niewieloma wizytami).",
    ],
    loading: "Porządkuję klientów…",
    everyone: "Wszyscy",
    none_here: "Brak klientów w tej grupie.",
    showing: "Widać {1} z {2}.",
    columns: [
        "Imię",
        "Kod",
        "Ostatnia wizyta",
        "Wizyty",
        "Wydatki",
        "Punkty",
        "Poziom",
        "Grupa",
        "Opóźnienie",
    ],
    sort_by: "Sortuj według",
    download: "Pobieranie (CSV, do arkusza)",
    prepare_customers: "Przygotuj tych klientów",
    prepare_ledger: "Przygotuj cały rejestr",
    customers_file: "Zapisz klientów",
    ledger_file: "Zapisz rejestr",
    kilobytes: "{1} kB",
    names: [
        "Mistrzowie",
        "Lojalni",
        "Obiecujący",
        "Nowi",
        "Zagrożeni",
        "Utraceni",
    ],
};

//! The words of the wallet's join screen, which the server draws into the
//! business's page (so that a newcomer sees it before the wasm has run)
//! and the wallet then draws again in the same place: one table, so that
//! the two drawings cannot say different things. The wallet's other words
//! are in the wallet (`src/i18n.rs`), whose table takes these from here.

use crate::lang::Lang;

/// What the join screen says. `{1}`, `{2}`: see [`crate::lang::fill`].
pub struct JoinWords {
    /// The shell's line while the card loads.
    pub loading: &'static str,
    /// The language switch's label.
    pub language: &'static str,
    /// "stamp" for one, few, many ([`Lang::plural`]).
    pub stamp_forms: [&'static str; 3],
    /// {1} stamps (with the word), {2} reward.
    pub collect_and_get: &'static str,
    pub get_my_card: &'static str,
    pub no_app: &'static str,
    pub first_name: &'static str,
    pub birthday: &'static str,
    pub optional: &'static str,
    /// {1} business.
    pub privacy: &'static str,
}

impl JoinWords {
    /// The words in `lang`.
    pub fn of(lang: Lang) -> &'static JoinWords {
        match lang {
            Lang::It => &IT,
            Lang::En => &EN,
            Lang::Pl => &PL,
        }
    }

    /// "5 stamps", "3 pieczątki" (stamp counts are small whole numbers:
    /// no grouping to write).
    pub fn stamps(&self, lang: Lang, n: i64) -> String {
        format!("{n} {}", self.stamp_forms[lang.plural(n)])
    }
}

pub const EN: JoinWords = JoinWords {
    loading: "Loading your card…",
    language: "Language",
    stamp_forms: ["stamp", "stamps", "stamps"],
    collect_and_get: "Collect {1} and get: {2}",
    get_my_card: "Get my card",
    no_app: "No app, no account: your card is kept in this browser.",
    first_name: "First name",
    birthday: "Birthday",
    optional: "optional",
    privacy: "Only {1} sees these, for your birthday gift and a friendly hello. Never shared.",
};

pub const IT: JoinWords = JoinWords {
    loading: "Carico la tua tessera…",
    language: "Lingua",
    stamp_forms: ["timbro", "timbri", "timbri"],
    collect_and_get: "Raccogli {1} e ricevi: {2}",
    get_my_card: "Ottieni la tessera",
    no_app: "Nessuna app, nessun account: la tessera resta in questo browser.",
    first_name: "Nome",
    birthday: "Compleanno",
    optional: "facoltativo",
    privacy: "Li vede solo {1}, per il regalo di compleanno e un saluto. Mai condivisi.",
};

pub const PL: JoinWords = JoinWords {
    loading: "Wczytuję twoją kartę…",
    language: "Język",
    stamp_forms: ["pieczątka", "pieczątki", "pieczątek"],
    collect_and_get: "Zbierz {1} i odbierz: {2}",
    get_my_card: "Odbierz kartę",
    no_app: "Bez aplikacji i konta: karta zostaje w tej przeglądarce.",
    first_name: "Imię",
    birthday: "Urodziny",
    optional: "opcjonalnie",
    privacy: "Widzi je tylko {1}: na prezent urodzinowy i powitanie. Nigdy nie udostępniane.",
};

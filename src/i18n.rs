//! The wallet's languages: Italian, English and Polish. Every visible string
//! comes from a [`Texts`] table; numbers and dates are written in the
//! chosen language by `timbro_web`'s [`Speaking`].
//!
//! The language is the customer's stored choice, else the first of the
//! browser's languages the wallet speaks, else English.

/// Where the customer's choice is kept (the static shell in `index.html`
/// reads it too).
pub const LANG_KEY: &str = "timbro.v1.lang";

use timbro_core::words;
pub use timbro_web::{Lang, Speaking, fill, use_lang};

/// "Language" in `lang`, the language switch's label.
pub fn language_word(lang: Lang) -> &'static str {
    lang.texts().language
}

/// What the wallet says in a language: its strings and counted words.
pub trait Speak: Copy {
    /// The strings.
    fn texts(self) -> &'static Texts;
    /// "3 minutes ago" from a past Unix time in milliseconds ("never" when
    /// unknown).
    fn ago(self, then_ms: i64) -> String;
    /// "3 stamps" / "3 pieczątki".
    fn stamps(self, n: i64) -> String;
    /// "30 points" / "30 punktów".
    fn points(self, n: i64) -> String;
    /// The word for `n` stamps: "stamp", "pieczątki"…
    fn stamp_word(self, n: i64) -> &'static str;
    /// The word for `n` points.
    fn point_word(self, n: i64) -> &'static str;
}

impl Speak for Lang {
    fn texts(self) -> &'static Texts {
        match self {
            Lang::It => &IT,
            Lang::En => &EN,
            Lang::Pl => &PL,
        }
    }

    /// "3 minutes ago" from a past Unix time in milliseconds ("never" when
    /// unknown).
    fn ago(self, then_ms: i64) -> String {
        if then_ms <= 0 {
            return self.texts().never.into();
        }
        let minutes = ((js_sys::Date::now() as i64 - then_ms) / 60_000).max(0);
        let (value, unit) = match minutes {
            m if m < 60 => (m, "minute"),
            m if m < 48 * 60 => (m / 60, "hour"),
            m => (m / (24 * 60), "day"),
        };
        let locales = js_sys::Array::of1(&self.code().into());
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
        js_sys::Intl::RelativeTimeFormat::new(&locales, &options)
            .format(-(value as f64), unit)
            .into()
    }

    /// "3 stamps" / "3 pieczątki".
    fn stamps(self, n: i64) -> String {
        self.counted(n, &self.texts().stamp_forms)
    }

    /// "30 points" / "30 punktów".
    fn points(self, n: i64) -> String {
        self.counted(n, &self.texts().point_forms)
    }

    /// The word for `n` stamps: "stamp", "pieczątki"…
    fn stamp_word(self, n: i64) -> &'static str {
        self.texts().stamp_forms[self.plural(n)]
    }

    /// The word for `n` points.
    fn point_word(self, n: i64) -> &'static str {
        self.texts().point_forms[self.plural(n)]
    }
}

/// Every string the wallet shows. `{1}`, `{2}`: see [`fill`].
pub struct Texts {
    pub loading: &'static str,
    pub language: &'static str,
    pub stamp_forms: [&'static str; 3],
    pub point_forms: [&'static str; 3],
    /// {1} stamps (with the word), {2} reward.
    pub collect_and_get: &'static str,
    pub get_my_card: &'static str,
    pub getting_card: &'static str,
    pub no_app: &'static str,
    pub first_name: &'static str,
    pub birthday: &'static str,
    pub optional: &'static str,
    /// {1} business.
    pub privacy: &'static str,
    pub cannot_keep: &'static str,
    /// The browser cannot make a secure card token.
    pub no_random: &'static str,
    pub no_connection: &'static str,
    pub err_not_found: &'static str,
    pub err_busy: &'static str,
    pub err_server: &'static str,
    /// {1} filled, {2} required (stamps, with the word).
    pub stamps_of: &'static str,
    /// {1} reward.
    pub reward_ready: &'static str,
    /// {1} stamps to go (with the word), {2} reward.
    pub more_for: &'static str,
    pub your_code: &'static str,
    pub show_code: &'static str,
    pub your_points: &'static str,
    pub tier: &'static str,
    /// {1} points (with the word), {2} tier.
    pub to_next_tier: &'static str,
    pub top_tier: &'static str,
    pub rewards: &'static str,
    pub redeem: &'static str,
    /// {1} points or stamps (with the word).
    pub to_go: &'static str,
    pub offers: &'static str,
    /// {1} points, {2} date.
    pub birthday_offer: &'static str,
    /// {1} name, {2} multiplier ("×1.5"), {3} date.
    pub promotion_offer: &'static str,
    /// {1} the offer ("a free cappuccino"), {2} its last day.
    pub held_offer: &'static str,
    pub use_offer: &'static str,
    pub messages: &'static str,
    pub new_message: &'static str,
    /// {1} the business.
    pub no_messages: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub kind_visit: &'static str,
    pub kind_redemption: &'static str,
    pub kind_welcome: &'static str,
    pub kind_birthday: &'static str,
    pub kind_referral: &'static str,
    pub kind_expiry: &'static str,
    /// {1} points (with the word), {2} the day.
    pub points_expire: &'static str,
    pub kind_undo: &'static str,
    pub redeem_title: &'static str,
    pub redeem_hint: &'static str,
    /// {1} seconds.
    pub new_code_in: &'static str,
    pub works_offline: &'static str,
    pub close: &'static str,
    pub redeemed: &'static str,
    /// {1} points (with the word).
    pub balance_now: &'static str,
    /// {1} how long ago.
    pub offline_since: &'static str,
    pub never: &'static str,
    pub link_damaged: &'static str,
    pub keep_title: &'static str,
    pub keep_hint: &'static str,
    pub copy_link: &'static str,
    pub copied: &'static str,
    pub my_cards: &'static str,
    pub no_cards: &'static str,
    pub not_found: &'static str,
    pub back_home: &'static str,
    /// {1} business.
    pub ask_question: &'static str,
    pub ask_scale: &'static str,
    pub ask_comment: &'static str,
    pub ask_send: &'static str,
    pub ask_skip: &'static str,
    pub ask_thanks: &'static str,
}

static EN: Texts = Texts {
    loading: words::EN.loading,
    language: words::EN.language,
    stamp_forms: words::EN.stamp_forms,
    point_forms: ["point", "points", "points"],
    collect_and_get: words::EN.collect_and_get,
    get_my_card: words::EN.get_my_card,
    getting_card: "Getting your card…",
    no_app: words::EN.no_app,
    first_name: words::EN.first_name,
    birthday: words::EN.birthday,
    optional: words::EN.optional,
    privacy: words::EN.privacy,
    cannot_keep: "This browser cannot keep your card. Is it in private browsing?",
    no_random: "This browser cannot make a secure card. Try another browser.",
    no_connection: "No connection. Check your network and try again.",
    err_not_found: "This card or place does not exist. Check the link or scan the QR code again.",
    err_busy: "Too many tries. Wait a minute and try again.",
    err_server: "Something went wrong on our side. Try again in a moment.",
    stamps_of: "{1} of {2}",
    reward_ready: "Your reward is ready: {1}",
    more_for: "{1} to go for: {2}",
    your_code: "Your code",
    show_code: "Show this at the counter to collect your stamp.",
    your_points: "Points",
    tier: "Level",
    to_next_tier: "{1} more to reach {2}",
    top_tier: "You are at the top level.",
    rewards: "Rewards",
    redeem: "Redeem",
    to_go: "{1} to go",
    offers: "Offers",
    birthday_offer: "Happy birthday! {1} on your next visit, until {2}.",
    promotion_offer: "{1}: points {2} until {3}.",
    held_offer: "{1}, on your card until {2}.",
    use_offer: "Use",
    messages: "Messages",
    new_message: "New",
    no_messages: "Messages from {1} will show here.",
    history: "Recent activity",
    no_history: "Nothing yet: your visits will show here.",
    kind_visit: "Visit",
    kind_redemption: "Reward redeemed",
    kind_welcome: "Welcome gift",
    kind_birthday: "Birthday gift",
    kind_referral: "Friend referral",
    kind_expiry: "Points expired",
    points_expire: "{1} expire on {2} unless you visit before.",
    kind_undo: "Correction",
    redeem_title: "Show this to the staff",
    redeem_hint: "They scan the code or type the letters below.",
    new_code_in: "New code in {1} s",
    works_offline: "Works without a connection.",
    close: "Close",
    redeemed: "Enjoy! Your reward has been redeemed.",
    balance_now: "Your balance now: {1}",
    offline_since: "Offline · updated {1}",
    never: "never",
    link_damaged: "This recovery link is incomplete, so no card was restored. Copy the whole link again.",
    keep_title: "Keep your card safe",
    keep_hint: "Save this private link (in your notes, or email it to yourself). Opening it on a new phone brings your card back. Do not share it: it is your card.",
    copy_link: "Copy link",
    copied: "Copied",
    my_cards: "My cards",
    no_cards: "No cards yet. Scan the QR code on your table to get one.",
    not_found: "This page does not exist.",
    back_home: "My cards",
    ask_question: "How likely are you to recommend {1} to a friend?",
    ask_scale: "0 = not at all, 10 = certainly",
    ask_comment: "Anything to add? (optional)",
    ask_send: "Send",
    ask_skip: "Not now",
    ask_thanks: "Thank you! Your answer was sent.",
};

static IT: Texts = Texts {
    loading: words::IT.loading,
    language: words::IT.language,
    stamp_forms: words::IT.stamp_forms,
    point_forms: ["punto", "punti", "punti"],
    collect_and_get: words::IT.collect_and_get,
    get_my_card: words::IT.get_my_card,
    getting_card: "Creo la tua tessera…",
    no_app: words::IT.no_app,
    first_name: words::IT.first_name,
    birthday: words::IT.birthday,
    optional: words::IT.optional,
    privacy: words::IT.privacy,
    cannot_keep: "Questo browser non può conservare la tessera. È in navigazione privata?",
    no_random: "Questo browser non può creare una tessera sicura. Prova un altro browser.",
    no_connection: "Nessuna connessione. Controlla la rete e riprova.",
    err_not_found: "Questa tessera o questo locale non esiste. Controlla il link o inquadra di nuovo il QR.",
    err_busy: "Troppi tentativi. Aspetta un minuto e riprova.",
    err_server: "Qualcosa non ha funzionato da parte nostra. Riprova tra poco.",
    stamps_of: "{1} su {2}",
    reward_ready: "Il tuo premio è pronto: {1}",
    more_for: "Ancora {1} per: {2}",
    your_code: "Il tuo codice",
    show_code: "Mostralo alla cassa per ricevere il timbro.",
    your_points: "Punti",
    tier: "Livello",
    to_next_tier: "Ancora {1} per {2}",
    top_tier: "Sei al livello più alto.",
    rewards: "Premi",
    redeem: "Riscatta",
    to_go: "Mancano {1}",
    offers: "Offerte",
    birthday_offer: "Buon compleanno! {1} alla prossima visita, fino al {2}.",
    promotion_offer: "{1}: punti {2} fino al {3}.",
    held_offer: "{1}, sulla tua carta fino al {2}.",
    use_offer: "Usa",
    messages: "Messaggi",
    new_message: "Nuovo",
    no_messages: "I messaggi di {1} compariranno qui.",
    history: "Attività recente",
    no_history: "Ancora niente: qui vedrai le tue visite.",
    kind_visit: "Visita",
    kind_redemption: "Premio riscattato",
    kind_welcome: "Regalo di benvenuto",
    kind_birthday: "Regalo di compleanno",
    kind_referral: "Amico invitato",
    kind_expiry: "Punti scaduti",
    points_expire: "{1} scadono il {2}, se non passi prima.",
    kind_undo: "Correzione",
    redeem_title: "Mostralo al personale",
    redeem_hint: "Scansionano il codice o digitano le lettere qui sotto.",
    new_code_in: "Nuovo codice tra {1} s",
    works_offline: "Funziona anche senza connessione.",
    close: "Chiudi",
    redeemed: "Buon appetito! Il premio è stato riscattato.",
    balance_now: "Il tuo saldo ora: {1}",
    offline_since: "Offline · aggiornata {1}",
    never: "mai",
    link_damaged: "Questo link di recupero è incompleto: nessuna tessera ripristinata. Copia di nuovo il link intero.",
    keep_title: "Non perdere la tessera",
    keep_hint: "Salva questo link privato (nelle note o per email a te stesso). Aprendolo su un nuovo telefono ritrovi la tessera. Non condividerlo: è la tua tessera.",
    copy_link: "Copia link",
    copied: "Copiato",
    my_cards: "Le mie tessere",
    no_cards: "Ancora nessuna tessera. Inquadra il QR sul tavolo per averne una.",
    not_found: "Questa pagina non esiste.",
    back_home: "Le mie tessere",
    ask_question: "Quanto è probabile che consigli {1} a un amico?",
    ask_scale: "0 = per niente, 10 = di sicuro",
    ask_comment: "Vuoi aggiungere qualcosa? (facoltativo)",
    ask_send: "Invia",
    ask_skip: "Non ora",
    ask_thanks: "Grazie! La tua risposta è stata inviata.",
};

static PL: Texts = Texts {
    loading: words::PL.loading,
    language: words::PL.language,
    stamp_forms: words::PL.stamp_forms,
    point_forms: ["punkt", "punkty", "punktów"],
    collect_and_get: words::PL.collect_and_get,
    get_my_card: words::PL.get_my_card,
    getting_card: "Tworzę twoją kartę…",
    no_app: words::PL.no_app,
    first_name: words::PL.first_name,
    birthday: words::PL.birthday,
    optional: words::PL.optional,
    privacy: words::PL.privacy,
    cannot_keep: "Ta przeglądarka nie może zapisać karty. Czy to tryb prywatny?",
    no_random: "Ta przeglądarka nie może utworzyć bezpiecznej karty. Spróbuj innej przeglądarki.",
    no_connection: "Brak połączenia. Sprawdź sieć i spróbuj ponownie.",
    err_not_found: "Ta karta lub lokal nie istnieje. Sprawdź link albo zeskanuj kod QR ponownie.",
    err_busy: "Zbyt wiele prób. Odczekaj minutę i spróbuj ponownie.",
    err_server: "Coś poszło nie tak po naszej stronie. Spróbuj za chwilę.",
    stamps_of: "{1} z {2}",
    reward_ready: "Nagroda czeka: {1}",
    more_for: "Jeszcze {1} do: {2}",
    your_code: "Twój kod",
    show_code: "Pokaż go przy kasie, aby dostać pieczątkę.",
    your_points: "Punkty",
    tier: "Poziom",
    to_next_tier: "Jeszcze {1} do poziomu {2}",
    top_tier: "Masz najwyższy poziom.",
    rewards: "Nagrody",
    redeem: "Odbierz",
    to_go: "Brakuje: {1}",
    offers: "Oferty",
    birthday_offer: "Wszystkiego najlepszego! {1} przy następnej wizycie, do {2}.",
    promotion_offer: "{1}: punkty {2} do {3}.",
    held_offer: "{1}, na Twojej karcie do {2}.",
    use_offer: "Użyj",
    messages: "Wiadomości",
    new_message: "Nowa",
    no_messages: "Wiadomości od {1} pojawią się tutaj.",
    history: "Ostatnia aktywność",
    no_history: "Jeszcze nic: tu zobaczysz swoje wizyty.",
    kind_visit: "Wizyta",
    kind_redemption: "Odebrana nagroda",
    kind_welcome: "Prezent powitalny",
    kind_birthday: "Prezent urodzinowy",
    kind_referral: "Polecenie znajomego",
    kind_expiry: "Punkty wygasły",
    points_expire: "{1} wygasa {2}, jeśli nie przyjdziesz wcześniej.",
    kind_undo: "Korekta",
    redeem_title: "Pokaż to obsłudze",
    redeem_hint: "Zeskanują kod lub wpiszą znaki poniżej.",
    new_code_in: "Nowy kod za {1} s",
    works_offline: "Działa bez połączenia.",
    close: "Zamknij",
    redeemed: "Smacznego! Nagroda została odebrana.",
    balance_now: "Twoje saldo: {1}",
    offline_since: "Offline · zaktualizowano {1}",
    never: "nigdy",
    link_damaged: "Ten link odzyskiwania jest niepełny: karty nie przywrócono. Skopiuj cały link ponownie.",
    keep_title: "Nie zgub karty",
    keep_hint: "Zapisz ten prywatny link (w notatkach lub wyślij sobie e-mailem). Otwarty na nowym telefonie przywraca kartę. Nie udostępniaj go: to twoja karta.",
    copy_link: "Kopiuj link",
    copied: "Skopiowano",
    my_cards: "Moje karty",
    no_cards: "Nie masz jeszcze kart. Zeskanuj kod QR na stoliku.",
    not_found: "Ta strona nie istnieje.",
    back_home: "Moje karty",
    ask_question: "Jak bardzo prawdopodobne jest, że polecisz {1} znajomemu?",
    ask_scale: "0 = wcale, 10 = na pewno",
    ask_comment: "Chcesz coś dodać? (opcjonalnie)",
    ask_send: "Wyślij",
    ask_skip: "Nie teraz",
    ask_thanks: "Dziękujemy! Twoja odpowiedź została wysłana.",
};

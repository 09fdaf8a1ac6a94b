//! The counter's languages: Italian, English and Polish, like the wallet.
//! Every visible string comes from a [`Texts`] table.
//!
//! The language is the choice remembered on this device, else the first of
//! the browser's languages the counter speaks, else English.

use timbro_core::api::ErrorCode;
pub use timbro_web::{Lang, Speaking, fill};

/// Where the choice is kept (the counter's own: a shared tablet's staff
/// language need not be a customer's).
pub const LANG_KEY: &str = "timbro.counter.v1.lang";

/// "Language" in `lang`, the language switch's (hidden) label.
pub fn language_word(lang: Lang) -> &'static str {
    lang.texts().language
}

/// What the counter says in a language.
pub trait Speak: Copy {
    /// The strings.
    fn texts(self) -> &'static Texts;
    /// "3 stamps" / "3 pieczątki".
    fn stamps(self, n: i64) -> String;
    /// "30 points" / "30 punktów".
    fn points(self, n: i64) -> String;
    /// "3 changes" waiting in the outbox.
    fn changes(self, n: i64) -> String;
    /// A time of day such as `09:41` for today, else with the day, `23 nov, 09:41`.
    fn when(self, ms: i64) -> String;
}

impl Speak for Lang {
    fn texts(self) -> &'static Texts {
        match self {
            Lang::It => &IT,
            Lang::En => &EN,
            Lang::Pl => &PL,
        }
    }

    fn stamps(self, n: i64) -> String {
        self.counted(n, &self.texts().stamp_forms)
    }

    fn points(self, n: i64) -> String {
        self.counted(n, &self.texts().point_forms)
    }

    fn changes(self, n: i64) -> String {
        self.counted(n, &self.texts().change_forms)
    }

    fn when(self, ms: i64) -> String {
        let date = js_sys::Date::new(&(ms as f64).into());
        let today = js_sys::Date::new_0().to_date_string() == date.to_date_string();
        let options = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
        };
        if !today {
            set("day", "numeric");
            set("month", "short");
        }
        set("hour", "2-digit");
        set("minute", "2-digit");
        date.to_locale_string(self.code(), &options).into()
    }
}

/// Every string the counter shows. `{1}`, `{2}`: see [`fill`].
pub struct Texts {
    pub app: &'static str,
    pub language: &'static str,
    pub stamp_forms: [&'static str; 3],
    pub point_forms: [&'static str; 3],
    pub change_forms: [&'static str; 3],
    // Sign-in.
    pub sign_in_title: &'static str,
    pub business: &'static str,
    pub business_hint: &'static str,
    pub username: &'static str,
    pub passcode: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub err_credentials: &'static str,
    pub err_business: &'static str,
    pub err_fill_in: &'static str,
    pub err_sign_in_limit: &'static str,
    pub session_ended: &'static str,
    pub signed_as: &'static str,
    pub sign_out: &'static str,
    // Scanning.
    pub scan: &'static str,
    pub stop_camera: &'static str,
    pub camera_hint: &'static str,
    pub camera_starting: &'static str,
    pub camera_denied: &'static str,
    pub camera_missing: &'static str,
    pub camera_unsupported: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub find: &'static str,
    pub looking_up: &'static str,
    pub code_length: &'static str,
    pub code_character: &'static str,
    pub not_our_qr: &'static str,
    // The card.
    pub customer: &'static str,
    pub stamps_of: &'static str,
    pub level: &'static str,
    pub add_stamp: &'static str,
    pub amount_label: &'static str,
    pub amount_bad: &'static str,
    pub of_which: &'static str,
    pub parts_too_big: &'static str,
    pub earns: &'static str,
    pub record: &'static str,
    pub next_customer: &'static str,
    pub rewards_ready: &'static str,
    pub recent: &'static str,
    /// visit, redemption, welcome, birthday, referral, undo.
    pub kinds: [&'static str; 7],
    // Results.
    pub added: &'static str,
    pub card_full: &'static str,
    pub and: &'static str,
    pub balance: &'static str,
    pub undo: &'static str,
    pub undone: &'static str,
    // Redeeming.
    pub reward: &'static str,
    /// An offer the card holds (from a campaign), over its name.
    pub offer: &'static str,
    pub offer_ready: &'static str,
    pub covers: &'static str,
    pub to_go: &'static str,
    pub confirm: &'static str,
    pub cancel: &'static str,
    pub redeemed: &'static str,
    // Errors.
    pub err_expired: &'static str,
    pub err_already: &'static str,
    pub err_insufficient: &'static str,
    pub err_other_business: &'static str,
    pub err_no_card: &'static str,
    pub err_nothing_to_undo: &'static str,
    pub err_undo_too_late: &'static str,
    pub err_undo_spent: &'static str,
    /// {1} who (first name or code), {2} the cooldown in minutes.
    pub err_cooldown: &'static str,
    pub why_now: &'static str,
    pub why_now_hint: &'static str,
    pub add_anyway: &'static str,
    pub err_busy: &'static str,
    pub err_server: &'static str,
    pub err_no_connection: &'static str,
    // The outbox.
    pub waiting: &'static str,
    pub send_now: &'static str,
    pub sending: &'static str,
    pub outbox_unreadable: &'static str,
    pub no_random: &'static str,
}

static EN: Texts = Texts {
    app: "Counter",
    language: "Language",
    stamp_forms: ["stamp", "stamps", "stamps"],
    point_forms: ["point", "points", "points"],
    change_forms: ["change", "changes", "changes"],
    sign_in_title: "Sign in to the counter",
    business: "Business",
    business_hint: "As in the card link, e.g. caffe-aurora",
    username: "User name",
    passcode: "PIN or password",
    sign_in: "Sign in",
    signing_in: "Signing in…",
    err_credentials: "Wrong user name or PIN. Check them and try again.",
    err_business: "There is no business with this name. Check the card link.",
    err_fill_in: "Fill in the business, your user name and your PIN.",
    err_sign_in_limit: "Too many sign-in attempts. Wait a few minutes, then try again, or ask the owner for a new PIN.",
    session_ended: "Your session has ended. Please sign in again.",
    signed_as: "Signed in as {1}",
    sign_out: "Sign out",
    scan: "Scan with camera",
    stop_camera: "Stop camera",
    camera_hint: "Point the camera at the customer's QR code.",
    camera_starting: "Starting the camera…",
    camera_denied: "The camera is not allowed. Allow it in the browser's settings, or type the code.",
    camera_missing: "No camera was found. Type the code instead.",
    camera_unsupported: "This browser cannot use the camera here. Type the code instead.",
    code_label: "Card or reward code",
    code_hint: "8 characters for a card, 12 for a reward",
    find: "Find",
    looking_up: "Looking up…",
    code_length: "That code has {1} characters: a card code has 8, a reward code 12.",
    code_character: "“{1}” is never part of a code. Check the code with the customer.",
    not_our_qr: "This QR code is not a Timbro card or reward.",
    customer: "Customer",
    stamps_of: "{1} of {2} stamps",
    level: "Level: {1}",
    add_stamp: "+1 stamp",
    amount_label: "Amount spent ({1})",
    amount_bad: "Type an amount such as 4.50.",
    of_which: "Of which {1}",
    parts_too_big: "The parts add up to more than the amount spent.",
    earns: "Earns {1}",
    record: "Record purchase",
    next_customer: "Next customer",
    rewards_ready: "Can redeem now: {1}",
    recent: "Recently",
    kinds: [
        "Visit",
        "Reward redeemed",
        "Welcome gift",
        "Birthday gift",
        "Friend referred",
        "Undone",
        "Points expired",
    ],
    added: "Added {1} for {2}.",
    card_full: "The card is full: the reward can be redeemed.",
    and: "and",
    balance: "Now {1} · {2}.",
    undo: "Undo",
    undone: "Undone for {1}.",
    reward: "Reward",
    offer: "Offer",
    offer_ready: "On the card, ready to use.",
    covers: "The balance covers it.",
    to_go: "Not enough yet: {1} to go.",
    confirm: "Confirm redemption",
    cancel: "Cancel",
    redeemed: "Redeemed: {1} for {2}.",
    err_expired: "This code has expired. Ask the customer to open the reward again and show the new code.",
    err_already: "This code has already been used. Nothing was deducted.",
    err_insufficient: "The card's balance does not cover this reward. Nothing was deducted.",
    err_other_business: "This card belongs to another business.",
    err_no_card: "No card has this code. Check it with the customer.",
    err_nothing_to_undo: "There is nothing to undo on this card.",
    err_undo_too_late: "Too late to undo: more than 5 minutes have passed.",
    err_undo_spent: "Cannot undo: the points have already been spent.",
    err_cooldown: "A stamp was added to {1} less than {2} minutes ago.",
    why_now: "Why add it now?",
    why_now_hint: "The owner sees the reason.",
    add_anyway: "Add anyway",
    err_busy: "The server is busy. Wait a moment and try again.",
    err_server: "Something went wrong on the server. Nothing was changed; try again.",
    err_no_connection: "No connection to the server. Check the Wi-Fi and try again.",
    waiting: "No connection: {1} waiting. They will be sent, once each, when the network is back.",
    send_now: "Send now",
    sending: "Sending…",
    outbox_unreadable: "Some unsent changes saved on this device could not be read and were set aside.",
    no_random: "This browser cannot make secure keys for changes, so nothing was recorded. Use another browser.",
};

static IT: Texts = Texts {
    app: "Cassa",
    language: "Lingua",
    stamp_forms: ["timbro", "timbri", "timbri"],
    point_forms: ["punto", "punti", "punti"],
    change_forms: ["operazione", "operazioni", "operazioni"],
    sign_in_title: "Accedi alla cassa",
    business: "Attività",
    business_hint: "Come nel link della tessera, es. caffe-aurora",
    username: "Nome utente",
    passcode: "PIN o password",
    sign_in: "Accedi",
    signing_in: "Accesso in corso…",
    err_credentials: "Nome utente o PIN errati. Controllali e riprova.",
    err_business: "Non esiste un'attività con questo nome. Controlla il link della tessera.",
    err_fill_in: "Inserisci l'attività, il tuo nome utente e il PIN.",
    err_sign_in_limit: "Troppi tentativi di accesso. Attendi qualche minuto e riprova, o chiedi al titolare un nuovo PIN.",
    session_ended: "La sessione è scaduta. Accedi di nuovo.",
    signed_as: "Accesso come {1}",
    sign_out: "Esci",
    scan: "Scansiona con la fotocamera",
    stop_camera: "Ferma la fotocamera",
    camera_hint: "Inquadra il codice QR del cliente.",
    camera_starting: "Avvio della fotocamera…",
    camera_denied: "La fotocamera non è consentita. Consentila nelle impostazioni del browser, o digita il codice.",
    camera_missing: "Nessuna fotocamera trovata. Digita il codice.",
    camera_unsupported: "Questo browser non può usare la fotocamera qui. Digita il codice.",
    code_label: "Codice tessera o premio",
    code_hint: "8 caratteri per una tessera, 12 per un premio",
    find: "Cerca",
    looking_up: "Ricerca…",
    code_length: "Caratteri nel codice: {1}. Una tessera ne ha 8, un premio 12.",
    code_character: "«{1}» non compare mai in un codice. Controlla il codice con il cliente.",
    not_our_qr: "Questo codice QR non è una tessera o un premio Timbro.",
    customer: "Cliente",
    stamps_of: "{1} timbri su {2}",
    level: "Livello: {1}",
    add_stamp: "+1 timbro",
    amount_label: "Importo speso ({1})",
    amount_bad: "Scrivi un importo come 4,50.",
    of_which: "Di cui {1}",
    parts_too_big: "Le parti superano l'importo speso.",
    earns: "Guadagna {1}",
    record: "Registra l'acquisto",
    next_customer: "Prossimo cliente",
    rewards_ready: "Può riscattare ora: {1}",
    recent: "Ultime operazioni",
    kinds: [
        "Visita",
        "Premio riscattato",
        "Regalo di benvenuto",
        "Regalo di compleanno",
        "Amico presentato",
        "Annullato",
        "Punti scaduti",
    ],
    added: "Aggiunto {1} a {2}.",
    card_full: "La tessera è completa: il premio si può riscattare.",
    and: "e",
    balance: "Ora {1} · {2}.",
    undo: "Annulla",
    undone: "Annullato per {1}.",
    reward: "Premio",
    offer: "Offerta",
    offer_ready: "Sulla carta, pronta da usare.",
    covers: "Il saldo è sufficiente.",
    to_go: "Non ancora: mancano {1}.",
    confirm: "Conferma il riscatto",
    cancel: "Indietro",
    redeemed: "Riscattato: {1} per {2}.",
    err_expired: "Questo codice è scaduto. Chiedi al cliente di riaprire il premio e mostrare il nuovo codice.",
    err_already: "Questo codice è già stato usato. Non è stato scalato nulla.",
    err_insufficient: "Il saldo della tessera non copre questo premio. Non è stato scalato nulla.",
    err_other_business: "Questa tessera è di un'altra attività.",
    err_no_card: "Nessuna tessera ha questo codice. Controllalo con il cliente.",
    err_nothing_to_undo: "Non c'è niente da annullare su questa tessera.",
    err_undo_too_late: "Troppo tardi per annullare: sono passati più di 5 minuti.",
    err_undo_spent: "Impossibile annullare: i punti sono già stati spesi.",
    err_cooldown: "A {1} è stato aggiunto un timbro meno di {2} minuti fa.",
    why_now: "Perché aggiungerlo ora?",
    why_now_hint: "Il titolare vede il motivo.",
    add_anyway: "Aggiungi comunque",
    err_busy: "Il server è occupato. Attendi un momento e riprova.",
    err_server: "Qualcosa è andato storto sul server. Non è cambiato nulla; riprova.",
    err_no_connection: "Nessuna connessione al server. Controlla il Wi-Fi e riprova.",
    waiting: "Nessuna connessione: {1} in attesa. Saranno inviate, una volta sola, quando torna la rete.",
    send_now: "Invia ora",
    sending: "Invio…",
    outbox_unreadable: "Alcune operazioni non inviate salvate su questo dispositivo erano illeggibili e sono state messe da parte.",
    no_random: "Questo browser non può creare chiavi sicure per le operazioni: non è stato registrato nulla. Usa un altro browser.",
};

static PL: Texts = Texts {
    app: "Lada",
    language: "Język",
    stamp_forms: ["pieczątka", "pieczątki", "pieczątek"],
    point_forms: ["punkt", "punkty", "punktów"],
    change_forms: ["operacja", "operacje", "operacji"],
    sign_in_title: "Zaloguj się do lady",
    business: "Lokal",
    business_hint: "Jak w linku karty, np. caffe-aurora",
    username: "Nazwa użytkownika",
    passcode: "PIN lub hasło",
    sign_in: "Zaloguj",
    signing_in: "Logowanie…",
    err_credentials: "Błędna nazwa użytkownika lub PIN. Sprawdź i spróbuj ponownie.",
    err_business: "Nie ma lokalu o tej nazwie. Sprawdź link karty.",
    err_fill_in: "Wpisz lokal, swoją nazwę użytkownika i PIN.",
    err_sign_in_limit: "Zbyt wiele prób logowania. Poczekaj kilka minut i spróbuj ponownie albo poproś właściciela o nowy PIN.",
    session_ended: "Sesja wygasła. Zaloguj się ponownie.",
    signed_as: "Zalogowano jako {1}",
    sign_out: "Wyloguj",
    scan: "Skanuj aparatem",
    stop_camera: "Wyłącz aparat",
    camera_hint: "Skieruj aparat na kod QR klienta.",
    camera_starting: "Uruchamiam aparat…",
    camera_denied: "Aparat jest zablokowany. Zezwól na niego w ustawieniach przeglądarki albo wpisz kod.",
    camera_missing: "Nie znaleziono aparatu. Wpisz kod.",
    camera_unsupported: "Ta przeglądarka nie może tu użyć aparatu. Wpisz kod.",
    code_label: "Kod karty lub nagrody",
    code_hint: "8 znaków dla karty, 12 dla nagrody",
    find: "Szukaj",
    looking_up: "Szukam…",
    code_length: "Liczba znaków w kodzie: {1}. Kod karty ma 8, kod nagrody 12.",
    code_character: "„{1}” nigdy nie występuje w kodzie. Sprawdź kod z klientem.",
    not_our_qr: "Ten kod QR nie jest kartą ani nagrodą Timbro.",
    customer: "Klient",
    stamps_of: "{1} z {2} pieczątek",
    level: "Poziom: {1}",
    add_stamp: "+1 pieczątka",
    amount_label: "Wydana kwota ({1})",
    amount_bad: "Wpisz kwotę, np. 4,50.",
    of_which: "W tym {1}",
    parts_too_big: "Części przekraczają wydaną kwotę.",
    earns: "Daje {1}",
    record: "Zapisz zakup",
    next_customer: "Następny klient",
    rewards_ready: "Może odebrać teraz: {1}",
    recent: "Ostatnio",
    kinds: [
        "Wizyta",
        "Odebrana nagroda",
        "Prezent powitalny",
        "Prezent urodzinowy",
        "Polecony znajomy",
        "Cofnięto",
        "Punkty wygasły",
    ],
    added: "Dodano {1} dla: {2}.",
    card_full: "Karta jest pełna: nagrodę można odebrać.",
    and: "i",
    balance: "Teraz {1} · {2}.",
    undo: "Cofnij",
    undone: "Cofnięto dla: {1}.",
    reward: "Nagroda",
    offer: "Oferta",
    offer_ready: "Na karcie, gotowa do użycia.",
    covers: "Saldo wystarcza.",
    to_go: "Jeszcze za mało: brakuje {1}.",
    confirm: "Potwierdź odbiór",
    cancel: "Wróć",
    redeemed: "Odebrano: {1} dla: {2}.",
    err_expired: "Ten kod wygasł. Poproś klienta, aby ponownie otworzył nagrodę i pokazał nowy kod.",
    err_already: "Ten kod został już użyty. Nic nie zostało odjęte.",
    err_insufficient: "Saldo karty nie pokrywa tej nagrody. Nic nie zostało odjęte.",
    err_other_business: "Ta karta należy do innego lokalu.",
    err_no_card: "Żadna karta nie ma tego kodu. Sprawdź go z klientem.",
    err_nothing_to_undo: "Na tej karcie nie ma nic do cofnięcia.",
    err_undo_too_late: "Za późno na cofnięcie: minęło ponad 5 minut.",
    err_undo_spent: "Nie można cofnąć: punkty zostały już wydane.",
    err_cooldown: "{1}: pieczątka dodana mniej niż {2} min temu.",
    why_now: "Dlaczego dodać teraz?",
    why_now_hint: "Właściciel zobaczy powód.",
    add_anyway: "Dodaj mimo to",
    err_busy: "Serwer jest zajęty. Poczekaj chwilę i spróbuj ponownie.",
    err_server: "Coś poszło nie tak na serwerze. Nic się nie zmieniło; spróbuj ponownie.",
    err_no_connection: "Brak połączenia z serwerem. Sprawdź Wi-Fi i spróbuj ponownie.",
    waiting: "Brak połączenia: {1} czeka. Zostaną wysłane, każda raz, gdy wróci sieć.",
    send_now: "Wyślij teraz",
    sending: "Wysyłam…",
    outbox_unreadable: "Niektórych niewysłanych operacji zapisanych na tym urządzeniu nie dało się odczytać; odłożono je na bok.",
    no_random: "Ta przeglądarka nie może tworzyć bezpiecznych kluczy operacji, więc nic nie zapisano. Użyj innej przeglądarki.",
};

/// A sentence for staff about a failed request, in their language. (The
/// server's English message is for developers: it went to the console.)
pub fn error_text(lang: Lang, error: &timbro_web::ApiError) -> &'static str {
    let t = lang.texts();
    let Some(code) = error.code() else {
        return t.err_no_connection;
    };
    match code {
        ErrorCode::CodeExpired => t.err_expired,
        ErrorCode::AlreadyRedeemed => t.err_already,
        ErrorCode::InsufficientBalance => t.err_insufficient,
        ErrorCode::OtherBusiness => t.err_other_business,
        ErrorCode::NotFound => t.err_no_card,
        ErrorCode::NothingToUndo => t.err_nothing_to_undo,
        ErrorCode::UndoWindowPassed => t.err_undo_too_late,
        ErrorCode::UndoWouldGoNegative => t.err_undo_spent,
        ErrorCode::InvalidCredentials => t.err_credentials,
        ErrorCode::SessionExpired | ErrorCode::Unauthorized => t.session_ended,
        ErrorCode::RateLimited | ErrorCode::IdempotencyInProgress | ErrorCode::Busy => t.err_busy,
        _ => t.err_server,
    }
}

//! The join screen a newcomer sees before the wasm has arrived: drawn by
//! the server into the business's page, in the customer's language (the
//! phone's, or the one picked in the wallet), and the very screen the wasm
//! then draws in its place (so nothing moves).

use timbro_e2e::{Browser, TestServer};

/// The elements of the join screen with their classes, attributes and
/// words, in order: what must be the same before and after the wasm. Text
/// is read as the reader sees it: neighbouring text nodes as one (the
/// server writes "First name " where the wasm writes "First name", " ").
const SHAPE: &str = "const walk = (n) => { \
      if (n.nodeType !== 1) return ''; \
      let out = '<' + n.tagName.toLowerCase() + ' ' + Array.from(n.attributes).map((a) => a.name + '=' + a.value).sort().join(' ') + '>'; \
      let text = ''; \
      const flush = () => { if (text.trim()) out += JSON.stringify(text); text = ''; }; \
      for (const c of n.childNodes) { \
        if (c.nodeType === 3) text += c.textContent; \
        else if (c.nodeType === 1) { flush(); out += walk(c); } \
      } \
      flush(); return out + '</>'; }; \
    const main = document.querySelector('main.join'); return main ? walk(main) : null;";

/// Drawn by the server: the screen is in the page's shell (the wasm
/// removes the shell when it takes over).
const DRAWN_BY_PAGE: &str = "return !!document.querySelector('#shell main.join')";
/// The card as the wasm last drew it, painted by the page from what it kept
/// (the wasm has not started).
const KEPT_CARD_SHOWN: &str = "return !!document.querySelector('#shell > main.card') \
    && document.documentElement.dataset.wasm !== 'started'";
/// Drawn by the wasm.
const DRAWN_BY_WASM: &str =
    "return !document.getElementById('shell') && !!document.querySelector('main.join')";

/// On `phone`, the join screen as the server draws it for a newcomer (the
/// wasm blocked, which must not matter), then as the wasm draws it, which
/// must be the same in `lang` (its first words and its first month). The
/// wasm draws a join screen itself where the page has none to keep: here,
/// the choice of `lang` kept on the phone but not yet told to the server
/// (its cookie says another language).
async fn both_drawings(phone: &Browser, link: &str, lang: &str, words: &str, month: &str) {
    phone.block(&["*.wasm"]).await;
    phone.goto(link).await;
    phone.wait_for_text(words).await;
    assert_eq!(
        phone.script(DRAWN_BY_PAGE).await,
        true,
        "{lang}: drawn by the page"
    );
    assert_eq!(
        phone.script("return document.documentElement.lang").await,
        lang
    );
    let first_month = phone
        .script("return document.querySelector('select[name=birth_month]').options[1].textContent")
        .await;
    assert_eq!(first_month, month, "{lang}");
    let by_page = phone.script(SHAPE).await;

    phone.block(&[]).await;
    let other = if lang == "it" { "pl" } else { "it" };
    phone
        .script(&format!(
            "localStorage.setItem('timbro.v1.lang', '\"{lang}\"'); \
             document.cookie = 'timbro.v1.lang={other}; path=/'"
        ))
        .await;
    phone.goto(link).await;
    phone.wait_for_script(DRAWN_BY_WASM).await;
    phone.wait_for_text(words).await;
    assert_eq!(
        phone.script(SHAPE).await,
        by_page,
        "{lang}: the server's join screen and the wasm's differ"
    );
}

#[tokio::test]
async fn the_server_draws_the_join_screen_in_the_customers_language_and_the_wasm_draws_the_same() {
    let server = TestServer::start().await;
    let link = server.table_link("5");

    // A phone in English; then the customer picks Italian on the page, and
    // the page comes again in Italian from the server.
    let phone = Browser::open().await;
    both_drawings(
        &phone,
        &link,
        "en",
        "Collect 5 stamps and get: Un caffè in omaggio",
        "January",
    )
    .await;
    phone.goto(&link).await;
    phone.wait_for_script(DRAWN_BY_PAGE).await;
    phone.choose("#lang", "it").await;
    phone.wait_for_text("Raccogli 5 timbri e ricevi").await;
    assert_eq!(phone.script(DRAWN_BY_PAGE).await, true);
    both_drawings(
        &phone,
        &link,
        "it",
        "Raccogli 5 timbri e ricevi: Un caffè in omaggio",
        "gennaio",
    )
    .await;

    // And it works: the card is made, in the language picked.
    phone.goto(&link).await;
    phone.tap("Ottieni la tessera").await;
    phone
        .wait_for_script("return !!document.querySelector('.member-code')")
        .await;
    assert_eq!(
        phone.script("return document.documentElement.lang").await,
        "it"
    );
    phone.close().await;

    // A phone in Polish: the server reads it from the request.
    let phone = Browser::open_with(&["--accept-lang=pl"]).await;
    both_drawings(
        &phone,
        &link,
        "pl",
        "Zbierz 5 pieczątek i odbierz: Un caffè in omaggio",
        "styczeń",
    )
    .await;
    phone.close().await;
}

#[tokio::test]
async fn the_wasm_comes_when_the_customer_starts_and_takes_over_only_to_make_the_card() {
    let server = TestServer::start().await;
    let link = server.table_link("8");
    let phone = Browser::open().await;
    phone.goto(&link).await;
    phone.wait_for_script(DRAWN_BY_PAGE).await;
    // Only looking: nothing but the page is fetched.
    let wasm_fetched =
        "return performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm'))";
    assert_eq!(
        phone.script(wasm_fetched).await,
        false,
        "the wasm before any touch"
    );
    // Typing the name: the wasm comes, and leaves the page's screen, the
    // text and the field's focus (a phone's keyboard) alone.
    phone.type_into("input[name=first_name]", "Ada").await;
    phone.wait_for_script(wasm_fetched).await;
    phone
        .wait_for_script("return document.documentElement.dataset.wasm === 'started'")
        .await;
    phone.type_into("input[name=first_name]", "Adalgisa").await;
    assert_eq!(
        phone.script(DRAWN_BY_PAGE).await,
        true,
        "the page's screen stays"
    );
    assert_eq!(
        phone
            .script("return document.activeElement && document.activeElement.name")
            .await,
        "first_name"
    );
    // "Get my card": the wasm takes over and makes the card, with the name.
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    let card: serde_json::Value = server.staff_card(&staff, &member).await;
    assert_eq!(card["first_name"], "Adalgisa", "{card}");
    phone.close().await;
}

#[tokio::test]
async fn a_customer_with_a_card_or_a_recovery_link_never_sees_the_join_screen() {
    let server = TestServer::start().await;
    let link = server.table_link("7");
    let phone = Browser::open().await;
    phone.goto(&link).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    // Before the wasm draws the card, the page shows the card as last drawn
    // here, not a join screen: watched from the first paint on, with the
    // wasm held back.
    phone.block(&["*.wasm"]).await;
    phone.goto(&link).await;
    phone.wait_for_text("0 of 5 stamps").await;
    assert_eq!(
        phone
            .script("return !!document.querySelector('main.join')")
            .await,
        false
    );
    assert_eq!(phone.script(KEPT_CARD_SHOWN).await, true);
    phone.block(&[]).await;
    phone.goto(&link).await;
    phone.wait_for_text("0 of 5 stamps").await;
    assert_eq!(phone.text_of(".member-code").await, member);
    phone.close().await;

    // A link that brings a card back (here a damaged one) is the wasm's to
    // read: the page does not offer a new card meanwhile.
    let other = Browser::open().await;
    other.block(&["*.wasm"]).await;
    other.goto(&format!("{link}#card=not-a-token")).await;
    other.wait_for_text("Loading your card…").await;
    assert_eq!(
        other
            .script("return !!document.querySelector('main.join')")
            .await,
        false
    );
    other.close().await;
}

#[tokio::test]
async fn a_tap_on_the_page_drawn_join_screen_is_not_lost() {
    let server = TestServer::start().await;
    let link = server.table_link("6");
    let phone = Browser::open().await;
    phone.block(&["*.wasm"]).await;
    phone.goto(&link).await;
    phone.wait_for_text("Get my card").await;
    phone.type_into("input[name=first_name]", "Ada").await;
    phone.tap("Get my card").await;
    // Kept, and the button says it is in hand.
    phone
        .wait_for_script("return document.querySelector('main.join button').disabled")
        .await;
    // The wasm arrives (here: on the next load of the same tab) and makes
    // the card that was asked for, with the name typed.
    phone.block(&[]).await;
    phone.goto(&link).await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    let card: serde_json::Value = server.staff_card(&staff, &member).await;
    assert_eq!(card["first_name"], "Ada", "{card}");
    assert_eq!(server.demo_card_count().await, 1);
    phone.close().await;
}

/// What a card shows that must be the same drawn by the page and by the
/// wasm: the stamps, the points, the member code, the brand colour (set
/// through the CSS object model, as the page's policy wants) and the
/// progress bar's width.
const CARD_FACE: &str = "const main = document.querySelector('main.card'); \
    if (!main) return null; \
    return [main.querySelector('.stamp-count').textContent, main.querySelector('.points').textContent, \
      main.querySelector('.member-code').textContent, main.style.getPropertyValue('--brand'), \
      main.querySelector('.stamp-progress .bar span').style.width, \
      main.querySelectorAll('.stamp.filled').length, !!main.querySelector('.qr svg')].join('|');";

#[tokio::test]
async fn a_card_kept_here_is_on_screen_before_the_wasm_and_the_wasm_draws_the_same() {
    let server = TestServer::start().await;
    let link = server.table_link("8");
    let phone = Browser::open().await;
    phone.goto(&link).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    assert!(
        server
            .add_stamp(&staff, &member)
            .await
            .status()
            .is_success()
    );
    phone.wait_for_text("1 of 5 stamps").await;
    let live = phone.script(CARD_FACE).await;
    // Kept once the drawing has settled, without leaving the page.
    phone
        .wait_for_script(
            "const k = localStorage.getItem('timbro.v1.drawn.caffe-aurora'); \
             return !!k && k.includes('1 of 5 stamps')",
        )
        .await;

    phone.block(&["*.wasm"]).await;
    phone.goto(&link).await;
    phone.wait_for_text("1 of 5 stamps").await;
    assert_eq!(phone.script(KEPT_CARD_SHOWN).await, true);
    assert_eq!(phone.script(CARD_FACE).await, live);
    assert!(
        phone.csp_violations().await.is_empty(),
        "the kept card breaks the page's policy"
    );

    // The wasm takes over with the same card, and keeps it up to date.
    phone.block(&[]).await;
    phone.goto(&link).await;
    phone
        .wait_for_script(
            "return document.documentElement.dataset.wasm === 'started' \
             && !document.getElementById('shell') && !!document.querySelector('main.card')",
        )
        .await;
    assert_eq!(phone.script(CARD_FACE).await, live);
    assert!(
        server
            .add_stamp(&staff, &member)
            .await
            .status()
            .is_success()
    );
    phone.wait_for_text("2 of 5 stamps").await;

    // A damaged copy is not shown: the loading line until the wasm draws
    // the card, which is then kept again. (Damaged from another page: the
    // card's page keeps its card again when it is left.)
    phone.block(&["*.wasm"]).await;
    let home = &link[..link.find("/c/").expect("a card link")];
    phone.goto(&format!("{home}/")).await;
    phone
        .script("localStorage.setItem('timbro.v1.drawn.caffe-aurora', '{\"html\": \"<main class=card><p>broken')")
        .await;
    phone.goto(&link).await;
    phone.wait_for_text("Loading your card…").await;
    assert_eq!(phone.script(KEPT_CARD_SHOWN).await, false);
    phone.block(&[]).await;
    phone.goto(&link).await;
    phone.wait_for_text("2 of 5 stamps").await;
    phone
        .wait_for_script(
            "const k = localStorage.getItem('timbro.v1.drawn.caffe-aurora'); \
             try { return JSON.parse(k).html.includes('2 of 5 stamps'); } catch (_) { return false; }",
        )
        .await;
    phone.close().await;
}

//! The join screen a newcomer sees before the wasm has arrived: drawn from
//! the program the page brought, in the customer's language, and the very
//! screen the wasm then draws in its place (so nothing moves).

use timbro_e2e::{Browser, TestServer};

/// The elements of the join screen with their classes, attributes and
/// words, in order: what must be the same before and after the wasm.
const SHAPE: &str = "const walk = (n) => n.nodeType === 3 ? (n.textContent.trim() ? JSON.stringify(n.textContent) : '') \
    : n.nodeType !== 1 ? '' : '<' + n.tagName.toLowerCase() + ' ' + Array.from(n.attributes).map((a) => a.name + '=' + a.value).sort().join(' ') + '>' \
      + Array.from(n.childNodes).map(walk).join('') + '</>'; \
    const main = document.querySelector('main.join'); return main ? walk(main) : null;";

#[tokio::test]
async fn the_join_screen_is_drawn_before_the_wasm_in_each_language_and_the_wasm_draws_the_same() {
    let server = TestServer::start().await;
    let link = server.table_link("5");

    // The wasm never arrives.
    let slow = Browser::open().await;
    slow.block(&["*.wasm"]).await;
    slow.goto(&link).await;
    slow.wait_for_text("Collect 5 stamps and get: Un caffè in omaggio")
        .await;
    slow.wait_for_text("Get my card").await;
    assert_eq!(
        slow.script("return !!document.querySelector('#shell main.join')")
            .await,
        true,
        "drawn by the page, not the wasm"
    );
    let mut before = vec![slow.script(SHAPE).await];
    for (lang, words, month) in [
        (
            "it",
            "Raccogli 5 timbri e ricevi: Un caffè in omaggio",
            "gennaio",
        ),
        (
            "pl",
            "Zbierz 5 pieczątek i odbierz: Un caffè in omaggio",
            "styczeń",
        ),
    ] {
        slow.script(&format!(
            "localStorage.setItem('timbro.v1.lang', '\"{lang}\"')"
        ))
        .await;
        slow.goto(&link).await;
        slow.wait_for_text(words).await;
        let first_month = slow
            .script(
                "return document.querySelector('select[name=birth_month]').options[1].textContent",
            )
            .await;
        assert_eq!(first_month, month, "{lang}");
        before.push(slow.script(SHAPE).await);
    }

    // The wasm arrives: it draws the same screen in place of the page's, in
    // each language.
    let phone = Browser::open().await;
    let drawn_by_wasm =
        "return !document.getElementById('shell') && !!document.querySelector('main.join')";
    for (lang, page) in ["en", "it", "pl"].into_iter().zip(&before) {
        phone
            .script(&format!(
                "localStorage.setItem('timbro.v1.lang', '\"{lang}\"')"
            ))
            .await;
        phone.goto(&link).await;
        phone.wait_for_script(drawn_by_wasm).await;
        assert_eq!(
            page,
            &phone.script(SHAPE).await,
            "{lang}: the page's join screen and the wasm's differ"
        );
    }
    phone
        .script("localStorage.setItem('timbro.v1.lang', '\"en\"')")
        .await;
    phone.goto(&link).await;
    phone.wait_for_script(drawn_by_wasm).await;
    // And it works: the card is made.
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    phone.close().await;
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

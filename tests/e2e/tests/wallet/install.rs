//! Adding the card to the home screen: Chromium's prompt, the iPhone's hint.

use timbro_e2e::{Browser, TestServer};

#[tokio::test]
async fn an_iphone_is_told_how_to_add_the_card_to_its_home_screen() {
    let server = TestServer::start().await;
    let iphone = Browser::open_with(&[
        "--user-agent=Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    ])
    .await;
    let link = server.table_link("8");
    iphone.goto(&link).await;
    iphone.wait_for_text("Get my card").await;
    assert!(
        !iphone.screen_text().await.contains("Add to Home Screen"),
        "no hint before the customer has a card"
    );
    iphone.tap("Get my card").await;
    iphone.wait_for_text("0 of 5 stamps").await;
    iphone
        .wait_for_text("tap Share, then “Add to Home Screen”")
        .await;
    // Notifications: said to need the Home Screen, with no button to tap.
    iphone
        .wait_for_text("On iPhone, notifications come once the card is on your Home Screen")
        .await;
    assert!(!iphone.screen_text().await.contains("Notify me of offers"));
    // In the customer's language, and gone for good once dismissed.
    iphone.choose("#lang", "it").await;
    iphone.wait_for_text("Aggiungi alla schermata Home").await;
    iphone
        .wait_for_text("Su iPhone le notifiche arrivano quando la carta è nella schermata Home")
        .await;
    iphone
        .script("document.getElementById('install-close').click()")
        .await;
    iphone.goto(&link).await;
    iphone.wait_for_text("0 su 5 timbri").await;
    assert!(
        !iphone
            .screen_text()
            .await
            .contains("Aggiungi alla schermata Home")
    );
    iphone.close().await;
}

#[tokio::test]
async fn chromium_offers_to_install_the_card_once_the_customer_has_one() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    phone.goto(&server.table_link("9")).await;
    phone.wait_for_text("Get my card").await;
    // The join form keeps a margin from the screen's edges, like the card.
    let margin = phone
        .script("return document.querySelector('main.join form').getBoundingClientRect().left")
        .await;
    assert!(
        margin.as_f64().unwrap() >= 12.0,
        "join form at {margin}px from the edge"
    );
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    // The browser judged the wallet installable (manifest, service worker)
    // and the wallet shows its own button for the browser's prompt.
    phone.wait_for_text("Keep your card one tap away.").await;
    phone
        .wait_for_script("return !document.getElementById('install-button').hidden")
        .await;
    // On a phone's width the words keep a line of their own, not a column
    // of one word a line beside the buttons.
    let words_width = "const t = document.getElementById('install-text').getBoundingClientRect(); \
                       const b = document.getElementById('install').getBoundingClientRect(); \
                       return t.width / b.width";
    let share = phone.script(words_width).await.as_f64().unwrap();
    assert!(share > 0.8, "the hint's words take {share:.2} of its width");
    phone.close().await;
}

//! The card itself: redeeming a reward with the QR code on screen, a stamp
//! arriving live (or fetched now and then when the server refuses the
//! stream), the customer's language, two businesses in one wallet.

use timbro_e2e::{Browser, TestServer, decode_qr_codes};

#[tokio::test]
async fn a_customer_redeems_a_full_card_with_the_qr_code_on_screen() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    phone.goto(&server.table_link("4")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;

    // Five visits fill the card; reopening shows the reward ready.
    let staff = server.staff_token().await;
    for _ in 0..5 {
        assert_eq!(
            server.add_stamp(&staff, &member).await.status().as_u16(),
            201
        );
    }
    phone.goto(&server.table_link("4")).await;
    phone.wait_for_text("5 of 5 stamps").await;
    phone.wait_for_text("Your reward is ready").await;

    // The customer taps "Redeem": a QR code, the short code, a countdown.
    phone.tap("Redeem").await;
    phone.wait_for_text("Show this to the staff").await;
    phone.wait_for_text("New code in").await;
    let typed = phone.text_of(".redeem-code").await;
    assert!(
        typed.starts_with(&member) && typed.len() == 14,
        "a code like {member}-R4TN, got {typed:?}"
    );
    let scanned = decode_qr_codes(&phone.screenshot().await);
    assert!(
        scanned.contains(&typed),
        "the QR code on screen should read {typed:?}; read {scanned:?}"
    );

    // Staff scan it and confirm: the open screen says so, with the balance.
    let confirmed = server.confirm_redemption(&staff, &scanned[0]).await;
    assert_eq!(confirmed.status().as_u16(), 201);
    phone.wait_for_text("Your reward has been redeemed").await;
    phone.wait_for_text("Your balance now").await;

    // The same code again is refused.
    let again = server.confirm_redemption(&staff, &typed).await;
    assert_eq!(again.status().as_u16(), 409);

    // Back on the card: the stamps were spent.
    phone.tap("Close").await;
    phone.wait_for_text("0 of 5 stamps").await;
    phone.wait_for_text("Reward redeemed").await;
    phone.close().await;
}

#[tokio::test]
async fn the_wallet_speaks_the_customers_language_and_remembers_it() {
    let server = TestServer::start().await;
    let phone = Browser::open().await; // an English-speaking browser
    phone.goto(&server.table_link("2")).await;
    phone.wait_for_text("Get my card").await;

    let months = "return Array.from(document.querySelectorAll('select[name=birth_month] option')).map((o) => o.textContent)";
    let english = phone.script(months).await;
    assert_eq!(
        (english[1].as_str(), english[12].as_str()),
        (Some("January"), Some("December"))
    );
    phone.choose("#lang", "it").await;
    phone.wait_for_text("Ottieni la tessera").await;
    // The birthday's months follow the language, all twelve in order.
    let italian = phone.script(months).await;
    assert_eq!(italian.as_array().map(Vec::len), Some(13), "{italian}");
    assert_eq!(
        (italian[1].as_str(), italian[12].as_str()),
        (Some("gennaio"), Some("dicembre"))
    );
    phone.tap("Ottieni la tessera").await;
    phone.wait_for_text("0 su 5 timbri").await;
    phone.wait_for_text("Il tuo codice").await;

    // The choice survives a reload.
    phone.goto(&server.table_link("2")).await;
    phone.wait_for_text("0 su 5 timbri").await;
    let lang = phone.script("return document.documentElement.lang").await;
    assert_eq!(lang.as_str(), Some("it"));

    // Polish, with its plural forms.
    phone.choose("#lang", "pl").await;
    phone.wait_for_text("0 z 5 pieczątek").await;
    phone.wait_for_text("Punkty").await;
    let screen = phone.screen_text().await;
    assert!(
        !screen.contains("Get my card") && !screen.contains("stamps"),
        "{screen}"
    );
    phone.close().await;
}

#[tokio::test]
async fn a_stamp_added_at_the_counter_appears_on_the_open_wallet() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    phone.goto(&server.table_link("6")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    // Notes every stamp drawn as just given ("new": pressed in), whatever
    // repaints the card goes through.
    phone
        .script(
            "window.pressed = []; new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) \
             if (n.querySelectorAll) for (const s of [n, ...n.querySelectorAll('.stamp')]) \
             if (s.classList.contains('stamp') && s.classList.contains('new')) \
             window.pressed.push(Array.from(s.parentNode.children).indexOf(s)); }) \
             .observe(document.body, { childList: true, subtree: true });",
        )
        .await;
    // Whether the wallet's stream is already open or not (it fetches the
    // card again whenever it connects), the stamp must show up.
    let staff = server.staff_token().await;
    assert_eq!(
        server.add_stamp(&staff, &member).await.status().as_u16(),
        201
    );
    // No reload, no tap: the screen changes by itself.
    phone.wait_for_text("1 of 5 stamps").await;
    assert_eq!(
        server.add_stamp(&staff, &member).await.status().as_u16(),
        201
    );
    phone.wait_for_text("2 of 5 stamps").await;
    // Each stamp was pressed in when given, and no other ever was.
    let pressed = phone
        .script("return [...new Set(window.pressed)].sort()")
        .await;
    assert_eq!(pressed, serde_json::json!([0, 1]));
    // A repaint of the same card (the page opened again) presses none.
    phone.goto(&server.table_link("6")).await;
    phone.wait_for_text("2 of 5 stamps").await;
    assert_eq!(
        phone
            .script("return document.querySelectorAll('.stamp.filled').length")
            .await,
        2
    );
    assert_eq!(
        phone
            .script("return document.querySelectorAll('.stamp.new').length")
            .await,
        0
    );
    phone.close().await;
}

#[tokio::test]
async fn one_wallet_holds_the_cards_of_two_businesses() {
    let server = TestServer::start().await;
    let forno = server
        .add_business("forno-blu", "Forno Blu", "#1d4e89", 8)
        .await;
    let phone = Browser::open().await;
    phone.goto(&server.table_link("1")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let aurora_code = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    assert_eq!(
        server
            .add_stamp(&staff, &aurora_code)
            .await
            .status()
            .as_u16(),
        201
    );
    // The open card shows the stamp (and so keeps it) before she leaves.
    phone.wait_for_text("1 of 5 stamps").await;

    // The bakery's table link opens the bakery's own (new) card.
    phone.goto(&forno).await;
    phone.wait_for_text("Forno Blu").await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 8 stamps").await;
    assert_ne!(phone.text_of(".member-code").await, aurora_code);

    // The wallet's index lists both; each opens its own card.
    phone.goto(&format!("{}/", server.base)).await;
    phone.wait_for_text("Forno Blu").await;
    phone.wait_for_text("1 of 5 stamps").await;
    phone.wait_for_text("0 of 8 stamps").await;
    phone.follow("Caffè Aurora").await;
    phone.wait_for_text("1 of 5 stamps").await;
    assert_eq!(phone.text_of(".member-code").await, aurora_code);
    phone.close().await;
}

#[tokio::test]
async fn a_wallet_whose_stream_is_refused_fetches_its_card_now_and_then() {
    // One live-update stream in all: the first customer's wallet holds it.
    let server = TestServer::start_with(|s| s.rate_limits.streams = 1).await;
    let first = Browser::open().await;
    first.goto(&server.table_link("1")).await;
    first.tap("Get my card").await;
    first.wait_for_text("0 of 5 stamps").await;
    let refusals = || async {
        let text = reqwest::get(format!("{}/metrics", server.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .find(|l| l.starts_with(r#"timbro_rate_limit_refusals_total{limit="streams"}"#))
            .and_then(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let started = std::time::Instant::now();
    while server.state.streams.held() < 1 {
        assert!(
            started.elapsed().as_secs() < 30,
            "the first wallet never opened its stream"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The second customer's is refused (503). Its page's half-minute timers
    // run every 0.3 s here, so that the test does not wait for them.
    let phone = Browser::open().await;
    phone
        .before_every_page(
            "const every = window.setInterval; \
             window.setInterval = (f, ms, ...a) => every(f, ms >= 30000 ? 300 : ms, ...a);",
        )
        .await;
    phone.goto(&server.table_link("2")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let started = std::time::Instant::now();
    while refusals().await == 0 {
        assert!(
            started.elapsed().as_secs() < 30,
            "the second wallet's stream was never refused"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Stamps given after the refusal still show, by the wallet's own fetches.
    let staff = server.staff_token().await;
    for shown in ["1 of 5 stamps", "2 of 5 stamps"] {
        assert_eq!(
            server.add_stamp(&staff, &member).await.status().as_u16(),
            201
        );
        phone.wait_for_text(shown).await;
    }
    assert_eq!(
        server.state.streams.held(),
        1,
        "still the first wallet's only"
    );
    phone.close().await;
    first.close().await;
}

//! The wallet's card in a real browser: redeeming a reward with the QR code
//! on screen, and the customer's language.

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
async fn a_damaged_cache_is_refetched_and_an_unreadable_one_never_crashes() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    let link = server.table_link("3");
    phone.goto(&link).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    assert_eq!(
        server.add_stamp(&staff, &member).await.status().as_u16(),
        201
    );

    // The cached card is garbage (an old format, a half-written entry); the
    // token beside it is intact: the same card comes back, with its stamp.
    phone
        .script(
            "const k = 'timbro.v1.card.caffe-aurora';
             const e = JSON.parse(localStorage.getItem(k));
             e.card = { stamps: 'many', business: 42 };
             localStorage.setItem(k, JSON.stringify(e));",
        )
        .await;
    phone.goto(&link).await;
    phone.wait_for_text("1 of 5 stamps").await;
    assert_eq!(phone.text_of(".member-code").await, member);
    assert_eq!(server.demo_card_count().await, 1, "a second card was made");

    // The whole entry unreadable: no crash, the join screen, and the home
    // screen still lists what it can read.
    phone
        .script("localStorage.setItem('timbro.v1.card.caffe-aurora', '{not json');")
        .await;
    phone.goto(&link).await;
    phone.wait_for_text("Get my card").await;
    phone.goto(&format!("{}/", server.base)).await;
    phone.wait_for_text("My cards").await;
    phone.close().await;
}

#[tokio::test]
async fn the_installed_wallet_opens_from_cache_with_the_server_gone() {
    let mut server = TestServer::start().await;
    let phone = Browser::open().await;
    let link = server.table_link("5");
    phone.goto(&link).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    assert_eq!(
        server.add_stamp(&staff, &member).await.status().as_u16(),
        201
    );
    phone.goto(&link).await;
    phone.wait_for_text("1 of 5 stamps").await;
    // The service worker has the shell and the wasm once it controls the page.
    phone
        .wait_for_script("return !!navigator.serviceWorker && !!navigator.serviceWorker.controller")
        .await;
    // The shell it keeps for every path carries no business's program (the
    // page it came from did).
    phone
        .script(
            "window.kept = null; caches.keys().then((names) => caches.open(names.find((n) => n.endsWith(':/')))) \
             .then((c) => c.match('/')).then((r) => r.text()).then((t) => { window.kept = t; });",
        )
        .await;
    phone
        .wait_for_script("return typeof window.kept === 'string'")
        .await;
    let kept = phone.script("return window.kept").await;
    let kept = kept.as_str().unwrap();
    assert!(kept.contains("id=\"shell\""), "the shell is kept");
    assert!(
        !kept.contains(r#"<script type="application/json" id="timbro-business""#),
        "a business's program was kept as the shell"
    );

    server.stop().await;
    phone.goto(&link).await;
    phone.wait_for_text("1 of 5 stamps").await;
    phone.wait_for_text("Offline · updated").await;
    assert_eq!(phone.text_of(".member-code").await, member);
    // The rewards still say what is missing.
    phone.wait_for_text("4 stamps to go").await;
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
async fn a_card_comes_back_on_a_new_phone_from_its_private_link() {
    let server = TestServer::start().await;
    let old_phone = Browser::open().await;
    old_phone.goto(&server.table_link("7")).await;
    old_phone.tap("Get my card").await;
    old_phone.wait_for_text("0 of 5 stamps").await;
    let member = old_phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    for _ in 0..2 {
        assert_eq!(
            server.add_stamp(&staff, &member).await.status().as_u16(),
            201
        );
    }
    old_phone.wait_for_text("2 of 5 stamps").await;
    old_phone.wait_for_text("Keep your card safe").await;
    let link = old_phone
        .script("return document.querySelector('.restore-link').value")
        .await
        .as_str()
        .expect("the private link is on screen")
        .to_owned();
    assert!(link.contains("/c/caffe-aurora#card="), "{link}");
    old_phone.close().await;

    // A new phone (a fresh browser profile) opens the saved link.
    let new_phone = Browser::open().await;
    new_phone.goto(&link).await;
    new_phone.wait_for_text("2 of 5 stamps").await;
    assert_eq!(new_phone.text_of(".member-code").await, member);
    assert_eq!(
        server.demo_card_count().await,
        1,
        "restoring made a new card"
    );
    // The token does not stay in the address bar.
    let address = new_phone.script("return location.href").await;
    assert!(!address.as_str().unwrap().contains("#card="), "{address}");
    new_phone.close().await;

    // A link cut short (a message app wrapped it) restores nothing and says
    // so, instead of quietly offering a new card.
    let third_phone = Browser::open().await;
    let cut = &link[..link.len() - 10];
    third_phone.goto(cut).await;
    third_phone
        .wait_for_text("This recovery link is incomplete")
        .await;
    third_phone.wait_for_text("Get my card").await;
    assert_eq!(server.demo_card_count().await, 1);
    third_phone.close().await;
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
    // In the customer's language, and gone for good once dismissed.
    iphone.choose("#lang", "it").await;
    iphone.wait_for_text("Aggiungi alla schermata Home").await;
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

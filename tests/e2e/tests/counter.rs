//! The staff counter in a real browser, side by side with a customer's
//! wallet: staff sign in, find the card by typed code or by the camera, add
//! a stamp, confirm a reward; the customer's open wallet shows each change.

use timbro_core::api::VisitRequest;
use timbro_e2e::{Browser, PIN, TestServer, write_camera_video};

/// A customer with a fresh card open on their phone; returns the phone and
/// the member code on its screen.
async fn customer_with_a_card(server: &TestServer) -> (Browser, String) {
    let phone = Browser::open().await;
    phone.goto(&server.table_link("2")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    (phone, member)
}

/// Signs the demo barista in on the counter, as typed at the till.
async fn sign_in(counter: &Browser, server: &TestServer) {
    counter
        .goto(&format!("{}/counter/caffe-aurora", server.base))
        .await;
    counter.wait_for_text("Sign in to the counter").await;
    counter.type_into("#username", "barista").await;
    counter.type_into("#passcode", PIN).await;
    counter.tap("Sign in").await;
    counter.wait_for_text("Signed in as").await;
}

/// Signs the barista in again, on a counter that remembers the name.
async fn sign_in_again(counter: &Browser) {
    counter.wait_for_text("Sign in to the counter").await;
    counter.type_into("#passcode", PIN).await;
    counter.tap("Sign in").await;
    counter.wait_for_text("Signed in as").await;
}

/// A signed-in counter showing `member`'s card.
async fn counter_showing(server: &TestServer, member: &str) -> Browser {
    let counter = Browser::open().await;
    sign_in(&counter, server).await;
    counter.type_into("#code", member).await;
    counter.tap("Find").await;
    counter.wait_for_text("0 of 5 stamps").await;
    counter
}

/// The first change waiting in the counter's outbox reaches the server
/// behind the counter's back, as if its answer had been lost on the way:
/// the same request, key and session. Returns that session's token.
async fn land_the_waiting_stamp(counter: &Browser, server: &TestServer, member: &str) -> String {
    let waiting = counter
        .script("return JSON.parse(localStorage.getItem('timbro.counter.v1.outbox'))[0]")
        .await;
    let (key, token) = (
        waiting["key"].as_str().unwrap(),
        waiting["token"].as_str().unwrap(),
    );
    let body = VisitRequest {
        stamps: 1,
        amount_cents: None,
        lines: Vec::new(),
    };
    let landed = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/staff/cards/{member}/visits",
            server.base
        ))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(serde_json::to_string(&body).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(landed.status().as_u16(), 201);
    token.to_owned()
}

/// The card's stamps as the server has them.
async fn stamps_on_server(server: &TestServer, token: &str, member: &str) -> serde_json::Value {
    let card: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/v1/staff/cards/{member}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    card["stamps"].clone()
}

#[tokio::test]
async fn staff_stamp_and_redeem_at_the_counter_while_the_customer_watches() {
    let server = TestServer::start().await;
    let (phone, member) = customer_with_a_card(&server).await;
    let counter = Browser::open().await;
    // A wrong PIN is refused plainly; the right one signs in.
    counter
        .goto(&format!("{}/counter/caffe-aurora", server.base))
        .await;
    counter.type_into("#username", "barista").await;
    counter.type_into("#passcode", "0000").await;
    counter.tap("Sign in").await;
    counter.wait_for_text("Wrong user name or PIN").await;
    counter.type_into("#passcode", PIN).await;
    counter.tap("Sign in").await;
    counter.wait_for_text("Signed in as").await;

    // A mistyped code is explained, not sent.
    counter.type_into("#code", "K7M2-9QX").await;
    counter.tap("Find").await;
    counter
        .wait_for_text("That code has 7 characters: a card code has 8, a reward code 12.")
        .await;

    // Staff type the member code and add a stamp; the phone shows it live.
    counter.type_into("#code", &member.to_lowercase()).await;
    counter.tap("Find").await;
    counter.wait_for_text("0 of 5 stamps").await;
    // Focus lands on the card found (keyboard and screen-reader users).
    counter
        .wait_for_script("return document.activeElement.id === 'panel-title'")
        .await;
    counter
        .script("window.cardPanel = document.querySelector('.member'); return true")
        .await;
    counter.tap("+1 stamp").await;
    counter
        .wait_for_text(&format!("Added 1 stamp for {member}."))
        .await;
    counter
        .wait_for_script(
            "return document.querySelector('.member .stamps').textContent === '1 of 5 stamps'",
        )
        .await;
    // Staff see what was just done, newest first.
    let recent = counter.text_of(".recent").await;
    assert!(
        recent.contains("Visit · +1 stamp") && recent.contains("Welcome gift · +10 points"),
        "the card's recent entries: {recent}"
    );
    // The refreshed card updated in place: the panel was not rebuilt.
    assert_eq!(
        counter
            .script("return window.cardPanel === document.querySelector('.member')")
            .await,
        serde_json::json!(true)
    );
    phone.wait_for_text("1 of 5 stamps").await;

    // An amount: the preview says what it earns before anything is sent.
    counter.type_into("#amount", "4,50").await;
    counter.wait_for_text("Earns 1 stamp + 4 points").await;
    // A mixed basket: of the total, the pastries earn double (the demo's
    // running promotion), and the preview says why.
    counter.type_into("#part-0", "5").await;
    counter
        .wait_for_text("The parts add up to more than the amount spent.")
        .await;
    counter.type_into("#amount", "8").await;
    counter.type_into("#part-0", "3,00").await;
    counter
        .wait_for_text("Earns 1 stamp + 11 points (Punti doppi sui dolci ×2)")
        .await;
    counter.tap("Record purchase").await;
    counter.wait_for_text("Added 1 stamp and 11 points").await;
    phone.wait_for_text("2 of 5 stamps").await;

    // Undo takes the purchase back.
    counter.tap("Undo").await;
    counter
        .wait_for_text(&format!("Undone for {member}."))
        .await;
    phone.wait_for_text("1 of 5 stamps").await;

    // Four more fill the card; the customer opens the reward's code.
    for _ in 0..4 {
        counter.tap("+1 stamp").await;
        counter.wait_for_text("Added 1 stamp").await;
        counter
            .wait_for_script("return !document.querySelector('button.huge').disabled")
            .await;
    }
    phone.wait_for_text("5 of 5 stamps").await;
    phone.tap("Redeem").await;
    phone.wait_for_text("New code in").await;
    let typed = phone.text_of(".redeem-code").await;

    // Staff type the short code: the reward, covered; then confirm.
    counter.tap("Next customer").await;
    counter.type_into("#code", &typed).await;
    counter.tap("Find").await;
    counter.wait_for_text("The balance covers it.").await;
    counter.tap("Confirm redemption").await;
    counter.wait_for_text("Redeemed:").await;
    phone.wait_for_text("Your reward has been redeemed").await;

    // The same code again is refused, plainly.
    counter.type_into("#code", &typed).await;
    counter.tap("Find").await;
    counter
        .wait_for_text("This code has already been used. Nothing was deducted.")
        .await;

    // The device stays signed in across a reload, until someone signs out.
    counter.goto(&format!("{}/counter/", server.base)).await;
    counter.wait_for_text("Signed in as").await;
    counter.tap("Sign out").await;
    counter.wait_for_text("Sign in to the counter").await;
    assert_eq!(
        counter
            .script("return localStorage.getItem('timbro.counter.v1.session')")
            .await,
        serde_json::Value::Null,
        "the session stayed on the device after signing out"
    );
    phone.close().await;
    counter.close().await;
}

#[tokio::test]
async fn the_counter_reads_the_customers_qr_code_with_the_camera() {
    let server = TestServer::start().await;
    let (phone, member) = customer_with_a_card(&server).await;

    // The customer's QR code, as their screen shows it, becomes the
    // counter's (fake) camera picture. (The customer has closed the "Add to
    // Home Screen" hint, which would otherwise cover part of it.)
    phone
        .script("localStorage.setItem('timbro.v1.install-dismissed', '1')")
        .await;
    phone.goto(&server.table_link("2")).await;
    phone.wait_for_text("0 of 5 stamps").await;
    let qr = phone.screenshot_of(".member .qr").await;
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("customer-qr.y4m");
    write_camera_video(&qr, &video);
    let counter = Browser::open_with(&[
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        &format!("--use-file-for-fake-video-capture={}", video.display()),
    ])
    .await;
    sign_in(&counter, &server).await;

    counter.tap("Scan with camera").await;
    counter.wait_for_text("0 of 5 stamps").await;
    assert_eq!(counter.text_of(".member .code").await, member);
    // The camera is off once the card is found.
    counter
        .wait_for_script("return document.querySelector('video') === null")
        .await;
    counter.tap("+1 stamp").await;
    phone.wait_for_text("1 of 5 stamps").await;
    phone.close().await;
    counter.close().await;
}

#[tokio::test]
async fn where_the_browser_has_a_barcode_detector_the_counter_uses_it() {
    let server = TestServer::start().await;
    let (phone, member) = customer_with_a_card(&server).await;
    let counter = Browser::open_with(&[
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
    ])
    .await;
    // Chromium on Linux has no BarcodeDetector: give the page one that
    // "sees" the customer's code in any real video frame, as Chrome on
    // Android would.
    counter
        .before_every_page(&format!(
            "window.BarcodeDetector = class {{
                constructor(options) {{ window.__formats = options.formats.join(); }}
                async detect(video) {{
                    window.__frames = (window.__frames || 0) + 1;
                    return video.videoWidth > 0 ? [{{ rawValue: '{member}', format: 'qr_code' }}] : [];
                }}
            }};"
        ))
        .await;
    sign_in(&counter, &server).await;
    counter.tap("Scan with camera").await;
    counter.wait_for_text("0 of 5 stamps").await;
    assert_eq!(counter.text_of(".member .code").await, member);
    assert_eq!(
        counter.script("return window.__formats").await,
        serde_json::json!("qr_code")
    );
    phone.close().await;
    counter.close().await;
}

#[tokio::test]
async fn without_a_camera_the_counter_says_so_and_typing_still_works() {
    let server = TestServer::start().await;
    let (phone, member) = customer_with_a_card(&server).await;
    // No fake devices: this headless Chromium has no camera at all.
    let counter = Browser::open().await;
    sign_in(&counter, &server).await;
    counter.tap("Scan with camera").await;
    counter
        .wait_for_text("No camera was found. Type the code instead.")
        .await;
    counter.type_into("#code", &member).await;
    counter.tap("Find").await;
    counter.wait_for_text("0 of 5 stamps").await;
    phone.close().await;
    counter.close().await;
}

#[tokio::test]
async fn a_stamp_given_offline_is_sent_once_when_the_network_returns() {
    let server = TestServer::start().await;
    let (phone, member) = customer_with_a_card(&server).await;
    let counter = counter_showing(&server, &member).await;
    counter
        .wait_for_script("return !!navigator.serviceWorker.controller")
        .await;

    // The Wi-Fi drops just as staff tap "+1 stamp".
    counter.set_offline(true).await;
    counter.tap("+1 stamp").await;
    counter
        .wait_for_text("No connection: 1 change waiting.")
        .await;
    // The waiting stamp is kept on the device: a reload, offline, opens
    // the counter from its service worker with the stamp still waiting.
    counter.goto(&format!("{}/counter/", server.base)).await;
    counter
        .wait_for_text("No connection: 1 change waiting.")
        .await;

    // Suppose the first attempt had reached the server and only its answer
    // was lost.
    let token = land_the_waiting_stamp(&counter, &server, &member).await;
    phone.wait_for_text("1 of 5 stamps").await;

    // The network returns: the counter sends the stamp again by itself,
    // with the same key, and the server answers without adding it twice.
    counter.set_offline(false).await;
    counter
        .wait_for_text(&format!("Added 1 stamp for {member}."))
        .await;
    counter
        .wait_for_script("return localStorage.getItem('timbro.counter.v1.outbox') === null")
        .await;
    assert_eq!(
        stamps_on_server(&server, &token, &member).await,
        1,
        "the retried stamp was applied twice"
    );
    phone.wait_for_text("1 of 5 stamps").await;
    phone.close().await;
    counter.close().await;
}

#[tokio::test]
async fn the_counter_speaks_polish_and_italian_and_remembers_the_choice() {
    let server = TestServer::start().await;
    let counter = Browser::open().await;
    counter
        .goto(&format!("{}/counter/caffe-aurora", server.base))
        .await;
    counter.choose("#lang", "pl").await;
    counter.wait_for_text("Zaloguj się do lady").await;
    counter.type_into("#username", "barista").await;
    counter.type_into("#passcode", PIN).await;
    counter.tap("Zaloguj").await;
    counter.wait_for_text("Zalogowano jako Giulia").await;
    counter.type_into("#code", "ABC").await;
    counter.tap("Szukaj").await;
    counter
        .wait_for_text("Liczba znaków w kodzie: 3. Kod karty ma 8, kod nagrody 12.")
        .await;
    // A card of no business at all: said plainly, in Italian this time.
    counter.choose("#lang", "it").await;
    counter.type_into("#code", "2222-2222").await;
    counter.tap("Cerca").await;
    counter
        .wait_for_text("Nessuna tessera ha questo codice. Controllalo con il cliente.")
        .await;
    // The code stays in the field, to be corrected rather than typed again.
    assert_eq!(
        counter
            .script("return document.querySelector('#code').value")
            .await,
        serde_json::json!("2222-2222")
    );
    counter.goto(&format!("{}/counter/", server.base)).await;
    counter.wait_for_text("Accesso come Giulia").await;
    assert_eq!(
        counter.script("return document.documentElement.lang").await,
        serde_json::json!("it")
    );
    counter.close().await;
}

#[tokio::test]
async fn an_expired_reward_code_is_refused_with_what_to_do() {
    let server = TestServer::start().await;
    let (phone, member) = customer_with_a_card(&server).await;
    let staff = server.staff_token().await;
    for _ in 0..5 {
        assert_eq!(
            server.add_stamp(&staff, &member).await.status().as_u16(),
            201
        );
    }
    phone.goto(&server.table_link("2")).await;
    phone.tap("Redeem").await;
    phone.wait_for_text("New code in").await;
    let typed = phone.text_of(".redeem-code").await;

    // The customer walks away; three minutes later the code is stale.
    server.state.clock.advance_ms(3 * 60 * 1000);
    let counter = Browser::open().await;
    sign_in(&counter, &server).await;
    counter.type_into("#code", &typed).await;
    counter.tap("Find").await;
    counter
        .wait_for_text("This code has expired. Ask the customer to open the reward again and show the new code.")
        .await;
    phone.close().await;
    counter.close().await;
}

#[tokio::test]
async fn a_stamp_left_waiting_at_sign_out_is_sent_once_at_the_next_sign_in() {
    let server = TestServer::start().await;
    let (phone, member) = customer_with_a_card(&server).await;
    let counter = counter_showing(&server, &member).await;
    counter.set_offline(true).await;
    counter.tap("+1 stamp").await;
    counter
        .wait_for_text("No connection: 1 change waiting.")
        .await;

    // The stamp did reach the server; only its answer was lost. Then the
    // barista signs out (the session ends on the server too).
    let old_token = land_the_waiting_stamp(&counter, &server, &member).await;
    counter.tap("Sign out").await;
    let ended = reqwest::Client::new()
        .delete(format!("{}/api/v1/staff/sessions/current", server.base))
        .bearer_auth(&old_token)
        .send()
        .await
        .unwrap();
    assert!(ended.status().is_success());

    // Back online, a new session: the waiting stamp goes out under its own
    // (ended) session and key, is answered from the server's memory, and is
    // not added a second time.
    counter.set_offline(false).await;
    sign_in_again(&counter).await;
    counter
        .wait_for_text(&format!("Added 1 stamp for {member}."))
        .await;
    counter
        .wait_for_script("return localStorage.getItem('timbro.counter.v1.outbox') === null")
        .await;
    phone.wait_for_text("1 of 5 stamps").await;
    let new_token = counter
        .script(
            "return JSON.parse(localStorage.getItem('timbro.counter.v1.session')).session.token",
        )
        .await;
    assert_eq!(
        stamps_on_server(&server, new_token.as_str().unwrap(), &member).await,
        1,
        "the stamp was added twice across sessions"
    );
    phone.close().await;
    counter.close().await;
}

#[tokio::test]
async fn damaged_counter_memory_is_set_aside_with_a_word_and_never_crashes_it() {
    let server = TestServer::start().await;
    let counter = Browser::open().await;
    sign_in(&counter, &server).await;

    // An outbox that cannot be read: kept aside, said, and the desk works.
    counter
        .script("localStorage.setItem('timbro.counter.v1.outbox', '[{\"key\":'); return true")
        .await;
    counter.goto(&format!("{}/counter/", server.base)).await;
    counter
        .wait_for_text(
            "Some unsent changes saved on this device could not be read and were set aside.",
        )
        .await;
    counter.wait_for_text("Signed in as").await;
    assert_eq!(
        counter
            .script("return localStorage.getItem('timbro.counter.v1.outbox.unreadable')")
            .await,
        serde_json::json!("[{\"key\":")
    );

    // A session that cannot be read: the sign-in screen, not a blank page.
    counter
        .script("localStorage.setItem('timbro.counter.v1.session', 'garbage'); return true")
        .await;
    counter.goto(&format!("{}/counter/", server.base)).await;
    counter.wait_for_text("Sign in to the counter").await;
    assert_eq!(
        counter
            .script("return localStorage.getItem('timbro.counter.v1.session.unreadable')")
            .await,
        serde_json::json!("garbage")
    );
    counter.close().await;
}

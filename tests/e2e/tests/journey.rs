//! The first customer journey, in a real browser: open the table link, get a
//! card with one tap, have staff add a stamp, reopen the link and see it.

use timbro_e2e::{Browser, TestServer};

#[tokio::test]
async fn a_customer_gets_a_card_and_sees_the_stamp_staff_added() {
    // Arrange: the server with the demo café, and a phone's browser.
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    let link = server.table_link("1");

    // Act: open the table link and tap once to get a card.
    phone.goto(&link).await;
    phone.wait_for_text("Caffè Aurora").await;
    phone.wait_for_text("Collect 5 stamps").await;
    // The page brought the program along: the join screen asked the API
    // for nothing.
    let asked = phone
        .script("return performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/businesses/')).length")
        .await;
    assert_eq!(asked, 0, "the join screen fetched the program");
    phone.tap("Get my card").await;

    // Assert: an empty card, with the code staff will type.
    phone.wait_for_text("0 of 5 stamps").await;
    let code = phone.text_of(".member-code").await;
    assert_eq!(code.len(), 9, "a member code like K7M2-9QXD, got {code:?}");

    // The card's own token must not be able to stamp it.
    let token = phone
        .script("return JSON.parse(localStorage.getItem('timbro.v1.card.caffe-aurora')).token")
        .await;
    let token = token
        .as_str()
        .expect("the card token is kept in localStorage")
        .to_owned();
    let refused = server.add_stamp(&token, &code).await;
    assert_eq!(
        refused.status().as_u16(),
        401,
        "a customer token added a stamp"
    );

    // Staff add a stamp.
    let staff = server.staff_token().await;
    let added = server.add_stamp(&staff, &code).await;
    assert_eq!(added.status().as_u16(), 201);

    // The customer reopens the link: the same card, now with one stamp.
    phone.goto(&link).await;
    phone.wait_for_text("1 of 5 stamps").await;
    assert_eq!(phone.text_of(".member-code").await, code);
    assert_eq!(
        server.demo_card_count().await,
        1,
        "reopening the link made a second card"
    );

    // The wallet's home lists the card too.
    phone.goto(&format!("{}/", server.base)).await;
    phone.wait_for_text("Caffè Aurora").await;
    phone.wait_for_text("1 of 5 stamps").await;
    phone.close().await;
}

#[tokio::test]
async fn the_table_link_of_an_unknown_business_says_so() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    phone.goto(&format!("{}/c/no-such-cafe", server.base)).await;
    phone
        .wait_for_text("This card or place does not exist")
        .await;
    assert_eq!(server.demo_card_count().await, 0);
    phone.close().await;
}

#[tokio::test]
async fn a_table_link_with_a_malformed_table_still_gets_a_card() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    phone.goto(&server.table_link(&"9".repeat(40))).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    assert_eq!(server.demo_card_count().await, 1);
    phone.close().await;
}

#[tokio::test]
async fn the_wallet_is_sent_compressed_and_hashed_files_are_cached_for_good() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let get = |path: String| {
        http.get(format!("{}{path}", server.base))
            .header("accept-encoding", "br, gzip")
            .send()
    };
    let shell = get("/c/caffe-aurora".into()).await.unwrap();
    assert_eq!(shell.headers()["cache-control"], "no-cache");
    assert_eq!(shell.headers()["content-encoding"], "br");
    let wallet = std::env::var("TIMBRO_TEST_WALLET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../dist").into());
    let wasm = std::fs::read_dir(&wallet)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.ends_with("_bg.wasm"))
        .expect("a built wasm");
    let res = get(format!("/{wasm}")).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let sw = get("/sw.js".into()).await.unwrap();
    assert_eq!(sw.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn the_pages_policy_refuses_inline_styles_and_the_tests_would_see_it() {
    // The wallet's policy allows styles from its files only; an app that
    // wrote a `style` attribute would be refused, and every browser test
    // checks at its end that nothing was (`Browser::close`).
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    phone.goto(&server.table_link("2")).await;
    phone.wait_for_text("Get my card").await;
    assert!(phone.csp_violations().await.is_empty());
    phone
        .script("document.body.setAttribute('style', 'outline: 3px solid red')")
        .await;
    phone
        .wait_for_script("return (sessionStorage.getItem('timbro-test-csp') || '').length > 0")
        .await;
    let refused = phone.csp_violations().await;
    assert!(
        refused.iter().any(|line| line.starts_with("style-src")),
        "{refused:?}"
    );
    let outline = phone
        .script("return getComputedStyle(document.body).outlineStyle")
        .await;
    assert_eq!(outline, "none", "the refused style was not applied");
}

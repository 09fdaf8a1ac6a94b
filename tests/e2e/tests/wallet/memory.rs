//! What the phone keeps: a damaged cache, a damaged record of the messages
//! seen, the card on a new phone from its private link, the installed
//! wallet with the server gone.

use timbro_e2e::{Browser, TestServer};

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
async fn a_damaged_record_of_the_messages_seen_marks_them_new_and_loses_nothing() {
    use timbro_core::campaigns::{CampaignKind, CampaignSettings};
    let server = TestServer::start().await;
    let welcome = CampaignSettings {
        enabled: true,
        ..CampaignSettings::default_for(CampaignKind::Welcome)
    };
    let now = server.state.clock.now_ms();
    let business = server
        .state
        .store
        .business_by_slug(&timbro_core::slug::Slug::parse("caffe-aurora").unwrap())
        .await
        .unwrap()
        .unwrap();
    server
        .state
        .store
        .set_campaign(business.id, CampaignKind::Welcome, &welcome, now)
        .await
        .unwrap();
    let phone = Browser::open().await;
    let link = server.table_link("4");
    phone.goto(&link).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    timbro_server::scheduler::run_due(&server.state)
        .await
        .unwrap();
    phone.wait_for_text("Welcome to Caffè Aurora").await;
    let new = "return document.querySelector('.messages li[data-new]') !== null";
    let seen = "return document.querySelector('.messages li') !== null
                    && document.querySelector('.messages li[data-new]') === null";
    phone.wait_for_script(new).await;
    // Opened again: seen.
    phone.goto(&link).await;
    phone.wait_for_text("Welcome to Caffè Aurora").await;
    phone.wait_for_script(seen).await;

    // The record of what was seen is damaged: the message is new again, and
    // nothing else changes (the card, its code, its messages).
    phone
        .script("localStorage.setItem('timbro.v1.seen.caffe-aurora', '{half');")
        .await;
    phone.goto(&link).await;
    phone.wait_for_text("Welcome to Caffè Aurora").await;
    phone.wait_for_script(new).await;
    phone.wait_for_text("0 of 5 stamps").await;
    assert_eq!(phone.text_of(".member-code").await, member);
    let kept = phone
        .script("return localStorage.getItem('timbro.v1.seen.caffe-aurora')")
        .await;
    assert!(
        kept.as_str().is_some_and(|v| v.parse::<i64>().is_ok()),
        "written again readable: {kept}"
    );
    phone.goto(&link).await;
    phone.wait_for_text("Welcome to Caffè Aurora").await;
    phone.wait_for_script(seen).await;
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
    // The shell it keeps for every path carries no business's program nor
    // join screen (the page it came from did).
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
    assert!(
        kept.contains(
            r#"<div id="shell" class="shell" role="status"><p>Loading your card…</p></div>"#
        ) && !kept.contains("main class=\"join\"")
            && !kept.contains("<!--timbro:shell"),
        "a business's join screen was kept as the shell: {kept}"
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
async fn the_question_after_a_visit_is_put_once_and_a_damaged_note_of_it_loses_nothing() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    let link = server.table_link("4");
    phone.goto(&link).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    assert_eq!(
        server.add_stamp(&staff, &member).await.status().as_u16(),
        201
    );
    phone.wait_for_text("1 of 5 stamps").await;
    let question = "How likely are you to recommend Caffè Aurora to a friend?";
    phone.wait_for_text(question).await;

    // What she picks and types stays while the card is drawn anew, here
    // in another language.
    phone.pick("8").await;
    phone.type_into(".ask textarea", "Grazie").await;
    phone.choose("#lang", "it").await;
    phone
        .wait_for_text("Quanto è probabile che consigli Caffè Aurora a un amico?")
        .await;
    let kept = "return document.querySelector('.scale input:checked')?.value === '8' \
                && document.querySelector('.ask textarea').value === 'Grazie'";
    assert_eq!(phone.script(kept).await, serde_json::json!(true));
    phone.choose("#lang", "en").await;
    phone.wait_for_text(question).await;
    assert_eq!(phone.script(kept).await, serde_json::json!(true));

    // "Not now": the question goes, and the card opened again does not put
    // it again for the same visit.
    let hidden = "return document.querySelector('.ask')?.hidden !== false";
    phone.tap("Not now").await;
    phone.wait_for_script(hidden).await;
    phone.goto(&link).await;
    phone.wait_for_text("1 of 5 stamps").await;
    assert_eq!(phone.script(hidden).await, serde_json::json!(true));

    // The phone's note of it is damaged: the question comes back (nothing
    // is known of it), and the card is whole.
    phone
        .script("localStorage.setItem('timbro.v1.asked.caffe-aurora', 'twelve:o-clock');")
        .await;
    phone.goto(&link).await;
    phone.wait_for_text("1 of 5 stamps").await;
    phone.wait_for_text(question).await;
    assert_eq!(phone.text_of(".member-code").await, member);
    phone.close().await;
}

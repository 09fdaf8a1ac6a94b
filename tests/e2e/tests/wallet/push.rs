//! Offers by notification: the customer turns them on and off with one tap
//! (the permission asked only then), and the service worker shows what the
//! server pushes.

use serde_json::json;
use timbro_e2e::{Browser, TestServer};

/// A browser's push subscription, for a Chromium that cannot reach a real
/// push service: `subscribe` hands back one at the test's address with real
/// keys (the server checks them), and keeps the application server key it
/// was given.
const STUB_PUSH_SERVICE: &str = r#"
(() => {
  // Kept across pages, as the browser keeps a real one.
  const make = () => ({
      endpoint: "http://127.0.0.1:9/push/e2e",
      toJSON() {
        return { endpoint: this.endpoint, expirationTime: null, keys: {
          p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
          auth: "BTBZMqHH6r4Tts7J_aSIgg" } };
      },
      async unsubscribe() { localStorage.removeItem("e2e.subscribed"); return true; },
  });
  PushManager.prototype.getSubscription = async function () {
    return localStorage.getItem("e2e.subscribed") ? make() : null;
  };
  PushManager.prototype.subscribe = async function (options) {
    window.__serverKey = btoa(String.fromCharCode(...new Uint8Array(options.applicationServerKey)))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    localStorage.setItem("e2e.subscribed", "1");
    return make();
  };
})();
"#;

async fn subscriptions(server: &TestServer, member: &str) -> usize {
    let store = &server.state.store;
    let business = store
        .business_by_slug(&timbro_core::Slug::parse("caffe-aurora").unwrap())
        .await
        .unwrap()
        .unwrap();
    let code = timbro_core::MemberCode::parse(member).unwrap();
    let card = store
        .card_by_member_code(business.id, &code)
        .await
        .unwrap()
        .unwrap();
    store.push_targets(card.id).await.unwrap().len()
}

#[tokio::test]
async fn the_customer_turns_offer_notifications_on_and_off_with_one_tap() {
    let server = TestServer::start_with(|s| s.push_http_endpoints = true).await;
    let phone = Browser::open().await;
    phone.before_every_page(STUB_PUSH_SERVICE).await;
    phone.goto(&server.table_link("4")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    phone
        .wait_for_text("Messages from Caffè Aurora will show here.")
        .await;
    let member = phone.text_of(".member-code").await;
    // Nothing asked on opening: the browser has no decision yet.
    assert_eq!(
        phone.script("return Notification.permission").await,
        json!("default")
    );
    assert!(
        phone
            .devtools(
                "Browser.grantPermissions",
                json!({
        "origin": server.base, "permissions": ["notifications"] })
            )
            .await
    );

    phone.tap("Notify me of offers").await;
    phone
        .wait_for_text("Notifications are on for this phone.")
        .await;
    assert_eq!(subscriptions(&server, &member).await, 1);
    let key: serde_json::Value = reqwest::get(format!("{}/api/v1/push/key", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(phone.script("return window.__serverKey").await, key["key"]);

    // Still on when the card is opened again; off with one tap.
    phone.goto(&server.table_link("4")).await;
    phone
        .wait_for_text("Notifications are on for this phone.")
        .await;
    phone.tap("Stop notifications").await;
    phone.wait_for_text("Notify me of offers").await;
    assert_eq!(subscriptions(&server, &member).await, 0);
    assert_eq!(
        phone
            .script("return localStorage.getItem('e2e.subscribed')")
            .await,
        serde_json::Value::Null,
        "the browser's subscription is ended too: no other card uses it"
    );
    phone.close().await;
}

#[tokio::test]
async fn the_service_worker_shows_a_pushed_message_as_a_notification() {
    let server = TestServer::start().await;
    let phone = Browser::open().await;
    phone.goto(&server.table_link("6")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    phone
        .wait_for_script("return !!navigator.serviceWorker.controller")
        .await;
    assert!(
        phone
            .devtools(
                "Browser.grantPermissions",
                json!({
        "origin": server.base, "permissions": ["notifications"] })
            )
            .await
    );
    let payload = json!({
        "title": "We miss you at Caffè Aurora",
        "body": "It has been a while! Waiting on your card until Mar 14: a free cappuccino.",
        "url": "/c/caffe-aurora", "icon": "/c/caffe-aurora/icon.svg", "tag": "message-1",
    })
    .to_string();
    // The wallet's worker is the first registration of this fresh profile
    // ("0" to DevTools). DevTools learns of it a moment after `enable`, and
    // drops a push delivered before: deliver until one shows (the same tag,
    // so never more than one notification).
    assert!(phone.devtools("ServiceWorker.enable", json!({})).await);
    let deliver = json!({ "origin": server.base, "registrationId": "0", "data": payload });
    let started = std::time::Instant::now();
    loop {
        assert!(
            phone
                .devtools("ServiceWorker.deliverPushMessage", deliver.clone())
                .await
        );
        let shown = phone
            .script(
                "navigator.serviceWorker.ready.then((r) => r.getNotifications())
                   .then((n) => { window.__shown = n.map((x) => x.title + '|' + x.body + '|' + x.tag); });
                 return (window.__shown || []).length",
            )
            .await;
        if shown != json!(0) {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 30,
            "no notification shown for a pushed message"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(
        phone.script("return window.__shown").await,
        json!([
            "We miss you at Caffè Aurora|It has been a while! Waiting on your card until Mar 14: a free cappuccino.|message-1"
        ])
    );
    phone.close().await;
}

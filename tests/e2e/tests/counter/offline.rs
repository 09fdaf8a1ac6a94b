//! Nothing lost, nothing doubled: a stamp given offline, a stamp left waiting
//! at sign-out, and damaged memory on the device.

use super::*;

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

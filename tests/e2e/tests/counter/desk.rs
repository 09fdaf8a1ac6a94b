//! At the till: stamps and a reward by typed code while the customer's wallet
//! watches, a stale reward code, and the counter's languages.

use super::*;

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

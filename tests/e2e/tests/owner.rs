//! The back office in a real browser: an owner opens a business from the
//! setup link and sets it up; a customer and a barista then use it; what the
//! owner changes reaches the open wallet.

use timbro_e2e::{Browser, TestServer};

/// Sets the colour picker to `hex`, as picking it in the browser's own
/// colour dialog does (the dialog itself is outside the page).
async fn pick_colour(owner: &Browser, hex: &str) {
    owner
        .script(&format!(
            "const el = document.getElementById('brand_color');
             el.value = '{hex}';
             el.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        ))
        .await;
}

/// Opens the setup link and creates "Pasticceria Lucia"; returns the owner's
/// browser, signed in to its back office.
async fn lucia_opens_her_business(server: &TestServer) -> Browser {
    let owner = Browser::open().await;
    owner.goto(&server.setup_link).await;
    owner.wait_for_text("Create your business").await;
    owner.type_into("#name", "Pasticceria Lucia").await;
    let slug = owner
        .script("return document.getElementById('slug').value")
        .await;
    assert_eq!(
        slug.as_str(),
        Some("pasticceria-lucia"),
        "the address follows the name"
    );
    owner.choose("#locale", "it").await;
    owner.type_into("#owner_username", "lucia").await;
    owner.type_into("#owner_display_name", "Lucia").await;
    owner.type_into("#owner_password", "dolci di lucia").await;
    owner.tap("Create my business").await;
    owner.wait_for_text("Signed in as Lucia").await;
    owner
}

/// The demo café's owner, signed in to the back office with `password`.
async fn demo_owner_signed_in(server: &TestServer, password: &str) -> Browser {
    let owner = Browser::open().await;
    owner
        .goto(&format!("{}/owner/caffe-aurora", server.base))
        .await;
    owner.type_into("#username", "titolare").await;
    owner.type_into("#password", password).await;
    owner.tap("Sign in").await;
    owner
}

/// The demo café's barista, signed in at the counter.
async fn barista_signed_in(server: &TestServer) -> Browser {
    let counter = Browser::open().await;
    counter
        .goto(&format!("{}/counter/caffe-aurora", server.base))
        .await;
    counter.type_into("#username", "barista").await;
    counter.type_into("#passcode", timbro_e2e::PIN).await;
    counter.tap("Sign in").await;
    counter
}

#[tokio::test]
async fn an_owner_sets_up_a_business_that_customers_and_staff_then_use() {
    let server = TestServer::start().await;
    let owner = lucia_opens_her_business(&server).await;

    // Her colour, with the contrast the wallet will give its text.
    pick_colour(&owner, "#8a2be2").await;
    owner.wait_for_text("Customers' text on it is white").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;

    // Her logo: a file named .png that is really an SVG is refused, a real
    // PNG is taken, and the preview shows it.
    let files = tempfile::tempdir().unwrap();
    let fake = files.path().join("logo.png");
    std::fs::write(&fake, r#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#).unwrap();
    owner.choose_file("#logo", &fake).await;
    owner.wait_for_text("This image cannot be used").await;
    let logo = files.path().join("lucia.png");
    std::fs::write(&logo, timbro_e2e::sample_logo_png()).unwrap();
    owner.choose_file("#logo", &logo).await;
    owner.wait_for_text("Remove the logo").await;
    owner
        .wait_for_script("return !!document.querySelector('.card-preview img.logo')")
        .await;

    // A six-stamp card, with the preview following as she types.
    owner.tap("Card and points").await;
    owner.type_into("#stamps_required", "6").await;
    owner.wait_for_text("Collect 6 stamps for").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;

    // A points reward and a barista.
    owner.tap("Rewards").await;
    owner.type_into("#name", "Cannolo").await;
    owner.type_into("#cost-points", "40").await;
    owner.tap("Add").await;
    owner.wait_for_text("40 points").await;
    owner.tap("Staff").await;
    owner.type_into("#username", "anna").await;
    owner.type_into("#display_name", "Anna").await;
    // A 4-digit PIN is no longer given: six digits at least.
    owner.type_into("#passcode", "2580").await;
    owner.tap("Add").await;
    owner
        .wait_for_text("A new PIN needs at least 6 digits.")
        .await;
    owner.type_into("#passcode", "258013").await;
    owner.tap("Add").await;
    owner.wait_for_text("anna · Staff (counter)").await;
    // A new PIN for Anna (made an owner without a password is refused first).
    owner.tap_in("anna", "Edit").await;
    owner.pick("Owner (back office)").await;
    owner.tap("Save").await;
    owner
        .wait_for_text("Give a password to make this account an owner's.")
        .await;
    owner.pick("Staff (counter)").await;
    owner.type_into("#change-passcode", "135790").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;

    // She prints the table cards: every QR code on every page opens its table.
    owner.tap("Table cards").await;
    owner.type_into("#tables", "7").await;
    owner.choose("#per_page", "4").await;
    owner.tap("Prepare the table cards").await;
    owner.wait_for_text("Download the table cards (PDF").await;
    let pdf = owner.bytes_behind_link("#cards-link").await;
    let pages = timbro_e2e::pdf_pages_as_png(&pdf);
    assert_eq!(pages.len(), 2, "7 tables at 4 a page");
    let mut read: Vec<String> = pages
        .iter()
        .flat_map(|page| timbro_e2e::decode_qr_codes_by_card(page, 2, 2))
        .collect();
    read.sort();
    let mut expected: Vec<String> = (1..=7)
        .map(|t| format!("{}/c/pasticceria-lucia?t={t}", server.base))
        .collect();
    expected.sort();
    assert_eq!(read, expected);

    // A customer at table 3 scans its card and sees her business, colour,
    // logo and program.
    let phone = Browser::open().await;
    phone.goto(&read[2]).await;
    phone.wait_for_text("Pasticceria Lucia").await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 6 stamps").await;
    phone.wait_for_text("Cannolo").await;
    let brand = phone
        .script("return getComputedStyle(document.querySelector('.brand')).backgroundColor")
        .await;
    assert_eq!(brand.as_str(), Some("rgb(138, 43, 226)"));
    let member = phone.text_of(".member-code").await;

    // Anna signs in at the counter and adds a stamp; the open wallet shows it.
    let counter = Browser::open().await;
    counter
        .goto(&format!("{}/counter/pasticceria-lucia", server.base))
        .await;
    counter.wait_for_text("Sign in to the counter").await;
    counter.type_into("#username", "anna").await;
    // A slip of the finger first: refused, and counted for Lucia to see.
    counter.type_into("#passcode", "135791").await;
    counter.tap("Sign in").await;
    counter
        .wait_for_text("Wrong user name or PIN. Check them and try again.")
        .await;
    counter.type_into("#passcode", "135790").await;
    counter.tap("Sign in").await;
    counter.type_into("#code", &member).await;
    counter.tap("Find").await;
    counter.tap("+1 stamp").await;
    phone.wait_for_text("1 of 6 stamps").await;

    // The open wallet asks its one question, below the member code (the
    // card and the code stay in view); she picks 6, says why, and sends.
    phone
        .wait_for_text("How likely are you to recommend Pasticceria Lucia to a friend?")
        .await;
    let below_code = phone
        .script(
            "const code = document.querySelector('.member').getBoundingClientRect(); \
             const ask = document.querySelector('.ask').getBoundingClientRect(); \
             return ask.top >= code.bottom",
        )
        .await;
    assert_eq!(
        below_code.as_bool(),
        Some(true),
        "the question sits below the code"
    );
    phone.pick("6").await;
    phone
        .wait_for_script("return document.querySelector('.scale input:checked')?.value === '6'")
        .await;
    phone
        .type_into(".ask textarea", "The cannoli were stale")
        .await;
    phone.tap("Send").await;
    phone
        .wait_for_text("Thank you! Your answer was sent.")
        .await;

    // The customer's card shows her logo, not the drawn initial.
    let logo_src = phone
        .script("return document.querySelector('.brand .logo').getAttribute('src')")
        .await;
    assert!(
        logo_src
            .as_str()
            .is_some_and(|s| s.contains("/logo/96.png?v=")),
        "{logo_src}"
    );

    // Her numbers count the visit just given, each with what it means; too
    // few customers for a rate is said, not shown as a number.
    owner.tap("Numbers").await;
    owner
        .wait_for_script(
            "const f = [...document.querySelectorAll('.figure')] \
               .find((f) => f.querySelector('dt').textContent === 'Visits'); \
             return !!f && f.querySelector('.now').textContent === '1'",
        )
        .await;
    owner.wait_for_text("Too few customers to say").await;
    owner.open_summary("What is this?: Retention").await;
    owner.wait_for_text("((E − N) ÷ S) × 100").await;
    // Below: her customer's answer, a detractor's, with what they said;
    // the NPS counts it (one answer is too few for a score).
    owner.wait_for_text("The cannoli were stale").await;
    owner
        .wait_for_script(
            "const f = [...document.querySelectorAll('.figure')] \
               .find((f) => f.querySelector('dt').textContent === 'Net promoter score'); \
             return !!f && f.textContent.includes('Answers: 1')",
        )
        .await;
    // Step by step, a day a step: today's step holds her visit, drawn as
    // the one full bar of the chart, and the table one tap away says so.
    owner
        .wait_for_script(
            "const bars = (document.querySelector('.visits-chart .bars')?.getAttribute('d') ?? '') \
               .split('Z').filter(Boolean); \
             return bars.length === 30 && bars[29].includes('V0H')",
        )
        .await;
    owner.open_summary("The figures step by step").await;
    owner
        .wait_for_script(
            "const rows = [...document.querySelectorAll('.trend tbody tr')]; \
             const today = rows[rows.length - 1]; \
             return rows.length === 30 && today.cells[1].textContent === '1' \
               && today.cells[2].textContent === '1' \
               && rows.slice(0, -1).every((r) => r.cells[1].textContent === '0')",
        )
        .await;
    // The staff report credits Anna's stamp.
    owner
        .wait_for_script(
            "const row = [...document.querySelectorAll('.staff-report tbody tr')] \
               .find((r) => r.cells[0].textContent === 'Anna'); \
             return !!row && row.cells[2].textContent === '1'",
        )
        .await;
    owner.tap("Last 7 days").await;
    owner
        .wait_for_script("return document.querySelector('.figure .now') !== null")
        .await;

    // Her customers: the one card is new; its row, sorted by visits, and
    // the file she downloads hold it.
    owner.tap("Customers").await;
    owner.tap("New 1").await;
    owner.wait_for_text(&member).await;
    owner.tap("Visits").await;
    owner
        .wait_for_script("return document.querySelector('th[aria-sort=descending] button')?.textContent === 'Visits'")
        .await;
    owner.wait_for_text(&member).await;
    owner.tap("Prepare these customers").await;
    owner.wait_for_text("Save the customers").await;
    let file = owner.bytes_behind_link("#customers-link").await;
    let mut rows = csv::Reader::from_reader(file.as_slice());
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{}", String::from_utf8_lossy(&file));
    assert_eq!(&rows[0][0], member.as_str());
    assert_eq!(&rows[0][8], "new");

    // On the Staff screen: Anna's wrong sign-in; and an account from before
    // six digits were asked for, whose 4-digit PIN still signs in, is
    // pointed out with what to do.
    let business = server
        .state
        .store
        .business_by_slug(&timbro_core::Slug::parse("pasticceria-lucia").unwrap())
        .await
        .unwrap()
        .unwrap();
    let old = timbro_server::store::NewStaff {
        username: "paolo".into(),
        display_name: "Paolo".into(),
        role: timbro_core::api::Role::Staff,
        secret_hash: server
            .state
            .hashing
            .wait_for_place()
            .await
            .hash("4321".into())
            .await,
    };
    server
        .state
        .store
        .create_staff(business.id, &old, 0)
        .await
        .unwrap();
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/staff/sessions", server.base))
        .json(&serde_json::json!({ "business": "pasticceria-lucia", "username": "paolo", "passcode": "4321" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        201,
        "a 4-digit PIN from before still signs in"
    );
    owner.tap("Staff").await;
    owner.wait_for_text("Wrong sign-ins: 1, the last on").await;
    owner.wait_for_text("PIN too short").await;
    owner
        .wait_for_text("Some accounts still sign in with a PIN of 4 or 5 digits")
        .await;

    // Lucia retires the reward: the open wallet stops offering it.
    owner.tap("Rewards").await;
    owner.tap_in("Cannolo", "Retire").await;
    owner.tap_in("Cannolo", "Yes, retire it").await;
    owner.wait_for_text("Retired").await;
    let started = std::time::Instant::now();
    while phone.screen_text().await.contains("Cannolo") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the wallet still offers the retired reward"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    phone.close().await;
    counter.close().await;
    owner.close().await;
}

#[tokio::test]
async fn bad_values_are_named_beside_their_fields_and_nothing_is_saved() {
    let server = TestServer::start().await;
    let owner = Browser::open().await;
    owner.goto(&server.setup_link).await;
    owner.wait_for_text("Create your business").await;
    // A reserved address and a PIN for a password: both said at once.
    owner.type_into("#name", "Counter").await;
    owner.type_into("#owner_username", "lucia").await;
    owner.type_into("#owner_display_name", "Lucia").await;
    owner.type_into("#owner_password", "1234").await;
    owner.tap("Create my business").await;
    owner
        .wait_for_text("Timbro uses this word for its own pages")
        .await;
    owner
        .wait_for_text("An owner needs a password of at least 10 characters")
        .await;
    let described = owner
        .script("return document.getElementById('slug').getAttribute('aria-invalid')")
        .await;
    assert_eq!(described.as_str(), Some("true"));
    // A taken address: the server says so, beside the field.
    owner.type_into("#slug", "caffe-aurora").await;
    owner.type_into("#owner_password", "dolci di lucia").await;
    owner.tap("Create my business").await;
    owner
        .wait_for_text("Another business already has this address")
        .await;
    // In Italian, the same problem in Italian.
    owner.choose("#lang", "it").await;
    owner
        .wait_for_text("Un'altra attività ha già questo indirizzo")
        .await;
    owner.choose("#lang", "en").await;
    owner.type_into("#slug", "pasticceria-lucia").await;
    owner.tap("Create my business").await;
    owner.wait_for_text("Signed in as Lucia").await;

    // A promotion that ends before it starts, a reward with no cost.
    owner.tap("Promotions").await;
    owner.type_into("#name", "Doppi punti").await;
    owner
        .script(
            "for (const [id, v] of [['starts_at_ms', '2027-01-10T10:00'], ['ends_at_ms', '2027-01-09T10:00']]) {
                 const el = document.getElementById(id);
                 el.value = v;
                 el.dispatchEvent(new Event('input', { bubbles: true }));
             }",
        )
        .await;
    owner.tap("Add").await;
    owner.wait_for_text("Must be after the start.").await;
    owner.wait_for_text("No promotions yet.").await;
    owner.tap("Rewards").await;
    owner.type_into("#name", "Niente").await;
    owner.type_into("#cost-points", "0").await;
    owner.tap("Add").await;
    owner.wait_for_text("Must be from 1 to 1,000,000.").await;
    assert!(!owner.screen_text().await.contains("Niente"));
    owner.close().await;

    // A link works once.
    let again = Browser::open().await;
    again.goto(&server.setup_link).await;
    again.wait_for_text("This setup link cannot be used").await;
    again.close().await;
}

#[tokio::test]
async fn seventy_days_on_the_owner_finds_a_lapsed_customer_at_risk_and_downloads_the_list() {
    const PASSWORD: &str = "tiramisu al mattino";
    let server = TestServer::start_with(|s| s.demo_owner_password = Some(PASSWORD.into())).await;
    // Giulia gets a card at the demo café and comes once.
    let phone = Browser::open().await;
    phone.goto(&server.table_link("2")).await;
    phone.type_into("input[name=first_name]", "Giulia").await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    let visited = server.state.clock.now_ms();
    assert_eq!(
        server.add_stamp(&staff, &member).await.status().as_u16(),
        201
    );
    phone.close().await;

    // Seventy days pass without her: no longer new, one visit and no usual
    // gap yet, over 60 days away: at risk.
    server
        .state
        .clock
        .advance_ms(70 * timbro_core::calendar::DAY_MS);
    let owner = demo_owner_signed_in(&server, PASSWORD).await;
    owner.tap("Customers").await;
    owner.tap("At risk 1").await;
    owner.wait_for_text(&member).await;
    owner
        .wait_for_script(&format!(
            "const row = [...document.querySelectorAll('tbody tr')] \
               .find((r) => r.textContent.includes('{member}')); \
             return !!row && row.textContent.includes('Giulia') && row.textContent.includes('At risk')"
        ))
        .await;

    // The file of the segment opens with her row, and only hers.
    owner.tap("Prepare these customers").await;
    owner.wait_for_text("Save the customers").await;
    let file = owner.bytes_behind_link("#customers-link").await;
    let mut rows = csv::Reader::from_reader(file.as_slice());
    let header = rows.headers().unwrap().clone();
    assert_eq!(&header[8], "segment");
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{}", String::from_utf8_lossy(&file));
    assert_eq!(&rows[0][0], member.as_str());
    assert_eq!(&rows[0][1], "Giulia");
    let visit_day = timbro_core::calendar::Date::from_unix_ms(visited).to_string();
    assert!(
        rows[0][3].starts_with(&visit_day),
        "last visit {}",
        &rows[0][3]
    );
    assert_eq!(&rows[0][4], "1");
    assert_eq!(&rows[0][8], "at_risk");
    owner.close().await;
}

#[tokio::test]
async fn the_owner_sets_a_cooldown_and_sees_who_stamped_inside_it_and_why() {
    const PASSWORD: &str = "cornetti caldi";
    let server = TestServer::start_with(|s| s.demo_owner_password = Some(PASSWORD.into())).await;
    // The owner asks for ten minutes between two stamps on one card.
    let owner = demo_owner_signed_in(&server, PASSWORD).await;
    owner.tap("Card and points").await;
    owner.type_into("#stamp_cooldown_minutes", "10").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;

    // A customer gets a card; the barista stamps it, then taps again.
    let phone = Browser::open().await;
    phone.goto(&server.table_link("4")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let counter = barista_signed_in(&server).await;
    counter.type_into("#code", &member).await;
    counter.tap("Find").await;
    counter.tap("+1 stamp").await;
    phone.wait_for_text("1 of 5 stamps").await;
    counter.wait_for_text("Undo").await;
    counter.tap("+1 stamp").await;
    // Refused, saying why; the card keeps its one stamp.
    counter.wait_for_text("less than 10 minutes ago").await;
    // She adds it anyway, saying why.
    counter
        .type_into("#why-now", "Second coffee for a friend")
        .await;
    counter.tap("Add anyway").await;
    phone.wait_for_text("2 of 5 stamps").await;
    let staff = server.staff_token().await;
    assert_eq!(server.staff_card(&staff, &member).await["stamps"], 2);

    // The owner's staff report names who, which card and why.
    owner.tap("Numbers").await;
    owner
        .wait_for_script(&format!(
            "const row = [...document.querySelectorAll('.staff-report tbody tr')] \
               .find((r) => r.textContent.includes('Second coffee for a friend')); \
             return !!row && row.textContent.includes('{member}') && row.classList.contains('flagged')"
        ))
        .await;
    for browser in [owner, phone, counter] {
        browser.close().await;
    }
}

#[tokio::test]
async fn the_owners_win_back_offer_reaches_a_lapsed_customer_and_is_used_once_at_the_counter() {
    const PASSWORD: &str = "torna a trovarci";
    let server = TestServer::start_with(|s| s.demo_owner_password = Some(PASSWORD.into())).await;
    // The owner writes to customers away 45 days, with a free cappuccino
    // for 14 days.
    let owner = demo_owner_signed_in(&server, PASSWORD).await;
    owner.tap("Campaigns").await;
    // Every campaign has its tab, the welcome first; win-back is the last.
    owner.wait_for_text("Welcome new customers").await;
    owner.tap("Win-back").await;
    owner
        .wait_for_text("Win back customers who stay away")
        .await;
    owner.wait_for_text("Sent so far: 0. Offers used: 0.").await;
    owner.pick("Write to customers who stay away").await;
    owner.pick("Something free").await;
    owner.type_into("#offer-gift-name", "cappuccino").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;
    owner.close().await;

    // A customer comes once, then stays away 46 days.
    let phone = Browser::open().await;
    phone.goto(&server.table_link("5")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    assert_eq!(
        server.add_stamp(&staff, &member).await.status().as_u16(),
        201
    );
    server
        .state
        .clock
        .advance_ms(46 * timbro_core::calendar::DAY_MS);
    // The scheduler's job is due (each server also looks twice a minute on
    // its own: what was written is counted, not who wrote it).
    timbro_server::scheduler::run_due(&server.state)
        .await
        .unwrap();

    // The customer's open card shows the message at once, marked new, and
    // holds the offer.
    phone.wait_for_text("We miss you at Caffè Aurora").await;
    phone
        .wait_for_script("return document.querySelector('.messages li[data-new]') !== null")
        .await;
    phone
        .wait_for_text("a free cappuccino, on your card until")
        .await;

    // The owner sees it sent.
    let owner = demo_owner_signed_in(&server, PASSWORD).await;
    owner.tap("Campaigns").await;
    owner.tap("Win-back (on)").await;
    owner.wait_for_text("Sent so far: 1. Offers used: 0.").await;

    // The customer taps "Use": the offer's code, as a reward's.
    phone.tap("Use").await;
    let offer_code = phone.text_of(".redeem-code").await;
    let counter = barista_signed_in(&server).await;
    counter.type_into("#code", &offer_code).await;
    counter.tap("Find").await;
    counter.wait_for_text("a free cappuccino").await;
    counter.wait_for_text("On the card, ready to use.").await;
    counter
        .wait_for_script("return document.querySelector('.redeem .label').textContent === 'Offer'")
        .await;
    counter.tap("Confirm redemption").await;
    counter.wait_for_text("Redeemed: cappuccino for").await;
    phone
        .wait_for_text("Enjoy! Your reward has been redeemed.")
        .await;
    phone.tap("Close").await;
    counter.type_into("#code", &offer_code).await;
    counter.tap("Find").await;
    counter.wait_for_text("already been used").await;

    owner.tap("Numbers").await;
    owner.tap("Campaigns").await;
    owner.tap("Win-back (on)").await;
    owner.wait_for_text("Sent so far: 1. Offers used: 1.").await;

    // Opened again, the card no longer holds the offer, and the message is
    // no longer new.
    phone.goto(&server.table_link("5")).await;
    phone.wait_for_text("We miss you at Caffè Aurora").await;
    phone
        .wait_for_script(
            "return document.querySelector('.messages li') !== null
                 && document.querySelector('.messages li[data-new]') === null
                 && document.querySelector('.offers li.held') === null",
        )
        .await;
    for browser in [owner, phone, counter] {
        browser.close().await;
    }
}

#[tokio::test]
async fn the_owners_welcome_reaches_a_new_customer_with_its_offer() {
    const PASSWORD: &str = "benvenuti tutti";
    let server = TestServer::start_with(|s| s.demo_owner_password = Some(PASSWORD.into())).await;
    let owner = demo_owner_signed_in(&server, PASSWORD).await;
    // Points last a year after the last visit.
    owner.tap("Card and points").await;
    owner.type_into("#points-expire_months", "12").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;
    owner.tap("Campaigns").await;
    owner.wait_for_text("Welcome new customers").await;
    owner
        .wait_for_text("A customer who joins gets one message")
        .await;
    assert!(
        !owner.screen_text().await.contains("Days without a visit"),
        "days are win-back's only"
    );
    owner.pick("Write to new customers").await;
    owner.pick("A discount on the next purchase").await;
    owner.type_into("#offer-gift-percent", "10").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;
    owner.wait_for_text("Welcome (on)").await;
    owner.close().await;

    let phone = Browser::open().await;
    phone.goto(&server.table_link("2")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    phone
        .wait_for_text("Messages from Caffè Aurora will show here.")
        .await;
    // The welcome gift's points, with the day they expire, a year on.
    phone.wait_for_text("10 points expire on").await;
    timbro_server::scheduler::run_due(&server.state)
        .await
        .unwrap();
    // The open card shows it at once, with the offer it holds.
    phone.wait_for_text("Welcome to Caffè Aurora").await;
    phone
        .wait_for_text("Thank you for joining! Waiting on your card until")
        .await;
    phone.wait_for_text("10% off, on your card until").await;

    // The owner writes to every customer now; the open card shows it.
    let owner = demo_owner_signed_in(&server, PASSWORD).await;
    owner.tap("Campaigns").await;
    owner.tap("Send a message").await;
    owner.wait_for_text("Send a message now").await;
    owner.type_into("#words-title", "Open on Sunday").await;
    owner
        .type_into("#words-body", "From this week {1} opens on Sundays too.")
        .await;
    owner.tap("Send").await;
    owner
        .wait_for_text("Messages sent: 1. Offers given: 0.")
        .await;
    phone.wait_for_text("Open on Sunday").await;
    phone
        .wait_for_text("From this week Caffè Aurora opens on Sundays too.")
        .await;
    owner.close().await;
    phone.close().await;
}

#[tokio::test]
async fn a_customer_hears_a_reward_is_a_few_points_away_and_the_owner_sets_the_birthday_gift_and_time_zone()
 {
    const PASSWORD: &str = "quasi arrivati";
    let server = TestServer::start_with(|s| s.demo_owner_password = Some(PASSWORD.into())).await;
    let owner = demo_owner_signed_in(&server, PASSWORD).await;

    // The café's time zone, for the notifications' quiet hours: the one its
    // language implies until the owner picks another.
    owner.tap("Business").await;
    owner
        .wait_for_text("Notifications to customers wait out the night")
        .await;
    let zone = owner
        .script("return document.getElementById('time_zone').value")
        .await;
    assert_eq!(zone.as_str(), Some("Europe/Rome"));
    owner.choose("#time_zone", "Europe/Warsaw").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;
    let business = server.state.store.business_by_id(1).await.unwrap().unwrap();
    assert_eq!(business.public.time_zone, "Europe/Warsaw");

    // "A few points to go", at 10 points from a reward.
    owner.tap("Campaigns").await;
    owner.wait_for_text("Welcome new customers").await;
    owner.tap("A few points to go").await;
    owner
        .wait_for_text("A customer 10 points or fewer from a points reward")
        .await;
    owner.type_into("#points", "12").await;
    owner
        .wait_for_text("A customer 12 points or fewer from a points reward")
        .await;
    owner.pick("Write when a reward is a few points away").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;
    owner.wait_for_text("A few points to go (on)").await;

    // The birthday's gift is set with its message (the demo gives 30
    // points within 7 days), no longer on the Card and points screen.
    owner.tap("Birthday").await;
    owner.wait_for_text("Wish customers a happy birthday").await;
    let points = owner
        .script("return document.getElementById('birthday_gift-points').value")
        .await;
    assert_eq!(points.as_str(), Some("30"));
    owner.type_into("#birthday_gift-points", "45").await;
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;
    let business = server.state.store.business_by_id(1).await.unwrap().unwrap();
    assert_eq!(business.public.birthday.map(|b| b.points), Some(45));
    owner.tap("Card and points").await;
    owner
        .wait_for_text("The birthday gift is set with its message, on the Campaigns screen")
        .await;
    owner
        .wait_for_script("return document.getElementById('birthday-points') === null")
        .await;
    // Saving the program keeps the gift.
    owner.tap("Save").await;
    owner.wait_for_text("Saved.").await;
    let business = server.state.store.business_by_id(1).await.unwrap().unwrap();
    assert_eq!(business.public.birthday.map(|b| b.points), Some(45));
    owner.close().await;

    // A customer (10 welcome points) spends 10 euros: 20 points, 10 from
    // the cornetto. Her open card tells her.
    let phone = Browser::open().await;
    phone.goto(&server.table_link("3")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    let staff = server.staff_token().await;
    assert_eq!(
        server.spend(&staff, &member, 10).await.status().as_u16(),
        201
    );
    timbro_server::scheduler::run_due(&server.state)
        .await
        .unwrap();
    phone
        .wait_for_text("A few points to go at Caffè Aurora")
        .await;
    phone
        .wait_for_text("You are a few points away from Cornetto")
        .await;
    phone.close().await;
}

//! Schemathesis over the OpenAPI document, against the real server: every
//! route, with an owner's, a customer's and a staff member's credentials.
//! No answer may be a 5xx, and every answer must be one the document
//! describes (status, content type, headers, body schema); malformed input
//! must be refused, a missing credential must be a 401, a wrong method a
//! 405.
//!
//! One check is left out: `positive_data_acceptance`, which expects every
//! request that fits the schema to succeed. The server's rules go further
//! than JSON Schema can say (a password's strength, a promotion that ends
//! after it starts, an `Idempotency-Key` reused with another body), and
//! each such refusal is a documented 422 naming its field.

use std::process::Command;

use crate::helpers::{Db, OWNER_PASSWORD, sign_in, spawn_app_with};

/// Generated cases per operation and pass.
const CASES: &str = "25";
/// The same cases on every run, so that CI is repeatable; change it to
/// explore new ones.
const SEED: &str = "20261202";

/// One schemathesis pass with `bearer` over the operations `filter` picks;
/// returns its summary line.
async fn fuzz(doc: &str, bearer: &str, filter: &[&str]) -> String {
    let Some(schemathesis) = std::env::var_os("TIMBRO_TEST_SCHEMATHESIS") else {
        panic!(
            "TIMBRO_TEST_SCHEMATHESIS is not set: run `cargo xtask test`, which installs \
             schemathesis into its own virtual environment"
        );
    };
    let report = tempfile::tempdir().unwrap();
    let mut command = Command::new(schemathesis);
    command
        .args([
            "run",
            doc,
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
        ])
        .args(["-n", CASES, "--seed", SEED, "--no-color", "--workers", "1"])
        .args(["--generation-database", "none"])
        .arg("--report-dir")
        .arg(report.path())
        .arg("-H")
        .arg(format!("Authorization: Bearer {bearer}"))
        .args(filter)
        .current_dir(report.path())
        .env("NO_COLOR", "1");
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("schemathesis runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "schemathesis found failures ({filter:?}):\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text
        .lines()
        .find(|l| l.contains(" generated,"))
        .unwrap_or("no summary")
        .trim()
        .to_owned();
    assert!(summary.contains("passed"), "{text}");
    summary
}

#[tokio::test]
async fn the_api_answers_every_generated_request_as_its_document_says() {
    // Limits high enough that the fuzzer is not simply refused.
    let app = spawn_app_with(Db::Sqlite, |s| {
        let r = &mut s.rate_limits;
        for limit in [
            &mut r.join_per_ip,
            &mut r.card_read_per_ip,
            &mut r.card_read_per_card,
            &mut r.sign_in_per_ip,
            &mut r.code_check_per_card,
            &mut r.code_check_per_business,
            &mut r.setup_per_ip,
        ] {
            *limit = 1_000_000;
        }
    })
    .await;
    let doc = format!("{}/openapi.json", app.api);
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let staff = app.staff_token().await;
    let (card_token, _) = app.join().await;

    // The owner everywhere but the customer's routes, signing out (which
    // would end the session the pass runs with) and erasing a customer
    // (whose code the stateful phase finds in the lists: the customer's
    // pass below would lose its card).
    let everything = fuzz(
        &doc,
        &owner,
        &[
            "--exclude-path-regex",
            "^/cards/|^/staff/sessions/current$",
            "--exclude-operation-id",
            "erase_customer",
        ],
    )
    .await;
    // The customer's routes but erasing the card (which would end the
    // token the pass runs with), then that last, with a card of its own.
    let customer = fuzz(
        &doc,
        card_token.expose(),
        &[
            "--include-path-regex",
            "^/cards/",
            "--exclude-operation-id",
            "erase_card",
        ],
    )
    .await;
    let sign_out = fuzz(&doc, &staff, &["--include-path", "/staff/sessions/current"]).await;
    let (erased_token, _) = app.join().await;
    let erase = fuzz(
        &doc,
        erased_token.expose(),
        &["--include-operation-id", "erase_card"],
    )
    .await;
    let erase_customer = fuzz(&doc, &owner, &["--include-operation-id", "erase_customer"]).await;
    eprintln!(
        "schemathesis (seed {SEED}): owner pass {everything}; customer pass {customer}; \
         sign-out pass {sign_out}; erasure passes {erase}, {erase_customer}"
    );
}

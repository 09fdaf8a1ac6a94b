//! `/c/{slug}`: the wallet's page with the business's program already in
//! it, so that the join screen needs no request, and the join screen drawn
//! by the server in the customer's language; a name an owner types can
//! never end the data block nor become markup.

use reqwest::StatusCode;
use serde_json::Value;
use timbro_server::security::Policy;

use crate::helpers::{Db, spawn_app_with};

const PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>Timbro</title>\
    <script type=\"module\">import init from '/w-0123456789abcdef.js';</script></head>\
    <body><div id=\"shell\" class=\"shell\" role=\"status\"><p>Loading your card…</p></div>\
    <script>1</script></body></html>";

/// The data block's JSON in `html`, if there is one.
fn data_block(html: &str) -> Option<&str> {
    let (_, after) = html.split_once(r#"<script type="application/json" id="timbro-business""#)?;
    let (_, body) = after.split_once('>')?;
    Some(body.split_once("</script>")?.0)
}

/// `html` without its data block.
fn without_block(html: &str) -> String {
    let start = html
        .find(r#"<script type="application/json" id="timbro-business""#)
        .expect("a data block");
    let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// The drawn join screen of `html`, and `html` with the shell as built in
/// its place (what the service worker keeps), its `<html lang>` as built.
fn undrawn(html: &str) -> (String, String) {
    let (before, rest) = html
        .split_once("<!--timbro:shell ")
        .expect("a drawn screen");
    let (built, rest) = rest.split_once("-->").unwrap();
    let (drawn, after) = rest.split_once("<!--/timbro:shell-->").unwrap();
    let before = before
        .replacen(r#"<html lang="it">"#, r#"<html lang="en">"#, 1)
        .replacen(r#"<html lang="pl">"#, r#"<html lang="en">"#, 1);
    (drawn.to_owned(), format!("{before}{built}{after}"))
}

/// The page of `slug` as a browser asks for it with these headers.
async fn page(app: &crate::helpers::TestApp, slug: &str, headers: &[(&str, &str)]) -> String {
    let site = app.api.trim_end_matches("/api/v1");
    let mut req = app.client.get(format!("{site}/c/{slug}"));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn the_page_of_a_business_carries_its_program_and_no_name_can_break_out() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), PAGE).unwrap();
    let wallet_dir = dist.path().to_path_buf();
    let app = spawn_app_with(Db::Sqlite, |s| s.wallet_dir = wallet_dir).await;
    let site = app.api.trim_end_matches("/api/v1").to_owned();
    let sly = "Bar </script><script>alert(1)</script><!-- 'x' & \"y\"";
    app.open_business("bar-sly", sly, "sly").await;

    for slug in ["caffe-aurora", "bar-sly"] {
        let res = app
            .client
            .get(format!("{site}/c/{slug}?t=4"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert_eq!(res.headers()["vary"], "Accept-Language, Cookie");
        assert_eq!(
            res.headers()["content-security-policy"],
            Policy::app(PAGE, false).csp_header(),
            "the wallet's own policy"
        );
        let html = res.text().await.unwrap();
        let block = data_block(&html).expect("a data block");
        assert!(!block.contains('<'), "{block}");
        let in_page: Value = serde_json::from_str(block).unwrap();
        let from_api: Value = app
            .get(&format!("/businesses/{slug}"), None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(in_page, from_api, "the same program as the API's");
        // The page is otherwise the one built, with the join screen drawn
        // in the shell's place.
        let (drawn, built) = undrawn(&without_block(&html));
        assert_eq!(built, PAGE);
        assert!(
            drawn.starts_with(r#"<div id="shell"><main class="join">"#),
            "{drawn}"
        );
        assert!(!drawn.contains("<script"), "{drawn}");
    }
    // What the owner typed is text, in the heading and in the fine print.
    let (drawn, _) = undrawn(&page(&app, "bar-sly", &[]).await);
    let escaped = "Bar &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- 'x' &amp; \"y\"";
    assert!(drawn.contains(&format!("<h1>{escaped}</h1>")), "{drawn}");
    assert!(
        drawn.contains(&format!("Only {escaped} sees these")),
        "{drawn}"
    );

    // The customer's language: the wallet's cookie, else the browser's
    // languages by weight, else English.
    for (headers, lang, words, month) in [
        (vec![], "en", "Collect 5 stamps and get: ", "January"),
        (
            vec![("accept-language", "de-DE,pl;q=0.9,en;q=0.8")],
            "pl",
            "Zbierz 5 pieczątek i odbierz: ",
            "styczeń",
        ),
        (
            vec![
                ("accept-language", "pl"),
                ("cookie", "a=b; timbro.v1.lang=it"),
            ],
            "it",
            "Raccogli 5 timbri e ricevi: ",
            "gennaio",
        ),
        (
            vec![("accept-language", "fr"), ("cookie", "timbro.v1.lang=xx")],
            "en",
            "Collect 5 stamps and get: ",
            "January",
        ),
    ] {
        let html = page(&app, "caffe-aurora", &headers).await;
        assert!(
            html.contains(&format!(r#"<html lang="{lang}">"#)),
            "{headers:?}"
        );
        let (drawn, _) = undrawn(&html);
        assert!(drawn.contains(words), "{headers:?}: {drawn}");
        assert!(
            drawn.contains(&format!(r#"<option value="1">{month}</option>"#)),
            "{headers:?}: {drawn}"
        );
        assert!(
            drawn.contains(&format!(r#"<option value="{lang}" selected>"#)),
            "{headers:?}: {drawn}"
        );
    }
    assert_eq!(
        data_block(
            &app.client
                .get(format!("{site}/c/bar-sly"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        )
        .map(|b| serde_json::from_str::<Value>(b).unwrap()["name"].clone()),
        Some(Value::from(sly))
    );

    // A business that does not exist: the page as built (the wallet then
    // asks the API, and says so).
    for path in ["/c/nessuno", "/c/NOT_A_SLUG", "/c/caffe-aurora/altro"] {
        let res = app
            .client
            .get(format!("{site}{path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.text().await.unwrap(), PAGE, "{path}");
    }
}

//! `/c/{slug}`: the wallet's page with the business's program already in
//! it, so that the join screen needs no request; a name an owner types can
//! never end the data block.

use reqwest::StatusCode;
use serde_json::Value;
use timbro_server::security::Policy;

use crate::helpers::{Db, spawn_app_with};

const PAGE: &str = "<!DOCTYPE html><html><head><title>Timbro</title>\
    <script type=\"module\">import init from '/w-0123456789abcdef.js';</script></head>\
    <body><div id=\"shell\"></div></body></html>";

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
        // The page is otherwise the one built; the colours come as the
        // wallet draws them (#7b3f1d is the demo's, readable with white).
        assert_eq!(without_block(&html), PAGE);
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

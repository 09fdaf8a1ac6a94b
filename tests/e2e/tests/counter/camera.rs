//! The camera: the customer's QR code read from a (fake) camera, by the
//! wasm decoder and by the browser's own detector, and no camera at all.

use timbro_e2e::write_camera_video;

use super::*;

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

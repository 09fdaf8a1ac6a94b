//! Headless Chromium through chromedriver, with the few gestures a customer
//! makes: open a link, read the screen, tap a button.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// How long the screen may take to show what a test waits for. Generous: a
/// loaded 2-core machine compiling in parallel is slow, and the assertion is
/// about what appears, not how fast.
const PATIENCE: Duration = Duration::from_secs(30);

/// One browser with its own fresh profile (a new phone, as far as the site knows).
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    /// chromedriver's address, for the commands fantoccini has no method for.
    driver_url: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a phone-sized window.
    pub async fn open() -> Self {
        Self::open_with(&[]).await
    }

    /// [`Browser::open`] with extra Chromium arguments (e.g. another
    /// phone's user agent).
    pub async fn open_with(extra_args: &[&str]) -> Self {
        let chromium = crate::required_path("TIMBRO_TEST_CHROMIUM", "/usr/bin/chromium");
        let chromedriver =
            crate::required_path("TIMBRO_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so that Drop can end Chromium with it even
        // when a failing test never closes the session.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = command.spawn().expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=412,915",
            "--lang=en-US",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let caps = json!({
            "goog:chromeOptions": { "binary": chromium, "args": args }
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if started.elapsed() < PATIENCE => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot start a Chromium session through chromedriver: {e}"),
            }
        };
        let browser = Self {
            client: Some(client),
            driver,
            driver_url: url,
            _profile: profile,
        };
        browser.before_every_page(crate::csp::WATCH_CSP).await;
        browser
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("browser is open")
    }

    /// Opens a link, as if typed or scanned.
    pub async fn goto(&self, url: &str) {
        self.client().goto(url).await.expect("page opens");
    }

    /// Everything the screen shows as text.
    pub async fn screen_text(&self) -> String {
        match self.client().find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until `text` is on the screen; fails showing what is there instead.
    pub async fn wait_for_text(&self, text: &str) {
        let started = Instant::now();
        loop {
            let screen = self.screen_text().await;
            if screen.contains(text) {
                return;
            }
            if started.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for {text:?}; the screen shows:\n{screen}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Taps the button whose label is `label`.
    pub async fn tap(&self, label: &str) {
        let xpath = format!("//button[normalize-space(.)='{label}']");
        self.tap_xpath(&xpath, &format!("button {label:?}")).await;
    }

    /// Opens the disclosure (`<summary>`) whose label is `label`.
    pub async fn open_summary(&self, label: &str) {
        let xpath = format!("//summary[normalize-space(.)='{label}']");
        self.tap_xpath(&xpath, &format!("summary {label:?}")).await;
    }

    /// Taps what `xpath` finds, `what` naming it in a failure. Something the
    /// page redraws between being found and being tapped (the wallet's join
    /// screen, drawn by the page and then by the wasm) is found again, as a
    /// finger would tap the one now on screen. It is scrolled to the middle
    /// of the screen first, as a person scrolls to what they tap (the edge
    /// of the screen can be under the wallet's "Add to Home Screen" bar).
    async fn tap_xpath(&self, xpath: &str, what: &str) {
        again_if_redrawn(&format!("{what} taps"), async || {
            let found = self
                .client()
                .wait()
                .at_most(PATIENCE)
                .for_element(Locator::XPath(xpath))
                .await
                .unwrap_or_else(|e| panic!("no {what} on screen: {e}"));
            let element = serde_json::to_value(&found).expect("an element is JSON");
            let _ = self
                .client()
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' })",
                    vec![element],
                )
                .await;
            found.click().await
        })
        .await;
    }

    /// Picks the radio button or check box whose label is `label` (the
    /// first on the page), by tapping its label as a person does.
    pub async fn pick(&self, label: &str) {
        let xpath = format!("//label[normalize-space(.)='{label}']");
        self.tap_xpath(&xpath, &format!("choice {label:?}")).await;
    }

    /// Taps the button labelled `label` in the list item that says `row`.
    pub async fn tap_in(&self, row: &str, label: &str) {
        let xpath = format!(
            "//li[contains(normalize-space(.), '{row}')]//button[normalize-space(.)='{label}']"
        );
        self.tap_xpath(&xpath, &format!("button {label:?} beside {row:?}"))
            .await;
    }

    /// Follows the link whose text contains `text`.
    pub async fn follow(&self, text: &str) {
        let xpath = format!("//a[contains(normalize-space(.), '{text}')]");
        let link = self
            .client()
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no link {text:?} on screen: {e}"));
        link.click().await.expect("link opens");
    }

    /// The first element matching a CSS selector, waiting for it to appear.
    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client()
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing on screen matches {css:?}: {e}"))
    }

    /// The visible text of the first element matching a CSS selector,
    /// found again if the page draws it anew between finding and reading
    /// (the wallet draws a fresh card anew rather than changing the old).
    pub async fn text_of(&self, css: &str) -> String {
        again_if_redrawn(&format!("the text of {css:?}"), async || {
            self.element(css).await.text().await
        })
        .await
    }

    /// Picks `value` in the `<select>` matching a CSS selector, as a person
    /// choosing from the list.
    pub async fn choose(&self, css: &str, value: &str) {
        self.element(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("cannot choose {value:?} in {css:?}: {e}"));
    }

    /// Types `text` into the field matching a CSS selector, replacing what
    /// it held.
    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.element(css).await;
        field.clear().await.expect("field clears");
        field.send_keys(text).await.expect("typing works");
    }

    /// Chooses the file at `path` in the file field matching a CSS
    /// selector, as picking it in the browser's file dialog does.
    pub async fn choose_file(&self, css: &str, path: &std::path::Path) {
        let field = self.element(css).await;
        field
            .send_keys(&path.display().to_string())
            .await
            .unwrap_or_else(|e| panic!("cannot choose {} in {css:?}: {e}", path.display()));
    }

    /// The bytes a link on the page points at (a download the page made),
    /// fetched by the page itself.
    pub async fn bytes_behind_link(&self, css: &str) -> Vec<u8> {
        let js = format!(
            "return fetch(document.querySelector({css:?}).href)
                 .then(r => r.arrayBuffer())
                 .then(b => Array.from(new Uint8Array(b)))"
        );
        let value = self.script(&js).await;
        value
            .as_array()
            .expect("the link's bytes")
            .iter()
            .map(|v| v.as_u64().expect("a byte") as u8)
            .collect()
    }

    /// What one element looks like, as PNG.
    pub async fn screenshot_of(&self, css: &str) -> Vec<u8> {
        let element = self.element(css).await;
        element.screenshot().await.expect("element screenshot")
    }

    /// Posts a chromedriver command fantoccini has no method for
    /// (`POST /session/{id}/{path}`) and gives its answer.
    async fn driver_post(&self, path: &str, body: Value) -> reqwest::Response {
        let session = self
            .client()
            .session_id()
            .await
            .expect("session id")
            .expect("a session");
        reqwest::Client::new()
            .post(format!("{}/session/{session}/{path}", self.driver_url))
            .json(&body)
            .send()
            .await
            .expect("chromedriver answers")
    }

    /// Sends a chromedriver command, which must be accepted.
    async fn driver_command(&self, path: &str, body: Value) {
        let res = self.driver_post(path, body).await;
        assert!(
            res.status().is_success(),
            "chromedriver refused {path}: {}",
            res.text().await.unwrap_or_default()
        );
    }

    /// A Chrome DevTools command through chromedriver, for what happens
    /// outside the page (a permission granted, a push arriving); whether
    /// the browser accepted it.
    pub async fn devtools(&self, cmd: &str, params: Value) -> bool {
        let body = json!({ "cmd": cmd, "params": params });
        self.driver_post("goog/cdp/execute", body)
            .await
            .status()
            .is_success()
    }

    /// Cuts the browser off the network (`true`) or reconnects it, the way a
    /// café's Wi-Fi drops: requests fail at once and `navigator.onLine`
    /// follows. Uses chromedriver's network emulation.
    pub async fn set_offline(&self, offline: bool) {
        let conditions = json!({ "network_conditions": {
            "offline": offline,
            "latency": 0,
            "download_throughput": 100_000_000,
            "upload_throughput": 100_000_000,
        }});
        self.driver_command("chromium/network_conditions", conditions)
            .await;
    }

    /// Runs `js` at the start of every page this browser opens from now on,
    /// before the page's own scripts (Chrome DevTools'
    /// `Page.addScriptToEvaluateOnNewDocument`, through chromedriver): for
    /// giving a test page a browser API this Chromium lacks.
    pub async fn before_every_page(&self, js: &str) {
        let command = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": js },
        });
        self.driver_command("goog/cdp/execute", command).await;
    }

    /// Makes every request whose URL matches one of `patterns` (`*`
    /// wildcards) fail, as a network that never delivers them would.
    pub async fn block(&self, patterns: &[&str]) {
        for (cmd, params) in [
            ("Network.enable", json!({})),
            ("Network.setBlockedURLs", json!({ "urls": patterns })),
        ] {
            self.driver_command("goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
                .await;
        }
    }

    /// What the screen looks like, as PNG.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.client().screenshot().await.expect("screenshot")
    }

    /// Waits until a script returns `true` (for page states a person cannot
    /// see, such as a service worker taking control).
    pub async fn wait_for_script(&self, js: &str) {
        let started = Instant::now();
        loop {
            if self.script(js).await == Value::Bool(true) {
                return;
            }
            if started.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for `{js}` to be true");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn script(&self, js: &str) -> Value {
        self.client()
            .execute(js, vec![])
            .await
            .expect("script runs")
    }

    /// Ends the session (Chromium quits) and chromedriver, after checking
    /// that the page the test ended on broke no Content-Security-Policy: an
    /// app that needs an inline style or script the policy refuses is broken
    /// for customers even where the test's words still appear.
    pub async fn close(mut self) {
        let refused = match self.client().current_url().await {
            Ok(url) if url.scheme().starts_with("http") => self.csp_violations().await,
            _ => Vec::new(),
        };
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
        assert!(refused.is_empty(), "the page broke its CSP: {refused:?}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            let group = format!("-{}", self.driver.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `act`'s answer, `act` done again (up to three more times) when the
/// element it found was drawn anew before it could act on it, as a person
/// acts on what is on screen now; `what` names it in a failure.
async fn again_if_redrawn<T>(
    what: &str,
    act: impl AsyncFn() -> Result<T, fantoccini::error::CmdError>,
) -> T {
    let mut tries = 0;
    loop {
        match act().await {
            Ok(answer) => return answer,
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference
                    && tries < 3 =>
            {
                tries += 1;
            }
            Err(e) => panic!("{what}: {e:?}"),
        }
    }
}

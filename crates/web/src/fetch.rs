//! Requests to the API with the browser's `fetch`, and nothing more.
//!
//! The three apps used `gloo-net`'s request builder before; it brings the
//! `http` crate's methods and headers and the streams glue with it, which
//! the wallet's wasm paid for (measured in ARCHITECTURE.md). What the apps
//! need is a method, a URL, a few headers, a body, and the answer's status
//! and text: this is that, with the same names.

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// No answer: the browser could not send the request or read the answer
/// (offline, the server down, the request cut), or a body could not be
/// written as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoAnswer;

impl From<JsValue> for NoAnswer {
    fn from(_: JsValue) -> Self {
        NoAnswer
    }
}

/// A request about to be sent.
pub struct Request {
    method: &'static str,
    url: String,
    headers: Vec<(&'static str, String)>,
    body: Option<JsValue>,
}

impl Request {
    fn new(method: &'static str, url: &str) -> Self {
        Request {
            method,
            url: url.to_owned(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// `GET url`.
    pub fn get(url: &str) -> Self {
        Self::new("GET", url)
    }

    /// `POST url`.
    pub fn post(url: &str) -> Self {
        Self::new("POST", url)
    }

    /// `PUT url`.
    pub fn put(url: &str) -> Self {
        Self::new("PUT", url)
    }

    /// `DELETE url`.
    pub fn delete(url: &str) -> Self {
        Self::new("DELETE", url)
    }

    /// With the header `name: value`.
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    /// With the bearer credential `secret` (a card token, a session).
    pub fn bearer(self, secret: &str) -> Self {
        self.header("Authorization", &format!("Bearer {secret}"))
    }

    /// With `body` as JSON.
    pub fn json(self, body: &impl Serialize) -> Result<Self, NoAnswer> {
        let text = serde_json::to_string(body).map_err(|_| NoAnswer)?;
        Ok(self
            .header("Content-Type", "application/json")
            .body(JsValue::from(text)))
    }

    /// With `body` as it is (a string, a `File`, a `Blob`).
    pub fn body(mut self, body: JsValue) -> Self {
        self.body = Some(body);
        self
    }

    /// Sends it; an answer of any status is an answer.
    pub async fn send(self) -> Result<Response, NoAnswer> {
        let init = web_sys::RequestInit::new();
        init.set_method(self.method);
        let headers = web_sys::Headers::new()?;
        for (name, value) in &self.headers {
            headers.set(name, value)?;
        }
        init.set_headers(&headers);
        if let Some(body) = &self.body {
            init.set_body(body);
        }
        let window = web_sys::window().ok_or(NoAnswer)?;
        let answer = JsFuture::from(window.fetch_with_str_and_init(&self.url, &init)).await?;
        Ok(Response(answer.dyn_into()?))
    }
}

/// The server's answer.
pub struct Response(web_sys::Response);

impl Response {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status()
    }

    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        self.0.ok()
    }

    /// The body as text.
    pub async fn text(&self) -> Result<String, NoAnswer> {
        let text = JsFuture::from(self.0.text()?).await?;
        text.as_string().ok_or(NoAnswer)
    }

    /// The body as bytes.
    pub async fn binary(&self) -> Result<Vec<u8>, NoAnswer> {
        let buffer = JsFuture::from(self.0.array_buffer()?).await?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

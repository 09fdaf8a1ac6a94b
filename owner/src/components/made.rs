//! A file the server made for the owner (a PDF, an SVG, a CSV), kept in the
//! browser's memory as a link to save or open.

/// A file made in the browser's memory, to save with a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub url: String,
    pub name: String,
    pub size: usize,
}

impl Made {
    /// `bytes` of `kind`, to be saved as `name`; `None` if the browser
    /// cannot hold it.
    pub fn new(bytes: &[u8], kind: &str, name: String) -> Option<Made> {
        object_url(bytes, kind).map(|url| Made {
            url,
            name,
            size: bytes.len(),
        })
    }
}

/// `bytes` of `kind` as an object URL the page can link to.
pub fn object_url(bytes: &[u8], kind: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Lets the browser free a file that is no longer linked.
pub fn forget(made: Option<Made>) {
    if let Some(made) = made {
        let _ = web_sys::Url::revoke_object_url(&made.url);
    }
}

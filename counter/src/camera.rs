//! Reading a QR code with the camera: the browser's own `BarcodeDetector`
//! where it exists (Chrome on Android, Safari 17+), otherwise `rqrr` on the
//! video's frames, here in wasm. A few frames a second are enough for a
//! code held up to the camera, and leave the phone cool.

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    MediaStreamConstraints, MediaStreamTrack,
};

use crate::i18n::{Speak, Texts};
use crate::session::use_ctx;

/// Time between two looks at the video.
const FRAME_GAP_MS: i32 = 250;
/// Frames are scaled down to at most this many pixels on their long side
/// before decoding: enough for a phone-screen QR, and quick.
const MAX_SIDE: u32 = 800;

/// Why the camera cannot read codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraError {
    /// The browser has no camera access or no way to read frames.
    Unsupported,
    /// The user (or a policy) refused the camera.
    Denied,
    /// No camera, or it is busy.
    Missing,
}

impl CameraError {
    /// The sentence that says so, in any language.
    pub fn words(self) -> fn(&'static Texts) -> &'static str {
        match self {
            CameraError::Unsupported => |t| t.camera_unsupported,
            CameraError::Denied => |t| t.camera_denied,
            CameraError::Missing => |t| t.camera_missing,
        }
    }
}

/// Opens the back camera into `video`.
async fn open(video: &HtmlVideoElement) -> Result<MediaStream, CameraError> {
    let devices = window()
        .navigator()
        .media_devices()
        .map_err(|_| CameraError::Unsupported)?;
    let wanted = Object::new();
    let _ = Reflect::set(&wanted, &"facingMode".into(), &"environment".into());
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&wanted);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| CameraError::Unsupported)?;
    let stream: MediaStream = JsFuture::from(promise)
        .await
        .map_err(|e| {
            let name = Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            leptos::logging::warn!("camera: {name}");
            match name.as_str() {
                "NotAllowedError" | "SecurityError" => CameraError::Denied,
                "NotFoundError" | "OverconstrainedError" | "NotReadableError" => {
                    CameraError::Missing
                }
                _ => CameraError::Unsupported,
            }
        })?
        .unchecked_into();
    video.set_src_object(Some(&stream));
    let _ = video.play();
    Ok(stream)
}

/// Turns the camera off.
fn close(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// How frames are read.
enum Decoder {
    /// The browser's `BarcodeDetector`.
    Native(JsValue),
    /// `rqrr` on pixels copied through a canvas.
    Wasm(HtmlCanvasElement, CanvasRenderingContext2d),
}

impl Decoder {
    fn new() -> Option<Self> {
        if let Some(detector) = native_detector() {
            return Some(Decoder::Native(detector));
        }
        let canvas: HtmlCanvasElement = document().create_element("canvas").ok()?.unchecked_into();
        let options = Object::new();
        let _ = Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE);
        let context = canvas
            .get_context_with_context_options("2d", &options)
            .ok()??
            .unchecked_into();
        Some(Decoder::Wasm(canvas, context))
    }

    /// The text of a QR code in the video's current frame, if any.
    async fn read(&self, video: &HtmlVideoElement) -> Option<String> {
        let (w, h) = (video.video_width(), video.video_height());
        if video.ready_state() < 2 || w == 0 || h == 0 {
            return None;
        }
        match self {
            Decoder::Native(detector) => {
                let detect: Function = Reflect::get(detector, &"detect".into())
                    .ok()?
                    .dyn_into()
                    .ok()?;
                let promise: Promise = detect.call1(detector, video).ok()?.dyn_into().ok()?;
                let found = JsFuture::from(promise).await.ok()?;
                Array::from(&found)
                    .iter()
                    .find_map(|b| Reflect::get(&b, &"rawValue".into()).ok()?.as_string())
            }
            Decoder::Wasm(canvas, context) => {
                let scale = f64::from(MAX_SIDE) / f64::from(w.max(h));
                let scale = scale.min(1.0);
                let (sw, sh) = ((f64::from(w) * scale) as u32, (f64::from(h) * scale) as u32);
                canvas.set_width(sw);
                canvas.set_height(sh);
                context
                    .draw_image_with_html_video_element_and_dw_and_dh(
                        video,
                        0.0,
                        0.0,
                        sw.into(),
                        sh.into(),
                    )
                    .ok()?;
                let pixels = context
                    .get_image_data(0.0, 0.0, sw.into(), sh.into())
                    .ok()?
                    .data();
                decode_rgba(&pixels, sw as usize, sh as usize)
            }
        }
    }
}

/// `new BarcodeDetector({ formats: ["qr_code"] })`, where the browser has
/// one that reads QR codes.
fn native_detector() -> Option<JsValue> {
    let constructor = Reflect::get(&window(), &"BarcodeDetector".into()).ok()?;
    let constructor: Function = constructor.dyn_into().ok()?;
    let options = Object::new();
    let _ = Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()));
    Reflect::construct(&constructor, &Array::of1(&options)).ok()
}

/// The first QR code's text in an RGBA image.
fn decode_rgba(rgba: &[u8], width: usize, height: usize) -> Option<String> {
    let luma = |x: usize, y: usize| {
        let i = (y * width + x) * 4;
        let (r, g, b) = (
            u32::from(rgba[i]),
            u32::from(rgba[i + 1]),
            u32::from(rgba[i + 2]),
        );
        ((r * 299 + g * 587 + b * 114) / 1000) as u8
    };
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// The live camera view. `on_code` gets each code read and answers whether
/// it was one the counter could use (then scanning stops); `on_error` is
/// told why when the camera cannot start.
#[component]
pub fn CameraScan(
    on_code: Callback<String, bool>,
    on_error: Callback<CameraError>,
) -> impl IntoView {
    let lang = use_ctx().lang;
    let video = NodeRef::<leptos::html::Video>::new();
    let alive = StoredValue::new(true);
    let stream = StoredValue::new_local(None::<MediaStream>);
    let started = StoredValue::new(false);
    let starting = RwSignal::new(true);
    Effect::new(move |_| {
        let Some(element) = video.get() else { return };
        if started.get_value() {
            return;
        }
        started.set_value(true);
        spawn_local(async move {
            let opened = match open(&element).await {
                Ok(s) => s,
                Err(message) => {
                    if alive.get_value() {
                        on_error.run(message);
                    }
                    return;
                }
            };
            if !alive.get_value() {
                close(&opened);
                return;
            }
            stream.set_value(Some(opened));
            starting.set(false);
            let Some(decoder) = Decoder::new() else {
                on_error.run(CameraError::Unsupported);
                return;
            };
            let mut last_refused = String::new();
            while alive.get_value() {
                sleep(FRAME_GAP_MS).await;
                if !alive.get_value() {
                    break;
                }
                let Some(text) = decoder.read(&element).await else {
                    continue;
                };
                // The same unusable code stays in view: say it once.
                if text == last_refused {
                    continue;
                }
                if on_code.run(text.clone()) {
                    break;
                }
                last_refused = text;
            }
        });
    });
    on_cleanup(move || {
        alive.set_value(false);
        stream.with_value(|s| {
            if let Some(s) = s {
                close(s);
            }
        });
    });
    view! {
        <div class="camera">
            <video node_ref=video autoplay=true muted=true playsinline=true aria-hidden="true"></video>
            <p class="hint" role="status">{move || starting.get().then(|| lang.get().texts().camera_starting)}</p>
        </div>
    }
}

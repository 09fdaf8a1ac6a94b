//! A card's live-update stream (server-sent events): the server says when
//! staff change the card, and the wallet fetches it then. The browser
//! reconnects the stream by itself after a network loss.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventSource};

/// An open stream; closed with [`LiveUpdates::close`].
pub struct LiveUpdates {
    source: EventSource,
    _listener: Closure<dyn FnMut(Event)>,
}

impl LiveUpdates {
    /// Listens at `url` (from [`crate::api::events_url`]); `on_change` runs
    /// on every change and on every (re)connection, since a change made
    /// while the stream was down is not replayed.
    pub fn open(url: &str, on_change: impl Fn() + 'static) -> Option<Self> {
        let source = EventSource::new(url).ok()?;
        let listener = Closure::<dyn FnMut(Event)>::new(move |_| on_change());
        for event in ["changed", "open"] {
            source
                .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())
                .ok()?;
        }
        Some(Self {
            source,
            _listener: listener,
        })
    }

    /// Stops listening.
    pub fn close(self) {
        self.source.close();
    }
}

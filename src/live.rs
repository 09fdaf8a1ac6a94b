//! A card's live-update stream (server-sent events): the server says when
//! staff change the card, and the wallet fetches it then. The browser
//! reconnects the stream by itself after a network loss. A stream the
//! server refuses (too many open on this card or from this address, or on
//! the server: 429 or 503) is not reopened by the browser: the card is then
//! fetched every half minute instead.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::{IntervalHandle, set_interval_with_handle};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventSource};

/// How often a card without its stream is fetched.
const POLL: std::time::Duration = std::time::Duration::from_secs(30);

/// An open stream; closed with [`LiveUpdates::close`].
pub struct LiveUpdates {
    source: EventSource,
    _listener: Closure<dyn FnMut(Event)>,
    /// The polling, once the server refused the stream.
    poll: Rc<Cell<Option<IntervalHandle>>>,
}

impl LiveUpdates {
    /// Listens at `url` (from [`crate::api::events_url`]); `on_change` runs
    /// on every change and on every (re)connection, since a change made
    /// while the stream was down is not replayed, and every half minute once the
    /// server refused the stream.
    pub fn open(url: &str, on_change: impl Fn() + Copy + 'static) -> Option<Self> {
        let source = EventSource::new(url).ok()?;
        let poll = Rc::new(Cell::new(None));
        let listener = {
            let (source, poll) = (source.clone(), poll.clone());
            Closure::<dyn FnMut(Event)>::new(move |_| match source.ready_state() {
                // An error while reconnecting: the browser tries again.
                EventSource::CONNECTING => {}
                // An error that closed it: the server said no.
                EventSource::CLOSED if poll.get().is_none() => {
                    poll.set(set_interval_with_handle(on_change, POLL).ok());
                    on_change();
                }
                _ => on_change(),
            })
        };
        for event in ["changed", "open", "error"] {
            source
                .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())
                .ok()?;
        }
        Some(Self {
            source,
            _listener: listener,
            poll,
        })
    }

    /// Stops listening (and polling).
    pub fn close(self) {
        self.source.close();
        if let Some(poll) = self.poll.get() {
            poll.clear();
        }
    }
}

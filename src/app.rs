//! The root component and the router.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::{card::CardPage, home::Home, not_found::NotFound};

/// Replaces the static loading shell of `index.html` with the app.
pub fn start() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// The wallet's screens. Paths are built by [`crate::route::Route`].
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home />
                <Route path=path!("/c/:slug") view=CardPage />
            </Routes>
        </Router>
    }
}

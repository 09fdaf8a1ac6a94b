//! What both apps' roots do alike: mount in place of the static shell, keep
//! the language in one context (with `<html lang>` following it), and let the
//! user switch it.

use leptos::prelude::*;

use crate::{Lang, Speaking};

/// Replaces the static loading shell of `index.html` (`#shell`) with `app`.
///
/// Where the page has already drawn a screen into the shell (the wallet's
/// join screen, drawn before the wasm arrives, or the card as last drawn),
/// the app takes over only after that drawing has been painted once: the
/// customer sees it at the speed of a static page, and the app's identical
/// drawing replaces it without counting as a new, later paint. The take-over
/// is then two tasks, so that neither blocks a tap for long on a slow phone:
/// first the app's state (language, what the device kept), then its screen,
/// drawn in place of the shell in one go (no frame shows less than the
/// shell did).
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let shell = document().get_element_by_id("shell");
    if !shows_drawn_screen() {
        if let Some(shell) = shell {
            shell.remove();
        }
        leptos::mount::mount_to_body(app);
        return;
    }
    // A frame's callbacks run before its paint; the timeout after it.
    request_animation_frame(move || {
        set_timeout(
            move || {
                // As `leptos::mount::mount_to`, in two steps.
                _ = any_spawner::Executor::init_wasm_bindgen();
                let owner = Owner::new();
                let view = owner.with(move || app().into_view());
                set_timeout(
                    move || {
                        if let Some(shell) = shell {
                            shell.remove();
                        }
                        let mut drawn = owner.with(move || view.build());
                        drawn.mount(&document().body().expect("a page has a body"), None);
                        // The app lives as long as the page.
                        std::mem::forget((owner, drawn));
                    },
                    std::time::Duration::ZERO,
                );
            },
            std::time::Duration::ZERO,
        );
    });
}

/// Whether the page shows a screen drawn before the app (a `<main>` in the
/// shell), which the app is to take over rather than replace at once.
pub fn shows_drawn_screen() -> bool {
    document()
        .get_element_by_id("shell")
        .and_then(|shell| shell.first_element_child())
        .is_some_and(|child| child.tag_name() == "MAIN")
}

/// The app's language, shared with every screen through context.
#[derive(Debug, Clone, Copy)]
pub struct LangCtx {
    /// The language shown.
    signal: RwSignal<Lang>,
    /// Where the choice is remembered (each app keeps its own).
    key: &'static str,
}

impl LangCtx {
    /// Shows `lang` and remembers it on this device.
    pub fn choose(&self, lang: Lang) {
        lang.remember(self.key);
        self.signal.set(lang);
    }
}

/// Detects the language (the choice stored under `key`, else the browser's),
/// provides it to the app, and keeps `<html lang>` on it for screen readers
/// and hyphenation. Call once, in the root component.
pub fn provide_lang(key: &'static str) -> RwSignal<Lang> {
    let signal = RwSignal::new(Lang::detect(key));
    provide_context(LangCtx { signal, key });
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", signal.get().code());
        }
    });
    signal
}

/// The app's language. Panics if [`provide_lang`] was not called above: a
/// screen must never quietly fall back to another language.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<LangCtx>().signal
}

/// The language switch: a labelled `<select id="lang">` of the three
/// languages; the choice is remembered. `label` says "Language" in each
/// language; `hide_label` keeps it for screen readers only.
#[component]
pub fn LangSwitch(
    label: fn(Lang) -> &'static str,
    #[prop(optional)] hide_label: bool,
) -> impl IntoView {
    let ctx = expect_context::<LangCtx>();
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            ctx.choose(chosen);
        }
    };
    let options = Lang::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=move || ctx.signal.get() == l>{l.name()}</option> })
        .collect_view();
    view! {
        <p class="lang">
            <label for="lang" class:sr-only=hide_label>{move || label(ctx.signal.get())}</label>
            <select id="lang" on:change=on_change>{options}</select>
        </p>
    }
}

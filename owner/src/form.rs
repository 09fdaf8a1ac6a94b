//! What a form knows besides its values: which fields are wrong and why,
//! a sentence for the whole form, whether it is being sent, and whether
//! it was just saved. Problems are kept as values (a core rule, one of the
//! back office's sentences, or the server's words), so they are said again
//! in another language when the language changes.

use leptos::prelude::*;
use timbro_core::api::ErrorCode;
use timbro_core::validate::{Invalid, Problem};

use crate::api::ApiError;
use crate::i18n::{Lang, Speak, Texts, error_text, problem_text};

/// Something said to the owner.
#[derive(Debug, Clone)]
pub enum Said {
    /// A request failed.
    Api(ApiError),
    /// One of the back office's own sentences.
    Text(fn(&'static Texts) -> &'static str),
}

impl Said {
    /// The words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Said::Api(e) => error_text(lang, e).into(),
            Said::Text(words) => words(lang.texts()).into(),
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone)]
pub enum Wrong {
    /// It breaks one of core's rules (the same the API runs).
    Rule(Problem),
    /// One of the back office's own sentences (a name already taken).
    Text(fn(&'static Texts) -> &'static str),
    /// The server said so, in its own (English) words.
    Server(String),
}

impl Wrong {
    fn text(&self, lang: Lang) -> String {
        match self {
            Wrong::Rule(problem) => problem_text(lang, problem),
            Wrong::Text(words) => words(lang.texts()).into(),
            Wrong::Server(message) => message.clone(),
        }
    }
}

/// The id of the element that says what is wrong with `field`
/// (`points.points_per_unit` → `points-points_per_unit-error`).
pub fn error_id(field: &str) -> String {
    format!("{}-error", input_id(field))
}

/// The id of the input of `field`.
pub fn input_id(field: &str) -> String {
    field
        .replace(['.', '[', ']'], "-")
        .trim_end_matches('-')
        .to_owned()
}

/// A form's state besides its values.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    fields: RwSignal<Vec<(String, Wrong)>>,
    /// A sentence for the whole form.
    pub general: RwSignal<Option<Said>>,
    /// A request is out.
    pub busy: RwSignal<bool>,
    /// The last request saved the form.
    pub saved: RwSignal<bool>,
}

impl Form {
    /// A form with nothing wrong.
    pub fn new() -> Self {
        Self {
            fields: RwSignal::new(Vec::new()),
            general: RwSignal::new(None),
            busy: RwSignal::new(false),
            saved: RwSignal::new(false),
        }
    }

    /// Forgets every problem (before checking again).
    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.general.set(None);
        self.saved.set(false);
    }

    /// Marks every field core found wrong; the first one gets the focus, so
    /// a keyboard or screen-reader user lands on it.
    pub fn rules(&self, problems: Vec<Invalid>) {
        let first = problems.first().map(|p| input_id(&p.field));
        self.fields.set(
            problems
                .into_iter()
                .map(|p| (p.field, Wrong::Rule(p.problem)))
                .collect(),
        );
        if let Some(id) = first {
            focus(&id);
        }
    }

    /// Marks one field (the first one marked gets the focus).
    pub fn field(&self, field: &str, wrong: Wrong) {
        let first = self.fields.with_untracked(Vec::is_empty);
        self.fields.update(|f| f.push((field.to_owned(), wrong)));
        if first {
            focus(&input_id(field));
        }
    }

    /// A refusal from the server: the fields it names, or a sentence.
    pub fn refused(&self, error: ApiError) {
        if let ApiError::Server {
            code: ErrorCode::InvalidBody,
            ..
        } = &error
            && let Some(fields) = error_fields(&error)
        {
            self.fields.set(fields);
            return;
        }
        self.general.set(Some(Said::Api(error)));
    }

    /// What is wrong with `field` (or one of its entries, `perks[2]`), in
    /// `lang`, if anything.
    pub fn error(&self, field: &str, lang: Lang) -> Option<String> {
        self.fields.with(|f| {
            let said: Vec<String> = f
                .iter()
                .filter(|(name, _)| names(name, field))
                .map(|(_, w)| w.text(lang))
                .collect();
            (!said.is_empty()).then(|| said.join(" "))
        })
    }

    /// Whether `field` is wrong (for `aria-invalid`).
    pub fn is_wrong(&self, field: &str) -> bool {
        self.fields
            .with(|f| f.iter().any(|(name, _)| names(name, field)))
    }
}

/// Whether the problem of `name` is about `field` (itself or an entry of it).
fn names(name: &str, field: &str) -> bool {
    name == field
        || name
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('['))
}

/// The server's field errors of a 422.
fn error_fields(error: &ApiError) -> Option<Vec<(String, Wrong)>> {
    let ApiError::Server { details, .. } = error else {
        return None;
    };
    let fields: Vec<(String, Wrong)> = details
        .iter()
        .map(|d| (d.field.clone(), Wrong::Server(d.message.clone())))
        .collect();
    (!fields.is_empty()).then_some(fields)
}

/// Moves the keyboard focus to the element `id`, once it is drawn.
pub fn focus(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// What is wrong with `field`, beside it; read by screen readers with the
/// field (`aria-describedby`).
#[component]
pub fn FieldError(form: Form, field: &'static str) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    view! {
        <p class="field-error" id=error_id(field)>{move || form.error(field, lang.get())}</p>
    }
}

/// The form's own line: a failure, or "Saved".
#[component]
pub fn FormStatus(form: Form) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    view! {
        <div class="form-status" aria-live="polite">
            {move || form.general.get().map(|said| view! {
                <p class="error" role="alert">{said.text(lang.get())}</p>
            })}
            {move || form.saved.get().then(|| view! {
                <p class="saved">{lang.get().texts().saved}</p>
            })}
        </div>
    }
}

/// A list read from the server.
#[derive(Debug, Clone)]
pub enum Loaded<T> {
    /// Being read.
    Loading,
    /// Read.
    Ready(Vec<T>),
    /// Could not be read.
    Failed(Said),
}

/// The loading and failure lines of a list, or `None` once it is ready.
pub fn list_state<T>(loaded: &Loaded<T>, lang: Lang) -> Option<AnyView> {
    match loaded {
        Loaded::Loading => {
            Some(view! { <p class="hint" role="status">{lang.texts().loading}</p> }.into_any())
        }
        Loaded::Failed(said) => {
            Some(view! { <p class="error" role="alert">{said.text(lang)}</p> }.into_any())
        }
        Loaded::Ready(_) => None,
    }
}

//! What the OpenAPI document says of every route besides its own answers,
//! written once here rather than on forty handlers: the error answers that
//! the shared machinery gives (body parsing, credentials, rate limits,
//! `Idempotency-Key`), the schema of each path parameter (pattern and
//! length, as core parses it), and the `Idempotency-Key` header where it is
//! honoured (requests with a credential; see [`super::idempotency`]).

use utoipa::Modify;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{
    ContentBuilder, KnownFormat, OpenApi, Ref, RefOr, Required, ResponseBuilder, Schema,
};

/// Paths whose handlers take from a rate limit (see [`crate::ratelimit`]).
const RATE_LIMITED: &[&str] = &[
    "/businesses/{slug}/cards",
    "/cards/{member_code}",
    "/cards/{member_code}/events",
    "/cards/{member_code}/data",
    "/cards/{member_code}/push",
    "/cards/{member_code}/feedback",
    "/staff/sessions",
    "/staff/redemptions/verify",
    "/staff/redemptions",
    "/setup/check",
    "/setup/businesses",
];

/// Adds the shared answers and parameter schemas to every operation.
pub struct SharedAnswers;

impl Modify for SharedAnswers {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops = [
                (false, item.get.as_mut()),
                (true, item.post.as_mut()),
                (true, item.put.as_mut()),
                (true, item.delete.as_mut()),
                (true, item.patch.as_mut()),
            ];
            for (mutating, op) in ops {
                if let Some(op) = op {
                    complete(path, op, mutating);
                }
            }
        }
    }
}

fn complete(path: &str, op: &mut Operation, mutating: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let owner = op
        .tags
        .as_ref()
        .is_some_and(|tags| tags.iter().any(|t| t == "owner"));
    let json_body = op
        .request_body
        .as_ref()
        .is_some_and(|b| b.content.contains_key("application/json"));
    let params = op.parameters.get_or_insert_with(Vec::new);
    params.retain(|p| !p.name.eq_ignore_ascii_case("Idempotency-Key"));
    for param in params.iter_mut() {
        if param.parameter_in == ParameterIn::Path {
            param.schema = Some(RefOr::T(path_schema(&param.name)));
        }
    }
    let has_path_params = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
    if mutating && secured {
        params.push(idempotency_key());
    }

    let mut add = |status: &str, why: &str| {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error(why));
    };
    if json_body {
        add("400", "The body is not JSON");
        add("413", "The body is larger than the server reads");
        add("415", "The body is not declared as JSON");
        add("422", "Wrong or missing fields, named in `details`");
    }
    if op.request_body.is_some() {
        add("413", "The body is larger than the server reads");
    }
    if has_path_params {
        add("404", "No such thing, or one the caller may not see");
        add("422", "A path parameter that is not well formed");
    }
    if secured {
        add("401", "No credentials, or ones that are wrong or expired");
    }
    // A card's token is refused for good once its card was erased.
    if secured && path.starts_with("/cards/") {
        add("410", "The card was erased");
    }
    if owner {
        add("403", "A staff member who is not the owner");
    }
    if mutating && secured {
        add(
            "409",
            "The first request with this `Idempotency-Key` is still running",
        );
        add(
            "422",
            "An `Idempotency-Key` reused with another body, or malformed",
        );
    }
    if RATE_LIMITED.contains(&path) {
        add("429", "Too many requests; see `Retry-After`");
    }
    add("500", "A failure on the server's side; nothing was changed");
}

/// An error answer with the one error body.
fn error(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

/// The optional `Idempotency-Key` header of a mutating request.
fn idempotency_key() -> Parameter {
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Makes a retry safe: the same key, credential and body replay the first answer.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(super::idempotency::MAX_KEY))
                .pattern(Some("^[!-~]+$")),
        ))
        .build()
}

/// The schema of a path parameter, by name: what core's parsers accept.
fn path_schema(name: &str) -> Schema {
    let text = |min: usize, max: usize, pattern: &str| {
        Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(min))
                .max_length(Some(max))
                .pattern(Some(pattern))
                .build(),
        )
    };
    match name {
        // `MemberCode::parse`: eight Crockford characters in any case, with
        // the look-alikes O, I and L forgiven (not U), an optional dash.
        "member_code" => text(8, 9, "^[0-9A-TV-Za-tv-z]{4}-?[0-9A-TV-Za-tv-z]{4}$"),
        // `Slug::parse`.
        "slug" => text(2, 48, "^[a-z0-9]+(-[a-z0-9]+)*$"),
        // `validate::is_username`.
        "username" => text(2, 32, "^[a-z0-9._-]+$"),
        // A tier's name as stored: trimmed, at most 30 characters.
        "name" => text(1, 30, "\\S"),
        "id" => Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(Some(1))
                .build(),
        ),
        _ => Schema::Object(ObjectBuilder::new().schema_type(Type::String).build()),
    }
}

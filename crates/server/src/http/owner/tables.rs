//! What the owner prints: `GET /owner/tables.pdf` (the table cards, each
//! with its table's QR code) and `GET /owner/sticker.svg` (the counter's
//! sticker with the plain link).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use timbro_core::api::{ErrorBody, FieldError};
use timbro_core::color::Rgb;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::OwnerAuth;
use crate::http::businesses;
use crate::state::AppState;
use crate::tables::{self, MAX_TABLES, PER_PAGE, Paper, Sheet};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(table_cards))
        .routes(routes!(sticker))
}

/// The sheet asked for; every value is checked, and all wrong ones said.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SheetQuery {
    /// Tables 1 to this (1 to 300).
    tables: Option<String>,
    /// `a4` (the default) or `letter`.
    paper: Option<String>,
    /// Cards a page: 1, 2, 4 (the default) or 6.
    per_page: Option<String>,
}

/// The customers' link of the business, on this server's public address
/// (the configured one, else the address the owner reached it at, over
/// HTTPS when this server speaks it).
fn customers_link(state: &AppState, headers: &HeaderMap, slug: &str) -> String {
    let base = state.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let scheme = if state.https { "https" } else { "http" };
        format!("{scheme}://{host}")
    });
    format!("{base}/c/{slug}")
}

/// `GET /owner/tables.pdf`: the table cards to print.
#[utoipa::path(get, path = "/owner/tables.pdf", tag = "owner", security(("staff_session" = [])),
    params(SheetQuery),
    responses((status = 200, content_type = "application/pdf", description = "The table cards, ready to print"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn table_cards(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    headers: HeaderMap,
    Query(query): Query<SheetQuery>,
) -> ApiResult<Response> {
    let mut wrong = Vec::new();
    let tables = match query
        .tables
        .as_deref()
        .unwrap_or("10")
        .trim()
        .parse::<u32>()
    {
        Ok(n) if (1..=MAX_TABLES).contains(&n) => n,
        _ => {
            wrong.push(("tables", format!("must be a number from 1 to {MAX_TABLES}")));
            0
        }
    };
    let paper = Paper::parse(query.paper.as_deref().unwrap_or("a4")).unwrap_or_else(|| {
        wrong.push(("paper", "must be a4 or letter".to_owned()));
        Paper::A4
    });
    let per_page = match query
        .per_page
        .as_deref()
        .unwrap_or("4")
        .trim()
        .parse::<u32>()
    {
        Ok(n) if PER_PAGE.iter().any(|(k, _)| *k == n) => n,
        _ => {
            wrong.push(("per_page", "must be 1, 2, 4 or 6".to_owned()));
            0
        }
    };
    if !wrong.is_empty() {
        let details: Vec<FieldError> = wrong
            .into_iter()
            .map(|(field, message)| FieldError {
                field: field.into(),
                message,
            })
            .collect();
        return Err(ApiError::Invalid {
            code: timbro_core::api::ErrorCode::InvalidBody,
            message: details
                .iter()
                .map(|d| format!("{}: {}", d.field, d.message))
                .collect::<Vec<_>>()
                .join("; "),
            details,
        });
    }
    let business = businesses::find(&state, owner.business_slug.as_str()).await?;
    let b = &business.public;
    let logo = match b.logo_version {
        Some(_) => state.store.logo(business.id, "print").await?,
        None => None,
    };
    let link = customers_link(&state, &headers, b.slug.as_str());
    let (call, no_app, table) = tables::words(&b.locale);
    let sheet_name = b.name.clone();
    let brand = Rgb::parse(&b.brand_color).unwrap_or(Rgb(0x33, 0x33, 0x33));
    let pdf = tokio::task::spawn_blocking(move || {
        tables::table_cards_pdf(&Sheet {
            name: &sheet_name,
            brand,
            logo: logo.as_deref(),
            link: &link,
            call,
            no_app,
            table,
            tables,
            paper,
            per_page,
        })
    })
    .await
    .map_err(|e| ApiError::Internal(format!("table cards task: {e}")))?
    .map_err(|e| ApiError::Internal(format!("table cards: {e}")))?;
    let file = format!("attachment; filename=\"{}-tables.pdf\"", b.slug);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, file),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}

/// `GET /owner/sticker.svg`: the counter's sticker: the name, the QR code
/// of the plain link, and the link written out.
#[utoipa::path(get, path = "/owner/sticker.svg", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, content_type = "image/svg+xml", description = "The counter sticker"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn sticker(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let business = businesses::find(&state, owner.business_slug.as_str()).await?;
    let b = &business.public;
    let link = customers_link(&state, &headers, b.slug.as_str());
    let (call, _, _) = tables::words(&b.locale);
    let svg = tables::counter_sticker_svg(&b.name, &link, call);
    let file = format!("attachment; filename=\"{}-counter.svg\"", b.slug);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_owned()),
            (header::CONTENT_DISPOSITION, file),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        svg,
    )
        .into_response())
}

//! The owner's customers: how many in each segment, a segment's list
//! sorted, and the downloads (the customers and the ledger as CSV).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use timbro_core::analytics::{Customer, CustomerList, Segment, SegmentCount, Segments};
use timbro_core::api::ErrorBody;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::OwnerAuth;
use crate::state::AppState;
use crate::store::{CustomerSort, LedgerLine};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(segments))
        .routes(routes!(customers))
        .routes(routes!(customers_csv))
        .routes(routes!(ledger_csv))
}

/// The most customers one list answers.
const MAX_LIMIT: usize = 1_000;

/// Fills in the tiers of `customers` (if the business has tiers).
async fn with_tiers(
    state: &AppState,
    business_id: i64,
    customers: &mut [(i64, Customer)],
    now_ms: i64,
) -> ApiResult<()> {
    let tiers = state.store.tiers(business_id).await?;
    Ok(state
        .store
        .fill_tiers(business_id, &tiers, customers, now_ms)
        .await?)
}

/// `GET /owner/segments`: how many customers each segment holds.
#[utoipa::path(get, path = "/owner/segments", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Segments), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn segments(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Json<Segments>> {
    let now = state.clock.now_ms();
    let counts = state
        .store
        .segment_counts(owner.business_id, now)
        .await?
        .into_iter()
        .map(|(segment, customers)| SegmentCount { segment, customers })
        .collect();
    Ok(Json(Segments { at_ms: now, counts }))
}

/// Which customers, in what order.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `champions`, `loyal`, `promising`, `new`, `at_risk` or `lost`;
    /// everyone without it.
    segment: Option<String>,
    /// `last_visit` (the default), `visits`, `spend`, `points`, `overdue`,
    /// `name` or `joined`.
    sort: Option<String>,
    /// `desc` (the default) or `asc`.
    order: Option<String>,
    /// How many, 1 to 1000 (200 by default).
    limit: Option<String>,
}

fn segment_of(raw: Option<&str>) -> ApiResult<Option<Segment>> {
    raw.map(|word| {
        Segment::parse(word.trim()).ok_or_else(|| {
            ApiError::invalid_field(
                "segment",
                "must be champions, loyal, promising, new, at_risk or lost",
            )
        })
    })
    .transpose()
}

/// `GET /owner/customers`: a segment's customers (everyone's without one),
/// sorted.
#[utoipa::path(get, path = "/owner/customers", tag = "owner", security(("staff_session" = [])),
    params(ListQuery),
    responses((status = 200, body = CustomerList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn customers(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<CustomerList>> {
    let segment = segment_of(query.segment.as_deref())?;
    let sort = query.sort.as_deref().unwrap_or("last_visit").trim();
    let sort = match sort {
        "last_visit" => CustomerSort::LastVisit,
        "visits" => CustomerSort::Visits,
        "spend" => CustomerSort::Spend,
        "points" => CustomerSort::Points,
        "overdue" => CustomerSort::Overdue,
        "name" => CustomerSort::Name,
        "joined" => CustomerSort::Joined,
        _ => {
            return Err(ApiError::invalid_field(
                "sort",
                "must be last_visit, visits, spend, points, overdue, name or joined",
            ));
        }
    };
    let descending = match query.order.as_deref().map(str::trim) {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => return Err(ApiError::invalid_field("order", "must be asc or desc")),
    };
    let limit = match query.limit.as_deref().map(|l| l.trim().parse::<usize>()) {
        None => 200,
        Some(Ok(n)) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "limit",
                format!("must be a number from 1 to {MAX_LIMIT}"),
            ));
        }
    };
    let now = state.clock.now_ms();
    // Ties keep the member code's order, so a page is the same each time.
    let (total, mut page) = state
        .store
        .customer_page(owner.business_id, now, segment, (sort, descending), limit)
        .await?;
    with_tiers(&state, owner.business_id, &mut page, now).await?;
    let list = page.into_iter().map(|(_, c)| c).collect();
    Ok(Json(CustomerList {
        at_ms: now,
        total,
        customers: list,
    }))
}

/// Which customers to download.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CsvQuery {
    /// One segment's customers; everyone's without it.
    segment: Option<String>,
}

/// A cell as a spreadsheet reads it without running it: text a customer or
/// staff member typed that starts like a formula (`=`, `+`, `-`, `@`, a tab
/// or a return) gets a leading `'`.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A UTC time as a spreadsheet reads it: `2026-03-04 09:41:07`.
fn when(ms: i64) -> String {
    let day = timbro_core::calendar::Date::from_unix_ms(ms);
    let secs = ms.rem_euclid(timbro_core::calendar::DAY_MS) / 1000;
    format!(
        "{day} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A CSV answer, downloaded as `name`.
fn csv_file(name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn csv_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("writing a CSV file: {e}"))
}

/// `GET /owner/customers.csv`: the customers (one segment's or everyone's)
/// as CSV, UTF-8 with a header row.
#[utoipa::path(get, path = "/owner/customers.csv", tag = "owner", security(("staff_session" = [])),
    params(CsvQuery),
    responses((status = 200, content_type = "text/csv", description = "The customers, one row each"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn customers_csv(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Query(query): Query<CsvQuery>,
) -> ApiResult<Response> {
    let segment = segment_of(query.segment.as_deref())?;
    let now = state.clock.now_ms();
    let mut list: Vec<(i64, Customer)> = state
        .store
        .customers(owner.business_id, now)
        .await?
        .into_iter()
        .filter(|(_, c)| segment.is_none_or(|s| c.segment == s))
        .collect();
    with_tiers(&state, owner.business_id, &mut list, now).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "member_code",
        "first_name",
        "joined",
        "last_visit",
        "visits",
        "spend",
        "points",
        "tier",
        "segment",
        "overdue",
    ])
    .map_err(csv_error)?;
    for (_, c) in &list {
        out.write_record([
            c.member_code.clone(),
            cell(c.first_name.as_deref().unwrap_or("")),
            when(c.joined_ms),
            c.last_visit_ms.map(when).unwrap_or_default(),
            c.visits.to_string(),
            format!("{:.2}", c.spend_cents as f64 / 100.0),
            c.points.to_string(),
            cell(c.tier.as_deref().unwrap_or("")),
            c.segment.as_str().to_owned(),
            c.overdue.map(|o| format!("{o:.2}")).unwrap_or_default(),
        ])
        .map_err(csv_error)?;
    }
    let body = out.into_inner().map_err(csv_error)?;
    let name = match segment {
        Some(s) => format!("{}-customers-{}.csv", owner.business_slug, s.as_str()),
        None => format!("{}-customers.csv", owner.business_slug),
    };
    Ok(csv_file(name, body))
}

/// `GET /owner/ledger.csv`: every entry of the ledger, oldest first.
#[utoipa::path(get, path = "/owner/ledger.csv", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, content_type = "text/csv", description = "The ledger, one row per entry"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn ledger_csv(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Response> {
    let lines = state.store.ledger_lines(owner.business_id).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "entry",
        "time_utc",
        "member_code",
        "kind",
        "stamps",
        "points",
        "amount",
        "staff",
        "note",
        "reverses",
    ])
    .map_err(csv_error)?;
    for l in &lines {
        let LedgerLine {
            id,
            at_ms,
            member_code,
            kind,
            stamps,
            points,
            amount_cents,
            staff,
            note,
            reverses,
        } = l;
        out.write_record([
            id.to_string(),
            when(*at_ms),
            member_code.clone(),
            kind.clone(),
            stamps.to_string(),
            points.to_string(),
            amount_cents
                .map(|a| format!("{:.2}", a as f64 / 100.0))
                .unwrap_or_default(),
            cell(staff.as_deref().unwrap_or("")),
            cell(note.as_deref().unwrap_or("")),
            reverses.map(|r| r.to_string()).unwrap_or_default(),
        ])
        .map_err(csv_error)?;
    }
    let body = out.into_inner().map_err(csv_error)?;
    Ok(csv_file(
        format!("{}-ledger.csv", owner.business_slug),
        body,
    ))
}

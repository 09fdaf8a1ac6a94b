//! The owner's numbers for a period, beside the period before it.

use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use timbro_core::analytics::staff::{StaffReport, report, span_for};
use timbro_core::analytics::{
    ANSWERS_SHOWN, Analytics, FeedbackList, Lifetime, PERIOD_DAYS, Period,
};
use timbro_core::api::ErrorBody;
use timbro_core::calendar::Date;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::OwnerAuth;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(analytics))
        .routes(routes!(feedback))
        .routes(routes!(staff_activity))
}

/// The period asked for: the last `days`, or `from` to `to`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PeriodQuery {
    /// The last 7, 30 (the default), 90 or 365 days, today included (UTC).
    days: Option<String>,
    /// First day, `YYYY-MM-DD`; with `to`, instead of `days`.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`, included.
    to: Option<String>,
}

impl PeriodQuery {
    fn period(&self, now_ms: i64) -> ApiResult<Period> {
        match (&self.from, &self.to) {
            (None, None) => {
                let days = self.days.as_deref().unwrap_or("30").trim();
                match days.parse::<u16>() {
                    Ok(d) if PERIOD_DAYS.contains(&d) => Ok(Period::last_days(d, now_ms)),
                    _ => Err(ApiError::invalid_field("days", "must be 7, 30, 90 or 365")),
                }
            }
            (Some(from), Some(to)) => {
                if self.days.is_some() {
                    return Err(ApiError::invalid_field(
                        "days",
                        "give either days, or from and to",
                    ));
                }
                let day = |field: &str, raw: &str| {
                    Date::parse(raw.trim())
                        .filter(|d| (1970..=9999).contains(&d.year))
                        .ok_or_else(|| {
                            ApiError::invalid_field(
                                field,
                                "must be a date from 1970 on, YYYY-MM-DD",
                            )
                        })
                };
                let (from, to) = (day("from", from)?, day("to", to)?);
                Period::between(from, to).ok_or_else(|| {
                    ApiError::invalid_field(
                        "to",
                        format!(
                            "must be on or after from, and at most {} days later",
                            timbro_core::analytics::MAX_PERIOD_DAYS
                        ),
                    )
                })
            }
            (Some(_), None) => Err(ApiError::invalid_field("to", "is needed with from")),
            (None, Some(_)) => Err(ApiError::invalid_field("from", "is needed with to")),
        }
    }
}

/// `GET /owner/analytics`: the period's customers, visits, order value,
/// retention, churn, repeat rate and points redeemed, beside the period
/// before it; and the period step by step (visits, active customers,
/// answers) for the charts.
#[utoipa::path(get, path = "/owner/analytics", tag = "owner", security(("staff_session" = [])),
    params(PeriodQuery),
    responses((status = 200, body = Analytics), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn analytics(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Query(query): Query<PeriodQuery>,
) -> ApiResult<Json<Analytics>> {
    let period = query.period(state.clock.now_ms())?;
    let previous_period = period.before();
    let store = &state.store;
    let year = Period::last_days(365, state.clock.now_ms());
    let (counts, previous_counts, year_counts, trend) = tokio::try_join!(
        store.period_counts(owner.business_id, period),
        store.period_counts(owner.business_id, previous_period),
        store.lifetime_counts(owner.business_id, year),
        store.trend(owner.business_id, period),
    )?;
    Ok(Json(Analytics {
        period,
        rates: counts.rates(),
        counts,
        previous_period,
        previous_rates: previous_counts.rates(),
        previous_counts,
        lifetime: Lifetime::from_year(&year_counts),
        trend,
    }))
}

/// `GET /owner/feedback`: the period's feedback answers, detractors (0 to
/// 6) first, then the newest first: the first 200, and how many in all.
#[utoipa::path(get, path = "/owner/feedback", tag = "owner", security(("staff_session" = [])),
    params(PeriodQuery),
    responses((status = 200, body = FeedbackList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn feedback(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Query(query): Query<PeriodQuery>,
) -> ApiResult<Json<FeedbackList>> {
    let period = query.period(state.clock.now_ms())?;
    let (answers, (total, ..)) = tokio::try_join!(
        state
            .store
            .feedback_in(owner.business_id, period, ANSWERS_SHOWN),
        state.store.answer_counts(owner.business_id, period),
    )?;
    Ok(Json(FeedbackList {
        period,
        answers,
        total,
    }))
}

/// `GET /owner/staff-activity`: what each staff member gave in the period,
/// with the days well above their usual and the stamps they added inside
/// the cooldown (the newest 200 of the business).
#[utoipa::path(get, path = "/owner/staff-activity", tag = "owner", security(("staff_session" = [])),
    params(PeriodQuery),
    responses((status = 200, body = StaffReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn staff_activity(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Query(query): Query<PeriodQuery>,
) -> ApiResult<Json<StaffReport>> {
    let period = query.period(state.clock.now_ms())?;
    let days = state
        .store
        .staff_days(owner.business_id, span_for(period))
        .await?;
    let overrides = state
        .store
        .cooldown_overrides(owner.business_id, period, 200)
        .await?;
    Ok(Json(StaffReport {
        period,
        staff: report(&days, &overrides, period),
    }))
}

//! The typed client of the REST API: every request of the back office goes
//! through here, with the owner's session as bearer token.

use serde::Serialize;
use serde::de::DeserializeOwned;
use timbro_core::analytics::{Analytics, CustomerList, Segments};
use timbro_core::api::{
    Business, BusinessSetup, BusinessUpdate, CatalogueReward, NewPromotion, NewReward,
    NewStaffAccount, PREFIX, ProgramUpdate, SetupCheck, SetupDone, SetupLink, StaffAccount,
    StaffAccountUpdate, StaffLoginRequest, StaffMember, StaffSession,
};
use timbro_core::campaigns::{
    Broadcast, BroadcastSent, CampaignKind, CampaignSettings, CampaignView,
};
use timbro_core::program::{Promotion, Reward, Tier};
use timbro_core::{SessionToken, SetupToken, Slug};
use timbro_web::fetch::Request;

pub use timbro_web::ApiError;
use timbro_web::{decode, decode_done};

fn url(path: &str) -> String {
    format!("{PREFIX}{path}")
}

fn authorized(builder: Request, token: &SessionToken) -> Request {
    builder.bearer(token.expose())
}

/// Sends `body` as JSON with `builder`'s method and reads a `T`.
async fn send<T: DeserializeOwned>(builder: Request, body: &impl Serialize) -> Result<T, ApiError> {
    let request = builder.json(body).map_err(|_| ApiError::Network)?;
    decode(request.send().await).await
}

/// A change that answers 204 No Content.
async fn done(builder: Request) -> Result<(), ApiError> {
    decode_done(builder.send().await).await
}

/// `POST /staff/sessions`: signs in.
pub async fn sign_in(body: &StaffLoginRequest) -> Result<StaffSession, ApiError> {
    send(Request::post(&url("/staff/sessions")), body).await
}

/// `DELETE /staff/sessions/current`: signs out (best effort).
pub async fn sign_out(token: &SessionToken) {
    let _ = authorized(Request::delete(&url("/staff/sessions/current")), token)
        .send()
        .await;
}

/// `POST /setup/check`: whether a setup link is still good.
pub async fn setup_check(token: &SetupToken) -> Result<SetupLink, ApiError> {
    let body = SetupCheck {
        setup_token: token.clone(),
    };
    send(Request::post(&url("/setup/check")), &body).await
}

/// `POST /setup/businesses`: opens the business; the owner is signed in.
pub async fn open_business(body: &BusinessSetup) -> Result<SetupDone, ApiError> {
    send(Request::post(&url("/setup/businesses")), body).await
}

/// `GET /businesses/{slug}`: the business as customers see it.
pub async fn business(slug: &Slug) -> Result<Business, ApiError> {
    decode(
        Request::get(&url(&format!("/businesses/{slug}")))
            .send()
            .await,
    )
    .await
}

/// `PUT /owner/business`.
pub async fn set_business(t: &SessionToken, body: &BusinessUpdate) -> Result<Business, ApiError> {
    send(authorized(Request::put(&url("/owner/business")), t), body).await
}

/// `PUT /owner/program`.
pub async fn set_program(t: &SessionToken, body: &ProgramUpdate) -> Result<Business, ApiError> {
    send(authorized(Request::put(&url("/owner/program")), t), body).await
}

/// `GET` of one of the owner's lists.
async fn list<T: DeserializeOwned>(t: &SessionToken, path: &str) -> Result<Vec<T>, ApiError> {
    decode(authorized(Request::get(&url(path)), t).send().await).await
}

/// `GET /owner/rewards`: the catalogue, retired rewards included.
pub async fn rewards(t: &SessionToken) -> Result<Vec<CatalogueReward>, ApiError> {
    list(t, "/owner/rewards").await
}

/// `POST /owner/rewards`.
pub async fn add_reward(t: &SessionToken, body: &NewReward) -> Result<Reward, ApiError> {
    send(authorized(Request::post(&url("/owner/rewards")), t), body).await
}

/// `PUT /owner/rewards/{id}`.
pub async fn update_reward(
    t: &SessionToken,
    id: i64,
    body: &NewReward,
) -> Result<Reward, ApiError> {
    send(
        authorized(Request::put(&url(&format!("/owner/rewards/{id}"))), t),
        body,
    )
    .await
}

/// `DELETE /owner/rewards/{id}`: retires the reward.
pub async fn retire_reward(t: &SessionToken, id: i64) -> Result<(), ApiError> {
    done(authorized(
        Request::delete(&url(&format!("/owner/rewards/{id}"))),
        t,
    ))
    .await
}

/// `GET /owner/analytics?{query}`: a period's numbers.
pub async fn analytics(t: &SessionToken, query: &str) -> Result<Analytics, ApiError> {
    decode(
        authorized(Request::get(&url(&format!("/owner/analytics?{query}"))), t)
            .send()
            .await,
    )
    .await
}

/// `GET {path}` (with its query) as the owner: for the screens that read
/// one answer and show it.
pub async fn owner_get<T: DeserializeOwned>(t: &SessionToken, path: &str) -> Result<T, ApiError> {
    decode(authorized(Request::get(&url(path)), t).send().await).await
}

/// `GET /owner/segments`: how many customers each segment holds.
pub async fn segments(t: &SessionToken) -> Result<Segments, ApiError> {
    decode(
        authorized(Request::get(&url("/owner/segments")), t)
            .send()
            .await,
    )
    .await
}

/// `GET /owner/customers?{query}`: a segment's customers, sorted.
pub async fn customers(t: &SessionToken, query: &str) -> Result<CustomerList, ApiError> {
    decode(
        authorized(Request::get(&url(&format!("/owner/customers?{query}"))), t)
            .send()
            .await,
    )
    .await
}

/// `GET /owner/tiers`.
pub async fn tiers(t: &SessionToken) -> Result<Vec<Tier>, ApiError> {
    list(t, "/owner/tiers").await
}

/// `POST /owner/tiers`.
pub async fn add_tier(t: &SessionToken, body: &Tier) -> Result<Tier, ApiError> {
    send(authorized(Request::post(&url("/owner/tiers")), t), body).await
}

/// The path of a tier, its name written for a URL.
/// `GET /owner/campaigns`.
pub async fn campaigns(t: &SessionToken) -> Result<Vec<CampaignView>, ApiError> {
    list(t, "/owner/campaigns").await
}

/// `PUT /owner/campaigns/{kind}`.
pub async fn set_campaign(
    t: &SessionToken,
    kind: CampaignKind,
    body: &CampaignSettings,
) -> Result<CampaignSettings, ApiError> {
    let path = url(&format!("/owner/campaigns/{}", kind.as_str()));
    send(authorized(Request::put(&path), t), body).await
}

/// `POST /owner/messages`: a message sent now.
pub async fn send_message(t: &SessionToken, body: &Broadcast) -> Result<BroadcastSent, ApiError> {
    send(authorized(Request::post(&url("/owner/messages")), t), body).await
}

fn tier_path(name: &str) -> String {
    let encoded: String = js_sys::encode_uri_component(name).into();
    url(&format!("/owner/tiers/{encoded}"))
}

/// `PUT /owner/tiers/{name}`.
pub async fn update_tier(t: &SessionToken, name: &str, body: &Tier) -> Result<Tier, ApiError> {
    send(authorized(Request::put(&tier_path(name)), t), body).await
}

/// `DELETE /owner/tiers/{name}`.
pub async fn delete_tier(t: &SessionToken, name: &str) -> Result<(), ApiError> {
    done(authorized(Request::delete(&tier_path(name)), t)).await
}

/// `GET /owner/promotions`.
pub async fn promotions(t: &SessionToken) -> Result<Vec<Promotion>, ApiError> {
    list(t, "/owner/promotions").await
}

/// `POST /owner/promotions`.
pub async fn add_promotion(t: &SessionToken, body: &NewPromotion) -> Result<Promotion, ApiError> {
    send(
        authorized(Request::post(&url("/owner/promotions")), t),
        body,
    )
    .await
}

/// `PUT /owner/promotions/{id}`.
pub async fn update_promotion(
    t: &SessionToken,
    id: i64,
    body: &NewPromotion,
) -> Result<Promotion, ApiError> {
    send(
        authorized(Request::put(&url(&format!("/owner/promotions/{id}"))), t),
        body,
    )
    .await
}

/// `DELETE /owner/promotions/{id}`: ends it now (or removes a future one).
pub async fn end_promotion(t: &SessionToken, id: i64) -> Result<(), ApiError> {
    done(authorized(
        Request::delete(&url(&format!("/owner/promotions/{id}"))),
        t,
    ))
    .await
}

/// `GET /owner/staff`.
pub async fn accounts(t: &SessionToken) -> Result<Vec<StaffAccount>, ApiError> {
    list(t, "/owner/staff").await
}

/// `POST /owner/staff`.
pub async fn add_account(
    t: &SessionToken,
    body: &NewStaffAccount,
) -> Result<StaffMember, ApiError> {
    send(authorized(Request::post(&url("/owner/staff")), t), body).await
}

/// `PUT /owner/staff/{username}`.
pub async fn update_account(
    t: &SessionToken,
    username: &str,
    body: &StaffAccountUpdate,
) -> Result<StaffAccount, ApiError> {
    send(
        authorized(Request::put(&url(&format!("/owner/staff/{username}"))), t),
        body,
    )
    .await
}

/// `DELETE /owner/staff/{username}`: retires the account.
pub async fn retire_account(t: &SessionToken, username: &str) -> Result<(), ApiError> {
    done(authorized(
        Request::delete(&url(&format!("/owner/staff/{username}"))),
        t,
    ))
    .await
}

/// `PUT /owner/logo` with `file` as the body (the server checks and redraws it).
pub async fn upload_logo(t: &SessionToken, file: &web_sys::File) -> Result<Business, ApiError> {
    let kind = file.type_();
    let builder = authorized(Request::put(&url("/owner/logo")), t).header(
        "Content-Type",
        if kind.is_empty() {
            "application/octet-stream"
        } else {
            &kind
        },
    );
    let request = builder.body(wasm_bindgen::JsValue::from(file.clone()));
    decode(request.send().await).await
}

/// `DELETE /owner/logo`.
pub async fn remove_logo(t: &SessionToken) -> Result<(), ApiError> {
    done(authorized(Request::delete(&url("/owner/logo")), t)).await
}

/// A file the server made for the owner (`GET /owner/{path}`), as bytes.
pub async fn download(t: &SessionToken, path: &str) -> Result<Vec<u8>, ApiError> {
    let response = authorized(Request::get(&url(&format!("/owner/{path}"))), t)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return decode::<()>(Ok(response)).await.map(|_| Vec::new());
    }
    response.binary().await.map_err(|_| ApiError::Network)
}

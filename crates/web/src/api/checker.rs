//! `/api/v1/check`: the admission and incentive checker. Open without an account (it answers from
//! public policy texts); the same service answers the page and the command line.

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use kaifang_domain::checker::Answer;
use kaifang_service::checker::CheckRequest;

/// Checks an investment: `verdict` (prohibited, restricted, permitted); `measures` cited with their
/// edition, item, kind, text, provenance mark (V/F/R) and `conditions_met` (true, false, or null
/// when the inputs cannot tell), most relevant first; `notes` relied on; `encouraged` catalogue
/// items, most relevant first; `incentives`; `trace`; `warnings` (incomplete editions, lists not
/// loaded, places that need a yes/no on the free trade zone). Bad input answers 422 naming fields.
#[utoipa::path(post, path = "/api/v1/check", tag = "checker", request_body = CheckRequest,
    responses((status = 200, description = "the answer, with its trace"), (status = 422, description = "field errors")))]
pub async fn check(State(s): State<AppState>, Json(r): Json<CheckRequest>) -> Result<Json<Answer>, ApiError> {
    Ok(Json(s.checker.check(&r)?))
}

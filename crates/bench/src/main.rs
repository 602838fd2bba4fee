//! Benchmark server: the real Kaifang application plus a "floor" route that
//! runs the very same list SQL on the very same pool with nothing around it
//! (no authentication, no scope resolution, no view mapping). Our endpoint's
//! cost divided by the floor's is what our layers cost. Not part of the product.
//!
//! Usage: kaifang-bench --database-url URL --listen ADDR
//! Floor: GET /floor/enterprises?province=440000 | prefecture=440300 | county=440305
//!        [&status=operating&industry_from=13&industry_to=44]&limit=50

use axum::extract::{Query, State};
use axum::response::IntoResponse;
use axum::routing::get;
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use kaifang_store::Store;
use kaifang_store::enterprises::{ListFilter, SortKey};
use std::net::SocketAddr;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(serde::Deserialize)]
struct FloorQuery {
    province: Option<String>,
    prefecture: Option<String>,
    county: Option<String>,
    status: Option<String>,
    industry_from: Option<String>,
    industry_to: Option<String>,
    limit: Option<i64>,
}

async fn floor(State(store): State<Store>, Query(q): Query<FloorQuery>) -> axum::response::Response {
    let scope = match (q.province, q.prefecture, q.county) {
        (Some(c), _, _) => Scope::Division {
            level: DivisionLevel::Province,
            code: c,
        },
        (_, Some(c), _) => Scope::Division {
            level: DivisionLevel::Prefecture,
            code: c,
        },
        (_, _, Some(c)) => Scope::Division {
            level: DivisionLevel::County,
            code: c,
        },
        _ => Scope::National,
    };
    let filter = ListFilter {
        status: q.status,
        industry_range: q.industry_from.zip(q.industry_to),
        ..Default::default()
    };
    match kaifang_store::enterprises::list(
        &store,
        &scope,
        &filter,
        SortKey::Newest,
        None,
        q.limit.unwrap_or(50) + 1,
    )
    .await
    {
        Ok(rows) => axum::Json(rows).into_response(),
        Err(e) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut settings = kaifang::settings::Settings::load(None)?;
        if let Some(url) = arg("--database-url") {
            settings.database_url = kaifang::settings::Secret::new(url);
        }
        if let Some(listen) = arg("--listen") {
            settings.listen = listen.parse()?;
        }
        let store = kaifang::startup::open_store(&settings).await?;
        let app = kaifang::startup::Application::build(&settings, store.clone()).await?;
        let addr: SocketAddr = app.addr();
        let floor_router = axum::Router::new()
            .route("/floor/enterprises", get(floor))
            .with_state(store);
        println!("bench server on http://{addr} (product routes + /floor/enterprises)");
        app.run_with(floor_router, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    })
}

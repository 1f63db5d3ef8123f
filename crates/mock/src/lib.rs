//! A native mock of the API. Every API answer comes from [`sd_core::sim::SimApi`],
//! the same model the page simulates with; this crate only adds HTTP, CORS for
//! the control API, a control API and transport faults (what a model of the API
//! cannot express: hangs, resets, truncated or huge bodies).
//!
//! The accept loop is our own (hyper + an axum `Router` as the service) so a
//! handler can make its connection vanish without a response (the `reset` fault
//! and the flaky-network scenario).

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use sd_core::http::HttpResponse;
use sd_core::secret::Fingerprint;
use sd_core::sim::{self, Scenario, SimApi, SimReply, SimRequest};
use serde::Serialize;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower_service::Service;

/// Largest request body read (the API's own limit is far larger; the page sends little).
const MAX_REQUEST_BODY: usize = 32 * 1024 * 1024;
/// Size of the `big-body` fault's answer.
pub const BIG_BODY_BYTES: usize = 5 * 1024 * 1024;

/// Command-line settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub port: u16,
    pub scenario: Scenario,
    /// Virtual minutes per real minute for scenario timing.
    pub speed: f64,
    pub seed: u64,
    /// Sleep the model's simulated latency (60–400 ms) before answering.
    pub latency: bool,
    /// No per-request log lines on stderr.
    pub quiet: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            scenario: Scenario::Healthy,
            speed: 1.0,
            seed: 1,
            latency: false,
            quiet: false,
        }
    }
}

pub const USAGE: &str =
    "usage: sd-mock [--port N] [--scenario ID] [--speed F] [--seed N] [--latency] [--quiet]
  --port N       port on 127.0.0.1 (0 = any free port; default 0)
  --scenario ID  healthy, session-rejected, instance-rejected, token-expires, token-revoked,
                 oauth-beta-missing, cors-blocked, rate-limited, overloaded, proxy-html,
                 flaky-network (default healthy)
  --speed F      scenario time runs F times faster than the wall clock (default 1)
  --seed N       seed for request ids, latency and flaky-network (default 1)
  --latency      wait the simulated latency (60-400 ms) before each answer
  --quiet        no per-request log lines on stderr";

/// Parses the command line (without the program name).
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Config, String> {
    let mut config = Config::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port must be 0-65535".to_string())?
            }
            "--scenario" => {
                let id = value("--scenario")?;
                config.scenario =
                    Scenario::from_id(&id).ok_or_else(|| format!("unknown scenario {id:?}"))?
            }
            "--speed" => {
                let speed: f64 = value("--speed")?
                    .parse()
                    .map_err(|_| "--speed must be a number".to_string())?;
                if !(speed.is_finite() && speed > 0.0) {
                    return Err("--speed must be positive".to_string());
                }
                config.speed = speed;
            }
            "--seed" => {
                config.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed must be an unsigned integer".to_string())?
            }
            "--latency" => config.latency = true,
            "--quiet" => config.quiet = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(config)
}

/// What a fault does to the API requests it affects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    Status,
    Html,
    TruncatedJson,
    BigBody,
    Slow,
    Hang,
    Reset,
    NoCors,
}

impl FaultKind {
    fn from_id(id: &str) -> Option<Self> {
        Some(match id {
            "status" => FaultKind::Status,
            "html" => FaultKind::Html,
            "truncated-json" => FaultKind::TruncatedJson,
            "big-body" => FaultKind::BigBody,
            "slow" => FaultKind::Slow,
            "hang" => FaultKind::Hang,
            "reset" => FaultKind::Reset,
            "no-cors" => FaultKind::NoCors,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Fault {
    pub kind: FaultKind,
    pub status: u16,
    pub ms: u64,
    /// API requests still to affect; `None` = until cleared.
    pub remaining: Option<u64>,
}

struct Inner {
    api: SimApi,
    fault: Option<Fault>,
}

#[derive(Clone)]
struct AppState {
    inner: Arc<Mutex<Inner>>,
    config: Arc<Config>,
    /// The mock's own address: the control API answers its own origin only.
    addr: SocketAddr,
}

impl AppState {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere must not take the mock down with a poisoned lock.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Lets a handler drop its own connection without answering.
#[derive(Clone)]
struct ConnKill(Arc<Notify>);

/// A running mock (for tests and embedding): its address and a way to stop it.
pub struct RunningMock {
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningMock {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, ends held (hanging) connections and waits for the loop.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Binds 127.0.0.1:`config.port` and serves in a background task.
pub async fn start(config: Config) -> std::io::Result<RunningMock> {
    let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(serve(listener, config, rx));
    Ok(RunningMock {
        addr,
        shutdown: tx,
        task,
    })
}

/// The accept loop; returns once `shutdown` turns true.
pub async fn serve(listener: TcpListener, config: Config, mut shutdown: watch::Receiver<bool>) {
    let api = SimApi::new(config.scenario, config.seed).with_speed(config.speed);
    let Ok(addr) = listener.local_addr() else {
        eprintln!("sd-mock: the listener has no local address");
        return;
    };
    let state = AppState {
        inner: Arc::new(Mutex::new(Inner { api, fault: None })),
        config: Arc::new(config),
        addr,
    };
    let app = router(state);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.wait_for(|stop| *stop) => break,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                eprintln!("sd-mock: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        tokio::spawn(connection(stream, app.clone(), shutdown.clone()));
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    // A second handle on the socket, so a reset can set SO_LINGER=0 (close
    // sends RST) after hyper's handle is gone.
    let (stream, raw) = match stream
        .into_std()
        .and_then(|s| Ok((s.try_clone()?, s)))
        .and_then(|(dup, s)| Ok((tokio::net::TcpStream::from_std(s)?, dup)))
    {
        Ok((s, dup)) => (s, socket2::Socket::from(dup)),
        Err(e) => {
            eprintln!("sd-mock: connection setup failed: {e}");
            return;
        }
    };
    let kill = Arc::new(Notify::new());
    let conn_kill = ConnKill(kill.clone());
    let service = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(conn_kill.clone());
        let mut app = app.clone();
        async move { app.call(req.map(Body::new)).await }
    });
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        _ = kill.notified() => {
            let _ = raw.set_linger(Some(Duration::ZERO));
        }
        _ = shutdown.wait_for(|stop| *stop) => {}
    }
}

fn router(state: AppState) -> Router {
    let control = Router::new()
        .route("/_control/state", get(control_state))
        .route("/_control/scenario", post(control_scenario))
        .route("/_control/reject-session", post(control_reject_session))
        .route("/_control/expire-token", post(control_expire_token))
        .route("/_control/revoke-token", post(control_revoke_token))
        .route("/_control/fault", post(control_fault))
        .route("/_control/clear-faults", post(control_clear_faults))
        .route("/_control/reset", post(control_reset))
        .route("/_control/advance", post(control_advance))
        // Unknown control paths must not reach the model (nor count as requests).
        .route("/_control/{*rest}", any(control_not_found))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            own_origin_only,
        ));
    Router::new().merge(control).fallback(api).with_state(state)
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Converts the model's response; header values it cannot carry are skipped.
fn to_response(r: &HttpResponse) -> Response {
    let mut out = Response::new(Body::from(r.body.clone()));
    *out.status_mut() = StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_GATEWAY);
    for (k, v) in &r.headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            out.headers_mut().append(k, v);
        }
    }
    out
}

// ---------------------------------------------------------------- control API

/// Security I9: the control API answers tools (no `Origin`) and the mock's
/// own origin only, so a web page open meanwhile cannot change the scenario.
/// It sends no CORS headers: no other origin may read it either.
async fn own_origin_only(
    State(s): State<AppState>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let port = s.addr.port();
    let own = |o: &str| {
        o == format!("http://127.0.0.1:{port}") || o == format!("http://localhost:{port}")
    };
    match req.headers().get("origin").map(|o| o.to_str()) {
        None => next.run(req).await,
        Some(Ok(origin)) if own(origin) => next.run(req).await,
        Some(_) => control_json(
            StatusCode::FORBIDDEN,
            serde_json::json!({ "ok": false, "error": "the control API answers the mock's own origin only (or tools that send no Origin)" }),
        ),
    }
}

fn control_json(status: StatusCode, value: serde_json::Value) -> Response {
    let mut r = Response::new(Body::from(value.to_string()));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    h.insert("cache-control", HeaderValue::from_static("no-store"));
    r
}

fn bad_request(message: impl Into<String>) -> Response {
    control_json(
        StatusCode::BAD_REQUEST,
        serde_json::json!({ "ok": false, "error": message.into() }),
    )
}

fn state_json(inner: &Inner) -> serde_json::Value {
    let mut v = serde_json::to_value(inner.api.state(now_ms())).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("ok".to_string(), serde_json::Value::Bool(true));
        obj.insert(
            "fault".to_string(),
            serde_json::to_value(&inner.fault).unwrap_or_default(),
        );
    }
    v
}

async fn control_not_found() -> Response {
    control_json(
        StatusCode::NOT_FOUND,
        serde_json::json!({ "ok": false, "error": "unknown control endpoint; see docs/mock-server.md" }),
    )
}

async fn control_state(State(s): State<AppState>) -> Response {
    let inner = s.lock();
    control_json(StatusCode::OK, state_json(&inner))
}

type Fields = serde_json::Map<String, serde_json::Value>;

/// A control handler's outcome: the new state, or a 400 with this message.
fn answer(result: Result<serde_json::Value, String>) -> Response {
    match result {
        Ok(state) => control_json(StatusCode::OK, state),
        Err(message) => bad_request(message),
    }
}

/// The JSON object a control POST carries (an empty body counts as `{}`).
fn parse_object(body: &Bytes) -> Result<Fields, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Fields::new());
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        _ => Err("body must be a JSON object".to_string()),
    }
}

fn string_field(m: &Fields, name: &str) -> Result<String, String> {
    m.get(name)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| format!("\"{name}\" (a non-empty string) is required"))
}

fn u64_field(m: &Fields, name: &str) -> Result<Option<u64>, String> {
    match m.get(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("\"{name}\" must be an unsigned integer")),
    }
}

async fn control_scenario(State(s): State<AppState>, body: Bytes) -> Response {
    answer((|| {
        let m = parse_object(&body)?;
        let id = string_field(&m, "scenario")?;
        let scenario = Scenario::from_id(&id).ok_or_else(|| {
            let known: Vec<&str> = Scenario::ALL.iter().map(|s| s.id()).collect();
            format!("unknown scenario {id:?}; known: {}", known.join(", "))
        })?;
        let seed = u64_field(&m, "seed")?;
        let mut inner = s.lock();
        let seed = seed.unwrap_or(inner.api.seed());
        let speed = inner.api.speed();
        inner.api = SimApi::new(scenario, seed).with_speed(speed);
        inner.fault = None;
        Ok(state_json(&inner))
    })())
}

/// A run-time event named by one string field of the body.
fn run_time_event(
    s: &AppState,
    body: &Bytes,
    field: &str,
    event: fn(&mut SimApi, &str),
) -> Response {
    answer((|| {
        let value = string_field(&parse_object(body)?, field)?;
        let mut inner = s.lock();
        event(&mut inner.api, &value);
        Ok(state_json(&inner))
    })())
}

async fn control_reject_session(State(s): State<AppState>, body: Bytes) -> Response {
    run_time_event(&s, &body, "session_id", SimApi::reject_session)
}

async fn control_expire_token(State(s): State<AppState>, body: Bytes) -> Response {
    run_time_event(&s, &body, "token", SimApi::expire_token)
}

async fn control_revoke_token(State(s): State<AppState>, body: Bytes) -> Response {
    run_time_event(&s, &body, "token", SimApi::revoke_token)
}

async fn control_fault(State(s): State<AppState>, body: Bytes) -> Response {
    answer((|| {
        let m = parse_object(&body)?;
        let kind_id = string_field(&m, "kind")?;
        let kind = FaultKind::from_id(&kind_id).ok_or_else(|| {
            format!(
                "unknown fault kind {kind_id:?}; known: status, html, truncated-json, \
                 big-body, slow, hang, reset, no-cors"
            )
        })?;
        let default_status = if kind == FaultKind::Html { 502 } else { 500 };
        let status = u64_field(&m, "status")?.unwrap_or(default_status);
        if !(200..=999).contains(&status) {
            return Err("\"status\" must be 200-999".to_string());
        }
        let ms = u64_field(&m, "ms")?.unwrap_or(5_000);
        let count = u64_field(&m, "count")?;
        if count == Some(0) {
            return Err("\"count\" must be at least 1 (omit it for 'until cleared')".to_string());
        }
        let mut inner = s.lock();
        inner.fault = Some(Fault {
            kind,
            status: status as u16,
            ms,
            remaining: count,
        });
        Ok(state_json(&inner))
    })())
}

async fn control_clear_faults(State(s): State<AppState>) -> Response {
    let mut inner = s.lock();
    inner.fault = None;
    control_json(StatusCode::OK, state_json(&inner))
}

async fn control_reset(State(s): State<AppState>) -> Response {
    let mut inner = s.lock();
    let scenario = inner.api.scenario;
    inner.api.set_scenario(scenario);
    inner.fault = None;
    control_json(StatusCode::OK, state_json(&inner))
}

async fn control_advance(State(s): State<AppState>, body: Bytes) -> Response {
    answer((|| {
        let ms = u64_field(&parse_object(&body)?, "ms")?
            .ok_or_else(|| "\"ms\" (virtual milliseconds) is required".to_string())?;
        let mut inner = s.lock();
        inner.api.advance(ms as f64);
        Ok(state_json(&inner))
    })())
}

// ------------------------------------------------------------------ the API

/// How the answer leaves the server.
enum Outcome {
    Answer(Response, u16),
    /// Close the connection without a response.
    Reset,
    /// Hold the connection until the server stops.
    Hang,
}

async fn api(
    State(s): State<AppState>,
    kill: Option<Extension<ConnKill>>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, MAX_REQUEST_BODY)
        .await
        .unwrap_or_default();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sim_req = SimRequest::new(
        parts.method.as_str(),
        parts.uri.path(),
        &header_refs,
        &String::from_utf8_lossy(&body),
    );
    let is_preflight = parts.method == Method::OPTIONS;
    let now = now_ms();

    // Decide under the lock; sleep and hang outside it.
    let (reply, fault) = {
        let mut inner = s.lock();
        let fault = if is_preflight {
            // A preflight only feels no-cors, and does not use up a count.
            inner.fault.clone().filter(|f| f.kind == FaultKind::NoCors)
        } else {
            take_fault(&mut inner.fault)
        };
        let reply = match fault.as_ref().map(|f| f.kind) {
            Some(FaultKind::Status) => {
                let status = fault.as_ref().map(|f| f.status).unwrap_or(500);
                Some(SimReply::Http {
                    response: inner.api.error_response(status, None, now),
                    latency_ms: 0.0,
                })
            }
            Some(FaultKind::Html) => {
                let mut r = sim::proxy_html_response(now);
                r.status = fault.as_ref().map(|f| f.status).unwrap_or(502);
                Some(SimReply::Http {
                    response: r,
                    latency_ms: 0.0,
                })
            }
            Some(FaultKind::Hang) | Some(FaultKind::Reset) => None,
            _ => Some(inner.api.respond(&sim_req, now)),
        };
        (reply, fault)
    };

    let outcome = match (reply, fault.as_ref().map(|f| f.kind)) {
        (_, Some(FaultKind::Hang)) => Outcome::Hang,
        (_, Some(FaultKind::Reset)) | (None, _) => Outcome::Reset,
        (Some(SimReply::Transport { .. }), _) => Outcome::Reset,
        (
            Some(SimReply::Http {
                response,
                latency_ms,
            }),
            kind,
        ) => {
            let response = apply_fault(response, kind);
            if s.config.latency && latency_ms > 0.0 {
                tokio::time::sleep(Duration::from_millis(latency_ms as u64)).await;
            }
            if kind == Some(FaultKind::Slow) {
                let ms = fault.as_ref().map(|f| f.ms).unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            let status = response.status;
            Outcome::Answer(to_response(&response), status)
        }
    };

    if !s.config.quiet && !is_preflight {
        log_line(&sim_req, &outcome, fault.as_ref().map(|f| f.kind));
    }
    match outcome {
        Outcome::Answer(r, _) => r,
        Outcome::Hang => {
            // Never answer: the connection task drops this future (and the
            // socket) when the client goes away or the server stops.
            std::future::pending::<Response>().await
        }
        Outcome::Reset => {
            if let Some(Extension(ConnKill(kill))) = kill {
                kill.notify_one();
                // The connection task drops this future with the socket.
                std::future::pending::<()>().await;
            }
            // Not reachable through our accept loop; still answer something sane.
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::BAD_GATEWAY;
            r
        }
    }
}

/// Takes one use of the active fault (and clears it when its count is spent).
fn take_fault(slot: &mut Option<Fault>) -> Option<Fault> {
    let fault = slot.clone()?;
    match fault.remaining {
        Some(n) if n <= 1 => *slot = None,
        Some(n) => {
            if let Some(f) = slot.as_mut() {
                f.remaining = Some(n - 1);
            }
        }
        None => {}
    }
    Some(fault)
}

/// Body and header faults applied to the model's answer.
fn apply_fault(mut r: HttpResponse, kind: Option<FaultKind>) -> HttpResponse {
    match kind {
        Some(FaultKind::TruncatedJson) => {
            let mut cut = r.body.len() / 2;
            while cut > 0 && !r.body.is_char_boundary(cut) {
                cut -= 1;
            }
            r.body.truncate(cut);
        }
        Some(FaultKind::BigBody) => {
            // Still valid JSON, just huge: the original answer plus padding.
            let mut v: serde_json::Value =
                serde_json::from_str(&r.body).unwrap_or(serde_json::Value::Null);
            let pad = "x".repeat(BIG_BODY_BYTES);
            match v.as_object_mut() {
                Some(obj) => {
                    obj.insert("padding".to_string(), serde_json::Value::String(pad));
                }
                None => v = serde_json::json!({ "padding": pad }),
            }
            r.body = v.to_string();
        }
        Some(FaultKind::NoCors) => r.headers.retain(|(k, _)| !k.starts_with("access-control-")),
        _ => {}
    }
    r
}

/// One line per request on stderr; the credential only as a fingerprint.
fn log_line(req: &SimRequest, outcome: &Outcome, fault: Option<FaultKind>) {
    let credential = req
        .header("x-api-key")
        .map(str::to_string)
        .or_else(|| {
            req.header("authorization").map(|a| {
                a.split_once(' ')
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_else(|| a.to_string())
            })
        })
        .map(|t| Fingerprint::of(&t).to_string())
        .unwrap_or_else(|| "none".to_string());
    let result = match outcome {
        Outcome::Answer(_, status) => status.to_string(),
        Outcome::Reset => "reset".to_string(),
        Outcome::Hang => "hang".to_string(),
    };
    let fault = fault
        .and_then(|f| serde_json::to_value(f).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .map(|f| format!(" fault={f}"))
        .unwrap_or_default();
    let line = format!(
        "sd-mock: {} {} -> {} session={} origin={} credential={}{}\n",
        req.method,
        req.path,
        result,
        req.header("x-claude-code-session-id").unwrap_or("-"),
        req.header("origin").unwrap_or("-"),
        credential,
        fault
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
}

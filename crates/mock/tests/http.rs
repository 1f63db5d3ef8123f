//! The mock over real HTTP: every scenario, the control API, every fault, the
//! CORS preflight, and the binary's start-up line.

use reqwest::header::HeaderMap;
use reqwest::Client;
use sd_core::sim::{messages, Scenario, DEMO_INSTANCE_SESSION_ID, DEMO_TOKEN};
use sd_mock::{Config, RunningMock};
use std::time::{Duration, Instant};

const API_KEY: &str = "sk-ant-api03-SIMULATED-api-key-for-session-doctor-tests-0000000000000000000000000000000000000000000000000000";
const BODY: &str =
    r#"{"model":"claude-haiku-4-5","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}"#;
const SESSION_A: &str = "11111111-1111-4111-8111-111111111111";
const SESSION_B: &str = "22222222-2222-4222-8222-222222222222";

struct Reply {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    fn message(&self) -> String {
        self.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

async fn mock(scenario: Scenario) -> RunningMock {
    mock_with(Config {
        scenario,
        quiet: true,
        ..Config::default()
    })
    .await
}

async fn mock_with(config: Config) -> RunningMock {
    sd_mock::start(config).await.expect("mock starts")
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn oauth_headers(session: Option<&str>) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("authorization", format!("Bearer {DEMO_TOKEN}")),
        ("anthropic-version", "2023-06-01".to_string()),
        ("anthropic-beta", "oauth-2025-04-20".to_string()),
        ("content-type", "application/json".to_string()),
    ];
    if let Some(s) = session {
        h.push(("x-claude-code-session-id", s.to_string()));
    }
    h
}

async fn send(
    c: &Client,
    m: &RunningMock,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &str,
) -> Result<Reply, reqwest::Error> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut rb = c
        .request(method, format!("{}{path}", m.url()))
        .body(body.to_string());
    for (k, v) in headers {
        rb = rb.header(*k, v);
    }
    let r = rb.send().await?;
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let body = r.text().await?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

async fn messages_call(c: &Client, m: &RunningMock, session: Option<&str>) -> Reply {
    send(c, m, "POST", "/v1/messages", &oauth_headers(session), BODY)
        .await
        .expect("an HTTP answer")
}

async fn control(c: &Client, m: &RunningMock, path: &str, body: serde_json::Value) -> Reply {
    send(
        c,
        m,
        "POST",
        &format!("/_control/{path}"),
        &[("content-type", "application/json".to_string())],
        &body.to_string(),
    )
    .await
    .expect("control answers")
}

#[tokio::test]
async fn preflight_answers_like_the_api() {
    let m = mock(Scenario::Healthy).await;
    let c = client();
    let origin = ("origin", "https://page.test".to_string());
    let r = send(
        &c,
        &m,
        "OPTIONS",
        "/v1/messages",
        &[
            origin.clone(),
            (
                "access-control-request-headers",
                "authorization,anthropic-beta,x-claude-code-session-id".to_string(),
            ),
        ],
        "",
    )
    .await
    .unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization,anthropic-beta,x-claude-code-session-id")
    );
    let r = send(
        &c,
        &m,
        "OPTIONS",
        "/v1/messages",
        std::slice::from_ref(&origin),
        "",
    )
    .await
    .unwrap();
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap()
        .to_string();
    for h in [
        "content-type",
        "anthropic-version",
        "anthropic-beta",
        "authorization",
        "x-api-key",
        "anthropic-dangerous-direct-browser-access",
        "x-claude-code-session-id",
        "x-client-request-id",
    ] {
        assert!(allowed.contains(h), "{h} missing from {allowed}");
    }
    // Preflights are not API requests.
    let state = send(&c, &m, "GET", "/_control/state", &[], "")
        .await
        .unwrap();
    assert_eq!(state.json()["requests_total"], 0);
    m.stop().await;
}

#[tokio::test]
async fn healthy_answers_with_api_headers() {
    let m = mock(Scenario::Healthy).await;
    let c = client();
    let r = messages_call(&c, &m, Some(SESSION_A)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["type"], "message");
    assert!(r.header("request-id").unwrap().starts_with("req_"));
    assert!(r.header("anthropic-organization-id").is_some());
    assert!(r.header("date").is_some());
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-expose-headers"), Some("*"));
    assert_eq!(
        r.header("anthropic-ratelimit-unified-status"),
        Some("allowed")
    );

    let key = vec![
        ("x-api-key", API_KEY.to_string()),
        ("anthropic-version", "2023-06-01".to_string()),
    ];
    let r = send(&c, &m, "POST", "/v1/messages/count_tokens", &key, BODY)
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert!(r.json()["input_tokens"].as_u64().unwrap() > 0);

    // Error envelope: same id in header and body.
    let r = send(
        &c,
        &m,
        "POST",
        "/v1/messages",
        &[("x-api-key", DEMO_TOKEN.to_string())],
        BODY,
    )
    .await
    .unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.message(), messages::INVALID_API_KEY);
    assert_eq!(r.json()["request_id"].as_str(), r.header("request-id"));
    assert_eq!(r.header("x-should-retry"), Some("false"));

    let r = send(&c, &m, "GET", "/v1/models", &[], "").await.unwrap();
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["type"], "not_found_error");

    // A browser request without the opt-in header.
    let mut h = oauth_headers(None);
    h.push(("origin", "https://page.test".to_string()));
    let r = send(&c, &m, "POST", "/v1/messages", &h, BODY)
        .await
        .unwrap();
    assert_eq!(
        (r.status, r.message()),
        (401, messages::CORS_HEADER_REQUIRED.to_string())
    );
    m.stop().await;
}

#[tokio::test]
async fn session_and_instance_scenarios() {
    let c = client();
    let m = mock(Scenario::SessionRejected).await;
    let mut got = vec![];
    for _ in 0..6 {
        got.push(messages_call(&c, &m, Some(SESSION_A)).await.status);
    }
    got.push(messages_call(&c, &m, None).await.status);
    assert_eq!(got, [200, 200, 200, 200, 200, 401, 200]);
    let r = messages_call(&c, &m, Some(SESSION_A)).await;
    assert_eq!(r.message(), messages::INVALID_CREDENTIALS);
    let state = send(&c, &m, "GET", "/_control/state", &[], "")
        .await
        .unwrap();
    let s = state.json();
    assert_eq!(s["scenario"], "session-rejected");
    assert_eq!(s["requests_total"], 8);
    assert_eq!(s["sessions"][0]["session_id"], SESSION_A);
    assert_eq!(s["sessions"][0]["count"], 7);
    assert!(!state.body.contains(DEMO_TOKEN));
    m.stop().await;

    let m = mock(Scenario::InstanceRejected).await;
    let a = messages_call(&c, &m, Some(SESSION_A)).await.status;
    let b = messages_call(&c, &m, Some(SESSION_B)).await;
    let demo = messages_call(&c, &m, Some(DEMO_INSTANCE_SESSION_ID))
        .await
        .status;
    let raw = messages_call(&c, &m, None).await.status;
    assert_eq!((a, b.status, demo, raw), (200, 401, 401, 200));
    assert_eq!(b.message(), messages::INVALID_CREDENTIALS);
    m.stop().await;
}

#[tokio::test]
async fn token_scenarios_follow_virtual_time() {
    let c = client();
    // 1,000,000x: 20 virtual minutes pass in 1.2 real ms.
    let m = mock_with(Config {
        scenario: Scenario::TokenExpires,
        speed: 1_000_000.0,
        quiet: true,
        ..Config::default()
    })
    .await;
    assert_eq!(messages_call(&c, &m, None).await.status, 200);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(
        (r.status, r.message()),
        (401, messages::TOKEN_EXPIRED.to_string())
    );
    m.stop().await;

    // Real speed, moved on with the control API.
    let m = mock(Scenario::TokenRevoked).await;
    assert_eq!(messages_call(&c, &m, Some(SESSION_A)).await.status, 200);
    control(&c, &m, "advance", serde_json::json!({"ms": 9 * 60_000})).await;
    assert_eq!(messages_call(&c, &m, Some(SESSION_A)).await.status, 200);
    control(&c, &m, "advance", serde_json::json!({"ms": 60_000})).await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(
        (r.status, r.message()),
        (401, messages::TOKEN_REVOKED.to_string())
    );
    m.stop().await;
}

#[tokio::test]
async fn gateway_limit_and_proxy_scenarios() {
    let c = client();
    let m = mock(Scenario::OAuthBetaMissing).await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(
        (r.status, r.message()),
        (401, messages::OAUTH_NOT_SUPPORTED.to_string())
    );
    m.stop().await;

    let m = mock(Scenario::RateLimited).await;
    let mut statuses = vec![];
    for _ in 0..3 {
        statuses.push(messages_call(&c, &m, None).await.status);
    }
    let r = messages_call(&c, &m, None).await;
    statuses.push(r.status);
    assert_eq!(statuses, [200, 200, 200, 429]);
    assert_eq!(r.json()["error"]["type"], "rate_limit_error");
    assert!(r.header("retry-after").is_some());
    assert_eq!(
        r.header("anthropic-ratelimit-unified-status"),
        Some("rejected")
    );
    assert!(r
        .header("anthropic-ratelimit-unified-5h-utilization")
        .is_some());
    assert!(r.header("anthropic-ratelimit-unified-5h-reset").is_some());
    m.stop().await;

    let m = mock(Scenario::Overloaded).await;
    let mut statuses = vec![];
    for _ in 0..3 {
        statuses.push(messages_call(&c, &m, None).await.status);
    }
    assert_eq!(statuses, [200, 200, 529]);
    m.stop().await;

    let m = mock(Scenario::ProxyHtml).await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(r.status, 502);
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert!(r.header("request-id").is_none());
    assert!(r.body.contains("Bad Gateway"));
    m.stop().await;
}

#[tokio::test]
async fn cors_blocked_omits_cors_headers() {
    let c = client();
    let m = mock(Scenario::CorsBlocked).await;
    let origin = ("origin", "https://page.test".to_string());
    let pre = send(
        &c,
        &m,
        "OPTIONS",
        "/v1/messages",
        std::slice::from_ref(&origin),
        "",
    )
    .await
    .unwrap();
    assert!(pre.header("access-control-allow-origin").is_none());
    let mut h = oauth_headers(None);
    h.push(origin);
    h.push((
        "anthropic-dangerous-direct-browser-access",
        "true".to_string(),
    ));
    let r = send(&c, &m, "POST", "/v1/messages", &h, BODY)
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
    // The control API stays usable from tools.
    let s = send(&c, &m, "GET", "/_control/state", &[], "")
        .await
        .unwrap();
    assert_eq!(s.status, 200);
    m.stop().await;
}

#[tokio::test]
async fn flaky_network_drops_some_connections() {
    let c = client();
    let m = mock_with(Config {
        scenario: Scenario::FlakyNetwork,
        seed: 3,
        quiet: true,
        ..Config::default()
    })
    .await;
    let mut pattern = vec![];
    for _ in 0..9 {
        let r = send(&c, &m, "POST", "/v1/messages", &oauth_headers(None), BODY).await;
        pattern.push(match r {
            Ok(r) => r.status == 200,
            Err(e) => {
                assert!(!e.is_timeout(), "{e}");
                false
            }
        });
    }
    assert!(
        pattern.contains(&true) && pattern.contains(&false),
        "{pattern:?}"
    );
    // Deterministic: same seed, same pattern.
    let m2 = mock_with(Config {
        scenario: Scenario::FlakyNetwork,
        seed: 3,
        quiet: true,
        ..Config::default()
    })
    .await;
    let mut again = vec![];
    for _ in 0..9 {
        let r = send(&c, &m2, "POST", "/v1/messages", &oauth_headers(None), BODY).await;
        again.push(matches!(r, Ok(r) if r.status == 200));
    }
    assert_eq!(pattern, again);
    m.stop().await;
    m2.stop().await;
}

#[tokio::test]
async fn control_api_events_and_validation() {
    let c = client();
    let m = mock(Scenario::Healthy).await;
    let r = control(
        &c,
        &m,
        "reject-session",
        serde_json::json!({"session_id": SESSION_A}),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["rejected_sessions"][0], SESSION_A);
    assert_eq!(messages_call(&c, &m, Some(SESSION_A)).await.status, 401);
    assert_eq!(messages_call(&c, &m, Some(SESSION_B)).await.status, 200);

    control(
        &c,
        &m,
        "expire-token",
        serde_json::json!({"token": DEMO_TOKEN}),
    )
    .await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(r.message(), messages::TOKEN_EXPIRED);
    let r = control(
        &c,
        &m,
        "revoke-token",
        serde_json::json!({"token": DEMO_TOKEN}),
    )
    .await;
    assert!(!r.body.contains(DEMO_TOKEN));
    assert_eq!(
        messages_call(&c, &m, None).await.message(),
        messages::TOKEN_REVOKED
    );

    let r = control(&c, &m, "reset", serde_json::json!({})).await;
    assert_eq!(r.json()["requests_total"], 0);
    assert_eq!(messages_call(&c, &m, Some(SESSION_A)).await.status, 200);

    let r = control(
        &c,
        &m,
        "scenario",
        serde_json::json!({"scenario": "overloaded", "seed": 9}),
    )
    .await;
    assert_eq!(
        (r.json()["scenario"].as_str(), r.json()["seed"].as_u64()),
        (Some("overloaded"), Some(9))
    );
    assert_eq!(r.json()["requests_total"], 0);

    for (path, body) in [
        ("scenario", serde_json::json!({"scenario": "nope"})),
        ("scenario", serde_json::json!({})),
        ("fault", serde_json::json!({"kind": "explode"})),
        ("fault", serde_json::json!({"kind": "status", "status": 42})),
        (
            "fault",
            serde_json::json!({"kind": "status", "status": 101}),
        ),
        ("fault", serde_json::json!({"kind": "status", "count": 0})),
        ("reject-session", serde_json::json!({"session_id": ""})),
        ("advance", serde_json::json!({"ms": -1})),
    ] {
        let r = control(&c, &m, path, body.clone()).await;
        assert_eq!(r.status, 400, "{path} {body}");
        assert_eq!(r.json()["ok"], false);
    }
    let r = control(&c, &m, "nope", serde_json::json!({})).await;
    assert_eq!((r.status, r.json()["ok"].as_bool()), (404, Some(false)));
    let s = send(&c, &m, "GET", "/_control/state", &[], "")
        .await
        .unwrap();
    assert_eq!(
        s.json()["requests_total"],
        0,
        "control requests are not API requests"
    );
    let r = send(&c, &m, "POST", "/_control/scenario", &[], "not json")
        .await
        .unwrap();
    assert_eq!(r.status, 400);
    m.stop().await;
}

#[tokio::test]
async fn faults_over_http() {
    let c = client();
    let m = mock(Scenario::Healthy).await;

    // Any status, with the API's envelope; count limits it.
    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "status", "status": 403, "count": 1}),
    )
    .await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["error"]["type"], "permission_error");
    assert_eq!(r.json()["request_id"].as_str(), r.header("request-id"));
    assert_eq!(messages_call(&c, &m, None).await.status, 200);

    // Until cleared.
    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "status", "status": 500}),
    )
    .await;
    assert_eq!(messages_call(&c, &m, None).await.status, 500);
    assert_eq!(
        messages_call(&c, &m, None).await.json()["error"]["type"],
        "api_error"
    );
    control(&c, &m, "clear-faults", serde_json::json!({})).await;
    assert_eq!(messages_call(&c, &m, None).await.status, 200);

    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "html", "count": 1}),
    )
    .await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(
        (r.status, r.header("content-type")),
        (502, Some("text/html"))
    );

    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "truncated-json", "count": 1}),
    )
    .await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(r.status, 200);
    assert!(!r.body.is_empty());
    assert!(serde_json::from_str::<serde_json::Value>(&r.body).is_err());

    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "big-body", "count": 1}),
    )
    .await;
    let r = messages_call(&c, &m, None).await;
    assert!(r.body.len() >= sd_mock::BIG_BODY_BYTES);
    assert_eq!(r.json()["type"], "message");

    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "slow", "ms": 300, "count": 1}),
    )
    .await;
    let t = Instant::now();
    assert_eq!(messages_call(&c, &m, None).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "no-cors", "count": 1}),
    )
    .await;
    let r = messages_call(&c, &m, None).await;
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
    assert_eq!(
        messages_call(&c, &m, None)
            .await
            .header("access-control-allow-origin"),
        Some("*")
    );

    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "reset", "count": 1}),
    )
    .await;
    let t = Instant::now();
    let e = send(&c, &m, "POST", "/v1/messages", &oauth_headers(None), BODY)
        .await
        .err()
        .expect("reset gives no answer");
    assert!(!e.is_timeout(), "{e}");
    assert!(t.elapsed() < Duration::from_secs(2));
    assert_eq!(messages_call(&c, &m, None).await.status, 200);

    control(
        &c,
        &m,
        "fault",
        serde_json::json!({"kind": "hang", "count": 1}),
    )
    .await;
    let impatient = Client::builder()
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let e = send(
        &impatient,
        &m,
        "POST",
        "/v1/messages",
        &oauth_headers(None),
        BODY,
    )
    .await
    .err()
    .expect("hang gives no answer");
    assert!(e.is_timeout(), "{e}");
    let state = send(&c, &m, "GET", "/_control/state", &[], "")
        .await
        .unwrap();
    assert!(state.json()["fault"].is_null());
    // Stopping the server ends the held connection too.
    tokio::time::timeout(Duration::from_secs(5), m.stop())
        .await
        .expect("stop does not wait for the hang");
}

#[tokio::test]
async fn hang_is_released_when_the_server_stops() {
    let m = mock(Scenario::Healthy).await;
    let c = client();
    control(&c, &m, "fault", serde_json::json!({"kind": "hang"})).await;
    let url = m.url();
    let pending = tokio::spawn(async move {
        Client::new()
            .post(format!("{url}/v1/messages"))
            .body(BODY)
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!pending.is_finished());
    m.stop().await;
    let outcome = tokio::time::timeout(Duration::from_secs(5), pending)
        .await
        .expect("the client is released")
        .expect("task");
    assert!(outcome.is_err(), "{outcome:?}");
}

#[test]
fn binary_prints_its_port_and_logs_without_the_token() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sd-mock"))
        .args(["--port", "0", "--scenario", "rate-limited", "--seed", "4"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sd-mock");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout).read_line(&mut line).expect("line");
    let port: u16 = line
        .trim()
        .strip_prefix("sd-mock listening on http://127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let statuses: Vec<u16> = rt.block_on(async {
        let c = client();
        let mut out = vec![];
        for _ in 0..4 {
            let mut rb = c
                .post(format!("http://127.0.0.1:{port}/v1/messages"))
                .body(BODY);
            for (k, v) in oauth_headers(Some(SESSION_A)) {
                rb = rb.header(k, v);
            }
            out.push(rb.send().await.map(|r| r.status().as_u16()).unwrap_or(0));
        }
        out
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(statuses, [200, 200, 200, 429]);
    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .unwrap();
    assert_eq!(log.matches("POST /v1/messages").count(), 4, "{log}");
    assert!(log.contains("-> 429"), "{log}");
    assert!(!log.contains(DEMO_TOKEN), "token leaked into the log");
    assert!(log.contains("sk-ant-oat01-…0000"), "{log}");
}

#[test]
fn cli_arguments() {
    let ok = sd_mock::parse_args(
        [
            "--port",
            "8080",
            "--scenario",
            "token-expires",
            "--speed=60",
            "--seed",
            "7",
        ]
        .map(String::from),
    )
    .unwrap();
    assert_eq!(
        (ok.port, ok.scenario, ok.speed, ok.seed),
        (8080, Scenario::TokenExpires, 60.0, 7)
    );
    for bad in [
        vec!["--port", "99999"],
        vec!["--scenario", "nope"],
        vec!["--speed", "0"],
        vec!["--seed"],
        vec!["--what"],
    ] {
        assert!(
            sd_mock::parse_args(bad.iter().map(|s| s.to_string())).is_err(),
            "{bad:?}"
        );
    }
}

/// Security I9: while the mock runs, a web page in the same browser must not
/// drive its control API. A request whose Origin is another page's is
/// refused (preflight included) and changes nothing; tools (no Origin) and the
/// mock's own origin are answered.
#[tokio::test]
async fn control_api_refuses_other_origins() {
    let m = mock(Scenario::Healthy).await;
    let c = client();
    let port = m.addr.port();
    let json = ("content-type", "application/json".to_string());
    let body = r#"{"scenario":"token-revoked"}"#;
    for foreign in [
        "https://evil.example",
        "http://127.0.0.1:1",
        "http://localhost",
        "null",
    ] {
        let origin = ("origin", foreign.to_string());
        let r = send(
            &c,
            &m,
            "POST",
            "/_control/scenario",
            &[origin.clone(), json.clone()],
            body,
        )
        .await
        .unwrap();
        assert_eq!(r.status, 403, "{foreign}");
        assert!(r.header("access-control-allow-origin").is_none());
        let pre = send(
            &c,
            &m,
            "OPTIONS",
            "/_control/reset",
            &[
                origin.clone(),
                ("access-control-request-method", "POST".into()),
            ],
            "",
        )
        .await
        .unwrap();
        assert_eq!(pre.status, 403, "preflight from {foreign}");
        let read = send(&c, &m, "GET", "/_control/state", &[origin], "")
            .await
            .unwrap();
        assert_eq!(read.status, 403, "state read from {foreign}");
    }
    let state = send(&c, &m, "GET", "/_control/state", &[], "")
        .await
        .unwrap();
    assert_eq!(state.json()["scenario"], "healthy", "nothing changed");

    for own in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let r = send(
            &c,
            &m,
            "POST",
            "/_control/scenario",
            &[("origin", own.clone()), json.clone()],
            body,
        )
        .await
        .unwrap();
        assert_eq!(r.status, 200, "{own}");
    }
    let r = control(&c, &m, "reset", serde_json::json!({})).await;
    assert_eq!(
        (r.status, r.json()["scenario"].as_str()),
        (200, Some("token-revoked"))
    );
    // The API itself still answers any page (the page under test is on another origin).
    let mut h = oauth_headers(None);
    h.push(("origin", "https://page.test".to_string()));
    let api = send(&c, &m, "POST", "/v1/messages", &h, BODY)
        .await
        .unwrap();
    assert_eq!(api.header("access-control-allow-origin"), Some("*"));
    m.stop().await;
}

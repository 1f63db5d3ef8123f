//! The network: [`BrowserTransport`] sends a `WireRequest` with the browser's
//! fetch and turns every way it can fail into a `TransportError` (none of which
//! says anything about the token). The simulated API's transport comes from
//! the core (`sd_core::sim::SimTransport`); components never know which is used.

use crate::clock::perf_now;
use sd_core::http::{
    Exchange, HttpResponse, LocalBoxFuture, Transport, TransportError, WireRequest,
};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, RequestMode, Response};

/// Longest body kept: an API answer is a few hundred bytes; an HTML error page
/// or a runaway proxy must not fill the page's memory.
pub const BODY_CAP_BYTES: usize = 1_000_000;
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
const NO_CORS_TIMEOUT_MS: u32 = 10_000;

pub struct BrowserTransport {
    pub timeout_ms: u32,
}

impl Default for BrowserTransport {
    fn default() -> Self {
        BrowserTransport {
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

impl Transport for BrowserTransport {
    fn send(&self, request: &WireRequest) -> LocalBoxFuture<Exchange> {
        let sent_at_ms = js_sys::Date::now();
        let started = perf_now();
        // The fetch starts here, synchronously, so requests created in the
        // same turn leave together; the future only waits for the answer.
        let pending = start_fetch(request, self.timeout_ms, RequestMode::Cors);
        let url = request.url.clone();
        let timeout_ms = self.timeout_ms;
        Box::pin(async move {
            let result = match pending {
                Ok(p) => finish(p, &url, timeout_ms).await,
                Err(e) => Err(e),
            };
            Exchange {
                result,
                latency_ms: perf_now() - started,
                sent_at_ms,
            }
        })
    }
}

struct Pending {
    promise: js_sys::Promise,
    timed_out: Rc<Cell<bool>>,
    timer: Option<leptos::prelude::TimeoutHandle>,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
    }
}

fn start_fetch(
    request: &WireRequest,
    timeout_ms: u32,
    mode: RequestMode,
) -> Result<Pending, TransportError> {
    let window = web_sys::window().ok_or_else(|| unreachable_with("no browser window"))?;
    let init = RequestInit::new();
    init.set_method(&request.method);
    init.set_mode(mode);
    if mode == RequestMode::Cors {
        let headers = Headers::new().map_err(|_| unreachable_with("could not build headers"))?;
        for (name, value) in request.header_pairs() {
            // The browser refuses values with characters HTTP does not allow;
            // say so without echoing the value (it may be the token).
            headers.append(&name, &value).map_err(|_| TransportError::Unreachable {
                detail: format!(
                    "The browser would not send the {name} header: it contains characters that HTTP headers cannot carry (check the token for pasted typographic characters)."
                ),
            })?;
        }
        init.set_headers(&headers);
        if !request.body.is_empty() {
            init.set_body(&JsValue::from_str(&request.body));
        }
    }
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let timed_out = Rc::new(Cell::new(false));
    let timer = controller.and_then(|c| {
        let flag = timed_out.clone();
        leptos::prelude::set_timeout_with_handle(
            move || {
                flag.set(true);
                c.abort();
            },
            Duration::from_millis(u64::from(timeout_ms)),
        )
        .ok()
    });
    let promise = window.fetch_with_str_and_init(&request.url, &init);
    Ok(Pending {
        promise,
        timed_out,
        timer,
    })
}

async fn finish(p: Pending, url: &str, timeout_ms: u32) -> Result<HttpResponse, TransportError> {
    let answer = JsFuture::from(p.promise.clone()).await;
    let response = match answer {
        Ok(v) => v.dyn_into::<Response>().map_err(|_| {
            unreachable_with("the browser returned something that is not a response")
        })?,
        Err(e) => return Err(classify_failure(&p, e, url, timeout_ms).await),
    };
    let status = response.status();
    let headers = read_headers(&response.headers());
    let body = match response.text() {
        Ok(promise) => match JsFuture::from(promise).await {
            Ok(v) => cap_body(v.as_string().unwrap_or_default()),
            Err(e) => return Err(classify_failure(&p, e, url, timeout_ms).await),
        },
        Err(_) => String::new(),
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

async fn classify_failure(
    p: &Pending,
    error: JsValue,
    url: &str,
    timeout_ms: u32,
) -> TransportError {
    if p.timed_out.get() {
        return TransportError::Timeout {
            after_ms: u64::from(timeout_ms),
        };
    }
    if error
        .dyn_ref::<web_sys::DomException>()
        .is_some_and(|d| d.name() == "AbortError")
    {
        return TransportError::Aborted;
    }
    // A TypeError is the same for CORS refusal, DNS, TLS and offline. A
    // `no-cors` request tells them apart: it resolves (opaquely) whenever the
    // host answered at all.
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    let host = host_of(url);
    let probe = WireRequest {
        method: "GET".into(),
        url: url.to_string(),
        headers: Vec::new(),
        body: String::new(),
    };
    let answered = match start_fetch(&probe, NO_CORS_TIMEOUT_MS, RequestMode::NoCors) {
        Ok(pending) => JsFuture::from(pending.promise.clone()).await.is_ok(),
        Err(_) => false,
    };
    if answered {
        TransportError::CorsBlocked {
            detail: format!(
                "{host} answered, but the browser withheld the answer because the response did not allow this page's origin (CORS)."
            ),
        }
    } else {
        TransportError::Unreachable {
            detail: format!(
                "No answer from {host}. The browser reports it is {}. Possible reasons: offline, DNS, TLS certificate, firewall or proxy.",
                if online { "online" } else { "offline" }
            ),
        }
    }
}

fn read_headers(headers: &Headers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(headers) {
        for entry in iter.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k.to_ascii_lowercase(), v));
            }
        }
    }
    out
}

/// Truncates on a char boundary at most [`BODY_CAP_BYTES`] long.
pub fn cap_body(mut body: String) -> String {
    if body.len() > BODY_CAP_BYTES {
        let mut end = BODY_CAP_BYTES;
        while end > 0 && !body.is_char_boundary(end) {
            end -= 1;
        }
        body.truncate(end);
    }
    body
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_string()
}

fn unreachable_with(detail: &str) -> TransportError {
    TransportError::Unreachable {
        detail: detail.to_string(),
    }
}

//! The network: [`BrowserTransport`] sends a `WireRequest` with the browser's
//! fetch (through gloo-net) and turns every way it can fail into a
//! `TransportError` (none of which says anything about the token). The
//! simulated API's transport comes from the core (`sd_core::sim::SimTransport`);
//! components never know which is used.

use crate::clock::perf_now;
use gloo_net::http::{Headers, Method, Request, RequestBuilder};
use leptos::prelude::TimeoutHandle;
use sd_core::http::{
    Exchange, HttpResponse, LocalBoxFuture, Transport, TransportError, WireRequest,
};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestMode, RequestRedirect, ResponseType};

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
        let timeout_ms = self.timeout_ms;
        // Everything but the fetch is prepared now; gloo's `send` starts the
        // fetch on the first poll, and `run::send_all` polls every request of a
        // comparison in one `join_all` turn, so they leave together. Times are
        // taken at that first poll, just before the fetch.
        let prepared = prepare(request, timeout_ms);
        let url = request.url.clone();
        let credential = credential_of(request);
        Box::pin(async move {
            let sent_at_ms = crate::clock::epoch_now_fine();
            let started = perf_now();
            let result = match prepared {
                Ok((built, deadline)) => exchange(built, deadline, &url, timeout_ms).await,
                Err(e) => Err(e),
            };
            // An endpoint that echoes the credential never gets it stored (M1).
            let result = result.map(|r| match &credential {
                Some(t) => redact_echo(r, t),
                None => r,
            });
            Exchange {
                result,
                latency_ms: perf_now() - started,
                sent_at_ms,
            }
        })
    }
}

/// Aborts the fetch after the time limit; cleared when dropped.
struct Deadline {
    controller: Option<AbortController>,
    timed_out: Rc<Cell<bool>>,
    timer: Option<TimeoutHandle>,
}

impl Deadline {
    fn start(timeout_ms: u32) -> Deadline {
        let controller = AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let timer = controller.clone().and_then(|c| {
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
        Deadline {
            controller,
            timed_out,
            timer,
        }
    }

    /// Stops the fetch (the rest of a body that is not read).
    fn abort(&self) {
        if let Some(c) = &self.controller {
            c.abort();
        }
    }

    fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
        // Dropped unfinished (Close, start over, unmount): cancel the fetch too.
        // After the body was read this does nothing.
        if let Some(c) = &self.controller {
            c.abort();
        }
    }
}

type Prepared = (Result<Request, gloo_net::Error>, Deadline);

fn prepare(request: &WireRequest, timeout_ms: u32) -> Result<Prepared, TransportError> {
    // Headers are built here rather than with gloo's `header()`, which throws
    // on a value HTTP cannot carry; say so without echoing the value (it may
    // be the token).
    let headers = Headers::new();
    let raw = headers.into_raw();
    for (name, value) in request.header_pairs() {
        raw.append(&name, &value).map_err(|_| TransportError::Unreachable {
            detail: format!(
                "The browser would not send the {name} header: it contains characters that HTTP headers cannot carry (check the token for pasted typographic characters)."
            ),
        })?;
    }
    let method = Method::from_bytes(request.method.as_bytes())
        .map_err(|_| unreachable_with("not an HTTP method"))?;
    let deadline = Deadline::start(timeout_ms);
    let signal = deadline.signal();
    // A redirect is never followed with the credential attached (M3): the
    // browser hands back an opaque answer instead, reported as such.
    let builder = RequestBuilder::new(&request.url)
        .redirect(RequestRedirect::Manual)
        .method(method)
        .headers(Headers::from_raw(raw))
        .abort_signal(signal.as_ref());
    let built = if request.body.is_empty() {
        builder.build()
    } else {
        builder.body(request.body.as_str())
    };
    Ok((built, deadline))
}

async fn exchange(
    built: Result<Request, gloo_net::Error>,
    deadline: Deadline,
    url: &str,
    timeout_ms: u32,
) -> Result<HttpResponse, TransportError> {
    let answer = match built {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    let response = match answer {
        Ok(r) => r,
        Err(e) => {
            let aborted = matches!(&e, gloo_net::Error::JsError(e) if e.name == "AbortError");
            return Err(classify_failure(&deadline, aborted, url, timeout_ms).await);
        }
    };
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(TransportError::Unreachable {
            detail: format!(
                "{} answered with a redirect to another address. The page does not follow redirects, so the token was not sent there; could not test. Use the address the endpoint redirects to, if you trust it.",
                host_of(url)
            ),
        });
    }
    let status = response.status();
    // Browsers give header names in lower case already; make sure.
    let headers: Vec<(String, String)> = response
        .headers()
        .entries()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let declared = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    let body = if declared.is_some_and(|n| n > BODY_CAP_BYTES as u64) {
        // Not read at all: no API answer is that large (L4).
        deadline.abort();
        String::new()
    } else {
        match read_capped(&response, &deadline).await {
            Ok(text) => text,
            Err(e) => {
                let aborted = e
                    .dyn_ref::<web_sys::DomException>()
                    .is_some_and(|d| d.name() == "AbortError");
                return Err(classify_failure(&deadline, aborted, url, timeout_ms).await);
            }
        }
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

async fn classify_failure(
    deadline: &Deadline,
    aborted: bool,
    url: &str,
    timeout_ms: u32,
) -> TransportError {
    if deadline.timed_out.get() {
        return TransportError::Timeout {
            after_ms: u64::from(timeout_ms),
        };
    }
    if aborted {
        return TransportError::Aborted;
    }
    // A TypeError is the same for CORS refusal, DNS, TLS and offline. A
    // `no-cors` request tells them apart: it resolves (opaquely) whenever the
    // host answered at all.
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    let host = host_of(url);
    let probe_deadline = Deadline::start(NO_CORS_TIMEOUT_MS);
    let probe_signal = probe_deadline.signal();
    let answered = RequestBuilder::new(url)
        .mode(RequestMode::NoCors)
        .abort_signal(probe_signal.as_ref())
        .send()
        .await
        .is_ok();
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

/// Reads the body as it streams and stops after [`BODY_CAP_BYTES`] (L4),
/// cancelling the rest: a runaway body never fills the page's memory.
async fn read_capped(
    response: &gloo_net::http::Response,
    deadline: &Deadline,
) -> Result<String, wasm_bindgen::JsValue> {
    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())?;
        if done.as_bool() != Some(false) {
            break;
        }
        let value: js_sys::Uint8Array =
            js_sys::Reflect::get(&chunk, &"value".into())?.dyn_into()?;
        let room = BODY_CAP_BYTES - bytes.len();
        if value.length() as usize >= room {
            bytes.extend(value.subarray(0, room as u32).to_vec());
            let _ = reader.cancel();
            deadline.abort();
            break;
        }
        bytes.extend(value.to_vec());
    }
    Ok(cap_body(String::from_utf8_lossy(&bytes).into_owned()))
}

/// The credential a request carries, to find it in the answer.
fn credential_of(request: &WireRequest) -> Option<sd_core::secret::Token> {
    request.headers.iter().find_map(|(_, v)| match v {
        sd_core::http::HeaderValue::Secret { token, .. } => Some(token.clone()),
        sd_core::http::HeaderValue::Plain(_) => None,
    })
}

/// The answer with every echo of `token` replaced by its fingerprint.
fn redact_echo(mut r: HttpResponse, token: &sd_core::secret::Token) -> HttpResponse {
    if token.occurs_in(&r.body) {
        r.body = token.redact_in(&r.body);
    }
    for (_, v) in &mut r.headers {
        if token.occurs_in(v) {
            *v = token.redact_in(v);
        }
    }
    r
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

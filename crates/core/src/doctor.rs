//! One diagnosis run as a sans-IO state machine, in the shape of `quinn-proto`:
//! the [`Doctor`] never sends, sleeps or reads a clock. Its owner feeds it
//! [`Event`]s (with the time), carries out the [`Effect`]s it returns (send
//! these probes, abort what is in flight), asks [`Doctor::wake_at`] when to
//! wake it, and feeds the answers back. The page, the native scenario tests
//! and the terminal result block all drive this one type.
//!
//! It owns what a run is made of: the token, the endpoint (fixed when a
//! session opens), the identities, the heartbeat plan, what each answer means
//! (heartbeat records, clock skew, auto-capture), the evidence, the verdict,
//! and the shared report (the one place that decides what leaves).

use crate::clock::ClockSkew;
use crate::compare::{Comparison, Trigger};
use crate::paste::{self, PasteFindings};
use crate::probe::ProbeRecord;
use crate::report::{EndpointSummary, SharedReport, TokenSummary, SCHEMA_VERSION};
use crate::request::{self, ProbeKind, ProbeOptions, SessionIdentity};
use crate::response::Outcome;
use crate::run::PlannedProbe;
use crate::secret::Token;
use crate::session::{HeartbeatSession, SessionStatus};
use crate::sim::DEMO_TOKEN;
use crate::terminal::TerminalEvidence;
use crate::timeline::TimelineEvent;
use crate::token::{self, CredentialKind, TokenAnalysis};
use crate::verdict::{self, Evidence, ResultCode, Verdict};
use sha2::{Digest, Sha256};

/// The host of Anthropic's API: an unrecognised credential goes there without asking.
const REAL_API_HOST: &str = "api.anthropic.com";

/// Where requests go: the base URL and how a report may name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub base_url: String,
    pub endpoint: EndpointSummary,
}

/// What the browser did meanwhile; goes on the open session's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowserFact {
    Hidden,
    Visible,
    Online,
    Offline,
}

/// Everything that can happen to a run. Not `Debug`: `TokenText` holds the
/// raw input.
pub enum Event {
    /// What the user typed or pasted as the token (blank: no token).
    TokenText(String),
    /// The failing instance's session id as typed (kept only when it is one).
    InstanceText(String),
    /// Opens a session against `target`; that endpoint stays fixed until it closes.
    OpenSession {
        target: Target,
        interval_s: u32,
        cap: u32,
    },
    Pause,
    Resume,
    /// Closes the session and drops the token from the run (L5): only its
    /// public analysis (the fingerprint) stays for the report. The simulated
    /// API's demo token is public and stays.
    Close,
    /// "Forget token": closes the session and drops the token and everything
    /// said about it, fingerprint included.
    ForgetToken,
    /// The user's answer to [`Effect::Confirm`]: `true` runs the held command.
    Confirm(bool),
    SetInterval(u32),
    /// "Compare now"; `target` is the endpoint chosen now (`None`: unusable).
    /// A running session's endpoint wins.
    Compare {
        target: Option<Target>,
    },
    /// Makes the page's own session identity if there is none (for the terminal script).
    MakeIdentity,
    /// The wake-up asked for by [`Doctor::wake_at`] fired, `late_by_ms` (real
    /// time) after it was due.
    Timer {
        late_by_ms: f64,
    },
    /// The answers (or transport errors) to a plan's probes, in plan order.
    Answers {
        plan: PlanId,
        records: Vec<ProbeRecord>,
    },
    /// What the terminal doctor's result block showed: it becomes the run to
    /// judge (its own timeline, comparison and local evidence).
    TerminalBlock(Box<TerminalEvidence>),
    /// What a client printed, pasted in (blank: forget it).
    ClientOutput(String),
    BrowserFact(BrowserFact),
    /// A new endpoint or simulated server: forget everything learnt so far.
    StartOver,
}

/// What the owner must do.
#[derive(Debug)]
pub enum Effect {
    /// Send these probes now, in the same turn, then answer with [`Event::Answers`].
    Send(Plan),
    /// Cancel every request in flight: its answers would be dropped anyway.
    AbortInFlight,
    /// Tell the user why a command did nothing.
    Notice(String),
    /// Ask this question (it names the host) before anything is sent; answer
    /// with [`Event::Confirm`]. Nothing is sent meanwhile.
    Confirm(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanId(u64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Heartbeat { seq: u32 },
    Comparison(Trigger),
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub id: PlanId,
    pub purpose: Purpose,
    pub probes: Vec<PlannedProbe>,
}

/// The parts of a report the run cannot know.
pub struct ReportMeta {
    pub created_at_ms: f64,
    pub page_version: String,
    pub browser: String,
    /// The endpoint chosen now; a session's own endpoint wins.
    pub endpoint: EndpointSummary,
}

/// Ids for sessions and requests: SHA-256 over a seed and a counter. Seeded
/// from `crypto.getRandomValues` in the page, fixed in tests.
struct Ids {
    seed: [u8; 32],
    count: u64,
}

impl Ids {
    fn next(&mut self) -> [u8; 32] {
        self.count += 1;
        let mut h = Sha256::new();
        h.update(self.seed);
        h.update(self.count.to_le_bytes());
        h.finalize().into()
    }

    fn uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        b.copy_from_slice(&self.next()[..16]);
        request::uuid_from_random(b)
    }
}

pub struct Doctor {
    ids: Ids,
    token: Option<Token>,
    analysis: Option<TokenAnalysis>,
    /// The page's own identity: the open session's, or one made by a comparison.
    identity: Option<SessionIdentity>,
    instance_session_id: Option<String>,
    session: Option<HeartbeatSession>,
    /// Fixed when the session opens: editing the URL later never redirects the token.
    session_target: Option<Target>,
    comparison: Option<Comparison>,
    clock_skew: Option<ClockSkew>,
    pasted: Option<PasteFindings>,
    /// A pasted terminal result block: while set, it is the run the verdict judges.
    terminal: Option<TerminalEvidence>,
    in_flight: Vec<(PlanId, Purpose)>,
    plans: u64,
    /// How often the token was dropped (Close, Forget): the page empties its
    /// credential fields when this changes.
    forgotten: u32,
    /// A command held until the user confirms sending an unrecognised
    /// credential to a host that is not Anthropic's (M4), with that base URL.
    held: Option<(String, Event)>,
    /// The base URL the user allowed the current unrecognised credential to go to.
    allowed_base: Option<String>,
}

impl Doctor {
    pub fn new(seed: [u8; 32]) -> Self {
        Doctor {
            ids: Ids { seed, count: 0 },
            token: None,
            analysis: None,
            identity: None,
            instance_session_id: None,
            session: None,
            session_target: None,
            comparison: None,
            clock_skew: None,
            pasted: None,
            terminal: None,
            in_flight: Vec::new(),
            plans: 0,
            forgotten: 0,
            held: None,
            allowed_base: None,
        }
    }

    /// Handles one event at `now_ms` (the endpoint's time) and says what to do.
    pub fn handle(&mut self, now_ms: f64, event: Event) -> Vec<Effect> {
        match event {
            Event::TokenText(raw) => {
                let parsed = (!raw.trim().is_empty()).then(|| token::parse_input(&raw));
                self.analysis = parsed.as_ref().map(|p| p.analysis.clone());
                let token = parsed.and_then(|p| p.token);
                if token != self.token {
                    // A go-ahead (M4) was given for that credential only.
                    self.allowed_base = None;
                    self.held = None;
                }
                self.token = token;
            }
            Event::InstanceText(text) => {
                self.instance_session_id = request::parse_session_id(&text);
            }
            Event::OpenSession {
                target,
                interval_s,
                cap,
            } => {
                if let Some(host) = self.needs_go_ahead(&target) {
                    let base = target.base_url.clone();
                    let then = Event::OpenSession {
                        target,
                        interval_s,
                        cap,
                    };
                    return self.hold(host, base, then);
                }
                let identity = request::identity_from_random(self.ids.next());
                self.identity = Some(identity.clone());
                // A browser session is a new run: a pasted terminal block no longer speaks.
                self.terminal = None;
                self.session = Some(HeartbeatSession::open(identity, now_ms, interval_s, cap));
                self.session_target = Some(target);
                self.comparison = None;
                return self.abort_all();
            }
            Event::Pause => self.with_session(|s| s.pause(now_ms)),
            Event::Resume => {
                let paused = self.session.as_ref().map(|s| s.status) == Some(SessionStatus::Paused);
                let ask = self
                    .session_target
                    .as_ref()
                    .filter(|_| paused)
                    .and_then(|t| Some((self.needs_go_ahead(t)?, t.base_url.clone())));
                if let Some((host, base)) = ask {
                    return self.hold(host, base, Event::Resume);
                }
                self.with_session(|s| s.resume(now_ms))
            }
            Event::Close => {
                let effects = self.close_session(now_ms);
                // L5: the secret does not outlive the session in the page.
                if self
                    .token
                    .as_ref()
                    .is_some_and(|t| t.expose() != DEMO_TOKEN)
                {
                    self.token = None;
                    self.forgotten += 1;
                }
                self.allowed_base = None;
                self.held = None;
                return effects;
            }
            Event::ForgetToken => {
                let effects = self.close_session(now_ms);
                self.token = None;
                self.analysis = None;
                self.allowed_base = None;
                self.held = None;
                self.forgotten += 1;
                return effects;
            }
            Event::Confirm(yes) => {
                let Some((base, then)) = self.held.take() else {
                    return Vec::new();
                };
                if !yes {
                    return vec![Effect::Notice("Nothing was sent.".into())];
                }
                self.allowed_base = Some(base);
                return self.handle(now_ms, then);
            }
            Event::SetInterval(seconds) => {
                if let Some(Err(e)) = self
                    .session
                    .as_mut()
                    .map(|s| s.set_interval(seconds, now_ms))
                {
                    return vec![Effect::Notice(e.0)];
                }
            }
            Event::Compare { target } => {
                return self.plan_comparison(Trigger::Manual, target, now_ms);
            }
            Event::MakeIdentity => {
                self.ensure_identity();
            }
            Event::Timer { late_by_ms } => return self.timer_fired(now_ms, late_by_ms),
            Event::Answers { plan, records } => return self.answers(plan, records, now_ms),
            Event::TerminalBlock(evidence) => {
                self.comparison = evidence.comparison.clone();
                self.terminal = Some(*evidence);
            }
            Event::ClientOutput(text) => {
                self.pasted = (!text.trim().is_empty()).then(|| paste::analyse_paste(&text));
            }
            Event::BrowserFact(fact) => {
                let event = match fact {
                    BrowserFact::Hidden => TimelineEvent::Hidden,
                    BrowserFact::Visible => TimelineEvent::Visible,
                    BrowserFact::Online => TimelineEvent::Online,
                    BrowserFact::Offline => TimelineEvent::Offline,
                };
                if let Some(s) = self.running_session() {
                    s.note(now_ms, event);
                }
            }
            Event::StartOver => {
                // A new endpoint: the token stays (it is what the user tests there).
                let mut effects = self.close_session(now_ms);
                effects.extend(self.abort_all());
                self.held = None;
                self.session = None;
                self.session_target = None;
                self.comparison = None;
                self.clock_skew = None;
                self.terminal = None;
                return effects;
            }
        }
        Vec::new()
    }

    /// When to wake the run with [`Event::Timer`] (quinn's `poll_timeout`):
    /// `None` while nothing is due (no session, paused, closed, cap reached)
    /// or while a heartbeat is in flight (its answer plans the next one).
    pub fn wake_at(&self, now_ms: f64) -> Option<f64> {
        if self.heartbeat_in_flight() {
            return None;
        }
        let wait = self.session.as_ref()?.ms_until_due(now_ms)?;
        Some(now_ms + wait)
    }

    fn with_session(&mut self, f: impl FnOnce(&mut HeartbeatSession)) {
        if let Some(s) = self.session.as_mut() {
            f(s)
        }
    }

    fn running_session(&mut self) -> Option<&mut HeartbeatSession> {
        self.session
            .as_mut()
            .filter(|s| s.status != SessionStatus::Closed)
    }

    fn abort_all(&mut self) -> Vec<Effect> {
        if self.in_flight.is_empty() {
            return Vec::new();
        }
        // Forgetting the plans is what drops late answers; the abort only saves the traffic.
        self.in_flight.clear();
        vec![Effect::AbortInFlight]
    }

    fn close_session(&mut self, now_ms: f64) -> Vec<Effect> {
        if self.running_session().is_none() {
            return Vec::new();
        }
        self.with_session(|s| s.close(now_ms));
        self.abort_all()
    }

    /// The host to name when sending the token to `target` needs the user's
    /// go-ahead first (M4): an unrecognised credential, a custom endpoint that
    /// is not Anthropic's API, and no go-ahead yet for this token and URL.
    fn needs_go_ahead(&self, target: &Target) -> Option<String> {
        let EndpointSummary::Custom { host } = &target.endpoint else {
            return None;
        };
        let anthropic = host == REAL_API_HOST;
        let allowed = self.allowed_base.as_deref() == Some(target.base_url.as_str());
        (self.token.is_some()
            && self.credential_kind() == CredentialKind::Unknown
            && !anthropic
            && !allowed)
            .then(|| host.clone())
    }

    /// Holds `then` until [`Event::Confirm`] and asks the question.
    fn hold(&mut self, host: String, base: String, then: Event) -> Vec<Effect> {
        self.held = Some((base, then));
        vec![Effect::Confirm(format!(
            "This credential does not start with a known Anthropic prefix, and {host} is not \
             Anthropic's API. Send it to {host}? Do so only if {host} is a gateway or proxy you \
             use with Claude Code."
        ))]
    }

    fn heartbeat_in_flight(&self) -> bool {
        self.in_flight
            .iter()
            .any(|(_, p)| matches!(p, Purpose::Heartbeat { .. }))
    }

    /// Whether a comparison is on its way (the Compare button waits for it).
    pub fn comparing(&self) -> bool {
        self.in_flight
            .iter()
            .any(|(_, p)| matches!(p, Purpose::Comparison(_)))
    }

    fn ensure_identity(&mut self) -> SessionIdentity {
        if let Some(i) = self.identity() {
            return i.clone();
        }
        let made = request::identity_from_random(self.ids.next());
        self.identity = Some(made.clone());
        made
    }

    /// The endpoint requests go to: a live session's own, else the one chosen now.
    fn target<'a>(&'a self, chosen: Option<&'a Target>) -> Option<&'a Target> {
        let live = self
            .session
            .as_ref()
            .is_some_and(|s| s.status != SessionStatus::Closed);
        if live {
            self.session_target.as_ref()
        } else {
            chosen
        }
    }

    fn build(
        &mut self,
        base: &str,
        identity: Option<&SessionIdentity>,
        request_id: String,
    ) -> Option<WireProbe> {
        let token = self.token.as_ref()?;
        let kind = self.credential_kind();
        Some(request::build_probe(
            base,
            token,
            kind,
            identity,
            &ProbeOptions {
                browser: true,
                count_tokens: false,
                client_request_id: request_id,
            },
        ))
    }

    fn new_plan(&mut self, purpose: Purpose, probes: Vec<PlannedProbe>) -> Effect {
        self.plans += 1;
        let id = PlanId(self.plans);
        self.in_flight.push((id, purpose));
        Effect::Send(Plan {
            id,
            purpose,
            probes,
        })
    }

    fn timer_fired(&mut self, now_ms: f64, late_by_ms: f64) -> Vec<Effect> {
        if self.heartbeat_in_flight() {
            return Vec::new();
        }
        let due_now = self
            .session
            .as_ref()
            .is_some_and(|s| s.status == SessionStatus::Running && s.due_at() <= now_ms);
        if let Some(host) = self
            .session_target
            .as_ref()
            .filter(|_| due_now)
            .and_then(|t| self.needs_go_ahead(t))
        {
            // The token changed to an unrecognised one: ask first (on Resume).
            self.with_session(|s| s.pause(now_ms));
            return vec![Effect::Notice(format!(
                "The session was paused: the new token is sent to {host} only after you confirm. Press Resume to be asked."
            ))];
        }
        let Some(s) = self.session.as_mut() else {
            return Vec::new();
        };
        let due = s.due_at();
        s.timer_fired(due, due + late_by_ms);
        let Some(seq) = s.begin_heartbeat(now_ms) else {
            return Vec::new();
        };
        let identity = s.identity.clone();
        let base = self.session_target.as_ref().map(|t| t.base_url.clone());
        let request_id = self.ids.uuid();
        let Some(request) = base.and_then(|b| self.build(&b, Some(&identity), request_id)) else {
            // No usable token any more: stop rather than send nonsense.
            self.with_session(|s| s.pause(now_ms));
            return vec![Effect::Notice(
                "The session was paused: there is no usable token to send.".into(),
            )];
        };
        let probe = PlannedProbe {
            kind: ProbeKind::Session,
            session_id: Some(identity.session_id),
            request,
        };
        vec![self.new_plan(Purpose::Heartbeat { seq }, vec![probe])]
    }

    /// Why "Compare now" would be refused now, if it would.
    pub fn compare_refusal(&self, now_ms: f64) -> Option<String> {
        if self.token_cleared() {
            return Some(
                "The token was cleared when the session closed: paste it again (step 2).".into(),
            );
        }
        if self.token.is_none() {
            return Some("Enter a token first (step 2).".into());
        }
        if self.comparing() {
            return Some("A comparison is already on its way.".into());
        }
        let until = self.session.as_ref()?.backoff_until_ms?;
        (until > now_ms).then(|| {
            format!(
                "The API asked to wait (rate limited): comparing is possible again in {}.",
                crate::text::duration(until - now_ms)
            )
        })
    }

    /// Plans the raw, session (and instance) probes. Respects a running
    /// 429/529 backoff: the server asked for quiet, whoever asks.
    fn plan_comparison(
        &mut self,
        trigger: Trigger,
        chosen: Option<Target>,
        now_ms: f64,
    ) -> Vec<Effect> {
        if let Some(why) = self.compare_refusal(now_ms) {
            return vec![Effect::Notice(why)];
        }
        let Some(target) = self.target(chosen.as_ref()).cloned() else {
            return vec![Effect::Notice(
                "Choose a usable endpoint first (step 1).".into(),
            )];
        };
        if let Some(host) = self.needs_go_ahead(&target) {
            if trigger != Trigger::Manual {
                return Vec::new();
            }
            let then = Event::Compare { target: chosen };
            return self.hold(host, target.base_url, then);
        }
        let base = target.base_url;
        let identity = self.ensure_identity();
        let instance = self
            .instance_session_id
            .clone()
            .map(|session_id| SessionIdentity {
                session_id,
                device_id: identity.device_id.clone(),
            });
        let mut probes = Vec::new();
        for (kind, id) in [
            (ProbeKind::Raw, None),
            (ProbeKind::Session, Some(&identity)),
            (ProbeKind::Instance, instance.as_ref()),
        ] {
            if kind == ProbeKind::Instance && id.is_none() {
                continue;
            }
            let request_id = self.ids.uuid();
            let Some(request) = self.build(&base, id, request_id) else {
                return Vec::new();
            };
            probes.push(PlannedProbe {
                kind,
                session_id: id.map(|i| i.session_id.clone()),
                request,
            });
        }
        vec![self.new_plan(Purpose::Comparison(trigger), probes)]
    }

    fn answers(&mut self, plan: PlanId, records: Vec<ProbeRecord>, now_ms: f64) -> Vec<Effect> {
        // Unknown plans (closed, started over, re-opened) are dropped here.
        let Some(at) = self.in_flight.iter().position(|(id, _)| *id == plan) else {
            return Vec::new();
        };
        let (_, purpose) = self.in_flight.remove(at);
        for r in &records {
            self.note_clock_skew(r);
        }
        match purpose {
            Purpose::Heartbeat { seq } => {
                let Some(record) = records.into_iter().next() else {
                    return Vec::new();
                };
                let follow = self
                    .running_session()
                    .map(|s| s.record_heartbeat(seq, record));
                if follow.is_some_and(|f| f.auto_capture) {
                    return self.plan_comparison(Trigger::AutoCapture, None, now_ms);
                }
            }
            Purpose::Comparison(trigger) => {
                self.record_comparison(Comparison::from_probes(trigger, records, now_ms));
            }
        }
        Vec::new()
    }

    /// The one entry for a comparison from elsewhere (the terminal result block)
    /// as well as our own: it becomes the current comparison and joins the
    /// session's timeline.
    fn record_comparison(&mut self, comparison: Comparison) {
        let same_session = |s: &&mut HeartbeatSession| {
            comparison.trigger == Trigger::Terminal
                || comparison
                    .probe(ProbeKind::Session)
                    .and_then(|p| p.session_id.as_ref())
                    == Some(&s.identity.session_id)
        };
        if let Some(s) = self.session.as_mut().filter(same_session) {
            s.record_comparison(comparison.clone());
        }
        self.comparison = Some(comparison);
    }

    /// The first answer with a `date` header gives the device/server clock skew.
    fn note_clock_skew(&mut self, record: &ProbeRecord) {
        if self.clock_skew.is_some() {
            return;
        }
        if let Outcome::Answered(answer) = &record.outcome {
            if let Some(date) = answer.server_date_ms {
                self.clock_skew = Some(ClockSkew::measure(
                    record.sent_at_ms,
                    record.latency_ms,
                    date,
                ));
            }
        }
    }

    // ---------- what the page shows ----------

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Whether the token was dropped when the session closed, its fingerprint
    /// kept for the report (L5).
    pub fn token_cleared(&self) -> bool {
        self.token.is_none()
            && self
                .analysis
                .as_ref()
                .is_some_and(|a| a.fingerprint.is_some() && a.kind.can_send())
    }

    /// Changes whenever the token was dropped (Close, Forget): the page then
    /// empties every field that held it.
    pub fn forgotten(&self) -> u32 {
        self.forgotten
    }

    /// Whether a command waits for [`Event::Confirm`].
    pub fn awaiting_confirmation(&self) -> bool {
        self.held.is_some()
    }

    /// The last line of defence: whether a text about to leave holds the token.
    pub fn leaks_token(&self, text: &str) -> bool {
        self.token.as_ref().is_some_and(|t| t.occurs_in(text))
    }

    pub fn analysis(&self) -> Option<&TokenAnalysis> {
        self.analysis.as_ref()
    }

    pub fn credential_kind(&self) -> CredentialKind {
        self.analysis
            .as_ref()
            .map_or(CredentialKind::Unknown, |a| a.kind)
    }

    pub fn session(&self) -> Option<&HeartbeatSession> {
        self.session.as_ref()
    }

    /// How many of the open session's latest heartbeats its timeline keeps in
    /// full (older ones are summarised into runs). For tests and tools that
    /// compare a summarised history with a full one.
    pub fn keep_full_heartbeats(&mut self, heartbeats: usize) {
        if let Some(s) = &mut self.session {
            s.timeline.set_keep(heartbeats);
        }
    }

    /// Where a live session sends its requests (fixed when it opened).
    pub fn session_target(&self) -> Option<&Target> {
        self.target(None)
    }

    /// The open session's identity, else the page's own (made by a comparison).
    pub fn identity(&self) -> Option<&SessionIdentity> {
        self.session
            .as_ref()
            .map(|s| &s.identity)
            .or(self.identity.as_ref())
    }

    pub fn instance_session_id(&self) -> Option<&str> {
        self.instance_session_id.as_deref()
    }

    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    pub fn clock_skew(&self) -> Option<ClockSkew> {
        self.clock_skew
    }

    pub fn pasted(&self) -> Option<&PasteFindings> {
        self.pasted.as_ref()
    }

    /// The request as it would be sent now, token replaced by its fingerprint.
    pub fn preview(&self, chosen: Option<&Target>, kind: ProbeKind) -> Option<String> {
        let identity = match kind {
            ProbeKind::Raw => None,
            _ => Some(self.identity()?),
        };
        let base = &self.target(chosen)?.base_url;
        let token = self.token.as_ref()?;
        let options = ProbeOptions {
            browser: true,
            count_tokens: false,
            client_request_id: "<a new UUID for every request>".into(),
        };
        let request = request::build_probe(base, token, self.credential_kind(), identity, &options);
        Some(request.redacted().to_http_text())
    }

    /// The live verdict from everything the run knows.
    pub fn verdict(&self) -> Verdict {
        if let Some(t) = &self.terminal {
            return verdict::diagnose(&Evidence {
                token: self.analysis.as_ref(),
                timeline: Some(&t.timeline),
                comparison: t.comparison.as_ref(),
                local: Some(&t.local),
                ..Evidence::default()
            });
        }
        verdict::diagnose(&Evidence {
            token: self.analysis.as_ref(),
            timeline: self.session.as_ref().map(|s| &s.timeline),
            comparison: self.comparison.as_ref(),
            pasted: None,
            clock_skew_ms: self.clock_skew.map(|s| s.skew_ms),
            local: None,
        })
    }

    /// The terminal doctor's evidence, when a result block was pasted.
    pub fn terminal(&self) -> Option<&TerminalEvidence> {
        self.terminal.as_ref()
    }

    /// The verdict on the pasted client output alone.
    pub fn paste_verdict(&self) -> Option<Verdict> {
        self.pasted.as_ref().map(|p| {
            verdict::diagnose(&Evidence {
                pasted: Some(p),
                ..Evidence::default()
            })
        })
    }

    /// The verdict a report carries: the live one, or the pasted text's when
    /// nothing was tested live.
    pub fn report_verdict(&self) -> Verdict {
        report_verdict(&self.verdict(), self.paste_verdict().as_ref()).clone()
    }

    /// The one place that decides what leaves the page: public parts only.
    pub fn report(&self, meta: ReportMeta) -> SharedReport {
        let endpoint = match self.session_target.as_ref() {
            Some(t) if self.session.is_some() => t.endpoint.clone(),
            _ => meta.endpoint,
        };
        let mut report = SharedReport {
            schema: SCHEMA_VERSION,
            created_at_ms: meta.created_at_ms,
            page_version: meta.page_version,
            browser: meta.browser,
            endpoint,
            token: self.analysis.clone().map(|a| TokenSummary {
                kind: a.kind,
                fingerprint: a.fingerprint,
                issues: a.issues,
                credentials: a.credentials,
            }),
            session_id: self.identity().map(|i| i.session_id.clone()),
            instance_session_id: self.instance_session_id.clone(),
            timeline: match (&self.terminal, &self.session) {
                (Some(t), _) => t.timeline.clone(),
                (None, Some(s)) => s.timeline.clone(),
                (None, None) => Default::default(),
            },
            comparison: self.comparison.clone(),
            pasted: self.pasted.clone(),
            clock_skew: self.clock_skew,
            verdict: self.report_verdict(),
            // The page adds the browser's ledger (src/components/ledger.rs).
            ledger: None,
            // A live report holds the whole timeline; only a share link bounds it.
            timeline_omitted: None,
            // The page adds the user's note.
            note: None,
            simulated: None,
        };
        report.simulated = Some(report.is_simulated());
        report
    }
}

type WireProbe = crate::http::WireRequest;

/// The verdict a report carries: the live one, or the pasted text's when
/// nothing was tested live. (For views that hold both verdicts already.)
pub fn report_verdict<'a>(live: &'a Verdict, pasted: Option<&'a Verdict>) -> &'a Verdict {
    match pasted {
        Some(p) if live.code == ResultCode::NotRun => p,
        _ => live,
    }
}

#[cfg(test)]
mod tests;

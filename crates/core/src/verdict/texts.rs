//! The words of every verdict, one entry per code, in one place: the page,
//! the reports and docs/result-codes.md all come from this table.
//!
//! Certainty wording follows the facts file: "documented" where the vendor
//! says so, "reported" where users saw it, "likely" where we infer.

use super::ResultCode;
use strum::VariantArray;

/// The fixed texts of one result code. The rules may specialise the headline
/// and add sentences, but start from these.
pub struct CodeText {
    pub headline: &'static str,
    /// When the code is given (for the documentation).
    pub when: &'static str,
    pub meaning: &'static str,
    pub likely_cause: &'static str,
    pub next_steps: &'static [&'static str],
}

/// The fallback every "could not test" verdict offers.
pub const TERMINAL_STEP: &str = "Use the terminal check instead: copy the curl script from this page, run it in a terminal on the same computer and paste its output here. It sends the same requests without the browser's restrictions.";

pub const COMPARE_STEP: &str = "Test the token itself: under Test my token, press Compare now. It sends a fresh raw request and a session request at the same instant, which separates a bad token from a rejected session.";

pub const INSTANCE_ID_STEP: &str = "In the failing instance, type `! echo $CLAUDE_CODE_SESSION_ID` (the `!` prefix runs it locally, without an API call), paste the id on this page and press Compare now.";

pub const ENV_STEP: &str = "Check which credential the instance really uses: `! env | grep -oE '^(ANTHROPIC_AUTH_TOKEN|ANTHROPIC_API_KEY|CLAUDE_CODE_OAUTH_TOKEN)='` lists the variables that are set without printing their values. A set variable takes precedence over the stored login (documented order: ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY, apiKeyHelper, CLAUDE_CODE_OAUTH_TOKEN, then the stored login).";

pub const UPDATE_STEP: &str = "Update Claude Code (`claude update`): version 2.1.178 fixed a stale cached request configuration that survived a refresh made outside the instance (documented).";

pub const SUPPORT_STEP: &str = "If it persists, contact support with this result code and the request ids listed under Evidence (support can look requests up by id). The report from this page carries no token.";

/// What a session-bound result does not prove, and the documented causes that
/// fit the same evidence (field notes 2026-12, 1.3).
pub const BINDING_CAUTION: &str = "No documentation says the API rejects requests because of a session id, and several sources contradict it: the session id header was added so proxies can group requests (documented, Claude Code 2.1.86), proxies that drop or rewrite it keep working, and clients that send none are accepted. Causes that fit the same evidence: a server-side login or account session behind the token that is judged per request (reported: `account_session_invalid`, `session_stale_relogin`, and the same token accepted on one endpoint and refused on another in the same second); a proxy or gateway on the way that treats requests carrying a session id or a user id in the request body (`metadata.user_id`) differently; or the token revoked between the two requests (unlikely within a second; repeating the comparison rules it out).";

pub const PASTE_OUTPUT_STEP: &str =
    "To judge an error your instance printed, paste that text on this page.";

pub const CLOCK_STEP: &str = "Set this device's clock to update automatically (network time): expiry times shown locally, and Claude Code's own local expiry check, depend on it.";

pub fn text(code: ResultCode) -> CodeText {
    match code {
        ResultCode::NotRun => CodeText {
            headline: "Nothing has been tested yet.",
            when: "No request got an answer and no pasted error text was recognised.",
            meaning: "There is no evidence to judge yet: nothing about the token was learnt.",
            likely_cause: "No test has run.",
            next_steps: &[
                "Paste your access token (or the whole `.credentials.json`) and start the session, or press Compare now.",
                PASTE_OUTPUT_STEP,
                TERMINAL_STEP,
            ],
        },
        ResultCode::AllOk => CodeText {
            headline: "Your token works, both on a fresh request and inside this page's long-running session.",
            when: "Every request of the comparison answered 200 and no instance session id was tested (or, without a comparison, the latest heartbeats answered 200).",
            meaning: "The API accepted this token just now, with and without a session identity. If your instance still gets 401, what the instance sends differs from what was tested here.",
            likely_cause: "Nothing is wrong with this token at this moment. If your instance still fails, the competing explanations are: it sends a different token (an old one held in memory after another process refreshed the shared login, or one from an environment variable that takes precedence), or the rejection is bound to its own session id. Testing with the instance's session id separates them.",
            next_steps: &[
                INSTANCE_ID_STEP,
                ENV_STEP,
                "Keep the session running: if a heartbeat fails after earlier successes, the page captures a comparison at that moment.",
            ],
        },
        ResultCode::SessionRejected => CodeText {
            headline: "The token works on a fresh request but is rejected inside this page's long-running session: the reported symptom, reproduced.",
            when: "In the same-instant comparison the raw request (no session id) answered 200 and the session request (same token, this page's session id) got an authentication error.",
            meaning: "The same token, sent at the same moment, was accepted without a session identity and refused with one. This reproduces the reported symptom (a long-running instance gets 401 while curl with the same token works). It shows that the refusal follows the requests that carry this session's identity; it does not show why, and it does not prove that the server binds rejections to the session id.",
            likely_cause: BINDING_CAUTION,
            next_steps: &[
                "In the affected Claude Code instance run `/login`; if the error continues, restart the instance (a new session gets a new session id).",
                UPDATE_STEP,
                "Press Compare now again to confirm the result repeats.",
                SUPPORT_STEP,
            ],
        },
        ResultCode::InstanceRejected => CodeText {
            headline: "Your token works, but requests carrying your instance's own session id are rejected.",
            when: "At the same instant the raw request and this page's session answered 200, while the request carrying the pasted instance session id got an authentication error.",
            meaning: "The token was accepted at that moment. Only the request carrying the failing instance's session id was refused, which reproduces the instance's symptom with its own identity. It does not prove that the server binds rejections to that id, nor why.",
            likely_cause: BINDING_CAUTION,
            next_steps: &[
                "Restart the failing instance (or start a new session): a new session id is not affected. Run `/login` there if it asks.",
                UPDATE_STEP,
                SUPPORT_STEP,
            ],
        },
        ResultCode::InstanceStaleToken => CodeText {
            headline: "The token works, even with your instance's own session id, so the instance is most likely sending a different, stale token.",
            when: "At the same instant the raw request, this page's session and the request carrying the pasted instance session id all answered 200.",
            meaning: "Neither the token nor the instance's session id is refused. What the instance sends must differ from what was tested here, most likely its credential.",
            likely_cause: "Most likely the running instance holds an old access token in memory: another process refreshed the shared login, refresh tokens rotate and the old access token was revoked (documented for parallel sessions, wake from sleep, remote control and daemons). A stale cached request configuration that survived a refresh made elsewhere is another documented cause (fixed in Claude Code 2.1.178). Or an environment variable such as ANTHROPIC_AUTH_TOKEN or CLAUDE_CODE_OAUTH_TOKEN takes precedence over the stored login, so the instance never used the token tested here. This page cannot see the token the instance sends, so it cannot tell these apart.",
            next_steps: &[
                "In the failing instance run `/login`; if it still fails, restart the instance so it reads the current login.",
                ENV_STEP,
                UPDATE_STEP,
                SUPPORT_STEP,
            ],
        },
        ResultCode::TokenExpired => CodeText {
            headline: "The token has expired.",
            when: "The API answered `OAuth token has expired…` or `OAuth access token has expired…` (on every request compared, or on the latest heartbeat or pasted error).",
            meaning: "The API says this access token is past its lifetime. Access tokens last about 8 hours; Claude Code normally refreshes them by itself.",
            likely_cause: "The API said so with its documented expiry message. Most likely Claude Code's refresh failed or has not happened yet, or this is an old copy of a token that was refreshed elsewhere.",
            next_steps: &[
                "Run `/login` in Claude Code (or restart it so it refreshes the login), then paste the new token here and test again.",
                "For scripts, CI and other unattended use, create a long-lived token with `claude setup-token` (valid about a year) instead of copying the interactive login.",
                "If a fresh token expires again within minutes, compare the device clock with the server's (see Evidence).",
            ],
        },
        ResultCode::TokenRevoked => CodeText {
            headline: "The token has been revoked.",
            when: "The API answered `OAuth access token has been revoked` or `OAuth token revoked`.",
            meaning: "The API refused this access token as revoked: it will not work again, even before its expiry time.",
            likely_cause: "Documented: when the shared login is refreshed (by another Claude Code process, after waking from sleep, by remote control or a daemon), the refresh token rotates and older access tokens are revoked. Logging out or revoking the authorization does the same.",
            next_steps: &[
                "Run `/login` in the affected instance, or restart it so it reads the current login.",
                "If several processes share one login, expect this after any of them refreshes it: restart the others too.",
                "For unattended use, create a separate token with `claude setup-token` rather than sharing the interactive login.",
            ],
        },
        ResultCode::CredentialsRejected => CodeText {
            headline: "The API rejects this credential on every request: `Invalid authentication credentials`.",
            when: "Both the raw and the session request (or the latest heartbeat, or a pasted error) got 401 `Invalid authentication credentials`.",
            meaning: "The token's format was recognised, but the credential, or the account or organization behind it, was refused. The vendor says an expired token is not the cause of this message.",
            likely_cause: "Most likely the token was revoked or replaced (for example another process refreshed the shared login), or the account or organization is disabled. The API does not say which.",
            next_steps: &[
                "Run `/login`, then paste the new token here and test again.",
                "Check that the account and its subscription are active in the claude.ai settings.",
                SUPPORT_STEP,
            ],
        },
        ResultCode::TokenMalformed => CodeText {
            headline: "The token is malformed or incomplete.",
            when: "The check of what you pasted found it cut off or corrupted, or the API answered `Invalid bearer token`, `Invalid OAuth token … not found or is malformed` or `invalid x-api-key`.",
            meaning: "The token is not a complete, well-formed credential, so the API could not judge the login behind it.",
            likely_cause: "Most often a copy mistake: a token cut at a terminal line wrap (around 80 characters), stray spaces, quotes or a typographic character. `Invalid bearer token` is the answer a truncated token gets.",
            next_steps: &[
                "Copy the token again in one piece: from `.credentials.json` (field `claudeAiOauth.accessToken`), or from the output of `claude setup-token` with the terminal wide enough that it is not wrapped.",
                "Compare its length with the usual 108 characters (shown in the fingerprint).",
                "Paste it again and retest.",
            ],
        },
        ResultCode::WrongCredentialKind => CodeText {
            headline: "This is not a credential that can send API requests.",
            when: "The pasted credential is a refresh token (`sk-ant-ort01-`), an Admin API key (`sk-ant-admin01-`) or a claude.ai session cookie (`sk-ant-sid01-`), and no request succeeded with it.",
            meaning: "Refresh tokens, Admin API keys and claude.ai session cookies cannot send a message request, so nothing about your login's validity was learnt from it.",
            likely_cause: "A copy mistake: `.credentials.json` holds both an access token (`sk-ant-oat01-`) and a refresh token (`sk-ant-ort01-`), and it is easy to take the wrong one.",
            next_steps: &[
                "Paste the access token (it starts with `sk-ant-oat01-`), or paste the whole `.credentials.json` and let the page pick it.",
                "For an API key, use a regular key (`sk-ant-api03-`), not an Admin key.",
                "Then test again.",
            ],
        },
        ResultCode::OAuthBetaMissing => CodeText {
            headline: "The API did not accept OAuth for this request: `OAuth authentication is currently not supported.`",
            when: "The API answered 401 `OAuth authentication is currently not supported.`",
            meaning: "The request went without the OAuth beta header, so the API did not consider the OAuth token at all. This says nothing about whether the token itself is valid.",
            likely_cause: "OAuth access tokens need the header `anthropic-beta: oauth-2025-04-20` (documented and reported). A client, proxy or gateway that drops or replaces that header gets this answer on every OAuth request.",
            next_steps: &[
                "If you call the API yourself, send `anthropic-beta: oauth-2025-04-20` together with `Authorization: Bearer`.",
                "If a proxy or gateway sits in between, check that it forwards the `anthropic-beta` header unchanged.",
                "If Claude Code itself shows this, update it (`claude update`) and check ANTHROPIC_BASE_URL.",
            ],
        },
        ResultCode::ClaudeCodeOnly => CodeText {
            headline: "This credential is only authorized for use with Claude Code.",
            when: "The API answered 400 `This credential is only authorized for use with Claude Code and cannot be used for other API requests.`",
            meaning: "The token was recognised, but the API refused this kind of request for it. This is not the 401 being diagnosed: the login itself is not rejected.",
            likely_cause: "The message is the API's own (documented). Most likely the request's shape differed from what Claude Code sends, and this credential is limited to Claude Code's own requests.",
            next_steps: &[
                "Use this token only through Claude Code; for other tools create an API key (`sk-ant-api03-`).",
                "If Claude Code itself shows this, update it (`claude update`) and check that no proxy rewrites its requests.",
            ],
        },
        ResultCode::MissingScope => CodeText {
            headline: "The token lacks a permission (scope) this request needs.",
            when: "The API answered 403 `OAuth token does not meet scope requirement…`.",
            meaning: "The token is valid but was granted fewer scopes than this request needs. It is not an expired or revoked login.",
            likely_cause: "Most likely the token was issued with a narrower set of scopes than the request needs (the message names the missing scope); a token made for one purpose may not carry all the scopes of an interactive login.",
            next_steps: &[
                "Compare the scopes listed in your `.credentials.json` (shown under Evidence when pasted) with the scope named in the message.",
                "Run `/login` to get a token with the usual scopes (`user:inference`, `user:profile`, `user:sessions:claude_code`).",
            ],
        },
        ResultCode::RateLimited => CodeText {
            headline: "The API is rate limiting these requests (429).",
            when: "The API answered 429 `rate_limit_error` on the requests judged.",
            meaning: "The requests were refused because of usage limits, not because of the login: a rate limit is not an authentication failure.",
            likely_cause: "The account's or organization's limits were reached, possibly by other Claude Code sessions that share them (see the `anthropic-ratelimit-unified-*` values under Evidence).",
            next_steps: &[
                "Wait until the time given by `retry-after`: the page's heartbeat already waits on its own.",
                "Use a longer heartbeat interval so the test uses less of your quota.",
                "Test again after the limit resets.",
            ],
        },
        ResultCode::Overloaded => CodeText {
            headline: "The API is overloaded right now (529).",
            when: "The API answered 529 `overloaded_error` on the requests judged.",
            meaning: "The API could not take the request at that moment. This is not about your token or session.",
            likely_cause: "Temporary load on the API.",
            next_steps: &[
                "Wait a few minutes; the heartbeat backs off on its own.",
                "Test again, then press Compare now.",
            ],
        },
        ResultCode::ServerError => CodeText {
            headline: "The API answered with a server error (5xx).",
            when: "The API answered 500, 502, 503, 504 or another 5xx in its own error format.",
            meaning: "The request failed inside the API. This is not about your token or session.",
            likely_cause: "A temporary fault on the API's side.",
            next_steps: &[
                "Test again in a few minutes.",
                "If it persists, contact support with the request ids listed under Evidence.",
            ],
        },
        ResultCode::BrowserBlocked => CodeText {
            headline: "Could not test: the browser blocked the request, so nothing about the token was learnt.",
            when: "Every request was refused by the browser (CORS), or the API answered with one of its two CORS messages.",
            meaning: "The browser refused to send the request or to let the page read the answer. This is a limit of testing from a web page; nothing about the token was learnt and it is not a verdict on it.",
            likely_cause: "One of: the answer lacked the headers a browser needs; the organization refuses browser requests (`CORS requests are not allowed for this Organization…`); the request lacked `anthropic-dangerous-direct-browser-access`; or an extension or network filter interfered. Whether consumer OAuth tokens are accepted from a browser at all is not verified.",
            next_steps: &[
                TERMINAL_STEP,
                "If you use a custom endpoint, make sure it answers browser (CORS) requests, including the preflight.",
                "Try again with browser extensions that filter requests turned off.",
            ],
        },
        ResultCode::NetworkUnreachable => CodeText {
            headline: "Could not test: the API could not be reached, so nothing about the token was learnt.",
            when: "No request got an answer (offline, DNS, TLS, connection reset, timeout), or heartbeats failed without an answer between successful ones.",
            meaning: "No answer came back, so nothing about the token was learnt. A browser reports being offline, DNS, TLS and firewall failures with the same opaque error.",
            likely_cause: "A network problem between this device and the API: no connection, a VPN, proxy or firewall, or a computer that went to sleep.",
            next_steps: &[
                "Check the connection (and any VPN, proxy or firewall), then test again.",
                TERMINAL_STEP,
                "With a custom endpoint, check its address.",
            ],
        },
        ResultCode::NotApi => CodeText {
            headline: "Could not test: something other than the API answered, so nothing about the token was learnt.",
            when: "The answers were HTML pages or other bodies that are not the API's, as a proxy, gateway, captive portal or CDN sends.",
            meaning: "The request did not reach the API, or its answer was replaced on the way, so nothing about the token was learnt.",
            likely_cause: "A proxy or corporate gateway, a captive Wi-Fi portal waiting for a sign-in, or a custom endpoint address that is wrong.",
            next_steps: &[
                "Check the endpoint address on this page (and ANTHROPIC_BASE_URL in your instance).",
                "If the network has a sign-in page, open any website to complete it.",
                TERMINAL_STEP,
            ],
        },
        ResultCode::LocalLoginExpired => CodeText {
            headline: "Claude Code reported `Login expired` by itself: no request reached the API.",
            when: "The pasted text contains `Login expired · Please run /login` and no API answer says more.",
            meaning: "Claude Code produces this message locally when it believes its stored login has expired. The API never saw a request, so this is not a rejection by the server.",
            likely_cause: "Most likely the stored login's expiry time (`expiresAt`) has passed and it could not be refreshed. A device clock that is far off can also make a valid login look expired.",
            next_steps: &[
                "Run `/login` in that instance.",
                "Check that the device clock is right.",
                "If it keeps happening, paste your `.credentials.json` here (it is never stored) to see its expiry times.",
            ],
        },
        ResultCode::StaleTokenInMemory => CodeText {
            headline: "A running Claude Code instance started before your stored login was last refreshed, so it most likely still holds the old access token in memory.",
            when: "The terminal doctor found a running `claude` process that started before the stored login (`.credentials.json` or the Keychain item) last changed, with no credential variable in its environment, while a request with the store's current token was accepted (or not sent).",
            meaning: "Another process refreshed the shared login after this instance read it. The instance keeps sending the token it read at start, which the API may now refuse, while a fresh request with the current token works.",
            likely_cause: "A stale access token held in memory after another process refreshed the shared login: refresh tokens rotate, and a refresh can revoke the access token other processes still hold (documented for parallel sessions, wake from sleep, remote control and daemons; reported in #58066). Before 2.1.117 Claude Code did not refresh after a 401, and 2.1.178 fixed a stale cached request configuration (both documented).",
            next_steps: &[
                "Restart the instance listed under Evidence (exit it and start `claude` again; `claude --resume` continues the conversation): a new process reads the current login.",
                UPDATE_STEP,
                "Avoid refreshing one login from many processes at once (several terminals, IDE windows and headless jobs on one account).",
                SUPPORT_STEP,
            ],
        },
        ResultCode::EnvCredentialShadows => CodeText {
            headline: "A credential from an environment variable takes precedence over your stored login, so Claude Code sends that one instead.",
            when: "The pasted text says `Invalid API key · Fix external API key` or `Your ANTHROPIC_API_KEY belongs to a disabled organization`, or the terminal doctor found ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN set (in its shell or in a running instance's environment) with a fingerprint different from the stored login's token.",
            meaning: "Claude Code uses the first credential in its documented order: ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY, apiKeyHelper, CLAUDE_CODE_OAUTH_TOKEN, then the stored login. A set variable wins even when the login is fresh, so `/login` does not change what is sent, and a login tested here is not what the instance sends.",
            likely_cause: "A variable exported in a shell profile, an `.env` file, a service definition, a daemon's environment or an IDE's settings, often holding an older token (for example a `claude setup-token` token or a key that was since revoked).",
            next_steps: &[
                ENV_STEP,
                "Unset the variable (or update its value) in the environment the instance starts from, then restart the instance. If you meant to use that credential, replace its value with a current one instead.",
                "Run `/status` in the instance: its `Auth token` and `API key` rows show which credential is active without sending a request.",
            ],
        },
        ResultCode::StoreDamaged => CodeText {
            headline: "Your stored login is damaged, so Claude Code cannot renew it.",
            when: "The terminal doctor read the stored login and found an empty refresh token, `expiresAt` of 0, or `scopes` that is not a list.",
            meaning: "A login in this state cannot be refreshed: once its access token ends, every request is refused until you log in again.",
            likely_cause: "Reported when several processes refreshed one login at the same time: a refresh race left the refresh token empty and `expiresAt` at 0. A `scopes` value that is not a list silently stopped refresh before 2.1.143 (documented).",
            next_steps: &[
                "In Claude Code run `/logout`, then `/login`.",
                "If it still fails, quit every Claude Code process, move the file aside (`mv ~/.claude/.credentials.json ~/.claude/credentials.json.bak`) and run `/login` again: reported to help when `/login` alone did not.",
                UPDATE_STEP,
            ],
        },
        ResultCode::LoginEnding => CodeText {
            headline: "Your stored login is close to its end: soon it can no longer be renewed.",
            when: "The stored login's `refreshTokenExpiresAt` is less than 3 days away (or already past) and no request failure explains more.",
            meaning: "Access tokens last about 8 hours and are renewed from the login's refresh token. When that ends, every process is refused until you log in again.",
            likely_cause: "The login reaches its lifetime (refresh tokens last about 2-4 weeks). Claude Code 2.1.203 and later warns `Your login expires in 3 days` (documented).",
            next_steps: &[
                "Run `/login` in Claude Code now, then restart long-running instances so they read the new login.",
                "Check with `/status`: the `Login` row shows whether the login has expired.",
            ],
        },
        ResultCode::ClientOutdated => CodeText {
            headline: "Your token works, but your Claude Code is older than fixes for this kind of authentication failure.",
            when: "The terminal doctor read `claude --version`, the changelog lists fixes for stale or rotated tokens after that version, and nothing else found explains a failure.",
            meaning: "The token was accepted. A long-running instance of this version can still fail on problems later releases fixed.",
            likely_cause: "The fixes released after your version are listed under Evidence (from the changelog up to 2.1.240; later fixes are not known to this page).",
            next_steps: &[
                "Update Claude Code (`claude update`) and restart running instances.",
                "If it happens again after the update, run the terminal doctor until the failure and paste the new block.",
                SUPPORT_STEP,
            ],
        },
        ResultCode::Inconclusive => CodeText {
            headline: "The results do not point to one cause yet.",
            when: "The requests failed in different ways, some could not be tested, or an answer was not one this page recognises.",
            meaning: "No single explanation fits what was seen, so this page does not name one.",
            likely_cause: "The answers seen do not fit one known cause. The evidence below shows what each request got.",
            next_steps: &[
                "Press Compare now again in a minute.",
                "Keep the session running to collect history.",
                TERMINAL_STEP,
                SUPPORT_STEP,
            ],
        },
        ResultCode::OrgMethodDisallowed => CodeText {
            headline: "Your organization does not allow this way of signing in.",
            when: "An answer or pasted text says `OAuth authentication is currently not allowed for this organization.`, `Your organization has disabled Claude subscription access for Claude Code` (code `oauth_org_not_allowed`) or `Your organization has disabled API key authentication`.",
            meaning: "The credential was recognised, but the organization behind it refuses this sign-in method (a subscription login, or an API key). Logging in again with the same method will not help.",
            likely_cause: "Documented: an organization admin turned the method off. The older 401 form of the OAuth sentence was also answered with \"your subscription has lapsed\" (reported), so check the subscription too.",
            next_steps: &[
                "Ask the organization's admin to enable the method, or use the other one (an Anthropic API key instead of the subscription login, or the reverse).",
                "Check in the claude.ai settings that the subscription is active.",
                "If you belong to several organizations, run `/login` and pick the one that allows this method.",
            ],
        },
        ResultCode::OrgDisabled => CodeText {
            headline: "The organization behind this credential has been disabled.",
            when: "An answer or pasted text says `This organization has been disabled.` (400).",
            meaning: "The API recognised the credential and refused it because its organization is disabled. No retry or new token from the same organization will work.",
            likely_cause: "Documented: the organization was disabled. Often it is an old API key from an environment variable (`ANTHROPIC_API_KEY`) that belongs to an organization no longer in use, while the subscription login would work.",
            next_steps: &[
                ENV_STEP,
                "Unset a stale `ANTHROPIC_API_KEY` (or update it) to use your subscription instead.",
                SUPPORT_STEP,
            ],
        },
        ResultCode::EnvValueInvalid => CodeText {
            headline: "Claude Code refused to send: a value from an environment variable cannot be a request header.",
            when: "The pasted text says `Invalid auth token · Fix external auth token`, `Invalid X-Api-Key header value from ANTHROPIC_API_KEY`, `Invalid ANTHROPIC_CUSTOM_HEADERS` or `Invalid request header from the environment`.",
            meaning: "The client checked the value before sending and found a line break, NUL or non-Latin-1 character, so no request reached the API. The API has not judged the credential.",
            likely_cause: "Documented: a paste artefact in the variable (a token copied across a terminal line wrap, a trailing newline, a typographic character).",
            next_steps: &[
                "Set the variable again from a clean copy, on one line (for example `export ANTHROPIC_AUTH_TOKEN=\"$(cat token.txt | tr -d '\\n')\"`), then restart the instance.",
                "Paste the same value into this page's token field (it is never stored): the paste check names the exact character and position.",
            ],
        },
        ResultCode::ApiKeyHelperFailing => CodeText {
            headline: "The apiKeyHelper script is failing, so Claude Code has no usable key.",
            when: "The pasted text says `Your apiKeyHelper script is failing` or that the helper `returned output that cannot be used as an API key`.",
            meaning: "The credential comes from the `apiKeyHelper` script in your settings, not from the stored login, and the script failed or printed something that is not a key. `/login` does not change what the helper prints.",
            likely_cause: "Documented: the helper's own login with its provider expired, the script exited with an error, or it printed nothing. Before Claude Code 2.1.208 this was hidden behind a generic 401 after about 10 retries.",
            next_steps: &[
                "Run `/status` in the instance to see the script's error output.",
                "Run the helper command yourself in a terminal and check that it prints one key and nothing else.",
                "Re-authenticate with the helper's provider (the gateway or vault the script asks).",
            ],
        },
        ResultCode::NotLoggedIn => CodeText {
            headline: "Claude Code has no credential to send: it is not logged in.",
            when: "The pasted text says `Not logged in · Please run /login`, `Could not resolve authentication method…`, `Expected either apiKey or authToken to be set` or `OAuth error: timeout of 15000ms exceeded`.",
            meaning: "The client found no credential (or the login did not complete), so no request with a credential reached the API. This is not a rejection by the server.",
            likely_cause: "The process never logged in, a login timed out during the code exchange, or a worker or subprocess was started without the credential (documented for background, cloud and SDK workers; reported for wrapper-cached subprocesses that stay stuck on this message).",
            next_steps: &[
                "Run `/login` (or `claude auth login`) in the same environment the failing process runs in.",
                "For a worker, daemon or CI job, pass the credential explicitly (for example `CLAUDE_CODE_OAUTH_TOKEN` from `claude setup-token`).",
                "If a wrapper or bridge runs Claude Code for you, restart or clear that wrapper too: it may keep the old subprocess.",
            ],
        },
        ResultCode::RefreshTokenRejected => CodeText {
            headline: "The login could not be refreshed: the refresh token was refused.",
            when: "The pasted text says `refresh token was already used`, `OAuth refresh token is no longer valid`, or the token endpoint answered `invalid_grant` (`Refresh token not found or invalid`).",
            meaning: "The access token could not be renewed, so the process holding this login will fail until it logs in again. Every access token from this login stops working when it expires or is revoked.",
            likely_cause: "Refresh tokens rotate: each can be used once. `already used` means another process (a second window, a daemon, a scheduled `claude -p`) refreshed the shared login first and this one lost the race (reported). `invalid_grant` can also mean the refresh token expired or the login was revoked (inferred from third-party code).",
            next_steps: &[
                "Run `/login` in the failing process (or restart it after logging in elsewhere).",
                "Avoid several processes refreshing one login: give unattended jobs their own token from `claude setup-token`.",
                UPDATE_STEP,
            ],
        },
        ResultCode::BrowserRefusedByOrg => CodeText {
            headline: "Could not test from the browser: your organization refuses browser requests, which means the token was most likely recognised.",
            when: "The API answered 401 `CORS requests are not allowed for this Organization…` (also the `…because of custom retention settings` form).",
            meaning: "To apply its organization's browser policy the server had to find the organization behind the token, so the token was most likely recognised (inferred, not verified with a corrupted token). Whether it is accepted for messages could not be tested from this page.",
            likely_cause: "The organization's settings refuse browser (CORS) requests: reported for organizations with zero data retention, HIPAA or custom retention, and for consumer subscription logins. This is a limit of testing from a web page, not a fault of the token.",
            next_steps: &[
                TERMINAL_STEP,
                "The terminal check gives the same verdict and result code; for subscription tokens it is the main path, not a fallback.",
            ],
        },
        ResultCode::AccountSessionInvalid => CodeText {
            headline: "The account session behind the token is invalid or not fresh enough.",
            when: "An answer or pasted text carries `account_session_invalid`, `session_stale_relogin` or `Session is not fresh enough to grant elevated access` (403).",
            meaning: "The server keeps an account session (the login the token came from) and refused it, even though the token itself may still be accepted elsewhere. This is the server's login session, not Claude Code's session id.",
            likely_cause: "Reported: a token valid on one endpoint while the account session behind it is invalid on another (#38414), and a freshness requirement that recurs across fresh logins (#84033). Why the account session became invalid is not documented.",
            next_steps: &[
                "Run `/login` to create a new login (and with it a new account session).",
                "If `session_stale_relogin` returns right after a fresh login, contact support with the request ids: it has been reported to recur.",
                SUPPORT_STEP,
            ],
        },
        ResultCode::RemoteControlLogin => CodeText {
            headline: "Remote Control (or a connector) lost its login.",
            when: "The pasted text is a Remote Control or connector message: `Remote Control disconnected — …`, `… Remote Control is only available with claude.ai subscriptions.`, `claude.ai rejected the session token`, `Failed to refresh session token…` and similar.",
            meaning: "Remote Control and connectors run on their own short-lived server credentials, renewed from your saved claude.ai login (documented). The message is about that credential, not about the message requests this page tests.",
            likely_cause: "Reported: Remote Control processes cache credentials at start and do not re-read the store after a failed refresh; servers died exactly 24 h after start; a worker session token rotated mid-session (fixed in 2.1.141). A `/login` elsewhere, signing out, or switching accounts also stops it (documented stop reasons).",
            next_steps: &[
                "Run `/login`, then restart Remote Control (`/remote-control`) or reconnect the connector (`/mcp`).",
                "If it stops at the same time every day, note the start time: a fixed lifetime points to the server session, not your token.",
                UPDATE_STEP,
            ],
        },
        ResultCode::CloudProviderAuth => CodeText {
            headline: "The cloud provider's credentials failed (AWS): this is not an Anthropic login problem.",
            when: "The pasted text says `AWS credentials expired or invalid`, `AWS authentication failed`, `AWS default-chain credential resolve timed out` or `The security token included in the request is expired`.",
            meaning: "Claude Code is set to use a cloud provider (Bedrock or Claude Platform on AWS), whose credentials come first in the documented order. An Anthropic token tested on this page is not what it sends.",
            likely_cause: "The AWS session credentials expired or could not be resolved (documented). `/login` does not refresh them unless `awsAuthRefresh` is configured.",
            next_steps: &[
                "Refresh the AWS credentials (for example `aws sso login`), or configure `awsAuthRefresh` in the settings.",
                "If you meant to use your Anthropic login, unset `CLAUDE_CODE_USE_BEDROCK` (and similar provider variables) and restart.",
            ],
        },
        ResultCode::ClientNotice => CodeText {
            headline: "The pasted text is a notice from the client, not a rejection by the API: nothing about the token was learnt from it.",
            when: "The pasted text is `Your login expires in … days`, `claude auth status` output, or `There's an issue with the selected model`, with no API error beside it.",
            meaning: "This text does not come from a request the API refused, so nothing about the token was learnt from it.",
            likely_cause: "A notice the client prints by itself.",
            next_steps: &[
                COMPARE_STEP,
                "If the instance also printed an error, paste those lines too.",
                TERMINAL_STEP,
            ],
        },
    }
}

/// The per-code part of docs/result-codes.md, rendered from this table. A
/// test checks the document contains exactly this, so the two cannot drift.
pub fn result_codes_markdown() -> String {
    let mut out = String::new();
    for &code in ResultCode::VARIANTS {
        let t = text(code);
        out.push_str(&format!(
            "<a id=\"{}\"></a>\n\n## `{}`\n\n",
            code.anchor(),
            code.as_str()
        ));
        out.push_str(&format!("**{}**\n\n", t.headline));
        if code == ResultCode::BrowserRefusedByOrg {
            out.push_str("*Could not test from the browser: the token was most likely recognised, but its acceptance was not tested.*\n\n");
        } else if code.is_untested() && code != ResultCode::Inconclusive {
            out.push_str("*Could not test: not a finding about the token.*\n\n");
        }
        out.push_str(&format!("- **When (what it rests on):** {}\n", t.when));
        out.push_str(&format!(
            "- **What it proves, and what it does not:** {}\n",
            t.meaning
        ));
        out.push_str(&format!("- **Causes:** {}\n\n", t.likely_cause));
        out.push_str("What to do:\n\n");
        for (i, step) in t.next_steps.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, step));
        }
        out.push('\n');
    }
    out
}

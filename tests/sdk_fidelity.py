#!/usr/bin/env python3
"""Fidelity of the mock server against a client nobody here wrote: the official
`anthropic` Python SDK (python3 -m pip install anthropic).

    python3 tests/sdk_fidelity.py --mock-bin target/debug/sd-mock

Starts the mock on a free port, runs each check with plain asserts, prints one
line per check and a final line `N passed, M failed`, exits non-zero if any
check failed. The mock is always stopped at the end.
"""

import argparse
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

DEMO_TOKEN = (
    "sk-ant-oat01-SIMULATED-demo-token-for-session-doctor-not-a-real-credential-"
    "000000000000000000000000000000000"
)
API_KEY = (
    "sk-ant-api03-SIMULATED-api-key-for-session-doctor-tests-"
    "0000000000000000000000000000000000000000000000000000"
)
SESSION = "11111111-1111-4111-8111-111111111111"
MODEL = "claude-haiku-4-5"
HI = [{"role": "user", "content": "hi"}]

MSG_REVOKED = "OAuth access token has been revoked"
MSG_EXPIRED = "OAuth token has expired. Please obtain a new token or refresh your existing token."
MSG_NOT_SUPPORTED = "OAuth authentication is currently not supported."
MSG_INVALID = "Invalid authentication credentials"


def start_mock(binary, log_file):
    proc = subprocess.Popen(
        [binary, "--port", "0", "--scenario", "healthy", "--seed", "7"],
        stdout=subprocess.PIPE,
        stderr=log_file,
        text=True,
    )
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    if not ready:
        proc.kill()
        raise RuntimeError("sd-mock printed nothing within 30 s")
    line = proc.stdout.readline().strip()
    prefix = "sd-mock listening on http://127.0.0.1:"
    if not line.startswith(prefix):
        proc.kill()
        raise RuntimeError(f"unexpected first line from sd-mock: {line!r}")
    return proc, f"http://127.0.0.1:{int(line[len(prefix):])}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mock-bin", required=True, help="path to the sd-mock binary")
    args = parser.parse_args()

    # The SDK reads these; the checks must use only the credentials they pass.
    for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"):
        os.environ.pop(name, None)

    import anthropic

    log = tempfile.TemporaryFile(mode="w+")
    proc = None
    passed = failed = 0
    try:
        proc, base = start_mock(args.mock_bin, log)

        def control(path, body=None):
            data = json.dumps(body or {}).encode()
            req = urllib.request.Request(
                f"{base}/_control/{path}",
                data=data,
                headers={"content-type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read())

        def state():
            with urllib.request.urlopen(f"{base}/_control/state", timeout=10) as r:
                return json.loads(r.read())

        def oauth(**kw):
            headers = {"anthropic-beta": "oauth-2025-04-20"}
            headers.update(kw.pop("headers", {}))
            return anthropic.Anthropic(
                auth_token=DEMO_TOKEN,
                base_url=base,
                default_headers=headers,
                max_retries=0,
                **kw,
            )

        def create(client):
            return client.messages.create(model=MODEL, max_tokens=1, messages=HI)

        def expect_error(cls, fn):
            try:
                fn()
            except cls as e:
                return e
            raise AssertionError(f"expected {cls.__name__}")

        def assert_envelope(e, status, message=None):
            assert e.status_code == status, e.status_code
            header_id = e.response.headers.get("request-id")
            assert header_id and header_id.startswith("req_"), header_id
            assert e.request_id == header_id, (e.request_id, header_id)
            assert isinstance(e.body, dict), e.body
            assert e.body["request_id"] == header_id, e.body
            if message is not None:
                assert e.body["error"]["message"] == message, e.body
                assert message in str(e), str(e)

        def check_oauth_ok():
            m = create(oauth())
            assert m.type == "message" and m.role == "assistant", m
            assert m.content[0].type == "text" and m.content[0].text, m.content
            assert m.usage.input_tokens > 0 and m.usage.output_tokens == 1, m.usage
            assert m.id.startswith("msg_"), m.id

        def check_api_key_ok():
            # SDK 2.x sends api_key as `Authorization: Bearer`, without a beta flag.
            client = anthropic.Anthropic(api_key=API_KEY, base_url=base, max_retries=0)
            raw = client.messages.with_raw_response.create(model=MODEL, max_tokens=1, messages=HI)
            assert raw.http_response.status_code == 200
            assert raw.headers.get("request-id", "").startswith("req_")
            assert raw.headers.get("anthropic-ratelimit-requests-limit"), dict(raw.headers)
            assert raw.parse().type == "message"

        def check_x_api_key_header():
            client = anthropic.Anthropic(
                base_url=base, max_retries=0, default_headers={"x-api-key": API_KEY}
            )
            assert create(client).type == "message"
            bad = anthropic.Anthropic(
                base_url=base, max_retries=0, default_headers={"x-api-key": DEMO_TOKEN}
            )
            e = expect_error(anthropic.AuthenticationError, lambda: create(bad))
            assert_envelope(e, 401, "invalid x-api-key")

        def check_count_tokens():
            n = oauth().messages.count_tokens(model=MODEL, messages=HI)
            assert n.input_tokens > 0, n

        def check_revoked():
            control("revoke-token", {"token": DEMO_TOKEN})
            e = expect_error(anthropic.AuthenticationError, lambda: create(oauth()))
            assert_envelope(e, 401, MSG_REVOKED)
            assert e.type == "authentication_error", e.type

        def check_expired():
            control("scenario", {"scenario": "token-expires"})
            create(oauth())
            control("advance", {"ms": 20 * 60 * 1000})
            e = expect_error(anthropic.AuthenticationError, lambda: create(oauth()))
            assert_envelope(e, 401, MSG_EXPIRED)

        def check_missing_beta():
            control("reset")
            client = anthropic.Anthropic(auth_token=DEMO_TOKEN, base_url=base, max_retries=0)
            e = expect_error(anthropic.AuthenticationError, lambda: create(client))
            assert_envelope(e, 401, MSG_NOT_SUPPORTED)

        def check_session_rejected():
            control("scenario", {"scenario": "session-rejected"})
            client = oauth(headers={"x-claude-code-session-id": SESSION})
            for _ in range(5):
                create(client)
            e = expect_error(anthropic.AuthenticationError, lambda: create(client))
            assert_envelope(e, 401, MSG_INVALID)
            create(oauth())  # no session id: still fine
            sessions = state()["sessions"]
            assert sessions[0]["session_id"] == SESSION and sessions[0]["count"] == 6, sessions

        def check_rate_limited():
            control("scenario", {"scenario": "rate-limited"})
            client = oauth()
            for _ in range(3):
                create(client)
            e = expect_error(anthropic.RateLimitError, lambda: create(client))
            assert_envelope(e, 429)
            assert e.response.headers.get("retry-after"), dict(e.response.headers)
            assert e.response.headers.get("anthropic-ratelimit-unified-status") == "rejected"

        def check_overloaded():
            control("scenario", {"scenario": "overloaded"})
            client = oauth()
            create(client)
            create(client)
            e = expect_error(anthropic.InternalServerError, lambda: create(client))
            # The SDK maps 529 to OverloadedError, a subclass of InternalServerError.
            assert type(e).__name__ == "OverloadedError", type(e)
            assert_envelope(e, 529, "Overloaded")

        def check_500_fault():
            control("scenario", {"scenario": "healthy"})
            control("fault", {"kind": "status", "status": 500, "count": 1})
            e = expect_error(anthropic.InternalServerError, lambda: create(oauth()))
            assert type(e) is anthropic.InternalServerError, type(e)
            assert_envelope(e, 500)
            assert e.body["error"]["type"] == "api_error", e.body

        def check_403_fault():
            control("fault", {"kind": "status", "status": 403, "count": 1})
            e = expect_error(anthropic.PermissionDeniedError, lambda: create(oauth()))
            assert_envelope(e, 403)
            assert e.body["error"]["type"] == "permission_error", e.body

        def check_html_fault():
            control("fault", {"kind": "html", "count": 1})
            e = expect_error(anthropic.InternalServerError, lambda: create(oauth()))
            assert e.status_code == 502 and e.request_id is None, (e.status_code, e.request_id)
            assert "Bad Gateway" in str(e.body), e.body

        def check_reset_fault():
            control("fault", {"kind": "reset", "count": 1})
            e = expect_error(anthropic.APIConnectionError, lambda: create(oauth()))
            assert not isinstance(e, anthropic.APITimeoutError), type(e)

        def check_hang_fault():
            control("fault", {"kind": "hang", "count": 1})
            started = time.monotonic()
            expect_error(anthropic.APITimeoutError, lambda: create(oauth(timeout=1.0)))
            assert time.monotonic() - started < 10

        def check_log_has_no_token():
            log.flush()
            log.seek(0)
            text = log.read()
            assert "POST /v1/messages" in text, text[:500]
            assert DEMO_TOKEN not in text and API_KEY not in text, "token in the mock's log"

        checks = [
            ("messages.create with auth_token (OAuth)", check_oauth_ok),
            ("messages.create with api_key", check_api_key_ok),
            ("x-api-key header: API key ok, OAuth token refused", check_x_api_key_header),
            ("messages.count_tokens", check_count_tokens),
            ("revoked token -> AuthenticationError", check_revoked),
            ("expired token -> AuthenticationError", check_expired),
            ("missing oauth beta -> AuthenticationError", check_missing_beta),
            ("session rejected after 5 -> AuthenticationError", check_session_rejected),
            ("rate-limited -> RateLimitError", check_rate_limited),
            ("overloaded 529 -> OverloadedError", check_overloaded),
            ("500 fault -> InternalServerError", check_500_fault),
            ("403 fault -> PermissionDeniedError", check_403_fault),
            ("html 502 fault -> InternalServerError", check_html_fault),
            ("reset fault -> APIConnectionError", check_reset_fault),
            ("hang fault -> APITimeoutError", check_hang_fault),
            ("mock log carries no token", check_log_has_no_token),
        ]
        for name, check in checks:
            try:
                check()
                passed += 1
                print(f"ok   {name}", flush=True)
            except Exception as e:  # one failing check must not stop the others
                failed += 1
                detail = "".join(traceback.format_exception_only(type(e), e)).strip()
                print(f"FAIL {name}: {detail}", flush=True)
    except Exception as e:
        failed += 1
        print(f"FAIL start-up: {e}", flush=True)
    finally:
        if proc is not None:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

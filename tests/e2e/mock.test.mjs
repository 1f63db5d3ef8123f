// The release page against the native mock over real cross-origin HTTP: the
// custom endpoint, a pasted token, a session, comparisons, scenarios switched
// and faults injected at run time through the mock's control API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMock, startStatic, launchBrowser, openPage, finish, makeToken, chooseCustomEndpoint,
  enterToken, openSession, compareNow, verdictCode, waitForCode, waitForHeartbeats, heartbeatRows,
} from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

/** Starts a mock, opens the page on it with a fresh token and a running session. */
async function session(t, mockOptions = {}, { interval = 10 } = {}) {
  const mock = await startMock(mockOptions);
  const token = makeToken();
  const run = await openPage(browser, site.url);
  t.after(async () => { await finish(run, { token, endpoint: mock.url }); await mock.stop(); });
  await chooseCustomEndpoint(run.page, mock.url);
  await enterToken(run.page, token);
  await openSession(run.page, { interval });
  await waitForHeartbeats(run.page, 1);
  return { mock, token, page: run.page };
}

async function sessionId(mock) {
  const state = await mock.control('state');
  assert.equal(state.sessions.length, 1, 'one session seen by the mock');
  return state.sessions[0].session_id;
}

test('healthy: all requests fine', async (t) => {
  const { page } = await session(t);
  await compareNow(page);
  assert.equal(await verdictCode(page), 'SD-OK');
});

test('the session is rejected while the raw request still works', async (t) => {
  const { page, mock } = await session(t);
  await mock.control('reject-session', { session_id: await sessionId(mock) });
  await compareNow(page);
  assert.equal(await verdictCode(page), 'SD-SESSION-REJECTED');
});

test("the failing instance's own session id is rejected", async (t) => {
  const { page } = await session(t, { scenario: 'instance-rejected' });
  await page.getByLabel('Instance session id').fill('1b4e28ba-2fa1-41d2-883f-0016d3cca427');
  await compareNow(page);
  assert.equal(await verdictCode(page), 'SD-INSTANCE-REJECTED');
});

test('the instance id works too: the instance sends a stale token', async (t) => {
  const { page } = await session(t);
  await page.getByLabel('Instance session id').fill('1b4e28ba-2fa1-41d2-883f-0016d3cca427');
  await compareNow(page);
  assert.equal(await verdictCode(page), 'SD-INSTANCE-STALE-TOKEN');
});

// Scenarios that the mock plays from the first request, or after a few minutes of
// mock time (--speed 600: ten minutes pass in one second).
const SCENARIOS = [
  { scenario: 'token-expires', speed: 600, wait: 2500, code: 'SD-TOKEN-EXPIRED' },
  { scenario: 'token-revoked', speed: 600, wait: 1500, code: 'SD-TOKEN-REVOKED' },
  { scenario: 'oauth-beta-missing', code: 'SD-OAUTH-BETA-MISSING' },
  { scenario: 'cors-blocked', code: 'SD-BROWSER-BLOCKED' },
  { scenario: 'rate-limited', compares: 2, code: 'SD-RATE-LIMITED' },
  { scenario: 'overloaded', compares: 2, code: 'SD-OVERLOADED' },
  { scenario: 'proxy-html', code: 'SD-NOT-API' },
];
for (const { scenario, speed = 1, wait = 0, compares = 1, code } of SCENARIOS) {
  test(`mock scenario ${scenario} ends in ${code}`, async (t) => {
    const { page } = await session(t, { scenario, speed });
    if (wait) await page.waitForTimeout(wait);
    for (let i = 0; i < compares; i++) await compareNow(page);
    assert.equal(await verdictCode(page), code);
  });
}

test('token expired and revoked at run time through the control API', async (t) => {
  const { page, mock, token } = await session(t);
  await mock.control('expire-token', { token });
  await compareNow(page);
  assert.equal(await verdictCode(page), 'SD-TOKEN-EXPIRED');
  await mock.control('revoke-token', { token });
  await compareNow(page);
  assert.equal(await verdictCode(page), 'SD-TOKEN-REVOKED');
});

// Faults injected for every following request; each ends in its result code.
const FAULTS = [
  { fault: { kind: 'status', status: 500 }, code: 'SD-SERVER-ERROR' },
  // The mock's 403 carries the facts file's scope message.
  { fault: { kind: 'status', status: 403 }, code: 'SD-MISSING-SCOPE' },
  { fault: { kind: 'status', status: 502 }, code: 'SD-SERVER-ERROR' },
  { fault: { kind: 'html' }, code: 'SD-NOT-API' },
  { fault: { kind: 'truncated-json' }, code: 'SD-NOT-API' },
  // 5 MB that is not the API's JSON: read (capped) and judged, not a crash.
  { fault: { kind: 'big-body' }, code: 'SD-NOT-API' },
  { fault: { kind: 'reset' }, code: 'SD-NETWORK-UNREACHABLE' },
  { fault: { kind: 'no-cors' }, code: 'SD-BROWSER-BLOCKED' },
  { fault: { kind: 'slow', ms: 1500 }, code: 'SD-OK' },
];
for (const { fault, code } of FAULTS) {
  test(`fault ${fault.kind}${fault.status ? ' ' + fault.status : ''} ends in ${code}`, async (t) => {
    const { page, mock } = await session(t);
    await mock.control('fault', fault);
    await compareNow(page);
    assert.equal(await verdictCode(page), code);
  });
}

test('auto-capture: the session is rejected mid-run and the comparison fires by itself', async (t) => {
  const { page, mock } = await session(t);
  await mock.control('reject-session', { session_id: await sessionId(mock) });
  // The next heartbeat (10 s later) fails after a success: the page compares at once.
  await waitForCode(page, 'SD-SESSION-REJECTED', 25000);
  const step = await page.locator('section[aria-labelledby="step-compare"]').innerText();
  assert.match(step, /automatically/i, 'the comparison says it was captured by itself');
  const table = await page.getByTestId('comparison').innerText();
  assert.match(table, /^HTTP status\b.*\t200\t401$/m, 'the raw request succeeded at the same instant');
});

test('the session survives a fault: entries stay and later heartbeats still run', async (t) => {
  const { page, mock } = await session(t);
  // Two resets: Chromium retries a request once when a reused connection is reset.
  await mock.control('fault', { kind: 'reset', count: 2 });
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('table.heartbeats tbody tr')];
    return rows.length >= 3 && rows[0].classList.contains('ok') && rows.some((r) => !r.classList.contains('ok'));
  }, null, { timeout: 50000 });
  const rows = await heartbeatRows(page).allInnerTexts();
  // Newest first: the last heartbeat is fine again; the oldest, before the fault, too.
  assert.match(rows[0], /\t200\t/);
  assert.match(rows.at(-1), /\t200\t/);
  assert.ok(rows.some((r) => !/\t200\t/.test(r)), 'one heartbeat hit the reset');
});

test('a hanging endpoint times out and is reported as could not test', async (t) => {
  const { page, mock } = await session(t);
  await mock.control('fault', { kind: 'hang' });
  await page.getByRole('button', { name: 'Compare now' }).click();
  await waitForCode(page, 'SD-NETWORK-UNREACHABLE', 45000);
});

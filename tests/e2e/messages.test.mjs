// Issue 13 through the built page: what clients really print, pasted alone or
// inside their wrappers, ends in the code the field notes call for; and the
// request ledger lists every request the page sent (the credential only by
// fingerprint, the tokenless reachability check included) with the browser's
// own timing, in the page and in the Markdown report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMock, startStatic, launchBrowser, openPage, finish, makeToken, chooseCustomEndpoint,
  enterToken, compareNow, choosePath,
} from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

const env = (type, message) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CUnq1bYjN8pSDdz8KXfGh' });
const pJson = (result) => JSON.stringify({ type: 'result', subtype: 'success', is_error: true, result, terminal_reason: 'api_error' });
const NGINX = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>';

// A representative set of the field notes' strings, each in a wrapper clients print.
const PASTES = [
  [pJson('Failed to authenticate: OAuth session expired and could not be refreshed'), 'SD-LOCAL-LOGIN-EXPIRED'],
  ['Failed to authenticate: OAuth session expired and could not be refreshed', 'SD-LOCAL-LOGIN-EXPIRED'],
  [NGINX, 'SD-NOT-API'],
  [`API Error: 502 ${NGINX}`, 'SD-NOT-API'],
  ['Failed to authenticate. API Error: 401 {"error":{"message":"Missing Authentication header","code":401}}', 'SD-NOT-API'],
  [`[DEBUG] API error (attempt 1/11): 401 401 ${env('authentication_error', 'OAuth access token has been revoked.')}`, 'SD-TOKEN-REVOKED'],
  [`API error (attempt 1/11): 401 401 ${env('authentication_error', 'OAuth access token has been revoked.')}\nOAuth refresh token is no longer valid; run /login to re-authenticate`, 'SD-REFRESH-TOKEN-REJECTED'],
  ['Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.', 'SD-REFRESH-TOKEN-REJECTED'],
  ['  ⎿  Not logged in · Please run /login\n  ⎿  Request failed · retrying (3/10)', 'SD-NOT-LOGGED-IN'],
  ['Your apiKeyHelper script is failing · This usually means you need to re-authenticate with your provider · Run /status to see the script\'s error output', 'SD-API-KEY-HELPER-FAILING'],
  ['Invalid API key · Fix external API key', 'SD-ENV-CREDENTIAL-SHADOWS'],
  ['Invalid auth token · Fix external auth token · Invalid Authorization header value from ANTHROPIC_AUTH_TOKEN: it contains a line break at character 81', 'SD-ENV-VALUE-INVALID'],
  [`API Error: 403 ${env('permission_error', 'OAuth authentication is currently not allowed for this organization.')}`, 'SD-ORG-METHOD-DISALLOWED'],
  ['Your organization has disabled Claude subscription access for Claude Code · Use an Anthropic API key instead, or ask your admin to enable access', 'SD-ORG-METHOD-DISALLOWED'],
  [`API Error: 400 ${env('invalid_request_error', 'This organization has been disabled.')}`, 'SD-ORG-DISABLED'],
  [`API Error: 401 ${env('authentication_error', 'CORS requests are not allowed for this Organization because of custom retention settings.')}`, 'SD-BROWSER-REFUSED-BY-ORG'],
  ['{"error":{"type":"permission_error","message":"Invalid authorization","details":{"error_code":"account_session_invalid"}}}', 'SD-ACCOUNT-SESSION-INVALID'],
  ['StopWork: Authentication failed (401): OAuth access token has been revoked.. Remote Control is only available with claude.ai subscriptions.', 'SD-REMOTE-CONTROL-LOGIN'],
  ['Please run /login · API Error: 401 The security token included in the request is expired', 'SD-CLOUD-PROVIDER-AUTH'],
  ['Retrying in 4s · attempt 3/10\nYour login expires in 3 days · run /login to renew', 'SD-CLIENT-NOTICE'],
  [JSON.stringify({ type: 'system', subtype: 'api_error', status: 401, formatted: '401 OAuth access token has expired. Re-authenticate to continue.', retryAttempt: 1, maxRetries: 10 }), 'SD-TOKEN-EXPIRED'],
];

test('what clients print, in the wrappers they print, ends in the code the field notes call for', async () => {
  const run = await openPage(browser, site.url);
  await choosePath(run.page, 'paste');
  const box = run.page.getByLabel('Error text', { exact: true });
  const section = run.page.locator('section[aria-labelledby="step-paste"]');
  for (const [text, code] of PASTES) {
    await box.fill(text);
    await section.getByTestId('verdict-code').filter({ hasText: new RegExp(`^${code}$`) }).waitFor({ timeout: 5000 })
      .catch(async () => assert.fail(`${text.slice(0, 70)}… gave ${await section.getByTestId('verdict-code').allInnerTexts()}, expected ${code}`));
    const shown = await section.innerText();
    assert.ok(!/Nothing has been tested yet/.test(shown), `${text.slice(0, 60)}: a recognised paste is judged`);
    assert.ok(!/paste that text on this page/.test(shown), `${text.slice(0, 60)}: not asked to paste again`);
  }
  // A retry notice alone says what is missing.
  await box.fill('Request failed · retrying (3/10)');
  await section.getByText(/retry notice without the error/).waitFor();
  await finish(run);
});

test('the ledger lists every request with the credential by fingerprint and the browser timing', async (t) => {
  const mock = await startMock({ scenario: 'healthy' });
  t.after(() => mock.stop());
  const token = makeToken('ledger');
  const run = await openPage(browser, site.url);
  const { page } = run;
  await chooseCustomEndpoint(page, mock.url);
  await enterToken(page, token);
  await compareNow(page);
  // The ledger is derived only while open (docs/performance.md).
  await page.getByText('Requests this page sent').click();
  const ledger = page.getByTestId('ledger');
  await ledger.waitFor();
  const rows = ledger.locator('li');
  assert.ok(await rows.count() >= 2, 'raw and session requests listed');
  const text = await ledger.innerText();
  const host = new URL(mock.url).host;
  assert.ok(text.includes(host), text);
  assert.match(text, /fresh raw request/);
  assert.match(text, /session request/);
  assert.match(text, /sk-ant-oat01-…/, 'credential shown by fingerprint');
  assert.match(text, /total \d+ ms/, 'Resource Timing read into the row');
  assert.ok(!text.includes(token), 'no token in the ledger');
  await finish(run, { token, endpoint: mock.url });
});

test('after a CORS refusal the tokenless reachability check is listed', async (t) => {
  const mock = await startMock({ scenario: 'cors-blocked' });
  t.after(() => mock.stop());
  const token = makeToken('reach');
  const run = await openPage(browser, site.url);
  const { page } = run;
  await chooseCustomEndpoint(page, mock.url);
  await enterToken(page, token);
  await compareNow(page);
  // The ledger is derived only while open (docs/performance.md).
  await page.getByText('Requests this page sent').click();
  const ledger = page.getByTestId('ledger');
  await ledger.getByText(/reachability check/).first().waitFor();
  const row = (await ledger.locator('li.reachability').first().innerText()).split(' · ');
  assert.equal(row[2], 'GET');
  assert.ok(row.includes('credential none'), `no credential on the reachability check: ${row}`);
  await finish(run, { token, endpoint: mock.url });
});

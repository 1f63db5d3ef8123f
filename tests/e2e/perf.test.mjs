// What one heartbeat does to the page (issue 12: a heartbeat at a few ms of main thread).
// On an unchanged verdict, a heartbeat must patch a few nodes, never rebuild the verdict's
// article, the verdict summary or the session facts (a rebuild costs a frame of style and
// layout, and drops focus from whatever it replaces). Counted with a MutationObserver:
// nodes added or removed (with their subtrees), text and attributes changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStatic, launchBrowser, openPage, finish, choosePath, openSession, waitForHeartbeats } from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

/** Watches the page for `ms` of a running session; what it touched, per part. */
const watch = (page, ms) => page.evaluate((ms) => new Promise((resolve) => {
  const count = () => Number(document.querySelector('svg.timeline-svg')?.getAttribute('aria-label')?.match(/(\d+) heartbeats/)?.[1] ?? 0);
  const parts = {
    verdict: document.querySelector('section[aria-labelledby=step-verdict] article'),
    summary: document.getElementById('verdict-summary'),
    facts: document.querySelector('dl.session-facts'),
  };
  const size = (node) => {
    let n = 0;
    const walk = document.createTreeWalker(node);
    do n++; while (walk.nextNode());
    return n;
  };
  const touched = Object.fromEntries(Object.keys(parts).map((k) => [k, 0]));
  const seen = [];
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      const nodes = [...r.addedNodes, ...r.removedNodes];
      const weight = r.type === 'childList' ? nodes.reduce((a, n) => a + size(n), 0) : 1;
      for (const [k, el] of Object.entries(parts)) {
        // A record on the part's parent that adds or removes the part itself counts too.
        if (el && (el.contains(r.target) || nodes.includes(el))) touched[k] += weight;
      }
      for (const n of [r.target, ...r.addedNodes]) seen.push(n.textContent ?? '');
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  const first = count();
  setTimeout(() => {
    observer.disconnect();
    const still = Object.fromEntries(Object.entries(parts).map(([k, el]) => [k, !!el && el.isConnected]));
    resolve({
      heartbeats: count() - first,
      touched,
      still,
      waiting: seen.filter((t) => t.includes('waiting for its answer')).length,
    });
  }, ms);
}), ms);

/** The page with a simulated session (healthy, 60x: a 10 s interval is a heartbeat every ~170 ms) and `n` heartbeats in. */
async function running(n) {
  const run = await openPage(browser, site.url);
  await choosePath(run.page, 'token');
  await openSession(run.page, { interval: 10 });
  await waitForHeartbeats(run.page, n);
  return run;
}

test('a heartbeat on an unchanged verdict patches a few nodes; the verdict, its summary and the session facts stay', async () => {
  const run = await running(3);
  const { page } = run;
  await page.waitForFunction(() => document.querySelector('[data-testid="verdict-code"]')?.textContent.trim() === 'SD-OK');
  const seen = await watch(page, 2000);
  assert.ok(seen.heartbeats >= 4, `only ${seen.heartbeats} heartbeats in 2 s`);
  const all = JSON.stringify(seen);
  assert.deepEqual(seen.still, { verdict: true, summary: true, facts: true }, `rebuilt during heartbeats: ${all}`);
  // Per heartbeat: the text of the evidence line that counts heartbeats (1); in the
  // facts, the texts of the count and of the countdown (2), plus the one-second tick's
  // countdown. A rebuilt article is about 40 nodes out and 40 in; a rebuilt facts list
  // about 20 each way (and Leptos sets a rebuilt element's data-testid again).
  const per = (k) => seen.touched[k] / seen.heartbeats;
  assert.ok(per('verdict') <= 2, `verdict article: ${per('verdict')} nodes per heartbeat (${all})`);
  assert.equal(seen.touched.summary, 0, `the summary shows nothing that a heartbeat changes (${all})`);
  assert.ok(per('facts') <= 3, `session facts: ${per('facts')} nodes per heartbeat (${all})`);
  // The simulated API answers at once: a heartbeat is one update of the page, so its
  // in-between state (sent, not answered yet) never reaches the DOM.
  assert.equal(seen.waiting, 0, `the in-between state of a simulated heartbeat was rendered (${all})`);
  await finish(run);
});

test('while the heartbeat table fills, Compare now stays where it is; the countdown counts from now', async () => {
  // The table's first 12 rows arrive within about 2 s.
  const run = await running(1);
  const { page } = run;
  const y = () => page.evaluate(() => Math.round(document.querySelector('#compare-now').getBoundingClientRect().top + scrollY));
  const at = [];
  for (let i = 0; i < 12; i++) {
    at.push({ rows: await page.locator('table.heartbeats tbody tr').count(), y: await y() });
    await page.waitForTimeout(150);
  }
  const rows = at.map((a) => a.rows);
  assert.ok(Math.max(...rows) - Math.min(...rows) >= 4, `the table did not fill: ${JSON.stringify(at)}`);
  assert.equal(new Set(at.map((a) => a.y)).size, 1, `Compare now moved: ${JSON.stringify(at)}`);
  // Right after a heartbeat the next is an interval away (10 s session time), not
  // counted from the last one-second tick (at 60x, up to a minute off).
  const next = await page.getByTestId('heartbeat-next').innerText();
  const secs = Number(next.match(/in (\d+) s/)?.[1] ?? NaN);
  assert.ok(next === 'now' || /^in \d+ s \(session time\)$/.test(next), next);
  assert.ok(!(secs > 10), `countdown past the interval: ${next}`);
  await finish(run);
});

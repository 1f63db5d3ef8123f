// A long session stays bounded on the page: the table shows a window of rows (older
// heartbeats grouped into runs), the drawing a bounded number of marks, and the page says
// before the session opens how many requests it may send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStatic, launchBrowser, openPage, finish, openSession, choosePath } from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

test('400 heartbeats: a 12-row window with older ones grouped, bounded marks, the plan said first', async () => {
  const run = await openPage(browser, site.url);
  const { page } = run;
  await choosePath(page, 'token');
  const speed = page.getByLabel('Speed factor');
  await speed.fill('3600');
  await speed.dispatchEvent('change');
  const cap = page.locator('#cap');
  await cap.fill('400');
  await cap.blur();
  await page.getByLabel('Heartbeat interval').fill('10');
  assert.match(await page.getByTestId('session-plan').innerText(), /Up to 400 heartbeats, one every 10 s, over 1 h 6 min/);
  await cap.fill('8640');
  assert.match(await page.getByTestId('session-plan').innerText(), /8640 heartbeats.*1 d 0 h/);
  await cap.fill('400');
  await openSession(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="session-status"]')?.innerText.includes('cap reached'), null, { timeout: 120000 });
  const label = await page.locator('svg.timeline-svg').getAttribute('aria-label');
  assert.match(label, /400 heartbeats, 400 succeeded/);
  const rows = await page.locator('table.heartbeats tbody tr').allInnerTexts();
  assert.equal(rows.length, 13, "12 latest and one group of the 388 before");
  assert.match(rows[0], /^400\t/, 'newest first');
  // The healthy session's older heartbeats are one run: first to last, with its count.
  assert.ok(rows.some((r) => /^1–388 \(388×\)\t/.test(r)), rows.join('\n'));
  const marks = await page.locator('svg.timeline-svg .mark').count();
  assert.ok(marks >= 2 && marks <= 600, `${marks} marks`);
  assert.ok(await page.locator('svg.timeline-svg .mark title').filter({ hasText: 'Heartbeats 1 to 350 (350)' }).count() === 1, 'the run is one mark');
  await finish(run);
});

// Keyboard-only walk-throughs in Chromium (Tab, Shift+Tab, Enter, Space, the
// arrow keys and typing): after each step, where focus lands. It must never
// drop to <body> when a control disables itself or disappears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMock, startStatic, launchBrowser, openPage, finish, makeToken, choosePath, openSession, waitForHeartbeats,
} from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

/** What has focus: tag, id, its text or value, the classes of its parent. */
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return {
    tag: e?.tagName ?? '',
    id: e?.id ?? '',
    text: (e?.textContent ?? '').trim().slice(0, 80),
    top: e ? Math.round(e.getBoundingClientRect().top) : null,
    inViewport: e ? e.getBoundingClientRect().top > -2 && e.getBoundingClientRect().top < innerHeight : false,
  };
});

/** Presses Tab (or Shift+Tab) until `test(focused)` holds. */
async function tabUntil(page, what, test, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (test(await focused(page))) return;
  }
  assert.fail(`Tab never reached ${what}; focus is on ${JSON.stringify(await focused(page))}`);
}
const tabToButton = (page, name, opts) => tabUntil(page, name, (f) => f.tag === 'BUTTON' && f.text === name, opts);
const tabToId = (page, id, opts) => tabUntil(page, `#${id}`, (f) => f.id === id, opts);

async function assertFocus(page, expected, step) {
  // Focus moves after the views caught up: give it a moment, then insist.
  let f;
  for (let i = 0; i < 30; i++) {
    f = await focused(page);
    if (Object.entries(expected).every(([k, v]) => f[k] === v)) return f;
    await page.waitForTimeout(50);
  }
  assert.fail(`after ${step}: focus is on ${JSON.stringify(f)}, expected ${JSON.stringify(expected)}`);
}

const status = (page) => page.getByTestId('session-status').innerText();

/** The first screen asks which path: "Test my token", by keyboard. */
async function tokenPath(page) {
  await page.locator('#path-chooser').waitFor();
  await tabToButton(page, 'Test my token');
  await page.keyboard.press('Enter');
  await page.getByLabel('Token', { exact: true }).waitFor();
}

test('Pause, Resume and Close session hand focus on; arrows on the endpoint radios and the scenario never reset a running session', async () => {
  const run = await openPage(browser, site.url);
  const { page } = run;
  await tokenPath(page);
  await tabToButton(page, 'Open session');
  await page.keyboard.press('Enter');
  await page.getByTestId('session-status').filter({ hasText: 'running' }).waitFor();
  await assertFocus(page, { id: 'open-session' }, 'Open session');

  await page.keyboard.press('Tab');
  await assertFocus(page, { id: 'pause' }, 'Tab');
  await page.keyboard.press('Space');
  await page.getByTestId('session-status').filter({ hasText: 'paused' }).waitFor();
  await assertFocus(page, { id: 'resume' }, 'Pause (it disables itself)');
  await page.keyboard.press('Enter');
  await page.getByTestId('session-status').filter({ hasText: 'running' }).waitFor();
  await assertFocus(page, { id: 'pause' }, 'Resume (it disables itself)');

  // Arrow keys on the endpoint radios: the browser's dialog asks first;
  // dismissing it keeps the session and puts the radios back.
  await tabUntil(page, 'the Simulated API radio', (f) => f.id === 'endpoint-simulated', { back: true });
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('#endpoint-simulated').checked);
  assert.match(asked, /A session is running\. Switching to the real API ends it/);
  assert.equal(await status(page), 'running', 'the session still runs after ArrowDown');
  assert.ok(!(await page.locator('#endpoint-real').isChecked()), 'the real API is not chosen');

  // ArrowDown on the closed scenario select: the same; accepting applies it.
  await tabToId(page, 'scenario');
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('#scenario').value === 'healthy');
  assert.match(asked, /A session is running\. The scenario/);
  assert.equal(await status(page), 'running', 'the session still runs after ArrowDown on the scenario');
  await assertFocus(page, { id: 'scenario' }, 'the dialog dismissed');
  page.once('dialog', (d) => d.accept());
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => !document.querySelector('[data-testid="session-status"]'));
  assert.notEqual(await page.locator('#scenario').inputValue(), 'healthy');
  await assertFocus(page, { id: 'scenario' }, 'the dialog accepted');

  // Open again, then Close session: focus goes back to Open session.
  await tabToButton(page, 'Open session');
  await page.keyboard.press('Enter');
  await page.getByTestId('session-status').filter({ hasText: 'running' }).waitFor();
  await tabToButton(page, 'Close session');
  await page.keyboard.press('Enter');
  await page.getByTestId('session-status').filter({ hasText: 'closed' }).waitFor();
  await assertFocus(page, { id: 'open-session' }, 'Close session (it disables itself)');
  await finish(run);
});

test('Compare now on a slow endpoint: focus waits on the named stages, then goes to the verdict', async (t) => {
  const mock = await startMock();
  const token = makeToken('kbd');
  const run = await openPage(browser, site.url);
  t.after(async () => { await finish(run, { token, endpoint: mock.url }); await mock.stop(); });
  const { page } = run;
  await tokenPath(page);
  await tabToId(page, 'endpoint-simulated');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await assertFocus(page, { id: 'endpoint-custom' }, 'ArrowDown twice (no session: applied at once)');
  await tabToId(page, 'custom-base');
  await page.keyboard.type(mock.url);
  await tabToId(page, 'token');
  await page.keyboard.type(token);
  await tabToButton(page, 'Compare now');
  // Each of the two requests answers after 2.5 s.
  await mock.control('fault', { kind: 'slow', ms: 2500, count: 2 });
  await page.keyboard.press('Enter');
  await assertFocus(page, { id: 'compare-status' }, 'Compare now (it disables itself while the requests are out)');
  assert.match(await page.getByTestId('compare-status').innerText(), /waiting for the answers/);
  const stages = await page.getByTestId('compare-stages').innerText();
  assert.match(stages, /^Sending: done\. Waiting for the answers: \d+ s so far \(gives up after 30 s\)\. Then comparing/);
  await page.getByTestId('comparison').waitFor({ timeout: 15000 });
  const f = await assertFocus(page, { inViewport: true }, 'the answers arrived');
  assert.ok(await page.evaluate(() => document.activeElement.matches('#verdict-summary, section[aria-labelledby=step-verdict] article')),
    `focus is on the verdict, not ${JSON.stringify(f)}`);
  assert.equal(await page.getByTestId('compare-status').innerText(), '', 'the status line is quiet again');
});

test('clipboard refused: the link and the Markdown are shown selected to copy by hand; Run a fresh test in the shared view keeps focus', async () => {
  const run = await openPage(browser, 'about:blank');
  const { page } = run;
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    });
  });
  await page.goto(site.url);
  await tokenPath(page);
  await tabToButton(page, 'Copy link');
  await page.keyboard.press('Enter');
  await assertFocus(page, { tag: 'TEXTAREA' }, 'Copy link, refused');
  const box = await page.evaluate(() => {
    const a = document.activeElement;
    return { value: a.value, start: a.selectionStart, end: a.selectionEnd, readOnly: a.readOnly, label: a.closest('label')?.textContent.trim() };
  });
  assert.ok(box.value.startsWith(site.url) && box.value.includes('#r1.'), box.value.slice(0, 80));
  assert.deepEqual([box.start, box.end, box.readOnly], [0, box.value.length, true], 'the whole link is selected, read-only');
  assert.match(box.label, /^Link to copy/);
  assert.match(await page.getByText(/did not allow copying/).innerText(), /Ctrl\+C/);

  await tabToButton(page, 'Copy Markdown', { back: true });
  await page.keyboard.press('Enter');
  await assertFocus(page, { tag: 'TEXTAREA' }, 'Copy Markdown, refused');
  const md = await page.evaluate(() => document.activeElement.value);
  assert.match(md, /SD-[A-Z-]+/);
  await finish(run);

  const shared = await openPage(browser, box.value);
  await shared.page.getByText(/Shared report/).first().waitFor();
  await tabToButton(shared.page, 'Run a fresh test');
  await shared.page.keyboard.press('Enter');
  await shared.page.locator('#path-chooser').waitFor();
  await assertFocus(shared.page, { tag: 'H2' }, 'Run a fresh test (it removes itself)');
  assert.ok(await shared.page.evaluate(() => document.activeElement.closest('main') !== null), 'a heading of the fresh page');
  await finish(shared);
});

// The default first run: simulated API, a running session, Compare now by mouse. The
// answer comes back at once and heartbeats keep changing the verdict's evidence;
// focus must land on the summary and stay there (it fell to the body when the
// summary was redrawn on every heartbeat).
test('after Compare now with a running session, focus stays on the verdict summary through later heartbeats', async () => {
  const run = await openPage(browser, site.url);
  const { page } = run;
  await choosePath(page, 'token');
  await openSession(page);
  await waitForHeartbeats(page, 2);
  await page.getByRole('button', { name: 'Compare now' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'verdict-summary', null, { timeout: 15000 });
  const rows = await page.locator('table.heartbeats tbody tr').count();
  await waitForHeartbeats(page, rows + 2);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict-summary');
  await finish(run);
});

// The two ways in, as a first-time user meets them: the first screen asks
// "I have the error text" or "Test my token"; the answer comes first; a demo
// run says "simulated" everywhere it goes; the user's note travels in the
// link with no secret; the supporter's help-desk view reads the phone code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  startMock, startStatic, launchBrowser, openPage, finish, makeToken, choosePath,
  chooseCustomEndpoint, chooseScenario, enterToken, openSession, compareNow, waitForHeartbeats,
} from './harness.mjs';

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());
const allowClipboard = (run) => run.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
const CREDENTIALS_REJECTED = 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"Invalid authentication credentials"},"request_id":"req_011CabcDEF"} · Please run /login';

async function copyLink(page) {
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByText('Link copied').waitFor();
  return clipboard(page);
}

async function simulatedRun(page, scenario = 'healthy') {
  await chooseScenario(page, scenario);
  await openSession(page);
  await waitForHeartbeats(page, 3);
  await compareNow(page);
}

test('the first screen asks which path, in few words, and shows the rest after the choice', async () => {
  const run = await openPage(browser, site.url);
  const { page } = run;
  await page.locator('#path-chooser').waitFor();
  const words = (await page.evaluate(() => document.body.innerText)).split(/\s+/).filter(Boolean).length;
  assert.ok(words <= 90, `${words} words before the first action`);
  assert.equal(await page.getByLabel('Token', { exact: true }).isVisible(), false, 'token step hidden until chosen');
  assert.equal(await page.getByTestId('verdict-code').count(), 0, 'no verdict box that says nothing');

  await page.getByRole('button', { name: 'I have the error text', exact: true }).click();
  assert.equal(await page.locator('#path-paste').getAttribute('aria-pressed'), 'true');
  await page.getByLabel('Error text', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Token', { exact: true }).isVisible(), false, 'the paste path needs no token');
  await page.getByTestId('nothing-yet').first().waitFor();

  // Everything stays reachable: the other path keeps what was typed.
  await page.getByLabel('Error text', { exact: true }).fill(CREDENTIALS_REJECTED);
  await page.locator('#path-token-too').click();
  await page.getByLabel('Token', { exact: true }).waitFor();
  assert.match(await page.getByLabel('Error text', { exact: true }).inputValue(), /Invalid authentication credentials/);
  await finish(run);
});

test('error-text path: the answer first, no token, the note travels in the link as quoted text', async () => {
  const run = await openPage(browser, site.url);
  await allowClipboard(run);
  const { page } = run;
  await choosePath(page, 'paste');
  await page.getByLabel('Error text', { exact: true }).fill(CREDENTIALS_REJECTED);
  const summary = page.locator('#verdict-summary');
  await summary.getByText('SD-CREDENTIALS-REJECTED').waitFor();
  assert.equal(await summary.getAttribute('tabindex'), '-1');
  const said = await summary.innerText();
  assert.match(said, /From the error text you pasted/);
  assert.match(said, /Next step:/);
  assert.doesNotMatch(said, /Simulated/i, 'a pasted error is not a simulated result');
  // The summary comes before the details.
  const [top, details] = await Promise.all([summary, page.locator('section[aria-labelledby="step-paste"] article')]
    .map((l) => l.evaluate((e) => e.getBoundingClientRect().top)));
  assert.ok(top < details, 'summary above the details');
  // Backticks in the core's texts are rendered as code, never shown.
  const steps = await page.locator('section[aria-labelledby="step-paste"] .next-steps').innerText();
  assert.ok(!steps.includes('`'), steps);
  assert.ok(await page.locator('section[aria-labelledby="step-paste"] .next-steps code').count() > 0);
  // No fingerprint for a token field nobody filled.
  assert.match(await page.getByTestId('phone-words').innerText(), /no token/);

  const note = 'It failed after the laptop woke from sleep; /login fixed it for an hour.';
  await page.getByLabel(/What were you doing when it failed/).fill(note);
  const link = await copyLink(page);
  assert.ok(!link.includes('sleep'), 'the note is inside the compressed report');
  const fresh = await openPage(browser, link);
  const shared = fresh.page;
  await shared.getByText(/Shared report/).first().waitFor();
  assert.equal(await shared.getByTestId('shared-note').innerText(), `\u201c${note}\u201d`);
  assert.equal(await shared.getByTestId('simulated').count(), 0);
  assert.equal((await shared.getByTestId('verdict-code').first().innerText()).trim(), 'SD-CREDENTIALS-REJECTED');
  await finish(fresh);
  await finish(run);
});

test('token path on the simulated API: verdict, phone code, link, shared view and reports all say simulated', async () => {
  const run = await openPage(browser, site.url);
  await allowClipboard(run);
  const { page } = run;
  await choosePath(page, 'token');
  // An empty field means the demo token: no fingerprint for it.
  await page.getByTestId('no-token-needed').waitFor();
  assert.equal(await page.getByTestId('fingerprint').count(), 0);
  assert.equal(await page.getByText('Recognised as').count(), 0);

  await simulatedRun(page, 'healthy');
  const summary = page.locator('#verdict-summary');
  await summary.getByText('SD-OK').waitFor();
  assert.match(await page.getByTestId('simulated-summary').innerText(), /^Simulated: .*demo token.*nothing about whether your own token works/);
  assert.match(await page.locator('section[aria-labelledby="step-verdict"]').getByTestId('simulated').innerText(), /^Simulated:/);
  assert.match(await page.getByTestId('phone-words').innerText(), /^SD-OK \(simulated\), token sha256:[0-9a-f]{8}…$/);

  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await page.getByText('Markdown copied').waitFor();
  const md = await clipboard(page);
  assert.match(md, /^# Session Doctor report \(SIMULATED\): SD-OK/);
  assert.match(md, /^> \*\*Simulated:\*\*/m);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  const json = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(json.simulated, true);

  const link = await copyLink(page);
  const fresh = await openPage(browser, link);
  const shared = fresh.page;
  await shared.getByText(/Shared report/).first().waitFor();
  assert.match(await shared.getByTestId('simulated').innerText(), /^Simulated: .*built-in simulated API/);
  assert.match(await shared.getByTestId('phone-code').locator('..').innerText(), /\(simulated\)/);
  await finish(fresh);
  await finish(run);
});

test('a live test and a pasted message give one answer, the other clearly labelled', async () => {
  const run = await openPage(browser, site.url);
  const { page } = run;
  await simulatedRun(page, 'session-rejected');
  await page.waitForTimeout(2000);
  await compareNow(page);
  const live = (await page.getByTestId('summary-code').innerText()).trim();
  assert.notEqual(live, 'SD-CREDENTIALS-REJECTED');
  await page.getByLabel('Error text', { exact: true }).fill(CREDENTIALS_REJECTED);
  const paste = page.locator('section[aria-labelledby="step-paste"]');
  await paste.getByTestId('paste-reading').waitFor();
  assert.equal(await paste.locator('article').count(), 0, 'no second verdict box');
  assert.match(await paste.getByTestId('paste-reading').innerText(), /^From the pasted text alone: SD-CREDENTIALS-REJECTED/);
  assert.equal((await page.getByTestId('summary-code').innerText()).trim(), live, 'the answer is still the live one');
  await page.getByRole('button', { name: 'Close session' }).click();
  await finish(run);
});

test('the demo token never reaches a real endpoint; a note with a token is redacted, never in the link', async (t) => {
  const mock = await startMock();
  t.after(() => mock.stop());
  const token = makeToken('paths');
  const run = await openPage(browser, site.url);
  await allowClipboard(run);
  const { page } = run;
  await simulatedRun(page, 'healthy');
  await page.getByRole('button', { name: 'Close session' }).click();
  // Switching away with the field still empty: no demo token goes anywhere.
  await chooseCustomEndpoint(page, mock.url);
  assert.ok(await page.getByRole('button', { name: 'Compare now' }).isDisabled(), 'no token: nothing to compare');
  const demo = 'SIMULATED-demo-token';
  await page.waitForTimeout(500);
  assert.ok(!run.record.requests.some((r) => (JSON.stringify(r.headers) + r.body).includes(demo)), 'demo token sent');
  assert.equal(await page.getByTestId('verdict-code').filter({ hasText: 'SD-OK' }).count(), 0);
  // Typed in by hand, it is refused outright.
  await enterToken(page, 'sk-ant-oat01-SIMULATED-demo-token-for-session-doctor-not-a-real-credential-000000000000000000000000000000000');
  await page.getByRole('button', { name: 'Compare now' }).click();
  await page.getByText(/demo token works only on the simulated API/).first().waitFor();
  assert.ok(!run.record.requests.some((r) => (JSON.stringify(r.headers) + r.body).includes(demo)), 'demo token sent');

  await enterToken(page, token);
  await compareNow(page);
  await page.locator('#verdict-summary').getByText('SD-OK').waitFor();
  assert.equal(await page.getByTestId('simulated-summary').count(), 0, 'a real endpoint is not simulated');
  const box = page.getByLabel(/What were you doing when it failed/);
  assert.equal(await box.getAttribute('spellcheck'), 'false', 'no spellcheck service sees a token pasted here');
  await box.fill(`It failed overnight. My token is ${token} if that helps.`);
  await page.getByTestId('note-status').getByText(/replaced by its fingerprint/).waitFor();
  assert.ok(!(await box.inputValue()).includes(token.slice(13, 60)), 'the box keeps only the redacted note');
  const link = await copyLink(page);
  assert.ok(!link.includes(token));
  await page.getByText('Preview exactly what will be shared').click();
  // Built when opened, in the next reactive turn: wait for it.
  await page.waitForFunction(() => document.querySelector('[data-testid="share-preview"]')?.textContent.includes('"note"'));
  const preview = await page.getByTestId('share-preview').innerText();
  assert.match(preview, /"note": "It failed overnight\. My token is \[token sk-ant-oat01-…/);
  assert.ok(!preview.includes(token.slice(13, 60)));
  const fresh = await openPage(browser, link);
  await fresh.page.getByTestId('shared-note').waitFor();
  const shownNote = await fresh.page.getByTestId('shared-note').innerText();
  assert.match(shownNote, /^\u201cIt failed overnight\./);
  assert.ok(!shownNote.includes(token.slice(13, 60)));
  await finish(fresh, { token });
  await finish(run, { token, endpoint: mock.url });
});

test('help-desk link opens the supporter view; it reads a phone code aloud-typed and opens a link', async () => {
  const run = await openPage(browser, site.url);
  await allowClipboard(run);
  const { page } = run;
  await simulatedRun(page, 'healthy');
  const code = (await page.getByTestId('phone-code').innerText()).trim();
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
  const words = await page.getByTestId('phone-words').innerText();
  const link = await copyLink(page);
  await page.getByRole('button', { name: 'Close session' }).click();

  const desk = await openPage(browser, site.url + '#help-desk');
  const { page: support } = desk;
  await support.locator('#help-desk').waitFor();
  assert.equal(await support.getByRole('button', { name: 'Test my token', exact: true }).count(), 0, 'opens straight on the help-desk view');
  const input = support.getByLabel(/Phone code/);
  // As heard: lower case, spaces, O for 0.
  await input.fill(code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o'));
  await support.getByTestId('desk-result').waitFor();
  assert.equal((await support.getByTestId('desk-code').innerText()).trim(), 'SD-OK');
  assert.equal((await support.getByTestId('desk-token').innerText()).trim(), words.trim());
  await support.getByTestId('desk-simulated').waitFor();
  // A misheard character is caught, with a clear message.
  const wrong = code[0] === 'A' ? 'B' + code.slice(1) : 'A' + code.slice(1);
  await input.fill(wrong);
  await support.getByTestId('desk-error').getByText(/does not add up/).waitFor();
  await input.fill('K7Q');
  await input.blur();
  await support.getByTestId('desk-error').getByText(/has 9 letters and digits/).waitFor();
  // The caller's link opens the shared report.
  const field = support.getByLabel('Or paste the share link they sent');
  await field.fill(link);
  await field.blur();
  await support.getByText(/Shared report/).first().waitFor();
  await finish(desk);
  await finish(run);
});

// The built-in simulated API, through the page as a new user meets it: every
// scenario from the picker, walked to its expected verdict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStatic, launchBrowser, openPage, finish, openSession, compareNow, verdictCode, waitForHeartbeats, choosePath, chooseScenario } from './harness.mjs';

// The verdict each scenario must end in (as in crates/core/tests/scenarios.rs `expected_code`).
const SCENARIOS = {
  'healthy': 'SD-OK',
  'session-rejected': 'SD-SESSION-REJECTED',
  'instance-rejected': 'SD-INSTANCE-REJECTED',
  'token-expires': 'SD-TOKEN-EXPIRED',
  'token-revoked': 'SD-TOKEN-REVOKED',
  'oauth-beta-missing': 'SD-OAUTH-BETA-MISSING',
  'cors-blocked': 'SD-BROWSER-BLOCKED',
  'rate-limited': 'SD-RATE-LIMITED',
  'overloaded': 'SD-OVERLOADED',
  'proxy-html': 'SD-NOT-API',
  'flaky-network': 'SD-NETWORK-UNREACHABLE',
};

let browser, site;
before(async () => { [browser, site] = await Promise.all([launchBrowser(), startStatic()]); });
after(async () => { await browser?.close(); await site?.stop(); });

test('the page opens on the simulated API with no console error', async () => {
  const run = await openPage(browser, site.url);
  const { page } = run;
  await choosePath(page, 'token');
  assert.ok(await page.getByRole('radio', { name: /Simulated API/ }).isChecked());
  // Nothing run yet: a calm line, no verdict box that says nothing.
  assert.equal(await page.getByTestId('verdict-code').count(), 0);
  await page.getByTestId('nothing-yet').first().waitFor();
  await finish(run);
});

for (const [scenario, expected] of Object.entries(SCENARIOS)) {
  test(`simulated scenario ${scenario} ends in ${expected}`, async () => {
    const run = await openPage(browser, site.url);
    const { page } = run;
    await chooseScenario(page, scenario);
    // Empty token field: the simulated API uses its demo token.
    await openSession(page);
    // 600x: a heartbeat every 100 ms; 3 s is half an hour of session time.
    await waitForHeartbeats(page, 5);
    await page.waitForTimeout(3000);
    if (scenario === 'rate-limited') {
      // Every heartbeat now gets 429 with retry-after: "Compare now" waits
      // too, and says why (security I5); the history alone gives the verdict.
      const compare = page.getByRole('button', { name: 'Compare now' });
      assert.ok(await compare.isDisabled(), 'Compare now waits during a 429 backoff');
      await page.getByText(/rate limited\): comparing is possible again in/).waitFor();
    } else if (scenario === 'overloaded') {
      // A 529 starts a backoff too (I5): a heartbeat answered between the button
      // enabling and the click refuses that comparison, so click until one goes out.
      for (let i = 0; ; i++) {
        await page.getByRole('button', { name: 'Compare now' }).click();
        try {
          await page.getByTestId('comparison').waitFor({ timeout: 5000 });
          break;
        } catch (e) {
          if (i >= 4) throw e;
        }
      }
      await page.waitForFunction(() => !document.querySelector('[data-testid="compare-status"]')?.textContent.trim());
    } else {
      await compareNow(page);
    }
    assert.equal(await verdictCode(page), expected);
    await page.getByRole('button', { name: 'Close session' }).click();
    await finish(run);
  });
}

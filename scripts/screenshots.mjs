// Screenshots of the page's main states at 1280 and 375 px wide, in the light
// and the dark colour scheme (plus forced colours for the timeline), for a
// person to look at: nothing is compared. Run through scripts/screenshots.sh.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startStatic, launchBrowser, choosePath } from '../tests/e2e/harness.mjs';

const out = path.resolve(process.argv[2]);
await mkdir(out, { recursive: true });
const VIEWS = [
  { name: '1280-light', width: 1280, height: 900, colorScheme: 'light' },
  { name: '1280-dark', width: 1280, height: 900, colorScheme: 'dark' },
  { name: '375-light', width: 375, height: 812, colorScheme: 'light' },
  { name: '375-dark', width: 375, height: 812, colorScheme: 'dark' },
];
const PASTE_401 = 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"Invalid authentication credentials"}} · Please run /login';

const site = await startStatic();
const browser = await launchBrowser();
let count = 0;
async function shoot(page, state, { full = true } = {}) {
  for (const v of VIEWS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.emulateMedia({ colorScheme: v.colorScheme });
    await page.waitForTimeout(150);
    // A resize moves the scroll position: keep what has focus (e.g. the verdict) in view.
    if (!full) await page.evaluate(() => document.activeElement?.closest('main')?.parentElement && document.activeElement.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(out, `${state}-${v.name}.png`), fullPage: full });
    count++;
  }
}
async function open(url, setup) {
  const context = await browser.newContext();
  if (setup) await setup(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#path-chooser, .shared-banner').first().waitFor().catch(() => {});
  return { context, page };
}

try {
  {
    const { context, page } = await open(site.url);
    await shoot(page, '01-open', { full: false });
    await choosePath(page, 'token');
    await page.getByLabel('Token', { exact: true }).fill('"sk-ant-oat01-SIMULATED-demo-tok');
    await shoot(page, '02-token-bad');
    await context.close();
  }
  let link;
  {
    const { context, page } = await open(site.url, (c) => c.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin }));
    await choosePath(page, 'token');
    await page.getByLabel('Scenario').selectOption('session-rejected');
    const speed = page.getByLabel('Speed factor');
    await speed.fill('600');
    await speed.dispatchEvent('change');
    await page.getByRole('button', { name: 'Open session' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.heartbeats tbody tr').length >= 12, null, { timeout: 30000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await shoot(page, '03-session');
    await page.getByRole('button', { name: 'Compare now' }).click();
    await page.getByTestId('comparison').waitFor();
    await page.waitForTimeout(300);
    await shoot(page, '04-after-compare-viewport', { full: false });
    await shoot(page, '05-verdict');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    link = await page.evaluate(() => navigator.clipboard.readText());
    await choosePath(page, 'paste');
    await page.getByLabel('Error text', { exact: true }).fill(PASTE_401);
    await shoot(page, '06-paste');
    await choosePath(page, 'token');
    await page.locator('details.terminal > summary').click();
    await page.getByTestId('terminal-script').scrollIntoViewIfNeeded();
    await shoot(page, '07-terminal', { full: false });
    await page.emulateMedia({ forcedColors: 'active' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('figure.timeline').first().screenshot({ path: path.join(out, '08-timeline-forced-colors.png') });
    count++;
    await context.close();
  }
  {
    const { context, page } = await open(link);
    await shoot(page, '09-shared-report');
    await context.close();
  }
  {
    const { context, page } = await open(site.url + '#r1.deadbeef.AAAA');
    await shoot(page, '10-bad-link', { full: false });
    await context.close();
  }
  {
    const { context, page } = await open('about:blank');
    await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    }));
    await page.goto(site.url);
    await choosePath(page, 'token');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.locator('.copy-by-hand textarea').waitFor();
    await shoot(page, '11-clipboard-refused', { full: false });
    await context.close();
  }
} finally {
  await browser.close();
  await site.stop();
}
console.log(`${count} screenshots in ${out}`);

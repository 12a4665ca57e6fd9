import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTelltale, runConfig, startRun } from './api-run-process.js';

/**
 * The UI in headless Chromium against the demo as `telltale run` serves it (the real command, from
 * the sources, with a UI built from the current web/ sources). Screenshots go to test-results/ (gitignored).
 */

const CHROMIUM = '/usr/bin/chromium';
/**
 * CI installs Debian's chromium (.ci/run) and must run these tests; a developer machine without it
 * skips them and says how to get it, rather than failing the whole suite.
 */
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium for the browser tests`);
  console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}
/** How long to wait for the page to catch up on a busy machine (a ceiling, not a speed requirement). */
const WAIT = { timeout: 20_000 };
/** Building the UI and starting telltale with the demo, on a machine busy with the rest of the suite (a ceiling). */
const START_CEILING = 180_000;
const SHOTS = resolve('test-results');

let webRoot: string;
let dir: string;
let telltale: RunningTelltale;
let credentials: NonNullable<RunningTelltale['credentials']>;
let base: string;
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  webRoot = mkdtempSync(join(tmpdir(), 'telltale-web-'));
  await build({
    configFile: resolve('web/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: webRoot, emptyOutDir: true },
  });
  dir = mkdtempSync(join(tmpdir(), 'telltale-ui-'));
  telltale = await startRun(runConfig(dir), 'source', { TELLTALE_WEB_ROOT: webRoot });
  credentials = telltale.credentials!;
  base = telltale.url;
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
  });
}, START_CEILING);

afterAll(async () => {
  await browser?.close();
  await telltale?.stop();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The API as the admin token printed on the first start sees it. */
async function apiGet<T>(path: string): Promise<T> {
  const r = await fetch(base + path, { headers: { authorization: `Bearer ${credentials.token}` } });
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

async function shot(name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `ui-${name}.png`), fullPage });
}

describe.skipIf(!HAVE_CHROMIUM)('the analyst UI on the demo', () => {
  it('signs in', async () => {
    await page.goto(base);
    await page.getByLabel('User name').fill(credentials.user);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.error').textContent(), WAIT).toContain('wrong user name or password');
    await page.getByLabel('Password').fill(credentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table.incidents').waitFor();
    await shot('incidents');
    expect(await page.locator('table.incidents tbody tr').count()).toBeGreaterThan(0);
  });

  it('opens the incident of the beaconing laptop', async () => {
    await page.locator('table.incidents tbody tr', { hasText: '10.0.0.111' }).first().locator('a').first().click();
    await page.getByRole('heading', { name: 'What happened' }).waitFor();
    expect((await page.locator('.narrative').textContent())!.length).toBeGreaterThan(100);
    // The narrative's parts under their own headings, as lists.
    for (const heading of ['Why it is unusual', 'What could make it benign', 'What to do next']) {
      expect(await page.locator('.narrative h3', { hasText: heading }).count(), heading).toBe(1);
    }
    expect(await page.locator('.narrative ol.steps li').count()).toBeGreaterThan(2);
    expect(await page.locator('.narrative ul.unusual > li > strong').first().textContent()).toMatch(/::/);
    expect(await page.locator('.narrative').textContent()).not.toContain('What happened:');
    expect(await page.locator('.tactics li').count()).toBeGreaterThan(0);
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(0);
    // Each step names its entity once: as a link, not again at the start of the summary.
    for (const step of await page.locator('.timeline li').allInnerTexts()) expect(step).not.toMatch(/(\S+): \1 /);
    await shot('incident');
    await shot('incident-top', false);
  });

  it('confirms an action with a reason, recorded in its audit trail', async () => {
    const row = page.locator('table.actions tbody tr', { has: page.getByRole('button', { name: 'Confirm' }) }).first();
    const id = await row.getAttribute('data-action-id');
    expect(id).toBeTruthy();
    await row.getByPlaceholder('reason').fill('beacon to a rare host confirmed in the browser test');
    await row.getByRole('button', { name: 'Confirm' }).click();
    const confirmed = page.locator(`tr[data-action-id="${id}"] td.status`);
    await expect.poll(() => confirmed.locator('.state').textContent(), WAIT).toBe('active');
    // The demo has no executors: the action ran through a dry-run recorder, and the UI says so.
    await expect.poll(() => confirmed.locator('.badge.dry-run').count(), WAIT).toBe(1);
    const trail = page.locator(`tr[data-audit-for="${id}"] details.audit`);
    await trail.locator('summary').click();
    await expect
      .poll(() => trail.locator('li.dry-run pre').textContent(), WAIT)
      .toMatch(/nftables would run:\nnft -f -/);
    await shot('action-confirmed');
    const action = await apiGet<{ status: string; audit: { actor: string; to: string; reason: string }[] }>(
      `/api/actions/${encodeURIComponent(id!)}`,
    );
    expect(action.status).toBe('active');
    expect(action.audit.find((e) => e.actor === 'admin')).toMatchObject({ to: 'active' });
    expect(action.audit.at(-1)).toMatchObject({ actor: 'executor:nftables dry run', to: 'active' });
    expect(action.audit.at(-1)!.reason).toMatch(/table inet telltale_\S+ \{/);
    const log = await apiGet<{ entries: { action: string; target: string; detail?: { to?: string } }[] }>(
      '/api/audit?limit=5',
    );
    expect(log.entries.find((e) => e.action === 'action.confirm' && e.target === id)?.detail?.to).toBe('active');
  });

  it('runs a search', async () => {
    await page.goto(`${base}/#/search`);
    await page.getByLabel('Query').fill('dst:198.51.100.23 AND kind:net.http');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.total').textContent(), WAIT).toBe('36');
    expect(await page.locator('table.results tbody tr').count()).toBe(36);
    await shot('search');
    await page.getByLabel('Query').fill('kind:net.http AND dstPort:(80 OR http)');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.error p').textContent(), WAIT).toMatch(/at position 33/);
    // The query is shown with the offending character marked.
    expect(await page.locator('pre.query-mark mark').textContent()).toBe('h');
    expect(await page.locator('pre.query-mark').textContent()).toBe('kind:net.http AND dstPort:(80 OR http)');
    await shot('search-error', false);
  });

  it('opens an entity page with its pattern-of-life charts', async () => {
    await page.goto(`${base}/#/entities`);
    await page.locator('table.entities-list a', { hasText: /^10\.0\.0\.111$/ }).click();
    const destinations = page.locator('figure', { hasText: 'Destinations' });
    await destinations.waitFor();
    expect(await destinations.locator('svg rect.bar.rare').count()).toBeGreaterThan(0);
    const rhythm = page.locator('figure', { hasText: 'Gaps between connections to 198.51.100.23' });
    expect(await rhythm.locator('svg rect').count()).toBeGreaterThan(0);
    await shot('entity-device');
    await page.goto(`${base}/#/entities/user/meganb%40seccxp.ninja`);
    const logins = page.locator('figure', { hasText: 'Sign-ins by location' });
    await logins.waitFor();
    expect(await logins.locator('circle.dot.fail').count()).toBeGreaterThan(0);
    expect(await logins.locator('circle.dot.ok').count()).toBeGreaterThan(0);
    expect(await page.locator('figure', { hasText: 'Prompts per day' }).locator('svg rect').count()).toBeGreaterThan(0);
    // The user's timeline: sign-ins, prompts and the breaches raised on them, in order.
    const timeline = page.locator('section.actor-timeline');
    await timeline.locator('li.item').first().waitFor(WAIT);
    expect(await timeline.locator('li.item.identity').count()).toBeGreaterThan(0);
    expect(await timeline.locator('li.item.prompt').count()).toBeGreaterThan(0);
    expect(await timeline.locator('li.item.breach').count()).toBeGreaterThan(0);
    await shot('entity-user');
    await shot('entity-user-top', false);
  });

  it('filters the breach log', async () => {
    await page.goto(`${base}/#/breaches`);
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const all = await rows.count();
    await page.getByLabel('Min score').fill('85');
    // Fewer rows, but some: an empty table is the page still loading the filtered list.
    await expect
      .poll(async () => {
        const n = await rows.count();
        return n > 0 && n < all;
      }, WAIT)
      .toBe(true);
    const scores = await page.locator('table tbody tr .score').allTextContents();
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.every((x) => Number(x) >= 85)).toBe(true);
    // Times are typed as ISO 8601 in UTC; a malformed one is flagged instead of sent.
    await page.getByLabel('From (UTC)').fill('03/12/2026');
    expect(await page.getByLabel('From (UTC)').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('From (UTC)').fill('2026-03-12 09:05');
    expect(await page.getByLabel('From (UTC)').getAttribute('aria-invalid')).toBe('false');
    await expect
      .poll(
        async () =>
          (await page.locator('table tbody tr td.nowrap').allTextContents()).every((t) => t >= '2026-03-12 09:05'),
        WAIT,
      )
      .toBe(true);
    await shot('breaches');
  });

  it('lists the models with their settings for an admin', async () => {
    await page.goto(`${base}/#/models`);
    const models = page.locator('details.model');
    await models.first().waitFor();
    expect(await models.count()).toBeGreaterThan(20);
    await models.first().locator('summary').click();
    expect(
      await models
        .first()
        .getByRole('button', { name: /Disable|Enable/ })
        .count(),
    ).toBe(1);
    // Enabled models are marked calmly, and the list filters by words.
    expect(await page.locator('details.model .switch.on').count()).toBeGreaterThan(20);
    expect(await page.locator('details.model .status.active').count()).toBe(0);
    await shot('models', false);
    await page.getByLabel('Find').fill('beacon');
    await expect.poll(() => models.count(), WAIT).toBeLessThan(6);
    const names = await page.locator('details.model summary').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /beacon/i.test(n))).toBe(true);
  });

  it('fits a phone screen: the header wraps instead of overflowing', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/#/incidents`);
    await page.locator('table.incidents').waitFor();
    const header = await page.locator('header').boundingBox();
    expect(header!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await page.locator('header nav a').last().isVisible()).toBe(true);
    await shot('phone', false);
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('has its own favicon, served locally', async () => {
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    const icon = await page.request.get(`${base}/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
  });

  it('fetched nothing from anywhere but telltale itself', () => {
    expect(foreignRequests).toEqual([]);
  });
});

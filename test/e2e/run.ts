/**
 * End-to-end test of the analysis workspace in real Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core): the built renderer (out/renderer, from `npm run build`) against the real
 * main-process handlers through the HTTP test bridge (bridge-server.ts). It imports addicts.csv, maps
 * it, opens the overview, survival, Cox and correlation views and checks the numbers they show against
 * R (survival 3.5-3 on the same data), exports a table and a chart, and saves a screenshot of each view
 * to $E2E_SCREENSHOTS (default test/e2e/screenshots/). Any console error, page error or request to a
 * non-loopback origin fails the run. Prints "N passed, M failed" last; exits non-zero on failure.
 *
 * R references (addicts, survival 3.5-3):
 *   survdiff(Surv(time, status) ~ clinic)                       chisq 27.89 on 1 df
 *   coxph(Surv(time, status) ~ factor(clinic) + prison + dose)  exp(coef) clinic=2 0.3643, prison 1.3862, dose 0.9652
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBridge, type Bridge } from './bridge-server';

const ROOT = resolve(import.meta.dirname, '../..');
const RENDERER = resolve(ROOT, 'out/renderer');
const FIXTURE = resolve(ROOT, 'test/fixtures/data/addicts.csv');
const SCREENSHOTS = resolve(process.env.E2E_SCREENSHOTS ?? resolve(ROOT, 'test/e2e/screenshots'));
const STEP_TIMEOUT = 30_000;
const TOTAL_TIMEOUT = 170_000;

class Failure extends Error {}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Failure(message);
}

function expectNear(actual: number, expected: number, tolerance: number, label: string): void {
  expect(Number.isFinite(actual) && Math.abs(actual - expected) <= tolerance, `${label}: shows ${actual}, expected ${expected} ± ${tolerance}`);
}

function isLoopback(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

async function numberIn(page: Page, selector: string): Promise<number> {
  const text = (await page.locator(selector).first().textContent({ timeout: STEP_TIMEOUT })) ?? '';
  return Number(text.replace(/[^\d.eE+-]/g, ''));
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function goToStep(page: Page, step: string): Promise<void> {
  await page.locator(`nav button[data-step="${step}"]`).click();
  await page.locator(`main[data-view="${step}"]`).waitFor({ timeout: STEP_TIMEOUT });
}

async function main(): Promise<number> {
  if (!existsSync(resolve(RENDERER, 'index.html'))) {
    console.log('e2e: out/renderer is missing: run `npm run build` first');
    return 1;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const problems: string[] = [];
  let bridge: Bridge | null = null;
  let browser: Browser | null = null;
  let passed = 0;
  let failed = 0;
  const timer = setTimeout(() => {
    console.log('e2e: timed out after 170 s');
    process.exit(1);
  }, TOTAL_TIMEOUT);

  try {
    bridge = await startBridge({ rendererDir: RENDERER, csvPath: FIXTURE });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!isLoopback(request.url())) problems.push(`request to a non-loopback origin: ${request.url()}`);
    });

    const steps: [string, () => Promise<void>][] = [
      [
        'start screen, keyboard navigation and a new project',
        async () => {
          await page.goto(bridge!.url);
          await page.getByRole('heading', { name: 'Start' }).waitFor();
          // The view's heading takes focus on each step; Tab moves on into the view, Shift+Tab back into the steps.
          expect((await page.evaluate(() => document.activeElement?.tagName)) === 'H1', 'the view heading should have focus');
          await page.keyboard.press('Tab');
          expect((await page.evaluate(() => document.activeElement?.textContent ?? '')) === 'Open the demo cohort', 'Tab from the heading should reach the first button');
          await page.keyboard.press('Shift+Tab');
          expect((await page.evaluate(() => document.activeElement?.getAttribute('data-step'))) === 'report', 'Shift+Tab from the first button should reach the step navigation');
          const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
          expect(outline !== 'none', 'the focused control should show a visible focus outline');
          await screenshot(page, '1-start');
          await page.getByRole('button', { name: 'New project…' }).click();
          await page.locator('main[data-view="data"]').waitFor();
        },
      ],
      [
        'import addicts.csv with preview and check',
        async () => {
          await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
          const preview = page.getByTestId('import-preview');
          await preview.waitFor();
          const previewText = (await preview.textContent()) ?? '';
          for (const column of ['clinic', 'status', 'time', 'prison', 'dose']) expect(previewText.includes(column), `the preview should list column ${column}`);
          await screenshot(page, '2-import-preview');
          await page.getByTestId('import-button').click();
          await page.getByTestId('import-report').waitFor();
          expect(((await page.getByTestId('import-report').textContent()) ?? '').includes('238 rows'), 'the import report should say 238 rows');
          await page.getByTestId('column-summary').waitFor();
          await screenshot(page, '3-data-check');
        },
      ],
      [
        'map time, status, clinic and two factors',
        async () => {
          await goToStep(page, 'mapping');
          await page.locator('#map-time').selectOption('time');
          await page.locator('#map-event').selectOption('status');
          await page.locator('#map-event-values').fill('1');
          const groups = page.locator('fieldset').filter({ hasText: 'Group columns' });
          for (const column of ['clinic', 'prison', 'dose', 'time', 'status', 'id']) {
            const box = groups.getByLabel(column, { exact: true });
            if ((await box.isChecked()) !== (column === 'clinic')) await box.setChecked(column === 'clinic');
          }
          // Remove suggested factor items, then map dose and prison explicitly.
          while ((await page.locator('.factor-item').count()) > 0) await page.locator('.factor-item button').first().click();
          await page.getByRole('button', { name: 'Add a column to Physical dependence' }).click();
          await page.locator('#f-physical_dependence-0-col').selectOption('dose');
          await page.locator('#f-physical_dependence-0-dir').selectOption('protective');
          await page.getByRole('button', { name: 'Add a column to Environmental triggers' }).click();
          await page.locator('#f-environmental_triggers-0-col').selectOption('prison');
          const confirm = page.getByTestId('confirm-mapping');
          await page.waitForFunction(() => !(document.querySelector('[data-testid="confirm-mapping"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: STEP_TIMEOUT });
          await screenshot(page, '4-mapping');
          await confirm.click();
          await page.locator('main[data-view="overview"]').waitFor();
        },
      ],
      [
        'overview: 238 participants, 150 relapses, 88 censored',
        async () => {
          await page.getByTestId('overview-tiles').waitFor();
          expect((await numberIn(page, '[data-testid="tile-participants"]')) === 238, 'participants should be 238');
          expect((await numberIn(page, '[data-testid="tile-events"]')) === 150, 'relapses should be 150');
          expect((await numberIn(page, '[data-testid="tile-censored"]')) === 88, 'censored should be 88');
          await page.locator('[data-testid="overview-km"] svg').first().waitFor();
          await page.locator('[data-testid="histogram-physical_dependence"] svg').first().waitFor();
          await page.getByTestId('group-summary-clinic').waitFor();
          await screenshot(page, '5-overview');
        },
      ],
      [
        'survival by clinic: log-rank chi-square 27.89',
        async () => {
          await goToStep(page, 'survival');
          await page.getByTestId('logrank-chisq').waitFor();
          expectNear(await numberIn(page, '[data-testid="logrank-chisq"]'), 27.89, 0.005, 'log-rank χ²');
          expect((await page.getByTestId('logrank-p').textContent()) === '<0.001', 'log-rank p should show <0.001');
          expect((await page.locator('[data-testid="survival-km"] .km-curve').count()) >= 2, 'two KM curves should be drawn');
          expect((await page.locator('[data-testid="survival-km"] .km-at-risk-row').count()) === 2, 'the at-risk table should have a row per clinic');
          await page.getByTestId('survival-at-times').waitFor();
          await screenshot(page, '6-survival');
        },
      ],
      [
        'Cox on clinic (categorical), prison and dose: HR clinic=2 0.364',
        async () => {
          await goToStep(page, 'cox');
          const covariates = page.locator('[data-option="covariates"]');
          for (const column of ['clinic', 'prison', 'dose']) await covariates.getByLabel(column, { exact: true }).check();
          await page.locator('[data-option="categorical"]').getByLabel('clinic', { exact: true }).check();
          const row = page.getByTestId('cox-table').locator('tr', { hasText: 'clinic=2' });
          await row.waitFor();
          await page.waitForFunction(() => !document.querySelector('.busy'));
          const cells = await row.locator('td').allTextContents();
          expectNear(Number(cells[3]), 0.364, 0.0005, 'HR clinic=2');
          const prison = await page.getByTestId('cox-table').locator('tr', { hasText: 'prison' }).locator('td').allTextContents();
          expectNear(Number(prison[3]), 1.386, 0.0005, 'HR prison');
          await page.locator('[data-testid="cox-forest"] svg').first().waitFor();
          await page.getByTestId('cox-ph').waitFor();
          await screenshot(page, '7-cox');
        },
      ],
      [
        'correlation heatmap and scatter plot',
        async () => {
          await goToStep(page, 'correlation');
          await page.locator('[data-testid="correlation-heatmap"] svg').first().waitFor();
          const table = page.getByTestId('correlation-table');
          await table.waitFor();
          expect((await table.locator('tbody tr').count()) === 6, 'four variables should give six pairs');
          await table.locator('tbody tr').first().click();
          await page.locator('[data-testid="scatter"] svg').first().waitFor();
          await screenshot(page, '8-correlation');
        },
      ],
      [
        'exports: a table as CSV, a chart as SVG and PNG',
        async () => {
          const before = bridge!.saved.length;
          await page.getByRole('button', { name: 'Save table "Correlations" as CSV' }).click();
          await page.getByRole('button', { name: 'Save chart "Correlation matrix" as SVG' }).click();
          await page.getByRole('button', { name: 'Save chart "Correlation matrix" as PNG' }).click();
          const deadline = Date.now() + STEP_TIMEOUT;
          while (bridge!.saved.length < before + 3 && Date.now() < deadline) await page.waitForTimeout(100);
          const files = bridge!.saved.slice(before);
          expect(files.length === 3, `three files should be saved, got ${files.length}`);
          const csv = readFileSync(files.find((f) => f.endsWith('.csv'))!, 'utf8');
          expect(csv.startsWith('Variable 1,Variable 2,r,'), 'the CSV should start with the table header');
          const svg = readFileSync(files.find((f) => f.endsWith('.svg'))!, 'utf8');
          expect(svg.includes('<svg') && svg.includes('xmlns="http://www.w3.org/2000/svg"'), 'the SVG should be a standalone SVG');
          const png = readFileSync(files.find((f) => f.endsWith('.png'))!);
          expect(png.subarray(1, 4).toString('latin1') === 'PNG' && png.length > 5000, 'the PNG should be a real image');
        },
      ],
    ];

    for (const [name, run] of steps) {
      const started = Date.now();
      try {
        await run();
        if (problems.length > 0) throw new Failure(problems.join('; '));
        passed++;
        console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed++;
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        console.log(`not ok - ${name}: ${message}`);
        problems.length = 0;
        await screenshot(page, `failed-${passed + failed}`).catch(() => undefined);
        break;
      }
    }
    const remaining = steps.length - passed - failed;
    failed += remaining;
    if (bridge.loggedErrors.length > 0) console.log(`e2e: main logged: ${bridge.loggedErrors[0].split('\n')[0]}`);
  } catch (error) {
    failed++;
    console.log(`e2e: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await bridge?.close().catch(() => undefined);
    clearTimeout(timer);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));

/**
 * End-to-end test of the analysis workspace in real Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core): the built renderer (out/renderer, from `npm run build`) against the real
 * main-process handlers through the HTTP test bridge (bridge-server.ts). It imports addicts.csv, maps
 * it, opens the overview, survival, Cox and correlation views and checks the numbers they show against
 * R (survival 3.5-3 on the same data), exports a table and a chart, and saves a screenshot of each view
 * to $E2E_SCREENSHOTS (default test/e2e/screenshots/). It also cancels the import of a large generated
 * cohort (300,000 rows), saves a mapping template to a file and loads one from a file, previews the
 * report, goes Project → Data → Mapping → Overview → Survival with the keyboard alone, and times the
 * survival view on a 100,000-participant demo project (click on a grouping → log-rank p on screen).
 * Last, it imports R's cgd, maps it as several rows per participant and opens Recurrent relapses (the
 * MCF by treatment and the Andersen–Gill table, against R's coxph(Surv(tstart, tstop, status) ~ treat +
 * cluster(id), cgd)).
 * Then the messy-export path (issue 15): a generated Windows-1252 CSV with a -99 missing code, an impossible
 * date 15/13/2020 and a relapse date before the intake; a column's type changed in the preview; dates mode;
 * the two rows left out in the Mapping step (audit log); "employed" as a protective coping-skills item; a Cox
 * model built in the Cox step (Breslow ties); the report showing that model and the rows left out.
 * Any console error, page error or request to a non-loopback origin fails the run. Prints
 * "N passed, M failed" last; exits non-zero on failure.
 *
 * R references (addicts, survival 3.5-3):
 *   survdiff(Surv(time, status) ~ clinic)                       chisq 27.89 on 1 df
 *   coxph(Surv(time, status) ~ factor(clinic) + prison + dose)  exp(coef) clinic=2 0.3643, prison 1.3862, dose 0.9652
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';
import { startBridge, type Bridge } from './bridge-server';
import { writeDemoCohortCsv } from '../../node/files/demo-cohort-file';
import { DEMO_MAPPING } from '../../shared/demo/demo-mapping';

const ROOT = resolve(import.meta.dirname, '../..');
const RENDERER = resolve(ROOT, 'out/renderer');
const FIXTURE = resolve(ROOT, 'test/fixtures/data/addicts.csv');
const MAPPING_FIXTURE = resolve(ROOT, 'test/shared/mapping/fixtures/demo-mapping.json');
const LARGE_IMPORT_ROWS = 300_000;
/**
 * Participants in the demo project whose option-change response is measured (issue 10: "in the app at
 * 1M participants, any option change shows its result within 1 s; measure in the e2e and print it, not a
 * timed assertion"). E2E_PARTICIPANTS changes it. The time is printed, never asserted: a timing depends
 * on the machine and its load, and a test that fails on a busy machine tests the machine.
 */
const RESPONSIVE_ROWS = Number(process.env.E2E_PARTICIPANTS ?? 1_000_000);
const SCREENSHOTS = resolve(process.env.E2E_SCREENSHOTS ?? resolve(ROOT, 'test/e2e/screenshots'));
const STEP_TIMEOUT = 30_000;
/**
 * Building a report runs every analysis and draws every chart: the slowest wait of the run. On a loaded
 * 2-core machine a CI clone's report step took 29 s and the messy-export report timed out at 30 s, so the
 * waits for a report preview allow longer (a wait, not a timed assertion).
 */
const REPORT_TIMEOUT = 120_000;
/** The axe-core check of every screen (about 1 to 3 s each) and the two slow report builds are allowed for in the total. */
const TOTAL_TIMEOUT = 170_000 + 60_000 + RESPONSIVE_ROWS / 5 + 2 * (REPORT_TIMEOUT - STEP_TIMEOUT);

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

/** Serious and critical accessibility violations found by axe-core, one line each: screen, rule, impact, where. */
const axeFindings: string[] = [];

/** Runs axe-core (injected into the page) on the screen as it is and records its serious and critical violations. */
async function checkAccessibility(page: Page, screen: string): Promise<void> {
  // Evaluated through the DevTools protocol (the app's CSP rightly refuses an inline script tag).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const results = await run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')), count: v.nodes.length }));
  });
  for (const v of violations) {
    const finding = `${screen}: ${v.id} (${v.impact}: ${v.help}) at ${v.targets.join(' | ')}${v.count > 5 ? ` and ${v.count - 5} more` : ''}`;
    axeFindings.push(finding);
    console.log(`   axe: ${finding}`);
  }
}

/** Saves a screenshot of the page (the whole page) and checks the screen with axe-core. */
async function screenshot(page: Page, name: string, options: { axe?: boolean } = {}): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (options.axe !== false) await checkAccessibility(page, name);
}

/**
 * Fails unless each control (a selector) lies within the window as it opens, at the top of the page,
 * with no scroll box around it that scrolls (the page's own scrolling aside).
 */
async function expectInView(page: Page, selectors: string[], where: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const problems = await page.evaluate((list) => {
    const out: string[] = [];
    for (const selector of list) {
      const el = document.querySelector(selector);
      if (!el) {
        out.push(`${selector} is not on screen`);
        continue;
      }
      const box = el.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight || box.left < 0 || box.right > window.innerWidth) out.push(`${selector} is outside the ${window.innerWidth}×${window.innerHeight} window (top ${Math.round(box.top)}, bottom ${Math.round(box.bottom)})`);
      for (let up = el.parentElement; up && up !== document.body && up !== document.documentElement; up = up.parentElement) {
        const overflow = getComputedStyle(up).overflowY;
        if ((overflow === 'auto' || overflow === 'scroll') && up.scrollHeight > up.clientHeight + 1) out.push(`${selector} sits in a scroll box (${up.tagName.toLowerCase()}.${up.className})`);
      }
    }
    return out;
  }, selectors);
  expect(problems.length === 0, `${where}: ${problems.join('; ')}`);
}

async function goToStep(page: Page, step: string): Promise<void> {
  await page.locator(`nav button[data-step="${step}"]`).click();
  await page.locator(`main[data-view="${step}"]`).waitFor({ timeout: STEP_TIMEOUT });
}

/** The focused element: tag, text, attributes, and whether it shows a focus outline. */
async function focused(page: Page): Promise<{ tag: string; text: string; step: string | null; testId: string | null; visible: boolean; describe: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'BODY', text: '', step: null, testId: null, visible: false, describe: 'body' };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
    return {
      tag: el.tagName,
      text,
      step: el.getAttribute('data-step'),
      testId: el.getAttribute('data-testid'),
      visible: outline || shadow,
      describe: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}"`,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element satisfies `wanted`, checking on the way that
 * every control that takes focus shows it. Fails after `limit` presses.
 */
async function tabTo(page: Page, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, label: string, options: { backwards?: boolean; limit?: number } = {}): Promise<void> {
  const limit = options.limit ?? 400;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    expect(f.tag === 'BODY' || f.visible, `keyboard focus on ${f.describe} is not visible`);
    if (wanted(f)) return;
  }
  throw new Failure(`${label} was not reached with ${options.backwards ? 'Shift+Tab' : 'Tab'} in ${limit} presses`);
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
  const cleanups: (() => void)[] = [];
  let responseMs: number | null = null;
  const timer = setTimeout(() => {
    console.log(`e2e: timed out after ${Math.round(TOTAL_TIMEOUT / 1000)} s`);
    process.exit(1);
  }, TOTAL_TIMEOUT);

  try {
    // Generated cohorts: a large file to cancel the import of, and the 100,000-participant demo project.
    const generated = mkdtempSync(join(tmpdir(), 'relapse-e2e-csv-'));
    cleanups.push(() => rmSync(generated, { recursive: true, force: true }));
    const largeCsv = join(generated, 'cohort-300k.csv');
    const responsiveCsv = join(generated, `demo-cohort-${RESPONSIVE_ROWS}.csv`);
    await writeDemoCohortCsv(largeCsv, LARGE_IMPORT_ROWS);
    await writeDemoCohortCsv(responsiveCsv, RESPONSIVE_ROWS);
    bridge = await startBridge({ rendererDir: RENDERER, csvPath: FIXTURE, mappingPath: MAPPING_FIXTURE });
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
        `cancel the import of a ${LARGE_IMPORT_ROWS.toLocaleString('en')}-row CSV: nothing changes`,
        async () => {
          const datasetsBefore = (await bridge!.call('dataset:list', {})) as { name: string }[];
          bridge!.setCsvPath(largeCsv);
          await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
          await page.getByTestId('import-preview').getByRole('heading', { name: 'Preview of cohort-300k.csv' }).waitFor();
          await page.getByTestId('import-button').click();
          const cancel = page.getByRole('group', { name: 'Import progress' }).getByRole('button', { name: 'Cancel' });
          await cancel.click({ timeout: 5000 });
          const note = page.getByTestId('import-cancelled');
          await note.waitFor();
          const text = (await note.textContent()) ?? '';
          expect(text.includes('cancelled') && text.includes('Nothing was changed'), `the note should say the import was cancelled and nothing changed, says "${text}"`);
          expect((await page.getByTestId('import-report').count()) === 0, 'no import report should be shown after a cancel');
          const datasetsAfter = (await bridge!.call('dataset:list', {})) as { name: string }[];
          expect(JSON.stringify(datasetsAfter.map((d) => d.name)) === JSON.stringify(datasetsBefore.map((d) => d.name)), `the project should hold the same datasets (${datasetsBefore.map((d) => d.name).join(', ')}), holds ${datasetsAfter.map((d) => d.name).join(', ')}`);
          const listed = await page.locator('.card', { hasText: 'Datasets in this project' }).locator('li').allTextContents();
          expect(listed.length === 1 && listed[0].startsWith('addicts'), `the dataset list should still show only addicts, shows ${listed.join(' | ')}`);
          await screenshot(page, '3b-import-cancelled');
          bridge!.setCsvPath(FIXTURE);
        },
      ],
      [
        'build intervals from visits (the timeline builder): two more CSVs imported, 10 intervals of 5 participants stored, the rows left out shown',
        async () => {
          for (const file of ['timeline-participants', 'timeline-measures']) {
            bridge!.setCsvPath(resolve(ROOT, `test/shared/data/fixtures/${file}.csv`));
            await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
            await page.getByTestId('import-preview').getByRole('heading', { name: `Preview of ${file}.csv` }).waitFor();
            await page.getByTestId('import-button').click();
            await page.getByTestId('import-report').filter({ hasText: `into "${file}"` }).waitFor();
          }
          bridge!.setCsvPath(FIXTURE);
          const card = page.getByTestId('timeline-builder');
          await card.waitFor();
          await page.locator('#timeline-participants').selectOption('timeline-participants');
          await page.locator('#timeline-visits').selectOption('timeline-measures');
          await page.waitForFunction(() => (document.querySelector('#timeline-end') as HTMLSelectElement | null)?.value === 'futime', undefined, { timeout: STEP_TIMEOUT });
          await page.waitForFunction(() => (document.querySelector('#timeline-measure-0') as HTMLSelectElement | null)?.value === 'craving', undefined, { timeout: STEP_TIMEOUT });
          await card.getByRole('button', { name: 'Add a measure' }).click();
          await page.locator('#timeline-measure-1').selectOption('aftercare');
          await page.locator('#timeline-kind-1').selectOption('cumulative');
          await page.locator('#timeline-name').fill('visits as intervals');
          await page.getByTestId('timeline-build').click();
          const result = page.getByTestId('timeline-result');
          await result.waitFor();
          const text = (await result.textContent()) ?? '';
          expect(text.includes('Built 10 intervals of 5 participants into "visits as intervals"'), `the builder should say it built 10 intervals of 5 participants, says "${text.slice(0, 200)}"`);
          expect(text.includes('1 participant has no end of follow-up ("futime") and was left out (first: data row 6)'), 'the rows left out should be shown');
          await screenshot(page, '3c-timeline-builder');
          // back to addicts for the steps that follow
          await page.getByTestId('dataset-list').getByRole('button', { name: 'addicts', exact: true }).click();
          await page.getByRole('heading', { name: 'Check: addicts' }).waitFor();
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
          // Save the mapping as a template file: the public template format.
          const before = bridge!.saved.length;
          await page.getByLabel('Template name').fill('addicts clinics');
          await page.getByRole('button', { name: 'Save to file…' }).click();
          await page.getByRole('status').filter({ hasText: 'Saved the template to' }).waitFor();
          expect(bridge!.saved.length === before + 1 && bridge!.saved[before].endsWith('addicts_clinics.json'), 'one template file should be saved as addicts clinics.json');
          const template = JSON.parse(readFileSync(bridge!.saved[before], 'utf8'));
          expect(template.format === 'relapse-workbench-mapping' && template.version === 1, 'the file should be in the template format');
          expect(template.outcome.time === 'time' && template.outcome.event === 'status' && JSON.stringify(template.groups) === '["clinic"]', 'the file should hold the mapped outcome and group');
          expect(JSON.stringify(template.factors.physical_dependence) === '[{"column":"dose","direction":"protective"}]', 'the file should hold the physical dependence item');
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
          await page.locator('[data-testid="survival-km"] .km-curve').nth(1).waitFor();
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
          const row = page.getByTestId('cox-table').locator('tr', { hasText: 'clinic: 2 vs 1' });
          await row.waitFor();
          await page.waitForFunction(() => !document.querySelector('.busy'));
          const cells = await row.locator('td').allTextContents();
          expectNear(Number(cells[3]), 0.364, 0.0005, 'HR clinic=2');
          const prison = await page.getByTestId('cox-table').locator('tr', { hasText: 'prison' }).locator('td').allTextContents();
          expectNear(Number(prison[3]), 1.386, 0.0005, 'HR prison');
          await page.locator('[data-testid="cox-forest"] svg').first().waitFor();
          await page.getByTestId('cox-ph').waitFor();
          // cox.zph rejects for clinic: the RMST difference is proposed as the absolute effect.
          expect(((await page.getByTestId('cox-rmst-proposal').textContent()) ?? '').includes('restricted mean time free of relapse (RMST)'), 'the Cox view should propose the RMST difference');
          await screenshot(page, '7-cox');
        },
      ],
      [
        'Survival and Cox options fit a 1366×768 screen, without a scroll box of their own',
        async () => {
          await page.setViewportSize({ width: 1366, height: 768 });
          try {
            await goToStep(page, 'survival');
            await page.getByTestId('logrank-chisq').waitFor();
            await page.waitForFunction(() => !document.querySelector('.busy'));
            const survival = ['[data-option="group"] select', '[data-option="confType"] select', '[data-option="confLevel"] input', '[data-option="times"] input', '[data-option="rho"] input', '[data-option="pairwise"] select', '[data-option="pAdjust"] select', '[data-testid="survival-display"]'];
            await expectInView(page, survival, 'Survival at 1366×768');
            await screenshot(page, '6b-survival-1366x768');
            await goToStep(page, 'cox');
            await page.getByTestId('cox-table').waitFor();
            await page.waitForFunction(() => !document.querySelector('.busy'));
            const cox = ['[data-option="covariates"]', '[data-option="categorical"]', '[data-option="reference"] select', '[data-option="strata"] select', '[data-option="ties"] select', '[data-option="confLevel"] input'];
            await expectInView(page, cox, 'Cox at 1366×768');
            await screenshot(page, '7a-cox-1366x768');
          } finally {
            await page.setViewportSize({ width: 1440, height: 1000 });
          }
        },
      ],
      [
        'Compare sites by clinic: funnel plot (O/E 1.30 and 0.50), raw and adjusted curves, RMST',
        async () => {
          await goToStep(page, 'sites');
          await page.locator('[data-testid="sites-funnel"] .funnel-site').nth(1).waitFor({ timeout: STEP_TIMEOUT });
          const rows = page.getByTestId('sites-table').locator('tbody tr');
          expect((await rows.count()) === 2, 'the O/E table should have a row per clinic');
          expectNear(Number((await rows.nth(0).locator('td').allTextContents())[4]), 1.3, 0.005, 'O/E clinic 1');
          expectNear(Number((await rows.nth(1).locator('td').allTextContents())[4]), 0.5, 0.005, 'O/E clinic 2');
          expect((await page.locator('[data-testid="sites-funnel"] .funnel-label').count()) === 2, 'both clinics lie outside the 95% limits and are named');
          await page.locator('[data-testid="sites-adjusted"] .km-curve').nth(1).waitFor({ timeout: STEP_TIMEOUT });
          await page.locator('[data-testid="sites-raw"] .km-curve').nth(1).waitFor({ timeout: STEP_TIMEOUT });
          await page.getByTestId('sites-rmst').waitFor({ timeout: STEP_TIMEOUT });
          expect(((await page.getByTestId('sites-adjustment-note').textContent()) ?? '').includes('measured factors only'), 'the reading should say adjustment removes differences in the measured factors only');
          await page.waitForFunction(() => !document.querySelector('.busy'));
          await screenshot(page, '7b-compare-sites');
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
          await page.getByRole('button', { name: 'Save as CSV, table "Correlations"' }).click();
          await page.getByRole('button', { name: 'Save as SVG, chart "Correlation matrix"' }).click();
          await page.getByRole('button', { name: 'Save as PNG, chart "Correlation matrix"' }).click();
          const deadline = Date.now() + STEP_TIMEOUT;
          while (bridge!.saved.length < before + 3 && Date.now() < deadline) await page.waitForTimeout(100);
          const files = bridge!.saved.slice(before);
          expect(files.length === 3, `three files should be saved, got ${files.length}`);
          const csv = readFileSync(files.find((f) => f.endsWith('.csv'))!, 'utf8');
          expect(csv.startsWith("Variable 1,Variable 2,Pearson's r,"), 'the CSV should start with the table header');
          const svg = readFileSync(files.find((f) => f.endsWith('.svg'))!, 'utf8');
          expect(svg.includes('<svg') && svg.includes('xmlns="http://www.w3.org/2000/svg"'), 'the SVG should be a standalone SVG');
          const png = readFileSync(files.find((f) => f.endsWith('.png'))!);
          expect(png.subarray(1, 4).toString('latin1') === 'PNG' && png.length > 5000, 'the PNG should be a real image');
        },
      ],
      [
        'more analyses: the restricted mean difference by clinic, shown from its declaration (R survRM2 rmst2: 212.2 days at day 905)',
        async () => {
          await goToStep(page, 'more');
          // The step opens on the first declared analysis (in the registry's order); the restricted mean is chosen by its label.
          await page.getByTestId('more-choices').getByLabel(/Restricted mean time free of relapse/).check();
          const comparisons = page.getByTestId('rmst-comparisons');
          await comparisons.locator('tbody tr').first().waitFor();
          const cells = await comparisons.locator('tbody tr').first().locator('td').allTextContents();
          expect((await comparisons.locator('tbody tr').count()) === 1, 'two clinics should give one pair');
          expect(cells.some((c) => c.trim() === '212.2'), `the difference of clinic 2 against 1 should read 212.2 days, shows ${cells.join(' | ')}`);
          await screenshot(page, '8c-more-analyses-rmst');
        },
      ],
      [
        'report: sandboxed preview, small-cell threshold, Save HTML, Save PDF explained',
        async () => {
          await goToStep(page, 'report');
          const frame = page.getByTestId('report-preview');
          await frame.waitFor();
          expect((await frame.getAttribute('sandbox')) === '', 'the preview frame should be sandboxed with no permissions');
          expect((await page.getByLabel('Small counts').inputValue()) === '5', 'the small-cell threshold should default to 5');
          const inside = page.frameLocator('[data-testid="report-preview"]');
          await inside.locator('h1').first().waitFor({ timeout: REPORT_TIMEOUT });
          await page.getByLabel('Small counts').selectOption('0');
          await page.getByTestId('report-ready').filter({ hasText: 'every count shown' }).waitFor({ timeout: REPORT_TIMEOUT });
          const before = bridge!.saved.length;
          await page.getByRole('button', { name: 'Save HTML…' }).click();
          await page.getByRole('status').filter({ hasText: 'Saved to' }).waitFor();
          expect(bridge!.saved.length === before + 1 && /^<!doctype html>/i.test(readFileSync(bridge!.saved[before], 'utf8')), 'Save HTML should write the report');
          await page.getByRole('button', { name: 'Save PDF…' }).click();
          const note = page.getByTestId('pdf-note');
          await note.waitFor();
          expect(((await note.textContent()) ?? '').includes('PDF export needs the desktop app'), 'the PDF note should explain that PDF needs the desktop app');
          await screenshot(page, '9-report');
        },
      ],
      [
        'keyboard only: Project → Data → Mapping → Overview → Survival with visible focus',
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Start' }).waitFor();
          await tabTo(page, (f) => f.text === 'Open project…', 'the "Open project…" button');
          await page.keyboard.press('Enter');
          await page.locator('main[data-view="data"]').waitFor();
          await tabTo(page, (f) => f.text === 'addicts' && f.tag === 'BUTTON', 'the addicts dataset');
          await page.keyboard.press('Enter');
          await page.getByTestId('column-summary').waitFor();
          await tabTo(page, (f) => f.text === 'Continue to mapping', 'the "Continue to mapping" button');
          await page.keyboard.press('Enter');
          await page.locator('main[data-view="mapping"]').waitFor();
          await page.waitForFunction(() => !(document.querySelector('[data-testid="confirm-mapping"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: STEP_TIMEOUT });
          await tabTo(page, (f) => f.testId === 'confirm-mapping', 'the "Use this mapping" button');
          await screenshot(page, '10-keyboard-mapping');
          await page.keyboard.press('Space');
          await page.locator('main[data-view="overview"]').waitFor();
          await page.getByTestId('overview-tiles').waitFor();
          await tabTo(page, (f) => f.step === 'survival', 'the Survival step', { backwards: true });
          await page.keyboard.press('Enter');
          await page.locator('main[data-view="survival"]').waitFor();
          expect((await focused(page)).tag === 'H1', 'the Survival heading should take focus');
          await page.getByTestId('logrank-p').waitFor();
          await tabTo(page, (f) => f.tag === 'SELECT' || f.tag === 'INPUT', 'the first survival option', { limit: 20 });
          await screenshot(page, '11-keyboard-survival');
        },
      ],
      [
        `survival on a ${RESPONSIVE_ROWS.toLocaleString('en')}-participant demo project: the time from choosing a grouping to the log-rank p, printed`,
        async () => {
          // The demo project as "Open the demo cohort" finds it, holding the larger generated cohort.
          const demoFolder = join(bridge!.userDataDir, 'demo');
          mkdirSync(demoFolder, { recursive: true });
          await bridge!.call('project:open', { path: join(demoFolder, 'demo-project.sqlite'), create: true });
          await bridge!.call('dataset:import', { path: responsiveCsv, name: 'demo-cohort' });
          await bridge!.call('mapping:save', { name: 'demo mapping', mapping: DEMO_MAPPING });
          await page.reload();
          await page.getByRole('button', { name: 'Open the demo cohort' }).click();
          await page.locator('main[data-view="overview"]').waitFor({ timeout: 60_000 });
          await page.getByTestId('overview-tiles').waitFor();
          expect((await numberIn(page, '[data-testid="tile-participants"]')) === RESPONSIVE_ROWS, `the overview should count ${RESPONSIVE_ROWS} participants`);
          await goToStep(page, 'survival');
          await page.getByTestId('logrank-p').waitFor({ timeout: 60_000 });
          await page.waitForFunction(() => !document.querySelector('.busy'), undefined, { timeout: 60_000 });
          const started = Date.now();
          await page.getByLabel('Compare groups').selectOption('median.psychological_dependence');
          await page.getByTestId('logrank').filter({ hasText: 'below median' }).getByTestId('logrank-p').waitFor({ timeout: 60_000 });
          responseMs = Date.now() - started;
          console.log(`   log-rank p on screen ${responseMs} ms after choosing the median split (${RESPONSIVE_ROWS.toLocaleString('en')} participants)`);
          await page.getByTestId('survival-medians').filter({ hasText: 'below median' }).waitFor({ timeout: 30_000 });
          console.log(`   Kaplan–Meier curves and medians on screen ${Date.now() - started} ms after choosing the median split`);
          await page.locator('[data-testid="survival-km"] .km-curve').nth(1).waitFor();
          // The new result's table (the previous grouping's chart stays on screen, out of date, until it comes).
          const incidence = page.locator('[data-testid="survival-cuminc-result"][data-out-of-date="false"]').filter({ has: page.getByTestId('cuminc-at-times').filter({ hasText: 'below median' }) });
          await incidence.locator('[data-testid="cuminc-chart"] .cif-curve').nth(3).waitFor({ timeout: 30_000 });
          console.log(`   cumulative incidence on screen ${Date.now() - started} ms after choosing the median split`);
          await page.getByTestId('gray-test').waitFor();
          await page.waitForFunction(() => !document.querySelector('.busy'), undefined, { timeout: 30_000 });
          await screenshot(page, '12-survival-median-split');
        },
      ],
      [
        'load a mapping template from a file',
        async () => {
          await goToStep(page, 'mapping');
          await page.getByRole('button', { name: 'Load from file…' }).click();
          await page.getByRole('status').filter({ hasText: 'Loaded the template from' }).waitFor();
          expect((await page.locator('#map-event').inputValue()) === 'relapsed', 'the loaded template should map the event to relapsed');
          expect((await page.locator('#map-competing').inputValue()) === '', 'the loaded template has no competing end');
          expect((await page.locator('#f-complacency-1-col').inputValue()) === 'stopped_meetings', 'the loaded template should hold its factor items');
          await page.waitForFunction(() => !(document.querySelector('[data-testid="confirm-mapping"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: STEP_TIMEOUT });
          await screenshot(page, '13-mapping-template-loaded');
          await page.getByTestId('confirm-mapping').click();
          await page.locator('main[data-view="overview"]').waitFor();
          await page.getByTestId('overview-tiles').waitFor();
        },
      ],
      [
        "recurrent relapses on R's cgd: several rows per participant in the Mapping step, the MCF by treatment and the AG rate ratio 0.334 (robust SE 0.3119)",
        async () => {
          await goToStep(page, 'data');
          bridge!.setCsvPath(resolve(ROOT, 'test/fixtures/data/cgd.csv'));
          await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
          await page.getByTestId('import-preview').getByRole('heading', { name: 'Preview of cgd.csv' }).waitFor();
          await page.getByTestId('import-button').click();
          await page.getByTestId('import-report').filter({ hasText: 'into "cgd"' }).waitFor();
          bridge!.setCsvPath(FIXTURE);
          await goToStep(page, 'mapping');
          await page.getByRole('radio', { name: 'Several rows per participant (episodes or intervals)' }).check();
          await page.locator('#map-id').selectOption('id');
          await page.locator('#map-interval-start').selectOption('tstart');
          await page.locator('#map-time').selectOption('tstop');
          await page.locator('#map-event').selectOption('status');
          await page.locator('#map-event-values').fill('1');
          const groups = page.locator('fieldset').filter({ hasText: 'Group columns' });
          for (const box of await groups.getByRole('checkbox').all()) {
            const label = ((await box.locator('xpath=..').textContent()) ?? '').trim();
            if ((await box.isChecked()) !== (label === 'treat')) await box.setChecked(label === 'treat');
          }
          while ((await page.locator('.factor-item').count()) > 0) await page.locator('.factor-item button').first().click();
          await page.waitForFunction(() => !(document.querySelector('[data-testid="confirm-mapping"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: STEP_TIMEOUT });
          await screenshot(page, '14-mapping-several-rows');
          await page.getByTestId('confirm-mapping').click();
          await page.locator('main[data-view="recurrent"]').waitFor();
          await page.locator('[data-testid="recurrent-mcf"] .mcf-curve').nth(1).waitFor({ timeout: STEP_TIMEOUT });
          expect((await page.locator('[data-testid="recurrent-mcf"] .mcf-at-risk-row').count()) === 2, 'the MCF at-risk table should have a row per treatment');
          const row = page.getByTestId('recurrent-table').locator('tr', { hasText: 'treat=rIFN-g' });
          await row.waitFor();
          await page.waitForFunction(() => !document.querySelector('.busy'));
          const cells = await row.locator('td').allTextContents();
          // R: coxph(Surv(tstart, tstop, status) ~ treat + cluster(id), cgd): exp(coef) 0.3344, se(coef) 0.2610, robust se 0.3119.
          expectNear(Number(cells[3]), 0.3119, 0.00005, 'robust SE treat=rIFN-g');
          expectNear(Number(cells[2]), 0.261, 0.00005, 'model SE treat=rIFN-g');
          expectNear(Number(cells[4]), 0.334, 0.0005, 'rate ratio treat=rIFN-g');
          const sentence = (await page.getByTestId('recurrent-summary').locator('p').first().textContent()) ?? '';
          expect(sentence.startsWith('Participants with treat rIFN-g had 0.33 times the rate of relapse episodes of those with treat placebo'), `the sentence should give the rate ratio, says "${sentence}"`);
          await screenshot(page, '15-recurrent-relapses');
          await goToStep(page, 'survival');
          const note = (await page.getByTestId('needs-one-row').textContent()) ?? '';
          expect(note.includes('needs one row per participant'), `the survival step should say it needs one row per participant, says "${note}"`);
        },
      ],
      [
        'the messy-export path (issue 15): a Windows-1252 file with -99, 15/13/2020 and a backward date; types changed in the preview (intake to date, clinic codes to text), dates mode, two rows left out, a protective "employed", a Cox model built by hand in the report',
        async () => {
          // 48 participants in Windows-1252 (site names with ü and ö), D/M/Y dates, -99 for a missing craving,
          // an impossible intake date (data row 7, line 8) and a relapse date before the intake (data row 11).
          const dmy = (day: number) => {
            const d = new Date(Date.UTC(2020, 0, 1) + day * 864e5);
            return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
          };
          const lines = ['pid,site,clinic_code,intake,relapse_date,last_contact,relapsed,employed,craving,age'];
          for (let k = 1; k <= 48; k++) {
            const start = (k * 11) % 200;
            const employed = k % 2 === 0;
            const relapsed = k % 4 !== 0;
            const length = (employed ? 120 : 40) + ((k * 37) % 90);
            const intake = k === 7 ? '15/13/2020' : dmy(start);
            const end = k === 11 ? dmy(start - 20) : relapsed ? dmy(start + length) : '';
            const last = relapsed ? '' : dmy(start + length);
            lines.push(`P${k},${['Zürich', 'Köln', 'Nordstadt'][k % 3]},${['007', '012', '120'][k % 3]},${intake},${end},${last},${relapsed ? 1 : 0},${employed ? 'yes' : 'no'},${k % 9 === 0 ? -99 : 3 + (k % 5)},${25 + ((k * 7) % 30)}`);
          }
          const messyCsv = join(generated, 'messy-export.csv');
          writeFileSync(messyCsv, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));

          await goToStep(page, 'data');
          bridge!.setCsvPath(messyCsv);
          await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
          const preview = page.getByTestId('import-preview');
          await preview.getByRole('heading', { name: 'Preview of messy-export.csv' }).waitFor();
          expect(((await preview.textContent()) ?? '').includes('windows-1252'), 'the preview should say the file is Windows-1252');
          const previewRow = (column: string) => page.getByTestId('preview-columns').locator('tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${column}$`) }) });
          // one impossible date in 48 (15/13/2020) is too many for a date column: intake is guessed as text; read it as dates
          expect((await previewRow('intake').locator('td').allTextContents())[1] === 'text', 'intake should be guessed as text (1 of 48 values is not a date)');
          await page.getByLabel('Type of column intake').selectOption('date');
          await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="preview-columns"] tbody tr')].some((r) => r.textContent?.includes('date (DMY), chosen (guessed text)')), undefined, { timeout: STEP_TIMEOUT });
          const intakeCells = await previewRow('intake').locator('td').allTextContents();
          expect(intakeCells.some((c) => c === '1 value does not fit and will be missing: line 8 "15/13/2020"'), `the preview should name line 8's 15/13/2020, shows ${intakeCells.join(' | ')}`);
          const cravingCells = await previewRow('craving').locator('td').allTextContents();
          expect(cravingCells[3] === '5', `-99 should count as missing in craving (5 in the sample), shows ${cravingCells.join(' | ')}`);
          // clinic codes 007, 012, 120 are guessed as whole numbers: read them as text
          await page.getByLabel('Type of column clinic_code').selectOption('text');
          await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="preview-columns"] tbody tr')].some((r) => r.textContent?.includes('text, chosen (guessed integer)')), undefined, { timeout: STEP_TIMEOUT });
          await screenshot(page, '16-messy-preview-type-changed');
          await page.getByTestId('import-button').click();
          const report = page.getByTestId('import-report').filter({ hasText: 'into "messy-export"' });
          await report.waitFor();
          const reportText = (await report.textContent()) ?? '';
          expect(reportText.includes('Imported 48 rows') && reportText.includes('Column intake (date): 1 value did not fit and is missing: line 8 "15/13/2020"'), `the import report should name the impossible date by its line, says "${reportText}"`);
          const clinic = page.getByTestId('column-summary').locator('tr').filter({ hasText: 'clinic_code' });
          expect(((await clinic.textContent()) ?? '').includes('007'), 'clinic_code should keep its leading zeros (007)');
          await screenshot(page, '17-messy-imported');
          bridge!.setCsvPath(FIXTURE);

          // Mapping: the suggestion uses the dates, so the dates mode is on with its fields.
          await goToStep(page, 'mapping');
          await page.getByTestId('suggestion-reasons').waitFor();
          expect(await page.getByRole('radio', { name: 'start and end dates' }).isChecked(), 'the dates mode should be selected');
          expect((await page.locator('#map-start').inputValue()) === 'intake' && (await page.locator('#map-end').inputValue()) === 'relapse_date' && (await page.locator('#map-censor').inputValue()) === 'last_contact', 'the date fields should hold intake, relapse_date and last_contact');
          await page.locator('#map-event').selectOption('relapsed');
          await page.locator('#map-event-values').fill('1');
          const groups = page.locator('fieldset').filter({ hasText: 'Group columns' });
          for (const box of await groups.getByRole('checkbox').all()) {
            const label = ((await box.locator('xpath=..').textContent()) ?? '').trim();
            if ((await box.isChecked()) !== (label === 'site')) await box.setChecked(label === 'site');
          }
          while ((await page.locator('.factor-item').count()) > 0) await page.locator('.factor-item button').first().click();
          await page.getByRole('button', { name: 'Add a column to Coping skills' }).click();
          await page.locator('#f-coping_skills-0-col').selectOption('employed');
          await page.locator('#f-coping_skills-0-dir').selectOption('protective');
          // the backward row: an error under the relapse-date field, with the row and its values
          const backward = page.getByTestId('exclusion-offer-end-before-start-relapse_date');
          await backward.waitFor();
          expect((await page.locator('#map-end').getAttribute('aria-describedby')) === 'map-end-issues', 'the relapse-date field should name its issue list');
          expect(((await page.locator('#map-end-issues').textContent()) ?? '').includes('in data rows 11: correct the dates in the file and import it again, or leave these rows out'), 'the issue should name row 11 and say how to fix it');
          expect(await page.getByTestId('confirm-mapping').isDisabled(), '"Use this mapping" should wait while the backward row is in');
          await screenshot(page, '18-messy-mapping-backward-row');
          await backward.getByRole('button', { name: 'Leave this row out' }).click();
          // the impossible date left row 7 without follow-up: leave it out too
          const noFollowUp = page.getByTestId('exclusion-offer-missing-time-intake');
          await noFollowUp.waitFor();
          await noFollowUp.getByRole('button', { name: 'Leave this row out' }).click();
          const excluded = page.getByTestId('excluded-rows');
          await excluded.filter({ hasText: 'data row 7 (follow-up missing)' }).waitFor();
          expect(((await excluded.textContent()) ?? '').includes('data row 11 (end date before the start date)'), 'the left-out rows should be listed with their reasons');
          await page.waitForFunction(() => !(document.querySelector('[data-testid="confirm-mapping"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: STEP_TIMEOUT });
          await screenshot(page, '19-messy-mapping-rows-left-out');
          await page.getByTestId('confirm-mapping').click();
          await page.locator('main[data-view="overview"]').waitFor();
          await page.getByTestId('overview-tiles').waitFor();
          expect((await numberIn(page, '[data-testid="tile-participants"]')) === 46, 'the overview should count 46 participants (48 less the 2 left out)');
          const audit = (await bridge!.call('audit:list', {})) as { action: string; details: { dataset?: string; exclusions?: { reason: string; rows: number[] }[] } }[];
          const recorded = audit.filter((e) => e.action === 'rows-excluded').at(-1);
          expect(recorded?.details.dataset === 'messy-export' && JSON.stringify(recorded.details.exclusions?.map((e) => [e.reason, e.rows])) === '[["end-before-start",[11]],["missing-time",[7]]]', `the audit log should record rows 11 and 7, has ${JSON.stringify(recorded?.details)}`);
          await screenshot(page, '20-messy-overview');

          // Cox: employed and age, Breslow's ties (not the default Efron)
          await goToStep(page, 'cox');
          const covariates = page.locator('[data-option="covariates"]');
          for (const column of ['employed', 'age']) await covariates.getByLabel(column, { exact: true }).check();
          await page.locator('[data-option="ties"] select').selectOption('breslow');
          const employedRow = page.getByTestId('cox-table').locator('tr', { hasText: 'employed' });
          await employedRow.waitFor();
          await page.waitForFunction(() => !document.querySelector('.busy'));
          const hr = Number((await employedRow.locator('td').allTextContents())[3]);
          expect(hr > 0 && hr < 1, `employed should be protective (HR below 1), shows ${hr}`);
          await screenshot(page, '21-messy-cox');

          // Report: the Cox model as built, and the rows left out
          await goToStep(page, 'report');
          expect(await page.getByTestId('report-user-built').getByRole('checkbox').isChecked(), '"Use the analyses as I set them up" should be on');
          const inside = page.frameLocator('[data-testid="report-preview"]');
          await inside.locator('h1').first().waitFor({ timeout: REPORT_TIMEOUT });
          const reportBody = ((await inside.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
          expect(reportBody.includes('set up in the app\'s Cox step') && reportBody.includes("Breslow's method for ties") && reportBody.includes('"employed"'), 'the report should describe the Cox model built in the Cox step (employed, age, Breslow)');
          expect(reportBody.includes('were left out by the user in the Mapping step') && reportBody.includes('end date before the start date (data row 11)') && reportBody.includes('follow-up time missing (data row 7)'), 'the report methods should say which rows were left out and why');
          expect(reportBody.includes('Left out in the Mapping step: end date before the start date'), 'the provenance table should list the rows left out in the Mapping step');
          await screenshot(page, '22-messy-report');
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
        await screenshot(page, `failed-${passed + failed}`, { axe: false }).catch(() => undefined);
        break;
      }
    }
    const remaining = steps.length - passed - failed;
    failed += remaining;
    // Done when an axe-core check on every screen reports no serious or critical violation (issue 15).
    if (axeFindings.length > 0) {
      failed++;
      console.log(`not ok - accessibility (axe-core ${axe.version}): ${axeFindings.length} serious or critical violation${axeFindings.length === 1 ? '' : 's'}`);
      for (const finding of axeFindings) console.log(`   ${finding}`);
    } else if (failed === 0) console.log(`ok - accessibility (axe-core ${axe.version}): no serious or critical violation on any screen`);
    if (bridge.loggedErrors.length > 0) console.log(`e2e: main logged: ${bridge.loggedErrors[0].split('\n')[0]}`);
  } catch (error) {
    failed++;
    console.log(`e2e: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await bridge?.close().catch(() => undefined);
    for (const cleanup of cleanups) cleanup();
    clearTimeout(timer);
  }
  if (responseMs !== null) console.log(`e2e: survival at ${RESPONSIVE_ROWS.toLocaleString('en')} participants: ${responseMs} ms from choosing a grouping to the log-rank p`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));

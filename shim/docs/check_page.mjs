// Opens the shim's /docs page in headless Chromium and reports what a reader would see:
//   node check_page.mjs <base-url> <chromium-binary> <user-data-dir> [timeout-ms (30000)]
// Prints one JSON object {title, operations, expected, missing, errors} and exits 0 when the
// page rendered every operation of /openapi.json without a console error, page error, failed
// request or request to another origin; 1 otherwise.
import { chromium } from 'playwright-core';

const [base, executablePath, userDataDir, timeoutArg] = process.argv.slice(2);
const timeout = Number(timeoutArg ?? 30000);
if (!base || !executablePath || !userDataDir) {
  console.error('usage: node check_page.mjs <base-url> <chromium-binary> <user-data-dir>');
  process.exit(2);
}

const spec = await (await fetch(new URL('/openapi.json', base))).json();
const expected = [];
for (const item of Object.values(spec.paths)) {
  for (const op of Object.values(item)) expected.push(op.operationId);
}

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
const page = context.pages()[0] ?? await context.newPage();
page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
page.on('response', (res) => { if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`); });
// Everything comes from the shim itself: no CDN, no web fonts, no analytics.
const origin = new URL(base).origin;
page.on('request', (req) => {
  const url = new URL(req.url());
  if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) {
    errors.push(`request to another origin: ${req.url()}`);
  }
});

let operations = [];
let title = '';
try {
  const response = await page.goto(new URL('/docs', base).href, { waitUntil: 'load', timeout });
  if (!response || response.status() !== 200) errors.push(`GET /docs answered ${response?.status()}`);
  // Redoc gives every operation a section "operation/<operationId>".
  await page.waitForSelector('[data-section-id^="operation/"]', { timeout });
  await page.waitForLoadState('networkidle', { timeout });
  title = await page.title();
  operations = await page.$$eval('[data-section-id^="operation/"]', (nodes) =>
    [...new Set(nodes.map((n) => n.getAttribute('data-section-id').slice('operation/'.length)))]);
} catch (err) {
  errors.push(`while loading: ${err.message}`);
} finally {
  await context.close();
}

const missing = expected.filter((id) => !operations.includes(id));
const result = { title, operations: operations.length, expected: expected.length, missing, errors };
console.log(JSON.stringify(result));
process.exit(errors.length === 0 && missing.length === 0 && operations.length > 0 ? 0 : 1);

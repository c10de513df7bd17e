import { type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, ensureBuilt, startServe, trainFixture } from './fixture';
import { serveStatic, type StaticServer } from './static-server';

// The page in a real browser: Debian's chromium, headless, driven by playwright-core (no browser
// download). Screenshots of each state go to apps/web/test-output/ (CI artifacts).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(APP, 'test-output');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`[web] SKIPPED the browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

type PageWindow = { __clrec: import('../src/page-state').PageState };

describe.skipIf(!haveChromium)(`the page in headless Chromium (${CHROMIUM})`, () => {
  let tmp = '';
  let site: StaticServer;
  let serve: { url: string; child: ChildProcess; output: () => string };
  let browser: Browser;
  const logs: string[] = [];

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'clrec-web-'));
    const [dist] = await Promise.all([ensureBuilt(), trainFixture(tmp)]);
    site = await serveStatic({ '/': dist, '/ck/': join(tmp, 'run') });
    serve = await startServe(join(tmp, 'run'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    serve?.child.kill('SIGTERM');
    await site?.close();
    writeFileSync(join(OUT, 'console.log'), `${logs.join('\n')}\n`);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** A new page at `query`, its console kept in test-output/console.log; waits until the backend is up. */
  async function open(query: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => logs.push(`[${query}] ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`[${query}] pageerror: ${e.message}`));
    await page.goto(`${site.url}/${query}`);
    await page.waitForFunction(() => (window as unknown as PageWindow).__clrec?.ready || (window as unknown as PageWindow).__clrec?.fatal, null, { timeout: 30_000 });
    const fatal = await page.evaluate(() => (window as unknown as PageWindow).__clrec.fatal);
    expect(fatal, `page error: ${fatal}\n${logs.join('\n')}`).toBeNull();
    return page;
  }
  const state = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as PageWindow).__clrec)) as PageWindow['__clrec']);

  it('starts on the backend initBackend picks (webgpu → webgl → wasm → cpu) and shows it', async () => {
    const page = await open('');
    const s = await state(page);
    console.log(`[web] headless Chromium: auto picked backend "${s.backend!.name}"; skipped: ${s.backend!.tried.map((t) => `${t.name} (${t.error})`).join('; ') || 'none'}`);
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(s.backend!.name);
    expect(await page.textContent('#backend')).toContain(s.backend!.name);
    await page.close();
  });

  it('trains CLRec and sampled softmax in the page (wasm) with falling losses and the debiasing picture', async () => {
    const page = await open('?backend=wasm&users=200&items=120&epochs=2&batch=64&autotrain=1');
    await page.waitForFunction(() => ['done', 'error', 'stopped'].includes((window as unknown as PageWindow).__clrec.train.status), null, { timeout: 60_000 });
    const s = await state(page);
    expect(s.train.error).toBeNull();
    expect(s.train.status).toBe('done');
    expect(s.backend!.name).toBe('wasm');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const r of s.train.runs) {
      expect(r.losses.length).toBe(2 * r.stepsPerEpoch);
      expect(mean(r.losses.slice(-5)), `${r.name} losses ${r.losses.map((x) => x.toFixed(2)).join(' ')}`).toBeLessThan(mean(r.losses.slice(0, 5)));
      expect(r.evals.at(-1)!.aggregateDiversity).toBeGreaterThan(0);
      expect(r.evals.at(-1)!.hr10).toBeGreaterThan(0);
    }
    console.log(`[web] trained in the page in ${s.train.seconds.toFixed(1)} s: ${s.train.runs.map((r) => `${r.name} loss ${mean(r.losses.slice(0, 5)).toFixed(3)} → ${mean(r.losses.slice(-5)).toFixed(3)}, HR@10 ${r.evals.at(-1)!.hr10.toFixed(3)}, aggregate diversity ${r.evals.at(-1)!.aggregateDiversity}`).join('; ')}`);
    expect(await page.locator('#train-runs svg polyline').count()).toBe(4);
    expect(await page.locator('#train-metrics tbody tr').count()).toBe(2);
    expect(await page.textContent('#train-status')).toMatch(/Done .* backend wasm/);
    await page.screenshot({ path: join(OUT, 'after-training.png'), fullPage: true });
    await page.close();
  });

  it('loads the checkpoint clrec train wrote (?checkpoint=URL) and ranks each click as clrec serve does (wasm in both)', async () => {
    const page = await open(`?backend=wasm&checkpoint=${encodeURIComponent(`${site.url}/ck/`)}`);
    await page.waitForFunction(() => ['ready', 'error'].includes((window as unknown as PageWindow).__clrec.checkpoint.status), null, { timeout: 30_000 });
    let s = await state(page);
    expect(s.checkpoint.error).toBeNull();
    const ids = JSON.parse(readFileSync(join(tmp, 'run', 'checkpoints', 'best', 'item-ids.json'), 'utf8')) as string[];
    expect(s.checkpoint.items).toBe(ids.length - 1);
    expect(s.checkpoint.verified.sort()).toEqual(['item-ids.json', 'weights.bin']);
    expect(await page.locator('#ck-catalog button').count()).toBe(ids.length - 1);
    await page.screenshot({ path: join(OUT, 'after-loading.png'), fullPage: true });
    const history: string[] = [];
    for (const id of ['p7', 'p21', 'p3', 'p44']) {
      await page.click(`#ck-catalog button[data-item="${id}"]`);
      history.push(id);
      await page.waitForFunction((n) => document.querySelector('#ck-top')?.getAttribute('data-history') === String(n), history.length);
      const shown = await page.$$eval('#ck-top li', (lis) => lis.map((li) => ({ id: li.getAttribute('data-id')!, score: Number(li.querySelector('.score')!.textContent) })));
      const res = await fetch(`${serve.url}/recommend`, { method: 'POST', body: JSON.stringify({ items: history, k: 10, exclude_history: true }) });
      expect(res.status, serve.output()).toBe(200);
      const want = ((await res.json()) as { items: { id: string; score: number }[] }).items;
      expect(shown.map((r) => r.id), `history ${history.join(' ')}`).toEqual(want.map((r) => r.id));
      shown.forEach((r, i) => expect(r.score).toBeCloseTo(want[i].score, 3));
      expect(shown.some((r) => history.includes(r.id))).toBe(false);
    }
    s = await state(page);
    expect(s.checkpoint.history).toEqual(history);
    await page.screenshot({ path: join(OUT, 'after-clicks.png'), fullPage: true });
    await page.close();
  });

  it('says what is wrong with bad checkpoint files, never a blank page', async () => {
    const page = await open('?backend=wasm');
    const dir = join(tmp, 'run', 'checkpoints', 'best');
    const file = (name: string, buffer: Buffer) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer });
    const manifest = readFileSync(join(dir, 'checkpoint.json'));
    const weights = readFileSync(join(dir, 'weights.bin'));
    const ids = readFileSync(join(dir, 'item-ids.json'));
    const flipped = Buffer.from(weights);
    flipped[40] ^= 1;
    const nan = Buffer.from(weights);
    nan.writeFloatLE(Number.NaN, 0);
    const m = JSON.parse(manifest.toString('utf8'));
    m.files['weights.bin'].sha256 = createHash('sha256').update(nan).digest('hex'); // a "valid" checkpoint of a diverged model
    const cases: [string, ReturnType<typeof file>[], RegExp][] = [
      ['missing file', [file('item-ids.json', ids)], /checkpoint\.json and weights\.bin are missing/],
      ['wrong JSON', [file('checkpoint.json', Buffer.from('{"format": "clrec-che')), file('weights.bin', weights)], /checkpoint\.json: not valid JSON/],
      ['wrong size', [file('checkpoint.json', manifest), file('weights.bin', weights.subarray(0, 64)), file('item-ids.json', ids)], /weights\.bin: truncated: 64 bytes, but checkpoint\.json recorded/],
      ['non-finite', [file('checkpoint.json', Buffer.from(JSON.stringify(m))), file('weights.bin', nan), file('item-ids.json', ids)], /weights\.bin: parameter ".+" has 1 non-finite value \(NaN or ±Infinity\)/],
      ['checksum', [file('checkpoint.json', manifest), file('weights.bin', flipped), file('item-ids.json', ids)], /weights\.bin: corrupted: SHA-256 [0-9a-f]{64} differs/],
    ];
    for (const [what, files, want] of cases) {
      await page.setInputFiles('#ck-files', files);
      await page.waitForFunction(() => (window as unknown as PageWindow).__clrec.checkpoint.status === 'error', null, { timeout: 10_000 });
      const shown = await page.textContent('#ck-error');
      expect(shown, what).toMatch(want);
      await page.setInputFiles('#ck-files', []);
    }
    expect(await page.isVisible('#ck-error')).toBe(true);
    await page.screenshot({ path: join(OUT, 'bad-file.png'), fullPage: true });
    await page.close();
  });
});

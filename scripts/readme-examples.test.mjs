// Tests of the README example runner, and the run itself: every ts/js example of packages/*/README.md
// and apps/*/README.md runs as written.
//   node --test scripts/readme-examples.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, extractBlocks, findReadmes, runBlock } from './readme-examples.mjs';

test('extractBlocks keeps ts/js fences only, with their index, line and skip reason', () => {
  const md = [
    '# x', // 1
    '```sh', // 2
    'pnpm add x',
    '```',
    '```ts', // 5
    "console.log('a');",
    '```',
    '```text',
    'not code',
    '```',
    '<!-- readme-examples: skip (needs a GPU) -->', // 11
    '',
    '```js', // 13
    'gpu();',
    '```',
    '<!-- readme-examples: skip -->',
    '```ts', // 17
    'x();',
    '```',
    '```',
    'untagged',
    '```',
    '````typescript title="a.ts"', // 23
    '```ts',
    'nested();',
    '```',
    '````',
  ].join('\n');
  const blocks = extractBlocks(md);
  assert.deepEqual(blocks.map((b) => [b.index, b.line, b.lang, b.skip]), [
    [1, 5, 'ts', null],
    [2, 13, 'js', { reason: 'needs a GPU' }],
    [3, 17, 'ts', { reason: '' }],
    [4, 23, 'typescript', null],
  ]);
  assert.equal(blocks[0].code, "console.log('a');\n");
  assert.equal(blocks[3].code, '```ts\nnested();\n```\n');
});

test('runBlock runs TypeScript from the given directory and cleans up its temp files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clrec-readme-'));
  try {
    const ok = await runBlock({ index: 1, code: "const n: number = 6 * 7;\nconsole.log(n, process.cwd());\n" }, dir);
    assert.equal(ok.ok, true, ok.stderr);
    assert.equal(ok.stdout.trim(), `42 ${dir}`);

    const bad = await runBlock({ index: 2, code: "throw new Error('boom');\n" }, dir);
    assert.equal(bad.ok, false);
    assert.match(bad.error, /exit code 1/);
    assert.match(bad.stderr, /boom/);

    const slow = await runBlock({ index: 3, code: 'await new Promise((r) => setTimeout(r, 10_000));\n' }, dir, { timeoutMs: 500 });
    assert.equal(slow.ok, false);
    assert.match(slow.error, /timed out/);

    const litter = await runBlock({ index: 4, code: "import { writeFileSync } from 'node:fs';\nwriteFileSync('out.txt', 'x');\n" }, dir);
    assert.equal(litter.ok, false);
    assert.match(litter.error, /left files in the package directory: out\.txt/);

    assert.deepEqual(readdirSync(dir), ['out.txt'], 'only the example\'s own litter is left, no .readme-example-* file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the skipped @clrec/training example is the program CI runs (examples/library/train.mjs)', () => {
  const readme = readFileSync(join(ROOT, 'packages/training/README.md'), 'utf8');
  const skipped = extractBlocks(readme).filter((b) => b.skip);
  assert.equal(skipped.length, 1, 'only the 2-epoch training example is skipped');
  const program = readFileSync(join(ROOT, 'examples/library/train.mjs'), 'utf8').replace(/^(\/\/.*\n)+/, '');
  assert.equal(skipped[0].code, program);
});

test('every skipped README example states its reason', () => {
  for (const readme of findReadmes()) {
    for (const b of extractBlocks(readFileSync(readme, 'utf8'))) {
      if (b.skip) assert.ok(b.skip.reason.length > 0, `${readme} #${b.index} (line ${b.line})`);
    }
  }
});

test('every package / app README example runs as written', { timeout: 10 * 60_000 }, () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/readme-examples.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 9 * 60_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /readme-examples: \d+ ok, 0 failed/);
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clrec, tinyRun } from './test-setup';


describe('clrec CLI (end to end)', () => {
  it('documents every command and flag in --help', async () => {
    const version = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')).version;
    expect((await clrec(['--version'])).stdout.trim()).toBe(version);
    const top = await clrec(['--help']);
    expect(top.out).toMatch(/train \[options\][\s\S]*eval \[options\]/);
    const train = await clrec(['train', '--help']);
    for (const flag of ['--data', '--format', '--epochs', '--out', '--seed', '--config', '--resume', '--loss', '--queue', '--momentum', '--backend']) {
      expect(train.out).toContain(flag);
    }
  });

  it('trains from a YAML config with flag overrides, then eval reproduces the test metrics', async () => {
    const { dir, config } = tinyRun();
    const cfg = join(dir, 'run.yaml');
    writeFileSync(cfg, `data: ${config.data}\nbatchSize: 32\nqueueSize: 96\ndim: 16\nheads: 2\nhidden: 16\nmaxLen: 10\nepochs: 5\n`);
    const out = join(dir, 'cli-run');
    const t = await clrec(['train', '--config', cfg, '--epochs', '1', '--out', out, '--backend', 'wasm', '--json']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/backend: wasm/);
    expect(t.out).toMatch(/test\s+\d\.\d{4}/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(JSON.parse(t.stdout)).toEqual(results); // --json: the results object alone on stdout, logs on stderr
    expect(results.epochsRun).toBe(1); // the flag overrode the file's 5
    const e = await clrec(['eval', '--checkpoint', out, '--backend', 'wasm', '--json']);
    expect(e.code).toBe(0);
    const evalJson = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(JSON.parse(e.stdout)).toEqual(evalJson);
    expect(evalJson.metrics.test).toEqual(results.metrics.test);
  });

  it('rejects unknown config keys listing the valid ones, and bad data naming file and line', async () => {
    const { dir } = tinyRun();
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, '{"epochz": 3}');
    const a = await clrec(['train', '--config', cfg]);
    expect(a.code).toBe(1);
    expect(a.out).toMatch(/bad\.json: unknown key "epochz"\. Valid keys:[\s\S]*epochs:/);
    const data = join(dir, 'pairs.txt');
    writeFileSync(data, '1 10 100\n1 11 200\n2 10 abc\n');
    const b = await clrec(['train', '--data', data, '--format', 'pairs', '--out', join(dir, 'x')]);
    expect(b.code).toBe(1);
    expect(b.out).toMatch(/pairs\.txt:3/);
    const c = await clrec(['train', '--loss', 'sampled-softmax', '--queue', 'inter', '--data', data]);
    expect(c.out).toMatch(/cannot train with queue "inter"; use one of: sampled/);
  });
});

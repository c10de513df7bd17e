import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { initBackend } from '@clrec/backend/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyRun } from './test-setup';
import { train } from '@clrec/training/node';

const CLI = resolve(__dirname, '..', 'dist', 'cli.js');
const quiet = () => {};
let tmp: string;
let runDir: string;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
  const { dir, config } = tinyRun({ epochs: 1, maxEvalUsers: 50 });
  tmp = dir;
  runDir = config.out;
  await train({ config, backend: 'wasm', log: quiet });
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('clrec serve (built CLI)', () => {
  it('listens, answers, and exits cleanly on SIGTERM after finishing', async () => {
    const token = 'cli-test-token.1234';
    const child = spawn(process.execPath, [CLI, 'serve', '--checkpoint', runDir, '--port', '0', '--backend', 'wasm', '--k', '3', '--request-timeout-ms', '5000', '--max-connections', '64'], {
      env: { ...process.env, CLREC_SERVE_TOKEN: token },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no "listening" line in 30 s:\n${out}`)), 30_000);
      child.stderr.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]);
        }
      });
      child.on('exit', () => rej(new Error(`serve exited early:\n${out}`)));
    });
    expect(out).toMatch(/bearer token required \(GET \/health open\); timeouts: headers 5000 ms, request 5000 ms, idle 5000 ms; at most 64 connections/);
    const headers = { authorization: `Bearer ${token}` };
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', auth: 'bearer' });
    const rec = await fetch(`${url}/recommend`, { method: 'POST', body: '{"items": ["1", "2"]}', headers });
    expect(rec.status).toBe(200);
    const json = (await rec.json()) as { items: unknown[]; k: number; returned: number };
    expect(json.items).toHaveLength(3);
    expect(json).toMatchObject({ k: 3, returned: 3 });
    expect((await fetch(`${url}/recommend`, { method: 'POST', body: '{"items": ["1", "2"]}' })).status).toBe(401);
    const bad = await fetch(`${url}/recommend`, { method: 'POST', body: '{"items": ["no-such-item"]}', headers });
    expect(bad.status).toBe(422);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM received[\s\S]*stopped \(responses 200: 2, 401: 1, 422: 1; connections dropped at the cap 0, timed out 0\)/);
    expect(out).not.toContain(token);
  }, 60_000);

  it('rejects bad flags naming them', async () => {
    const run = promisify(execFile);
    const err = await run(process.execPath, [CLI, 'serve', '--checkpoint', runDir, '--index', 'annoy']).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toMatch(/--index: unknown index "annoy"; valid: exact, hnsw/);
    const limit = await run(process.execPath, [CLI, 'serve', '--checkpoint', runDir, '--headers-timeout-ms', '9000', '--request-timeout-ms', '3000']).catch((e: { code: number; stderr: string }) => e);
    expect((limit as { stderr: string }).stderr).toMatch(/--headers-timeout-ms: 9000 exceeds --request-timeout-ms 3000/);
  }, 60_000);
});

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The monorepo root and the built `clrec` CLI. */
const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..', '..');
export const CLI = join(ROOT, 'apps', 'trainer', 'dist', 'cli.js');
/** The app's folder (apps/web). */
export const APP = join(HERE, '..');

/** Newest modification time (ms) of the files under `paths`. */
function newest(paths: string[]): number {
  let t = 0;
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    t = Math.max(t, st.isDirectory() ? newest(readdirSync(p).map((f) => join(p, f))) : st.mtimeMs);
  }
  return t;
}

/** Builds the app (`vite build`) unless `dist/` is newer than its sources; returns the `dist` folder. */
export async function ensureBuilt(): Promise<string> {
  const dist = join(APP, 'dist');
  const built = statSync(join(dist, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built < newest(['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(APP, p)))) {
    await run(process.execPath, [join(APP, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: APP });
  }
  return dist;
}

/** A tiny sequence file (`user item item …`, 80 users over 60 items `p1`…`p60`, seeded). */
export function writeSequenceFile(path: string): void {
  let s = 12345;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines: string[] = [];
  for (let u = 0; u < 80; u++) {
    const n = 5 + Math.floor(r() * 8);
    const base = Math.floor(r() * 40);
    const seq: string[] = [];
    for (let i = 0; i < n; i++) seq.push(`p${((r() < 0.5 ? base + Math.floor(r() * 10) : Math.floor(r() ** 2 * 60)) % 60) + 1}`);
    lines.push(`u${u} ${seq.join(' ')}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Trains the fixture run with the built CLI, as a user would (`clrec train … --backend wasm --out <dir>`). */
export async function trainFixture(dir: string): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: build the CLI first (npx turbo run build --filter=@clrec/web...)`);
  const data = join(dir, 'seq.txt');
  writeSequenceFile(data);
  await run(process.execPath, [CLI, 'train', '--data', data, '--epochs', '1', '--dim', '16', '--backend', 'wasm', '--out', join(dir, 'run')], { cwd: dir });
}

/** `clrec serve` on a free port; resolves with its URL once it listens. */
export async function startServe(runDir: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--checkpoint', runDir, '--port', '0', '--backend', 'wasm'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`clrec serve: no "listening" line in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stderr!.on('data', check);
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`clrec serve exited (${code}):\n${out}`)));
  });
  return { url, child, output: () => out };
}

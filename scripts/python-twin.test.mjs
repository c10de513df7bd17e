// The Python twin of the trainer (python/clrec_dist: CLRec on torch.distributed): runs its unittest suite
// (node --test scripts/python-twin.test.mjs, or npm run test:python). Needs a python3 with PyTorch (Debian:
// apt-get install python3-torch; .ci/run installs it when it runs as root) and the built dists (its tests
// compare with the TypeScript model and evaluate its checkpoints with `clrec eval`). Skipped, saying so, when
// no python3 imports torch. CLREC_PYTHON names the interpreter (only that one is tried); otherwise python3 on PATH,
// then /usr/bin/python3 (where Debian's python3-torch installs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const TWIN = join(ROOT, 'python', 'clrec_dist');

function pythonWithTorch() {
  const tried = [];
  for (const py of process.env.CLREC_PYTHON ? [process.env.CLREC_PYTHON] : ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch, torch.distributed as d; assert d.is_gloo_available(); print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python: py, version: r.stdout.trim(), tried };
    tried.push(`${py}: ${r.error ? r.error.message : (r.stderr.trim().split('\n').pop() || `exit ${r.status}`)}`);
  }
  return { python: null, version: null, tried };
}

const found = pythonWithTorch();
const skip = found.python ? false : `python3 -c 'import torch' fails (${found.tried.join('; ')}): install PyTorch (Debian: apt-get install python3-torch) to run the python/clrec_dist tests`;

test('python/clrec_dist: the torch.distributed twin matches the TypeScript model and writes checkpoints clrec eval loads', { skip, timeout: 240_000 }, () => {
  const r = spawnSync(found.python, ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'], {
    cwd: TWIN, encoding: 'utf8', timeout: 230_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const out = `${r.stdout}${r.stderr}`;
  console.log(`python/clrec_dist with ${found.python} (torch ${found.version}):\n${out.split('\n').filter((l) => /\.\.\. |^Ran |^OK|^FAILED/.test(l)).join('\n')}`);
  assert.equal(r.status, 0, `python -m unittest failed:\n${out.slice(-6000)}`);
  assert.doesNotMatch(out, /skipped '(TypeScript side unavailable[^']*)'/, 'the TypeScript side of the twin tests was skipped: build the dists first (npm run build)');
});

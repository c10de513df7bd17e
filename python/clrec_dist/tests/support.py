"""Shared fixtures of the twin's tests: a tiny sequence file, the TypeScript side (ts_fixture.mjs) and runners.

Everything is generated once per test process into a temporary directory (removed at exit). The TypeScript
side needs `node` and the built dists (`npm run build`, or `turbo run build --filter=@clrec/trainer...`);
without them those tests are skipped, naming what is missing.
"""

from __future__ import annotations

import atexit
import functools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG_ROOT = os.path.dirname(HERE)  # python/clrec_dist
REPO = os.path.dirname(os.path.dirname(PKG_ROOT))
if PKG_ROOT not in sys.path:
    sys.path.insert(0, PKG_ROOT)

CLI = os.path.join(REPO, "apps", "trainer", "dist", "cli.js")
TRAINING_DIST = os.path.join(REPO, "packages", "training", "dist", "node.js")
CORE_DIST = os.path.join(REPO, "packages", "core", "dist", "index.js")

#: The recipe of the tiny runs (the same as ts_fixture.mjs's): ids only, d 16, 4 heads, maxLen 6, seed 7.
TINY_FLAGS = ["--dim", "16", "--heads", "4", "--hidden", "8", "--max-len", "6", "--seed", "7", "--queue-size", "24", "--checkpoint-every", "0"]


@functools.lru_cache(maxsize=None)
def workdir() -> str:
    d = tempfile.mkdtemp(prefix="clrec-dist-tests-")
    atexit.register(shutil.rmtree, d, True)
    return d


@functools.lru_cache(maxsize=None)
def tiny_dataset() -> str:
    """40 users with 6..14 clicks over 30 items (a sequence file; 277 training examples)."""
    r = random.Random(5)
    lines = []
    for u in range(40):
        n = r.randint(6, 14)
        lines.append(" ".join([f"u{u}"] + [f"i{r.randint(1, 30)}" for _ in range(n)]))
    path = os.path.join(workdir(), "tiny.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def ts_missing() -> str:
    """Why the TypeScript side cannot run here ('' when it can)."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    for p in (TRAINING_DIST, CORE_DIST, CLI):
        if not os.path.exists(p):
            return f"{os.path.relpath(p, REPO)} is not built (run `npm run build` at the repository root)"
    return ""


def require_ts(case: unittest.TestCase) -> None:
    why = ts_missing()
    if why:
        case.skipTest(f"TypeScript side unavailable: {why}")


@functools.lru_cache(maxsize=None)
def ts_fixture() -> str:
    """Runs ts_fixture.mjs once: init/, forward/ (+ forward.json), train-inter/ and train-cached/ (+ losses.json)."""
    out = os.path.join(workdir(), "ts")
    res = subprocess.run(["node", os.path.join(HERE, "ts_fixture.mjs"), out, tiny_dataset()], cwd=REPO, capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise RuntimeError(f"ts_fixture.mjs failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return out


def twin_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = PKG_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_twin(args, timeout: int = 150) -> subprocess.CompletedProcess:
    """`python3 -m clrec_dist.train ARGS` from the repository root."""
    res = subprocess.run([sys.executable, "-m", "clrec_dist.train", *args], cwd=REPO, env=twin_env(), capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise AssertionError(f"clrec_dist.train {' '.join(args)} exited {res.returncode}:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return res

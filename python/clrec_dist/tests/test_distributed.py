"""(b) and (c): two gloo processes on a tiny sequence file.

`python3 -m clrec_dist.train --nproc 2` (batch 4 per rank) writes a checkpoint that `clrec eval --checkpoint
<run> --backend wasm` loads and evaluates; both ranks end with the same queue (ids and key vectors) and the
same parameters; and because every rank pushes the same all-gathered keys and the key gradients reach their
owners, the run takes the same steps as one process with the global batch 8: its step losses equal the
TypeScript trainer's with batch 8 (ts_fixture.mjs). A run stopped mid-epoch and resumed from its checkpoint
takes exactly the steps of the uninterrupted run.
"""

from __future__ import annotations

import json
import os
import subprocess
import unittest

from . import support

import torch


class TwoProcessTest(unittest.TestCase):
    runs: dict = {}

    @classmethod
    def run_variant(cls, queue: str) -> str:
        if queue not in cls.runs:
            out = os.path.join(support.workdir(), f"py2-{queue}")
            support.run_twin(["--data", support.tiny_dataset(), "--nproc", "2", "--variant", queue, "--batch-size", "4", "--epochs", "2",
                              "--out", out, "--dump-rank-state", os.path.join(out, "ranks"), "--results", os.path.join(out, "summary.json"),
                              "--threads", "1", *support.TINY_FLAGS])
            cls.runs[queue] = out
        return cls.runs[queue]

    def check_queue_identical(self, queue: str):
        out = self.run_variant(queue)
        r0 = torch.load(os.path.join(out, "ranks", "rank0.pt"))
        r1 = torch.load(os.path.join(out, "ranks", "rank1.pt"))
        self.assertEqual(r0["ids"].numel(), 24)  # full: 70 steps x 8 pushed
        self.assertTrue(torch.equal(r0["ids"], r1["ids"]))
        self.assertTrue(torch.equal(r0["vectors"], r1["vectors"]))
        if queue == "cached":
            self.assertEqual(tuple(r0["vectors"].shape), (24, 16))
        self.assertTrue(torch.equal(r0["digest"], r1["digest"]), "parameters differ between the ranks")
        # the checkpoint's queue is that global queue
        with open(os.path.join(out, "checkpoints", "last", "checkpoint.json")) as f:
            q = json.load(f)["state"]["queue"]
        self.assertEqual(q["items"], r0["ids"].tolist())

    def check_matches_one_process_global_batch(self, queue: str):
        why = support.ts_missing()
        if why:
            self.skipTest(f"TypeScript side unavailable: {why}")
        out = self.run_variant(queue)
        with open(os.path.join(out, "summary.json")) as f:
            losses = json.load(f)["stepLosses"]
        with open(os.path.join(support.ts_fixture(), f"train-{queue}", "losses.json")) as f:
            ts = json.load(f)
        self.assertEqual(len(losses), len(ts))
        worst = max(abs(a - b) for a, b in zip(losses, ts))
        self.assertLessEqual(worst, 1e-4, f"2 x batch 4 vs TypeScript batch 8: step losses differ by up to {worst}")

    def check_eval_loads(self, queue: str):
        why = support.ts_missing()
        if why:
            self.skipTest(f"TypeScript side unavailable: {why}")
        out = self.run_variant(queue)
        res = subprocess.run(["node", support.CLI, "eval", "--checkpoint", out, "--backend", "wasm"], cwd=support.REPO, capture_output=True, text=True, timeout=120)
        self.assertEqual(res.returncode, 0, f"clrec eval failed:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
        with open(os.path.join(out, "eval.json")) as f:
            report = json.load(f)
        self.assertEqual(report["dataset"]["numItems"], 30)
        self.assertIn("HR@10", report["metrics"]["test"])

    def test_resume_continues_bit_exactly(self):
        full = self.run_variant("cached")
        out = os.path.join(support.workdir(), "py2-resume")
        common = ["--data", support.tiny_dataset(), "--nproc", "2", "--variant", "cached", "--batch-size", "4", "--epochs", "2", "--out", out,
                  "--threads", "1", "--quiet", *support.TINY_FLAGS]
        support.run_twin([*common, "--max-steps", "30"])  # stops inside epoch 1 (35 steps), checkpoints/last holds the state
        support.run_twin([*common, "--resume", out, "--results", os.path.join(out, "summary.json")])
        with open(os.path.join(full, "summary.json")) as f:
            expected = json.load(f)["stepLosses"][30:]
        with open(os.path.join(out, "summary.json")) as f:
            self.assertEqual(json.load(f)["stepLosses"], expected)
        a = os.path.join(full, "checkpoints", "last", "weights.bin")
        b = os.path.join(out, "checkpoints", "last", "weights.bin")
        with open(a, "rb") as fa, open(b, "rb") as fb:
            self.assertEqual(fa.read(), fb.read())

    def test_cached_queue_identical_on_both_ranks(self):
        self.check_queue_identical("cached")

    def test_inter_queue_identical_on_both_ranks(self):
        self.check_queue_identical("inter")

    def test_cached_two_ranks_equal_one_process_with_the_global_batch(self):
        self.check_matches_one_process_global_batch("cached")

    def test_inter_two_ranks_equal_one_process_with_the_global_batch(self):
        self.check_matches_one_process_global_batch("inter")

    def test_clrec_eval_loads_the_cached_checkpoint(self):
        self.check_eval_loads("cached")

    def test_clrec_eval_loads_the_inter_checkpoint(self):
        self.check_eval_loads("inter")


if __name__ == "__main__":
    unittest.main()

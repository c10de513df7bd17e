"""(a) The twin computes what the TypeScript model computes, on checkpoints written by the TypeScript code.

ts_fixture.mjs (run with node on the built @clrec/training dist) builds a tiny paper-multiatt model with
buildModelFromConfig, saves it with saveCheckpoint, writes encodeUsers outputs, and trains it with train() for
2 epochs (batch 8, inter and cached queues), recording every step's loss. Here the twin loads those
checkpoints and must give the same initial weights (same seed), the same user vectors (<= 1e-5) and, trained
in one process on the same file with the same recipe, the same step losses and final weights (also with the
own-items and accidental-hit masks, backward / no positions, dot-product similarity and dense Adam on the table).
"""

from __future__ import annotations

import argparse
import json
import os
import unittest

from . import support

import torch

from clrec_dist import config as cfg
from clrec_dist.checkpoint import load_checkpoint
from clrec_dist.data import load_dataset
from clrec_dist.model import TwoTower
from clrec_dist.rng import Rng
from clrec_dist.train import Trainer

#: att_mlp.b2 shifts every click's score of a head by the same amount, so the softmax over the clicks cannot see
#: it: its true gradient is 0, and both implementations' Adam steps follow float rounding noise (lr-sized steps)
GRADIENT_FREE = {"user.att_mlp.b2"}


def twin_args(**kw) -> argparse.Namespace:
    base = dict(queue_scope="global", cached_key_grad="all", max_steps=0, log_every=10 ** 9, resume=None, dump_rank_state=None, results=None, threads=1, quiet=True)
    base.update(kw)
    return argparse.Namespace(**base)


class TsParityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        why = support.ts_missing()
        if why:
            raise unittest.SkipTest(f"TypeScript side unavailable: {why}")
        torch.set_num_threads(1)
        cls.fx = support.ts_fixture()

    def test_initial_weights_are_the_typescript_draws(self):
        ck = load_checkpoint(os.path.join(self.fx, "init"))
        c = ck.manifest["config"]
        model = TwoTower.from_config(c, ck.manifest["model"]["numItems"], Rng(c["seed"]))
        ts = ck.params()
        self.assertEqual([p["name"] for p in ck.manifest["params"]], [n for n, _ in model.named_ts_params()])
        for name, t in model.named_ts_params():
            self.assertEqual(list(t.shape), list(ts[name].shape), name)
            self.assertLessEqual((t - ts[name]).abs().max().item(), 1e-7, name)

    def test_user_encoder_forward_matches_encode_users(self):
        ck = load_checkpoint(os.path.join(self.fx, "forward"))
        with open(os.path.join(self.fx, "forward.json")) as f:
            fx = json.load(f)
        c = ck.manifest["config"]
        model = TwoTower.from_config(c, ck.manifest["model"]["numItems"], Rng(0))
        model.load_weights(ck.params())
        users = model.encode_users(fx["histories"])
        diff = (users - torch.tensor(fx["users"])).abs().max().item()
        self.assertLessEqual(diff, 1e-5, f"max |f_py - f_ts| = {diff}")

    def check_training(self, run: str, flags: dict):
        ts_dir = os.path.join(self.fx, f"train-{run}")
        with open(os.path.join(ts_dir, "losses.json")) as f:
            ts_losses = json.load(f)
        out = os.path.join(support.workdir(), f"py1-{run}")
        c = cfg.resolve_recipe(None, {"data": support.tiny_dataset(), "out": out, "epochs": 2, "batchSize": 8, "dim": 16, "heads": 4,
                                      "hidden": 8, "maxLen": 6, "seed": 7, "queueSize": 24, "checkpointEvery": 0, **flags})
        tr = Trainer(c, twin_args(), 0, 1)
        tr.fit()
        self.assertEqual(len(tr.step_losses), len(ts_losses))
        worst = max(abs(a - b) for a, b in zip(tr.step_losses, ts_losses))
        self.assertLessEqual(worst, 1e-4, f"step losses differ by up to {worst}")
        a, b = load_checkpoint(os.path.join(ts_dir, "checkpoints", "last")), load_checkpoint(os.path.join(out, "checkpoints", "last"))
        pa, pb = a.params(), b.params()
        for name in pa:
            if name not in GRADIENT_FREE:
                self.assertLessEqual((pa[name] - pb[name]).abs().max().item(), 1e-5, name)
        sa, sb = a.manifest["state"], b.manifest["state"]
        for key in ("epoch", "globalStep", "epochRngState", "samplerRngState"):
            self.assertEqual(sa[key], sb[key], key)
        self.assertEqual(sa["queue"]["items"], sb["queue"]["items"])
        self.assertEqual(a.manifest["optimizer"]["step"], b.manifest["optimizer"]["step"])
        self.assertEqual([s["name"] for s in a.manifest["optimizer"]["slots"]], [s["name"] for s in b.manifest["optimizer"]["slots"]])
        # the dataset facts and item ids the TypeScript loader gave the same file
        self.assertEqual(a.manifest["dataset"], b.manifest["dataset"])
        with open(os.path.join(ts_dir, "checkpoints", "last", "item-ids.json")) as f:
            self.assertEqual(json.load(f), load_dataset(support.tiny_dataset()).item_ids)

    def test_one_process_inter_training_matches_typescript(self):
        self.check_training("inter", {"queue": "inter"})

    def test_one_process_cached_training_matches_typescript(self):
        self.check_training("cached", {"queue": "cached"})

    def test_own_items_mask_backward_positions_and_dot_product_match_typescript(self):
        self.check_training("cached-opts", {"queue": "cached", "maskOwnItems": True, "positional": "backward", "similarity": "dot", "temperature": 0.5})

    def test_accidental_hits_no_positions_and_dense_adam_match_typescript(self):
        self.check_training("inter-opts", {"queue": "inter", "maskAccidentalHits": True, "positional": "none", "sparseEmbeddings": False, "learningRate": 0.003})


if __name__ == "__main__":
    unittest.main()

"""Unit tests of the pieces that must match the TypeScript code: Rng, loaders and split, config, queue, checkpoint."""

from __future__ import annotations

import json
import os
import tempfile
import unittest

from . import support  # noqa: F401  (puts the package on sys.path)

import torch

from clrec_dist import config as cfg
from clrec_dist.checkpoint import load_checkpoint, save_checkpoint
from clrec_dist.data import (DatasetError, detect_format, leave_one_out_split, load_dataset, load_pair_file, load_sequence_file,
                             training_examples)
from clrec_dist.queues import FifoRing, accidental_hit_mask, own_items_mask
from clrec_dist.rng import Rng

ML100K = os.path.join(support.REPO, "..", "shared", "datasets", "ml-100k")


class RngTest(unittest.TestCase):
    def test_streams_match_the_typescript_rng(self):
        # the hand-recorded values of packages/spec/src/rng.test.ts
        a = Rng(42)
        self.assertEqual([a.next_uint32() for _ in range(4)], [2837322924, 544945897, 479756282, 3500138142])
        z = Rng(0)
        self.assertEqual([z.next_uint32(), z.next_uint32()], [3809008728, 1133695204])
        f = Rng(42)
        self.assertEqual([f.float(), f.float()], [0.6606157208001621, 0.1117019639532224])
        i = Rng(7)
        self.assertEqual([i.int(10) for _ in range(6)], [2, 4, 5, 5, 8, 5])
        n = Rng(1)
        self.assertEqual([n.normal(), n.normal()], [0.8161680722567173, -0.680444524682816])
        self.assertEqual(Rng(3).shuffle([0, 1, 2, 3, 4, 5]), [3, 5, 0, 2, 1, 4])

    def test_state_round_trip(self):
        a = Rng(9)
        a.normal()
        b = Rng.from_state(json.loads(json.dumps(a.get_state())))
        self.assertEqual([a.normal(), a.float(), a.int(10)], [b.normal(), b.float(), b.int(10)])


class DataTest(unittest.TestCase):
    def write(self, text: str, name: str = "d.txt") -> str:
        d = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(d, True))
        p = os.path.join(d, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def test_sequence_file_first_seen_ids(self):
        ds = load_sequence_file(self.write("alice b a c\n\nbob c d\r\ncarol a d b e\n"))
        self.assertEqual(ds.item_ids, ["", "b", "a", "c", "d", "e"])
        self.assertEqual(ds.user_ids, ["alice", "bob", "carol"])
        self.assertEqual(ds.sequences, [[1, 2, 3], [3, 4], [2, 4, 1, 5]])
        self.assertEqual(ds.fingerprint(), {"name": "d", "numUsers": 3, "numItems": 5, "interactions": 9})
        with self.assertRaisesRegex(DatasetError, "already has a sequence"):
            load_sequence_file(self.write("a x\na y\n"))
        self.assertEqual(load_sequence_file(self.write("a x\na y\nb z\n"), on_bad_line="skip").skipped, 1)

    def test_pair_file_sorts_by_time_stably(self):
        ds = load_pair_file(self.write("u1,i1,30\nu2 i2 10\nu1\ti3\t10\nu1,i4,10\n"))
        self.assertEqual(ds.item_ids, ["", "i1", "i2", "i3", "i4"])
        self.assertEqual(ds.sequences, [[3, 4, 1], [2]])
        self.assertEqual(detect_format(self.write("u1 i1\nu1 i2\n")), "pairs")
        self.assertEqual(detect_format(self.write("u1 i1 i2 i3\n")), "sequence")

    def test_leave_one_out_and_examples(self):
        ds = load_sequence_file(self.write("a 1 2 3 4 5\nb 1 2\nc 3 4 5\n"))
        sp = leave_one_out_split(ds)
        self.assertEqual(sp.train, [[1, 2, 3], [1, 2], [3]])
        self.assertEqual([(u, h, t) for u, h, t in sp.test], [(0, [1, 2, 3, 4], 5), (2, [3, 4], 5)])
        self.assertEqual(sp.skipped_users, 1)
        self.assertEqual(training_examples(sp.train), ([0, 0, 1], [1, 2, 1]))

    @unittest.skipUnless(os.path.exists(os.path.join(ML100K, "u.data")), "the shared ml-100k dataset is not here")
    def test_ml100k_matches_the_typescript_loader(self):
        ds = load_dataset(ML100K)
        # `clrec train` reports: 943 users, 1682 items, 100000 interactions; 97171 training examples
        self.assertEqual(ds.fingerprint(), {"name": "ml-100k", "numUsers": 943, "numItems": 1682, "interactions": 100000})
        self.assertEqual(ds.item_ids[:4], ["", "1", "2", "3"])
        self.assertEqual(len(training_examples(leave_one_out_split(ds).train)[0]), 97171)


class ConfigTest(unittest.TestCase):
    def test_defaults_file_and_flags(self):
        d = tempfile.mkdtemp()
        p = os.path.join(d, "run.json")
        with open(p, "w") as f:
            json.dump({"batchSize": 128, "temperature": 0.05, "queue": "cached"}, f)
        c = cfg.resolve_recipe(cfg.read_config_file(p), {"batchSize": "64", "maskAccidentalHits": "true"})
        self.assertEqual((c["batchSize"], c["temperature"], c["queue"], c["maskAccidentalHits"]), (64, 0.05, "cached", True))
        self.assertEqual((c["itemFeatures"], c["timeBuckets"], c["userEncoder"], c["queueSize"], c["learningRate"]), ("none", "none", "multiatt-wha", 2560, 1e-3))
        self.assertEqual(set(c), set(cfg.DEFAULT_CONFIG))

    def test_refusals(self):
        for flags, msg in [({"userEncoder": "sasrec"}, "multiatt-wha only"), ({"nope": 1}, 'unknown key "nope"'), ({"batchSize": "1.5"}, "an integer"),
                           ({"itemFeatures": "genre"}, "none only"), ({"temperature": "0"}, r"in \[0.001"), ({"batchSize": 300, "queueSize": 200}, "must be >= batchSize")]:
            with self.assertRaisesRegex(cfg.ConfigError, msg):
                cfg.resolve_recipe(None, flags)

    def test_flags_parse_like_the_cli(self):
        from clrec_dist.train import parse_args
        c, a = parse_args(["--data", "x", "--nproc", "2", "--variant", "cached", "--batch-size", "32", "--queue-size", "64", "--mask-own-items"])
        self.assertEqual((c["queue"], c["batchSize"], c["maskOwnItems"], a.nproc), ("cached", 32, True, 2))
        with self.assertRaisesRegex(cfg.ConfigError, "must hold the global batch"):
            parse_args(["--data", "x", "--nproc", "2", "--batch-size", "64", "--queue-size", "100"])


class QueueTest(unittest.TestCase):
    def test_fifo_keeps_the_newest_oldest_first(self):
        r = FifoRing(4, 2)
        r.push(torch.tensor([1, 2, 3]), torch.arange(6.0).reshape(3, 2))
        r.push(torch.tensor([4, 5]), torch.arange(6.0, 10.0).reshape(2, 2))
        self.assertEqual(r.ids.tolist(), [2, 3, 4, 5])
        self.assertEqual(r.newest_ids(2).tolist(), [4, 5])
        self.assertEqual(r.newest_vectors(1).tolist(), [[8.0, 9.0]])
        s = FifoRing(4, 2)
        s.restore(json.loads(json.dumps(r.state("cached"))))
        self.assertTrue(torch.equal(s.vectors, r.vectors))

    def test_masks(self):
        keys = torch.tensor([7, 8, 7, 9])
        m = accidental_hit_mask(torch.tensor([7, 9]), keys, torch.tensor([0, 3]))
        self.assertEqual((m < 0).tolist(), [[False, False, True, False], [False, False, False, False]])
        o = own_items_mask(torch.tensor([[0, 8], [0, 0]]), torch.tensor([7, 9]), keys, torch.tensor([2, 3]))
        self.assertEqual((o < 0).tolist(), [[True, True, False, False], [False, False, False, False]])


class CheckpointTest(unittest.TestCase):
    def test_round_trip_and_digests(self):
        d = tempfile.mkdtemp()
        path = os.path.join(d, "run", "checkpoints", "best")
        params = [("a", torch.arange(6.0).reshape(2, 3)), ("b", torch.tensor([1.5]))]
        slots = [("a", torch.ones(2, 3), torch.full((2, 3), 2.0))]
        for _ in range(2):  # the second save replaces the first atomically
            save_checkpoint(path, params=params, config={"x": 1}, dataset={"name": "t", "numUsers": 1, "numItems": 2, "interactions": 3},
                            state={"epoch": 1}, model=None, item_ids=["", "p", "q"], optimizer=(5, slots))
        self.assertEqual(sorted(os.listdir(os.path.dirname(path))), ["best"])
        ck = load_checkpoint(os.path.join(d, "run"))
        m = ck.manifest
        self.assertEqual((m["format"], m["version"], sorted(m["files"])), ("clrec-checkpoint", 3, ["item-ids.json", "optimizer.bin", "weights.bin"]))
        self.assertEqual([p["offset"] for p in m["params"]], [0, 6])
        self.assertTrue(torch.equal(ck.params()["a"], params[0][1]))
        step, s = ck.optimizer_slots()
        self.assertEqual(step, 5)
        self.assertTrue(torch.equal(s["a"][1], slots[0][2]))
        with open(os.path.join(path, "weights.bin"), "r+b") as f:
            f.write(b"\x00\x00\x80\x7f")
        with self.assertRaisesRegex(ValueError, "SHA-256"):
            load_checkpoint(path)


if __name__ == "__main__":
    unittest.main()

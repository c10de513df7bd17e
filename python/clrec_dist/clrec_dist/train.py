"""`python3 -m clrec_dist.train`: data-parallel CLRec training on W processes (torch.distributed, gloo).

    PYTHONPATH=python/clrec_dist python3 -m clrec_dist.train --data ../shared/datasets/ml-100k \
        --nproc 2 --variant cached --out runs/py-ml100k

Every rank reads the whole dataset and draws the same seeded epoch shuffle (the TypeScript `Rng` stream,
right after the same weight initialisation); step s trains the global batch order[s*W*B : (s+1)*W*B], rank r
its r-th contiguous slice, so W ranks of batch B step through exactly the examples of one process with batch
W*B (with W = 1, the same batches as `clrec train`). Dense parameters (the user encoder) are replicated and
their gradients averaged by DistributedDataParallel; the item id table is replicated, each rank's touched
rows and their gradients are all-gathered and summed (a sparse all-reduce), and every rank applies the same
lazy Adam to the union of the touched rows, so the replicas stay identical. The queue is global (all-gathered;
see `queues.py`), or local with `--queue-scope local`. Rank 0 writes the checkpoints in the TypeScript
format: `<out>/checkpoints/last` (weights, Adam moments, queue and RNG state) at every epoch end and every
`checkpointEvery` steps, and `<out>/checkpoints/best` (the final weights: the twin does not evaluate) at the
end. `node apps/trainer/dist/cli.js eval --checkpoint <out>` evaluates it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import socket
import sys
import time
from typing import Any, Dict, List, Optional, Tuple

import torch
import torch.distributed as dist

from . import config as cfg
from .checkpoint import load_checkpoint, save_checkpoint
from .data import DatasetError, check_trainable, leave_one_out_split, load_dataset, training_examples
from .model import PackedHistories, TwoTower, stored_model_options
from .optim import Adam
from .queues import FifoRing, accidental_hit_mask, info_nce_rows, own_items_mask
from .rng import Rng

PRODUCER = "clrec_dist"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m clrec_dist.train", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", help="JSON or YAML file of camelCase config keys (as `clrec train --config`)")
    twin = p.add_argument_group("clrec_dist options (not config keys)")
    twin.add_argument("--nproc", type=int, default=1, help="processes W (ranks), spawned with torch.multiprocessing (default 1)")
    twin.add_argument("--variant", choices=["inter", "cached"], help="the queue: inter or cached (same as --queue)")
    twin.add_argument("--queue-scope", choices=["global", "local"], default="global", help="global: all-gathered keys, one FIFO (default); local: each rank queues its own")
    twin.add_argument("--cached-key-grad", choices=["all", "own"], default="all",
                      help="cached, W > 1: all = every row's gradient reaches every fresh key of the global batch (one process with batch W x B, exactly; "
                           "an all-reduce of the key gradients per step); own = a rank's rows reach only its own keys, the other ranks' are constants")
    twin.add_argument("--threads", type=int, default=1,
                      help="torch (and BLAS) threads per process (default 1: the model's d = 64 products gain little from more, and "
                           "OpenMP threads spin badly on a shared machine)")
    twin.add_argument("--master-port", type=int, default=0, help="rendezvous port on 127.0.0.1 (default: a free one)")
    twin.add_argument("--max-steps", type=int, default=0, help="stop after this many global steps (0 = run every epoch)")
    twin.add_argument("--log-every", type=int, default=50, help="print progress every N steps (rank 0)")
    twin.add_argument("--resume", help="continue from this checkpoint: a run directory (its checkpoints/last) or a checkpoint directory with Adam state")
    twin.add_argument("--dump-rank-state", help="debug: every rank writes its queue and a parameter digest to DIR/rank<r>.pt at the end")
    twin.add_argument("--quiet", action="store_true", help="print nothing but errors")
    twin.add_argument("--results", help="write a JSON summary (throughput, losses) to this file")
    keys = p.add_argument_group("config keys (the TypeScript TrainConfig, kebab-case; see `clrec train --help`)")
    for key, default in cfg.DEFAULT_CONFIG.items():
        if isinstance(default, bool):
            keys.add_argument(f"--{cfg.kebab(key)}", dest=key, nargs="?", const="true", default=None, metavar="BOOL")
        else:
            keys.add_argument(f"--{cfg.kebab(key)}", dest=key, default=None, metavar="V")
    return p


def parse_args(argv: Optional[List[str]] = None) -> Tuple[Dict[str, Any], argparse.Namespace]:
    args = build_parser().parse_args(argv)
    flags = {k: getattr(args, k) for k in cfg.DEFAULT_CONFIG if getattr(args, k) is not None}
    if args.variant:
        if "queue" in flags and flags["queue"] != args.variant:
            raise cfg.ConfigError(f"--variant {args.variant} and --queue {flags['queue']} disagree")
        flags["queue"] = args.variant
    file_values = cfg.read_config_file(args.config) if args.config else None
    config = cfg.resolve_recipe(file_values, flags, args.config or "config file")
    if args.nproc < 1:
        raise cfg.ConfigError("--nproc must be >= 1")
    if args.queue_scope == "global" and args.nproc * config["batchSize"] > config["queueSize"]:
        raise cfg.ConfigError(f"--queue-size {config['queueSize']} must hold the global batch, nproc x batch-size = {args.nproc * config['batchSize']} (the global queue pushes every rank's positives each step)")
    return config, args


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------------ collectives

def all_gather_padded(t: torch.Tensor, counts: List[int], world: int) -> torch.Tensor:
    """All-gathers rank tensors of `counts[r]` rows (padded to the largest) and concatenates them in rank order."""
    if world == 1:
        return t
    width = max(counts)
    pad = torch.zeros((width,) + tuple(t.shape[1:]), dtype=t.dtype)
    pad[: t.shape[0]] = t
    out = [torch.empty_like(pad) for _ in range(world)]
    dist.all_gather(out, pad)
    return torch.cat([o[:c] for o, c in zip(out, counts)])


class GatherKeys(torch.autograd.Function):
    """All-gather of the ranks' fresh keys whose gradient flows back to their owners.

    Forward: the W ranks' key rows concatenated in rank order. Backward: the gradient of the whole gathered
    block is summed over the ranks (all-reduce on a process group of its own, so it cannot interleave with
    DDP's bucket all-reduce) and each rank keeps its own rows: every row of the global batch pushes gradient
    into every fresh key, as in one process with the global batch.
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor, counts: List[int], rank: int, world: int, group) -> torch.Tensor:  # type: ignore[override]
        ctx.counts, ctx.rank, ctx.group = counts, rank, group
        return all_gather_padded(x.detach(), counts, world)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):  # type: ignore[override]
        g = grad.contiguous().clone()
        dist.all_reduce(g, group=ctx.group)
        off = sum(ctx.counts[: ctx.rank])
        return g[off: off + ctx.counts[ctx.rank]], None, None, None, None


class Trainer:
    """One rank's training state: model, DDP wrapper, Adam, queue, data and the TypeScript `TrainingState` counters."""

    def __init__(self, config: Dict[str, Any], args: argparse.Namespace, rank: int, world: int):
        self.config, self.args, self.rank, self.world = config, args, rank, world
        self.variant = config["queue"] if config["queue"] != "auto" else "inter"
        self.scope = args.queue_scope
        c = config
        self.ds = load_dataset(c["data"], c["format"], c["onBadLine"], c["maxBadLines"], c["encoding"])
        self.split = leave_one_out_split(self.ds)
        self.ex_users, self.ex_targets = training_examples(self.split.train)
        check_trainable(self.ds, self.split, len(self.ex_users))
        self.index_examples()
        self.rng = Rng(c["seed"])  # initialises the model, then shuffles the epochs (one stream, as TypeScript)
        self.model = TwoTower.from_config(c, self.ds.num_items, self.rng)
        self.sampler_rng = Rng(c["seed"] ^ 0x5EED)  # fit's sampler stream (unused by these queues; recorded in the state)
        self.user = self.model.user
        self.key_group = None
        if world > 1:
            self.ddp = torch.nn.parallel.DistributedDataParallel(self.user, broadcast_buffers=False)
            if self.variant == "cached" and args.cached_key_grad == "all" and args.queue_scope == "global":
                self.key_group = dist.new_group(list(range(world)))  # the key-gradient all-reduce of GatherKeys
        else:
            self.ddp = self.user
        self.named_dense = self.user.named_ts_params()
        self.opt = Adam(self.named_dense, "item.id_embedding", self.model.table, lr=c["learningRate"], table_dense=not c["sparseEmbeddings"])
        self.ring = FifoRing(c["queueSize"], self.model.dim if self.variant == "cached" else 0)
        self.state = {
            "epoch": 0, "stepInEpoch": 0, "epochLoss": {"sum": 0.0, "count": 0}, "globalStep": 0, "epochRngState": self.rng.get_state(),
            "samplerRngState": self.sampler_rng.get_state(), "queue": None, "history": [], "best": None, "sinceBest": 0, "wallSeconds": 0.0,
        }
        self.pending = None
        self.log = (lambda line: print(line, flush=True)) if rank == 0 and not getattr(args, "quiet", False) else (lambda line: None)
        self.train_seconds = 0.0
        self.cpu_seconds = 0.0  # this process's CPU time in the steps (time.process_time)
        self.trained_examples = 0
        self.step_losses: List[float] = []
        if args.resume:
            self.resume(args.resume)

    def index_examples(self) -> None:
        """Flat training clicks and, per example, the end of its history there and its length (<= maxLen)."""
        seqs = self.split.train
        offsets, total = [], 0
        for sq in seqs:
            offsets.append(total)
            total += len(sq)
        self.flat_items = torch.tensor([i for sq in seqs for i in sq], dtype=torch.long)
        users = torch.tensor(self.ex_users, dtype=torch.long)
        targets = torch.tensor(self.ex_targets, dtype=torch.long)
        self.ex_end = torch.tensor(offsets, dtype=torch.long)[users] + targets  # the target's index in flat_items
        self.ex_len = torch.clamp(targets, max=self.config["maxLen"])

    def batch(self, idx: torch.Tensor) -> Tuple[PackedHistories, torch.Tensor]:
        """`packHistories` of the examples' histories (the `maxLen` clicks before each target), and the targets."""
        end, ln = self.ex_end[idx], self.ex_len[idx]
        T = max(1, int(ln.max().item())) if idx.numel() else 1
        j = torch.arange(T)
        pad = (T - ln).unsqueeze(1)
        valid = j.unsqueeze(0) >= pad
        src = torch.clamp(end.unsqueeze(1) - T + j.unsqueeze(0), min=0)
        items = torch.where(valid, self.flat_items[src], torch.zeros((), dtype=torch.long))
        positions = torch.where(valid, j.unsqueeze(0) - pad, torch.zeros((), dtype=torch.long))
        return PackedHistories(items, valid.to(torch.float32), positions), self.flat_items[end]

    # ---------------------------------------------------------------------------------------------- resume
    def resume(self, path: str) -> None:
        ck = load_checkpoint(path, prefer=("last",))  # a run directory resumes from its checkpoints/last, as `clrec train --resume`
        fp, now = ck.manifest["dataset"], self.ds.fingerprint()
        if any(fp[k] != now[k] for k in ("numUsers", "numItems", "interactions")):
            raise ValueError(f"--resume: the checkpoint was trained on {fp} but --data gives {now}")
        with torch.no_grad():
            self.model.load_weights(ck.params())
        slots = ck.optimizer_slots()
        if slots is None:
            raise ValueError(f"--resume: {ck.dir} holds no optimizer state (resume from checkpoints/last)")
        self.opt.load_slots(slots[0], slots[1])
        st = ck.manifest["state"]
        producer = ck.manifest.get("producer") or {}
        before = int(producer.get("worldSize", 1)) * int((ck.manifest.get("config") or {}).get("batchSize", self.config["batchSize"]))
        now = self.world * self.config["batchSize"]
        if st.get("stepInEpoch", 0) and before != now:
            raise ValueError(f"--resume: the checkpoint stopped inside an epoch with a global batch of {before}; resume with --nproc x --batch-size = {before} "
                             f"(now {now}), or from a checkpoint taken at an epoch end")
        q = st.get("queue") or {}
        if q.get("name") not in (None, self.variant):
            raise ValueError(f"--resume: the checkpoint holds a {q.get('name')} queue, this run trains {self.variant}")
        self.ring.restore(q)
        self.state.update({k: st[k] for k in ("epoch", "stepInEpoch", "epochLoss", "globalStep", "epochRngState", "history", "wallSeconds") if k in st})
        self.sampler_rng.set_state(st["samplerRngState"])
        self.log(f"resume: from {ck.dir} at epoch {st['epoch'] + 1}, step {st['stepInEpoch']} (global step {st['globalStep']})")

    # ------------------------------------------------------------------------------------------------ step
    def step(self, idx: List[int], global_size: int, offset: int) -> float:
        """One step on this rank's examples `idx` (rows `offset ..` of a global batch of `global_size`); returns the global mean loss."""
        c, W = self.config, self.world
        local = self.scope == "local"
        G = len(idx) if local else global_size
        off = 0 if local else offset
        B = len(idx)
        packed, positives = self.batch(torch.as_tensor(idx, dtype=torch.long))
        counts = [(global_size * (r + 1)) // W - (global_size * r) // W for r in range(W)]
        if self.variant == "inter":
            gids = positives if local or W == 1 else all_gather_padded(positives, counts, W)
            self.ring.push(gids)  # the global batch's positives are enqueued before the loss
            key_ids = self.ring.newest_ids()
            key_pos = torch.arange(B) + (key_ids.numel() - G + off)
        else:
            key_ids = positives
            key_pos = torch.arange(B) + off
        hist_flat = packed.items.reshape(-1)
        uniq, inv = torch.unique(torch.cat([hist_flat, key_ids]), return_inverse=True)
        rows = self.model.table[uniq].clone().requires_grad_(True)
        T = packed.items.shape[1]
        x_items = rows[inv[: B * T]].reshape(B, T, self.model.dim)
        own_keys = rows[inv[B * T:]]
        users = self.ddp(x_items, packed.mask, packed.positions)
        if self.variant == "inter":
            keys, all_key_ids = own_keys, key_ids
        else:
            fresh = own_keys
            if local or W == 1:
                batch_keys, gids = fresh, positives
            else:
                gids = all_gather_padded(positives, counts, W)
                if self.args.cached_key_grad == "all":
                    batch_keys = GatherKeys.apply(fresh, counts, self.rank, W, self.key_group)
                else:  # own: the other ranks' fresh keys are constants here
                    gvec = all_gather_padded(fresh.detach(), counts, W)
                    batch_keys = torch.cat([gvec[:off], fresh, gvec[off + B:]])
            k = min(self.ring.size, c["queueSize"] - G)
            keys = torch.cat([batch_keys, self.ring.newest_vectors(k)]) if k > 0 else batch_keys
            all_key_ids = torch.cat([gids, self.ring.newest_ids(k)]) if k > 0 else gids
            self.pending = (gids, batch_keys.detach())
        mask = None
        if c["maskOwnItems"]:
            mask = own_items_mask(packed.items, positives, all_key_ids, key_pos)
        elif c["maskAccidentalHits"]:
            mask = accidental_hit_mask(positives, all_key_ids, key_pos)
        ce = info_nce_rows(users, keys, key_pos, c["temperature"], c["similarity"], mask)
        ce_sum = ce.sum()
        # global mean over the G rows of the step; DDP averages gradients over W ranks, hence the factor W
        scale = (W if not local else 1) / G if G > 0 else 0.0
        (ce_sum * scale).backward()
        grad = rows.grad if rows.grad is not None else torch.zeros_like(rows)
        # DDP averaged the dense gradients over the ranks; the rows are averaged the same way
        row_ids, row_grads, loss_sum = self.reduce_rows(uniq, grad / W, ce_sum.item() / G if G else 0.0)
        if not c["sparseEmbeddings"]:
            dense = torch.zeros_like(self.model.table)
            dense[row_ids] = row_grads
            row_ids, row_grads = torch.arange(self.model.table.shape[0]), dense
        dense_grads = {n: p.grad for n, p in self.named_dense}
        self.opt.step(dense_grads, row_ids, row_grads)
        for _, p in self.named_dense:
            p.grad = None
        if self.variant == "cached":
            gids, gvec = self.pending
            self.ring.push(gids, gvec)  # after the update: this step's key vectors, as computed in the step
            self.pending = None
        return loss_sum / W if local else loss_sum  # local: the mean of the ranks' batch means

    def reduce_rows(self, ids: torch.Tensor, grads: torch.Tensor, loss_part: float) -> Tuple[torch.Tensor, torch.Tensor, float]:
        """Sparse all-reduce of the table's row gradients: the union of every rank's touched ids, gradients summed."""
        W = self.world
        if W == 1:
            return ids, grads, loss_part
        meta = torch.tensor([float(ids.numel()), loss_part], dtype=torch.float64)
        metas = [torch.empty_like(meta) for _ in range(W)]
        dist.all_gather(metas, meta)
        counts = [int(m[0].item()) for m in metas]
        loss = sum(float(m[1].item()) for m in metas)
        all_ids = all_gather_padded(ids, counts, W)
        all_grads = all_gather_padded(grads.contiguous(), counts, W)
        uniq, inv = torch.unique(all_ids, return_inverse=True)
        summed = torch.zeros(uniq.numel(), grads.shape[1], dtype=grads.dtype).index_add_(0, inv, all_grads)
        return uniq, summed, loss

    # ------------------------------------------------------------------------------------------------ loop
    def fit(self) -> None:
        c, W, r = self.config, self.world, self.rank
        n = len(self.ex_users)
        per_step = c["batchSize"] * W
        steps = math.ceil(n / per_step)
        max_steps = self.args.max_steps
        session_start = time.time()
        prior_wall = self.state["wallSeconds"]
        self.log(f"data: {self.ds.name}: {self.ds.num_users} users, {self.ds.num_items} items, {self.ds.interactions} interactions ({self.ds.file})")
        self.log(f"train: {c['epochs']} epochs, {n} examples, {steps} steps/epoch, {W} process(es) x batch {c['batchSize']} = global batch {per_step}, "
                 f"queue {self.variant} ({c['queueSize']}, {self.scope}), d {c['dim']}, heads {c['heads']}, torch {torch.__version__}, "
                 f"{torch.get_num_threads()} thread(s) per process")
        stopped = False
        if self.state["epoch"] >= c["epochs"]:
            self.log(f"train: the checkpoint already completed {self.state['epoch']} of {c['epochs']} epochs; nothing to train")
        for epoch in range(self.state["epoch"], c["epochs"]):
            self.rng.set_state(self.state["epochRngState"])
            order = self.rng.shuffle(list(range(n)))
            t0 = time.time()
            for s in range(self.state["stepInEpoch"], steps):
                start = s * per_step
                gsize = min(n, start + per_step) - start
                lo, hi = start + (gsize * r) // W, start + (gsize * (r + 1)) // W
                ts, cs = time.time(), time.process_time()
                loss = self.step(order[lo:hi], gsize, lo - start)
                self.train_seconds += time.time() - ts
                self.cpu_seconds += time.process_time() - cs
                self.trained_examples += gsize
                if not math.isfinite(loss):
                    raise FloatingPointError(f"step {self.state['globalStep'] + 1}: loss is {loss}; lower --learning-rate (no checkpoint written for this step)")
                self.step_losses.append(loss)
                el = self.state["epochLoss"]
                self.state["epochLoss"] = {"sum": el["sum"] + loss, "count": el["count"] + 1}
                self.state["stepInEpoch"] = s + 1
                self.state["globalStep"] += 1
                if s == 0 or (s + 1) % self.args.log_every == 0 or s + 1 == steps:
                    rate = self.trained_examples / max(self.train_seconds, 1e-9)
                    self.log(f"epoch {epoch + 1}/{c['epochs']}  step {s + 1}/{steps}  loss {loss:.4f}  {rate:.0f} positives/s")
                every = c["checkpointEvery"]
                if every > 0 and (s + 1) % every == 0 and s + 1 < steps:
                    self.save("last", with_optimizer=True, wall=prior_wall + time.time() - session_start)
                if max_steps and self.state["globalStep"] >= max_steps:
                    stopped = True
                    break
            if stopped:
                break
            seconds = time.time() - t0
            el = self.state["epochLoss"]
            mean = el["sum"] / max(1, el["count"])
            self.state["history"].append({"epoch": epoch + 1, "loss": mean, "valid": {}, "seconds": seconds})
            self.state.update({"epoch": epoch + 1, "stepInEpoch": 0, "epochLoss": {"sum": 0.0, "count": 0}, "epochRngState": self.rng.get_state()})
            self.log(f"epoch {epoch + 1}: loss {mean:.4f}  {seconds:.1f}s")
            self.save("last", with_optimizer=True, wall=prior_wall + time.time() - session_start)
        wall = prior_wall + time.time() - session_start
        if stopped or self.state["stepInEpoch"] != 0 or not self.state["history"] or self.state["history"][-1]["epoch"] != self.state["epoch"]:
            self.save("last", with_optimizer=True, wall=wall)  # the epoch-end save above holds the end state otherwise
        self.save("best", with_optimizer=False, wall=wall)
        rate = self.trained_examples / max(self.train_seconds, 1e-9)
        self.log(f"train: {self.trained_examples} positives in {self.train_seconds:.1f}s of steps = {rate:.0f} positives/s "
                 f"({W} process(es)); checkpoint {os.path.join(c['out'], 'checkpoints', 'best')}")

    def save(self, name: str, with_optimizer: bool, wall: float) -> None:
        """Rank 0 writes `<out>/checkpoints/<name>`; the others wait (the replicas are identical)."""
        if self.rank == 0:
            c = self.config
            state = dict(self.state)
            state["queue"] = self.ring.state(self.variant)
            state["samplerRngState"] = self.sampler_rng.get_state()
            state["wallSeconds"] = wall
            save_checkpoint(
                os.path.join(c["out"], "checkpoints", name), params=self.model.named_ts_params(), config=cfg.resolved_for_checkpoint(c),
                dataset=self.ds.fingerprint(), state=state, model=stored_model_options(c, self.ds.num_items), item_ids=self.ds.item_ids,
                optimizer=(self.opt.t, self.opt.slots()) if with_optimizer else None,
                producer={"tool": PRODUCER, "torch": torch.__version__, "worldSize": self.world, "queueScope": self.scope,
                          "itemTable": "replicated, sparse row gradients all-gathered and summed", "denseParams": "DistributedDataParallel (gloo)"},
            )
        if self.world > 1:
            dist.barrier()

    def digest(self) -> torch.Tensor:
        """A float64 digest of every parameter and the queue (equal on every rank when the replicas agree)."""
        parts = [t.double().sum().reshape(1) for _, t in self.model.named_ts_params()] + [(t.double() * t.double()).sum().reshape(1) for _, t in self.model.named_ts_params()]
        if self.scope == "local":
            return torch.cat(parts)  # each rank's own queue
        parts.append(self.ring.ids.double().sum().reshape(1))
        if self.ring.dim:
            parts.append(self.ring.vectors.double().sum().reshape(1))
        return torch.cat(parts)


def worker(rank: int, world: int, config: Dict[str, Any], args: argparse.Namespace, port: int) -> None:
    threads = max(1, args.threads or 1)
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set in this process (only possible when called twice)
        pass
    torch.manual_seed(config["seed"])
    if world > 1:
        dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world,
                                timeout=datetime.timedelta(seconds=300))
    try:
        tr = Trainer(config, args, rank, world)
        tr.fit()
        cpu = torch.tensor([tr.cpu_seconds], dtype=torch.float64)
        if world > 1:
            dist.all_reduce(cpu)
        digest = tr.digest()
        if world > 1:
            digests = [torch.empty_like(digest) for _ in range(world)]
            dist.all_gather(digests, digest)
            same = all(torch.equal(digests[0], d) for d in digests)
            if rank == 0 and not args.quiet:
                print(f"replicas: parameters and queue {'identical' if same else 'DIFFER'} on the {world} ranks", flush=True)
            if not same:
                raise RuntimeError("replicas diverged: the ranks' parameters or queues differ")
        if args.dump_rank_state:
            os.makedirs(args.dump_rank_state, exist_ok=True)
            torch.save({"rank": rank, "ids": tr.ring.ids, "vectors": tr.ring.vectors, "digest": digest, "losses": tr.step_losses},
                       os.path.join(args.dump_rank_state, f"rank{rank}.pt"))
        if rank == 0 and args.results:
            summary = {"worldSize": world, "variant": tr.variant, "queueScope": tr.scope, "threadsPerProcess": threads,
                       "trainedPositives": tr.trained_examples, "trainSeconds": tr.train_seconds,
                       "cpuSecondsAllRanks": float(cpu.item()), "loadAverage": os.getloadavg(),
                       "positivesPerSecond": tr.trained_examples / max(tr.train_seconds, 1e-9), "globalSteps": tr.state["globalStep"],
                       "history": tr.state["history"], "stepLosses": tr.step_losses, "config": config}
            with open(args.results, "w") as f:
                json.dump(summary, f, indent=2)
    except BaseException:
        if world > 1:  # mp.spawn reports one failing rank only; this rank's own traceback, in case it was not that one
            import traceback
            print(f"rank {rank}: " + traceback.format_exc(), file=sys.stderr, flush=True)
        raise
    finally:
        if world > 1:
            dist.destroy_process_group()


def main(argv: Optional[List[str]] = None) -> int:
    try:
        config, args = parse_args(argv)
        if config["data"] == "sim":
            raise cfg.ConfigError("--data: give a dataset path (a sequence or pair file, or the ml-100k folder)")
        # fail on bad data before spawning processes
        load_dataset(config["data"], config["format"], config["onBadLine"], config["maxBadLines"], config["encoding"])
    except (cfg.ConfigError, DatasetError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    port = args.master_port or free_port()
    threads = max(1, args.threads)
    args.threads = threads
    # the BLAS behind Debian's torch (libblas.so.3: OpenBLAS when libopenblas0 is installed) keeps its own thread
    # pool, which torch.set_num_threads does not size: the spawned workers read these when they load it
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    import torch.multiprocessing as mp
    mp.spawn(worker, args=(args.nproc, config, args, port), nprocs=args.nproc, join=True)  # also W = 1: same code path
    return 0


if __name__ == "__main__":
    sys.exit(main())

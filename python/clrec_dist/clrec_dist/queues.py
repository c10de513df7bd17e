"""CLRec's FIFO queues (`@clrec/queues` InterBatchQueue and CachedQueue), fed globally, and the InfoNCE loss.

Global queue (docs/scale-out.md §2): every step each rank all-gathers the step's positives (ids for
`inter`, ids and key vectors for `cached`), so every rank pushes the same W x B entries, in rank order, into
its copy of one FIFO of `queueSize` entries. A step's global batch is the concatenation of the ranks'
batches; with one rank everything reduces to the TypeScript queues exactly:

- `inter` (KDD Fig. 1b): the global batch's ids are enqueued before the loss; the keys are g(every queued id),
  oldest first, re-encoded with gradient; the batch's positives are the newest entries (a row's positive is
  its own entry among the last G keys).
- `cached` (Fig. 1c): keys = [g(global batch) ; the newest min(size, queueSize - G) cached vectors]; the
  global batch's keys carry gradient, the cached ones do not (the trainer's all-gather sends every rank's key
  gradients back to the keys' owners, `train.GatherKeys`); after the update the global batch's vectors, as
  computed in the step (before the update), are enqueued.

Nothing is masked unless `maskAccidentalHits` (other copies of the row's positive) or `maskOwnItems` (keys
the row's user clicked: its history and positive) is set; the row's own positive column never is.
"""

from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F

from .model import MASKED, l2_normalize


class FifoRing:
    """Fixed-capacity FIFO of ids (and optionally a vector per id), kept oldest first."""

    def __init__(self, capacity: int, dim: int = 0):
        if capacity < 1:
            raise ValueError(f"FifoRing: capacity must be >= 1, got {capacity}")
        self.capacity, self.dim = capacity, dim
        self.ids = torch.zeros(0, dtype=torch.long)
        self.vectors = torch.zeros(0, dim, dtype=torch.float32)

    @property
    def size(self) -> int:
        return int(self.ids.numel())

    def push(self, ids: torch.Tensor, vectors: Optional[torch.Tensor] = None) -> None:
        self.ids = torch.cat([self.ids, ids.to(torch.long).reshape(-1)])[-self.capacity:]
        if self.dim > 0:
            if vectors is None or vectors.shape != (ids.numel(), self.dim):
                raise ValueError(f"FifoRing.push: expected vectors [{ids.numel()}, {self.dim}]")
            self.vectors = torch.cat([self.vectors, vectors.detach().to(torch.float32)])[-self.capacity:]

    def newest_ids(self, n: Optional[int] = None) -> torch.Tensor:
        k = self.size if n is None else min(n, self.size)
        return self.ids[self.size - k:]

    def newest_vectors(self, n: Optional[int] = None) -> torch.Tensor:
        k = self.size if n is None else min(n, self.size)
        return self.vectors[self.size - k:]

    def state(self, name: str) -> dict:
        """The TypeScript `QueueState` (ids, and vectors row-major for a vector ring), oldest first."""
        out = {"name": name, "capacity": self.capacity, "items": [int(i) for i in self.ids.tolist()]}
        if self.dim > 0:
            out["vectors"] = [float(v) for v in self.vectors.reshape(-1).tolist()]
            out["dim"] = self.dim
        return out

    def restore(self, state: dict) -> None:
        items = torch.tensor(state.get("items", []), dtype=torch.long)
        self.ids = items[-self.capacity:]
        if self.dim > 0:
            vec = state.get("vectors") or []
            if state.get("dim", self.dim) != self.dim and items.numel():
                raise ValueError(f"queue state vectors have dim {state.get('dim')}, the model {self.dim}")
            self.vectors = torch.tensor(vec, dtype=torch.float32).reshape(-1, self.dim)[-self.capacity:]


def info_nce_rows(users: torch.Tensor, keys: torch.Tensor, positives: torch.Tensor, temperature: float, similarity: str = "cosine",
                  logit_mask: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Per-row InfoNCE (KDD Eq. 3): logsumexp_j phi(x, k_j) - phi(x, k_pos), phi = cos / temperature (or dot / temperature)."""
    if similarity == "dot":
        logits = users @ keys.t() / temperature
    else:
        logits = l2_normalize(users) @ l2_normalize(keys).t() / temperature
    if logit_mask is not None:
        logits = logits + logit_mask
    return F.cross_entropy(logits, positives, reduction="none")


def accidental_hit_mask(positive_ids: torch.Tensor, key_ids: torch.Tensor, positives: torch.Tensor) -> torch.Tensor:
    """-1e9 where a key is the row's positive item but not the row's positive column (`accidentalHitMask`)."""
    hit = key_ids.unsqueeze(0) == positive_ids.unsqueeze(1)
    hit[torch.arange(positives.numel()), positives] = False
    return torch.where(hit, torch.tensor(MASKED), torch.tensor(0.0))


def own_items_mask(history_items: torch.Tensor, positive_ids: torch.Tensor, key_ids: torch.Tensor, positives: torch.Tensor) -> torch.Tensor:
    """-1e9 where a key is an item of the row's history or its positive, except the positive column (`ownItemsMaskIndices`)."""
    own = torch.cat([history_items, positive_ids.unsqueeze(1)], 1)  # [B, T+1], 0 = padding never matches a key
    hit = torch.zeros(own.shape[0], key_ids.numel(), dtype=torch.bool)
    for c in range(own.shape[1]):
        hit |= own[:, c:c + 1] == key_ids.unsqueeze(0)
    hit[torch.arange(positives.numel()), positives] = False
    return torch.where(hit, torch.tensor(MASKED), torch.tensor(0.0))

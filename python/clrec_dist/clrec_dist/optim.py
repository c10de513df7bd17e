"""Adam as `@clrec/core` computes it: dense `Adam` for the encoder, `LazyAdam` rows for the id table.

Update (both): m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
p <- p - lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps), with t the global step (one per
optimizer step, shared by the dense and the row updates). This is TensorFlow's form (epsilon outside the
bias correction), not `torch.optim.Adam`'s, so the twin implements it itself. Lazy rows: only the rows a
step looked up (its touched ids, even when their summed gradient is zero) move, with their moments; the
row update runs in float64 and rounds to float32, as the TypeScript row kernel does.
"""

from __future__ import annotations

import math
from typing import Dict, List, Tuple

import torch


class Adam:
    def __init__(self, named_dense: List[Tuple[str, torch.Tensor]], table_name: str, table: torch.Tensor,
                 lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, table_dense: bool = False):
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, eps
        self.table_dense = table_dense
        self.dense = [(n, p, torch.zeros_like(p), torch.zeros_like(p)) for n, p in named_dense]
        self.table_name = table_name
        self.table = table
        self.tm = torch.zeros_like(table)
        self.tv = torch.zeros_like(table)
        self.t = 0

    def lr_t(self) -> float:
        return self.lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)

    @torch.no_grad()
    def step(self, dense_grads: Dict[str, torch.Tensor], row_ids: torch.Tensor, row_grads: torch.Tensor) -> None:
        self.t += 1
        lr_t = self.lr_t()
        b1, b2, eps = self.b1, self.b2, self.eps
        for name, p, m, v in self.dense:
            g = dense_grads.get(name)
            if g is None:
                continue  # as the TypeScript Adam: no gradient, no update, moments not decayed
            m.mul_(b1).add_(g * (1 - b1))
            v.mul_(b2).add_(g.square() * (1 - b2))
            p.sub_(m / (v.sqrt() + eps) * lr_t)
        if row_ids.numel():
            g = row_grads.double()
            mo = b1 * self.tm[row_ids].double() + (1 - b1) * g
            vo = b2 * self.tv[row_ids].double() + (1 - b2) * g * g
            self.tm[row_ids] = mo.float()
            self.tv[row_ids] = vo.float()
            self.table[row_ids] = (self.table[row_ids].double() - lr_t * mo / (vo.sqrt() + eps)).float()

    def slots(self) -> List[Tuple[str, torch.Tensor, torch.Tensor]]:
        """Moments in the TypeScript `LazyAdam.getState` order: dense parameters, then the lazy table; with
        `sparseEmbeddings: false` the table is a dense parameter like the others, first (the model's order)."""
        dense = [(n, m, v) for n, _, m, v in self.dense]
        table = [(self.table_name, self.tm, self.tv)]
        return table + dense if self.table_dense else dense + table

    def load_slots(self, step: int, slots: Dict[str, Tuple[torch.Tensor, torch.Tensor]]) -> None:
        for name, m, v in self.slots():
            if name in slots:
                m.copy_(slots[name][0].reshape(m.shape))
                v.copy_(slots[name][1].reshape(v.shape))
        self.t = step

"""The CLRec two-tower model of `paper-multiatt` with id-only items, as `@clrec/encoders` computes it.

Item tower g(y): the id table `item.id_embedding` `[numItems + 1, d]` (row 0 = padding), normal init with
std sqrt(2 / (rows + d)). User tower f(x) (`MultiAttWhaEncoder`, KDD App. B.1): click embeddings
x_t = g(y_t) + pos[p_t] (forward positions: latest click = 0), zero on padding; attention scores
MLP(x) = tanh(x W1 + b1) W2 + b2 on real clicks (-1e9 on padding); per head a softmax over the clicks;
head vectors z_h = l2norm(sum_t att[t,h] x_t); WHA: m = mean_h z_h, alpha = softmax_h(z_h . (A m)),
f(x) = l2norm(sum_h alpha_h z_h). Parameter names, shapes, the order of the random draws (the TypeScript
`Rng` stream) and every formula follow the TypeScript code, so checkpoints are interchangeable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from torch import nn

from .rng import Rng

NORM_EPSILON = 1e-12
MASKED = -1e9


def l2_normalize(x: torch.Tensor) -> torch.Tensor:
    """`l2Normalize`: x * rsqrt(max(||x||^2, 1e-12)) along the last axis."""
    return x * torch.rsqrt(torch.clamp((x * x).sum(-1, keepdim=True), min=NORM_EPSILON))


def _normal(rng: Rng, shape: Sequence[int], std: float) -> torch.Tensor:
    n = 1
    for s in shape:
        n *= s
    return torch.tensor(rng.normal_array(n, std), dtype=torch.float32).reshape(*shape)


def _glorot(rng: Rng, shape: Tuple[int, int]) -> torch.Tensor:
    return _normal(rng, shape, math.sqrt(2.0 / (shape[0] + shape[1])))


class MultiAttWha(nn.Module):
    """f(x) = WHA(MultiAtt(X)); parameters `user.att_mlp.{w1,b1,w2,b2}`, `user.wha.A`, `user.position_embedding`."""

    def __init__(self, dim: int, heads: int, hidden: int, max_len: int, positional: str, rng: Optional[Rng]):
        super().__init__()
        if positional not in ("forward", "backward", "none"):
            raise ValueError(f"positional must be forward, backward or none, got {positional!r}")
        self.dim, self.heads, self.hidden, self.max_len, self.positional = dim, heads, hidden, max_len, positional
        r = rng if rng is not None else Rng(0)
        # the TypeScript draw order: W1, W2, A, then the positional table (std 0.01)
        self.w1 = nn.Parameter(_glorot(r, (dim, hidden)))
        self.b1 = nn.Parameter(torch.zeros(hidden))
        self.w2 = nn.Parameter(_glorot(r, (hidden, heads)))
        self.b2 = nn.Parameter(torch.zeros(heads))
        self.A = nn.Parameter(_glorot(r, (dim, dim)))
        self.position = nn.Parameter(_normal(r, (max_len, dim), 0.01)) if positional != "none" else None

    def named_ts_params(self) -> List[Tuple[str, nn.Parameter]]:
        out = [("user.att_mlp.w1", self.w1), ("user.att_mlp.b1", self.b1), ("user.att_mlp.w2", self.w2), ("user.att_mlp.b2", self.b2), ("user.wha.A", self.A)]
        if self.position is not None:
            out.append(("user.position_embedding", self.position))
        return out

    def position_index(self, mask: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        if self.positional != "forward":
            return positions
        length = mask.sum(1, keepdim=True).to(torch.long)
        return torch.clamp(length - 1 - positions, min=0)

    def forward(self, items: torch.Tensor, mask: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        """Click item embeddings `[B, T, d]`, mask `[B, T]` (1 = click), backward positions `[B, T]` -> f(x) `[B, d]`."""
        B, T, d = items.shape
        H = self.heads
        x = items
        if self.position is not None:
            x = x + self.position[self.position_index(mask, positions)]
        x = x * mask.unsqueeze(2)
        flat = x.reshape(B * T, d)
        mflat = mask.reshape(B * T)
        kept = torch.nonzero(mflat != 0, as_tuple=False).squeeze(1)
        if kept.numel() == B * T:
            scores = torch.tanh(flat @ self.w1 + self.b1) @ self.w2 + self.b2
        else:
            rows = torch.tanh(flat.index_select(0, kept) @ self.w1 + self.b1) @ self.w2 + self.b2
            scores = torch.full((B * T, H), MASKED, dtype=x.dtype).index_put((kept,), rows)
        att = torch.softmax(scores.reshape(B, T, H).transpose(1, 2), dim=2)  # [B,H,T]
        z = l2_normalize(torch.matmul(att, x))  # [B,H,d]
        m = z.mean(1)  # [B,d]
        am = m @ self.A.t()  # (A m) per row
        alpha = torch.softmax((z * am.unsqueeze(1)).sum(2), dim=1)  # [B,H]
        u = (z * alpha.unsqueeze(2)).sum(1)
        return l2_normalize(u)


@dataclass
class PackedHistories:
    items: torch.Tensor  # long [B, T], left-padded, 0 = padding
    mask: torch.Tensor  # float [B, T]
    positions: torch.Tensor  # long [B, T], backward (earliest kept click = 0)


def pack_histories(histories: Sequence[Sequence[int]], max_len: int) -> PackedHistories:
    """`packHistories` to the longest history (<= max_len): the most recent clicks, left-padded."""
    longest = 1
    for h in histories:
        longest = max(longest, len(h))
    T = min(max_len, longest)
    B = len(histories)
    items = torch.zeros(B, T, dtype=torch.long)
    mask = torch.zeros(B, T, dtype=torch.float32)
    positions = torch.zeros(B, T, dtype=torch.long)
    for r, h in enumerate(histories):
        n = min(len(h), T)
        if n == 0:
            continue
        items[r, T - n:] = torch.as_tensor(list(h[len(h) - n:]), dtype=torch.long)
        mask[r, T - n:] = 1
        positions[r, T - n:] = torch.arange(n)
    return PackedHistories(items, mask, positions)


class TwoTower:
    """The id table (a plain tensor: the trainer updates its rows itself) and the user encoder module."""

    def __init__(self, num_items: int, dim: int, heads: int, hidden: int, max_len: int, positional: str, seed: Optional[int] = None, rng: Optional[Rng] = None):
        r = rng if rng is not None else Rng(seed if seed is not None else 0)
        self.num_items, self.dim = num_items, dim
        self.table = _normal(r, (num_items + 1, dim), math.sqrt(2.0 / (num_items + 1 + dim)))
        self.user = MultiAttWha(dim, heads, hidden, max_len, positional, r)
        self.max_len = max_len

    @staticmethod
    def from_config(config: Dict, num_items: int, rng: Rng) -> "TwoTower":
        return TwoTower(num_items, config["dim"], config["heads"], config["hidden"], config["maxLen"], config["positional"], rng=rng)

    def named_ts_params(self) -> List[Tuple[str, torch.Tensor]]:
        """Every parameter in the TypeScript model's order (`model.params`): the checkpoint layout."""
        return [("item.id_embedding", self.table)] + [(n, p.data) for n, p in self.user.named_ts_params()]

    def encode_users(self, histories: Sequence[Sequence[int]]) -> torch.Tensor:
        """`encodeUsers`: f(x) `[B, d]` for chronological histories (no gradient)."""
        with torch.no_grad():
            p = pack_histories(histories, self.max_len)
            return self.user(self.table[p.items], p.mask, p.positions)

    def load_weights(self, named: Dict[str, torch.Tensor]) -> None:
        for name, t in self.named_ts_params():
            src = named.get(name)
            if src is None:
                raise KeyError(f'checkpoint has no parameter "{name}"')
            if tuple(src.shape) != tuple(t.shape):
                raise ValueError(f'"{name}" has shape {list(src.shape)} in the checkpoint, the model expects {list(t.shape)}')
            t.copy_(src)


def stored_model_options(config: Dict, num_items: int) -> Dict:
    """The manifest's `model` (TypeScript `StoredModelOptions`) of this architecture."""
    return {
        "numItems": num_items, "dim": config["dim"], "similarity": config["similarity"],
        "item": {"labelFeatures": config["labelFeatures"], "features": []}, "timeBuckets": 0,
        "user": {"kind": "multiatt-wha", "maxLen": config["maxLen"], "positional": config["positional"], "heads": config["heads"],
                 "hidden": config["hidden"], "aggregation": "wha"},
        "u2uKey": False,
    }

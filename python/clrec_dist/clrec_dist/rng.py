"""The TypeScript project's seeded generator (`@clrec/spec` Rng: xoshiro128** seeded by splitmix32).

Same seed, same stream as the TypeScript `Rng`, so the twin draws the same initial weights (Box-Muller
normals in float64, rounded to float32) and the same epoch shuffles as `clrec train` with that seed.
"""

from __future__ import annotations

import math
from typing import List, Optional

_M32 = 0xFFFFFFFF


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M32


def _imul(a: int, b: int) -> int:
    return (a * b) & _M32


def splitmix32(seed: int):
    """splitmix32 over `seed >>> 0`: a function returning the next unsigned 32-bit word."""
    state = [seed & _M32]

    def nxt() -> int:
        state[0] = (state[0] + 0x9E3779B9) & _M32
        z = state[0]
        z = _imul(z ^ (z >> 16), 0x85EBCA6B)
        z = _imul(z ^ (z >> 13), 0xC2B2AE35)
        return (z ^ (z >> 16)) & _M32

    return nxt


class Rng:
    """xoshiro128** with the TypeScript `Rng` methods used by training: nextUint32, float, int, normal, shuffle."""

    def __init__(self, seed: int = 0):
        sm = splitmix32(int(seed))
        self.s: List[int] = [sm(), sm(), sm(), sm()]
        if (self.s[0] | self.s[1] | self.s[2] | self.s[3]) == 0:
            self.s[0] = 1
        self.spare: Optional[float] = None

    @staticmethod
    def from_state(state: dict) -> "Rng":
        r = Rng(0)
        r.set_state(state)
        return r

    def get_state(self) -> dict:
        """The TypeScript `RngState`: `{s: [4 uint32], spare: number | null}`."""
        return {"s": list(self.s), "spare": self.spare}

    def set_state(self, state: dict) -> None:
        s = state.get("s")
        if not isinstance(s, (list, tuple)) or len(s) != 4:
            raise ValueError("Rng.set_state: state.s must hold 4 uint32 words")
        self.s = [int(v) & _M32 for v in s]
        self.spare = state.get("spare")

    def next_uint32(self) -> int:
        s = self.s
        result = _imul(_rotl(_imul(s[1], 5), 7), 9)
        t = (s[1] << 9) & _M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 11)
        return result

    def float(self) -> float:
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def int(self, n: int) -> int:
        if not n >= 1:
            raise ValueError(f"Rng.int: n must be >= 1, got {n}")
        return int(math.floor(self.float() * n))

    def normal(self) -> float:
        if self.spare is not None:
            v = self.spare
            self.spare = None
            return v
        u = 0.0
        while u == 0.0:
            u = self.float()
        v = self.float()
        r = math.sqrt(-2.0 * math.log(u))
        self.spare = r * math.sin(2.0 * math.pi * v)
        return r * math.cos(2.0 * math.pi * v)

    def normal_array(self, size: int, std: float) -> List[float]:
        """`normalArray` of `@clrec/core`: size draws of N(0, std^2) (float64; the caller rounds to float32)."""
        out = [0.0] * size
        for i in range(size):
            out[i] = self.normal() * std
        return out

    def shuffle(self, a: list) -> list:
        """In-place Fisher-Yates, the TypeScript order; returns `a`."""
        for i in range(len(a) - 1, 0, -1):
            j = self.int(i + 1)
            a[i], a[j] = a[j], a[i]
        return a

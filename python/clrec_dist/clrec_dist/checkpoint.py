"""The TypeScript project's checkpoint format (`@clrec/training` saveCheckpoint / loadCheckpoint), version 3.

A directory holding `checkpoint.json` (format `clrec-checkpoint`, version 3, `files` with the size and SHA-256
of every other file, `model`, `config`, `dataset`, `state`, the `params` table and the `optimizer` table),
`weights.bin` (float32 little-endian, the parameters concatenated in `params` order at their `offset`s),
`optimizer.bin` (per slot m then v, when saved with the optimizer) and `item-ids.json` (raw id of each dense
id, index 0 = ""). Written as `replaceDirAtomic` does: into `.tmp-<name>-<pid>` beside the target, flushed,
then renamed over it (the previous copy moved aside to `.old-<name>` and deleted last).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

_TEMP = re.compile(r"^\.tmp-(.+)-(\d+)$")


def _float32_le(t: torch.Tensor) -> bytes:
    return t.detach().to(torch.float32).contiguous().numpy().astype("<f4", copy=False).tobytes()


def _entry(data: bytes) -> dict:
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def remove_stale_temps(parent: str, name: str) -> None:
    """Removes `.tmp-*-<pid>` siblings of dead writers (and this process's own for `name`), as `removeStaleTemps`."""
    try:
        entries = os.listdir(parent)
    except OSError:
        return
    for e in entries:
        m = _TEMP.match(e)
        if not m:
            continue
        pid = int(m.group(2))
        stale = m.group(1) == name if pid == os.getpid() else not _alive(pid)
        if stale:
            shutil.rmtree(os.path.join(parent, e), ignore_errors=True)
            try:
                os.remove(os.path.join(parent, e))
            except OSError:
                pass


def _write_durable(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _sync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_dir_atomic(path: str, files: List[Tuple[str, bytes]]) -> None:
    """`replaceDirAtomic`: the files go into a fresh temp directory that then takes the target's place."""
    parent, name = os.path.dirname(os.path.abspath(path)), os.path.basename(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    remove_stale_temps(parent, name)
    old = os.path.join(parent, f".old-{name}")
    if not os.path.exists(path) and os.path.exists(old):
        os.rename(old, path)  # an earlier replacement died between its renames: put the complete copy back first
    tmp = os.path.join(parent, f".tmp-{name}-{os.getpid()}")
    os.mkdir(tmp)
    try:
        for fname, data in files:
            _write_durable(os.path.join(tmp, fname), data)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _sync_dir(tmp)
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(path):
        os.rename(path, old)
    os.rename(tmp, path)
    _sync_dir(parent)
    shutil.rmtree(old, ignore_errors=True)


def save_checkpoint(path: str, *, params: List[Tuple[str, torch.Tensor]], config: Optional[dict], dataset: dict, state: dict,
                    model: Optional[dict], item_ids: Optional[List[str]] = None,
                    optimizer: Optional[Tuple[int, List[Tuple[str, torch.Tensor, torch.Tensor]]]] = None, producer: Optional[dict] = None) -> dict:
    """Writes a version-3 checkpoint into `path` (atomically); returns the manifest."""
    layout, parts, offset = [], [], 0
    for name, t in params:
        layout.append({"name": name, "shape": list(t.shape), "offset": offset})
        parts.append(_float32_le(t))
        offset += t.numel()
    contents: List[Tuple[str, bytes]] = [("weights.bin", b"".join(parts))]
    opt = None
    if optimizer is not None:
        step, slots = optimizer
        oparts, o, table = [], 0, []
        for name, m, v in slots:
            table.append({"name": name, "shape": list(m.shape), "offset": o})
            oparts += [_float32_le(m), _float32_le(v)]
            o += 2 * m.numel()
        contents.append(("optimizer.bin", b"".join(oparts)))
        opt = {"step": step, "slots": table}
    if item_ids is not None:
        contents.append(("item-ids.json", json.dumps(item_ids, ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
    now = datetime.datetime.now(datetime.timezone.utc)
    manifest = {
        "format": "clrec-checkpoint", "version": 3, "savedAt": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
        "files": {name: _entry(data) for name, data in contents},
        "model": model, "config": config, "dataset": dataset, "state": state, "params": layout, "optimizer": opt,
    }
    if model is None:
        del manifest["model"]
    if config is None:
        del manifest["config"]
    if producer is not None:
        manifest["producer"] = producer
    contents.append(("checkpoint.json", json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")))  # last
    replace_dir_atomic(path, contents)
    return manifest


class LoadedCheckpoint:
    def __init__(self, directory: str, manifest: dict, weights: np.ndarray, optimizer: Optional[np.ndarray]):
        self.dir, self.manifest, self.weights, self.optimizer = directory, manifest, weights, optimizer

    def params(self) -> Dict[str, torch.Tensor]:
        out = {}
        for p in self.manifest["params"]:
            n = int(np.prod(p["shape"])) if p["shape"] else 1
            out[p["name"]] = torch.from_numpy(self.weights[p["offset"]:p["offset"] + n].copy()).reshape(p["shape"])
        return out

    def optimizer_slots(self) -> Optional[Tuple[int, Dict[str, Tuple[torch.Tensor, torch.Tensor]]]]:
        o = self.manifest.get("optimizer")
        if not o or self.optimizer is None:
            return None
        slots = {}
        for s in o["slots"]:
            n = int(np.prod(s["shape"])) if s["shape"] else 1
            m = torch.from_numpy(self.optimizer[s["offset"]:s["offset"] + n].copy()).reshape(s["shape"])
            v = torch.from_numpy(self.optimizer[s["offset"] + n:s["offset"] + 2 * n].copy()).reshape(s["shape"])
            slots[s["name"]] = (m, v)
        return o["step"], slots


def load_checkpoint(path: str, prefer: Tuple[str, ...] = ("best", "last")) -> LoadedCheckpoint:
    """Reads a checkpoint directory, or of a run directory `<run>/checkpoints/<prefer[0]>` (else the next), verifying
    version-3 sizes and digests."""
    d = path
    for sub in prefer:
        if not os.path.exists(os.path.join(d, "checkpoint.json")) and os.path.exists(os.path.join(path, "checkpoints", sub, "checkpoint.json")):
            d = os.path.join(path, "checkpoints", sub)
    old = os.path.join(os.path.dirname(os.path.abspath(d)), ".old-" + os.path.basename(os.path.abspath(d)))
    if not os.path.exists(d) and os.path.exists(old):
        d = old
    mfile = os.path.join(d, "checkpoint.json")
    with open(mfile, encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != "clrec-checkpoint":
        raise ValueError(f"{mfile}: not a CLRec checkpoint")
    if manifest.get("version") not in (1, 2, 3):
        raise ValueError(f"{mfile}: format version {manifest.get('version')} is not supported")
    files = manifest.get("files") if manifest.get("version") == 3 else None

    def read(name: str) -> bytes:
        with open(os.path.join(d, name), "rb") as f:
            data = f.read()
        if files and name in files:
            e = files[name]
            if len(data) != e["bytes"] or hashlib.sha256(data).hexdigest() != e["sha256"]:
                raise ValueError(f"{os.path.join(d, name)}: size or SHA-256 differs from checkpoint.json")
        return data

    weights = np.frombuffer(read("weights.bin"), dtype="<f4").astype(np.float32)
    opt = np.frombuffer(read("optimizer.bin"), dtype="<f4").astype(np.float32) if manifest.get("optimizer") else None
    return LoadedCheckpoint(d, manifest, weights, opt)


def read_item_ids(ck: LoadedCheckpoint) -> Optional[List[str]]:
    p = os.path.join(ck.dir, "item-ids.json")
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        return json.load(f)

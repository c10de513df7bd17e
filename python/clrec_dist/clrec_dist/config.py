"""The recipe: the TypeScript `TrainConfig` keys (camelCase), read from a JSON / YAML file and flags.

Precedence as `clrec train`: defaults < `--config FILE` < flags (kebab-case, e.g. `--batch-size 256`). The
defaults are `DEFAULT_CONFIG` of `@clrec/training` with the `paper-multiatt` preset, except that the twin
embeds ids only (`itemFeatures: none`, `timeBuckets: none`). Keys the twin cannot train are refused with
the values it supports; every other key is validated as TypeScript does and recorded in the checkpoint, so
`clrec eval` rebuilds the model and the evaluation settings from it.
"""

from __future__ import annotations

import copy
import json
import math
import re
from typing import Any, Dict, Iterable, Optional

DEFAULT_CONFIG: Dict[str, Any] = {
    "preset": "paper-multiatt", "data": "sim", "format": "auto", "csvColumns": None, "onBadLine": "error", "maxBadLines": 0.01,
    "encoding": "auto", "split": "leave-one-out", "epochs": 20, "batchSize": 256, "queueSize": 2560, "dim": 64, "heads": 8,
    "hidden": 64, "maxLen": 50, "positional": "forward", "temperature": 0.07, "learningRate": 1e-3, "optimizer": "adam",
    "sparseEmbeddings": True, "loss": "infonce", "queue": "auto", "negatives": 0, "proposal": "auto", "maskAccidentalHits": False,
    "ipwClip": 10, "momentum": 0.999, "userEncoder": "multiatt-wha", "headAggregation": "wha", "similarity": "cosine",
    "itemFeatures": "auto", "labelFeatures": True, "timeBuckets": "auto", "blocks": 2, "dropout": 0.2, "trainPositions": "auto",
    "maskOwnItems": False, "intentions": 16, "intentCategory": "auto", "intentQueueSize": 0, "auxWeight": 1, "intentResidual": True,
    "u2u": 0, "u2uLength": 10, "u2uQueueSize": 0, "u2uKeyEncoder": "separate", "seed": 42, "out": "runs/latest", "backend": "auto",
    "deterministic": False, "ks": [5, 10, 20], "selectMetric": "NDCG@10", "patience": 3, "excludeHistory": True, "popularityPrior": 0,
    "checkpointEvery": 500, "maxEvalUsers": 0, "evalProtocols": ["full"], "evalNegatives": 100, "evalNegativesDir": None,
    "evalSeed": 42, "debiasKs": [10, 50],
}

#: What the twin changes under the TypeScript defaults: the paper-multiatt recipe with id-only items.
TWIN_DEFAULTS: Dict[str, Any] = {"preset": "paper-multiatt", "userEncoder": "multiatt-wha", "loss": "infonce", "itemFeatures": "none", "timeBuckets": "none"}

INTEGER_KEYS = {
    "blocks", "epochs", "batchSize", "queueSize", "negatives", "dim", "heads", "hidden", "maxLen", "seed", "patience", "checkpointEvery",
    "maxEvalUsers", "evalNegatives", "evalSeed", "intentions", "intentQueueSize", "u2uLength", "u2uQueueSize",
}
ZERO_OK = {"negatives", "momentum", "dropout", "seed", "patience", "checkpointEvery", "maxEvalUsers", "evalSeed", "intentQueueSize", "auxWeight", "u2u", "u2uQueueSize"}
RANGES = {"temperature": (1e-3, 100), "learningRate": (1e-7, 10), "maxBadLines": (1e-9, 2 ** 53 - 1)}
CHOICES = {
    "format": ["auto", "sequence", "pairs", "ml-100k", "csv", "sim"], "onBadLine": ["error", "skip"], "encoding": ["auto", "utf8", "latin1"],
    "split": ["leave-one-out", "temporal"], "positional": ["backward", "forward", "none"], "headAggregation": ["wha", "mean", "mean-mlp", "concat-mlp"],
    "similarity": ["cosine", "dot"], "timeBuckets": ["auto", "log2", "none"], "trainPositions": ["auto", "last", "all"],
    "backend": ["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"], "u2uKeyEncoder": ["separate", "shared"],
}
EVAL_PROTOCOLS = ["full", "sampled-popularity", "sampled-uniform"]

#: The values the twin can train, for the keys where it supports fewer than TypeScript (anything else is an error).
SUPPORTED = {
    "preset": ["paper-multiatt"], "userEncoder": ["multiatt-wha"], "headAggregation": ["wha"], "loss": ["infonce"],
    "queue": ["auto", "inter", "cached"], "optimizer": ["adam"], "split": ["leave-one-out"], "format": ["auto", "sequence", "pairs", "ml-100k"],
    "itemFeatures": ["none"], "timeBuckets": ["none"], "trainPositions": ["auto", "last"], "u2u": [0],
}
#: Keys that only matter to encoders or objectives the twin does not train: accepted, recorded, unused.
INERT_KEYS = {"negatives", "proposal", "ipwClip", "momentum", "labelFeatures", "blocks", "dropout", "intentions", "intentCategory",
              "intentQueueSize", "auxWeight", "intentResidual", "u2uLength", "u2uQueueSize", "u2uKeyEncoder", "csvColumns"}


class ConfigError(Exception):
    pass


def kebab(key: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)


def _coerce(k: str, raw: Any, source: str) -> Any:
    def bad(want: str) -> ConfigError:
        return ConfigError(f'{source}: "{k}" must be {want}, got {json.dumps(raw)}')

    default = DEFAULT_CONFIG[k]
    if k == "evalProtocols":
        lst = [s.strip() for s in raw.split(",") if s.strip()] if isinstance(raw, str) else raw
        if not isinstance(lst, list) or not all(isinstance(v, str) and v in EVAL_PROTOCOLS for v in lst):
            raise bad("a comma-separated list of " + ", ".join(EVAL_PROTOCOLS))
        return list(dict.fromkeys(lst))
    if k in ("ks", "debiasKs"):
        try:
            lst = [int(s.strip()) if s.strip().lstrip("-").isdigit() else float("nan") for s in raw.split(",")] if isinstance(raw, str) else raw
        except ValueError:
            raise bad("a list of positive integers, e.g. 5,10,20")
        if not isinstance(lst, list) or not lst or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in lst):
            raise bad("a list of positive integers, e.g. 5,10,20")
        return lst
    if k == "evalNegativesDir":
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str):
            raise bad("a directory path")
        return raw
    if k == "csvColumns":
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise bad("a string like 'user=uid,item=iid'")
        return raw
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "1"):
            return True
        if raw in ("false", "0"):
            return False
        raise bad("true or false")
    if isinstance(default, (int, float)):
        if k == "u2u" and raw in (True, "true"):
            return 1
        n = raw
        if isinstance(raw, str) and raw.strip() != "":
            try:
                n = float(raw)
            except ValueError:
                raise bad("a number")
        if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n):
            raise bad("a number")
        if k in INTEGER_KEYS:
            if n != int(n):
                raise bad("an integer")
            n = int(n)
        elif isinstance(n, float) and n == int(n) and abs(n) < 2 ** 53 and isinstance(default, int) and k not in RANGES:
            n = int(n)
        if k in ("momentum", "dropout") and not 0 <= n < 1:
            raise bad("a number in [0, 1)")
        if k == "popularityPrior":
            return n
        if k == "maxBadLines" and n >= 1 and n != int(n):
            raise bad("a fraction in (0, 1) of the lines read or a whole count >= 1")
        if k in RANGES and not RANGES[k][0] <= n <= RANGES[k][1]:
            raise bad(f"a number in [{RANGES[k][0]}, {RANGES[k][1]}]")
        if n < 0 or (n == 0 and k not in ZERO_OK):
            raise bad("a number >= 0" if k in ZERO_OK else "a number > 0")
        return n
    if not isinstance(raw, str) or raw == "":
        raise bad("a non-empty string")
    if k in CHOICES and raw not in CHOICES[k]:
        raise ConfigError(f'{source}: "{k}" is "{raw}"; valid values: {", ".join(CHOICES[k])}')
    return raw


def apply_config(base: Dict[str, Any], partial: Dict[str, Any], source: str) -> Dict[str, Any]:
    """`applyConfig`: validates and coerces `partial` onto a copy of `base`; unknown keys are an error."""
    out = copy.deepcopy(base)
    for key, raw in partial.items():
        if raw is None and key not in ("csvColumns", "evalNegativesDir"):
            continue
        if key not in DEFAULT_CONFIG:
            raise ConfigError(f'{source}: unknown key "{key}". Valid keys: {", ".join(DEFAULT_CONFIG)}')
        out[key] = _coerce(key, raw, source)
    return out


def read_config_file(path: str) -> Dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ConfigError(f"config file {path}: cannot be read ({e})")
    try:
        if path.endswith(".json"):
            value = json.loads(text)
        else:
            try:
                import yaml  # python3-yaml
            except ImportError:
                raise ConfigError(f"config file {path}: YAML needs python3-yaml (apt-get install python3-yaml), or use a .json file")
            value = yaml.safe_load(text)
    except (ValueError, Exception) as e:
        if isinstance(e, ConfigError):
            raise
        raise ConfigError(f"config file {path}: not valid {'JSON' if path.endswith('.json') else 'YAML'}: {e}")
    if not isinstance(value, dict):
        raise ConfigError(f"config file {path}: must hold a mapping of keys to values")
    return value


def resolve_recipe(file_values: Optional[Dict[str, Any]] = None, flags: Optional[Dict[str, Any]] = None, file_source: str = "config file") -> Dict[str, Any]:
    """Defaults, the twin's defaults, then the file, then the flags; then the twin's support check."""
    config = apply_config(DEFAULT_CONFIG, TWIN_DEFAULTS, "clrec_dist defaults")
    if file_values:
        config = apply_config(config, file_values, file_source)
    if flags:
        config = apply_config(config, flags, "command line")
    check_supported(config)
    return config


def check_supported(config: Dict[str, Any]) -> None:
    for key, allowed in SUPPORTED.items():
        if config[key] not in allowed:
            flag = "--" + kebab(key)
            raise ConfigError(f'{flag} {config[key]}: clrec_dist trains {", ".join(map(str, allowed))} only (train other recipes with `clrec train`)')
    if config["batchSize"] > config["queueSize"]:
        raise ConfigError(f"queueSize ({config['queueSize']}) must be >= batchSize ({config['batchSize']}): the queue holds the present batch plus earlier positives")


def resolved_for_checkpoint(config: Dict[str, Any]) -> Dict[str, Any]:
    """The recipe as `clrec train` stores it: objective and data choices resolved (queue, proposal, positions)."""
    out = copy.deepcopy(config)
    if out["queue"] == "auto":
        out["queue"] = "inter"
    if out["proposal"] == "auto":
        out["proposal"] = "popularity"  # infonce's defaultProposal, as resolveObjective records it
    if out["trainPositions"] == "auto":
        out["trainPositions"] = "last"
    return out


def config_keys() -> Iterable[str]:
    return DEFAULT_CONFIG.keys()

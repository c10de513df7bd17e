"""Dataset loaders and the leave-one-out split, as the TypeScript `@clrec/datasets` does them.

Formats: `sequence` (one line per user: `user item item ...`), `pairs` (`user item [timestamp]` per line,
separated by spaces, tabs or commas) and `ml-100k` (the MovieLens 100K folder, `u.data`). Dense ids are
assigned exactly as the TypeScript loaders do: sequence and pair files in first-seen order (users from 0,
items from 1, 0 = padding), MovieLens by ascending numeric raw id. So item ids line up with a TypeScript
checkpoint's `item-ids.json`, and the split, the training examples and the dataset fingerprint are the same.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

MAX_ID_LENGTH = 256

# JavaScript's \s (and String.prototype.trim's set): Python's str.split() differs (e.g. U+FEFF, U+001C..U+001F)
_JS_WS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RUN = re.compile(f"[{_JS_WS}]+")
_PAIR_SPLIT = re.compile(f"[{_JS_WS}]*,[{_JS_WS}]*|[{_JS_WS}]+")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # Unicode Cc except tab
_NUMBER = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_INT_ID = re.compile(r"^[0-9]+$")


class DatasetError(Exception):
    """A malformed or unusable dataset, naming the file (and line) as the TypeScript loaders do."""

    def __init__(self, file: str, line: Optional[int], detail: str):
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {detail}")


_JS_WS_CHARS = "\t\n\v\f\r \u00a0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000\ufeff"


def js_trim(s: str) -> str:
    """String.prototype.trim: strips JavaScript whitespace and line terminators."""
    return s.strip(_JS_WS_CHARS)


def parse_number(s: str) -> Optional[float]:
    if not _NUMBER.match(s):
        return None
    v = float(s)
    return v if v == v and v not in (float("inf"), float("-inf")) else None


@dataclass
class Dataset:
    name: str
    file: str
    num_users: int
    num_items: int
    user_ids: List[str]
    item_ids: List[str]  # index 0 = padding ""
    sequences: List[List[int]]
    timestamps: Optional[List[List[float]]]
    skipped: int = 0

    @property
    def interactions(self) -> int:
        return sum(len(s) for s in self.sequences)

    def fingerprint(self) -> dict:
        """The checkpoint's `dataset` facts: {name, numUsers, numItems, interactions}."""
        return {"name": self.name, "numUsers": self.num_users, "numItems": self.num_items, "interactions": self.interactions}


@dataclass
class Split:
    """Leave-one-out: per user the last click is the test target, the one before the validation target."""

    train: List[List[int]]
    valid: List[Tuple[int, List[int], int]] = field(default_factory=list)  # (user, history, target)
    test: List[Tuple[int, List[int], int]] = field(default_factory=list)
    skipped_users: int = 0


class _Skips:
    def __init__(self, on_bad_line: str, max_bad_lines: float):
        if on_bad_line not in ("error", "skip"):
            raise ValueError(f"onBadLine must be error or skip, got {on_bad_line!r}")
        self.on_bad_line = on_bad_line
        self.max_bad_lines = max_bad_lines
        self.count = 0
        self.lines = 0

    def begin(self, lines: int) -> None:
        self.lines += lines

    def bad(self, path: str, line: int, detail: str) -> None:
        if self.on_bad_line == "error":
            raise DatasetError(path, line, f"{detail} (use --on-bad-line skip to skip malformed lines)")
        self.count += 1
        limit = math.ceil(self.max_bad_lines * self.lines) if self.max_bad_lines < 1 else self.max_bad_lines
        if self.count > limit:
            raise DatasetError(path, line, f"more than {self.max_bad_lines} malformed lines ({self.count} so far); last: {detail}")


def _read_text(path: str, encoding: str) -> str:
    if not os.path.isfile(path):
        raise DatasetError(path, None, "file not found" if not os.path.exists(path) else "is not a regular file")
    with open(path, "rb") as f:
        buf = f.read()
    nul = buf.find(b"\x00")
    if nul >= 0:
        raise DatasetError(path, buf.count(b"\n", 0, nul) + 1, "binary data (NUL byte)")
    if encoding == "latin1":
        return buf.decode("latin-1")
    try:
        return buf.decode("utf-8-sig")  # TextDecoder('utf-8', {fatal: true}) drops a leading BOM too
    except UnicodeDecodeError as e:
        raise DatasetError(path, buf.count(b"\n", 0, e.start) + 1, f"invalid UTF-8 byte 0x{buf[e.start]:02X} (pass --encoding latin1 for Latin-1 files)")


def _split_lines(text: str) -> List[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [l[:-1] if l.endswith("\r") else l for l in lines]


def _id_problem(token: str, what: str) -> Optional[str]:
    if len(token) > MAX_ID_LENGTH:
        return f"{what} is {len(token)} characters long; ids are at most {MAX_ID_LENGTH}"
    return None


class _IdMap:
    def __init__(self, base: int):
        self.base = base
        self.map: Dict[str, int] = {}
        self.raw: List[str] = []

    def id(self, raw: str) -> int:
        v = self.map.get(raw)
        if v is None:
            v = len(self.raw) + self.base
            self.map[raw] = v
            self.raw.append(raw)
        return v


def dataset_name_of(path: str) -> str:
    b = os.path.basename(path)
    stem, ext = os.path.splitext(b)
    return stem if stem and ext else b


def load_sequence_file(path: str, on_bad_line: str = "error", max_bad_lines: float = 0.01, encoding: str = "utf8") -> Dataset:
    skips = _Skips(on_bad_line, max_bad_lines)
    lines = _split_lines(_read_text(path, encoding))
    skips.begin(len(lines))
    users, items = _IdMap(0), _IdMap(1)
    seen: Dict[str, int] = {}
    sequences: List[List[int]] = []
    for i, line in enumerate(lines):
        no = i + 1
        if _CONTROL.search(line):
            skips.bad(path, no, "control character; only tab may appear between fields")
            continue
        text = js_trim(line)
        if text == "":
            continue
        tokens = _WS_RUN.split(text)
        if len(tokens) == 1:
            skips.bad(path, no, f'field 1 (user) "{text[:60]}" has no items; a sequence line is "userId item item ..."')
            continue
        problem = next((p for k, t in enumerate(tokens) if (p := _id_problem(t, f"field {k + 1}"))), None)
        if problem:
            skips.bad(path, no, problem)
            continue
        if tokens[0] in seen:
            skips.bad(path, no, f'field 1 (user) "{tokens[0][:60]}" already has a sequence on line {seen[tokens[0]]}; a sequence file has one line per user')
            continue
        seen[tokens[0]] = no
        users.id(tokens[0])
        sequences.append([items.id(t) for t in tokens[1:]])
    return _finish(Dataset(dataset_name_of(path), path, len(users.raw), len(items.raw), users.raw, [""] + items.raw, sequences, None, skips.count))


def _group_by_user(rows_u: List[int], rows_i: List[int], rows_t: Optional[List[float]], num_users: int):
    per: List[List[int]] = [[] for _ in range(num_users)]
    for r, u in enumerate(rows_u):
        per[u].append(r)
    sequences, timestamps = [], ([] if rows_t is not None else None)
    for rows in per:
        if rows_t is not None:
            rows = sorted(rows, key=lambda r: rows_t[r])  # stable: equal times keep file order
            timestamps.append([rows_t[r] for r in rows])
        sequences.append([rows_i[r] for r in rows])
    return sequences, timestamps


def load_pair_file(path: str, on_bad_line: str = "error", max_bad_lines: float = 0.01, encoding: str = "utf8") -> Dataset:
    skips = _Skips(on_bad_line, max_bad_lines)
    lines = _split_lines(_read_text(path, encoding))
    skips.begin(len(lines))
    users, items = _IdMap(0), _IdMap(1)
    ru: List[int] = []
    ri: List[int] = []
    rt: Optional[List[float]] = None
    columns = 0
    for i, line in enumerate(lines):
        no = i + 1
        if _CONTROL.search(line):
            skips.bad(path, no, "control character; only tab may appear between fields")
            continue
        text = js_trim(line)
        if text == "":
            continue
        tokens = _PAIR_SPLIT.split(text)
        if "" in tokens:
            skips.bad(path, no, f'field {tokens.index("") + 1} is empty: "{text[:60]}"')
            continue
        cols = len(tokens) if columns == 0 and len(tokens) in (2, 3) else columns
        if len(tokens) != cols:
            skips.bad(path, no, f'expected {cols or "2 or 3"} fields, found {len(tokens)}: "{text[:60]}"')
            continue
        problem = _id_problem(tokens[0], "field 1 (user)") or _id_problem(tokens[1], "field 2 (item)")
        if problem:
            skips.bad(path, no, problem)
            continue
        t = 0.0
        if cols == 3:
            v = parse_number(tokens[2])
            if v is None:
                skips.bad(path, no, f'field 3 (timestamp) "{tokens[2][:60]}" is not a number (unix seconds expected)')
                continue
            t = v
        if columns == 0:
            columns = cols
            if columns == 3:
                rt = []
        ru.append(users.id(tokens[0]))
        ri.append(items.id(tokens[1]))
        if rt is not None:
            rt.append(t)
    seqs, times = _group_by_user(ru, ri, rt, len(users.raw))
    return _finish(Dataset(dataset_name_of(path), path, len(users.raw), len(items.raw), users.raw, [""] + items.raw, seqs, times, skips.count))


def load_movielens_100k(path: str, on_bad_line: str = "error", max_bad_lines: float = 0.01, encoding: str = "latin1") -> Dataset:
    d = os.path.dirname(path) if os.path.basename(path) == "u.data" and os.path.isfile(path) else path
    if not os.path.isdir(d):
        raise DatasetError(d, None, "directory not found; expected the MovieLens 100K folder holding u.data")
    data_path = os.path.join(d, "u.data")
    skips = _Skips(on_bad_line, max_bad_lines)
    lines = _split_lines(_read_text(data_path, encoding))
    skips.begin(len(lines))
    rows: List[Tuple[str, str, float]] = []
    for k, line in enumerate(lines):
        no = k + 1
        if _CONTROL.search(line):
            skips.bad(data_path, no, "control character; only tab may appear between fields")
            continue
        text = js_trim(line)
        if text == "":
            continue
        f = _WS_RUN.split(text)
        if len(f) != 4:
            skips.bad(data_path, no, f'expected 4 fields (user item rating timestamp), found {len(f)}: "{text[:60]}"')
            continue
        if not _INT_ID.match(f[0]) or not _INT_ID.match(f[1]):
            skips.bad(data_path, no, "user and item must be integer ids")
            continue
        problem = _id_problem(f[0], "field 1 (user)") or _id_problem(f[1], "field 2 (item)")
        if problem:
            skips.bad(data_path, no, problem)
            continue
        if parse_number(f[2]) is None:
            skips.bad(data_path, no, f'field 3 (rating) "{f[2][:60]}" is not a number')
            continue
        t = parse_number(f[3])
        if t is None:
            skips.bad(data_path, no, f'field 4 (timestamp) "{f[3][:60]}" is not a number (unix seconds expected)')
            continue
        rows.append((f[0], f[1], t))
    user_raw = sorted({r[0] for r in rows}, key=int)
    item_raw = sorted({r[1] for r in rows}, key=int)
    uix = {u: k for k, u in enumerate(user_raw)}
    iix = {i: k + 1 for k, i in enumerate(item_raw)}
    seqs, times = _group_by_user([uix[r[0]] for r in rows], [iix[r[1]] for r in rows], [r[2] for r in rows], len(user_raw))
    return _finish(Dataset("ml-100k", data_path, len(user_raw), len(item_raw), user_raw, [""] + item_raw, seqs, times, skips.count))


def _finish(ds: Dataset) -> Dataset:
    if ds.interactions == 0 or ds.num_items == 0 or ds.num_users == 0:
        raise DatasetError(ds.file, None, "no interactions")
    return ds


def detect_format(path: str) -> str:
    """`@clrec/datasets` detectFormat: ml-100k folder / u.data, else peek the first 200 lines."""
    if not os.path.exists(path):
        raise DatasetError(path, None, "not found; expected a dataset file (sequence or pair) or a MovieLens 100K directory")
    if os.path.isdir(path):
        if os.path.exists(os.path.join(path, "u.data")):
            return "ml-100k"
        raise DatasetError(path, None, "is a directory without u.data; expected a MovieLens 100K folder or a dataset file")
    if os.path.basename(path) == "u.data":
        return "ml-100k"
    if path.lower().endswith(".csv"):
        return "csv"
    with open(path, "rb") as f:
        head = f.read(4 << 20)
    lines = _split_lines(head.decode("utf-8", errors="replace"))
    if len(head) == 4 << 20 and len(lines) > 1:
        lines.pop()
    threes, commas, repeats = 0, False, False
    seen = set()
    for line in lines[:200]:
        text = js_trim(line)
        if text == "":
            continue
        tokens = re.split(f"[{_JS_WS},]+", text)
        if len(tokens) > 3:
            return "sequence"
        if len(tokens) == 3:
            threes += 1
        if "," in text:
            commas = True
        if tokens[0] in seen:
            repeats = True
        seen.add(tokens[0])
    if threes == 0:
        return "pairs"
    return "pairs" if commas or repeats else "sequence"


def load_dataset(path: str, fmt: str = "auto", on_bad_line: str = "error", max_bad_lines: float = 0.01, encoding: str = "auto") -> Dataset:
    if path == "sim":
        raise DatasetError("sim", None, "the simulator is not available in clrec_dist; write it to a file with the TypeScript tools")
    fmt = detect_format(path) if fmt in ("auto", None) else fmt
    enc = None if encoding in ("auto", None) else encoding
    if fmt == "sequence":
        return load_sequence_file(path, on_bad_line, max_bad_lines, enc or "utf8")
    if fmt == "pairs":
        return load_pair_file(path, on_bad_line, max_bad_lines, enc or "utf8")
    if fmt == "ml-100k":
        return load_movielens_100k(path, on_bad_line, max_bad_lines, enc or "latin1")
    raise DatasetError(path, None, f"format {fmt!r} is not supported by clrec_dist (sequence, pairs, ml-100k)")


def leave_one_out_split(ds: Dataset, min_length: int = 3) -> Split:
    """`leaveOneOutSplit`: users with >= 3 clicks train on all but their last two clicks."""
    split = Split(train=[])
    for u, seq in enumerate(ds.sequences):
        n = len(seq)
        if n < min_length:
            split.train.append(seq)
            split.skipped_users += 1
            continue
        split.train.append(seq[: n - 2])
        split.valid.append((u, seq[: n - 2], seq[n - 2]))
        split.test.append((u, seq[: n - 1], seq[n - 1]))
    return split


def training_examples(sequences: List[List[int]]) -> Tuple[List[int], List[int]]:
    """`trainingExamples`: (user, target position) of every click after a user's first, users in order."""
    users: List[int] = []
    targets: List[int] = []
    for u, s in enumerate(sequences):
        for t in range(1, len(s)):
            users.append(u)
            targets.append(t)
    return users, targets


def check_trainable(ds: Dataset, split: Split, num_examples: int) -> None:
    if ds.num_items < 2:
        raise DatasetError(ds.file, None, f"only {ds.num_items} distinct item(s): ranking needs at least 2 items")
    if num_examples == 0:
        raise DatasetError(ds.file, None, "no training example: a training example needs 2 clicks left for training")
    if not split.valid or not split.test:
        raise DatasetError(ds.file, None, "no validation or test user: leave-one-out needs users with at least 3 clicks")

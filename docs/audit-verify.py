#!/usr/bin/env python3
"""Checks a Keyhole audit export (CSV or JSON Lines) without Keyhole: recomputes every row's
SHA-256 from its fields and checks each link between consecutive rows. The procedure is written
out in docs/audit-verification.md; this script is one auditor's rendering of it (Python 3.8+,
standard library only).

    python3 audit-verify.py keyhole-audit-....csv
    python3 audit-verify.py keyhole-audit-....jsonl

Exit status 0 when every row verifies, 1 at the first row that does not.
"""
import csv
import hashlib
import json
import sys

GENESIS = "0" * 64
# The hashed fields, in canonical order (CSV column names).
HASHED = [
    "seq", "time", "actor_user", "actor_host", "principal", "action", "phase", "attempt_seq",
    "connection_id", "environment_id", "path", "version", "outcome", "code", "request_id",
    "reason", "details", "prev_hash",
]
INTEGER = {"seq", "attempt_seq"}
NULLABLE = {"principal", "connection_id", "environment_id", "path", "version", "outcome", "code", "request_id", "reason"}
# JSON Lines uses the same fields in camelCase.
CAMEL = {name: name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:]) for name in HASHED + ["hash"]}


def text(value):
    """A JSON string, null or integer exactly as ECMAScript's JSON.stringify writes it."""
    return json.dumps(value, ensure_ascii=False)


def from_csv(row):
    # Undo the formula neutralisation: one leading single quote was added; remove exactly one.
    cells = {name: (cell[1:] if cell.startswith("'") else cell) for name, cell in row.items()}
    parts = []
    for name in HASHED:
        cell = cells[name]
        if name == "details":
            parts.append(cell)  # the canonical text itself: hash it as written
        elif name in INTEGER:
            parts.append("null" if cell == "" else str(int(cell)))
        elif name in NULLABLE and cell == "":
            parts.append("null")
        else:
            parts.append(text(cell))
    return int(cells["seq"]), cells["prev_hash"], cells["hash"], "[" + ",".join(parts) + "]"


def from_json(line):
    event = json.loads(line)  # keeps the key order of the line, which is the canonical order
    parts = []
    for name in HASHED:
        value = event[CAMEL[name]]
        if name == "details":
            parts.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        else:
            parts.append(text(value))
    return event["seq"], event["prevHash"], event["hash"], "[" + ",".join(parts) + "]"


def records(path):
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield from_json(line)
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:  # utf-8-sig drops the byte order mark
            for row in csv.DictReader(f):
                yield from_csv(row)


def main(path):
    count = gaps = 0
    previous = None  # (seq, hash) of the row before
    for seq, prev_hash, stored, canonical in records(path):
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        if digest != stored:
            print(f"seq {seq}: the fields do not hash to the recorded hash (edited row)")
            return 1
        if previous is not None and seq == previous[0] + 1 and prev_hash != previous[1]:
            print(f"seq {seq}: prev_hash does not name the hash of seq {previous[0]} (broken link)")
            return 1
        if previous is None and seq == 1 and prev_hash != GENESIS:
            print("seq 1: the chain does not start from the genesis hash")
            return 1
        if previous is not None and seq != previous[0] + 1:
            gaps += 1
        previous = (seq, stored)
        count += 1
    note = f"; {gaps} gaps between rows (expected in a filtered export: those links are not checked)" if gaps else ""
    print(f"{count} rows verified{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

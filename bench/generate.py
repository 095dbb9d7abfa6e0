#!/usr/bin/env python3
"""Generates the benchmark inputs (deterministic: fixed seeds).

  generate.py many DIR    100,000 small files (50-4,000 bytes, text-like) in 200 folders of 500
  generate.py big DIR     about 1 GiB in 400 files: a third random (incompressible), a third text,
                          a third structured binary (repeating records with noise), like an OS image mix
"""
import os
import random
import sys

WORDS = ("the driver package setup windows system32 registry hive value key boot index edition image "
         "partition volume update servicing component manifest catalog assembly").split()


_LINES = None


def text(rng, size):
    """Text-like data: lines drawn from a pool of 4,096 generated lines (compresses like logs and INF files)."""
    global _LINES
    if _LINES is None:
        pool = random.Random(4096)
        _LINES = [(" ".join(pool.choice(WORDS) for _ in range(pool.randint(4, 14))) + "\n").encode()
                  for _ in range(4096)]
    out = []
    length = 0
    while length < size:
        line = _LINES[rng.randrange(4096)]
        out.append(line)
        length += len(line)
    return b"".join(out)[:size]


def structured(rng, size):
    record = bytearray(rng.randbytes(64))
    out = bytearray()
    while len(out) < size:
        record[rng.randrange(64)] = rng.randrange(256)
        out += record
    return bytes(out[:size])


def many(root):
    rng = random.Random(100000)
    for i in range(100_000):
        folder = os.path.join(root, "d%03d" % (i // 500))
        if i % 500 == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "file%06d.txt" % i), "wb") as f:
            f.write(text(rng, rng.randint(50, 4000)))


def big(root):
    rng = random.Random(1 << 30)
    total = 1 << 30
    files = 400
    each = total // files
    for i in range(files):
        folder = os.path.join(root, "part%02d" % (i // 40))
        os.makedirs(folder, exist_ok=True)
        kind = i % 3
        path = os.path.join(folder, "file%03d.%s" % (i, ("bin", "txt", "dat")[kind]))
        with open(path, "wb") as f:
            written = 0
            while written < each:
                chunk = min(1 << 20, each - written)
                if kind == 0:
                    data = rng.randbytes(chunk)
                elif kind == 1:
                    data = text(rng, chunk)
                else:
                    data = structured(rng, chunk)
                f.write(data)
                written += chunk


if __name__ == "__main__":
    what, root = sys.argv[1], sys.argv[2]
    os.makedirs(root, exist_ok=True)
    {"many": many, "big": big}[what](root)

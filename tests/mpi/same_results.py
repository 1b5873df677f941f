"""Whether two ccsim runs gave the same results, byte for byte.

usage: same_results.py A.json B.json [A.h5 B.h5 [DATASET...]]

The JSON objects must be equal once wall_s, calls_per_s and threads (how the run
was carried out, not what it found) are set aside; every dataset of the two HDF5
files must hold the same bytes under the same type, and every attribute must match
except /run's threads and wall_s (or, with DATASET names, those datasets only).
Prints the first difference and exits 1.
"""
import json
import sys

import h5py
import numpy as np

HOW = {"wall_s", "calls_per_s", "threads"}


def fail(msg):
    print("differ: " + msg, file=sys.stderr)
    sys.exit(1)


def same_json(a, b):
    with open(a) as fa, open(b) as fb:
        ja, jb = json.load(fa), json.load(fb)
    for k in HOW:
        ja.pop(k, None)
        jb.pop(k, None)
    # Dumped with repr-exact floats, so equal text is equal bits (NaN included).
    if json.dumps(ja, sort_keys=True) != json.dumps(jb, sort_keys=True):
        fail(f"{a} and {b}")


def attrs(obj, path):
    return {k: v for k, v in obj.attrs.items() if not (path == "/run" and k in ("threads", "wall_s"))}


def same_value(x, y):
    xa, ya = np.asarray(x), np.asarray(y)
    return xa.dtype == ya.dtype and xa.shape == ya.shape and xa.tobytes() == ya.tobytes()


def same_h5(a, b, only):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        names_a, names_b = [], []
        fa.visit(names_a.append)
        fb.visit(names_b.append)
        if names_a != names_b:
            fail(f"{a} and {b} hold different objects")
        for path in ["/" + n for n in only] if only else ["/"] + ["/" + n for n in names_a]:
            oa, ob = fa[path], fb[path]
            ka, kb = attrs(oa, path), attrs(ob, path)
            if sorted(ka) != sorted(kb) or any(not same_value(ka[k], kb[k]) for k in ka):
                fail(f"attributes of {path}")
            if isinstance(oa, h5py.Dataset) and not same_value(oa[()], ob[()]):
                fail(f"dataset {path}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or len(sys.argv) == 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    same_json(sys.argv[1], sys.argv[2])
    if len(sys.argv) >= 5:
        same_h5(sys.argv[3], sys.argv[4], sys.argv[5:])

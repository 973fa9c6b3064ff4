#!/usr/bin/python3
"""The peer for accuracy: scikit-learn's MLPClassifier((64,), max_iter=500) against `moe train`
with --experts 8 --top-k 2 and otherwise default options, on the same kind of split.

For each table (CSV file with a header, LABEL column) and each seed, both sides hold out a
stratified 20% test split drawn with that seed and standardise the features on the rest;
scikit-learn trains on all of the rest (its own default: no validation split), `moe train`
carves its validation split out of it as it does by default. The printed table (Markdown)
gives the mean test accuracy over the seeds of sklearn, of the MoE and of the two dense
baselines, and MoE / sklearn.

    bench/peer/mlp_accuracy.py --moe build/app/cli/moe --seeds 1,2,3 \
        datasets/iris.csv:species /tmp/uci/sonar.csv:Class ...

Needs Debian's python3-sklearn. More `moe train` options: --moe-options "--patience 20".
"""
import argparse
import csv
import json
import statistics
import subprocess
import sys

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler


def read_table(path, label):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r]
    col = header.index(label)
    features, labels = [], []
    for r in body:
        if any(c.strip() in ("", "NA", "?") for c in r):
            continue  # the rows moe's default policy (drop rows with a missing value) drops
        features.append([float(c) for i, c in enumerate(r) if i != col])
        labels.append(r[col])
    return np.array(features, dtype=np.float64), np.array(labels)


def sklearn_accuracy(X, y, seed):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    clf = MLPClassifier((64,), max_iter=500, random_state=seed)
    clf.fit(scaler.transform(X_train), y_train)
    return clf.score(scaler.transform(X_test), y_test)


def moe_result(moe, path, label, seed, extra):
    cmd = [moe, "train", "--data", path, "--label", label, "--experts", "8", "--top-k", "2",
           "--seed", str(seed), "--json"] + extra
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)}: exit {out.returncode}: {out.stderr.strip()}")
    j = json.loads(out.stdout)
    return {k: j[k]["test_accuracy"] for k in ("moe", "dense_equal_params", "dense_equal_compute")} | {
        "epochs": j["epochs_completed"], "best": j["moe"]["best_epoch"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--moe", required=True, help="the moe executable")
    ap.add_argument("--seeds", default="1,2,3", help="comma-separated seeds")
    ap.add_argument("--moe-options", default="", help="more options for moe train, space-separated")
    ap.add_argument("tables", nargs="+", help="FILE.csv:LABEL")
    a = ap.parse_args()
    a.seeds = [int(x) for x in a.seeds.split(",")]
    extra = a.moe_options.split()
    print("| table | rows x features, classes | sklearn MLP(64) | MoE 8x16 top-2 | dense = params | "
          "dense = compute | MoE / sklearn | MoE epochs (kept) |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in a.tables:
        path, label = spec.rsplit(":", 1)
        X, y = read_table(path, label)
        sk, mo, dp, dc, ep, kept = [], [], [], [], [], []
        for seed in a.seeds:
            sk.append(sklearn_accuracy(X, y, seed))
            r = moe_result(a.moe, path, label, seed, extra)
            mo.append(r["moe"]); dp.append(r["dense_equal_params"]); dc.append(r["dense_equal_compute"])
            ep.append(r["epochs"]); kept.append(r["best"])
        m = statistics.mean
        name = path.rsplit("/", 1)[-1].removesuffix(".csv")
        print(f"| {name} | {X.shape[0]} x {X.shape[1]}, {len(set(y))} | {m(sk):.3f} | {m(mo):.3f} | {m(dp):.3f} | "
              f"{m(dc):.3f} | {m(mo) / m(sk):.3f} | {m(ep):.0f} ({m(kept):.0f}) |", flush=True)


if __name__ == "__main__":
    main()

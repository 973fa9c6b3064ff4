#!/usr/bin/python3
"""Ours against the PyTorch peer, side by side in one run: the table of ratios.

For each thread count and each fixed configuration (toy, mid), runs `moe bench --json` and
then bench/peer/torch_moe.py back to back, and prints samples per second of both and the
ratio ours / peer for inference and training, plus our measured and theoretical speedup
over the equal-parameter dense model and our share of Eigen's large-GEMM rate; then what
share of the peer's MoE step its matrix products alone take, and the 1 -> 2 thread speedup
of our mid training.
Needs Debian packages only: python3-torch and libopenblas0-pthread for the peer.

    bench/compare.py --moe build/app/cli/moe [--threads 2] [--scaling 1 2] [--min-time 0.3]
                     [--repeats 3]
"""
import argparse
import json
import os
import pathlib
import platform
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def run_json(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moe", default=str(HERE.parent / "build" / "app" / "cli" / "moe"),
                    help="the moe executable (default: build/app/cli/moe)")
    ap.add_argument("--python", default="/usr/bin/python3",
                    help="the Python with Debian's python3-torch (default /usr/bin/python3)")
    ap.add_argument("--threads", type=int, nargs="+", default=[2],
                    help="thread counts of the table (default 2, the issue's targets)")
    ap.add_argument("--scaling", type=int, nargs=2, default=[1, 2], metavar=("FROM", "TO"),
                    help="also time our mid training at these two thread counts, back to "
                         "back, and print the speedup (default 1 2)")
    ap.add_argument("--configs", nargs="+", default=["toy", "mid"])
    ap.add_argument("--min-time", type=float, default=0.3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--save", help="write every raw result to this JSON file")
    ap.add_argument("--peer-omp-active", action="store_true",
                    help="leave OpenMP's default spin-waiting on for the peer; by default it "
                         "runs with OMP_WAIT_POLICY=PASSIVE, without which PyTorch's 2-thread "
                         "runs collapse (10-50x slower) on a machine busy with other work")
    a = ap.parse_args()

    probe = subprocess.run([a.python, "-c", "import torch"], capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit("compare: the peer needs PyTorch: apt-get install python3-torch "
                 "libopenblas0-pthread (" + probe.stderr.strip().splitlines()[-1] + ")")
    if not os.access(a.moe, os.X_OK):
        sys.exit(f"compare: {a.moe} is not an executable; build it or pass --moe")

    timing = ["--min-time", str(a.min_time), "--repeats", str(a.repeats)]
    rows, raw = [], []
    for threads in a.threads:
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
        if not a.peer_omp_active:
            env["OMP_WAIT_POLICY"] = "PASSIVE"
        for config in a.configs:
            ours = run_json([a.moe, "bench", "--config", config, "--threads", str(threads),
                             "--json"] + timing)
            peer = run_json([a.python, str(HERE / "peer" / "torch_moe.py"), "--config", config,
                             "--threads", str(threads), "--json", "--gemm-share"] + timing, env)
            raw.append({"config": config, "threads": threads, "ours": ours, "peer": peer})
            m, p = ours["moe"], peer["moe"]
            rows.append((config, threads, m["infer_samples_per_s"], p["infer_samples_per_s"],
                         m["train_samples_per_s"], p["train_samples_per_s"],
                         ours["measured_speedup"], ours["theoretical_speedup"],
                         ours["moe_gemm_fraction"]))
            print(f"done: {config}, {threads} thread(s)", file=sys.stderr)

    print(f"MoE samples/s, ours (moe bench) / peer (PyTorch {raw[0]['peer']['config']['torch']}),"
          f" {platform.processor() or platform.machine()}")
    print("| config | threads | infer ours | infer peer | ratio | train ours | train peer | ratio "
          "| speedup measured / theoretical | GEMM share |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for c, t, io, ip, to, tp, ms, ts, g in rows:
        print(f"| {c} | {t} | {io:,.0f} | {ip:,.0f} | {io / ip:.2f}x | {to:,.0f} | {tp:,.0f} "
              f"| {to / tp:.2f}x | {ms:.2f} / {ts:.2f} | {100 * g:.0f}% |")
    print()
    for r in raw:
        m = r["peer"]["moe"]
        print(f"peer, {r['config']}, {r['threads']} thread(s): its matrix products alone take "
              f"{100 * m['infer_gemm_share']:.0f}% of its inference step and "
              f"{100 * m['train_gemm_share']:.0f}% of its training step "
              f"(forward products at {m['infer_gemm_gflops']:.1f} GFLOP/s)")
    if a.scaling:
        lo, hi = a.scaling
        rates = {}
        for rep in range(a.repeats):  # alternated, so a change in the machine's load hits both
            for threads in (lo, hi):
                j = run_json([a.moe, "bench", "--config", "mid", "--threads", str(threads),
                              "--json"] + timing)
                rates.setdefault(threads, []).append(j["moe"]["train_samples_per_s"])
        lo_rate, hi_rate = (sorted(rates[t])[len(rates[t]) // 2] for t in (lo, hi))
        raw.append({"scaling": {"threads": [lo, hi], "mid_train_samples_per_s": rates}})
        print(f"ours, mid training: {lo} thread(s) {lo_rate:,.0f}/s, {hi} threads "
              f"{hi_rate:,.0f}/s: {hi_rate / lo_rate:.2f}x (medians of {a.repeats} alternated runs)")
    if a.save:
        pathlib.Path(a.save).write_text(json.dumps(raw, indent=2) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The peer of `moe bench`: the Mixture of Experts a PyTorch user writes.

Router softmax, top-k, renormalise the chosen weights, then a loop over the experts with
index_select / index_add_; the dense baselines are nn.Sequential MLPs of width E*h (equal
parameters) and k*h (equal compute). Training is forward + cross-entropy (+ the Switch
balance loss and the router z-loss, as `moe bench` trains) + backward + Adam step.

Runs on Debian's python3-torch (with libopenblas0-pthread); prints the same per-model keys
as `moe bench --json` (infer_samples_per_s, train_samples_per_s).

    /usr/bin/python3 bench/peer/torch_moe.py --config mid --threads 2 --json
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

CONFIGS = {  # design.md "Benchmarks": the two fixed configurations
    "toy": dict(dim=2, experts=8, hidden=32, top_k=2, classes=2, batch=128),
    "mid": dict(dim=64, experts=16, hidden=256, top_k=2, classes=10, batch=1024),
}
BALANCE_LOSS = 0.01  # moe bench trains with the RunConfig defaults
Z_LOSS = 0.001


def mlp(d, width, out):
    return nn.Sequential(nn.Linear(d, width), nn.ReLU(), nn.Linear(width, out))


class MoE(nn.Module):
    def __init__(self, d, experts, hidden, top_k, out):
        super().__init__()
        self.gate = nn.Linear(d, experts)
        self.experts = nn.ModuleList(mlp(d, hidden, out) for _ in range(experts))
        self.top_k = top_k
        self.out = out
        self.aux = torch.zeros(())

    def forward(self, x):
        logits = self.gate(x)
        probs = torch.softmax(logits, dim=-1)
        weight, expert = torch.topk(probs, self.top_k, dim=-1)
        weight = weight / weight.sum(dim=-1, keepdim=True)
        flat_expert = expert.reshape(-1)
        flat_weight = weight.reshape(-1)
        sample = torch.arange(x.shape[0]).repeat_interleave(self.top_k)
        y = x.new_zeros(x.shape[0], self.out)
        for e, net in enumerate(self.experts):
            where = torch.nonzero(flat_expert == e, as_tuple=True)[0]
            if where.numel() == 0:
                continue
            rows = sample.index_select(0, where)
            out = net(x.index_select(0, rows)) * flat_weight.index_select(0, where).unsqueeze(1)
            y.index_add_(0, rows, out)
        if self.training:
            experts = probs.shape[1]
            load = torch.bincount(flat_expert, minlength=experts).float() / flat_expert.numel()
            balance = experts * torch.sum(load * probs.mean(dim=0))
            z = torch.logsumexp(logits, dim=-1).pow(2).mean()
            self.aux = BALANCE_LOSS * balance + Z_LOSS * z
        return y


def steps_per_second(step, min_time):
    start = time.perf_counter()
    steps = 0
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return steps / elapsed


def gemm_share(model, x, min_time, repeats):
    """How much of the peer's MoE step is matrix products: the same products (shapes from the
    routing of x) run alone, back to back, against the whole inference and training step.
    Forward: 2 products per expert; training adds d weight of both layers and d hidden
    (autograd computes no input gradient for x). Returns seconds per batch of each."""
    with torch.no_grad():
        probs = torch.softmax(model.gate(x), dim=-1)
        expert = torch.topk(probs, model.top_k, dim=-1)[1].reshape(-1)
        counts = torch.bincount(expert, minlength=len(model.experts)).tolist()
    d, h = model.experts[0][0].in_features, model.experts[0][0].out_features
    out = model.out
    work = []
    for n in counts:
        if n == 0:
            continue
        a, w1, b1 = torch.randn(n, d), torch.randn(d, h), torch.randn(h)
        hid, w2, b2 = torch.randn(n, h), torch.randn(h, out), torch.randn(out)
        dy = torch.randn(n, out)
        work.append((a, w1, b1, hid, w2, b2, dy))

    def forward_products():
        for a, w1, b1, hid, w2, b2, _ in work:
            torch.addmm(b1, a, w1)
            torch.addmm(b2, hid, w2)

    def training_products():
        for a, w1, b1, hid, w2, b2, dy in work:
            torch.addmm(b1, a, w1)
            torch.addmm(b2, hid, w2)
            torch.mm(hid.t(), dy)        # d W2
            torch.mm(dy, w2.t())         # d hidden
            torch.mm(a.t(), hid)         # d W1
    gemm_flops_fwd = sum(2 * n * (d * h + h * out) for n in counts)
    result = {}
    with torch.no_grad():
        for name, fn in (("infer", forward_products), ("train", training_products)):
            steps_per_second(fn, 0.1)
            result[name] = 1.0 / statistics.median(
                steps_per_second(fn, min_time) for _ in range(repeats))
    result["forward_gemm_flops"] = gemm_flops_fwd
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", choices=sorted(CONFIGS), default="mid")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--min-time", type=float, default=0.5)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--gemm-share", action="store_true",
                    help="also time the MoE's matrix products alone (same shapes), to show "
                         "what share of the peer's step they are")
    a = ap.parse_args()
    c = CONFIGS[a.config]
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)

    d, E, h, k, out, T = c["dim"], c["experts"], c["hidden"], c["top_k"], c["classes"], c["batch"]
    x = torch.randn(T, d)
    labels = torch.randint(0, out, (T,))
    models = {
        "moe": MoE(d, E, h, k, out),
        "dense_equal_params": mlp(d, E * h, out),
        "dense_equal_compute": mlp(d, k * h, out),
    }
    loss_fn = nn.CrossEntropyLoss()
    optimizers = {name: torch.optim.Adam(m.parameters(), lr=1e-3) for name, m in models.items()}

    def infer(m):
        m.eval()
        with torch.inference_mode():
            m(x)

    def train(name, m):
        m.train()
        opt = optimizers[name]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(m(x), labels)
        if isinstance(m, MoE):
            loss = loss + m.aux
        loss.backward()
        opt.step()

    warm = min(0.2, a.min_time)
    for name, m in models.items():
        steps_per_second(lambda: infer(m), warm)
        steps_per_second(lambda: train(name, m), warm)
    rates = {name: {"infer": [], "train": []} for name in models}
    for _ in range(a.repeats):  # interleaved, as moe bench does
        for name, m in models.items():
            rates[name]["infer"].append(T * steps_per_second(lambda: infer(m), a.min_time))
            rates[name]["train"].append(T * steps_per_second(lambda: train(name, m), a.min_time))

    result = {"config": dict(c, preset=a.config, threads=a.threads, torch=torch.__version__,
                             min_time=a.min_time, repeats=a.repeats)}
    for name in models:
        result[name] = {"infer_samples_per_s": statistics.median(rates[name]["infer"]),
                        "train_samples_per_s": statistics.median(rates[name]["train"])}
    result["measured_speedup"] = (result["moe"]["infer_samples_per_s"] /
                                  result["dense_equal_params"]["infer_samples_per_s"])
    if a.gemm_share:
        g = gemm_share(models["moe"], x, a.min_time, a.repeats)
        for phase in ("infer", "train"):
            step = T / result["moe"][phase + "_samples_per_s"]
            result["moe"][phase + "_gemm_seconds"] = g[phase]
            result["moe"][phase + "_step_seconds"] = step
            result["moe"][phase + "_gemm_share"] = g[phase] / step
        result["moe"]["infer_gemm_gflops"] = g["forward_gemm_flops"] / g["infer"] * 1e-9
    if a.json:
        print(json.dumps(result, indent=2))
    else:
        for name in models:
            r = result[name]
            print(f"{name:20s} infer {r['infer_samples_per_s']:12.0f}/s  "
                  f"train {r['train_samples_per_s']:12.0f}/s")
        if a.gemm_share:
            m = result["moe"]
            for phase in ("infer", "train"):
                print(f"moe {phase}: step {1e3 * m[phase + '_step_seconds']:.2f} ms, its matrix "
                      f"products alone {1e3 * m[phase + '_gemm_seconds']:.2f} ms "
                      f"({100 * m[phase + '_gemm_share']:.0f}%)")


if __name__ == "__main__":
    main()

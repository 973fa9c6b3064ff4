"""Tests scripts/record-trace without downloading anything: small randomly initialised torch
models shaped like the Hugging Face MoE models - one that returns `router_logits` (one
tokens x experts tensor per MoE layer, the dense layer skipped, as Qwen2-MoE does), one read
through forward hooks on its gates (DeepSeek-V3-like: sigmoid scores, a correction bias,
group-limited routing), ones whose gates return (indices, weights) or (logits, scores,
indices) as newer routers do - are
recorded, the traces are written and opened by the C++ reader (`moe trace-stats --json`),
and the recipes are checked against the golden logits of moe-spec section 3.

    python3 tests/scripts/test_record_trace.py MOE_EXECUTABLE
Exits 77 (CTest's skip) when torch is not installed (Debian: python3-torch).
"""

import importlib.machinery
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile
import types
import unittest

try:
    import torch
    from torch import nn
except ImportError:
    print("torch is not installed (apt-get install python3-torch): skipped")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "record-trace")
MOE = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MOE_CLI", "moe")


def load_recorder():
    loader = importlib.machinery.SourceFileLoader("record_trace", SCRIPT)
    spec = importlib.util.spec_from_loader("record_trace", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


rt = load_recorder()
E, K, D, VOCAB = 8, 2, 16, 50


class Experts(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ModuleList(nn.Linear(D, D) for _ in range(E))

    def forward(self, x, ids, weights):
        out = torch.zeros_like(x)
        for r in range(ids.shape[1]):
            for e in range(E):
                rows = ids[:, r] == e
                if rows.any():
                    out[rows] += weights[rows, r, None] * self.up[e](x[rows])
        return out


class LogitsMoe(nn.Module):
    """Mixtral/Qwen-style block: gate = Linear(d, E), returns (output, router logits)."""

    def __init__(self, recipe):
        super().__init__()
        self.gate = nn.Linear(D, E, bias=False)
        self.experts = Experts()
        self.recipe = recipe

    def forward(self, x):
        flat = x.reshape(-1, D)
        logits = self.gate(flat)
        ids, w = rt.routing_from_logits(logits, self.recipe, K)
        return (flat + self.experts(flat, ids, w)).view_as(x), logits


class Dense(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(D, D)

    def forward(self, x):
        return x + self.fc(x), None


class Layer(nn.Module):
    def __init__(self, mlp):
        super().__init__()
        self.mlp = mlp


class Inner(nn.Module):
    def __init__(self, mlps):
        super().__init__()
        self.embed_tokens = nn.Embedding(VOCAB, D)
        self.layers = nn.ModuleList(Layer(m) for m in mlps)


class RouterLogitsLM(nn.Module):
    """Returns `router_logits` like HF Qwen2-MoE: one (tokens x E) tensor per MoE layer,
    none for the dense layer 1."""

    def __init__(self, recipe="softmax_topk_renorm"):
        super().__init__()
        torch.manual_seed(1)
        self.model = Inner([LogitsMoe(recipe), Dense(), LogitsMoe(recipe), LogitsMoe(recipe)])

    def forward(self, input_ids, output_router_logits=False):
        x = self.model.embed_tokens(input_ids)
        router_logits = []
        for layer in self.model.layers:
            x, logits = layer.mlp(x)
            if logits is not None:
                router_logits.append(logits)
        return types.SimpleNamespace(logits=x, router_logits=tuple(router_logits) if output_router_logits else None)


class SigmoidGate(nn.Module):
    """DeepSeek-V3-like gate: returns logits; the bias only steers the choice."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(E, D))
        self.register_buffer("e_score_correction_bias", torch.linspace(-0.5, 0.5, E))

    def forward(self, x):
        return x.reshape(-1, D) @ self.weight.t()


class ChoiceGate(nn.Module):
    """A newer-style router: returns (indices, weights) of its top-k itself."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(D, E)

    def forward(self, x):
        p = torch.softmax(self.linear(x.reshape(-1, D)), dim=-1)
        w, ids = torch.topk(p, K, dim=-1)
        return ids, w


class TripleGate(nn.Module):
    """transformers' newer routers: (router_logits, router_scores, router_indices), the
    scores k wide (Mixtral-style) or E wide with zeros off the choice (GPT-OSS-style)."""

    def __init__(self, wide=False):
        super().__init__()
        self.linear = nn.Linear(D, E)
        self.wide = wide

    def forward(self, x):
        logits = self.linear(x.reshape(-1, D))
        w, ids = torch.topk(torch.softmax(logits, dim=-1), K, dim=-1)
        w = w / w.sum(-1, keepdim=True)
        scores = torch.zeros_like(logits).scatter(-1, ids, w) if self.wide else w
        return logits, scores, ids


class HookedMoe(nn.Module):
    def __init__(self, gate):
        super().__init__()
        self.gate = gate

    def forward(self, x):
        self.gate(x)
        return x, None


class HookedLM(nn.Module):
    """No output_router_logits: the recorder hooks the gates (dense layer 0, MoE 1 and 2)."""

    def __init__(self, gate_type):
        super().__init__()
        torch.manual_seed(2)
        self.model = Inner([Dense(), HookedMoe(gate_type()), HookedMoe(gate_type())])

    def forward(self, input_ids):
        x = self.model.embed_tokens(input_ids)
        for layer in self.model.layers:
            x, _ = layer.mlp(x)
        return types.SimpleNamespace(logits=x)


def trace_stats(path):
    run = subprocess.run([MOE, "trace-stats", path, "--json"], capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise AssertionError(f"moe trace-stats failed ({run.returncode}): {run.stderr}")
    return json.loads(run.stdout)


def read_header(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n))


SEQUENCES = [[1, 2, 3, 4, 5], [7, 8, 9], [10, 11, 12, 13]]
SPEC = {"experts": E, "top_k": K, "weights": "softmax_topk_renorm", "routed_scaling": 1.0, "shared_experts": 0,
        "n_group": 1, "topk_group": 1}


class TestRecordTrace(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_imports_without_transformers(self):
        self.assertNotIn("transformers", sys.modules)

    def test_router_logits_model(self):
        model = RouterLogitsLM()
        texts = [[f"t{i}" for i in s] for s in SEQUENCES]
        meta, tensors = rt.record(model, SEQUENCES, SPEC, "tiny-qwen", texts=texts, labels=[0, 1, 0],
                                  label_names=["code", "prose"], keep_scores=True)
        self.assertEqual(meta["moe_layers"], [0, 2, 3])  # the dense layer 1 is skipped
        self.assertEqual(tuple(tensors["expert_ids"].shape), (3, 12, K))
        # The recorded choice is the top-k of the softmax of what the model returned.
        out = model(torch.tensor([SEQUENCES[0]]), output_router_logits=True)
        p = torch.softmax(out.router_logits[1], dim=-1)
        top = torch.topk(p, K, dim=-1)
        self.assertTrue(torch.equal(tensors["expert_ids"][1, :5].long(), top.indices))
        self.assertTrue(torch.allclose(tensors["weights"][1, :5], top.values / top.values.sum(-1, keepdim=True)))
        path = self.path("tiny.safetensors")
        rt.write_trace(path, meta, tensors)
        stats = trace_stats(path)
        self.assertEqual(stats["tokens"], 12)
        self.assertEqual(stats["sequences"], 3)
        self.assertEqual(stats["labelled_tokens"], 12)
        self.assertTrue(stats["has_text"] and stats["has_scores"])
        self.assertEqual([l["layer"] for l in stats["layers"]], [0, 2, 3])
        counts = torch.bincount(tensors["expert_ids"][0].long().flatten(), minlength=E)
        self.assertEqual(stats["layers"][0]["expert_count"], counts.tolist())
        self.assertAlmostEqual(stats["layers"][0]["mean_weight_sum"], 1.0, places=5)
        self.assertEqual(len(stats["consistency"]), 2)

    def test_hooked_sigmoid_model_with_groups(self):
        model = HookedLM(SigmoidGate)
        spec = dict(SPEC, weights="sigmoid_bias", routed_scaling=2.5, n_group=4, topk_group=2)
        meta, tensors = rt.record(model, SEQUENCES, spec, "tiny-deepseek", keep_scores=True)
        self.assertEqual(meta["moe_layers"], [1, 2])
        self.assertIn("gate hooks", meta["source"])
        ids = tensors["expert_ids"].long()
        # Group-limited: a token's experts lie in at most topk_group of the 4 groups of 2.
        groups = (ids // 2).tolist()
        self.assertTrue(all(len(set(g)) <= 2 for layer in groups for g in layer))
        self.assertTrue(torch.allclose(tensors["weights"].sum(-1), torch.full((2, 12), 2.5)))
        path = self.path("sigmoid.safetensors")
        rt.write_trace(path, meta, tensors)
        stats = trace_stats(path)
        self.assertEqual(stats["meta"]["weights"], "sigmoid_bias")
        self.assertAlmostEqual(stats["meta"]["routed_scaling"], 2.5)
        self.assertAlmostEqual(stats["layers"][1]["mean_weight_sum"], 2.5, places=5)

    def test_gate_that_returns_its_choice(self):
        meta, tensors = rt.record(HookedLM(ChoiceGate), SEQUENCES, SPEC, "tiny-choice")
        self.assertEqual(tuple(tensors["weights"].shape), (2, 12, K))
        path = self.path("choice.safetensors")
        rt.write_trace(path, meta, tensors)
        header = read_header(path)
        self.assertEqual(header["expert_ids"]["dtype"], "I16")
        self.assertEqual(header["weights"]["dtype"], "F32")
        self.assertNotIn("scores", header)
        self.assertEqual(trace_stats(path)["tokens"], 12)
        with self.assertRaises(rt.RecordError):
            rt.record(HookedLM(ChoiceGate), SEQUENCES, SPEC, "x", keep_scores=True)

    def test_gate_that_returns_logits_scores_and_indices(self):
        for wide in (False, True):
            with self.subTest(wide=wide):
                model = HookedLM(lambda: TripleGate(wide))
                meta, tensors = rt.record(model, SEQUENCES, SPEC, "tiny-triple", keep_scores=True)
                ids, weights = tensors["expert_ids"], tensors["weights"]
                self.assertEqual(tuple(ids.shape), (2, 12, K))
                # The gate's own weights, not its logits: renormalised, so each token's sum 1.
                self.assertTrue(torch.allclose(weights.sum(-1), torch.ones(2, 12), atol=1e-5))
                # And the kept logits give the same choice by the recipe.
                scores = tensors["scores"].reshape(2 * 12, E)
                again, w = rt.routing_from_logits(scores, "softmax_topk_renorm", K)
                self.assertTrue(torch.equal(again.sort(-1).values, ids.reshape(-1, K).long().sort(-1).values))
                self.assertTrue(torch.allclose(w.sort(-1).values, weights.reshape(-1, K).sort(-1).values, atol=1e-5))
                path = self.path(f"triple-{wide}.safetensors")
                rt.write_trace(path, meta, tensors)
                stats = trace_stats(path)
                self.assertEqual(stats["tokens"], 12)
                self.assertAlmostEqual(stats["layers"][0]["mean_weight_sum"], 1.0, places=5)

    def test_recipes_on_the_golden_logits(self):
        # moe-spec section 3's 4 x 4 logits; softmax top-2 picks (3,1) (1,0) (2,3) (3,2).
        logits = torch.tensor([[.11, .2, .1, .3], [.3, .4, .11, .1], [.11, .1, .6, .5], [.1, .11, .7, .8]])
        ids, w = rt.routing_from_logits(logits, "softmax_topk_renorm", 2)
        self.assertEqual(ids.tolist(), [[3, 1], [1, 0], [2, 3], [3, 2]])
        self.assertTrue(torch.allclose(w.sum(-1), torch.ones(4)))
        _, raw = rt.routing_from_logits(logits, "softmax_topk", 2)
        p = torch.softmax(logits, -1)
        self.assertAlmostEqual(raw[0, 0].item(), p[0, 3].item(), places=6)
        _, ts = rt.routing_from_logits(logits, "topk_softmax", 2)
        self.assertAlmostEqual(ts[0, 0].item(), torch.softmax(torch.tensor([.3, .2]), -1)[0].item(), places=6)
        bias = torch.tensor([0.0, 0.0, 0.0, -1.0])
        ids, sw = rt.routing_from_logits(logits, "sigmoid_bias", 2, bias=bias, routed_scaling=2.0)
        self.assertNotIn(3, ids[3].tolist())  # the bias steers expert 3 out
        self.assertTrue(torch.allclose(sw.sum(-1), torch.full((4,), 2.0)))

    def test_router_spec_from_configs(self):
        mixtral = types.SimpleNamespace(model_type="mixtral", num_local_experts=8, num_experts_per_tok=2)
        self.assertEqual(rt.router_spec(mixtral)["weights"], "softmax_topk_renorm")
        olmoe = types.SimpleNamespace(model_type="olmoe", num_experts=64, num_experts_per_tok=8, norm_topk_prob=False)
        self.assertEqual(rt.router_spec(olmoe)["weights"], "softmax_topk")
        qwen3 = types.SimpleNamespace(model_type="qwen3_moe", num_experts=128, num_experts_per_tok=8,
                                      norm_topk_prob=True)
        self.assertEqual(rt.router_spec(qwen3)["weights"], "softmax_topk_renorm")
        v3 = types.SimpleNamespace(model_type="deepseek_v3", n_routed_experts=256, num_experts_per_tok=8,
                                   routed_scaling_factor=2.5, n_shared_experts=1, n_group=8, topk_group=4)
        spec = rt.router_spec(v3)
        self.assertEqual((spec["weights"], spec["routed_scaling"], spec["shared_experts"], spec["n_group"]),
                         ("sigmoid_bias", 2.5, 1, 8))
        with self.assertRaises(rt.RecordError):
            rt.router_spec(types.SimpleNamespace(model_type="mystery", num_experts=4, num_experts_per_tok=1))
        self.assertEqual(rt.router_spec(types.SimpleNamespace(model_type="mystery", num_experts=4,
                                                              num_experts_per_tok=1), "topk_softmax")["experts"], 4)

    def test_reads_text_and_jsonl(self):
        plain = self.path("a.txt")
        with open(plain, "w") as f:
            f.write("first line\n\nsecond\n")
        self.assertEqual(rt.read_sequences(plain), (["first line", "second"], None))
        jsonl = self.path("a.jsonl")
        with open(jsonl, "w") as f:
            f.write('{"text": "def f():", "label": "code"}\n{"text": "The cat"}\n')
        self.assertEqual(rt.read_sequences(jsonl), (["def f():", "The cat"], ["code", None]))

    def test_main_without_transformers_says_so(self):
        if importlib.util.find_spec("transformers") is not None:
            self.skipTest("transformers is installed")
        run = subprocess.run([sys.executable, SCRIPT, "some/model", "x.txt", "-o", self.path("o.safetensors")],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 2)
        self.assertIn("needs torch and transformers", run.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])

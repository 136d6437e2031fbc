"""The PyTorch worker: the same workloads as bench/tg_bench.ts, written as a PyTorch user writes them.

bench/run.ts starts it with /usr/bin/python3, OpenBLAS first on LD_LIBRARY_PATH, and one JSON
argument (--config) holding the sizes and repetition plans from bench/harness.ts. It speaks the
same line protocol: `@@<kind> <json>` per event on stdout. `measure` mirrors harness.ts.
"""

import json
import math
import os
import resource
import sys
import time


def emit(kind, payload):
    sys.stdout.write("@@%s %s\n" % (kind, json.dumps(payload)))
    sys.stdout.flush()


try:
    import torch
    import torch.nn.functional as F
except Exception as e:  # any import failure means this side is skipped, never that the run fails
    emit("unavailable", {"reason": "cannot import torch: %s: %s" % (type(e).__name__, e)})
    sys.exit(0)

def now_ms():
    return time.perf_counter() * 1000.0


def measure(fn, p):
    calls, last = 0, 0.0
    w0 = now_ms()
    while calls < p["warmup"] or now_ms() - w0 < p["warmupMs"]:
        t = now_ms()
        fn()
        last = now_ms() - t
        calls += 1
    inner = max(1, math.ceil(p["minSampleMs"] / max(last, 1e-3)))
    samples = []
    s0 = now_ms()
    while len(samples) < p["samples"]:
        t = now_ms()
        for _ in range(inner):
            fn()
        samples.append((now_ms() - t) / inner)
        if len(samples) >= p["minSamples"] and now_ms() - s0 >= p["budgetMs"]:
            break
    return samples


def guarded(fig_id, body):
    try:
        body()
    except Exception as e:
        emit("error", {"id": fig_id, "message": "%s: %s" % (type(e).__name__, e)})


def wave(n, seed, scale=1.0, shape=None):
    """harness.ts waveData: scale * sin(0.37 i + seed), computed in float64, rounded to float32."""
    t = torch.arange(n, dtype=torch.float64).mul_(0.37).add_(seed).sin_().mul_(scale).float()
    return t.view(*shape) if shape else t


def mlp(c):
    x = wave(c["batch"] * c["inF"], 1, shape=(c["batch"], c["inF"]))
    y = wave(c["batch"] * c["outF"], 2, 0.5, shape=(c["batch"], c["outF"]))
    params = [
        wave(c["inF"] * c["hidden"], 3, 1 / math.sqrt(c["inF"]), shape=(c["inF"], c["hidden"])),
        wave(c["hidden"], 4, 0.1),
        wave(c["hidden"] * c["outF"], 5, 1 / math.sqrt(c["hidden"]), shape=(c["hidden"], c["outF"])),
        wave(c["outF"], 6, 0.1),
    ]
    for p in params:
        p.requires_grad_()
    w1, b1, w2, b2 = params
    lr = c["lr"]

    def step():
        h = x.matmul(w1).add(b1).relu()
        loss = F.mse_loss(h.matmul(w2).add(b2), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad.mul(lr))
                p.grad = None
        return loss.item()

    return step


def chain(x, ops):
    y = x
    for i in range(ops):
        y = y.mul(0.999) if i % 2 == 0 else y.add(0.001)
    return y


def chain_backward(ops):
    x = wave(4, 7).requires_grad_()

    def run():
        x.grad = None
        chain(x, ops).sum().backward()

    def check():
        run()
        return x.grad.sum().item()

    return run, check


def blas_in_use():
    """Which BLAS the process mapped, read from /proc/self/maps (the dynamic loader's choice)."""
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() or "mkl" in line.lower()})
    libs = [l for l in libs if l.startswith("/")]
    if any("openblas" in l for l in libs):
        kind = "OpenBLAS"
    elif any("mkl" in l for l in libs):
        kind = "MKL"
    elif any("libblas" in l for l in libs):
        kind = "reference BLAS"
    else:
        return "no BLAS library mapped"
    dirs = sorted({os.path.dirname(l) for l in libs})
    return "%s (%s from %s)" % (kind, ", ".join(os.path.basename(l) for l in libs), ", ".join(dirs))


def time_workloads(cfg, only):
    P = cfg["plan"]
    if "W1" in only:
        for n in cfg["matmulSizes"]:

            def w1(n=n):
                a = wave(n * n, 11, shape=(n, n))
                b = wave(n * n, 12, shape=(n, n))
                check = a.matmul(b).square().sum().item()
                emit("fig", {"id": "W1.%d" % n, "ms": measure(lambda: a.matmul(b), P["default"]), "check": check})

            guarded("W1.%d" % n, w1)
    if "W2" in only:

        def w2():
            probe = mlp(cfg["mlp"])
            probe()
            check = probe()
            emit("fig", {"id": "W2", "ms": measure(mlp(cfg["mlp"]), P["default"]), "check": check})

        guarded("W2", w2)
    if "W3" in only:
        data = wave(cfg["pointwiseN"], 13)

        def w3_fwd():
            x = data.clone()
            f = lambda: x.mul(x).add(x).exp().sum()
            emit("fig", {"id": "W3.fwd", "ms": measure(f, P["default"]), "check": f().item()})

        def w3_fwdbwd():
            x = data.clone().requires_grad_()

            def f():
                x.grad = None
                x.mul(x).add(x).exp().sum().backward()

            f()
            check = x.grad.sum().item()
            emit("fig", {"id": "W3.fwdbwd", "ms": measure(f, P["default"]), "check": check})

        guarded("W3.fwd", w3_fwd)
        guarded("W3.fwdbwd", w3_fwdbwd)
    if "W4" in only:

        def w4():
            run, check = chain_backward(cfg["overheadOps"])
            emit("fig", {"id": "W4", "ms": measure(run, P["default"]), "check": check()})

        guarded("W4", w4)
    if "W5" in only:

        def w5():
            run, check = chain_backward(cfg["chainOps"])
            emit("fig", {"id": "W5", "ms": measure(run, P["heavy"]), "check": check()})

        guarded("W5", w5)
    if "W7" in only:
        per_sample(cfg["mlp"], P["default"])
    if "W8" in only:
        for n in cfg["largeSizes"]:
            for op in ("ones", "arange", "rand", "randn", "print", "sum"):
                guarded("W8.%s.%d" % (op, n), lambda op=op, n=n: large(op, n, P["heavy"] if n > 1e7 else P["default"]))
    if "W9" in only:

        def w9():
            probe = charlm(cfg["charlm"])
            probe()
            check = probe()
            emit("fig", {"id": "W9", "ms": measure(charlm(cfg["charlm"]), P["default"]), "check": check})

        guarded("W9", w9)
    if "W10" in only:

        def w10():
            probe = cnn_step(cfg["cnn"])
            probe()
            check = probe()
            emit("fig", {"id": "W10", "ms": measure(cnn_step(cfg["cnn"]), P["default"]), "check": check})

        guarded("W10", w10)


def per_sample(c, plan):
    """W7: per-sample gradients of the MLP's loss (tg_bench.ts's perSample), functorch and a loop."""
    import functorch as ft

    x = wave(c["batch"] * c["inF"], 1, shape=(c["batch"], c["inF"]))
    y = torch.tensor([i % c["outF"] for i in range(c["batch"])])
    params = {
        "w1": wave(c["inF"] * c["hidden"], 3, 1 / math.sqrt(c["inF"]), shape=(c["inF"], c["hidden"])),
        "b1": wave(c["hidden"], 4, 0.1),
        "w2": wave(c["hidden"] * c["outF"], 5, 1 / math.sqrt(c["hidden"]), shape=(c["hidden"], c["outF"])),
        "b2": wave(c["outF"], 6, 0.1),
    }

    def loss(p, xi, yi):
        h = xi.unsqueeze(0).matmul(p["w1"]).add(p["b1"]).relu()
        return F.cross_entropy(h.matmul(p["w2"]).add(p["b2"]), yi.unsqueeze(0))

    def total(g):
        return sum(t.sum().item() for t in g.values())

    per_sample_grads = ft.vmap(ft.grad(loss), in_dims=(None, 0, 0))

    def w7_vmap():
        run = lambda: per_sample_grads(params, x, y)  # noqa: E731
        emit("fig", {"id": "W7.vmap", "ms": measure(run, plan), "check": total(run())})

    def w7_loop():
        grad = ft.grad(loss)
        run = lambda: [grad(params, x[i], y[i]) for i in range(c["batch"])]  # noqa: E731
        emit("fig", {"id": "W7.loop", "ms": measure(run, plan), "check": sum(total(g) for g in run())})

    guarded("W7.vmap", w7_vmap)
    guarded("W7.loop", w7_loop)


def large(op, n, plan):
    """W8: one operation on n elements (tg_bench.ts's `large`)."""
    torch.manual_seed(0)
    if op in ("print", "sum"):
        x = torch.randn(n)
        if op == "print":
            ms = measure(lambda: str(x), plan)
            check = len(str(x))
        else:
            ms = measure(lambda: x.sum(), plan)
            check = x.sum().item()
    else:
        make = {
            "ones": lambda: torch.ones(n),
            "arange": lambda: torch.arange(n),
            "rand": lambda: torch.rand(n),
            "randn": lambda: torch.randn(n),
        }[op]
        first = make()
        check = (first[n - 1] if op in ("ones", "arange") else first[0]).item()
        del first
        ms = measure(lambda: make(), plan)
    emit("fig", {"id": "W8.%s.%d" % (op, n), "ms": ms, "check": check})


def rss_now_mib():
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def memory_workload(cfg):
    def w6():
        step = mlp(cfg["mlp"])
        base = rss_now_mib()
        loss = 0.0
        for _ in range(cfg["rssSteps"]):
            loss = step()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        emit("fig", {"id": "W6.peak", "mib": [peak], "check": loss})
        emit("fig", {"id": "W6.growth", "mib": [peak - base]})

    guarded("W6.peak", w6)


def charlm(c):
    """W9: one training step of examples/charlm's model (charlm_torch.py's CharLM), from manual_seed(0)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "charlm"))
    from charlm_torch import CharLM

    i = torch.arange(c["batch"] * c["context"], dtype=torch.int64)
    x = ((31 * i + 7) % c["vocab"]).view(c["batch"], c["context"])
    y = ((17 * i + 5) % c["vocab"]).view(c["batch"], c["context"])
    torch.manual_seed(0)
    model = CharLM(c["vocab"], c["context"], c["embed"], c["heads"], c["layers"])
    opt = torch.optim.AdamW(model.parameters(), lr=c["lr"])

    def step():
        opt.zero_grad()
        loss = model.loss(x, y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def cnn_step(c):
    """W10: one training step of examples/train's MNIST CNN (mnist_torch.py's cnn), from manual_seed(0)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "train"))
    from mnist_torch import cnn

    x = wave(c["batch"] * 784, 1, shape=(c["batch"], 1, 28, 28))
    y = torch.arange(c["batch"], dtype=torch.int64) % 10
    torch.manual_seed(0)
    model = cnn()
    opt = torch.optim.Adam(model.parameters(), lr=c["lr"])

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    cfg = json.loads(sys.argv[sys.argv.index("--config") + 1])
    torch.set_num_threads(cfg["torchThreads"])
    emit(
        "info",
        {
            "version": "PyTorch %s, Python %s, %d threads" % (torch.__version__, sys.version.split()[0], torch.get_num_threads()),
            "blas": blas_in_use(),
        },
    )
    if cfg["rss"]:
        memory_workload(cfg)
    else:
        time_workloads(cfg, set(cfg["only"]))


main()

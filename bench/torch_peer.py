#!/usr/bin/python3
"""torch_peer.py: the speed peer. The same model (tests/torch_reference.py's
JointModel, whose loss and gradients match the C code), the same data (the
file `jointner-bench train --dump-data` wrote), batch 32 reshuffled every
epoch, Adam, clipping to norm 5; whole epochs timed after a warm-up epoch.

  torch_peer.py DATA.bin --model ner|joint|pretrain --attention A
                [--epochs 2] [--warmup 1] [--threads 1]
Prints one key=value line like jointner-bench train.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from torch_reference import ATT_NAMES, JointModel, read_arrays  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--model", default="ner")
    ap.add_argument("--attention", default="none")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = read_arrays(a.data)
    K = int(d["K"].item()) if a.model != "pretrain" else 0
    C = int(d["C"].item()) if a.model != "ner" else 0
    emb = d["emb"]
    start, ids, tags, labels = d["start"], d["ids"], d["tags"], d["labels"]
    n = start.numel() - 1
    model = JointModel(emb.shape[1], 256, K, C, ATT_NAMES[a.attention], heads=8,
                       tag_start=int(d["tag_start"].item()), tag_stop=int(d["tag_stop"].item()))
    for p in model.parameters():  # the paper's init
        torch.nn.init.uniform_(p, -0.1, 0.1)
    if K:
        with torch.no_grad():
            model.trans[model.tag_start, :] = -10000.0
            model.trans[:, model.tag_stop] = -10000.0
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    lens_all = (start[1:] - start[:-1])
    seconds, sentences, steps, flops_steps = 0.0, 0, 0, 0
    for ep in range(a.warmup + a.epochs):
        order = torch.randperm(n)
        t0 = time.perf_counter()
        for first in range(0, n, a.batch):
            sel = order[first:first + a.batch]
            lengths = lens_all[sel]
            B, T = sel.numel(), int(lengths.max())
            bid = torch.zeros(T, B, dtype=torch.long)
            btag = torch.zeros(T, B, dtype=torch.long)
            for b, s in enumerate(sel.tolist()):
                lo, hi = int(start[s]), int(start[s + 1])
                bid[:hi - lo, b] = ids[lo:hi]
                btag[:hi - lo, b] = tags[lo:hi]
            masks = model.draw_masks(T, B, lengths, torch.float32)
            opt.zero_grad()
            total, _, _ = model(emb, bid, lengths, btag, labels[sel], masks)
            total.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            steps += 1 if ep >= a.warmup else 0
        dt = time.perf_counter() - t0
        if ep >= a.warmup:
            seconds += dt
            sentences += n
    print(f"impl=torch model={a.model} attention={a.attention} torch_threads={a.threads} "
          f"openblas_threads={os.environ.get('OPENBLAS_NUM_THREADS', '?')} sentences={n} "
          f"epochs={a.epochs} sent_per_s={sentences / seconds:.1f} step_ms={1e3 * seconds / steps:.2f}")


if __name__ == "__main__":
    main()

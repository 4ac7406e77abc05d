#!/usr/bin/python3
"""torch_reference.py: the jointner model written in PyTorch (Flair 0.4.4
style: nn.LSTM over pack_padded_sequence, Flair's CRF _forward_alg and
_score_sentence), used two ways:

  * as a correctness reference: `torch_reference.py DUMP` reads what
    `jointner-bench dump` wrote (weights, batch, the dropout masks the C side
    drew, the C loss and gradients), recomputes the training loss in float64
    with the same masks and compares the loss and every parameter gradient.
    Exit 0 if every max relative error is below --tol (default 1e-3).
  * as the model of the speed peer (bench/torch_peer.py imports JointModel).

Shapes are time-major like the C code: ids [T][B], masks as the C side's.
"""
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

ATT_NONE, ATT_SOFT, ATT_SELF_SCALED, ATT_SELF_UNSCALED, ATT_SELF_LEARNED = range(5)
ATT_NAMES = {"none": 0, "soft": 1, "self-scaled": 2, "self-unscaled": 3, "self-learned": 4}


def read_arrays(path):
    """The named-array file of jointner-bench ('JNB1' then name/type/dims/data)."""
    import numpy as np
    out = {}
    with open(path, "rb") as f:
        if f.read(4) != b"JNB1":
            raise SystemExit(f"{path}: not a JNB1 file")
        while True:
            head = f.read(53)
            if not head:
                break
            name = head[:48].rstrip(b"\0").decode()
            typ = chr(head[48])
            ndim = struct.unpack("<i", head[49:53])[0]
            dims = struct.unpack(f"<{ndim}i", f.read(4 * ndim))
            n = 1
            for d in dims:
                n *= d
            dt = np.float32 if typ == "f" else np.int32
            a = np.frombuffer(f.read(4 * n), dtype=dt).reshape(dims)
            out[name] = torch.from_numpy(a.copy())
    return out


class JointModel(nn.Module):
    """Word dropout, locked dropout, W1, BiLSTM, locked dropout, attention
    (+ residual), CRF head and max-pool sentence head, as DESIGN.md sec. 1."""

    def __init__(self, E, H, K, C, attention, heads=8, soft_dim=None, residual=True,
                 tag_start=None, tag_stop=None, lam=1.0, word_dropout=0.05,
                 locked_dropout=0.5, attn_locked_dropout=0.5, attn_prob_dropout=0.1):
        super().__init__()
        D = 2 * H
        self.E, self.H, self.D, self.K, self.C = E, H, D, K, C
        self.attention, self.heads, self.residual = attention, heads, residual
        self.tag_start, self.tag_stop, self.lam = tag_start, tag_stop, lam
        self.p_word, self.p_locked = word_dropout, locked_dropout
        self.p_att_locked, self.p_prob = attn_locked_dropout, attn_prob_dropout
        self.W1 = nn.Linear(E, E)
        self.lstm = nn.LSTM(E, H, bidirectional=True)
        if attention == ATT_SOFT:
            S = soft_dim or D
            self.W3 = nn.Linear(D, S)
            self.w2 = nn.Linear(S, 1)
        elif attention != ATT_NONE:
            self.Wq, self.Wk, self.Wv, self.Wo = (nn.Linear(D, D) for _ in range(4))
            if attention == ATT_SELF_LEARNED:
                self.w4 = nn.Linear(D, 1)
        if K:
            self.tag = nn.Linear(D, K)
            self.trans = nn.Parameter(torch.zeros(K, K))  # [to][from]
        if C:
            self.cls = nn.Linear(D, C)

    # name in the C dump -> tensor here
    def c_names(self):
        m = {"W1": self.W1.weight, "b1": self.W1.bias}
        for d, sfx in (("fw", ""), ("bw", "_reverse")):
            m[f"lstm_{d}_Wih"] = getattr(self.lstm, "weight_ih_l0" + sfx)
            m[f"lstm_{d}_Whh"] = getattr(self.lstm, "weight_hh_l0" + sfx)
            m[f"lstm_{d}_bih"] = getattr(self.lstm, "bias_ih_l0" + sfx)
            m[f"lstm_{d}_bhh"] = getattr(self.lstm, "bias_hh_l0" + sfx)
        if self.attention == ATT_SOFT:
            m.update({"soft_W3": self.W3.weight, "soft_b3": self.W3.bias,
                      "soft_w2": self.w2.weight, "soft_b2": self.w2.bias})
        elif self.attention != ATT_NONE:
            for n, lin in (("q", self.Wq), ("k", self.Wk), ("v", self.Wv), ("o", self.Wo)):
                m[f"self_W{n}"], m[f"self_b{n}"] = lin.weight, lin.bias
            if self.attention == ATT_SELF_LEARNED:
                m["self_w4"], m["self_b4"] = self.w4.weight, self.w4.bias
        if self.K:
            m.update({"tag_W": self.tag.weight, "tag_b": self.tag.bias, "crf_transitions": self.trans})
        if self.C:
            m.update({"cls_W": self.cls.weight, "cls_b": self.cls.bias})
        return m

    def draw_masks(self, T, B, lengths, dtype):
        """Training-mode masks (PyTorch's RNG), in the C side's shapes."""
        mask = (torch.arange(T)[:, None] < lengths[None, :]).to(dtype)
        word = mask * torch.bernoulli(torch.full((T, B), 1 - self.p_word, dtype=dtype))

        def locked(p, F_):
            if p <= 0:
                return torch.ones(B, F_, dtype=dtype)
            return torch.bernoulli(torch.full((B, F_), 1 - p, dtype=dtype)) / (1 - p)
        m = {"word": word, "emb": locked(self.p_locked, self.E),
             "lstm": locked(self.p_locked, self.D), "att": locked(self.p_att_locked, self.D)}
        if self.attention >= ATT_SELF_SCALED and self.p_prob > 0:
            m["prob"] = torch.bernoulli(torch.full((B, self.heads, T, T), 1 - self.p_prob,
                                                   dtype=dtype)) / (1 - self.p_prob)
        return m

    def attend(self, Hd, lengths, masks):
        T, B, D = Hd.shape
        valid = torch.arange(T)[:, None] < lengths[None, :]  # [T][B]
        if self.attention == ATT_SOFT:
            g = torch.tanh(self.W3(Hd))
            a = torch.sigmoid(self.w2(g)).squeeze(-1) * valid  # [T][B]
            a = a / a.sum(0, keepdim=True)
            return Hd * a[:, :, None]
        nh, dk = self.heads, D // self.heads
        x = Hd.transpose(0, 1)  # [B][T][D]
        q, k, v = (lin(x).view(B, T, nh, dk).transpose(1, 2) for lin in (self.Wq, self.Wk, self.Wv))
        scores = q @ k.transpose(-1, -2)  # [B][nh][T][T]
        cap = (D / nh) ** 0.5
        if self.attention == ATT_SELF_SCALED:
            scores = scores / cap
        elif self.attention == ATT_SELF_LEARNED:
            delta = torch.clamp(F.relu(self.w4(x)), max=cap) + 1  # [B][T][1]
            scores = scores / delta[:, None, :, :]
        key_pad = ~valid.transpose(0, 1)  # [B][T]
        scores = scores.masked_fill(key_pad[:, None, None, :], float("-inf"))
        p = torch.softmax(scores, dim=-1)
        if "prob" in masks:
            p = p * masks["prob"]
        ctx = (p @ v).transpose(1, 2).reshape(B, T, D)
        out = self.Wo(ctx).transpose(0, 1)  # [T][B][D]
        return out * valid[:, :, None]

    def crf_nll(self, feats, tags, lengths):
        """Flair 0.4.4 _forward_alg minus _score_sentence, mean over the batch."""
        T, B, K = feats.shape
        trans = self.trans
        alpha = torch.full((B, K), -10000.0, dtype=feats.dtype)
        alpha[:, self.tag_start] = 0.0
        final = torch.zeros(B, K, dtype=feats.dtype)
        for t in range(T):
            # tag_var[b][j][i] = feats[t][b][j] + trans[j][i] + alpha[b][i]
            nxt = feats[t] + torch.logsumexp(trans[None] + alpha[:, None, :], dim=2)
            ended = (lengths == t + 1)
            final = torch.where(ended[:, None], nxt, final)
            alpha = nxt
        logZ = torch.logsumexp(final + trans[self.tag_stop][None], dim=1)
        start = torch.full((1, B), self.tag_start, dtype=torch.long)
        y = torch.cat([start, tags.long()], 0)  # [T+1][B]
        steps = torch.arange(T)[:, None] < lengths[None, :]
        emit = feats.gather(2, tags.long().clamp(min=0)[:, :, None]).squeeze(2)
        tr = trans[y[1:], y[:-1]]
        gold = ((emit + tr) * steps).sum(0)
        last = y.gather(0, lengths.long()[None, :]).squeeze(0)
        gold = gold + trans[self.tag_stop, last]
        return (logZ - gold).mean()

    def forward(self, emb, ids, lengths, tags, labels, masks):
        """Training loss (total, ner, sentence) with the given masks."""
        T, B = ids.shape
        x0 = emb[ids.long()] * masks["word"][:, :, None] * masks["emb"][None]
        x1 = self.W1(x0)
        packed = nn.utils.rnn.pack_padded_sequence(x1, lengths.cpu(), enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, total_length=T)
        hd = h * masks["lstm"][None]
        if self.attention == ATT_NONE:
            hp = hd
        else:
            a = self.attend(hd, lengths, masks)
            # H + LockedDropout(A(H)); w/o residual: A(H), no dropout
            hp = hd + a * masks["att"][None] if self.residual else a
        zero = hp.new_zeros(())
        ner = self.crf_nll(self.tag(hp), tags, lengths) if self.K else zero
        sent = zero
        if self.C:
            valid = torch.arange(T)[:, None] < lengths[None, :]
            pooled = hp.masked_fill(~valid[:, :, None], float("-inf")).max(0).values
            sent = F.cross_entropy(self.cls(pooled), labels.long())
        return ner + self.lam * sent, ner, sent


def compare(path, tol):
    a = read_arrays(path)
    i = lambda k: int(a[k].item())
    model = JointModel(i("E"), i("H"), i("K"), i("C"), i("attention"), heads=i("heads"),
                       residual=bool(i("residual")), tag_start=i("tag_start"),
                       tag_stop=i("tag_stop"), lam=float(a["lambda"].item())).double()
    names = model.c_names()
    with torch.no_grad():
        for n, p in names.items():
            p.copy_(a["param." + n].double().view_as(p))
    masks = {k[5:]: v.double() for k, v in a.items() if k.startswith("mask.")}
    emb = a["emb"].double()
    total, ner, sent = model(emb, a["ids"], a["lengths"], a["tags"], a["labels"], masks)
    total.backward()
    what = f"{path}: attention {i('attention')}, K={i('K')}, C={i('C')}, dropout={i('dropout')}"
    print(what)
    worst = 0.0
    rows = [("loss.total", a["loss.total"].double(), total.detach()),
            ("loss.ner", a["loss.ner"].double(), ner.detach()),
            ("loss.sentence", a["loss.sentence"].double(), sent.detach())]
    for n, p in names.items():
        rows.append(("grad." + n, a["grad." + n].double().view_as(p), p.grad))
    gmax = max(r[2].abs().max().item() for r in rows[3:])
    for name, c, ref in rows:
        scale = ref.abs().max().item()
        err = (c - ref).abs().max().item()
        # a gradient that is exactly 0 in real arithmetic (self_bk: softmax
        # ignores a shift shared by all keys) is judged against 1e-4 of the
        # largest gradient of the model instead
        rel = err / max(scale, 1e-4 * gmax)
        worst = max(worst, rel)
        print(f"  {name:24s} max|C - torch| = {err:.3e}  max|torch| = {scale:.3e}  rel = {rel:.2e}")
    ok = worst <= tol
    print(f"  worst relative error {worst:.2e} ({'ok' if ok else 'FAIL'}, tolerance {tol:g})")
    return ok


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("dumps", nargs="+")
    ap.add_argument("--tol", type=float, default=1e-3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    ok = all([compare(p, args.tol) for p in args.dumps])
    sys.exit(0 if ok else 1)

// The discrete and relaxed families on the wasm backend (the default): the samplers' output and the log-densities
// against the same float64 references and error budgets as the cpu tests (see each family's test file for their
// derivation), on small fixed grids. wasm's Log1p kernel is inaccurate for small arguments and its sigmoid
// flushes subnormals to 0; the families route around both (log1p from ./math, softplus-based logs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import betaln from "@stdlib/math-base-special-betaln";
import poissonLogpmf from "@stdlib/stats-base-dists-poisson-logpmf";
import {
  Binomial,
  Categorical,
  ContinuousBernoulli,
  Geometric,
  NegativeBinomial,
  OneHotCategorical,
  Poisson,
  RelaxedBernoulli,
  RelaxedOneHotCategorical,
  currentBackend,
  kl,
  tf,
  useBackend,
} from "latent";
import { EPS32, valuesOf } from "../helpers.js";
import { logSigmoid64 } from "./discrete-helpers.js";

beforeAll(async () => {
  await useBackend("wasm");
});
afterAll(async () => {
  await useBackend("cpu");
});

const check = (got: number[], ref: number[], tol: (r: number, i: number) => number) =>
  got.forEach((g, i) => {
    if (!(Math.abs(g - ref[i]!) <= tol(ref[i]!, i))) throw new Error(`#${i}: got ${g}, reference ${ref[i]}, tolerance ${tol(ref[i]!, i)}`);
  });

describe("discrete and relaxed families on the wasm backend", () => {
  it("runs on wasm", () => {
    expect(currentBackend()).toBe("wasm");
  });

  it("count log-masses match float64 (Binomial, Poisson, Geometric, NegativeBinomial)", () => {
    const n = [10, 1000, 1e6, 5, 200];
    const l = [0.3, -2, 0.1, 12, -25];
    const k = [3, 100, 525_000, 5, 0];
    const got = valuesOf(Binomial({ totalCount: n, logits: l }).logProb(tf.tensor(k)));
    const ref = k.map((kk, i) => {
      const lp = logSigmoid64(l[i]!);
      const lq = logSigmoid64(-l[i]!);
      return -Math.log1p(n[i]!) - betaln(kk + 1, n[i]! - kk + 1) + (kk === 0 ? 0 : kk * lp) + (n[i]! - kk === 0 ? 0 : (n[i]! - kk) * lq);
    });
    // the Binomial budget: Loader terms (|ref| + log(n + 2) + |k − np|) or the textbook terms
    check(got, ref, (r, i) => 16 * EPS32 * (1 + Math.abs(r) + Math.log(n[i]! + 2) + Math.abs(k[i]! - n[i]! / (1 + Math.exp(-l[i]!))) + 7 * (Math.log(n[i]! + 2) + Math.abs(l[i]!))));
    const rate = [0.01, 3.5, 1e6, 40];
    const kp = [0, 2, 1_000_500, 75];
    check(valuesOf(Poisson(rate).logProb(tf.tensor(kp))), kp.map((kk, i) => poissonLogpmf(kk, rate[i]!)), (r, i) => 8 * EPS32 * (1 + Math.abs(r) + Math.log(kp[i]! + 2) + 7 * Math.abs(Math.log(rate[i]!)) + 7));
    const gl = [-60, 0, 60];
    check(valuesOf(Geometric({ logits: gl }).logProb(tf.tensor([3, 3, 3]))), gl.map((v) => logSigmoid64(v) + 3 * logSigmoid64(-v)), (r) => 6 * EPS32 * (1 + Math.abs(r)));
    const nb = valuesOf(NegativeBinomial({ totalCount: [2.5, 100], logits: [-1, 1] }).logProb(tf.tensor([3, 250])));
    const nbRef = [
      [3, 2.5, -1],
      [250, 100, 1],
    ].map(([kk, r, ll]) => -Math.log(kk!) - betaln(kk!, r!) + kk! * logSigmoid64(ll!) + r! * logSigmoid64(-ll!));
    // the textbook terms |log C(r + k, r)| + r|log(1 − p)| + k|log p| bound the budget of either branch
    const nbSize = [
      [3, 2.5, -1],
      [250, 100, 1],
    ].map(([kk, r, ll]) => 1 + Math.log(kk! + r! + 2) + Math.abs(Math.log1p(kk! + r!) + betaln(r! + 1, kk! + 1)) + r! * Math.abs(logSigmoid64(-ll!)) + kk! * Math.abs(logSigmoid64(ll!)));
    check(nb, nbRef, (_r, i) => 16 * EPS32 * nbSize[i]!);
  });

  it("samplers give draws in the support with the right means (one fixed seed, 6-sigma bounds)", () => {
    const m = (t: tf.Tensor) => valuesOf(tf.mean(t, 0));
    const N = 20_000;
    const bin = Binomial({ totalCount: [20, 5000], probs: [0.3, 0.6] }).sample([N], 11);
    const poi = Poisson([2, 500]).sample([N], 12);
    const geo = Geometric({ probs: [0.5, 0.1] }).sample([N], 13);
    const cat = Categorical({ probs: [[0.2, 0.8], [0.9, 0.1]] }).sample([N], 14);
    const means = [...m(bin), ...m(poi), ...m(geo), ...m(cat)];
    const exp = [6, 3000, 2, 500, 1, 9, 0.8, 0.1];
    const sd = [Math.sqrt(4.2), Math.sqrt(1200), Math.sqrt(2), Math.sqrt(500), Math.sqrt(2), Math.sqrt(90), 0.4, 0.3];
    check(means, exp, (_r, i) => (6 * sd[i]!) / Math.sqrt(N));
    for (const t of [bin, poi, geo, cat]) expect(valuesOf(t).every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    const oh = OneHotCategorical({ logits: [0, 1, 2] }).sample([10], 15);
    expect(valuesOf(tf.sum(oh, -1))).toEqual(new Array(10).fill(1));
  });

  it("ContinuousBernoulli and the relaxed families: densities, draws and the CB pathwise gradient", () => {
    const eta = [-30, -1.5, 0, 1e-4, 0.7, 25];
    const x = [0.01, 0.3, 0.5, 0.9, 0.99, 0.999];
    const logC = (e: number) => (Math.abs(e) < 1e-3 ? Math.log(2) + (e * e) / 12 : Math.log(Math.abs(e)) - Math.log(Math.abs(Math.tanh(e / 2))));
    check(
      valuesOf(ContinuousBernoulli({ logits: eta }).logProb(tf.tensor(x))),
      eta.map((e, i) => logC(e) + x[i]! * e + logSigmoid64(-e)),
      (_r, i) => 6 * EPS32 * (1 + Math.abs(logC(eta[i]!)) + 2 * Math.abs(eta[i]!)),
    );
    const cb = ContinuousBernoulli({ logits: eta });
    const draws = cb.rsample([200], 3);
    expect(valuesOf(draws).every((v) => v >= 0 && v <= 1)).toBe(true);
    const g = tf.tidy(() => valuesOf(tf.grad((t: tf.Tensor) => tf.sum(ContinuousBernoulli({ logits: t }).rsample([], 5)))(tf.tensor(eta))));
    const xs = valuesOf(ContinuousBernoulli({ logits: eta }).rsample([], 5));
    const oracle = xs.map((v, i) => {
      const e = eta[i]!;
      return Math.abs(e) < 1e-3 ? (v * (1 - v)) / 2 + (e * v * (1 - v) * (1 - 2 * v)) / 12 : ((Math.expm1(e * v) / Math.expm1(e)) * Math.exp(e * (1 - v)) - v) / e;
    });
    check(g, oracle, (_r, i) => 16 * EPS32 * (2 + Math.abs(eta[i]!) + 1 / Math.max(Math.abs(eta[i]!), 0.25)) + 1e-10);
    const rb = RelaxedBernoulli({ temperature: 2, logits: 0.5 });
    const rx = valuesOf(rb.rsample([500], 7));
    expect(rx.every((v) => v > 0 && v < 1)).toBe(true);
    const lp = valuesOf(rb.logProb(tf.tensor(rx.slice(0, 50))));
    lp.forEach((v, i) => {
      const y = Math.log(rx[i]!) - Math.log1p(-rx[i]!);
      const s = 2 * y - 0.5;
      const ref = Math.log(2) + logSigmoid64(s) + logSigmoid64(-s) - Math.log(rx[i]!) - Math.log1p(-rx[i]!);
      expect(Math.abs(v - ref)).toBeLessThanOrEqual(8 * EPS32 * (2 + 3 * 0.5 + 7 * (Math.abs(Math.log(rx[i]!)) + Math.abs(Math.log1p(-rx[i]!)))));
    });
    const ro = RelaxedOneHotCategorical({ temperature: 0.7, logits: [0, 1, -1] }).rsample([100], 8);
    expect(valuesOf(tf.sum(ro, -1)).every((s) => Math.abs(s - 1) <= 12 * EPS32)).toBe(true);
    expect(valuesOf(kl(Poisson(3), Poisson(3)))[0]).toBe(0);
    expect(valuesOf(kl(Geometric({ logits: -100 }), Geometric({ logits: -101 })))[0]).toBeGreaterThan(0);
    draws.dispose();
    ro.dispose();
  });
});

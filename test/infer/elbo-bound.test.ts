// ELBO ≤ log p(x) on the conjugate model z ~ N(μ0, σ0²), x_i ~ N(z, σ²), where log p(x) and
// the posterior are known in closed form.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ParamStore, RandomStream, elbo, estimateElbo, guide, latent, model, Normal, observe, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, f32, logUniform } from "../helpers.js";

interface Setup { mu0: number; s0: number; s: number; xs: number[] }

// log p(x) = log N(x; μ0·1, σ²I + σ0²·11ᵀ), by the matrix determinant lemma and Sherman–Morrison.
function logEvidence({ mu0, s0, s, xs }: Setup): number {
  const n = xs.length;
  const v = s * s;
  const r = xs.map((x) => x - mu0);
  const sum = r.reduce((a, b) => a + b, 0);
  const sq = r.reduce((a, b) => a + b * b, 0);
  const logDet = n * Math.log(v) + Math.log(1 + (n * s0 * s0) / v);
  const quad = sq / v - (s0 * s0 * sum * sum) / (v * (v + n * s0 * s0));
  return -0.5 * (n * Math.log(2 * Math.PI) + logDet + quad);
}

function posterior({ mu0, s0, s, xs }: Setup): { m: number; sd: number } {
  const prec = 1 / (s0 * s0) + xs.length / (s * s);
  const m = (mu0 / (s0 * s0) + xs.reduce((a, b) => a + b, 0) / (s * s)) / prec;
  return { m, sd: Math.sqrt(1 / prec) };
}

// Closed-form ELBO of the guide N(m, t²): E_q[log p(x|z)] + E_q[log p(z)] + H[q].
function elboExact({ mu0, s0, s, xs }: Setup, m: number, t: number): number {
  const ll = xs.reduce((a, x) => a - 0.5 * Math.log(2 * Math.PI * s * s) - ((x - m) ** 2 + t * t) / (2 * s * s), 0);
  const lp = -0.5 * Math.log(2 * Math.PI * s0 * s0) - ((m - mu0) ** 2 + t * t) / (2 * s0 * s0);
  const h = 0.5 * Math.log(2 * Math.PI * Math.E * t * t);
  return ll + lp + h;
}

const conjugate = model(function* ({ x, mu0, s0, s }: { x: tf.Tensor1D; mu0: number; s0: number; s: number }) {
  const z = yield* latent("z", Normal(mu0, s0));
  yield* observe("x", Normal(z, s).expand([x.shape[0]]), x);
});

function guideAt(m: number, t: number) {
  return guide(conjugate, function* () {
    yield* latent("z", Normal(m, t));
  });
}

const setup = fc.record({
  mu0: f32(-3, 3),
  s0: logUniform(0.3, 3),
  s: logUniform(0.3, 3),
  xs: fc.array(f32(-5, 5), { minLength: 1, maxLength: 8 }),
});

function estimates(st: Setup, m: number, t: number, n: number, seed: number, analyticKL: boolean): number[] {
  const args = { x: tf.tensor1d(st.xs), mu0: st.mu0, s0: st.s0, s: st.s };
  const ctx = { store: new ParamStore(), rng: new RandomStream(seed) };
  const g = guideAt(m, t);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(tf.tidy(() => estimateElbo(conjugate.program, g.program, args, ctx, elbo({ analyticKL })).dataSync()[0]!));
  }
  args.x.dispose();
  return out;
}

describe("ELBO ≤ log p(x) on the Normal–Normal model", () => {
  it("the closed-form ELBO of any Normal guide is ≤ log p(x), with equality at the posterior", () => {
    fc.assert(
      fc.property(setup, f32(-4, 4), logUniform(0.05, 5), (st, m, t) => {
        const lpx = logEvidence(st);
        expect(elboExact(st, m, t)).toBeLessThanOrEqual(lpx + 1e-9 * (1 + Math.abs(lpx)));
        const post = posterior(st);
        expect(Math.abs(elboExact(st, post.m, post.sd) - lpx)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(lpx)));
      }),
      FC,
    );
  });

  it("the estimator's mean is ≤ log p(x) (one-sided, 1e-6) and matches the exact ELBO (CLT, 1e-6)", () => {
    const runs = 20;
    // Two tests per run: one-sided bound and two-sided agreement, Bonferroni over 2·runs.
    const z1 = zForFailureRate(1e-6 / (2 * runs), 1);
    const z2 = zForFailureRate(1e-6 / (2 * runs));
    const n = 400;
    fc.assert(
      fc.property(setup, f32(-4, 4), logUniform(0.1, 3), fc.boolean(), fc.integer({ min: 1, max: 2 ** 30 }), (st, m, t, analytic, seed) => {
        const e = estimates(st, m, t, n, seed, analytic);
        const mean = e.reduce((a, b) => a + b, 0) / n;
        const se = Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) / n);
        const lpx = logEvidence(st);
        // float32 evaluation of each estimate: a few eps32 of the summed magnitudes (≤ 1e-4 here).
        const f32err = 64 * EPS32 * (Math.abs(lpx) + 10);
        expect(mean - z1 * se).toBeLessThanOrEqual(lpx + f32err);
        expect(Math.abs(mean - elboExact(st, m, t))).toBeLessThanOrEqual(z2 * se + f32err);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("at the exact posterior every single-particle estimate equals log p(x) (zero variance)", () => {
    fc.assert(
      fc.property(setup, fc.integer({ min: 1, max: 2 ** 30 }), (st, seed) => {
        const post = posterior(st);
        const lpx = logEvidence(st);
        const e = estimates(st, post.m, post.sd, 5, seed, false);
        // log p(x, z) − log q(z) = log p(x) for every z; float32 rounding of the ~2n + 4 terms
        // (each of size ≤ |log-density| at z, bounded by |lpx| + 50 here) is the only error.
        for (const v of e) expect(Math.abs(v - lpx)).toBeLessThanOrEqual(64 * EPS32 * (Math.abs(lpx) + 50) * (st.xs.length + 2));
      }),
      FC,
    );
  });
});

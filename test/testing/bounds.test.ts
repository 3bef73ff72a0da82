// checkBounds on conjugate models with closed-form log p(x), for random guides and data.
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { Bernoulli, Beta, Gamma, guide, latent, model, Normal, observe, Poisson, tf } from "latent";
import { logGamma } from "../../src/testing/stats/special64.js";
import { checkBounds } from "latent/testing";
import { FC, f32, logUniform } from "../helpers.js";

const LOG_2PI = Math.log(2 * Math.PI);

// log N(x; 0, C) in float64 by Cholesky, for small dense C
function logNormal0(x: number[], c: number[][]): number {
  const n = x.length;
  const l = c.map((r) => r.map(() => 0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = c[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const logDet = 2 * l.reduce((a, r, i) => a + Math.log(r[i]!), 0);
  return -0.5 * (n * LOG_2PI + logDet + y.reduce((a, v) => a + v * v, 0));
}

describe("checkBounds: ELBO ≤ IWAE_k ≤ IWAE_k' ≤ log p(x)", () => {
  it("Normal–Normal, random Normal guides and data", () => {
    fc.assert(
      fc.property(fc.array(f32(-3, 3), { minLength: 1, maxLength: 4 }), f32(-2, 2), logUniform(0.2, 2), fc.integer({ min: 0, max: 1000 }), (xs, m, s, seed) => {
        const conj = model(function* ({ x }: { x: tf.Tensor1D }) {
          const z = yield* latent("z", Normal(0, 1));
          yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
        });
        const g = guide(conj, function* () {
          yield* latent("z", Normal(m, s));
        });
        const n = xs.length;
        const cov = xs.map((_, i) => xs.map((__, j) => (i === j ? 2 : 1)));
        const x = tf.tensor1d(xs);
        checkBounds(conj, g, { x }, { logEvidence: logNormal0(xs, cov), ks: [2, 8], draws: 60, seed, alpha: 1e-6 / FC.numRuns });
        x.dispose();
        void n;
      }),
      { ...FC, numRuns: 8 },
    );
  });

  it("probabilistic PCA with known weights (z ~ N(0, I₂), x ~ N(Wz, σ²I₃))", () => {
    fc.assert(
      fc.property(
        fc.array(f32(-1.5, 1.5), { minLength: 6, maxLength: 6 }),
        fc.array(f32(-3, 3), { minLength: 3, maxLength: 3 }),
        fc.array(f32(-1, 1), { minLength: 2, maxLength: 2 }),
        logUniform(0.3, 2),
        fc.integer({ min: 0, max: 1000 }),
        (w, xs, loc, scale, seed) => {
          const sigma = 0.7;
          const W = tf.tensor2d(w, [3, 2]);
          const ppca = model(function* ({ x }: { x: tf.Tensor1D }) {
            const z = yield* latent("z", Normal(0, 1).expand([2]).toEvent(1));
            const mean = tf.squeeze(tf.matMul(W, tf.reshape(z, [2, 1])), [1]);
            yield* observe("x", Normal(mean, sigma).toEvent(1), x);
          });
          const g = guide(ppca, function* () {
            yield* latent("z", Normal(loc, [scale, scale]).toEvent(1));
          });
          // log p(x) = log N(x; 0, W Wᵀ + σ² I)
          const cov = [0, 1, 2].map((i) => [0, 1, 2].map((j) => w[2 * i]! * w[2 * j]! + w[2 * i + 1]! * w[2 * j + 1]! + (i === j ? sigma * sigma : 0)));
          const x = tf.tensor1d(xs);
          checkBounds(ppca, g, { x }, { logEvidence: logNormal0(xs, cov), ks: [2, 8], draws: 60, seed, alpha: 1e-6 / 8 });
          tf.dispose([x, W]);
        },
      ),
      { ...FC, numRuns: 8 },
    );
  });

  const lbeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

  it("Beta–Bernoulli, random Beta guides and data", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 8 }), logUniform(0.5, 4), logUniform(0.5, 4), logUniform(0.5, 6), logUniform(0.5, 6), fc.integer({ min: 0, max: 1000 }), (xs, a, b, c, d, seed) => {
        const coin = model(function* ({ x }: { x: tf.Tensor1D }) {
          const p = yield* latent("p", Beta(a, b));
          yield* observe("x", Bernoulli({ probs: p }).expand([x.shape[0]]), x);
        });
        const g = guide(coin, function* () {
          yield* latent("p", Beta(c, d));
        });
        const k = xs.reduce((s2: number, v) => s2 + v, 0);
        // log p(x) = log B(a + k, b + n − k) − log B(a, b)
        const logEvidence = lbeta(a + k, b + xs.length - k) - lbeta(a, b);
        const x = tf.tensor1d(xs);
        checkBounds(coin, g, { x }, { logEvidence, ks: [2, 4], draws: 40, seed, alpha: 1e-6 / 2 });
        x.dispose();
      }),
      { ...FC, numRuns: 2 },
    );
  });

  it("Gamma–Poisson, random Gamma guides and data", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }), logUniform(0.5, 4), logUniform(0.3, 3), logUniform(0.5, 8), logUniform(0.3, 3), fc.integer({ min: 0, max: 1000 }), (xs, a, b, c, d, seed) => {
        const counts = model(function* ({ x }: { x: tf.Tensor1D }) {
          const rate = yield* latent("rate", Gamma(a, b));
          yield* observe("x", Poisson(rate).expand([x.shape[0]]), x);
        });
        const g = guide(counts, function* () {
          yield* latent("rate", Gamma(c, d));
        });
        const n = xs.length;
        const sum = xs.reduce((s2, v) => s2 + v, 0);
        // log p(x) = a log b − log Γ(a) + log Γ(a + Σx) − (a + Σx) log(b + n) − Σ log x_i!
        const logEvidence = a * Math.log(b) - logGamma(a) + logGamma(a + sum) - (a + sum) * Math.log(b + n) - xs.reduce((s2, v) => s2 + logGamma(v + 1), 0);
        const x = tf.tensor1d(xs);
        checkBounds(counts, g, { x }, { logEvidence, ks: [2, 4], draws: 40, seed, alpha: 1e-6 / 3 });
        x.dispose();
      }),
      { ...FC, numRuns: 3 },
    );
  });

  it("equality at the exact posterior (zero variance), Normal–Normal", () => {
    fc.assert(
      fc.property(fc.array(f32(-3, 3), { minLength: 1, maxLength: 4 }), (xs) => {
        const n = xs.length;
        const conj = model(function* ({ x }: { x: tf.Tensor1D }) {
          const z = yield* latent("z", Normal(0, 1));
          yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
        });
        const sum = xs.reduce((a, b) => a + b, 0);
        const g = guide(conj, function* () {
          yield* latent("z", Normal(sum / (n + 1), Math.sqrt(1 / (n + 1))));
        });
        const cov = xs.map((_, i) => xs.map((__, j) => (i === j ? 2 : 1)));
        const x = tf.tensor1d(xs);
        checkBounds(conj, g, { x }, { logEvidence: logNormal0(xs, cov), exact: true, ks: [2, 4], draws: 30 });
        x.dispose();
      }),
      { ...FC, numRuns: 10 },
    );
  });
});

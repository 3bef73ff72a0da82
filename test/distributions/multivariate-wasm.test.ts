// The linear-algebra ops, transforms and multivariate distributions on the wasm backend (the
// default backend): fixed cases against float64 references with the budgets derived in the
// cpu test files, plus a quick sampling check. The point here is the backend's kernels.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LowRankMultivariateNormal,
  MixtureSameFamily,
  MultivariateNormal,
  Normal,
  Transformed,
  biject,
  cholesky,
  currentBackend,
  expTransform,
  kl,
  lowerCholesky,
  positiveDefinite,
  simplex,
  stickBreakingTransform,
  tf,
  triangularSolve,
  useBackend,
} from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, scalarOf, valuesOf } from "../helpers.js";

const LOG_2PI = Math.log(2 * Math.PI);

beforeAll(async () => {
  await useBackend("wasm");
});
afterAll(async () => {
  await useBackend("cpu");
});

describe("multivariate distributions on the wasm backend", () => {
  it("runs on wasm", () => {
    expect(currentBackend()).toBe("wasm");
  });

  it("cholesky and triangularSolve: values and gradients", () => {
    tf.tidy(() => {
      const a = tf.tensor2d([[4, 2, 0.4], [2, 2, 0.5], [0.4, 0.5, 3]]);
      const l = cholesky(a);
      // L Lᵀ = A to float32 rounding of the product: ≤ 4·eps32·max|A|
      expect(tf.max(tf.abs(tf.sub(tf.matMul(l, l, false, true), a))).dataSync()[0]!).toBeLessThanOrEqual(16 * EPS32 * 4);
      const x = triangularSolve(l, tf.tensor2d([[1], [2], [3]]));
      expect(tf.max(tf.abs(tf.sub(tf.matMul(l, x), tf.tensor2d([[1], [2], [3]])))).dataSync()[0]!).toBeLessThanOrEqual(16 * EPS32 * 3);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.log(tf.sum(tf.mul(cholesky(t), tf.eye(3)), -1))))(a);
      // d/dA Σ log Lᵢᵢ = d/dA ½ log det A = ½ A⁻¹ (symmetric): compare with ½ A⁻¹ from solves
      const half = tf.mul(0.5, triangularSolve(l, triangularSolve(l, tf.eye(3)), { transpose: true }));
      expect(tf.max(tf.abs(tf.sub(g, half))).dataSync()[0]!).toBeLessThanOrEqual(64 * EPS32);
    });
  });

  it("MultivariateNormal and LowRankMultivariateNormal log-densities equal float64 values", () => {
    // Σ = [[2, 0.5], [0.5, 1]], x − μ = (0.5, −0.5): det Σ = 1.75, Σ⁻¹ = [[1, −0.5], [−0.5, 2]]/1.75
    const quad = (0.25 + 0.25 + 0.5) / 1.75;
    const ref = -0.5 * quad - 0.5 * Math.log(1.75) - LOG_2PI;
    const x = tf.tensor([0.5, 0.5]);
    for (const d of [
      MultivariateNormal([0, 1], { covarianceMatrix: [[2, 0.5], [0.5, 1]] }),
      MultivariateNormal([0, 1], { precisionMatrix: [[1 / 1.75, -0.5 / 1.75], [-0.5 / 1.75, 2 / 1.75]] }),
      LowRankMultivariateNormal([0, 1], [[1], [0.5]], [1, 0.75]),
    ]) {
      // terms of size ≤ 2, a few dozen float32 operations
      expect(Math.abs(scalarOf(d.logProb(x)) - ref)).toBeLessThanOrEqual(64 * EPS32 * 4);
    }
    x.dispose();
    const p = MultivariateNormal([0, 1], { covarianceMatrix: [[2, 0.5], [0.5, 1]] });
    expect(scalarOf(kl(p, p))).toBe(0);
  });

  it("samples have the right mean and covariance (CLT, false-failure rate 1e-6)", () => {
    const n = 20_000;
    // 2 means + 3 covariance entries
    const z = zForFailureRate(1e-6 / 5);
    const sigma = [[2, 0.5], [0.5, 1]];
    const xs = valuesOf(MultivariateNormal([1, -1], { covarianceMatrix: sigma }).sample([n], 11));
    const mu = [1, -1];
    for (let i = 0; i < 2; i++) {
      const m = xs.filter((_, k) => k % 2 === i).reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(m - mu[i]!)).toBeLessThanOrEqual(z * Math.sqrt(sigma[i]![i]! / n));
      for (let j = 0; j <= i; j++) {
        let c = 0;
        for (let s = 0; s < n; s++) c += (xs[2 * s + i]! - mu[i]!) * (xs[2 * s + j]! - mu[j]!);
        // Isserlis: Var((xᵢ − μᵢ)(xⱼ − μⱼ)) = ΣᵢᵢΣⱼⱼ + Σᵢⱼ²
        expect(Math.abs(c / n - sigma[i]![j]!)).toBeLessThanOrEqual(z * Math.sqrt((sigma[i]![i]! * sigma[j]![j]! + sigma[i]![j]! ** 2) / n));
      }
    }
  });

  it("transforms, Transformed and MixtureSameFamily", () => {
    tf.tidy(() => {
      const v = tf.tensor([[-3, 0.5, 2], [10, -10, 0]]);
      const y = biject(simplex).forward(v);
      expect(valuesOf(simplex.check(y))).toEqual([1, 1]);
      // inverse∘forward within the stick-breaking round-trip budget 32·eps32·(Σ|x| + m)
      const back = valuesOf(biject(simplex).inverse(y));
      valuesOf(v).forEach((x, i) => expect(Math.abs(back[i]! - x)).toBeLessThanOrEqual(32 * EPS32 * 25));
      const lc = biject(lowerCholesky).forward(tf.tensor([0.3, -1, 2, 0.5, 0.1, -0.4]));
      expect(valuesOf(lowerCholesky.check(lc))).toEqual([1]);
      expect(valuesOf(positiveDefinite.check(biject(positiveDefinite).forward(tf.tensor([0.3, -1, 2]))))).toEqual([1]);
      // LogNormal density at y = 1: −½ log 2π
      expect(Math.abs(scalarOf(Transformed(Normal(0, 1), expTransform).logProb(tf.scalar(1))) + 0.5 * LOG_2PI)).toBeLessThanOrEqual(4 * EPS32);
      const st = Transformed(Normal(tf.zeros([3]), 1).toEvent(1), stickBreakingTransform);
      expect(valuesOf(st.logProb(st.sample([50], 3))).every(Number.isFinite)).toBe(true);
      // an equal-weight mixture of N(±1, 1) at 0: log N(0; 1, 1)
      const m = MixtureSameFamily([0, 0], Normal([-1, 1], 1));
      expect(Math.abs(scalarOf(m.logProb(tf.scalar(0))) - (-0.5 - 0.5 * LOG_2PI))).toBeLessThanOrEqual(16 * EPS32 * 2);
      expect(m.sample([7], 1).shape).toEqual([7]);
    });
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, gpdFit, guide, latent, model, Normal, observe, paretoK, RandomStream, summarizeLogWeights, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";

const LOG_2PI = Math.log(2 * Math.PI);

describe("Pareto k̂", () => {
  // GPD(ξ, σ = 1) draws by inversion: x = ((1 − u)^(−ξ) − 1)/ξ
  const gpd = (rng: RandomStream, xi: number, n: number) =>
    Float64Array.from({ length: n }, () => (Math.pow(1 - rng.uniform(), -xi) - 1) / xi).sort();
  it("recovers the shape of generalized-Pareto draws", () => {
    fc.assert(
      fc.property(fc.constantFrom(0.2, 0.5, 0.9), fc.integer({ min: 1, max: 2 ** 30 }), (xi, seed) => {
        const fit = gpdFit(gpd(new RandomStream(seed), xi, 4000));
        // the MLE's standard deviation at n = 4000 is ≈ (1 + ξ)/√n ≤ 0.03; the weak prior
        // toward ½ moves it by ≤ 10/(n+10)·|ξ − ½| ≤ 0.001; 0.2 is > 6 SE
        expect(Math.abs(fit.shape - xi)).toBeLessThan(0.2);
      }),
      { seed: 3, numRuns: 9 },
    );
  });
  it("is small for well-matched weights and large for a proposal far narrower than the target", () => {
    const rng = new RandomStream(8);
    const normal = () => Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
    // log w for target N(0, 1) and proposal N(0, s²): log w = −z²/2 + z²/(2s²) + log s
    const logW = (s: number) => Float64Array.from({ length: 4000 }, () => {
      const z = s * normal();
      return -0.5 * z * z + (0.5 * z * z) / (s * s) + Math.log(s);
    });
    expect(paretoK(logW(1.2))).toBeLessThan(0.5); // wider proposal: bounded weights
    // narrower: w = exp((1 − s²)u²/2) with u ~ N(0, 1) has tail index 1/(1 − s²), so ξ = 1 − s² = 0.84
    expect(paretoK(logW(0.4))).toBeGreaterThan(0.7);
  });
});

describe("logEvidence", () => {
  it("equals log p(x) with zero error at the exact posterior and is within its SE otherwise", () => {
    const m = model(function* ({ x }: { x: tf.Tensor1D }) {
      const z = yield* latent("z", Normal(0, 1));
      yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
    });
    const exact = guide(m, function* () {
      yield* latent("z", Normal(1, Math.sqrt(1 / 3)));
    });
    const rough = guide(m, function* () {
      yield* latent("z", Normal(0.6, 0.8));
    });
    const x = tf.tensor1d([1, 2]);
    const logEvidence = -0.5 * (2 * LOG_2PI + Math.log(3) + (1 + 4 - 9 / 3));
    const a = compile(m, exact, {}).logEvidence({ x }, { particles: 200 });
    expect(Math.abs(a.logEvidence - logEvidence)).toBeLessThan(1e-5);
    expect(a.standardError).toBeLessThan(1e-5);
    expect(a.effectiveSampleSize).toBeCloseTo(200, 2);
    const b = compile(m, rough, {}).logEvidence({ x }, { particles: 2000 });
    // delta-method CLT for the log of a mean of bounded-variance weights; z for 1e-6
    expect(Math.abs(b.logEvidence - logEvidence)).toBeLessThanOrEqual(zForFailureRate(1e-6) * b.standardError + 1e-4);
    expect(b.paretoK).toBeLessThan(0.7);
    expect(b.effectiveSampleSize).toBeLessThan(2000);
  });
  it("summarizes log-weights stably (huge magnitudes, no overflow)", () => {
    const s = summarizeLogWeights([-1e4, -1e4 + Math.log(3)]);
    expect(s.logEvidence).toBeCloseTo(-1e4 + Math.log(2), 9);
    expect(s.effectiveSampleSize).toBeCloseTo(16 / 10, 12);
  });
});

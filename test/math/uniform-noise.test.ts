// The sampling and masking helpers behind the continuous families: two-sided uniform noise, cot(πw),
// log(1 + t²), and the support-mask custom ops.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tf } from "latent";
import { cotPi, twoSidedUniform } from "../../src/math/uniform-noise.js";
import { log1pSquare } from "../../src/math/log1p-square.js";
import { piecewiseConstant, replaceOutside, restrictToSupport } from "../../src/distributions/support-mask.js";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, valuesOf } from "../helpers.js";

describe("twoSidedUniform", () => {
  it("gives w ∈ [2⁻³⁴, ½] (never 0), u = w or 1 − w uniform on (0, 1) (DKW), and a fair side bit (CLT); rate ≤ 1e-6", () => {
    const runs = 5;
    const n = 50_000;
    // Per run: DKW on u, and a binomial z-test on the side bit; Bonferroni over runs × 2.
    const alpha = 1e-6 / (2 * runs);
    const z = zForFailureRate(alpha);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        const [w, upper] = tf.tidy(() => {
          const r = twoSidedUniform([n], seed);
          return [Array.from(r.w.dataSync()), Array.from(r.upper.dataSync())];
        });
        expect(w.every((v) => v >= 2 ** -34 && v <= 0.5)).toBe(true);
        // u in float64 from its float32 representation; the CDF of u is u. Power: a w that is not uniform
        // on (0, ½] (e.g. u drawn from [0, ½) only on one side) moves the CDF by ≥ 0.05 ≫ ε ≈ 0.013.
        const u = w.map((v, i) => (upper[i] ? 1 - v : v));
        const dkw = dkwTest(u, (x) => x, alpha);
        expect(dkw.statistic).toBeLessThanOrEqual(dkw.bound);
        // The side bit: Binomial(n, ½), SE √n/2. Power: a bias of 1% is 4.5 SE.
        const ones = upper.reduce((a, b) => a + b, 0);
        expect(Math.abs(ones - n / 2)).toBeLessThanOrEqual((z * Math.sqrt(n)) / 2);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("is reproducible from its seed and leaves no tensors behind", () => {
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => valuesOf(twoSidedUniform([4], 9).w));
    const b = tf.tidy(() => valuesOf(twoSidedUniform([4], 9).w));
    expect(a).toEqual(b);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("cotPi", () => {
  it("is cot(πw) to 4·eps32 relative for w over [2⁻³⁴, ½], including next to the pole at 0 and the zero at ½", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: Math.log(2 ** -34), max: Math.log(0.5), noNaN: true }).map((l) => Math.fround(Math.exp(l))),
          fc.double({ min: 0, max: 0.25, noNaN: true }).map((d) => Math.fround(0.5 - d)),
        ),
        (w) => {
          const c = tf.tidy(() => cotPi(tf.scalar(w)).dataSync()[0]!);
          if (w === 0.5) {
            expect(c).toBe(0);
            return;
          }
          // w < ¼: πw rounds once and cot is relatively well conditioned there (|θ·cot′(θ)/cot θ| ≤ π/2 on
          // (0, π/4]), then tan and the reciprocal round once each. w ≥ ¼: ½ − w is exact, then the same for tan.
          const ref = 1 / Math.tan(Math.PI * w);
          expect(Math.abs(c - ref)).toBeLessThanOrEqual(4 * EPS32 * Math.abs(ref));
        },
      ),
      FC,
    );
  });
});

describe("log1pSquare", () => {
  it("is log(1 + t²) to 4·eps32 relative for |t| ∈ [1e-30, 1e30], with gradient 2t/(1 + t²)", () => {
    fc.assert(
      fc.property(fc.double({ min: Math.log(1e-30), max: Math.log(1e30), noNaN: true }), fc.boolean(), (l, neg) => {
        const t = Math.fround((neg ? -1 : 1) * Math.exp(l));
        const [v, g] = tf.tidy(() => [log1pSquare(tf.scalar(t)).dataSync()[0]!, tf.grad(log1pSquare)(tf.scalar(t)).dataSync()[0]!]);
        // float64 reference: log1p(t²) below 1e150, 2 log|t| + log1p(t⁻²) above (t² is exact-ish either way).
        const ref = Math.abs(t) < 1 ? Math.log1p(t * t) : 2 * Math.log(Math.abs(t)) + Math.log1p(1 / (t * t));
        // t² rounds once (relative eps32 → eps32·2t²/(1 + t²) ≤ 2·eps32·ref for the log1p branch), log1p a
        // few ulps; the large branch adds terms of one sign. Values below 1e-38 are subnormal: add 2⁻¹⁴⁹.
        expect(Math.abs(v - ref)).toBeLessThanOrEqual(4 * EPS32 * ref + 2 ** -149);
        const gref = 2 / (t + 1 / t);
        expect(Math.abs(g - gref)).toBeLessThanOrEqual(4 * EPS32 * Math.abs(gref) + 2 ** -149);
      }),
      FC,
    );
    tf.tidy(() => {
      expect(valuesOf(log1pSquare(tf.tensor([0, Infinity, -Infinity])))).toEqual([0, Infinity, Infinity]);
      expect(valuesOf(tf.grad(log1pSquare)(tf.tensor([0, Infinity])))).toEqual([0, 0]);
    });
  });
});

describe("support masks", () => {
  it("restrictToSupport puts −∞ outside and passes the gradient only inside; replaceOutside makes logs safe", () => {
    tf.tidy(() => {
      const x = tf.tensor([-1, 0, 2]);
      const inside = (v: tf.Tensor) => tf.greater(v, 0);
      const f = (s: tf.Tensor, v: tf.Tensor) => restrictToSupport(tf.mul(s, tf.log(replaceOutside(v, inside, 1))), v, inside);
      expect(valuesOf(f(tf.scalar(3), x))).toEqual([-Infinity, -Infinity, Math.fround(3 * Math.log(2))]);
      const [gs, gx] = tf.grads(f)([tf.scalar(3), x]);
      // Only the inside point contributes: ∂/∂s = log 2, ∂/∂x = s/x there and 0 (not NaN) elsewhere.
      expect(Math.abs(gs!.dataSync()[0]! - Math.log(2))).toBeLessThanOrEqual(2 * EPS32);
      expect(valuesOf(gx!).map(Math.abs)).toEqual([0, 0, 1.5]);
      // piecewiseConstant: the value of fn, zero gradients for every input.
      const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.add(piecewiseConstant((u, w) => tf.where(tf.less(u, w), tf.scalar(0), tf.scalar(Infinity)), a, b), tf.mul(a, b)),
      )([tf.tensor([1, 3]), tf.scalar(2)]);
      expect(valuesOf(ga!)).toEqual([2, 2]);
      expect(valuesOf(gb!)).toEqual([4]);
    });
  });
});

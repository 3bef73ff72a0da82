import { describe, expect, it } from "vitest";
import { StudentT, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { studentTSpec } from "./student-t-spec.js";

describe("StudentT", () => {
  // ν = 2.5: heavy tails (no kurtosis: the suite checks the CDF by DKW only), finite mean and variance.
  continuousSuite(studentTSpec(2.5));

  it("mean is NaN for ν ≤ 1, variance +∞ for 1 < ν ≤ 2 and NaN for ν ≤ 1; gradients of both exist", () => {
    const d = StudentT([0.5, 1, 1.5, 2, 3], 1, 2);
    expect(valuesOf(d.mean).map((v) => (Number.isNaN(v) ? "nan" : v))).toEqual(["nan", "nan", 1, 1, 1]);
    expect(valuesOf(d.variance).map((v) => (Number.isNaN(v) ? "nan" : v))).toEqual(["nan", "nan", Infinity, Infinity, 12]);
    // The masks use GreaterEqual (zero gradient), so the moments stay differentiable in ν.
    const g = tf.tidy(() => valuesOf(tf.grad((n: tf.Tensor) => tf.sum(StudentT(n, 0, 1).variance))(tf.tensor([3, 5]))));
    expect(g[0]!).toBeCloseTo(-2, 5); // d/dν ν/(ν − 2) = −2/(ν − 2)²
    expect(g[1]!).toBeCloseTo(-2 / 9, 5);
  });

  it("stays NaN-free at extreme but valid parameters", () => {
    tf.tidy(() => {
      for (const [nu, mu, s] of [[1e-3, 0, 1], [1e5, 0, 1], [2, 1e30, 1], [3, 0, 1e-30], [0.5, 0, 1e30]] as const) {
        const d = StudentT(nu, mu, s);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        expect(Number.isNaN(scalarOf(d.entropy()))).toBe(false);
        const g = valuesOf(tf.grad((n: tf.Tensor) => tf.sum(StudentT(n, mu, s).logProb(tf.tensor(xs.filter(Number.isFinite)))))(tf.scalar(nu)));
        expect(g.some(Number.isNaN)).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => StudentT(0, 0, 1)).toThrow(ValidationError);
    expect(() => StudentT([1, -2], 0, 1)).toThrow("StudentT: 'df' must be positive, got -2 at [1]");
    expect(() => StudentT(1, Number.NaN, 1)).toThrow("StudentT: 'loc' must be a finite real number, got NaN");
    expect(() => StudentT(1, 0, 0)).toThrow("StudentT: 'scale' must be positive, got 0");
  });
});

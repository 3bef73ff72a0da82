import { describe, expect, it } from "vitest";
import fc from "fast-check";
import gammaln from "@stdlib/math-base-special-gammaln";
import gammainc from "@stdlib/math-base-special-gammainc";
import {
  chiSquareSurvival,
  erf,
  erfc,
  kuiperSurvival,
  logGamma,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSurvival,
  regularizedGammaP,
  regularizedGammaQ,
} from "../../../src/testing/stats/special64.js";

// Reference values below were computed with mpmath at 40 significant digits (mp.dps = 40)
// from the float64 arguments shown, then rounded to float64.

/** |actual − expected| ≤ tol·|expected| (relative), with an absolute floor for expected = 0. */
function expectRelative(actual: number, expected: number, tol: number): void {
  const err = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  expect(err, `got ${actual}, expected ${expected} (relative error ${err})`).toBeLessThanOrEqual(tol);
}

describe("logGamma", () => {
  it("matches mpmath to 1e-14 relative (absolute near the zeros at 1 and 2)", () => {
    const cases: [number, number][] = [
      [1e-300, 690.7755278982137],
      [1e-10, 23.025850929882736],
      [0.1, 2.252712651734206],
      [0.5, 0.5723649429247001],
      [1.5, -0.12078223763524522],
      [2.5, 0.2846828704729192],
      [7.3, 7.147892523022248],
      [30.5, 72.9534711841694],
      [100, 359.1342053695754],
      [1234.5, 7550.550901077895],
      [1e6, 12815504.569147611],
      [1e15, 3.3538776394910668e16],
      [-0.5, 1.2655121234846454],
      [-10.3, -14.457515440024208],
    ];
    for (const [x, v] of cases) expectRelative(logGamma(x), v, 1e-14);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
    expectRelative(logGamma(-2.5), -0.056243716497674054, 3e-14); // near a zero of log|Γ|
  });

  it("is +Infinity at the poles and NaN for NaN", () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
  });

  it("agrees with @stdlib gammaln to 1e-14·max(1, |value|) on (0, 1e8]", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e8, noNaN: true }), (x) => {
        const ref = gammaln(x);
        expect(Math.abs(logGamma(x) - ref)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(ref)));
      }),
      { seed: 1, numRuns: 500 },
    );
  });

  it("agrees with @stdlib gammaln on negative non-integers (reflection) to 1e-13", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: -0.01, noNaN: true }), (x) => {
        fc.pre(Math.abs(x - Math.round(x)) > 1e-3);
        const ref = gammaln(x);
        expect(Math.abs(logGamma(x) - ref)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(ref)));
      }),
      { seed: 1, numRuns: 300 },
    );
  });
});

describe("regularizedGammaP / regularizedGammaQ", () => {
  it("match mpmath in the far tails to 1e-12 relative", () => {
    // [a, x, Q(a, x)]
    const upper: [number, number, number][] = [
      [0.5, 100, 2.088487583762545e-45],
      [2.5, 60, 3.138579772755296e-24],
      [10, 30, 7.121750862815577e-6],
      [50, 120, 1.600822679334483e-13],
      [100, 160, 1.4420224505352737e-7],
      // @stdlib's gammainc is off by 2e-3 relative here; ours is not.
      [499.511886695485, 1010.1022396507792, 1.7958661922767848e-71],
      [1000, 1200, 1.2881606086281433e-9],
    ];
    for (const [a, x, q] of upper) expectRelative(regularizedGammaQ(a, x), q, 1e-12);
    // [a, x, P(a, x)]
    const lower: [number, number, number][] = [
      [3, 0.001, 1.6654171665278076e-10],
      [10, 1, 1.1142547833872067e-7],
      [50, 10, 1.8547268838697993e-19],
      [200, 100, 9.34315007298839e-19],
    ];
    for (const [a, x, p] of lower) expectRelative(regularizedGammaP(a, x), p, 1e-12);
    // Large a: the prefactor e^{−x}x^a/Γ(a) loses about a·ε.
    expectRelative(regularizedGammaQ(1e4, 1.05e4), 4.2758724550596475e-7, 1e-10);
  });

  it("have the closed forms for a = 1: P = 1 − e^{−x}", () => {
    for (const x of [1e-8, 0.3, 1, 2, 5, 40]) {
      expectRelative(regularizedGammaP(1, x), -Math.expm1(-x), 1e-14);
      expectRelative(regularizedGammaQ(1, x), Math.exp(-x), 1e-14);
    }
  });

  it("handle x = 0 and x = Infinity, and reject bad arguments", () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, Infinity)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(() => regularizedGammaP(0, 1)).toThrow(/regularizedGammaP: shape a must be a finite positive number, got 0/);
    expect(() => regularizedGammaQ(-1, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/regularizedGammaQ: x must be a non-negative number, got -1/);
    expect(() => regularizedGammaP(1, NaN)).toThrow(RangeError);
  });

  it("agree with @stdlib gammainc to 1e-12 absolute, and P + Q = 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 5000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, t) => {
        const x = t * (3 * a + 20);
        const p = regularizedGammaP(a, x);
        const q = regularizedGammaQ(a, x);
        expect(Math.abs(p - gammainc(x, a))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(q - gammainc(x, a, true, true))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(p + q - 1)).toBeLessThanOrEqual(1e-14);
      }),
      { seed: 1, numRuns: 500 },
    );
  });
});

describe("erf / erfc / normal CDF", () => {
  it("erfc matches mpmath to 1e-13 relative, down to 1e-296", () => {
    const cases: [number, number][] = [
      [-3, 1.9999779095030015],
      [-1, 1.8427007929497148],
      [0, 1],
      [0.1, 0.887537083981715],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [1.2, 0.08968602177036464],
      [2, 0.004677734981047266],
      [3, 2.209049699858544e-5],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
      [26, 5.663192408856143e-296],
    ];
    for (const [x, v] of cases) expectRelative(erfc(x), v, 1e-13);
  });

  it("erf matches mpmath to 1e-14 relative, including tiny arguments", () => {
    expectRelative(erf(1), 0.8427007929497149, 1e-14);
    expectRelative(erf(-0.5), -0.5204998778130465, 1e-14);
    expectRelative(erf(1e-9), 1.1283791670955126e-9, 1e-15);
    expectRelative(erf(1e-300), 1.1283791670955126e-300, 1e-15);
    expect(erf(0)).toBe(0);
  });

  it("Φ matches mpmath to 1e-13 relative from 1e-316 to 1", () => {
    const cases: [number, number][] = [
      [-38, 2.88542835e-316], // subnormal: only ~9 digits exist
      [-30, 4.906713927148187e-198],
      [-20, 2.7536241186062337e-89],
      [-10, 7.619853024160525e-24],
      [-5, 2.866515718791939e-7],
      [-4.753424308822899, 1.0000000000000012e-6],
      [-1.96, 0.024997895148220435],
      [-1, 0.15865525393145705],
      [0, 0.5],
      [0.3, 0.6179114221889527],
      [1.96, 0.9750021048517795],
      [8, 0.9999999999999993],
    ];
    for (const [x, v] of cases) expectRelative(normalCdf(x), v, x === -38 ? 1e-8 : 1e-13);
    expectRelative(normalSurvival(10), 7.619853024160525e-24, 1e-13);
    expectRelative(normalPdf(0), 0.3989422804014327, 1e-15);
  });

  it("Φ(x) + Φ(−x) = 1 and erfc(x) + erfc(−x) = 2", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThanOrEqual(2e-16);
        expect(Math.abs(erfc(x) + erfc(-x) - 2)).toBeLessThanOrEqual(4e-16);
      }),
      { seed: 1, numRuns: 300 },
    );
  });
});

describe("normalQuantile", () => {
  it("matches mpmath to 1e-14 relative, from 1e-300 to 0.999", () => {
    const cases: [number, number][] = [
      [1e-300, -37.0470962993612],
      [1e-100, -21.273453560965326],
      [1e-20, -9.262340089798407],
      [1e-10, -6.361340902404057],
      [1e-6, -4.753424308822899],
      [0.001, -3.0902323061678136],
      [0.02425, -1.972961051311885], // Acklam's region boundary
      [0.1, -1.2815515655446004],
      [0.3, -0.5244005127080408],
      [0.6, 0.2533471031357997],
      [0.975, 1.9599639845400538],
      [0.999, 3.090232306167813],
    ];
    for (const [p, z] of cases) expectRelative(normalQuantile(p), z, 1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it("rejects probabilities outside [0, 1]", () => {
    expect(() => normalQuantile(1.5)).toThrow(/normalQuantile: expected a probability in \[0, 1\], got 1.5/);
    expect(() => normalQuantile(-0.1)).toThrow(RangeError);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
  });

  it("inverts Φ: Φ(Φ⁻¹(p)) = p to within the rounding of z (relative (1 + z²)·4e-16 + 1e-14)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        // Rounding z to float64 alone moves Φ(z) by a relative z²·ε, hence the z-dependent tolerance.
        const z = normalQuantile(p);
        expectRelative(normalCdf(z), p, (1 + z * z) * 4e-16 + 1e-14);
      }),
      { seed: 1, numRuns: 500 },
    );
  });
});

describe("chiSquareSurvival", () => {
  it("matches mpmath and closed forms", () => {
    expectRelative(chiSquareSurvival(3.841458820694124, 1), 0.05000000000000006, 1e-14);
    expectRelative(chiSquareSurvival(2, 2), Math.exp(-1), 1e-14);
    expectRelative(chiSquareSurvival(100, 4), 9.83662422461598e-21, 1e-13);
    expectRelative(chiSquareSurvival(55, 16), 3.5560907667103293e-6, 1e-13);
    expectRelative(chiSquareSurvival(1000, 10), 1.8702907209159498e-208, 1e-13);
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-1, 3)).toBe(1);
  });

  it("rejects bad degrees of freedom", () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(/chiSquareSurvival: degrees of freedom must be a finite positive number, got 0/);
    expect(() => chiSquareSurvival(NaN, 2)).toThrow(RangeError);
  });
});

describe("kuiperSurvival", () => {
  it("matches the series evaluated by mpmath to 1e-13 relative", () => {
    const cases: [number, number][] = [
      [0.8, 0.9783510749956509],
      [1, 0.8220766443569293],
      [1.5, 0.17774501071045945],
      [2, 0.01006387883867104],
      [3, 1.066098582129884e-6],
      [4, 1.595684859185866e-12],
    ];
    for (const [l, v] of cases) expectRelative(kuiperSurvival(l), v, 1e-13);
    expect(kuiperSurvival(0.1)).toBe(1);
    expect(() => kuiperSurvival(NaN)).toThrow(RangeError);
  });
});

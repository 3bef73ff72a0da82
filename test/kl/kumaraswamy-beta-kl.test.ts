import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import betaln from "@stdlib/math-base-special-betaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import { Beta, Kumaraswamy, kl, tf } from "latent";
import { EPS32, FC, scalarOf } from "../helpers.js";
import { EULER_GAMMA, logU } from "../distributions/gamma-family-specs.js";
import { kumaraswamyBetaKL, kumaraswamyS } from "./gamma-beta-kl-specs.js";
import { fullRange } from "./full-range.js";
import { klSuite } from "./kl-suite.js";

const abs = Math.abs;
const log = Math.log;

describe("KL(Kumaraswamy ‖ Beta)", () => {
  klSuite(kumaraswamyBetaKL);
  fullRange(kumaraswamyBetaKL, fc.tuple(fc.tuple(logU(0.1, 10), logU(0.1, 10)), fc.tuple(logU(0.2, 20), logU(0.2, 20))));

  it("vanishes where the families coincide: Kumaraswamy(1, b) = Beta(1, b) and Kumaraswamy(a, 1) = Beta(a, 1)", () => {
    fc.assert(
      fc.property(logU(0.05, 50), (c) => {
        // Kumaraswamy(a, 1) ‖ Beta(a, 1): log a + lbeta(a, 1) (the S term has β − 1 = 0): 2 ulp of |log a| + the
        // lbeta's 4 ulp of (|log a| + 1).
        expect(abs(scalarOf(kl(Kumaraswamy(c, 1), Beta(c, 1))))).toBeLessThanOrEqual(8 * EPS32 * (abs(log(c)) + 1));
        // Kumaraswamy(1, b) ‖ Beta(1, b): log b − (1 − 1/b) + lbeta(1, b) + (b − 1)·S with S = 1/b exactly; the
        // quadrature's S is within 1e-9·(1 + S) (a = 1 ≥ 0.1) and a few ulp: ≤ 8·eps32·(|log b| + 1 + |b − 1|(S + 1))
        // + |b − 1|·1e-9·(1 + S).
        const s = 1 / c;
        const tol = 8 * EPS32 * (abs(log(c)) + 2 + abs(c - 1) * (4 * s + 1)) + abs(c - 1) * 1e-9 * (1 + s);
        expect(abs(scalarOf(kl(Kumaraswamy(1, c), Beta(1, c))))).toBeLessThanOrEqual(tol);
      }),
      FC,
    );
  });

  it("the quadrature for the series S keeps its documented accuracy for a, b down to 0.01 (|ΔS| ≤ 2.9e-7·(1 + S))", () => {
    // KL with β = 2 isolates S: KL = log(ab) − (1 − α/a)H_b − (1 − 1/b) + lbeta(α, 2) + S. The float32 error of the
    // other terms is bounded as in the suite's error model (c = 8); S's own: 4 ulp of S plus the rule's truncation.
    fc.assert(
      fc.property(logU(0.01, 20), logU(0.01, 20), logU(0.1, 10), (a, b, al) => {
        const s = kumaraswamyS(a, b);
        const hb = digamma64(b + 1) + EULER_GAMMA;
        const ref = log(a) + log(b) - (1 - al / a) * hb - (1 - 1 / b) + betaln(al, 2) + s;
        const size = abs(log(a)) + abs(log(b)) + abs(1 - al / a) * hb + abs(1 - 1 / b) + abs(betaln(al, 2)) + 2 + 4 * s;
        const k = scalarOf(kl(Kumaraswamy(a, b), Beta(al, 2)));
        expect(abs(k - ref)).toBeLessThanOrEqual(8 * EPS32 * size + 2.9e-7 * (1 + s) + 1e-9 * (1 + s));
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it("the truncated series of Nalisnick & Smyth (M = 10 terms) would be far off: the documented reason for the quadrature", () => {
    // Σₘ≤₁₀ b·B(m/a, b)/(m + ab) against S: 75 % short at b = 0.1, 9 % at a = b = 1 (see src/kl/beta.ts).
    const truncated = (a: number, b: number) => {
      let t = 0;
      for (let m = 1; m <= 10; m++) t += Math.exp(log(b) + betaln(m / a, b) - log(m + a * b));
      return t;
    };
    expect(1 - truncated(1, 0.1) / kumaraswamyS(1, 0.1)).toBeGreaterThan(0.7);
    expect(1 - truncated(1, 1) / kumaraswamyS(1, 1)).toBeCloseTo(1 / 11, 6); // S = 1, Σₘ≤₁₀ 1/(m(m+1)) = 10/11
    const ours = scalarOf(kl(Kumaraswamy(1, 1), Beta(1, 2))) - scalarOf(kl(Kumaraswamy(1, 1), Beta(1, 1)));
    // KL(K(1,1) ‖ B(1,2)) − KL(K(1,1) ‖ B(1,1)) = lbeta(1, 2) − lbeta(1, 1) + S = −log 2 + 1
    expect(abs(ours - (1 - log(2)))).toBeLessThanOrEqual(16 * EPS32);
  });

  it("stays finite (no NaN) at extreme but valid parameters, with finite gradients", () => {
    tf.tidy(() => {
      for (const [a, b, al, be] of [[0.01, 0.01, 0.01, 0.01], [100, 100, 1e3, 1e3], [0.01, 50, 50, 0.01], [50, 0.01, 0.05, 30]] as const) {
        const v = scalarOf(kl(Kumaraswamy(a, b), Beta(al, be)));
        expect(Number.isFinite(v)).toBe(true);
        const g = tf.grads((w: tf.Tensor, x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => kl(Kumaraswamy(w, x), Beta(y, z)))(
          [a, b, al, be].map((t) => tf.scalar(t)),
        );
        for (const t of g) expect(Number.isFinite(scalarOf(t))).toBe(true);
      }
    });
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import betaln from "@stdlib/math-base-special-betaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { StudentT, tf } from "latent";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, scalarOf, valuesOf } from "../helpers.js";
import { richardson } from "./continuous-suite.js";
import { fdRoundoff, logU, unif } from "./gamma-family-specs.js";
import { cdf64, entropy64, logProbSize, logpdf64, quantile64 } from "./student-t-spec.js";

const abs = Math.abs;
const log = Math.log;
/** A CDF level: log-uniform in [1e-6, ½] for either tail. */
const probability = fc.tuple(logU(1e-6, 0.5), fc.boolean()).map(([t, upper]) => (upper ? 1 - t : t));

// Student-t's degrees of freedom: accuracy over ν ∈ [0.05, 1e4], ∂/∂ν, the pathwise ν-gradient of rsample
// (through the Gamma's implicit gradient) and the samplers over ν. The (loc, scale) suite is in student-t.test.ts.
describe("StudentT's degrees of freedom", () => {
  it("logProb and entropy equal the float64 references for ν over [0.05, 1e4] (no large-ν cancellation)", () => {
    fc.assert(
      fc.property(logU(0.05, 1e4), unif(-5, 5), logU(0.1, 10), probability, (nu, mu, s, u) => {
        const x = Math.fround(mu + s * quantile64(u, nu));
        const d = StudentT(nu, mu, s);
        // float64 reference: log Γ((ν+1)/2) − log Γ(ν/2) cancels to ½ log(ν/2) losing ≤ 2⁻⁵³·ν·log ν ≤ 1e-11.
        expect(abs(scalarOf(d.logProb(tf.scalar(x))) - logpdf64(x, nu, mu, s))).toBeLessThanOrEqual(8 * EPS32 * logProbSize(x, nu, mu, s) + 1e-11);
        const h = entropy64(nu, s);
        const hTol = 8 * EPS32 * (((nu + 1) / 2) * (digamma64((nu + 1) / 2) - digamma64(nu / 2)) + abs(betaln(nu / 2, 0.5)) + 0.5 * abs(log(nu)) + abs(log(s)) + 1);
        // the float64 reference's own digamma difference loses ≤ 2⁻⁵²·|ψ|·(ν + 1)/2 ≤ 1e-11 at ν = 1e4
        expect(abs(scalarOf(d.entropy()) - h)).toBeLessThanOrEqual(hTol + 1e-11);
      }),
      FC,
    );
  });

  it("∂logProb/∂ν equals Richardson differences of the float64 log-density", () => {
    fc.assert(
      fc.property(logU(0.1, 1000), unif(-5, 5), logU(0.1, 10), probability, (nu, mu, s, u) => {
        const x = Math.fround(mu + s * quantile64(u, nu));
        const g = tf.tidy(() => tf.grad((n: tf.Tensor) => StudentT(n, mu, s).logProb(tf.scalar(x)))(tf.scalar(nu)).dataSync()[0]!);
        const scale = nu / (1 + Math.sqrt(nu));
        const ref = richardson((n) => logpdf64(x, n, mu, s), nu, scale);
        // ∂/∂ν = ½(ψ((ν+1)/2) − ψ(ν/2)) − 1/(2ν) − ½ log1p(w) + (ν + 1)w/(2ν(1 + w)), w = z²/ν: the lbeta gradient
        // is accurate to 6 ulp of its value, the other terms a few ulp each (w with 6·eps32 relative).
        const z = (x - mu) / s;
        const w = (z * z) / nu;
        const terms = 0.5 * (digamma64((nu + 1) / 2) - digamma64(nu / 2)) + 1 / (2 * nu) + 0.5 * Math.log1p(w) + ((nu + 1) * w) / (2 * nu * (1 + w));
        const tol = 8 * EPS32 * terms * 2 + fdRoundoff(logProbSize(x, nu, mu, s) + abs(gammaln(nu / 2)), scale, nu, ref) + 1e-9 * abs(ref);
        expect(abs(g - ref)).toBeLessThanOrEqual(tol);
      }),
      FC,
    );
  });

  it("rsample's ν-gradient is unbiased: the mean of sign(x)·dx/dν equals d E|X|/dν (CLT, false-failure rate 1e-6)", () => {
    // E|X| = 2σ√ν Γ((ν+1)/2) / (√π (ν − 1) Γ(ν/2)) for ν > 1; the pathwise estimator sign(x)·∂x/∂ν has finite
    // variance for ν > 2 (∂x/∂ν grows like |x|·log|x|). Runs × 1 assertion, Bonferroni.
    const runs = 8;
    const z = zForFailureRate(1e-6 / runs);
    const n = 20_000;
    const meanAbs = (nu: number, s: number) =>
      Math.exp(log(2 * s) + 0.5 * log(nu) + gammaln((nu + 1) / 2) - 0.5 * log(Math.PI) - log(nu - 1) - gammaln(nu / 2));
    fc.assert(
      fc.property(logU(3, 30), logU(0.5, 2), fc.integer({ min: 1, max: 2 ** 30 }), (nu, s, seed) => {
        const [xs, gs] = tf.tidy(() => {
          const nuT = tf.fill([n], nu);
          const f = (v: tf.Tensor) => StudentT(v, 0, s).rsample([], seed);
          return [valuesOf(f(nuT)), valuesOf(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.sign(f(v)), f(v))))(nuT))];
        });
        // per-draw terms sign(x)·dx/dν (f(v) is drawn twice with the same seed: identical draws)
        let mean = 0;
        for (const g of gs) mean += g;
        mean /= n;
        let ss = 0;
        for (const g of gs) ss += (g - mean) ** 2;
        const sd = Math.sqrt(ss / (n - 1));
        const ref = richardson((v) => meanAbs(v, s), nu, nu / 10);
        expect(xs.every(Number.isFinite)).toBe(true);
        // Power: a ν-gradient off by 10% (e.g. a missing chain factor ½ on ν/2) moves the mean by ≥ 0.1|ref|,
        // ≈ 0.1·|ref|·√n/sd ≈ 5–10 SE here (sd/|ref| ≈ 2–3).
        expect(abs(mean - ref)).toBeLessThanOrEqual((z * sd) / Math.sqrt(n) + 1e-9 * abs(ref));
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("samples match the CDF (DKW) for ν over [0.3, 1000], and the moments (CLT) for ν ≥ 10; false-failure rate 1e-6", () => {
    const runs = 10;
    const n = 20_000;
    // per run: one DKW test, plus mean and variance when ν ≥ 10 (Bonferroni over 3 per run)
    const alpha = 1e-6 / (3 * runs);
    const z = zForFailureRate(alpha);
    fc.assert(
      fc.property(logU(0.3, 1000), unif(-3, 3), logU(0.2, 5), fc.integer({ min: 1, max: 2 ** 30 }), (nu, mu, s, seed) => {
        const xs = valuesOf(StudentT(nu, mu, s).sample([n], seed));
        expect(xs.every(Number.isFinite)).toBe(true);
        // DKW is exact for every n; power: a CDF off by 0.02 anywhere (ν off by ~20% at ν ≈ 1) fails.
        const dkw = dkwTest(xs, (x) => Math.min(1, Math.max(0, cdf64(x, nu, mu, s))), alpha);
        expect(dkw.statistic).toBeLessThanOrEqual(dkw.bound);
        if (nu >= 10) {
          let m = 0;
          for (const x of xs) m += x;
          m /= n;
          let s2 = 0;
          for (const x of xs) s2 += (x - m) ** 2;
          s2 /= n - 1;
          const v = (s * s * nu) / (nu - 2);
          const kurt = 3 + 6 / (nu - 4);
          // kurtosis ≤ 4 and finite 8th moment for ν ≥ 10: the CLT bounds of the suite apply.
          expect(abs(m - mu)).toBeLessThanOrEqual(z * Math.sqrt(v / n));
          expect(abs(s2 - v)).toBeLessThanOrEqual(z * v * Math.sqrt((kurt - 1) / n));
        }
      }),
      { ...FC, numRuns: runs },
    );
  });

});

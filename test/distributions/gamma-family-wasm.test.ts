// The Gamma family, the unit-interval families, Student-t, Dirichlet and their KL rules on the wasm backend
// (the library's default): the same float64 references and derived bounds as the CPU property tests
// (gamma-family-specs.ts, student-t-spec.ts, gamma-beta-kl-specs.ts), on fixed samples of points (each wasm op
// has a fixed cost; the point is the backend's kernels — Exp, Expm1, Log, Pow, Softmax-free normalization —
// not coverage). tf.log1p (inaccurate on wasm) is never called by these families.
import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Dirichlet, currentBackend, kl, tf, useBackend } from "latent";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { EPS32, FC, valuesOf } from "../helpers.js";
import { type ContinuousSpec, richardson, supportPoint, tailProb } from "./continuous-suite.js";
import {
  betaSpec,
  chi2Spec,
  exponentialSpec,
  gammaSpec,
  implicitGradient,
  inverseGammaSpec,
  kumaraswamySpec,
  weibullSpec,
} from "./gamma-family-specs.js";
import { studentTSpec } from "./student-t-spec.js";
import * as klSpecs from "../kl/gamma-beta-kl-specs.js";
import type { KLSpec } from "../kl/kl-suite.js";

await useBackend("wasm");
afterAll(async () => {
  await useBackend("cpu");
});

const families: ContinuousSpec[] = [gammaSpec, exponentialSpec, chi2Spec, inverseGammaSpec, weibullSpec, betaSpec, kumaraswamySpec, studentTSpec(2.5)];
const rules = Object.values(klSpecs).filter((s): s is KLSpec => typeof s === "object" && s !== null && "kl64" in s);

describe("the Gamma family on the wasm backend", () => {
  it("runs on wasm", () => {
    expect(currentBackend()).toBe("wasm");
  });

  it.each(families.map((s) => [s.name, s] as const))("%s: logProb and its gradients match float64 within the CPU bounds", (_name, spec) => {
    const k = spec.paramNames.length;
    for (const [p, t, upper] of fc.sample(fc.tuple(spec.params, tailProb, fc.boolean()), { seed: FC.seed, numRuns: 15 })) {
      const x = supportPoint(spec, p, t, upper);
      const [lp, grads] = tf.tidy(() => {
        const f = (...args: tf.Tensor[]) => spec.make(...args.slice(0, k)).logProb(args[k]!);
        const g = tf.grads(f)([...p.map((v) => tf.scalar(v)), tf.scalar(x)]).map((q) => q.dataSync()[0]!);
        return [spec.make(...p).logProb(tf.scalar(x)).dataSync()[0]!, g] as const;
      });
      expect(Math.abs(lp - spec.logpdf(x, p))).toBeLessThanOrEqual(spec.tol.logProb(x, p));
      for (let i = 0; i < k; i++) {
        const ref = richardson((v) => spec.logpdf(x, p.map((q, j) => (j === i ? v : q))), p[i]!, spec.paramScale(p, i));
        expect(Math.abs(grads[i]! - ref)).toBeLessThanOrEqual(spec.tol.grad(x, p, i, ref));
      }
      const ref = richardson((v) => spec.logpdf(v, p), x, spec.xScale(x, p));
      expect(Math.abs(grads[k]! - ref)).toBeLessThanOrEqual(spec.tol.grad(x, p, k, ref));
    }
  });

  it.each(families.map((s) => [s.name, s] as const))(
    "%s: draws lie in the support with finite logProb, match the CDF (DKW, rate ≤ 1e-6 over all families) and have the implicit gradient",
    (_name, spec) => {
      const n = 5000;
      const alpha = 1e-6 / families.length;
      const p = fc.sample(spec.sampleParams, { seed: FC.seed, numRuns: 1 })[0]!;
      const d = spec.make(...p);
      const [xs, lps] = tf.tidy(() => {
        const x = d.sample([n], 17);
        return [Array.from(x.dataSync()), Array.from(d.logProb(x).dataSync())] as const;
      });
      expect(xs.every((x) => spec.inSupport(x, p))).toBe(true);
      expect(lps.every(Number.isFinite)).toBe(true);
      // DKW band ε = √(ln(2/α)/(2n)) ≈ 0.04: a sampler whose wasm kernels broke the transform would miss it.
      const r = dkwTest(xs, (x) => Math.min(1, Math.max(0, spec.cdf(x, p))), alpha);
      expect(r.statistic).toBeLessThanOrEqual(r.bound);
      for (let seed = 1; seed <= 5; seed++) {
        const [x, g] = tf.tidy(() => {
          const gr = tf.grads((...a: tf.Tensor[]) => spec.make(...a).rsample([], seed))(p.map((v) => tf.scalar(v))).map((q) => q.dataSync()[0]!);
          return [spec.make(...p).rsample([], seed).dataSync()[0]!, gr] as const;
        });
        for (let i = 0; i < p.length; i++) {
          const ref = implicitGradient(spec, x, p, i);
          expect(Math.abs(g[i]! - ref)).toBeLessThanOrEqual(spec.tol.rsampleGrad(x, p, i, ref));
        }
      }
    },
  );

  it("Dirichlet: draws on the simplex with finite logProb; logProb matches the Beta marginal for K = 2", () => {
    tf.tidy(() => {
      const xs = valuesOf(Dirichlet([0.3, 2, 5]).sample([2000], 3));
      for (let s = 0; s < 2000; s++) {
        const row = xs.slice(3 * s, 3 * s + 3);
        expect(row.every((v) => v > 0)).toBe(true);
        expect(Math.abs(row[0]! + row[1]! + row[2]! - 1)).toBeLessThanOrEqual(6 * EPS32);
      }
      const lp = valuesOf(Dirichlet([0.3, 2, 5]).logProb(tf.tensor(xs, [2000, 3])));
      expect(lp.every(Number.isFinite)).toBe(true);
      // Dirichlet([a, b]) at (x, 1 − x) is Beta(a, b) at x: 8 ulp of the terms (as in the CPU tests).
      const x = 0.3;
      const dir = valuesOf(Dirichlet([2.5, 4]).logProb(tf.tensor([x, Math.fround(1 - x)])))[0]!;
      expect(Math.abs(dir - betaSpec.logpdf(Math.fround(x), [2.5, 4]))).toBeLessThanOrEqual(betaSpec.tol.logProb(x, [2.5, 4]) * 2);
      const g = valuesOf(tf.grad((t: tf.Tensor) => tf.sum(Dirichlet(t).rsample([50], 4)))(tf.tensor([0.5, 1, 2])));
      expect(g.every(Number.isFinite)).toBe(true);
    });
  });

  it.each(rules.map((s) => [s.name, s] as const))("KL %s equals the float64 reference within c·eps32·(1 + Σ|terms|)", (_name, spec) => {
    for (const [p, q] of fc.sample(spec.pairs, { seed: FC.seed, numRuns: 15 })) {
      const k = tf.tidy(() => kl(spec.makeP(...p), spec.makeQ(...q)).dataSync()[0]!);
      expect(Math.abs(k - spec.kl64(p, q))).toBeLessThanOrEqual(spec.c * EPS32 * (1 + spec.size(p, q)));
    }
  });
});

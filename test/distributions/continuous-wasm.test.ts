// The continuous families, Delta and their KL rules on the wasm backend (the library's default): the same
// float64 references and the same derived bounds as the CPU property tests (see continuous-specs.ts and
// kl-specs.ts), on fixed samples of points rather than full property runs (each wasm op has a fixed cost;
// the point here is the backend's kernels — Tan, Log, Exp, Expm1, Log1p is avoided — not coverage).
import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Delta, Normal, currentBackend, kl, tf, useBackend } from "latent";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { EPS32, FC } from "../helpers.js";
import { type ContinuousSpec, richardson, supportPoint, tailProb } from "./continuous-suite.js";
import * as specs from "./continuous-specs.js";
import * as klSpecs from "../kl/kl-specs.js";
import type { KLSpec } from "../kl/kl-suite.js";

await useBackend("wasm");
afterAll(async () => {
  await useBackend("cpu");
});

const families = Object.values(specs).filter((s): s is ContinuousSpec => typeof s === "object");
const rules = Object.values(klSpecs) as KLSpec[];

describe("continuous families on the wasm backend", () => {
  it("runs on wasm", () => {
    expect(currentBackend()).toBe("wasm");
  });

  it.each(families.map((s) => [s.name, s] as const))("%s: logProb and its gradients match float64 within the CPU bounds", (_name, spec) => {
    const k = spec.paramNames.length;
    const points = fc.sample(fc.tuple(spec.params, tailProb, fc.boolean()), { seed: FC.seed, numRuns: 30 });
    for (const [p, t, upper] of points) {
      const x = supportPoint(spec, p, t, upper);
      if (!Number.isFinite(x)) continue;
      const [lp, grads] = tf.tidy(() => {
        const f = (...args: tf.Tensor[]) => spec.make(...args.slice(0, k)).logProb(args[k]!);
        const g = tf.grads(f)([...p.map((v) => tf.scalar(v)), tf.scalar(x)]).map((q) => q.dataSync()[0]!);
        return [spec.make(...p).logProb(tf.scalar(x)).dataSync()[0]!, g] as const;
      });
      expect(Math.abs(lp - spec.logpdf(x, p))).toBeLessThanOrEqual(spec.tol.logProb(x, p));
      const kinks = spec.kinks?.(p) ?? [];
      const dist = Math.min(Infinity, ...kinks.map((c) => Math.abs(x - c)));
      if (dist <= 1e-4 * spec.xScale(x, p)) continue;
      for (let i = 0; i < k; i++) {
        const ref = richardson((v) => spec.logpdf(x, p.map((q, j) => (j === i ? v : q))), p[i]!, Math.min(spec.paramScale(p, i), dist / 2));
        expect(Math.abs(grads[i]! - ref)).toBeLessThanOrEqual(spec.tol.grad(x, p, i, ref));
      }
      const ref = richardson((v) => spec.logpdf(v, p), x, Math.min(spec.xScale(x, p), dist / 2));
      expect(Math.abs(grads[k]! - ref)).toBeLessThanOrEqual(spec.tol.grad(x, p, k, ref));
    }
  });

  it.each(families.map((s) => [s.name, s] as const))(
    "%s: samples lie in the support with finite logProb and match the CDF (DKW, rate ≤ 1e-6 over all families)",
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
    },
  );

  it("Delta samples, logProb and gradients on wasm", () => {
    tf.tidy(() => {
      const d = Delta([1.5, -2], { eventDim: 1, logDensity: 0.25 });
      expect(Array.from(d.rsample([2]).dataSync())).toEqual([1.5, -2, 1.5, -2]);
      expect(Array.from(d.logProb(tf.tensor([[1.5, -2], [1.5, 2]])).dataSync())).toEqual([0.25, -Infinity]);
      const g = tf.grad((v: tf.Tensor) => kl(Delta(v), Normal(0, 1)))(tf.scalar(0.5)).dataSync()[0]!;
      expect(Math.abs(g - 0.5)).toBeLessThanOrEqual(4 * EPS32);
    });
  });

  it.each(rules.map((s) => [s.name, s] as const))("KL %s matches the float64 reference within c·eps32·(1 + Σ|terms|)", (_name, spec) => {
    for (const [p, q] of fc.sample(spec.pairs, { seed: FC.seed, numRuns: 30 })) {
      const k = tf.tidy(() => kl(spec.makeP(...p), spec.makeQ(...q)).dataSync()[0]!);
      expect(Math.abs(k - spec.kl64(p, q))).toBeLessThanOrEqual(spec.c * EPS32 * (1 + spec.size(p, q)));
    }
  });
});

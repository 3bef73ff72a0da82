// A shared property suite for scalar continuous families (LogNormal, HalfNormal, HalfCauchy, Laplace,
// Cauchy, Gumbel, Logistic, Uniform). Each test file supplies a spec: the factory, float64 references
// (log-density, CDF and survival function, moments, entropy) and the float32 tolerances, each derived
// in a comment in that file. The suite then runs the same checks on every family:
// shapes; logProb/mean/variance/entropy against float64; logProb gradients against Richardson-
// extrapolated central differences of the float64 log-density; samples in the support with finite
// logProb; sample moments (CLT) and the empirical CDF (DKW, exact) at a false-failure rate ≤ 1e-6; rsample
// gradients against the implicit-function oracle dx/dθ = −(∂F/∂θ)(x)/p(x); seeding; no leaks.
import * as fc from "fast-check";
import { expect, it } from "vitest";
import { type Distribution, tf } from "latent";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { FC, scalarOf, valuesOf } from "../helpers.js";

/** Parameters of one distribution as plain numbers (exactly representable in float32). */
export type Params = readonly number[];

/** Everything the suite needs to know about one family. */
export interface ContinuousSpec {
  /** The family's name, e.g. "Gumbel". */
  name: string;
  /** Parameter names in the order the factory takes them. */
  paramNames: readonly string[];
  /** Build the distribution from tensors (or numbers), in `paramNames` order. */
  make: (...params: Array<tf.Tensor | number>) => Distribution;
  /** Parameter sets for the accuracy and gradient properties. */
  params: fc.Arbitrary<Params>;
  /** Parameter sets for the sampling properties (moderate, so that n = 20,000 draws resolve the moments). */
  sampleParams: fc.Arbitrary<Params>;
  /** float64 quantile function, used to place test points over the whole support including the tails. */
  quantile: (u: number, p: Params) => number;
  /** float64 log-density. */
  logpdf: (x: number, p: Params) => number;
  /** float64 CDF P(X ≤ x), accurate in the lower tail. */
  cdf: (x: number, p: Params) => number;
  /** float64 survival P(X > x), accurate in the upper tail. */
  sf: (x: number, p: Params) => number;
  /** float64 mean, variance and entropy (mean/variance may be NaN or Infinity where undefined). */
  mean: (p: Params) => number;
  variance: (p: Params) => number;
  entropy: (p: Params) => number;
  /** Kurtosis μ₄/σ⁴ (not excess), for the CLT bound on the sample variance; omit when infinite. */
  kurtosis?: (p: Params) => number;
  /** Tolerances (absolute), each derived in the spec's file. */
  tol: {
    logProb: (x: number, p: Params) => number;
    mean: (p: Params) => number;
    variance: (p: Params) => number;
    entropy: (p: Params) => number;
    /** Tolerance on ∂ logProb/∂(param i) for i < paramNames.length, and on ∂/∂x for i = paramNames.length. */
    grad: (x: number, p: Params, i: number, reference: number) => number;
    /** Tolerance on ∂x/∂(param i) of rsample against the oracle. */
    rsampleGrad: (x: number, p: Params, i: number, reference: number) => number;
  };
  /** Whether value x is in the (closed) support. */
  inSupport: (x: number, p: Params) => boolean;
  /** The scale on which the log-density varies in parameter i (the finite-difference step is 1e-3 of it). */
  paramScale: (p: Params, i: number) => number;
  /** The scale on which the log-density varies in x near x (the finite-difference step is 1e-3 of it). */
  xScale: (x: number, p: Params) => number;
  /**
   * Points where the log-density is not differentiable (Laplace's loc, Uniform's bounds). Gradients are
   * compared only where |x − kink| > 1e-4·xScale for every kink (closer, the float64 reference difference
   * would lose digits), and every finite-difference step is kept below half that distance so that it never
   * straddles a kink.
   */
  kinks?: (p: Params) => number[];
}

/** Half the distance from x to the nearest kink, or +∞; `undefined` when x is too close to one to compare. */
function kinkRoom(spec: ContinuousSpec, x: number, p: Params): number | undefined {
  const ks = spec.kinks?.(p) ?? [];
  const dist = Math.min(Infinity, ...ks.map((c) => Math.abs(x - c)));
  if (dist <= 1e-4 * spec.xScale(x, p)) return undefined;
  return dist / 2;
}

/**
 * Central difference with one Richardson step: D(h) = (f(x+h) − f(x−h))/(2h), result (4D(h/2) − D(h))/3,
 * truncation O(h⁴ f⁽⁵⁾). With h = 1e-3·scale the truncation is ~1e-12 relative for functions that vary on
 * that scale, and float64 roundoff ~ 2⁻⁵³·|f|/h.
 */
export function richardson(f: (x: number) => number, x: number, scale: number): number {
  const h = 1e-3 * scale;
  const d = (s: number) => (f(x + s) - f(x - s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
}

/** A point of the support: x = Q(u) rounded to float32, u log-uniform in the lower tail or mirrored. */
export function supportPoint(spec: ContinuousSpec, p: Params, t: number, upper: boolean): number {
  const u = upper ? 1 - t : t;
  return Math.fround(spec.quantile(u, p));
}

/** Tail probabilities for the test points: log-uniform in [1e-12, 0.5]. */
export const tailProb = fc.double({ min: Math.log(1e-12), max: Math.log(0.5), noNaN: true }).map(Math.exp);

const withParam = (p: Params, i: number, v: number): Params => p.map((q, j) => (j === i ? v : q));

/** Register the standard properties for `spec` (call inside `describe`). */
export function continuousSuite(spec: ContinuousSpec): void {
  const k = spec.paramNames.length;

  it("has the shapes of Pyro's convention for sample, logProb, mean, variance, entropy, expand, toEvent", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        spec.sampleParams,
        (sampleShape, batch, p) => {
          tf.tidy(() => {
            // The first parameter carries the batch shape; the others stay scalars (lazy broadcasting).
            const d = spec.make(tf.fill(batch, p[0]!), ...p.slice(1));
            expect(d.batchShape).toEqual(batch);
            expect(d.eventShape).toEqual([]);
            const x = d.sample(sampleShape, 1);
            expect(x.shape).toEqual([...sampleShape, ...batch]);
            expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
            expect(d.mean.shape).toEqual(batch);
            expect(d.variance.shape).toEqual(batch);
            expect(d.entropy().shape).toEqual(batch);
            const e = d.expand([2, ...batch]);
            expect(e.batchShape).toEqual([2, ...batch]);
            expect(e.sample([3], 2).shape).toEqual([3, 2, ...batch]);
            expect(e.logProb(e.sample([], 3)).shape).toEqual([2, ...batch]);
            expect(e.toEvent(1).batchShape).toEqual([2, ...batch].slice(0, -1));
            // A value of shape [5, 1, ...] broadcasts against the batch.
            expect(d.logProb(tf.fill([5, ...batch.map(() => 1)], spec.quantile(0.5, p))).shape).toEqual([5, ...batch]);
          });
        },
      ),
      { ...FC, numRuns: 30 },
    );
  });

  it("logProb, mean, variance and entropy equal the float64 references within the derived float32 bounds", () => {
    fc.assert(
      fc.property(spec.params, tailProb, fc.boolean(), (p, t, upper) => {
        const x = supportPoint(spec, p, t, upper);
        if (!Number.isFinite(x)) return;
        const d = spec.make(...p);
        const lp = scalarOf(d.logProb(tf.scalar(x)));
        const ref = spec.logpdf(x, p);
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(spec.tol.logProb(x, p));
        const m = spec.mean(p);
        const mean = scalarOf(d.mean);
        if (Number.isFinite(m)) expect(Math.abs(mean - m)).toBeLessThanOrEqual(spec.tol.mean(p));
        else expect(mean).toBe(m); // NaN (no mean) or +Infinity, exactly
        const v = spec.variance(p);
        const variance = scalarOf(d.variance);
        if (Number.isFinite(v)) expect(Math.abs(variance - v)).toBeLessThanOrEqual(spec.tol.variance(p));
        else expect(variance).toBe(v);
        expect(Math.abs(scalarOf(d.entropy()) - spec.entropy(p))).toBeLessThanOrEqual(spec.tol.entropy(p));
      }),
      FC,
    );
  });

  it("logProb gradients (parameters and value) equal Richardson central differences of the float64 log-density", () => {
    fc.assert(
      fc.property(spec.params, tailProb, fc.boolean(), (p, t, upper) => {
        const x = supportPoint(spec, p, t, upper);
        if (!Number.isFinite(x)) return;
        const grads = tf.tidy(() => {
          const f = (...args: tf.Tensor[]) => spec.make(...args.slice(0, k)).logProb(args[k]!);
          return tf.grads(f)([...p.map((v) => tf.scalar(v)), tf.scalar(x)]).map((g) => g.dataSync()[0]!);
        });
        const room = kinkRoom(spec, x, p);
        if (room === undefined) return;
        for (let i = 0; i < k; i++) {
          const ref = richardson((v) => spec.logpdf(x, withParam(p, i, v)), p[i]!, Math.min(spec.paramScale(p, i), room));
          expect(Math.abs(grads[i]! - ref)).toBeLessThanOrEqual(spec.tol.grad(x, p, i, ref));
        }
        const ref = richardson((v) => spec.logpdf(v, p), x, Math.min(spec.xScale(x, p), room));
        expect(Math.abs(grads[k]! - ref)).toBeLessThanOrEqual(spec.tol.grad(x, p, k, ref));
      }),
      FC,
    );
  });

  it("rsample is pathwise: dx/dθ equals the implicit-function oracle −(∂F/∂θ)(x)/p(x)", () => {
    fc.assert(
      fc.property(spec.params, fc.integer({ min: 1, max: 2 ** 30 }), (p, seed) => {
        const [x, grads] = tf.tidy(() => {
          const f = (...args: tf.Tensor[]) => spec.make(...args).rsample([], seed);
          const g = tf.grads(f)(p.map((v) => tf.scalar(v))).map((t) => t.dataSync()[0]!);
          return [spec.make(...p).rsample([], seed).dataSync()[0]!, g] as const;
        });
        if (!Number.isFinite(x)) return;
        expect(spec.inSupport(x, p)).toBe(true);
        const room = kinkRoom(spec, x, p);
        if (room === undefined) return;
        const density = Math.exp(spec.logpdf(x, p));
        // Use the CDF in the lower half and the survival function in the upper half (no cancellation):
        // −∂F/∂θ = ∂S/∂θ.
        const lower = spec.cdf(x, p) < 0.5;
        for (let i = 0; i < k; i++) {
          const scale = Math.min(spec.paramScale(p, i), room);
          const dF = lower
            ? -richardson((v) => spec.cdf(x, withParam(p, i, v)), p[i]!, scale)
            : richardson((v) => spec.sf(x, withParam(p, i, v)), p[i]!, scale);
          const ref = dF / density;
          expect(Math.abs(grads[i]! - ref)).toBeLessThanOrEqual(spec.tol.rsampleGrad(x, p, i, ref));
        }
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("samples lie in the support with finite logProb, and match the CDF (DKW) and the moments (CLT); false-failure rate ≤ 1e-6", () => {
    const runs = 10;
    const n = 20_000;
    const hasMoments = spec.kurtosis !== undefined;
    // Bonferroni over runs × assertions: one DKW test, plus mean and variance when the family has them.
    const perRun = hasMoments ? 3 : 1;
    const alpha = 1e-6 / (runs * perRun);
    const z = zForFailureRate(alpha);
    fc.assert(
      fc.property(spec.sampleParams, fc.integer({ min: 1, max: 2 ** 30 }), (p, seed) => {
        const d = spec.make(...p);
        const xs = tf.tidy(() => d.sample([n], seed).dataSync().slice());
        const lps = valuesOf(d.logProb(tf.tensor(xs)));
        expect(xs.every((x) => spec.inSupport(x, p))).toBe(true);
        expect(lps.every(Number.isFinite)).toBe(true);
        // DKW (Massart): P(sup|F_n − F| > ε) ≤ 2e^{−2nε²} exactly, for every n. The CDF is evaluated on the
        // float32 draws; rounding moves F by ≤ p(x)·|x|·2⁻²⁴, far below ε ≈ 0.026. Power: a sampler whose
        // CDF is off by 0.05 anywhere (e.g. a scale off by ~15%, a location off by 0.15 scale) fails.
        const dkw = dkwTest(xs, (x) => Math.min(1, Math.max(0, spec.cdf(x, p))), alpha);
        expect(dkw.statistic).toBeLessThanOrEqual(dkw.bound);
        if (hasMoments) {
          const mu = spec.mean(p);
          const v = spec.variance(p);
          let mean = 0;
          for (const x of xs) mean += x;
          mean /= n;
          let s2 = 0;
          for (const x of xs) s2 += (x - mean) ** 2;
          s2 /= n - 1;
          // mean ~ N(μ, σ²/n); s² has SE σ²·√((κ − 1)/n) (κ the kurtosis; the O(1/n²) terms are negligible).
          // The families here have exponential or lighter tails at these parameters, so the CLT holds to the
          // far tail at n = 20,000 (Edgeworth correction to the tail rate ≲ skew·z³/(6√n) ≈ 0.15·skew).
          // Power: a variance off by 10% is ≥ 3 SE away for κ ≤ 10 (SE ≤ 2.1% of σ²); a mean off by 0.05σ is 7 SE.
          expect(Math.abs(mean - mu)).toBeLessThanOrEqual(z * Math.sqrt(v / n));
          expect(Math.abs(s2 - v)).toBeLessThanOrEqual(z * v * Math.sqrt((spec.kurtosis!(p) - 1) / n));
        }
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("same seed gives bit-identical samples; different seeds differ", () => {
    const p = fc.sample(spec.sampleParams, { seed: FC.seed, numRuns: 1 })[0]!;
    const a = valuesOf(spec.make(...p).sample([5], 3));
    const b = valuesOf(spec.make(...p).sample([5], 3));
    const c = valuesOf(spec.make(...p).sample([5], 4));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("does not leak tensors (sample, rsample, logProb, moments, entropy, gradients)", () => {
    const p = fc.sample(spec.sampleParams, { seed: FC.seed, numRuns: 1 })[0]!;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = spec.make(...p.map((v) => tf.fill([3], v)));
      d.logProb(d.rsample([2], 1));
      d.logProb(d.sample([2], 1));
      void d.mean;
      void d.variance;
      void d.entropy();
    });
    const inputs = p.map((v) => tf.scalar(v));
    const g = tf.grads((...args: tf.Tensor[]) => tf.sum(spec.make(...args).logProb(spec.make(...args).rsample([4], 5))))(inputs);
    g.forEach((t) => t.dispose());
    inputs.forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
}

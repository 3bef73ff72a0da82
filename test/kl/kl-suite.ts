// A shared property suite for closed-form KL rules. Each spec supplies the factories of both arguments,
// a float64 reference formula (the textbook form), the float64 log-ratio log p(x) − log q(x), the size
// Σ|terms| of the float32 evaluation (for the error bound c·eps32·(1 + Σ|terms|)), and where to split the
// integral ∫ p log(p/q) for the quadrature check. The suite checks:
// - the float64 reference against double-exponential quadrature of ∫ p log(p/q) (deterministic, ~1e-9);
// - the float32 rule against the reference, and KL ≥ −c·eps32·(1 + Σ|terms|);
// - KL(p ‖ p) = 0 exactly, for same-family rules;
// - the rule against the Monte Carlo mean of log p(x) − log q(x), x ~ p (library sampler), within a CLT bound;
// - gradients w.r.t. every parameter of both arguments against Richardson differences of the reference;
// - the broadcast batch shape, and composition with toEvent / expand.
import * as fc from "fast-check";
import { expect, it } from "vitest";
import { type Distribution, kl, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, scalarOf, valuesOf } from "../helpers.js";
import { richardson } from "../distributions/continuous-suite.js";

/** Parameters of one distribution as plain numbers (exactly representable in float32). */
export type Params = readonly number[];

/** Everything the suite needs to know about one KL rule. */
export interface KLSpec {
  /** e.g. "Laplace ‖ Laplace". */
  name: string;
  makeP: (...params: Array<tf.Tensor | number>) => Distribution;
  makeQ: (...params: Array<tf.Tensor | number>) => Distribution;
  /** Parameter pairs for the accuracy and gradient properties. */
  pairs: fc.Arbitrary<readonly [Params, Params]>;
  /** Parameter pairs for the Monte Carlo property (the log-ratio's tails light enough for the CLT at n). */
  mcPairs: fc.Arbitrary<readonly [Params, Params]>;
  /** Draws per Monte Carlo run. */
  mcN: number;
  /** float64 reference KL. */
  kl64: (p: Params, q: Params) => number;
  /** float64 log p(x) and log q(x). */
  logp64: (x: number, p: Params) => number;
  logq64: (x: number, q: Params) => number;
  /** Σ|terms| of the float32 evaluation (see each rule's derivation). */
  size: (p: Params, q: Params) => number;
  /** The constant c of |KL₃₂ − KL₆₄| ≤ c·eps32·(1 + Σ|terms|), derived in the spec. */
  c: number;
  /** Split points of the integral: the support of p (ends may be ±∞) and the kinks of the log-ratio inside it, sorted. */
  breaks: (p: Params, q: Params) => number[];
  /** Location and spread of p, for the quadrature's change of variables on infinite intervals. */
  center: (p: Params) => [number, number];
  /** Integrate over y = log x (x = e^y, dx = e^y dy) instead: breaks and center are then in y. */
  logSpace?: boolean;
  /** The scale on which KL varies in parameter i of p (i < p.length) or of q (i ≥ p.length). */
  paramScale: (p: Params, q: Params, i: number) => number;
  /** Gradient tolerance for parameter i (derived in the spec). */
  gradTol: (p: Params, q: Params, i: number, ref: number) => number;
  /** Whether p and q are of the same family (then KL(p ‖ p) = 0 exactly). */
  sameFamily: boolean;
}

// ——— double-exponential quadrature ———

const H = 1 / 64;
const T = 4.5;

/** ∫ₐᵇ f for finite a < b: tanh-sinh, x = (a + b)/2 + r·tanh(½π sinh t), the endpoint distances formed without cancellation. */
function tanhSinh(f: (x: number) => number, a: number, b: number): number {
  const r = (b - a) / 2;
  let sum = 0;
  for (let t = -T; t <= T + 1e-12; t += H) {
    const s = (Math.PI / 2) * Math.sinh(t);
    const w = (r * (Math.PI / 2) * Math.cosh(t)) / Math.cosh(s) ** 2;
    if (!(w > 0)) continue;
    // distance to the nearer end: r·(1 − tanh|s|) = 2r/(1 + e^{2|s|})
    const d = (2 * r) / (1 + Math.exp(2 * Math.abs(s)));
    const x = s < 0 ? a + d : b - d;
    if (x <= a || x >= b) continue;
    sum += w * f(x);
  }
  return sum * H;
}

/** ∫ₐ^∞ f (sign = 1) or ∫_{−∞}^a f (sign = −1): exp-sinh, x = a ± s·exp(½π sinh t). */
function expSinh(f: (x: number) => number, a: number, scale: number, sign: 1 | -1): number {
  let sum = 0;
  for (let t = -T; t <= T + 1e-12; t += H) {
    const e = Math.exp((Math.PI / 2) * Math.sinh(t));
    const w = scale * (Math.PI / 2) * Math.cosh(t) * e;
    const x = a + sign * scale * e;
    if (!Number.isFinite(x) || x === a || !(w < Infinity)) continue;
    sum += w * f(x);
  }
  return sum * H;
}

/** ∫_{−∞}^∞ f: sinh-sinh, x = c + s·sinh(½π sinh t). */
function sinhSinh(f: (x: number) => number, c: number, scale: number): number {
  let sum = 0;
  for (let t = -T; t <= T + 1e-12; t += H) {
    const s = (Math.PI / 2) * Math.sinh(t);
    const w = scale * (Math.PI / 2) * Math.cosh(t) * Math.cosh(s);
    const x = c + scale * Math.sinh(s);
    if (!Number.isFinite(x) || !(w < Infinity)) continue;
    sum += w * f(x);
  }
  return sum * H;
}

/** ∫ f over the union of [breaks[i], breaks[i+1]] (ends may be ±∞), with `center`/`scale` for infinite pieces. */
export function integrate(f: (x: number) => number, breaks: number[], center: number, scale: number): number {
  let total = 0;
  for (let i = 0; i + 1 < breaks.length; i++) {
    const a = breaks[i]!;
    const b = breaks[i + 1]!;
    if (a === -Infinity && b === Infinity) total += sinhSinh(f, center, scale);
    else if (b === Infinity) total += expSinh(f, a, scale, 1);
    else if (a === -Infinity) total += expSinh(f, b, scale, -1);
    else if (b > a) total += tanhSinh(f, a, b);
  }
  return total;
}

/** p(x)·(log p(x) − log q(x)), 0 where p(x) underflows. */
function klIntegrand(spec: KLSpec, p: Params, q: Params): (x: number) => number {
  return (x) => {
    const lp = spec.logp64(x, p);
    const w = Math.exp(lp);
    return w === 0 ? 0 : w * (lp - spec.logq64(x, q));
  };
}

/** Register the standard KL properties for `spec` (call inside `describe`). */
export function klSuite(spec: KLSpec): void {
  it("the float64 reference formula equals double-exponential quadrature of ∫ p log(p/q) (to 1e-9)", () => {
    fc.assert(
      fc.property(spec.pairs, ([p, q]) => {
        const ref = spec.kl64(p, q);
        if (!Number.isFinite(ref)) return;
        const [c, s] = spec.center(p);
        const f = klIntegrand(spec, p, q);
        const g = spec.logSpace
          ? (y: number) => {
              const x = Math.exp(y);
              return x > 0 && x < Infinity ? f(x) * x : 0; // p underflows long before x leaves (0, ∞)
            }
          : f;
        // The center of p's mass is always a break, so that no infinite piece starts far from the mass (an
        // exp-sinh piece anchored at a distant kink would step over a narrow p).
        const bs = spec.breaks(p, q);
        const breaks = bs[0]! < c && c < bs[bs.length - 1]! && !bs.includes(c) ? [...bs, c].sort((u, v) => u - v) : bs;
        const quad = integrate(g, breaks, c, s);
        // DE quadrature with h = 1/64 converges to ~1e-13 relative for integrands analytic between the breaks
        // (measured ≤ 1e-11 here); 1e-9·(1 + |KL|) leaves room for float64 rounding in log p − log q.
        expect(Math.abs(quad - ref)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(ref)));
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("is ≥ 0 (float32-honest) and equals the float64 reference within c·eps32·(1 + Σ|terms|)", () => {
    fc.assert(
      fc.property(spec.pairs, ([p, q]) => {
        const k = scalarOf(kl(spec.makeP(...p), spec.makeQ(...q)));
        const ref = spec.kl64(p, q);
        const size = spec.size(p, q);
        // The float64 reference (a naive textbook form) is ≥ 0 up to its own float64 cancellation.
        expect(ref).toBeGreaterThanOrEqual(-1e-12 * (1 + size));
        expect(k).toBeGreaterThanOrEqual(-spec.c * EPS32 * (1 + size));
        expect(Math.abs(k - ref)).toBeLessThanOrEqual(spec.c * EPS32 * (1 + size));
      }),
      FC,
    );
  });

  if (spec.sameFamily) {
    it("KL(p ‖ p) is exactly 0", () => {
      fc.assert(
        fc.property(spec.pairs, ([p]) => {
          expect(scalarOf(kl(spec.makeP(...p), spec.makeP(...p)))).toBe(0);
        }),
        FC,
      );
    });
  }

  it("equals the Monte Carlo mean of log p(x) − log q(x), x ~ p, within a CLT bound (false-failure rate 1e-6)", () => {
    const runs = 20;
    const z = zForFailureRate(1e-6 / runs);
    const n = spec.mcN;
    fc.assert(
      fc.property(spec.mcPairs, fc.integer({ min: 1, max: 2 ** 30 }), ([p, q], seed) => {
        const xs = valuesOf(spec.makeP(...p).sample([n], seed));
        // The log-ratio in float64 at the float32 draws: no float32 rounding in the terms.
        let mean = 0;
        const terms = xs.map((x) => spec.logp64(x, p) - spec.logq64(x, q));
        for (const t of terms) mean += t;
        mean /= n;
        let ss = 0;
        for (const t of terms) ss += (t - mean) ** 2;
        const sd = Math.sqrt(ss / (n - 1));
        // CLT with the sample SD; each spec restricts mcPairs so that the log-ratio has moderate skewness
        // (the Edgeworth correction to the far-tail rate stays below a factor ~1.5). The float32 rule's own
        // error (c·eps32·(1 + Σ|terms|), checked above) is added. Power: a rule wrong by 5% of KL or by a
        // misplaced constant ≥ 0.01 is caught whenever that exceeds z·sd/√n (≈ 0.02·sd), i.e. in most runs.
        const k = scalarOf(kl(spec.makeP(...p), spec.makeQ(...q)));
        expect(Math.abs(mean - k)).toBeLessThanOrEqual((z * sd) / Math.sqrt(n) + spec.c * EPS32 * (1 + spec.size(p, q)));
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("has gradients for every parameter of both arguments, equal to Richardson differences of the reference", () => {
    fc.assert(
      fc.property(spec.pairs, ([p, q]) => {
        const ref0 = spec.kl64(p, q);
        if (!Number.isFinite(ref0)) return;
        const np = p.length;
        const all = [...p, ...q];
        const grads = tf.tidy(() =>
          tf
            .grads((...args: tf.Tensor[]) => kl(spec.makeP(...args.slice(0, np)), spec.makeQ(...args.slice(np))))(all.map((v) => tf.scalar(v)))
            .map((g) => g.dataSync()[0]!),
        );
        all.forEach((v, i) => {
          const at = (w: number) => {
            const a = all.map((u, j) => (j === i ? w : u));
            return spec.kl64(a.slice(0, np), a.slice(np));
          };
          const ref = richardson(at, v, spec.paramScale(p, q, i));
          const g = grads[i]!;
          expect(Number.isFinite(g)).toBe(true);
          const tol = spec.gradTol(p, q, i, ref);
          expect(Math.abs(g - ref)).toBeLessThanOrEqual(tol);
          if (Math.abs(ref) > 10 * tol) expect(g).not.toBe(0);
        });
      }),
      FC,
    );
  });

  it("has the broadcast batch shape, and composes with toEvent and expand", () => {
    const [p, q] = fc.sample(spec.mcPairs, { seed: FC.seed, numRuns: 1 })[0]!;
    tf.tidy(() => {
      // p's first parameter with batch shape [3, 1], q's with [4]: KL has shape [3, 4].
      const dp = spec.makeP(tf.fill([3, 1], p[0]!), ...p.slice(1));
      const dq = spec.makeQ(tf.fill([4], q[0]!), ...q.slice(1));
      const k = kl(dp, dq);
      expect(k.shape).toEqual([3, 4]);
      const one = scalarOf(kl(spec.makeP(...p), spec.makeQ(...q)));
      expect(valuesOf(k).every((v) => v === one)).toBe(true);
      // Independent: Σ over the reinterpreted dimension; Expanded prior on the right.
      const joint = scalarOf(kl(spec.makeP(tf.fill([5], p[0]!), ...p.slice(1)).toEvent(1), spec.makeQ(...q).expand([5]).toEvent(1)));
      expect(Math.abs(joint - 5 * one)).toBeLessThanOrEqual(8 * EPS32 * 5 * (1 + spec.size(p, q)));
    });
  });

  it("does not leak tensors (value and gradients)", () => {
    const [p, q] = fc.sample(spec.mcPairs, { seed: FC.seed, numRuns: 1 })[0]!;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      kl(spec.makeP(...p), spec.makeQ(...q));
    });
    const inputs = [...p, ...q].map((v) => tf.scalar(v));
    const g = tf.grads((...a: tf.Tensor[]) => kl(spec.makeP(...a.slice(0, p.length)), spec.makeQ(...a.slice(p.length))))(inputs);
    g.forEach((t) => t.dispose());
    inputs.forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
}

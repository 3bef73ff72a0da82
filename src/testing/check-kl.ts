/**
 * `checkKL`: the properties every closed-form KL rule must have.
 *
 * @module
 */
import * as fc from "fast-check";
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../math/tidy.js";
import type { Distribution } from "../distributions/distribution.js";
import { hasKL, kl as registryKL } from "../kl/registry.js";
import { shapesEqual, tryBroadcastShapes } from "../math/shape.js";
import { seedArb, showParams } from "./arbitraries.js";
import { runProperty } from "./run-property.js";
import { budget, type CheckOptions } from "./budget.js";
import { expectProperty } from "./property-failure.js";
import { zForFailureRate } from "./stats/normal-quantile-bound.js";

const EPS32 = 2 ** -23;

/** Parameter tensors of a KL pair and how to build (p, q) from them, for the gradient check. */
export interface KLPairTensors {
  /** The tensors whose gradients must exist, in `tf.grads` order. */
  readonly tensors: tf.Tensor[];
  /** Build p and q from those tensors. */
  readonly build: (ts: tf.Tensor[]) => [Distribution, Distribution];
}

/** A pair of families whose KL is checked. */
export interface KLPair<P> {
  /** Name used in failure messages, e.g. `"Normal‖Normal"`. */
  readonly name: string;
  /** Parameters of p and q. */
  readonly params: fc.Arbitrary<P>;
  /** Build p (called inside `tf.tidy`). */
  p(params: P): Distribution;
  /** Build q (called inside `tf.tidy`). */
  q(params: P): Distribution;
  /** The KL under test (default: the registry's `kl`). */
  readonly kl?: (p: Distribution, q: Distribution) => tf.Tensor;
  /** Parameter tensors of p and q whose gradients must exist, when given (in `tf.grads` order). */
  readonly withTensors?: (params: P) => KLPairTensors;
}

/**
 * Check a KL rule: KL(p‖q) ≥ −c·eps32·(1 + |KL| + Σ|MC terms|) (float32-honest non-negativity),
 * KL(p‖p) ≈ 0 (when a rule for (p, p) exists), the result has the broadcast batch shape, the closed form equals the Monte Carlo
 * mean of log p(x) − log q(x) over x ~ p within a CLT bound at rate `alpha` (split over runs
 * and batch elements), and (with `withTensors`) gradients exist and are finite for both
 * arguments' parameters.
 *
 * @example
 * ```ts
 * checkKL({ name: "Normal‖Normal", params: fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true })),
 *   p: ([m, s]) => Normal(m, s), q: () => Normal(0, 1) });
 * ```
 */
export function checkKL<P>(pair: KLPair<P>, options: CheckOptions = {}): void {
  const b = budget(options, 20_000);
  const klOf = pair.kl ?? registryKL;
  const check = `checkKL(${pair.name})`;
  runProperty(
    fc.property(pair.params, seedArb(), (params, seed) => {
      tidyObject(() => {
        const p = pair.p(params);
        const q = pair.q(params);
        const ctx = { check, params: showParams(params), seed };
        const k = klOf(p, q);
        const want = tryBroadcastShapes(p.batchShape, q.batchShape);
        expectProperty(want !== undefined && shapesEqual(k.shape, want), `KL has shape [${k.shape.join(",")}], expected the broadcast batch shape`, ctx);
        const kv = k.dataSync();
        // KL(p ‖ p) = 0, where a rule for (p, p) exists (cross-family rules have none)
        const self = pair.kl !== undefined || hasKL(p, p) ? klOf(p, p).dataSync() : new Float32Array(0);
        self.forEach((v, i) =>
          expectProperty(Math.abs(v) <= 16 * EPS32 * (1 + Math.abs(kv[i] ?? 0)), `KL(p‖p) = ${v}, expected 0`, { ...ctx, statistic: v, note: `batch element ${i}` }),
        );
        const n = b.samples;
        const x = p.sample([n], seed);
        const ratio = tf.sub(p.logProb(x), q.logProb(x)).dataSync();
        const batch = kv.length;
        for (let j = 0; j < batch; j++) {
          const terms = new Float64Array(n);
          let scale = 0;
          for (let i = 0; i < n; i++) {
            terms[i] = ratio[i * batch + j]!;
            scale = Math.max(scale, Math.abs(terms[i]!));
          }
          const value = kv[j]!;
          const where = { ...ctx, note: `batch element ${j}` };
          expectProperty(value >= -16 * EPS32 * (1 + Math.abs(value) + scale), `KL = ${value} < 0 beyond float32 rounding`, { ...where, statistic: value });
          if (!Number.isFinite(value)) {
            expectProperty(value === Infinity && terms.some((t) => t === Infinity || !Number.isFinite(t)) , "KL is not finite although every Monte Carlo term is", { ...where, statistic: value });
            continue;
          }
          if (!terms.every(Number.isFinite)) continue;
          // CLT with the sample's standard error, plus float32 rounding of the terms (a constant
          // log-ratio, e.g. Uniform‖Uniform, has zero variance and leaves only the rounding)
          let mean = 0;
          for (const t of terms) mean += t / n;
          let v = 0;
          for (const t of terms) v += (t - mean) ** 2 / (n - 1);
          const bound = zForFailureRate(b.alpha / b.runs / batch) * Math.sqrt(v / n) + 16 * EPS32 * (1 + Math.abs(value) + scale);
          expectProperty(Math.abs(mean - value) <= bound, `closed form ${value} differs from the Monte Carlo mean ${mean}`, {
            ...where,
            statistic: Math.abs(mean - value),
            bound,
          });
        }
        if (pair.withTensors !== undefined) {
          const { tensors, build } = pair.withTensors(params);
          const grads = tf.grads((...ts: tf.Tensor[]) => {
            const [pp, qq] = build(ts);
            return tf.sum(klOf(pp, qq));
          })(tensors);
          grads.forEach((g, i) =>
            expectProperty(g.dataSync().every(Number.isFinite), `the gradient for parameter ${i} is not finite`, ctx),
          );
        }
      });
    }),
    { seed: b.seed, numRuns: b.runs },
  );
}

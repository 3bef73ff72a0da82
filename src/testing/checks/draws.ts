/**
 * Draws from a distribution read back as plain arrays, laid out [sample, batch, event].
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../../math/tidy.js";
import type { Distribution } from "../../distributions/distribution.js";
import { sizeOf } from "../../math/shape.js";

/** Samples and their log-densities, flattened to [n][batch][event]. */
export interface Draws {
  /** Number of samples. */
  readonly n: number;
  /** Number of batch elements. */
  readonly batch: number;
  /** Number of event elements. */
  readonly event: number;
  /** Sample values, index (i·batch + j)·event + k. */
  readonly values: Float32Array;
  /** logProb of each sample, index i·batch + j. */
  readonly logProb: Float32Array;
}

/**
 * Draw `n` samples with `seed` and read them and their log-densities back.
 *
 * @example
 * ```ts
 * const d = draws(Normal(0, 1), 1000, 7);
 * d.values.length; // 1000
 * ```
 */
export function draws(dist: Distribution, n: number, seed: number): Draws {
  return tidyObject(() => {
    const x = dist.sample([n], seed);
    const lp = dist.logProb(x);
    return {
      n,
      batch: sizeOf(dist.batchShape),
      event: sizeOf(dist.eventShape),
      values: Float32Array.from(x.dataSync()),
      logProb: Float32Array.from(lp.dataSync()),
    };
  });
}

/**
 * The series of one (batch j, event k) coordinate across samples.
 *
 * @example
 * ```ts
 * const xs = column(draws(d, 1000, 1), 0, 0);
 * ```
 */
export function column(d: Draws, j: number, k: number): Float64Array {
  const out = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) out[i] = d.values[(i * d.batch + j) * d.event + k]!;
  return out;
}

/**
 * Evaluate the density of batch element `j` of a scalar-event distribution at many points in
 * one tfjs call (each point is placed at every batch position).
 *
 * @example
 * ```ts
 * const dens = densityAt(Normal(0, 1), 0, [0, 1]); // [0.3989, 0.2420]
 * ```
 */
export function densityAt(dist: Distribution, j: number, points: ArrayLike<number>): Float64Array {
  const b = sizeOf(dist.batchShape);
  return tidyObject(() => {
    const flat = new Float32Array(points.length * b);
    for (let i = 0; i < points.length; i++) flat.fill(points[i]!, i * b, (i + 1) * b);
    const lp = dist.logProb(tf.tensor(flat, [points.length, ...dist.batchShape], "float32")).dataSync();
    const out = new Float64Array(points.length);
    for (let i = 0; i < points.length; i++) out[i] = Math.exp(lp[i * b + j]!);
    return out;
  });
}

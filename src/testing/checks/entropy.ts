/**
 * `entropy()` against the Monte Carlo estimate −E[log p(x)].
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../../math/tidy.js";
import type { Distribution } from "../../distributions/distribution.js";
import { meanTest } from "../stats/mean-test.js";
import { expectProperty } from "../property-failure.js";
import { draws } from "./draws.js";

/**
 * Check each batch element's `entropy()` against the sample mean of −logProb over its own
 * draws (two-sided CLT test, `alpha` split over batch elements).
 *
 * @example
 * ```ts
 * checkEntropyOf(Normal(0, 2), 4000, 1e-7, { check: "entropy", params: {}, seed: 2 });
 * ```
 */
export function checkEntropyOf(d: Distribution, n: number, alpha: number, context: { check: string; params: unknown; seed: number }): void {
  const sample = draws(d, n, context.seed);
  const h = tidyObject(() => Float64Array.from(d.entropy().dataSync()));
  for (let j = 0; j < sample.batch; j++) {
    const negLp = new Float64Array(n);
    for (let i = 0; i < n; i++) negLp[i] = -sample.logProb[i * sample.batch + j]!;
    const r = meanTest(negLp, h[j]!, { alpha: alpha / sample.batch });
    expectProperty(r.pass, `entropy() = ${h[j]} but −E[log p] ≈ ${r.mean}`, {
      ...context,
      statistic: r.statistic,
      bound: r.bound,
      note: `batch element ${j}, n = ${n}`,
    });
  }
}

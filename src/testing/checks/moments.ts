/**
 * Sample moments against `mean` and `variance` (CLT with the sample's standard error).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../../math/tidy.js";
import type { Distribution } from "../../distributions/distribution.js";
import { meanTest } from "../stats/mean-test.js";
import { expectProperty } from "../property-failure.js";
import { column, draws } from "./draws.js";

/**
 * Check every coordinate's sample mean against `mean` and, when the fourth moment is finite,
 * the mean of (x − mean)² against `variance`, each a two-sided CLT test at rate `alpha`
 * (already split by the caller over runs; split here over coordinates and the two tests).
 *
 * @example
 * ```ts
 * checkMomentsOf(Normal(0, 1), 4000, 1e-7, { mean: true, variance: true }, { check: "moments", params: {}, seed: 1 });
 * ```
 */
export function checkMomentsOf(
  d: Distribution,
  n: number,
  alpha: number,
  which: { mean: boolean; variance: boolean },
  context: { check: string; params: unknown; seed: number },
): void {
  const sample = draws(d, n, context.seed);
  const [mean, variance] = tidyObject(() => [Float64Array.from(d.mean.dataSync()), Float64Array.from(d.variance.dataSync())]) as [
    Float64Array,
    Float64Array,
  ];
  const coords = sample.batch * sample.event;
  const tests = coords * ((which.mean ? 1 : 0) + (which.variance ? 1 : 0));
  if (tests === 0) return;
  const a = alpha / tests;
  for (let j = 0; j < sample.batch; j++) {
    for (let k = 0; k < sample.event; k++) {
      const xs = column(sample, j, k);
      const m = mean[j * sample.event + k]!;
      const v = variance[j * sample.event + k]!;
      const where = `coordinate (batch ${j}, event ${k}), n = ${n}`;
      if (which.mean) {
        const r = meanTest(xs, m, { alpha: a });
        expectProperty(r.pass, `sample mean ${r.mean} is too far from mean ${m}`, { ...context, statistic: r.statistic, bound: r.bound, note: where });
      }
      if (which.variance && v > 0) {
        const sq = xs.map((x) => (x - m) ** 2);
        const r = meanTest(sq, v, { alpha: a });
        expectProperty(r.pass, `mean of (x − mean)² = ${r.mean} is too far from variance ${v}`, {
          ...context,
          statistic: r.statistic,
          bound: r.bound,
          note: where,
        });
      }
    }
  }
}

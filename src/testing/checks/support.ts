/**
 * Samples lie in the support and have finite log-density.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../../math/tidy.js";
import type { Distribution } from "../../distributions/distribution.js";
import { expectProperty } from "../property-failure.js";

/**
 * Check that `n` draws lie in `d.support` and that `logProb` is finite on every one.
 *
 * @example
 * ```ts
 * checkSupportOf(Gamma(2, 1), 500, { check: "support", params: {}, seed: 3 });
 * ```
 */
export function checkSupportOf(d: Distribution, n: number, context: { check: string; params: unknown; seed: number }): void {
  tidyObject(() => {
    const x = d.sample([n], context.seed);
    const inside = d.support.check(x).dataSync();
    const bad = inside.findIndex((v) => !v);
    expectProperty(bad < 0, `a sample lies outside the support (${d.support.description})`, {
      ...context,
      note: bad < 0 ? undefined : `flat index ${bad} of ${inside.length}`,
    });
    const lp = d.logProb(x).dataSync();
    const nonFinite = lp.findIndex((v) => !Number.isFinite(v));
    expectProperty(nonFinite < 0, "logProb is not finite at one of the distribution's own samples", {
      ...context,
      statistic: nonFinite < 0 ? undefined : lp[nonFinite],
      note: nonFinite < 0 ? undefined : `flat index ${nonFinite}`,
    });
  });
}

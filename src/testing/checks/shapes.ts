/**
 * Shape conformance: sample, logProb, mean, variance, entropy, expand and toEvent.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../../math/tidy.js";
import type { Distribution } from "../../distributions/distribution.js";
import { shapesEqual } from "../../math/shape.js";
import { expectProperty } from "../property-failure.js";

/**
 * Check Pyro's shape semantics on one instance: a draw is sampleShape ++ batch ++ event,
 * logProb is sampleShape ++ batch, mean and variance batch ++ event, entropy batch; `expand`
 * prepends batch dimensions; `toEvent(1)` moves the last batch dimension into the event.
 *
 * @example
 * ```ts
 * checkShapesOf(Normal(tf.zeros([3]), 1), { check: "shapes", params: {}, seed: 1 }, true);
 * ```
 */
export function checkShapesOf(
  d: Distribution,
  context: { check: string; params: unknown; seed: number },
  hasEntropy: boolean,
): void {
  tidyObject(() => {
    const B = d.batchShape;
    const E = d.eventShape;
    const expectShape = (what: string, got: readonly number[], want: number[]) =>
      expectProperty(shapesEqual(got, want), `${what} has shape [${got.join(",")}], expected [${want.join(",")}]`, context);
    for (const sampleShape of [[], [3], [2, 1]]) {
      const x = d.sample(sampleShape, context.seed);
      expectShape(`sample(${JSON.stringify(sampleShape)})`, x.shape, [...sampleShape, ...B, ...E]);
      expectShape(`logProb of sample(${JSON.stringify(sampleShape)})`, d.logProb(x).shape, [...sampleShape, ...B]);
      if (d.hasRsample) expectShape(`rsample(${JSON.stringify(sampleShape)})`, d.rsample(sampleShape, context.seed).shape, [...sampleShape, ...B, ...E]);
    }
    // a family may have no closed-form mean or variance (it throws saying so): then skip
    const moment = (get: () => tf.Tensor): tf.Tensor | undefined => {
      try {
        return get();
      } catch {
        return undefined;
      }
    };
    const mean = moment(() => d.mean);
    if (mean !== undefined) expectShape("mean", mean.shape, [...B, ...E]);
    const variance = moment(() => d.variance);
    if (variance !== undefined) expectShape("variance", variance.shape, [...B, ...E]);
    if (hasEntropy) expectShape("entropy()", d.entropy().shape, B);
    const e = d.expand([2, ...B]);
    expectShape("expand([2, ...batch]).batchShape", e.batchShape, [2, ...B]);
    expectShape("expand([2, ...batch]).sample()", e.sample([], context.seed).shape, [2, ...B, ...E]);
    if (B.length > 0) {
      const ind = d.toEvent(1);
      expectShape("toEvent(1).batchShape", ind.batchShape, B.slice(0, -1));
      expectShape("toEvent(1).eventShape", ind.eventShape, [...B.slice(-1), ...E]);
    }
  });
}

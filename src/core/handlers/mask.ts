/**
 * The mask handler: zero the log-density of masked-out batch elements.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Handler } from "../handler.js";

/**
 * Replace each sample site's distribution by `fn.mask(mask)`: its log-density is exactly 0
 * where `mask` is false (broadcast against the batch shape), e.g. for missing data.
 *
 * @example
 * ```ts
 * run(model.program, args, [maskHandler(observedMask)]);
 * ```
 */
export function maskHandler(mask: tf.Tensor | boolean): Handler {
  return {
    process(msg) {
      if (msg.type === "sample") msg.fn = msg.fn.mask(mask);
    },
  };
}

/**
 * The condition handler: fix sites to data, making them observed.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Handler } from "../handler.js";

/**
 * Treat each site named in `data` as observed with the given value.
 *
 * @example
 * ```ts
 * run(model, args, [conditionHandler({ z: tf.scalar(0.3) })]);
 * ```
 */
export function conditionHandler(data: Readonly<Record<string, tf.Tensor>>): Handler {
  return {
    process(msg) {
      if (msg.type !== "sample") return;
      const v = data[msg.name];
      if (v !== undefined) {
        msg.value = v;
        msg.isObserved = true;
      }
    },
  };
}

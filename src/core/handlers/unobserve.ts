/**
 * The unobserve handler: sample observed sites instead of using their data (predictive).
 *
 * @module
 */
import type { Handler } from "../handler.js";

/**
 * Turn every observed site into a sampled one, so running a model gives predictive draws.
 *
 * @example
 * ```ts
 * run(model.program, args, [traceHandler(t), unobserveHandler()]); // prior predictive
 * ```
 */
export function unobserveHandler(): Handler {
  return {
    process(msg) {
      if (msg.type === "sample" && msg.isObserved) {
        msg.value = undefined;
        msg.isObserved = false;
      }
    },
  };
}

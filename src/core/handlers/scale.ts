/**
 * The scale handler: multiply the log-density of every site by a factor.
 *
 * @module
 */
import type { Handler } from "../handler.js";

/**
 * Multiply the log-density of every sample site by `factor` (e.g. KL annealing, or N / batch).
 *
 * @example
 * ```ts
 * run(model, args, [scaleHandler(0.5)]);
 * ```
 */
export function scaleHandler(factor: number): Handler {
  if (!(factor > 0) || !Number.isFinite(factor)) {
    throw new RangeError(`scale: factor must be a positive finite number, got ${factor}`);
  }
  return {
    process(msg) {
      if (msg.type === "sample") msg.scale *= factor;
    },
  };
}

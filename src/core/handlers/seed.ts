/**
 * The seed handler: give each random draw its own seed from a stream.
 *
 * @module
 */
import { RandomStream } from "../../math/rng.js";
import type { Handler } from "../handler.js";

/**
 * Give every sample site without a seed the next seed of `stream`, so a run is reproducible.
 *
 * @example
 * ```ts
 * run(model, args, [seedHandler(new RandomStream(0))]);
 * ```
 */
export function seedHandler(stream: RandomStream | number): Handler {
  const rng = typeof stream === "number" ? new RandomStream(stream) : stream;
  return {
    process(msg) {
      if (msg.type === "sample" && msg.seed === undefined) msg.seed = rng.nextSeed();
    },
  };
}

/**
 * The substitute handler: give param sites (and latent sites) fixed values.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Handler } from "../handler.js";

/**
 * Use `values[name]` for every param site named there (instead of the parameter store), and
 * for every latent sample site named there (unlike `condition`, the site stays latent: its
 * density still enters the objective as a latent's would).
 *
 * @example
 * ```ts
 * run(guide.program, args, [substituteHandler({ loc: tf.scalar(0.5) })]);
 * ```
 */
export function substituteHandler(values: Readonly<Record<string, tf.Tensor>>): Handler {
  return {
    process(msg) {
      const v = values[msg.name];
      if (v === undefined) return;
      if (msg.type === "param" || (msg.type === "sample" && !msg.isObserved)) msg.value = v;
    },
  };
}

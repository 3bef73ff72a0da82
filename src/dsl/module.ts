/**
 * `module`: declare a network's weights as learned parameters of a program.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { ParamMessage } from "../core/messages.js";
import { real } from "../distributions/constraints.js";
import type { ParamSite } from "./sites.js";
import { checkSiteName } from "./site-name.js";

/**
 * Anything with named trainable variables: an `mlp`, or a user's own network.
 *
 * @example
 * ```ts
 * const net: Module = { variables: () => new Map([["w", tf.variable(tf.zeros([2]))]]) };
 * ```
 */
export interface Module {
  /** The trainable variables, by name relative to the module. */
  variables(): ReadonlyMap<string, tf.Variable>;
}

/**
 * Register the weights of `net` as parameters `name.<weight>` and return `net`, so the
 * optimizer trains them and `save`/`load` include them (Pyro's `pyro.module`).
 *
 * Forgetting this for a network that affects the loss is caught on the first step, with an
 * error naming the untracked weights.
 *
 * @example
 * ```ts
 * const decode = yield* module("decoder", decoder);
 * yield* observe("x", Bernoulli({ logits: decode(z) }).toEvent(1), x);
 * ```
 */
export function* module<M extends Module>(name: string, net: M): Generator<ParamSite<string>, M, unknown> {
  checkSiteName("module", name);
  if (net === null || typeof net !== "object" && typeof net !== "function" || typeof net.variables !== "function") {
    throw new TypeError(`module '${name}': expected a network with a variables() method, got ${String(net)}`);
  }
  for (const [weight, variable] of net.variables()) {
    const msg: ParamMessage = {
      type: "param",
      name: `${name}.${weight}`,
      init: () => variable,
      constraint: real,
      variable,
      value: undefined,
      stop: false,
    };
    yield msg as ParamSite<string>;
  }
  return net;
}

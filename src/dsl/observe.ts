/**
 * `observe`: declare data and its likelihood.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { SupportTag } from "../distributions/constraints.js";
import { Distribution } from "../distributions/distribution.js";
import { type TensorLike, toTensor } from "../math/tensor-like.js";
import type { SampleMessage, SiteInfer } from "../core/messages.js";
import type { ObservedSite } from "./sites.js";
import { checkSiteName } from "./site-name.js";
import { describe } from "./latent.js";

/**
 * Declare that `value` was observed from `fn` at site `name`; its log-likelihood enters the
 * objective. The value must have the distribution's shape (batch dimensions may broadcast)
 * and lie in its support: both are checked, with an error naming the site.
 *
 * Pass `undefined` as the value to sample the site instead (prior predictive).
 *
 * @example
 * ```ts
 * yield* observe("x", Bernoulli({ logits: decoder(z) }).toEvent(1), x);
 * ```
 */
export function* observe<const N extends string, S extends SupportTag>(
  name: N,
  fn: Distribution<S>,
  value: TensorLike | undefined,
  options: { readonly infer?: SiteInfer } = {},
): Generator<ObservedSite<N>, tf.Tensor, unknown> {
  checkSiteName("observe", name);
  if (!(fn instanceof Distribution)) {
    throw new TypeError(`observe '${name}': expected a distribution, got ${describe(fn)}`);
  }
  const data = value === undefined ? undefined : toTensor(value, `observe '${name}'`);
  const msg: SampleMessage = {
    type: "sample",
    name,
    fn,
    value: data,
    isObserved: data !== undefined,
    scale: 1,
    plates: [],
    infer: options.infer ?? {},
    seed: undefined,
    stop: false,
  };
  return (yield msg as ObservedSite<N>) as tf.Tensor;
}

/**
 * `param`: declare a learnable tensor.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import { type Constraint, real } from "../distributions/constraints.js";
import { type TensorLike, toTensor } from "../math/tensor-like.js";
import type { ParamMessage } from "../core/messages.js";
import type { ParamSite } from "./sites.js";
import { checkSiteName } from "./site-name.js";

/**
 * Declare a learned parameter `name`, created from `init` on first use and then trained.
 * With a constraint it is stored unconstrained and mapped through `biject(constraint)`:
 * a `positive` scale can never step below zero.
 *
 * @example
 * ```ts
 * const loc = yield* param("loc", 0);
 * const scale = yield* param("scale", 1, { constraint: positive });
 * yield* latent("mu", Normal(loc, scale));
 * ```
 */
export function* param<const N extends string>(
  name: N,
  init: TensorLike | (() => tf.Tensor),
  options: { readonly constraint?: Constraint } = {},
): Generator<ParamSite<N>, tf.Tensor, unknown> {
  checkSiteName("param", name);
  const msg: ParamMessage = {
    type: "param",
    name,
    init: typeof init === "function" ? init : () => toTensor(init),
    constraint: options.constraint ?? real,
    variable: undefined,
    value: undefined,
    stop: false,
  };
  return (yield msg as ParamSite<N>) as tf.Tensor;
}

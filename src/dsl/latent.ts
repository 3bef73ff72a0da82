/**
 * `latent`: declare a random variable the guide must propose.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { SupportTag } from "../distributions/constraints.js";
import { Distribution } from "../distributions/distribution.js";
import type { SampleMessage, SiteInfer } from "../core/messages.js";
import type { LatentSite } from "./sites.js";
import { checkSiteName } from "./site-name.js";

/** Options of a latent site. */
export interface LatentOptions {
  /** How the objective treats this site (e.g. `{ analyticKL: false }` to force Monte Carlo). */
  readonly infer?: SiteInfer;
}

/**
 * Declare a latent random variable `name` with distribution `fn`; `yield*` it to get its
 * value (a draw, or the guide's value when the model is replayed).
 *
 * The name and the support become part of the program's type, so `compile` can check the
 * guide against the model. Names built in loops keep their pattern: `` latent(`w_${i}`, …) ``
 * has the type `` `w_${number}` ``.
 *
 * @example
 * ```ts
 * const z = yield* latent("z", Normal(0, 1).expand([n, 20]).toEvent(1));
 * ```
 */
export function* latent<const N extends string, S extends SupportTag>(
  name: N,
  fn: Distribution<S>,
  options: LatentOptions = {},
): Generator<LatentSite<N, S>, tf.Tensor, unknown> {
  checkSiteName("latent", name);
  if (!(fn instanceof Distribution)) {
    throw new TypeError(`latent '${name}': expected a distribution, got ${describe(fn)}`);
  }
  const msg: SampleMessage = {
    type: "sample",
    name,
    fn,
    value: undefined,
    isObserved: false,
    scale: 1,
    plates: [],
    infer: options.infer ?? {},
    seed: undefined,
    stop: false,
  };
  return (yield msg as LatentSite<N, S>) as tf.Tensor;
}

/** @internal A short description of a wrong argument for error messages. */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "an object";
  return `${typeof x} ${String(x)}`;
}

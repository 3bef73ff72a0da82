/**
 * `model` and `guide`: wrap generator programs so their sites become types.
 *
 * @module
 */
import type { Message } from "../core/messages.js";
import type { Program } from "../core/run.js";

/**
 * A generative model p(x, z) over arguments `A`, declaring the sites `Y`, returning `R`.
 *
 * @example
 * ```ts
 * const coin = model(function* ({ flips }: { flips: tf.Tensor1D }) {
 *   const p = yield* latent("p", Beta(2, 2));
 *   yield* observe("flips", Bernoulli({ probs: p }).expand([flips.shape[0]]), flips);
 * });
 * ```
 */
export interface Model<A, Y extends Message = Message, R = unknown> {
  /** Discriminant: always `"model"` (tells a model from a guide at run time). */
  readonly kind: "model";
  /** The program, run by the interpreter under handlers. */
  readonly program: Program<A, Y, R>;
}

/**
 * An inference guide q(z | x) for a model with arguments `A`, declaring the sites `Y`.
 *
 * @example
 * ```ts
 * const q = guide(vae, function* ({ x }) {
 *   const { loc, scale } = encode(x);
 *   yield* latent("z", Normal(loc, scale).toEvent(1));
 * });
 * ```
 */
export interface Guide<A, Y extends Message = Message> {
  /** Discriminant: always `"guide"` (tells a guide from a model at run time). */
  readonly kind: "guide";
  /** The program, run by the interpreter under handlers; its return value is ignored. */
  readonly program: Program<A, Y, unknown>;
}

/**
 * Declare a model from a generator function. Its latent and observed sites (names and
 * supports) are inferred into the returned type.
 *
 * @example
 * ```ts
 * const vae = model(function* ({ x }: { x: tf.Tensor2D }) {
 *   const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 20]).toEvent(1));
 *   yield* observe("x", Bernoulli({ logits: decoder.apply(z) }).toEvent(1), x);
 * });
 * ```
 */
export function model<A, Y extends Message, R>(program: (args: A) => Generator<Y, R, unknown>): Model<A, Y, R> {
  if (typeof program !== "function") {
    throw new TypeError(`model: expected a generator function, got ${typeof program}`);
  }
  return { kind: "model", program };
}

/**
 * Declare a guide for `forModel`; its argument type is the model's, so the guide's
 * parameters need no annotation.
 *
 * @example
 * ```ts
 * const q = guide(vae, function* ({ x }) {
 *   const { loc, scale } = encoder(x);
 *   yield* latent("z", Normal(loc, scale).toEvent(1));
 * });
 * ```
 */
export function guide<A, Y extends Message>(
  forModel: Model<A, Message, unknown>,
  program: (args: A) => Generator<Y, unknown, unknown>,
): Guide<A, Y> {
  if (forModel === null || typeof forModel !== "object" || forModel.kind !== "model") {
    throw new TypeError("guide: the first argument must be the model this guide is for");
  }
  if (typeof program !== "function") {
    throw new TypeError(`guide: expected a generator function, got ${typeof program}`);
  }
  return { kind: "guide", program };
}

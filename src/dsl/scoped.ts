/**
 * Handlers written inside a program: a scope in which a handler applies to every site.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Handler } from "../core/handler.js";
import type { Message, ScopeMessage } from "../core/messages.js";
import { maskHandler } from "../core/handlers/mask.js";
import { scaleHandler } from "../core/handlers/scale.js";

/**
 * Run `body` with `handler` applied to every site it declares (the handler is innermost).
 *
 * @example
 * ```ts
 * yield* scoped(scaleHandler(0.1), function* () { yield* observe("x", Normal(mu, 1), x); });
 * ```
 */
export function* scoped<Y extends Message, R>(handler: Handler, body: () => Generator<Y, R, unknown>): Generator<Y | ScopeMessage, R, unknown> {
  const enter: ScopeMessage = { type: "scope", phase: "enter", handler };
  yield enter;
  const result = yield* body();
  yield { ...enter, phase: "exit" };
  return result;
}

/**
 * Run `body` with every site's log-density masked by `mask` (Pyro's `poutine.mask`): masked
 * elements contribute exactly 0, e.g. missing observations.
 *
 * @example
 * ```ts
 * yield* withMask(isObserved, function* () {
 *   yield* observe("y", Normal(mu, 1).expand([n]), yFilled);
 * });
 * ```
 */
export function withMask<Y extends Message, R>(mask: tf.Tensor | boolean, body: () => Generator<Y, R, unknown>): Generator<Y | ScopeMessage, R, unknown> {
  return scoped(maskHandler(mask), body);
}

/**
 * Run `body` with every site's log-density multiplied by `factor` (Pyro's `poutine.scale`).
 *
 * @example
 * ```ts
 * yield* withScale(0.5, function* () { yield* observe("x", Normal(mu, 1), x); });
 * ```
 */
export function withScale<Y extends Message, R>(factor: number, body: () => Generator<Y, R, unknown>): Generator<Y | ScopeMessage, R, unknown> {
  return scoped(scaleHandler(factor), body);
}

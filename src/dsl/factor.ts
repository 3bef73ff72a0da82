/**
 * `factor` and `deterministic`: extra terms of the log joint, and recorded values.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { SampleMessage } from "../core/messages.js";
import { UnitDistribution } from "../distributions/unit.js";
import { type TensorLike, toTensor } from "../math/tensor-like.js";
import type { ObservedSite } from "./sites.js";
import { checkSiteName } from "./site-name.js";

function observedUnit(name: string, fn: UnitDistribution, value: tf.Tensor): SampleMessage {
  return { type: "sample", name, fn, value, isObserved: true, scale: 1, plates: [], infer: {}, seed: undefined, stop: false };
}

/**
 * Add `logFactor` to the log joint density at site `name` (Pyro's `pyro.factor`): a soft
 * constraint, a potential, a custom likelihood.
 *
 * @example
 * ```ts
 * yield* factor("smooth", tf.mul(-10, tf.sum(tf.square(tf.sub(a, b)))));
 * ```
 */
export function* factor<const N extends string>(name: N, logFactor: TensorLike): Generator<ObservedSite<N>, void, unknown> {
  checkSiteName("factor", name);
  const lf = toTensor(logFactor);
  yield observedUnit(name, new UnitDistribution(lf), tf.zeros(lf.shape)) as ObservedSite<N>;
}

/**
 * Record a computed `value` as site `name` (it adds nothing to the density), so traces,
 * `predict` and `generate` report it (Pyro's `pyro.deterministic`). Returns the value.
 *
 * @example
 * ```ts
 * const mean = yield* deterministic("mean", tf.add(a, tf.mul(b, x)));
 * ```
 */
export function* deterministic<const N extends string>(name: N, value: TensorLike): Generator<ObservedSite<N>, tf.Tensor, unknown> {
  checkSiteName("deterministic", name);
  const v = toTensor(value);
  yield observedUnit(name, new UnitDistribution(tf.zeros([]), v), v) as ObservedSite<N>;
  return v;
}

/**
 * A family of distributions under test: how to draw parameters and build an instance.
 *
 * @module
 */
import type * as fc from "fast-check";
import type { Constraint } from "../distributions/constraints.js";
import type { Distribution } from "../distributions/distribution.js";
import { type ParamValue, paramsFor, toTensors } from "./arbitraries.js";

/**
 * What `checkDistribution` needs to know about a family.
 *
 * @typeParam P - the parameter record drawn by fast-check
 * @example
 * ```ts
 * const normal: DistributionFamily<{ loc: ParamValue; scale: ParamValue }> = {
 *   name: "Normal",
 *   params: paramsFor({ loc: real, scale: positive }),
 *   create: (p) => { const { loc, scale } = toTensors(p); return Normal(loc, scale); },
 * };
 * ```
 */
export interface DistributionFamily<P = unknown> {
  /** Name used in failure messages. */
  readonly name: string;
  /** Parameters of one instance (plain values: fast-check shrinks them). */
  readonly params: fc.Arbitrary<P>;
  /** Build an instance; called inside `tf.tidy` by every check. */
  create(params: P): Distribution;
  /** Values are integers (or one-hot vectors): use the discrete goodness-of-fit test. */
  readonly discrete?: boolean;
  /** The mean is finite (default true); false skips the mean check (e.g. Cauchy). */
  readonly finiteMean?: boolean;
  /** The variance is finite (default true); false skips the variance check. */
  readonly finiteVariance?: boolean;
  /**
   * The fourth moment is finite (default: as `finiteVariance`), which the CLT test of the
   * sample variance needs; false skips the variance check (e.g. StudentT with df ≤ 4).
   */
  readonly finiteFourthMoment?: boolean;
  /** The entropy has a closed form here (default: when `entropy()` does not throw). */
  readonly hasEntropy?: boolean;
  /**
   * Build an instance from parameter tensors, enabling the pathwise-gradient check of
   * `rsample` (set by {@link familyFromConstraints}). Leave it out for samplers that are not a
   * smooth function of the parameters given the seed (rejection samplers).
   */
  readonly fromTensors?: (params: Record<string, import("@tensorflow/tfjs-core").Tensor>) => Distribution;
}

/**
 * Build a family from a factory and its argument constraints: parameters are drawn inside
 * each constraint by mapping unconstrained values through `biject(constraint)`.
 *
 * @example
 * ```ts
 * const family = familyFromConstraints("Normal", { loc: real, scale: positive }, ({ loc, scale }) => Normal(loc, scale));
 * checkDistribution(family);
 * ```
 */
export function familyFromConstraints<K extends string>(
  name: string,
  constraints: Readonly<Record<K, Constraint>>,
  create: (params: Record<K, import("@tensorflow/tfjs-core").Tensor>) => Distribution,
  options: Omit<DistributionFamily, "name" | "params" | "create" | "fromTensors"> & {
    /** Keep the pathwise-gradient check (default true); false for rejection samplers. */
    pathwise?: boolean;
    batchShape?: number[];
    bound?: number;
    eventShapes?: Partial<Record<K, number[]>>;
  } = {},
): DistributionFamily<Record<K, ParamValue>> {
  const { batchShape, bound, eventShapes, pathwise, ...rest } = options;
  const arbOptions: { bound?: number; eventShapes?: Partial<Record<K, number[]>> } = {};
  if (bound !== undefined) arbOptions.bound = bound;
  if (eventShapes !== undefined) arbOptions.eventShapes = eventShapes;
  return {
    ...rest,
    name,
    params: paramsFor(constraints, batchShape ?? [], arbOptions),
    create: (p) => create(toTensors(p)),
    ...(pathwise === false ? {} : { fromTensors: (t: Record<string, import("@tensorflow/tfjs-core").Tensor>) => create(t as Record<K, import("@tensorflow/tfjs-core").Tensor>) }),
  };
}

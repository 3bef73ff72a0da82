/**
 * fast-check arbitraries for probabilistic tests: shapes, seeds, and parameters inside a
 * constraint (built by mapping unconstrained draws through the constraint's transform).
 *
 * @module
 */
import * as fc from "fast-check";
import * as tf from "@tensorflow/tfjs-core";
import type { Constraint } from "../distributions/constraints.js";
import { biject } from "../distributions/transforms.js";
import { sizeOf } from "../math/shape.js";
import { tidyObject } from "../math/tidy.js";

/**
 * A shape of rank ≤ `maxRank` with dimensions in [1, `maxDim`].
 *
 * @example
 * ```ts
 * fc.sample(shapeArb({ maxRank: 2 }), 3); // e.g. [[], [3], [2, 4]]
 * ```
 */
export function shapeArb(options: { maxRank?: number; maxDim?: number } = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: options.maxDim ?? 4 }), { maxLength: options.maxRank ?? 2 });
}

/**
 * `count` shapes that broadcast together (NumPy rules): a common shape with dimensions
 * randomly dropped from the left or set to 1.
 *
 * @example
 * ```ts
 * fc.sample(broadcastableShapesArb(2), 1); // e.g. [[3, 1], [4]]
 * ```
 */
export function broadcastableShapesArb(count: number, options: { maxRank?: number; maxDim?: number } = {}): fc.Arbitrary<number[][]> {
  return shapeArb(options).chain((full) =>
    fc.array(
      fc.tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length })).map(
        ([drop, ones]) => full.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)),
      ),
      { minLength: count, maxLength: count },
    ),
  );
}

/**
 * A seed for a random stream (a positive 30-bit integer).
 *
 * @example
 * ```ts
 * fc.property(seedArb(), (seed) => { Normal(0, 1).sample([10], seed); });
 * ```
 */
export function seedArb(): fc.Arbitrary<number> {
  return fc.integer({ min: 1, max: 2 ** 30 });
}

/** A parameter value: its shape and float32 values, row-major (no tensor, so nothing leaks). */
export interface ParamValue {
  /** Shape of the parameter. */
  readonly shape: number[];
  /** The values, row-major. */
  readonly values: Float32Array;
}

/**
 * Values inside `constraint`: unconstrained draws of `shape`, uniform in [−bound, bound], mapped
 * through `biject(constraint)` (whose output may have another shape, e.g. ℝᴷ⁻¹ → the simplex in ℝᴷ). A large bound (e.g. 200) reaches extreme but valid parameters;
 * every value is finite (values that the transform rounds to the boundary are nudged inside).
 *
 * @example
 * ```ts
 * fc.sample(valuesIn(positive, [3]), 1); // e.g. [{ shape: [3], values: Float32Array [0.2, 3.1, 0.9] }]
 * ```
 */
export function valuesIn(constraint: Constraint, shape: number[], options: { bound?: number } = {}): fc.Arbitrary<ParamValue> {
  const bound = options.bound ?? 3;
  const n = sizeOf(shape);
  return fc
    .array(fc.double({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })
    .map((raw) => {
      // The transform may change the shape (the simplex in ℝᴷ is reached from ℝᴷ⁻¹): `shape` is
      // the unconstrained shape, the value's shape is what the transform returns.
      const [values, outShape] = tidyObject(() => {
        const t = biject(constraint).forward(tf.tensor(raw, shape, "float32"));
        return [Float32Array.from(t.dataSync()), t.shape] as [Float32Array, number[]];
      });
      // keep the values finite when rounding reached ±∞
      const interior = values.map((v) => (Number.isFinite(v) ? v : Math.sign(v) * 3.4e38));
      return { shape: outShape, values: Float32Array.from(interior) };
    });
}

/**
 * Parameters for a distribution from its argument constraints: one {@link ParamValue} per
 * parameter, each of `batchShape` (plus `eventShapes[name]` where given).
 *
 * @example
 * ```ts
 * const arb = paramsFor({ loc: real, scale: positive }, [2]);
 * // fc.sample(arb, 1)[0].scale.values: two positive numbers
 * ```
 */
export function paramsFor<K extends string>(
  constraints: Readonly<Record<K, Constraint>>,
  batchShape: number[] = [],
  options: { bound?: number; eventShapes?: Partial<Record<K, number[]>> } = {},
): fc.Arbitrary<Record<K, ParamValue>> {
  const record: Record<string, fc.Arbitrary<ParamValue>> = {};
  for (const key of Object.keys(constraints) as K[]) {
    const shape = [...batchShape, ...(options.eventShapes?.[key] ?? [])];
    record[key] = valuesIn(constraints[key], shape, options.bound === undefined ? {} : { bound: options.bound });
  }
  return fc.record(record) as fc.Arbitrary<Record<K, ParamValue>>;
}

/**
 * Turn {@link ParamValue}s into tensors (call inside `tf.tidy`).
 *
 * @example
 * ```ts
 * tf.tidy(() => { const { loc, scale } = toTensors(params); return Normal(loc, scale).sample(); });
 * ```
 */
export function toTensors<K extends string>(params: Readonly<Record<K, ParamValue>>): Record<K, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(params) as Array<[string, ParamValue]>) out[k] = tf.tensor(v.values, v.shape, "float32");
  return out as Record<K, tf.Tensor>;
}

/**
 * A readable form of parameters for failure messages.
 *
 * @example
 * ```ts
 * showParams({ scale: { shape: [], values: Float32Array.of(2) } }); // { scale: 2 }
 * ```
 */
export function showParams(params: unknown): unknown {
  if (params === null || typeof params !== "object") return params;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    out[k] = v !== null && typeof v === "object" && "values" in (v as object) ? Array.from((v as ParamValue).values) : v;
  }
  return out;
}

/**
 * `checkGradients`: autodiff against central finite differences.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../math/tidy.js";
import { expectProperty } from "./property-failure.js";

/** Options of {@link checkGradients}. */
export interface CheckGradientsOptions {
  /**
   * A float64 reference of the same function on plain numbers; the finite differences are
   * taken of it (exact to ≈ 1e-10), so the tolerance only has to cover float32 rounding.
   */
  readonly reference?: (...args: number[][]) => number;
  /** Relative tolerance (default 1e-3 with a reference, 2e-2 without). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-4 with a reference, 1e-3 without). */
  readonly atol?: number;
  /** Name used in failure messages. */
  readonly name?: string;
}

/**
 * Check the gradient of a scalar function of tensors at `args` (arrays of numbers): tfjs
 * autodiff against central differences of `reference` in float64 (step eps64^(1/3)·max(1,|θ|))
 * or, without a reference, of `fn` itself in float32 (step eps32^(1/3)·max(1,|θ|)).
 *
 * @example
 * ```ts
 * checkGradients((loc) => Normal(loc, 1).logProb(tf.scalar(0.3)), [[0.1]], {
 *   reference: ([m]) => -0.5 * (0.3 - m![0]!) ** 2 - 0.5 * Math.log(2 * Math.PI),
 * });
 * ```
 */
export function checkGradients(fn: (...args: tf.Tensor[]) => tf.Tensor, args: number[][], options: CheckGradientsOptions = {}): void {
  const ref = options.reference;
  const rtol = options.rtol ?? (ref ? 1e-3 : 2e-2);
  const atol = options.atol ?? (ref ? 1e-4 : 1e-3);
  const name = options.name ?? "checkGradients";
  const grads = tidyObject(() =>
    tf.grads((...ts: tf.Tensor[]) => tf.sum(fn(...ts)))(args.map((a) => tf.tensor1d(a))).map((g) => Array.from(g.dataSync())),
  );
  const f32 = (xs: number[][]) => tidyObject(() => tf.sum(fn(...xs.map((a) => tf.tensor1d(a)))).dataSync()[0]!);
  const f = ref ?? ((...xs: number[][]) => f32(xs));
  const eps = ref ? Number.EPSILON : 2 ** -23;
  args.forEach((arg, i) =>
    arg.forEach((theta, j) => {
      const h = Math.cbrt(eps) * Math.max(1, Math.abs(theta));
      const moved = (delta: number) => args.map((a, k) => (k === i ? a.map((v, l) => (l === j ? v + delta : v)) : a));
      const fd = (f(...moved(h)) - f(...moved(-h))) / (2 * h);
      const g = grads[i]![j]!;
      const bound = atol + rtol * Math.abs(fd);
      expectProperty(Math.abs(g - fd) <= bound, `autodiff gives ${g}, finite differences ${fd}`, {
        check: name,
        params: args,
        statistic: g - fd,
        bound,
        note: `argument ${i}, element ${j}`,
      });
    }),
  );
}

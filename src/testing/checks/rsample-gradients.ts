/**
 * Pathwise gradients of `rsample` against finite differences with common random numbers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { tidyObject } from "../../math/tidy.js";
import type { Distribution } from "../../distributions/distribution.js";
import { expectProperty } from "../property-failure.js";

/**
 * For a sampler that is a smooth function of its parameters given the seed (location-scale,
 * inverse-CDF), check d/dθ Σ wᵢ xᵢ(θ) by autodiff against a central difference at the same
 * seed, for each parameter tensor. Step h = eps32^(1/3)·max(1, |θ|) ≈ 5e-3·max(1, |θ|); the
 * float32 difference then has error ≈ h²|f'''| + eps32|f|/h, so the tolerance is
 * 2e-2·(1 + |g|) on sums of n ≤ 16 draws.
 *
 * @example
 * ```ts
 * checkRsampleGradientsOf((t) => Normal(t.loc!, t.scale!), { loc: tf.scalar(0), scale: tf.scalar(1) }, { check: "rsample", params: {}, seed: 1 });
 * ```
 */
export function checkRsampleGradientsOf(
  fromTensors: (params: Record<string, tf.Tensor>) => Distribution,
  params: Record<string, tf.Tensor>,
  context: { check: string; params: unknown; seed: number },
): void {
  const names = Object.keys(params);
  const n = 4;
  tidyObject(() => {
    const f = (...ts: tf.Tensor[]): tf.Scalar => {
      const p: Record<string, tf.Tensor> = {};
      names.forEach((k, i) => (p[k] = ts[i]!));
      const x = fromTensors(p).rsample([n], context.seed);
      const w = tf.linspace(0.5, 1.5, x.size).reshape(x.shape);
      return tf.sum(tf.mul(x, w)) as tf.Scalar;
    };
    const values = names.map((k) => params[k]!);
    const grads = tf.grads(f)(values).map((g) => g.dataSync());
    names.forEach((name, pi) => {
      const base = values[pi]!.dataSync();
      for (let idx = 0; idx < base.length; idx++) {
        const theta = base[idx]!;
        const h = Math.cbrt(2 ** -23) * Math.max(1, Math.abs(theta));
        const at = (delta: number) => {
          const moved = Float32Array.from(base);
          moved[idx] = theta + delta;
          const args = values.map((v, i) => (i === pi ? tf.tensor(moved, v.shape, "float32") : v));
          return f(...args).dataSync()[0]!;
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        const g = grads[pi]![idx]!;
        expectProperty(Math.abs(g - fd) <= 2e-2 * (1 + Math.abs(g)), `d rsample / d ${name}[${idx}] is ${g} by autodiff, ${fd} by finite differences`, {
          ...context,
          statistic: g - fd,
          bound: 2e-2 * (1 + Math.abs(g)),
        });
      }
    });
  });
}

// Shared helpers for the test suite: float32 constants, finite differences, seeded draws.
import * as fc from "fast-check";
import { tf } from "latent";

/** Unit roundoff of float32 (2^-24). */
export const EPS32 = 2 ** -24;

/** Central finite difference of a float64 function, step h = eps64^(1/3)·max(1, |x|). */
export function centralDiff(f: (x: number) => number, x: number): number {
  const h = Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(x));
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Read a scalar tensor, disposing it. */
export function scalarOf(t: tf.Tensor): number {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}

/** Read a tensor's values as a plain array, disposing it. */
export function valuesOf(t: tf.Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

/** A finite double that is exactly representable in float32, in [min, max]. */
export function f32(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map(Math.fround);
}

/** A positive double log-uniform in [min, max], exactly representable in float32. */
export function logUniform(min: number, max: number): fc.Arbitrary<number> {
  return fc
    .double({ min: Math.log(min), max: Math.log(max), noNaN: true, noDefaultInfinity: true })
    .map((l) => Math.fround(Math.exp(l)));
}

/** fast-check settings used across the suite: fixed seed so CI is reproducible. */
export const FC = { seed: 20261122, numRuns: 100 } as const;

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

// fc.double draws uniformly over the *representable doubles* of its range, so most of its draws
// crowd at 0 (half of them below 1e-150 in magnitude for a range like [-5, 5]). Properties are
// meant to sweep the whole range, so the draws below are evenly spread instead: a uniform
// fraction from 2^32 integer steps, plus both end points.
const STEPS = 2 ** 32 - 1;
function evenly(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 18, arbitrary: fc.integer({ min: 0, max: STEPS }).map((i) => min + (max - min) * (i / STEPS)) },
    { weight: 1, arbitrary: fc.constant(min) },
    { weight: 1, arbitrary: fc.constant(max) },
  );
}

// Round x to float32, then clamp to the float32 values inside [min, max], so rounding never leaves the range.
function float32Within(min: number, max: number): (x: number) => number {
  const buf = new Float32Array(1);
  const bits = new Int32Array(buf.buffer);
  // the adjacent float32 above (dir = 1) or below (dir = −1) a non-zero float32 v
  const step = (v: number, dir: 1 | -1): number => {
    buf[0] = v;
    bits[0] = bits[0]! + (v > 0 ? dir : -dir);
    return buf[0]!;
  };
  const lo = Math.fround(min) < min ? step(Math.fround(min), 1) : Math.fround(min);
  const hi = Math.fround(max) > max ? step(Math.fround(max), -1) : Math.fround(max);
  return (x) => Math.min(hi, Math.max(lo, Math.fround(x)));
}

/** A finite double, exactly representable in float32, spread evenly over [min, max] (end points included). */
export function f32(min: number, max: number): fc.Arbitrary<number> {
  return evenly(min, max).map(float32Within(min, max));
}

/** A positive double log-uniform in [min, max] (end points included), exactly representable in float32. */
export function logUniform(min: number, max: number): fc.Arbitrary<number> {
  return evenly(Math.log(min), Math.log(max)).map((l) => float32Within(min, max)(Math.exp(l)));
}

/** fast-check settings used across the suite: fixed seed so CI is reproducible. */
export const FC = { seed: 20261122, numRuns: 100 } as const;

/**
 * Float64 helpers in plain JavaScript for the samplers and their implicit gradients (no tensors): the
 * digamma function and a 53-bit uniform / standard normal source on top of a {@link RandomStream}.
 *
 * @module
 */
import type { RandomStream } from "./rng.js";

/** Start of the asymptotic series for ψ; below it the recurrence ψ(x) = ψ(x + 1) − 1/x is used. */
const PSI_ASYMPTOTIC = 10;

/**
 * Digamma ψ(x) = d/dx log Γ(x) in float64, for x > 0.
 *
 * Upward recurrence ψ(x) = ψ(x + 1) − 1/x to z ≥ 10, then ψ(z) = log z − 1/(2z) − Σₖ B₂ₖ/(2k z²ᵏ) to
 * z⁻¹⁴ (the first omitted term is 3617/(8160 z¹⁶) < 5e−17 at z = 10). Absolute error a few 1e−16·(1 + |ψ|)
 * plus the rounding of the ≤ 10 recurrence terms (each < 1/x), i.e. about 1e−15·(1 + 1/x).
 *
 * @internal
 */
export function digamma64(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  let acc = 0;
  let z = x;
  while (z < PSI_ASYMPTOTIC) {
    acc -= 1 / z;
    z += 1;
  }
  const r2 = 1 / (z * z);
  const series =
    r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760 - r2 / 12))))));
  return acc + Math.log(z) - 0.5 / z - series;
}

/**
 * A uniform draw in the open interval (0, 1) with 53 random bits (two 32-bit words of the stream): the
 * smallest value is 2⁻⁵⁴, so −log u reaches 37.4 (a 32-bit uniform would stop at 22.9).
 *
 * @internal
 */
export function uniform53(rng: RandomStream): number {
  const hi = rng.nextUint32() >>> 5; // 27 bits
  const lo = rng.nextUint32() >>> 6; // 26 bits
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}

/**
 * A source of standard normal draws (Box–Muller on {@link uniform53}, both values of each pair used).
 *
 * @internal
 */
export class NormalSource {
  private spare = NaN;

  /** @param rng - the stream the uniforms come from */
  constructor(private readonly rng: RandomStream) {}

  /** The next N(0, 1) draw. */
  next(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(uniform53(this.rng)));
    const theta = 2 * Math.PI * uniform53(this.rng);
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

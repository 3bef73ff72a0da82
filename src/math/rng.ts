/**
 * A seeded stream of random numbers that drives every random choice in `latent`.
 *
 * tfjs's own seeded ops (`tf.randomNormal(shape, 0, 1, "float32", seed)`) return the same
 * noise each time they are given the same seed, so each draw takes a fresh seed from a
 * stream. The stream is SplitMix32 (Steele, Lea & Flood 2014, 32-bit variant): tiny state,
 * good avalanche, and `split()` gives independent child streams.
 *
 * @module
 */

/** Anything that can seed a random draw: a number, or a stream to draw a seed from. */
export type Seed = number | RandomStream;

/**
 * A reproducible stream of 32-bit random integers and uniforms.
 *
 * @example
 * ```ts
 * const rng = new RandomStream(42);
 * const u = rng.uniform();           // in (0, 1)
 * const eps = tf.randomNormal([3], 0, 1, "float32", rng.nextSeed());
 * ```
 */
export class RandomStream {
  private state: number;

  /** @param seed - any finite number; its 32 low bits of the integer part are used */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`RandomStream: seed must be a finite number, got ${seed}`);
    }
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A uniform draw in the open interval (0, 1). */
  uniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** A seed for a tfjs random op: a positive integer below 2^31. */
  nextSeed(): number {
    return (this.nextUint32() >>> 1) + 1;
  }

  /** An independent child stream; the parent advances by one draw. */
  split(): RandomStream {
    return new RandomStream(this.nextUint32());
  }

  /** A uniformly random permutation of `0 … n-1` (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextUint32() % (i + 1);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /** The stream's state, to save in a checkpoint. */
  getState(): number {
    return this.state;
  }

  /** Restore a state returned by {@link RandomStream.getState}. */
  setState(state: number): void {
    this.state = state >>> 0;
  }
}

let defaultStream = new RandomStream(0);

/**
 * Reseed the stream used when no seed is given.
 *
 * @example
 * ```ts
 * setSeed(7);
 * const a = Normal(0, 1).sample([3]);
 * ```
 */
export function setSeed(seed: number): void {
  defaultStream = new RandomStream(seed);
}

/**
 * Resolve a {@link Seed} (or nothing) to a tfjs seed integer.
 *
 * @example
 * ```ts
 * tf.randomNormal([2], 0, 1, "float32", seedValue(new RandomStream(1)));
 * ```
 */
export function seedValue(seed?: Seed): number {
  if (seed === undefined) return defaultStream.nextSeed();
  if (typeof seed === "number") return new RandomStream(seed).nextSeed();
  return seed.nextSeed();
}

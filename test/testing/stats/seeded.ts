import fc from "fast-check";

/**
 * Seeded random draws for the statistics tests: never Math.random, so every run of the suite
 * sees the same samples and a failure can be replayed from its seed.
 *
 * mulberry32 (Tommy Ettinger's 32-bit generator) for uniforms, Box–Muller for normals,
 * Knuth's multiplication method for small-rate Poisson counts.
 */

/** A function returning uniform draws in the open interval (0, 1). */
export type Uniform = () => number;

/**
 * mulberry32: a 32-bit-state generator, fine for test data (passes PractRand to 2^32 outputs).
 * Returns uniforms in (0, 1): (k + 0.5) / 2^32 for k a 32-bit integer.
 */
export function mulberry32(seed: number): Uniform {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** n draws from Normal(mean, sd²) by Box–Muller (both outputs of each pair are used). */
export function normals(rand: Uniform, n: number, mean = 0, sd = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rand()));
    const theta = 2 * Math.PI * rand();
    out[i] = mean + sd * r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = mean + sd * r * Math.sin(theta);
  }
  return out;
}

/** n draws from Exponential(rate) by inversion. */
export function exponentials(rand: Uniform, n: number, rate = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = -Math.log(rand()) / rate;
  return out;
}

/** n draws from Poisson(rate) by Knuth's product-of-uniforms method (fine for rate ≲ 30). */
export function poissons(rand: Uniform, n: number, rate: number): Float64Array {
  const out = new Float64Array(n);
  const limit = Math.exp(-rate);
  for (let i = 0; i < n; i++) {
    let k = 0;
    let prod = rand();
    while (prod > limit) {
      k++;
      prod *= rand();
    }
    out[i] = k;
  }
  return out;
}

/**
 * n points in d dimensions from Normal(0, Σ) with Σ = L Lᵀ, as a flat row-major Float64Array.
 * `cholesky` is the lower-triangular L, row-major d×d.
 */
export function multivariateNormals(rand: Uniform, n: number, cholesky: ArrayLike<number>, d: number): Float64Array {
  const z = normals(rand, n * d);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0; c <= r; c++) s += cholesky[r * d + c]! * z[i * d + c]!;
      out[i * d + r] = s;
    }
  }
  return out;
}

/**
 * Runs `check` for `numRuns` seeds drawn by fast-check (`fc.integer()`) from the fixed
 * fast-check seed 1, so the seeds — and hence every sample — are the same on every run.
 * A failing seed is shrunk and reported by fast-check.
 */
export function forSeeds(numRuns: number, check: (seed: number) => void): void {
  fc.assert(fc.property(fc.integer(), check), { seed: 1, numRuns });
}

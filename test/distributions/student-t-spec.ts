// The Student-t spec for continuous-suite.ts at a fixed ν (the suite differentiates every parameter of the
// spec, and the ν-gradient of a t draw is pathwise through a Gamma, not the t-CDF's implicit gradient), and the
// float64 references used by student-t.test.ts and the wasm check.
import * as fc from "fast-check";
import betainc from "@stdlib/math-base-special-betainc";
import betaln from "@stdlib/math-base-special-betaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { StudentT } from "latent";
import { EPS32 } from "../helpers.js";
import type { ContinuousSpec } from "./continuous-suite.js";
import { fdRoundoff, logU, unif, xRounding } from "./gamma-family-specs.js";

const abs = Math.abs;
const log = Math.log;

// ——— float64 references ———
export const logpdf64 = (x: number, nu: number, mu: number, s: number) => {
  const z = (x - mu) / s;
  return gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * log(nu * Math.PI) - log(s) - ((nu + 1) / 2) * Math.log1p((z * z) / nu);
};
/** P(T ≤ t) for the standard t_ν: ½ I_{ν/(ν+t²)}(ν/2, ½) below 0, its mirror above (each tail directly). */
const lowerTail = (t: number, nu: number) => 0.5 * betainc(1 / (1 + (t * t) / nu), nu / 2, 0.5, true, false);
export const cdf64 = (x: number, nu: number, mu: number, s: number) => {
  const t = (x - mu) / s;
  return t <= 0 ? lowerTail(t, nu) : 1 - lowerTail(t, nu);
};
export const sf64 = (x: number, nu: number, mu: number, s: number) => {
  const t = (x - mu) / s;
  return t >= 0 ? lowerTail(t, nu) : 1 - lowerTail(t, nu);
};
export const entropy64 = (nu: number, s: number) =>
  ((nu + 1) / 2) * (digamma64((nu + 1) / 2) - digamma64(nu / 2)) + 0.5 * log(nu) + betaln(nu / 2, 0.5) + log(s);

/** The standard t quantile by bisection on y, t = sinh(y) (|t| up to 1e30), using each tail directly. */
export function quantile64(u: number, nu: number): number {
  let lo = -70;
  let hi = 70;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const t = Math.sinh(mid);
    const below = u <= 0.5 ? cdf64(t, nu, 0, 1) < u : sf64(t, nu, 0, 1) > 1 - u;
    if (below) lo = mid;
    else hi = mid;
  }
  return Math.sinh((lo + hi) / 2);
}

/**
 * Error model of the float32 log-density −lbeta(ν/2, ½) − ½ log ν − log σ − ((ν + 1)/2)·log1p(z²/ν): lbeta
 * 4 ulp of |log B| + 1; z = (x − μ)/σ two roundings, so z²/ν carries 6·eps32 relative, which moves
 * log1p(z²/ν) by 6·eps32·w/(1 + w), w = z²/ν; the products and sums one ulp of their size.
 */
export const logProbSize = (x: number, nu: number, mu: number, s: number) => {
  const z = (x - mu) / s;
  const w = (z * z) / nu;
  return abs(betaln(nu / 2, 0.5)) + 1 + 0.5 * abs(log(nu)) + abs(log(s)) + ((nu + 1) / 2) * (Math.log1p(w) + (6 * w) / (1 + w));
};

/** A (loc, scale) spec at fixed ν, for the shared suite (ν's own properties are tested below). */
export function studentTSpec(nu: number): ContinuousSpec {
  const spec: ContinuousSpec = {
    name: `StudentT(ν = ${nu})`,
    paramNames: ["loc", "scale"],
    make: (loc, scale) => StudentT(nu, loc!, scale!),
    params: fc.tuple(unif(-10, 10), logU(0.05, 20)),
    sampleParams: fc.tuple(unif(-5, 5), logU(0.1, 10)),
    quantile: (u, [mu, s]) => mu! + s! * quantile64(u, nu),
    logpdf: (x, [mu, s]) => logpdf64(x, nu, mu!, s!),
    cdf: (x, [mu, s]) => cdf64(x, nu, mu!, s!),
    sf: (x, [mu, s]) => sf64(x, nu, mu!, s!),
    mean: ([mu]) => (nu > 1 ? mu! : NaN),
    variance: ([, s]) => (nu > 2 ? (s! * s! * nu) / (nu - 2) : nu > 1 ? Infinity : NaN),
    entropy: ([, s]) => entropy64(nu, s!),
    ...(nu > 8 ? { kurtosis: () => 3 + 6 / (nu - 4) } : {}),
    inSupport: (x) => Number.isFinite(x),
    paramScale: ([, s]) => s!,
    xScale: (x, [mu, s]) => s! + abs(x - mu!) / 4,
    tol: {
      logProb: (x, [mu, s]) => 8 * EPS32 * logProbSize(x, nu, mu!, s!),
      mean: () => 0, // loc itself
      // σ²·ν/(ν − 2): four roundings (ν − 2 exact for ν ≥ 1).
      variance: ([, s]) => 8 * EPS32 * ((s! * s! * nu) / (nu - 2)),
      // ((ν + 1)/2)·D + lbeta + ½ log ν + log σ, D = ψ((ν + 1)/2) − ψ(ν/2) to 4 ulp: 4 ulp of Σ|terms|, doubled.
      entropy: ([, s]) => 8 * EPS32 * (((nu + 1) / 2) * (digamma64((nu + 1) / 2) - digamma64(nu / 2)) + abs(betaln(nu / 2, 0.5)) + 0.5 * abs(log(nu)) + abs(log(s!)) + 1),
      // ∂/∂μ = −∂/∂x = (ν + 1)z/(σ(ν + z²)), ∂/∂σ = −1/σ + (ν + 1)z²/(σ(ν + z²)): a few roundings of terms of
      // size (ν + 1)|z|/(σ(ν + z²))·(1 + |z|) and 1/σ, with z's relative error 2·eps32.
      grad: (x, p, i, ref) => {
        const [mu, s] = p;
        const z = (x - mu!) / s!;
        const t = ((nu + 1) * abs(z) * (1 + abs(z))) / (s! * (nu + z * z)) + 1 / s!;
        const scale = i < 2 ? s! : s! + abs(x - mu!) / 4;
        return 8 * EPS32 * t + fdRoundoff(logProbSize(x, nu, mu!, s!), scale, i < 2 ? p[i]! : x, ref) + 1e-9 * abs(ref);
      },
      // x = μ + σt with t rounded: dx/dμ = 1 exactly, dx/dσ = t (float32) against (x − μ)/σ from the float32 x:
      // ≤ 4·eps32·(|x| + |μ| + σ|t|)/σ; plus the oracle's roundoff and the rounding of x.
      rsampleGrad: (x, p, i, ref) => {
        const [mu, s] = p;
        return (4 * EPS32 * (2 * abs(x) + abs(mu!) + s!)) / s! + 1e-9 * abs(ref) + xRounding(spec, x, p, i);
      },
    },
  };
  return spec;
}

// The special functions on the wasm backend: the same float64 references and the same error bounds as
// the CPU tests (see the per-function test files for their derivation), on fixed grids rather than
// property runs (wasm kernel dispatch per op is slower, and the point here is the backend, not coverage).
// Every kernel used exists on tfjs-backend-wasm 4.22; its Log1p kernel is log(1 + x) and inaccurate for
// small x, so the library never calls tf.log1p (lbeta and xlog1py use a Kahan-style log1p built from Log).
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, test } from "vitest";
import gammaln from "@stdlib/math-base-special-gammaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import betaln from "@stdlib/math-base-special-betaln";
import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { lgamma } from "../../src/math/lgamma.js";
import { digamma, trigamma } from "../../src/math/digamma.js";
import { lbeta } from "../../src/math/lbeta.js";
import { ndtr, ndtri } from "../../src/math/ndtri.js";
import { xlog1py, xlogy } from "../../src/math/xlogy.js";
import { logSumExp } from "../../src/math/logsumexp.js";

await tf.setBackend("wasm");

const EPS32 = 2 ** -23;
const TINY32 = 2 ** -149;

/** n points log-uniformly spaced in [lo, hi], rounded to float32. */
function logGrid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1)));
}
function linGrid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

function check(got: ArrayLike<number>, xs: ArrayLike<number>, ref: (i: number) => number, tol: (r: number) => number): void {
  for (let i = 0; i < xs.length; i++) {
    const r = ref(i);
    const err = Math.abs(got[i]! - r);
    if (!(err <= tol(r))) throw new Error(`input #${i} (${xs[i]}): got ${got[i]}, reference ${r}, error ${err} > ${tol(r)}`);
  }
}

const rel = (c: number) => (r: number) => c * EPS32 * Math.abs(r) + TINY32;

describe("special functions on the wasm backend", () => {
  test("backend is wasm", () => {
    expect(tf.getBackend()).toBe("wasm");
  });

  test("lgamma, digamma, trigamma and their gradients", () => {
    const xs = Float32Array.from([...logGrid(1e-6, 1e6, 400), ...linGrid(0.9, 2.1, 200)]);
    const x = tf.tensor1d(xs);
    tf.tidy(() => {
      check(lgamma(x).dataSync(), xs, (i) => gammaln(xs[i]!), rel(4));
      check(digamma(x).dataSync(), xs, (i) => digamma64(xs[i]!), rel(4));
      check(tf.grad((t: tf.Tensor) => lgamma(t))(x).dataSync(), xs, (i) => digamma64(xs[i]!), rel(4));
      const h = (v: number) => Math.cbrt(2 ** -52) * v;
      const fd = (v: number) => (digamma64(v + h(v)) - digamma64(v - h(v))) / (v + h(v) - (v - h(v)));
      check(trigamma(x).dataSync(), xs, (i) => fd(xs[i]!), (r) => (4 * EPS32 + 1e-9) * Math.abs(r));
      check(tf.grad((t: tf.Tensor) => digamma(t))(x).dataSync(), xs, (i) => fd(xs[i]!), (r) => (4 * EPS32 + 1e-9) * Math.abs(r));
    });
    x.dispose();
  });

  test("lbeta, including large arguments", () => {
    const as = logGrid(1e-6, 1e6, 300);
    const bs = Float32Array.from(as).reverse();
    const got = tf.tidy(() => lbeta(tf.tensor1d(as), tf.tensor1d(bs)).dataSync());
    check(got, as, (i) => betaln(as[i]!, bs[i]!), (r) => 4 * EPS32 * (Math.abs(r) + 1));
    const big = tf.tidy(() => lbeta(tf.tensor1d([1e6, 5e5]), tf.tensor1d([1, 2])).dataSync());
    check(big, [1e6, 5e5], (i) => betaln([1e6, 5e5][i]!, [1, 2][i]!), rel(4));
  });

  test("ndtr and ndtri, deep tails included", () => {
    const xs = linGrid(-14.5, 10, 500);
    const got = tf.tidy(() => ndtr(tf.tensor1d(xs)).dataSync());
    check(got, xs, (i) => 0.5 * erfc(-xs[i]! / Math.SQRT2), (r) => 4 * EPS32 * r + 2 * TINY32);
    const ps = Float32Array.from([...logGrid(1e-45, 0.5, 300), ...Array.from(logGrid(2 ** -24, 0.5, 100), (q) => 1 - q)]);
    const ndtri64 = (p: number): number => (p > 0.5 ? -ndtri64(1 - p) : -Math.SQRT2 * erfcinv(2 * p));
    const z = tf.tidy(() => ndtri(tf.tensor1d(ps)).dataSync());
    check(z, ps, (i) => ndtri64(ps[i]!), rel(4));
  });

  test("xlogy, xlog1py (tiny y) and logSumExp", () => {
    const x = Float32Array.from([0, 2, -3, 0.5, 7]);
    const y = Float32Array.from([0, 1e-30, 1.0000001, 3, 1e30]);
    check(tf.tidy(() => xlogy(tf.tensor1d(x), tf.tensor1d(y)).dataSync()), x, (i) => (x[i] === 0 ? 0 : x[i]! * Math.log(y[i]!)), rel(2));
    const y1 = Float32Array.from([-1, 1e-30, -1e-8, 3e-5, 1e30]);
    check(tf.tidy(() => xlog1py(tf.tensor1d(x), tf.tensor1d(y1)).dataSync()), x, (i) => (x[i] === 0 ? 0 : x[i]! * Math.log1p(y1[i]!)), rel(4));
    const rows = [
      [1000, 1000, 999],
      [-Infinity, -Infinity, -Infinity],
      [-5, 0.25, 3],
    ];
    const got = tf.tidy(() => logSumExp(tf.tensor2d(rows), 1).dataSync());
    const ref = (r: number[]) => {
      const m = Math.max(...r);
      return m === -Infinity ? m : m + Math.log(r.reduce((a, v) => a + Math.exp(v - m), 0));
    };
    expect(got[1]).toBe(-Infinity);
    check([got[0]!, got[2]!], [0, 2], (i) => ref(rows[i * 2]!), (r) => 2 * EPS32 * (Math.abs(r) + 3));
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(logSumExp(t, 1)))(tf.tensor2d(rows)).dataSync());
    expect(Array.from(g.slice(3, 6))).toEqual([0, 0, 0]);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Constraint,
  type Transform,
  affineTransform,
  biject,
  boolean,
  choleskyOuterTransform,
  codomainEventRank,
  composeTransform,
  domainEventRank,
  expTransform,
  greaterThan,
  identityTransform,
  integerInterval,
  interval,
  lowerCholesky,
  lowerCholeskyTransform,
  nonNegativeInteger,
  positive,
  positiveDefinite,
  positiveDefiniteTransform,
  real,
  realVector,
  sameTransform,
  sigmoidTransform,
  simplex,
  softplusTransform,
  stickBreakingTransform,
  tf,
  transformForwardShape,
  transformInverseShape,
  unitInterval,
} from "latent";
import { EPS32, FC, f32, logUniform } from "../helpers.js";
import { cond, fdJacobian, logAbsDet } from "../math/linalg64.js";

// ---------------------------------------------------------------------------------------------
// float64 references

const softplus64 = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigma64 = (x: number) => 1 / (1 + Math.exp(-x));

function stick64(x: number[]): number[] {
  const m = x.length;
  const y: number[] = [];
  let rest = 1;
  for (let k = 0; k < m; k++) {
    const z = sigma64(x[k]! - Math.log(m - k));
    y.push(rest * z);
    rest *= 1 - z;
  }
  y.push(rest);
  return y;
}

/** Lower-triangle entries (row by row) of an n × n row-major matrix, and back. */
const lowerIdx = (n: number) => {
  const idx: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) idx.push(i * n + j);
  return idx;
};
const sideOf = (m: number) => Math.round((Math.sqrt(8 * m + 1) - 1) / 2);
function fillLower(v: number[], n: number, diag: (d: number) => number = (d) => d): number[] {
  const out = new Array<number>(n * n).fill(0);
  lowerIdx(n).forEach((p, k) => (out[p] = p % (n + 1) === 0 ? diag(v[k]!) : v[k]!));
  return out;
}
function outer64(l: number[], n: number): number[] {
  const a = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += l[i * n + k]! * l[j * n + k]!;
  return a;
}
const toMatrix = (flat: number[], n: number) => Array.from({ length: n }, (_, i) => flat.slice(i * n, (i + 1) * n));

// ---------------------------------------------------------------------------------------------
// One description per transform: an input generator over the free coordinates v, how v becomes
// a full input, float64 forward, the free output coordinates, and float32 error budgets.

interface Case {
  /** full flattened input, its shape */
  input: number[];
  shape: number[];
  /** per-entry tolerance of forward (full output), of inverse∘forward (free input coordinates) */
  tolForward: number[];
  tolRoundTrip: number[];
  /** Σ of the magnitudes of the terms of log |J|, and a Lipschitz bound of log |J| in x */
  ldSize: number;
  ldLip: number;
}

interface Spec {
  name: string;
  t: Transform;
  arb: fc.Arbitrary<Case>;
  fwd64: (input: number[]) => number[];
  /** free coordinates: of the input (indices into the flattened input) and of the output */
  inFree: (c: Case) => number[];
  outFree: (c: Case) => number[];
  /** the full output tensor from its free coordinates (exact float32 ops), for autodiff of inverse */
  unchart: (c: Case, free: tf.Tensor1D) => tf.Tensor;
  /** input from its free coordinates (float64) for finite differences */
  embed: (c: Case, free: number[]) => number[];
  support: Constraint;
}

const all = (c: Case) => c.input.map((_, i) => i);
const scalarCase = (x: number, tolF: number, tolR: number, ldSize: number, ldLip: number): Case => ({
  input: [x],
  shape: [],
  tolForward: [tolF],
  tolRoundTrip: [tolR],
  ldSize,
  ldLip,
});
const elementwise = (name: string, t: Transform, f: (x: number) => number, arb: fc.Arbitrary<Case>, support: Constraint): Spec => ({
  name,
  t,
  arb,
  fwd64: (v) => [f(v[0]!)],
  inFree: all,
  outFree: () => [0],
  unchart: (_c, free) => tf.reshape(free, []),
  embed: (_c, free) => free,
  support,
});

const specs: Spec[] = [
  // exp: y has ≤ 1 ulp error (4·eps32·y); log y then gives |Δx| ≤ 4·eps32 + 2·eps32·|x|.
  elementwise(
    "exp",
    expTransform,
    Math.exp,
    f32(-20, 20).map((x) => scalarCase(x, 4 * EPS32 * Math.exp(x), 8 * EPS32 * (1 + Math.abs(x)), Math.abs(x), 1)),
    positive,
  ),
  // softplus = relu(x) + log1p(e^(−|x|)): a few roundings relative to y; the inverse has
  // dx/dy = 1/σ(x), so |Δx| ≤ 8·eps32·y/σ(x) + 4·eps32·|x| (y/σ(x) ≤ 1 + |x| + log 2).
  elementwise(
    "softplus",
    softplusTransform,
    softplus64,
    f32(-30, 30).map((x) =>
      scalarCase(x, 8 * EPS32 * softplus64(x), 8 * EPS32 * (softplus64(x) / sigma64(x) + Math.abs(x) + 1), Math.abs(x) + 1, 1),
    ),
    positive,
  ),
  ...[
    [-1, 3],
    [0, 1],
  ].map(([a, b]) =>
    // sigmoid onto (a, b): forward |Δy| ≤ 4·eps32·(|a| + |b|); inverse dx/dy = 1/(w σ(x) σ(−x)).
    elementwise(
      `sigmoid(${a}, ${b})`,
      sigmoidTransform(a!, b!),
      (x) => a! + (b! - a!) * sigma64(x),
      f32(-12, 12).map((x) => {
        const w = b! - a!;
        const s = sigma64(x) * sigma64(-x);
        const absAB = Math.abs(a!) + Math.abs(b!);
        return scalarCase(x, 4 * EPS32 * absAB, (8 * EPS32 * absAB) / (w * s) + 4 * EPS32 * Math.abs(x), Math.abs(x) + 1 + Math.abs(Math.log(w)), 1);
      }),
      a === 0 && b === 1 ? unitInterval : interval(a!, b!),
    ),
  ),
  // affine: |Δy| ≤ 2·eps32·(|loc| + |scale·x|); inverse divides by |scale|.
  ...[
    [2, -3],
    [-0.5, 0.25],
  ].map(([loc, sc]) =>
    elementwise(
      `affine(${loc}, ${sc})`,
      affineTransform(loc!, sc!),
      (x) => loc! + sc! * x,
      f32(-100, 100).map((x) => {
        const size = Math.abs(loc!) + Math.abs(sc! * x);
        return scalarCase(x, 2 * EPS32 * size, (4 * EPS32 * size) / Math.abs(sc!) + 2 * EPS32 * Math.abs(x), 1 + Math.abs(Math.log(Math.abs(sc!))), 0);
      }),
      real,
    ),
  ),
  // low + softplus(x): forward |Δy| ≤ 4·eps32·(|low| + softplus); inverse dx/dy = 1/σ(x).
  elementwise(
    "greaterThan(-2.5)",
    biject(greaterThan(-2.5)),
    (x) => -2.5 + softplus64(x),
    f32(-8, 30).map((x) => {
      const size = 2.5 + softplus64(x);
      return scalarCase(x, 4 * EPS32 * size, (8 * EPS32 * size) / sigma64(x) + 4 * EPS32 * (1 + Math.abs(x)), Math.abs(x) + 1, 1);
    }),
    greaterThan(-2.5),
  ),
  // stick-breaking on m = K − 1 inputs: log y_k sums ≤ m + 1 terms log σ(±u), each within
  // 2·eps32·(|u| + 1), so y_k is within 4·eps32·S relative, S = Σ(|u_j| + 1) + 1; the inverse
  // takes logs of y_k and of a tail sum (relative error ≤ 4·eps32·S + K·eps32), adds log(K−1−k).
  {
    name: "stickBreaking",
    t: stickBreakingTransform,
    arb: fc.integer({ min: 1, max: 5 }).chain((m) =>
      fc.array(f32(-6, 6), { minLength: m, maxLength: m }).map((x) => {
        const s = x.reduce((a, v, k) => a + Math.abs(v - Math.log(m - k)) + 1, 1);
        return {
          input: x,
          shape: [m],
          tolForward: stick64(x).map((y) => 4 * EPS32 * s * y),
          tolRoundTrip: x.map((v) => 2 * (4 * EPS32 * s + (m + 1) * EPS32) + 4 * EPS32 * (Math.abs(v) + Math.log(m))),
          ldSize: 3 * m * s,
          ldLip: 2 * m,
        };
      }),
    ),
    fwd64: stick64,
    inFree: all,
    outFree: (c) => c.input.map((_, i) => i), // y_0 … y_{K−2}; the last is 1 − their sum
    unchart: (_c, free) => tf.concat([free, tf.sub(1, tf.sum(free, -1, true))]),
    embed: (_c, free) => free,
    support: simplex,
  },
  // lowerCholesky: off-diagonal entries are copied exactly; the diagonal is softplus (as above).
  {
    name: "lowerCholesky",
    t: lowerCholeskyTransform,
    arb: fc.integer({ min: 1, max: 4 }).chain((n) =>
      fc.array(f32(-10, 10), { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 }).map((v) => {
        const isDiag = lowerIdx(n).map((p) => p % (n + 1) === 0);
        return {
          input: v,
          shape: [v.length],
          tolForward: fillLower(v, n, (d) => 8 * EPS32 * softplus64(d)).map((t, p) => (p % (n + 1) === 0 ? t : 0)),
          tolRoundTrip: v.map((x, k) => (isDiag[k] ? 8 * EPS32 * (softplus64(x) / sigma64(x) + Math.abs(x) + 1) : 0)),
          ldSize: v.reduce((a, x) => a + Math.abs(x) + 1, 0),
          ldLip: n,
        };
      }),
    ),
    fwd64: (v) => fillLower(v, sideOf(v.length), softplus64),
    inFree: all,
    outFree: (c) => lowerIdx(sideOf(c.input.length)),
    unchart: (c, free) => scatterLower(free, sideOf(c.input.length)),
    embed: (_c, free) => free,
    support: lowerCholesky,
  },
  // L ↦ L Lᵀ on its own, over the free entries of L (lower triangle, diagonal in [0.5, 3]):
  // each entry of L Lᵀ is a sum of n products, |Δ| ≤ (n + 2)·eps32·(|L||L|ᵀ)_ij; the inverse
  // (Cholesky of the rounded product) is within n·κ(A)·|ΔA|/‖A‖·‖L‖ of L.
  {
    name: "choleskyOuter",
    t: choleskyOuterTransform,
    arb: fc.integer({ min: 1, max: 4 }).chain((n) =>
      fc
        .array(f32(-2, 2), { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 })
        .chain((v) => fc.tuple(fc.constant(v), fc.array(f32(0.5, 3), { minLength: n, maxLength: n })))
        .map(([v, d]) => {
          const l = fillLower(v, n);
          for (let i = 0; i < n; i++) l[i * (n + 1)] = d[i]!;
          const absL = l.map(Math.abs);
          const tolA = outer64(absL, n).map((x) => (n + 2) * EPS32 * x);
          const a = outer64(l, n);
          const k = cond(toMatrix(a, n));
          const lNorm = Math.sqrt(l.reduce((s, x) => s + x * x, 0));
          const aNorm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
          return {
            input: l,
            shape: [n, n],
            tolForward: tolA,
            tolRoundTrip: l.map(() => (4 * n * k * Math.max(...tolA) * lNorm) / aNorm),
            ldSize: d.reduce((s, x, i) => s + (n - i) * (Math.abs(Math.log(x)) + 1), n),
            ldLip: 2 * n * n,
          };
        }),
    ),
    fwd64: (l) => outer64(l, Math.round(Math.sqrt(l.length))),
    inFree: (c) => lowerIdx(c.shape[0]!),
    outFree: (c) => lowerIdx(c.shape[0]!),
    unchart: (c, free) => symmetricFromLower(free, c.shape[0]!),
    embed: (c, free) => {
      const n = c.shape[0]!;
      const full = new Array<number>(n * n).fill(0);
      lowerIdx(n).forEach((p, k) => (full[p] = free[k]!));
      return full;
    },
    support: positiveDefinite,
  },
  // biject(positiveDefinite): the composite, inputs in [−2, 2] (diagonal of L in [0.13, 2.1]).
  {
    name: "positiveDefinite (composite)",
    t: positiveDefiniteTransform,
    arb: fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.array(f32(-2, 2), { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 }).map((v) => {
        const l = fillLower(v, n, softplus64);
        const absL = l.map(Math.abs);
        // softplus adds 8·eps32 relative to each diagonal entry of L: (n + 10)·eps32 in all
        const tolA = outer64(absL, n).map((x) => (n + 10) * EPS32 * x);
        const a = outer64(l, n);
        const k = cond(toMatrix(a, n));
        const lNorm = Math.sqrt(l.reduce((s, x) => s + x * x, 0));
        const aNorm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
        const isDiag = lowerIdx(n).map((p) => p % (n + 1) === 0);
        const dL = (4 * n * k * Math.max(...tolA) * lNorm) / aNorm;
        return {
          input: v,
          shape: [v.length],
          tolForward: tolA,
          tolRoundTrip: v.map((x, i) => (isDiag[i] ? dL / sigma64(x) + 8 * EPS32 * (1 + Math.abs(x)) : dL)),
          ldSize: v.reduce((s, x) => s + n * (Math.abs(x) + 2), n),
          ldLip: 2 * n * n,
        };
      }),
    ),
    fwd64: (v) => {
      const n = sideOf(v.length);
      return outer64(fillLower(v, n, softplus64), n);
    },
    inFree: all,
    outFree: (c) => lowerIdx(sideOf(c.input.length)),
    unchart: (c, free) => symmetricFromLower(free, sideOf(c.input.length)),
    embed: (_c, free) => free,
    support: positiveDefinite,
  },
];

/** n × n lower-triangular matrix from its lower entries, by a 0/1 matrix product (exact). */
function scatterLower(free: tf.Tensor1D, n: number): tf.Tensor {
  const idx = lowerIdx(n);
  const sel = tf.tensor2d(idx.map((p) => Array.from({ length: n * n }, (_, q) => (q === p ? 1 : 0))));
  return tf.reshape(tf.matMul(tf.reshape(free, [1, idx.length]), sel), [n, n]);
}

/** The symmetric matrix with the given lower entries (S + Sᵀ − diag S, exact). */
function symmetricFromLower(free: tf.Tensor1D, n: number): tf.Tensor {
  const s = scatterLower(free, n);
  return tf.sub(tf.add(s, tf.transpose(s)), tf.mul(s, tf.eye(n)));
}

const flat = (t: tf.Tensor) => Array.from(t.dataSync());

describe.each(specs)("transform $name", (spec) => {
  it("forward equals the float64 map and inverse∘forward = id, within the derived float32 budgets", () => {
    fc.assert(
      fc.property(spec.arb, (c) => {
        const [y, back] = tf.tidy(() => {
          const x = tf.tensor(c.input, c.shape);
          const yy = spec.t.forward(x);
          expect(yy.shape).toEqual(transformForwardShape(spec.t, c.shape));
          return [flat(yy), flat(spec.t.inverse(yy))];
        });
        const ref = spec.fwd64(c.input);
        ref.forEach((r, i) => expect(Math.abs(y[i]! - r)).toBeLessThanOrEqual(c.tolForward[i]! + 2 ** -149));
        const free = spec.inFree(c);
        free.forEach((p, k) => expect(Math.abs(back[p]! - c.input[p]!)).toBeLessThanOrEqual(c.tolRoundTrip[k]! + 2 ** -149));
      }),
      FC,
    );
  });

  it("log|det J| equals a float64 finite-difference determinant and −log|det J_inverse| at the image", () => {
    fc.assert(
      fc.property(spec.arb, (c) => {
        const inFree = spec.inFree(c);
        const outFree = spec.outFree(c);
        const x0 = inFree.map((p) => c.input[p]!);
        const f = (v: number[]) => {
          const y = spec.fwd64(spec.embed(c, v));
          return outFree.map((p) => y[p]!);
        };
        const jac = fdJacobian(f, x0);
        const ldFD = logAbsDet(jac);
        const kappa = cond(jac);
        const { ld, jInv } = tf.tidy(() => {
          const x = tf.tensor(c.input, c.shape);
          const l = spec.t.logAbsDetJacobian(x).dataSync()[0]!;
          const yFree = tf.tensor1d(outFree.map((p) => flat(spec.t.forward(x))[p]!));
          // rows of the Jacobian of y_free ↦ x_free through the library's inverse (autodiff)
          const rows = inFree.map((p) =>
            flat(tf.grad((yf: tf.Tensor) => tf.reshape(spec.t.inverse(spec.unchart(c, yf as tf.Tensor1D)), [-1]).gather([p]).sum())(yFree)),
          );
          return { ld: l, jInv: rows };
        });
        const d = inFree.length;
        // FD: truncation ≈ h²·|f‴|/6 ≈ 1e-10 relative per entry for these smooth maps and
        // |x| ≤ 30 (h = 6e-6·max(1, |x|)), so log|det| is within d·κ(J)·1e-9; the library's
        // float32 sum of log-terms is within 8·eps32·Σ|terms|. Asserted: the sum of both.
        expect(Math.abs(ld - ldFD)).toBeLessThanOrEqual(1e-9 * d * kappa + 8 * EPS32 * c.ldSize);
        // Autodiff of the inverse in float32 at the rounded image: entries within ≈ 32·eps32
        // relative (a chain of ≤ 10 roundings, doubled), so log|det| moves ≤ 32·d·κ·eps32; the
        // rounded image is the image of an x' with |x' − x| ≤ the round-trip budget, which
        // moves log|J| by ≤ Lipschitz·budget.
        const ldInv = logAbsDet(jInv);
        const budget = Math.max(0, ...c.tolRoundTrip);
        expect(Math.abs(ld + ldInv)).toBeLessThanOrEqual(64 * d * kappa * EPS32 + 8 * EPS32 * c.ldSize + c.ldLip * budget * 4);
      }),
      { ...FC, numRuns: 40 },
    );
  });

  it("maps every input into its codomain, and the codomain is the expected constraint", () => {
    expect(spec.t.codomain?.tag).toBe(spec.support.tag);
    fc.assert(
      fc.property(spec.arb, (c) => {
        const ok = tf.tidy(() => flat(spec.support.check(spec.t.forward(tf.tensor(c.input, c.shape)))));
        expect(ok.every((v) => v === 1)).toBe(true);
      }),
      FC,
    );
  });

  it("does not leak tensors in forward, inverse and logAbsDetJacobian", () => {
    const c = fc.sample(spec.arb, { seed: 1, numRuns: 1 })[0]!;
    const x = tf.tensor(c.input, c.shape);
    const before = tf.memory().numTensors;
    const y = spec.t.forward(x);
    const back = spec.t.inverse(y);
    const ld = spec.t.logAbsDetJacobian(x);
    tf.dispose([y, back, ld]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe("biject", () => {
  // Every built-in constraint with a transform, with the input range on which float32 can
  // represent the image inside the set (see the biject notes): softplus(x) > 0 needs x ≥ −103;
  // low + softplus(x) > low needs softplus(x) > 2⁻²⁴·|low|, i.e. x > log(2⁻²⁴·|low|) + 1;
  // L Lᵀ must stay positive definite after float32 rounding: the rounding error E has ‖E‖ ≲ n·eps·‖L‖², so it
  // suffices that n·eps·κ(L)² < 1. Inputs in [−1, 1] at n = 4: diagonal d ≥ softplus(−1) = 0.313, off-diagonal
  // |a| ≤ 1, so ‖L⁻¹‖ ≤ (1 + |a|/d)ⁿ⁻¹/d ≤ 235 and ‖L‖ ≤ ‖L‖_F ≤ 3.6: κ(L)² ≤ 7.2e5 and n·eps·κ² ≤ 0.17.
  // (At [−3, 3] the same bound is ~1e14 and fails: 9 entries at −3 and one off-diagonal 3 make L Lᵀ singular.)
  const cases: Array<[string, Constraint, number[], fc.Arbitrary<number>]> = [
    ["real", real, [3], f32(-1e30, 1e30)],
    ["realVector", realVector, [2, 3], f32(-1e30, 1e30)],
    ["positive", positive, [4], f32(-100, 1e30)],
    ["greaterThan(7)", greaterThan(7), [4], f32(Math.log(2 ** -24 * 7) + 1, 1e30)],
    ["greaterThan(-1e3)", greaterThan(-1e3), [4], f32(Math.log(2 ** -24 * 1e3) + 1, 1e30)],
    ["unitInterval", unitInterval, [4], f32(-1e30, 1e30)],
    ["interval(-2, 5)", interval(-2, 5), [4], f32(-1e30, 1e30)],
    ["simplex", simplex, [2, 4], f32(-1e3, 1e3)],
    ["lowerCholesky", lowerCholesky, [3, 6], f32(-100, 1e3)],
    ["positiveDefinite", positiveDefinite, [2, 10], f32(-1, 1)],
  ];
  it.each(cases)("maps unconstrained inputs into %s", (_name, constraint, shape, arb) => {
    const size = shape.reduce((a, b) => a * b, 1);
    fc.assert(
      fc.property(fc.array(arb, { minLength: size, maxLength: size }), (xs) => {
        const ok = tf.tidy(() => flat(constraint.check(biject(constraint).forward(tf.tensor(xs, shape)))));
        expect(ok.every((v) => v === 1)).toBe(true);
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("gives the documented transforms and refuses discrete supports by name", () => {
    expect(biject(real)).toBe(identityTransform);
    expect(biject(realVector)).toBe(identityTransform);
    expect(biject(positive)).toBe(softplusTransform);
    expect(biject(simplex)).toBe(stickBreakingTransform);
    expect(biject(lowerCholesky)).toBe(lowerCholeskyTransform);
    expect(biject(positiveDefinite)).toBe(positiveDefiniteTransform);
    expect(() => biject(integerInterval(0, 3))).toThrow("biject: no transform from the reals onto an integer in [0, 3] (integerInterval)");
    expect(() => biject(boolean)).toThrow("(boolean)");
    expect(() => biject(nonNegativeInteger)).toThrow("(nonNegativeInteger)");
  });
});

describe("composeTransform", () => {
  it("applies parts in order, sums their log-Jacobians, and derives event ranks and shapes", () => {
    const t = composeTransform([affineTransform(1, 2), expTransform]);
    expect(domainEventRank(t)).toBe(0);
    const x = [-1.5, 0, 0.75];
    const [y, ld, back] = tf.tidy(() => {
      const xt = tf.tensor(x);
      return [flat(t.forward(xt)), flat(t.logAbsDetJacobian(xt)), flat(t.inverse(t.forward(xt)))];
    });
    // y = exp(1 + 2x), log|J| = log 2 + 1 + 2x: a few roundings each
    x.forEach((v, i) => {
      expect(Math.abs(y[i]! - Math.exp(1 + 2 * v))).toBeLessThanOrEqual(8 * EPS32 * Math.exp(1 + 2 * v));
      expect(Math.abs(ld[i]! - (Math.LN2 + 1 + 2 * v))).toBeLessThanOrEqual(8 * EPS32 * (2 + 2 * Math.abs(v)));
      expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(16 * EPS32 * (1 + Math.abs(v)));
    });
    // an elementwise part after a vector part: its log-Jacobian is summed over the event
    const u = composeTransform([stickBreakingTransform, affineTransform(0, 3)]);
    expect([domainEventRank(u), codomainEventRank(u)]).toEqual([1, 1]);
    const [ldU, ldS] = tf.tidy(() => [flat(u.logAbsDetJacobian(tf.zeros([2, 3]))), flat(stickBreakingTransform.logAbsDetJacobian(tf.zeros([2, 3])))]);
    // K = 4 outputs, each scaled by 3: the affine part adds 4·log 3 on the simplex coordinates
    // as tensors (its log|J| is elementwise on the 4 outputs); sum of terms ≤ 20 in size.
    ldU.forEach((v, i) => expect(Math.abs(v - ldS[i]! - 4 * Math.log(3))).toBeLessThanOrEqual(32 * EPS32 * 20));
    // an elementwise part before a vector part: the composite works on vectors
    const w = composeTransform([affineTransform(0, 2), stickBreakingTransform]);
    expect([domainEventRank(w), codomainEventRank(w)]).toEqual([1, 1]);
    expect(tf.tidy(() => w.logAbsDetJacobian(tf.zeros([5, 3])).shape)).toEqual([5]);
    expect(codomainEventRank(positiveDefiniteTransform)).toBe(2);
    expect(domainEventRank(positiveDefiniteTransform)).toBe(1);
    expect(transformForwardShape(positiveDefiniteTransform, [7, 6])).toEqual([7, 3, 3]);
    expect(transformInverseShape(positiveDefiniteTransform, [7, 3, 3])).toEqual([7, 6]);
    expect(composeTransform([])).toBe(identityTransform);
  });

  it("compares transforms by identity and by parameters", () => {
    const loc = tf.scalar(1);
    expect(sameTransform(sigmoidTransform(0, 2), sigmoidTransform(0, 2))).toBe(true);
    expect(sameTransform(sigmoidTransform(0, 2), sigmoidTransform(0, 3))).toBe(false);
    expect(sameTransform(affineTransform(loc, 2), affineTransform(loc, 2))).toBe(true);
    expect(sameTransform(affineTransform(tf.scalar(1), 2), affineTransform(tf.scalar(1), 2))).toBe(false);
    expect(sameTransform(biject(greaterThan(1)), biject(greaterThan(1)))).toBe(true);
    expect(sameTransform(composeTransform([expTransform, affineTransform(0, 2)]), composeTransform([expTransform, affineTransform(0, 2)]))).toBe(true);
    expect(sameTransform(composeTransform([expTransform, affineTransform(0, 2)]), composeTransform([softplusTransform, affineTransform(0, 2)]))).toBe(false);
    expect(sameTransform(expTransform, softplusTransform)).toBe(false);
    loc.dispose();
  });
});

describe("constraints", () => {
  const check = (c: Constraint, v: tf.Tensor) => {
    const out = flat(c.check(v));
    v.dispose();
    return out;
  };
  it("greaterThan, integerInterval, realVector", () => {
    expect(check(greaterThan(1), tf.tensor([2, 1, 0, Infinity, NaN]))).toEqual([1, 0, 0, 0, 0]);
    expect(greaterThan(1).low).toBe(1);
    expect(check(integerInterval(-1, 3), tf.tensor([-1, 3, 1.5, 4, -2]))).toEqual([1, 1, 0, 0, 0]);
    expect(check(realVector, tf.tensor([[0, 1], [2, NaN], [Infinity, 0]]))).toEqual([1, 0, 0]);
    expect(realVector.tag).toBe("real");
    expect(realVector.eventRank).toBe(1);
    expect(() => greaterThan(Infinity)).toThrow(RangeError);
    expect(() => integerInterval(0.5, 2)).toThrow("integerInterval: needs integers low ≤ high, got [0.5, 2]");
  });
  it("lowerCholesky and positiveDefinite check whole matrices", () => {
    expect(check(lowerCholesky, tf.tensor([[[1, 0], [2, 3]], [[1, 1e-30], [0, 1]], [[1, 0], [0, 0]], [[1, 0], [NaN, 1]]]))).toEqual([1, 0, 0, 0]);
    expect(check(positiveDefinite, tf.tensor([[[2, 1], [1, 2]], [[1, 2], [2, 1]], [[2, 1], [1.5, 2]], [[1, 0], [0, 0]]]))).toEqual([1, 0, 0, 0]);
    expect(check(positiveDefinite, tf.ones([2, 3]))).toEqual([0]);
    expect(lowerCholesky.eventRank).toBe(2);
    expect(positiveDefinite.eventRank).toBe(2);
  });
});

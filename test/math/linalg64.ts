// Float64 linear-algebra references for the tests, written independently of src/math: dense
// Gaussian elimination with partial pivoting and a column-oriented (Crout) Cholesky, both over
// dual numbers v + d·ε (ε² = 0), so one evaluation gives a value and an exact directional
// derivative (forward-mode differentiation, no finite-difference truncation error).

/** A dual number: value and derivative along one direction. */
export interface Dual {
  v: number;
  d: number;
}

export const dual = (v: number, d = 0): Dual => ({ v, d });
export const add = (a: Dual, b: Dual): Dual => dual(a.v + b.v, a.d + b.d);
export const sub = (a: Dual, b: Dual): Dual => dual(a.v - b.v, a.d - b.d);
export const mul = (a: Dual, b: Dual): Dual => dual(a.v * b.v, a.v * b.d + a.d * b.v);
export const div = (a: Dual, b: Dual): Dual => dual(a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v));
export const sqrt = (a: Dual): Dual => {
  const s = Math.sqrt(a.v);
  return dual(s, a.d / (2 * s));
};
export const log = (a: Dual): Dual => dual(Math.log(a.v), a.d / a.v);
export const exp = (a: Dual): Dual => {
  const e = Math.exp(a.v);
  return dual(e, a.d * e);
};
/** Σ of duals. */
export const sum = (xs: Dual[]): Dual => xs.reduce(add, dual(0));

/** A dense matrix of duals, rows of columns. */
export type DMat = Dual[][];

/** Lift a number matrix and a direction of the same shape (default 0) to duals. */
export function lift(a: number[][], da?: number[][]): DMat {
  return a.map((row, i) => row.map((v, j) => dual(v, da ? da[i]![j]! : 0)));
}

export const values = (m: DMat): number[][] => m.map((r) => r.map((x) => x.v));
export const derivs = (m: DMat): number[][] => m.map((r) => r.map((x) => x.d));

/** Cholesky–Crout, column by column: L with L Lᵀ = A (lower triangle of A read). */
export function cholesky64(a: DMat): DMat {
  const n = a.length;
  const l: DMat = a.map((r) => r.map(() => dual(0)));
  for (let j = 0; j < n; j++) {
    let s = a[j]![j]!;
    for (let k = 0; k < j; k++) s = sub(s, mul(l[j]![k]!, l[j]![k]!));
    l[j]![j] = sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = a[i]![j]!;
      for (let k = 0; k < j; k++) t = sub(t, mul(l[i]![k]!, l[j]![k]!));
      l[i]![j] = div(t, l[j]![j]!);
    }
  }
  return l;
}

/** Solve M X = B by Gaussian elimination with partial pivoting (M square, any structure). */
export function solve64(m: DMat, b: DMat): DMat {
  const n = m.length;
  const k = b[0]!.length;
  const a = m.map((r, i) => [...r, ...b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!.v) > Math.abs(a[p]![c]!.v)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = div(a[r]![c]!, a[c]![c]!);
      for (let j = c; j < n + k; j++) a[r]![j] = sub(a[r]![j]!, mul(f, a[c]![j]!));
    }
  }
  const x: DMat = Array.from({ length: n }, () => Array.from({ length: k }, () => dual(0)));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j < k; j++) {
      let s = a[i]![n + j]!;
      for (let t = i + 1; t < n; t++) s = sub(s, mul(a[i]![t]!, x[t]![j]!));
      x[i]![j] = div(s, a[i]![i]!);
    }
  }
  return x;
}

/** Transpose. */
export function transpose<T>(m: T[][]): T[][] {
  return m[0]!.map((_, j) => m.map((r) => r[j]!));
}

/** Keep the lower (or upper) triangle, zeroing the rest. */
export function triangle(m: number[][], lower: boolean): number[][] {
  return m.map((r, i) => r.map((v, j) => ((lower ? j <= i : j >= i) ? v : 0)));
}

/** Matrix product of number matrices. */
export function matmul(a: number[][], b: number[][]): number[][] {
  return a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

/** Frobenius norm. */
export const frob = (m: number[][]): number => Math.sqrt(m.flat().reduce((s, v) => s + v * v, 0));

/** Largest absolute entry. */
export const maxAbs = (m: number[][]): number => Math.max(...m.flat().map(Math.abs));

/** Frobenius condition number ‖M‖·‖M⁻¹‖ (an upper bound on the 2-norm condition number). */
export function cond(m: number[][]): number {
  const n = m.length;
  const eye = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  return frob(m) * frob(values(solve64(lift(m), lift(eye))));
}

/** log |det M| by Gaussian elimination with partial pivoting, in float64. */
export function logAbsDet(m: number[][]): number {
  const n = m.length;
  const a = m.map((r) => [...r]);
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    s += Math.log(Math.abs(a[c]![c]!));
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let j = c; j < n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return s;
}

/** Jacobian of f: ℝⁿ → ℝᵐ at x by float64 central differences, h = eps64^(1/3)·max(1, |x_j|). */
export function fdJacobian(f: (x: number[]) => number[], x: number[]): number[][] {
  const cols = x.map((xj, j) => {
    const h = Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(xj));
    const up = [...x];
    const dn = [...x];
    up[j] = xj + h;
    dn[j] = xj - h;
    const fu = f(up);
    const fd = f(dn);
    return fu.map((v, i) => (v - fd[i]!) / (2 * h));
  });
  return transpose(cols);
}

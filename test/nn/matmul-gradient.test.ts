import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { mlp, tf, useBackend } from "latent";
import { EPS32, FC } from "../helpers.js";

// float64 reference: C = op(A)·op(B); for L = Σ C ⊙ W, dL/dA and dL/dB by the product rule.
function mat(rows: number, cols: number, data: number[]): number[][] {
  return Array.from({ length: rows }, (_, i) => data.slice(i * cols, (i + 1) * cols));
}
const T = (m: number[][]) => m[0]!.map((_, j) => m.map((r) => r[j]!));
const mul = (a: number[][], b: number[][]) => a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

const dims = fc.record({ m: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 5 }) });
const values = (len: number) => fc.array(fc.integer({ min: -8, max: 8 }), { minLength: len, maxLength: len });

describe.each(["cpu", "wasm"] as const)("matMul gradient on %s", (backend) => {
  afterAll(async () => {
    await useBackend("cpu");
  });

  it("equals the float64 product rule for every transpose combination", async () => {
    await useBackend(backend);
    fc.assert(
      fc.property(
        dims.chain(({ m, k, n }) => fc.tuple(fc.constant({ m, k, n }), values(m * k), values(k * n), values(m * n), fc.boolean(), fc.boolean())),
        ([{ m, k, n }, av, bv, wv, ta, tb]) => {
          // A is m×k (stored k×m when ta), B is k×n (stored n×k when tb); small integers keep
          // every product exact in float32, so the comparison is exact.
          const A = mat(m, k, av);
          const B = mat(k, n, bv);
          const W = mat(m, n, wv);
          const aStored = ta ? T(A) : A;
          const bStored = tb ? T(B) : B;
          const [ga, gb] = tf.tidy(() =>
            tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b, ta, tb), tf.tensor2d(W))))([
              tf.tensor2d(aStored),
              tf.tensor2d(bStored),
            ]).map((g) => g.arraySync() as number[][]),
          );
          const dA = mul(W, T(B)); // dL/dA = W·Bᵀ (m×k)
          const dB = mul(T(A), W); // dL/dB = Aᵀ·W (k×n)
          expect(ga).toEqual(ta ? T(dA) : dA);
          expect(gb).toEqual(tb ? T(dB) : dB);
        },
      ),
      { ...FC, numRuns: 60 },
    );
  });

  it("gives an mlp the same gradients as a float64 finite difference (spot check)", async () => {
    await useBackend(backend);
    const net = mlp([3, 4, 2], { seed: 7, activation: "tanh" });
    const x = tf.tensor2d([[0.1, -0.2, 0.3], [0.5, 0.4, -0.6]]);
    const w = net.variables().get("0.weight")!;
    const loss = () => tf.sum(tf.square(net(x))) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [w]);
    const g = grads[w.name]!.dataSync();
    const base = w.dataSync().slice();
    const h = 1e-2; // float32 central difference: truncation O(h²) ≈ 1e-4·|f'''|, roundoff eps32·|f|/h
    for (const idx of [0, 5, 11]) {
      const plus = Float32Array.from(base);
      plus[idx]! += h;
      w.assign(tf.tensor(plus, w.shape));
      const fp = loss().dataSync()[0]!;
      const minus = Float32Array.from(base);
      minus[idx]! -= h;
      w.assign(tf.tensor(minus, w.shape));
      const fm = loss().dataSync()[0]!;
      w.assign(tf.tensor(base, w.shape));
      expect(Math.abs((fp - fm) / (2 * h) - g[idx]!)).toBeLessThanOrEqual(2e-3 + (64 * EPS32) / h);
    }
    tf.dispose([x, grads[w.name]!]);
    net.dispose();
  });
});

/**
 * A gradient for tfjs's matMul that avoids transposed matrix products on the wasm backend.
 *
 * On tfjs-backend-wasm 4.22, `matMul(a, b)` with `transposeA` or `transposeB` runs about 12×
 * slower than the plain product (it falls off the fast XNNPACK path), and the stock gradient
 * of matMul uses exactly those forms. This gradient transposes explicitly (a cheap copy) and
 * then calls the plain product. The numbers are identical; only the speed differs.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core alone registers no gradients (its ESM build that does cannot load under Node's
// resolver); the @tensorflow/tfjs union package registers them all, in the global registry.
import "@tensorflow/tfjs";

function t(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  perm[n - 2] = n - 1;
  perm[n - 1] = n - 2;
  return tf.transpose(x, perm);
}

type Pair = { a: () => tf.Tensor; b: () => tf.Tensor };

const rows = (x: tf.Tensor): number => x.shape[x.rank - 2]!;
const cols = (x: tf.Tensor): number => x.shape[x.rank - 1]!;

// P·Qᵀ with one explicit transpose: of Q, or of P and of the (smaller) result, (Q·Pᵀ)ᵀ —
// whichever moves fewer numbers. Transposes cost about as much per number as a pass of
// memory, and a weight matrix is often far larger than a minibatch of activations.
function mulT(p: tf.Tensor, q: tf.Tensor): tf.Tensor {
  return q.size <= p.size + rows(p) * rows(q) ? tf.matMul(p, t(q)) : t(tf.matMul(q, t(p)));
}

// Pᵀ·Q, by transposing P or as (Qᵀ·P)ᵀ.
function tMul(p: tf.Tensor, q: tf.Tensor): tf.Tensor {
  return p.size <= q.size + cols(p) * cols(q) ? tf.matMul(t(p), q) : t(tf.matMul(t(q), p));
}

function explicitGrads(dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): Pair {
  if (!ta && !tb) return { a: () => mulT(dy, b), b: () => tMul(a, dy) };
  if (!ta && tb) return { a: () => tf.matMul(dy, b), b: () => tMul(dy, a) };
  if (ta && !tb) return { a: () => mulT(b, dy), b: () => tf.matMul(a, dy) };
  return { a: () => t(tf.matMul(dy, b)), b: () => t(tf.matMul(a, dy)) };
}

function flaggedGrads(dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): Pair {
  if (!ta && !tb) return { a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) };
  if (!ta && tb) return { a: () => tf.matMul(dy, b), b: () => tf.matMul(dy, a, true, false) };
  if (ta && !tb) return { a: () => tf.matMul(b, dy, false, true), b: () => tf.matMul(a, dy) };
  return { a: () => tf.matMul(b, dy, true, true), b: () => tf.matMul(dy, a, true, true) };
}

let installed = false;

/**
 * Replace the gradient of tfjs's `BatchMatMul` kernel (behind `tf.matMul`) by one that, on
 * the wasm backend, transposes explicitly and multiplies plainly; other backends keep the
 * transposed-flag form. Called once when `latent` is imported; calling it again is a no-op.
 *
 * Operands of different rank (broadcast batch dimensions) keep the flagged form, which is
 * what tfjs itself does.
 *
 * @example
 * ```ts
 * installFastMatMulGradient();
 * tf.grad((w) => tf.sum(tf.matMul(x, w)))(w); // same numbers, faster on wasm
 * ```
 */
export function installFastMatMulGradient(): void {
  if (installed) return;
  installed = true;
  tf.registerGradient({
    kernelName: "BatchMatMul",
    inputsToSave: ["a", "b"],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs?: tf.NamedAttrMap) => {
      const grad = dy as tf.Tensor;
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const ta = Boolean(attrs?.["transposeA"]);
      const tb = Boolean(attrs?.["transposeB"]);
      const explicit = tf.getBackend() === "wasm" && a.rank === b.rank;
      return explicit ? explicitGrads(grad, a, b, ta, tb) : flaggedGrads(grad, a, b, ta, tb);
    },
  });
}

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

function explicitGrads(dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): Pair {
  if (!ta && !tb) return { a: () => tf.matMul(dy, t(b)), b: () => tf.matMul(t(a), dy) };
  if (!ta && tb) return { a: () => tf.matMul(dy, b), b: () => tf.matMul(t(dy), a) };
  if (ta && !tb) return { a: () => tf.matMul(b, t(dy)), b: () => tf.matMul(a, dy) };
  return { a: () => tf.matMul(t(b), t(dy)), b: () => tf.matMul(t(dy), t(a)) };
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

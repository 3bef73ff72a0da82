/**
 * `mlp`: a multilayer perceptron whose weights are named, learned parameters.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { RandomStream } from "../math/rng.js";

/** Elementwise nonlinearities an {@link mlp} layer can use. */
export type Activation = "relu" | "tanh" | "sigmoid" | "softplus" | "identity";

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Hidden-layer activation (default `"relu"`). */
  readonly activation?: Activation;
  /** Output-layer activation (default `"identity"`). */
  readonly outputActivation?: Activation;
  /** Seed of the weight initialization (default 0). */
  readonly seed?: number;
}

/**
 * A network: call it on a batch (`[..., inputSize]`), read its variables for `module`.
 *
 * @example
 * ```ts
 * const net: Network = mlp([784, 400, 40]);
 * net(x).shape; // [batch, 40]
 * ```
 */
export interface Network {
  (x: tf.Tensor): tf.Tensor;
  /** Layer sizes, input first. */
  readonly sizes: readonly number[];
  /** The weights `"<layer>.weight"` (shape [in, out]) and `"<layer>.bias"` (shape [out]). */
  variables(): ReadonlyMap<string, tf.Variable>;
  /** Free the weights. */
  dispose(): void;
}

function activate(x: tf.Tensor, a: Activation): tf.Tensor {
  switch (a) {
    case "relu":
      return tf.relu(x);
    case "tanh":
      return tf.tanh(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "softplus":
      return tf.softplus(x);
    case "identity":
      return x;
  }
}

function uniformInit(rng: RandomStream, shape: number[], bound: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (2 * rng.uniform() - 1) * bound;
  return tf.tensor(data, shape, "float32");
}

/**
 * Build a fully connected network with layer sizes `sizes` (input first), e.g.
 * `mlp([784, 400, 40])`: y = act(… act(x W₁ + b₁) …) W_L + b_L.
 *
 * Weights and biases start uniform in ±1/√fan_in (PyTorch's default for linear layers),
 * drawn from a seeded stream so two runs with the same seed are identical. Register the
 * network in a program with `yield* module(name, net)` so it is trained and saved.
 *
 * @example
 * ```ts
 * const encoder = mlp([784, 400, 40], { seed: 1 });
 * const decoder = mlp([20, 400, 784], { seed: 2 });
 * const logits = decoder(z); // [batch, 784]
 * ```
 */
export function mlp(sizes: readonly number[], options: MlpOptions = {}): Network {
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new RangeError(`mlp: sizes must be at least two positive integers, got ${JSON.stringify(sizes)}`);
  }
  const hidden = options.activation ?? "relu";
  const last = options.outputActivation ?? "identity";
  const rng = new RandomStream(options.seed ?? 0);
  const vars = new Map<string, tf.Variable>();
  const layers: Array<{ w: tf.Variable; b: tf.Variable }> = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!;
    const bound = 1 / Math.sqrt(fanIn);
    // tf.variable copies its initial value, so the initial tensors are freed by the tidy
    const [w, b] = tf.tidy(() => [
      tf.variable(uniformInit(rng, [fanIn, sizes[i + 1]!], bound), true),
      tf.variable(uniformInit(rng, [sizes[i + 1]!], bound), true),
    ]) as [tf.Variable, tf.Variable];
    vars.set(`${i}.weight`, w);
    vars.set(`${i}.bias`, b);
    layers.push({ w, b });
  }
  const inputSize = sizes[0]!;
  const forward = (x: tf.Tensor): tf.Tensor => {
    if (!(x instanceof tf.Tensor) || x.shape[x.rank - 1] !== inputSize) {
      const got = x instanceof tf.Tensor ? `shape [${x.shape.join(",")}]` : String(x);
      throw new RangeError(`mlp: input must be a tensor with last dimension ${inputSize}, got ${got}`);
    }
    return tf.tidy(() => {
      let h = x;
      const flat = x.rank > 2 ? x.shape.slice(0, -1) : undefined;
      if (flat !== undefined) h = tf.reshape(h, [-1, inputSize]);
      layers.forEach(({ w, b }, i) => {
        h = activate(tf.add(tf.matMul(h, w), b), i + 1 === layers.length ? last : hidden);
      });
      return flat !== undefined ? tf.reshape(h, [...flat, sizes[sizes.length - 1]!]) : h;
    });
  };
  return Object.assign(forward, {
    sizes: [...sizes],
    variables: () => vars,
    dispose: () => {
      for (const v of vars.values()) v.dispose();
    },
  });
}

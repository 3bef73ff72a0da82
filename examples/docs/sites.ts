/**
 * Bayesian linear regression trained on minibatches: `latent`, `observe`, `param` and `plate`
 * in one model (docs/models-and-guides.md).
 *
 *   npx tsx examples/run.ts docs/sites --epochs 20
 *
 * y = x·w + noise for N = 2000 points in 3 dimensions, with true weights [1.5, −2, 0.5] and
 * noise sd 0.3. The model learns a posterior over w and a point estimate of the noise.
 */
import * as path from "node:path";
import { adam, compile, guide, latent, model, Normal, observe, param, plate, positive, tf, useBackend } from "latent";
import { parseArgs } from "../lib/args.js";

// ---- model and guide ----------------------------------------------------------------------------
// `size` is the full number of data points; fit passes it through unchanged (it is not a tensor).
const regression = model(function* ({ x, y, size }: { x: tf.Tensor2D; y: tf.Tensor1D; size: number }) {
  const w = yield* latent("w", Normal(0, 1).expand([3]).toEvent(1));          // prior p(w)
  const noise = yield* param("noise", 1, { constraint: positive });            // learned, not random
  yield* plate("data", { size, subsampleSize: x.shape[0] }, function* () {
    const mean = tf.squeeze(tf.matMul(x, tf.reshape(w, [3, 1])), [1]);         // [B]
    yield* observe("y", Normal(mean, noise), y);                                // scaled by N / B
  });
});

const meanField = guide(regression, function* () {
  const loc = yield* param("w.loc", tf.zeros([3]));
  const scale = yield* param("w.scale", tf.fill([3], 0.1), { constraint: positive });
  yield* latent("w", Normal(loc, scale).toEvent(1));
});
// -------------------------------------------------------------------------------------------------

export async function main(argv: string[] = process.argv.slice(2)) {
  const opts = parseArgs(argv, { epochs: 20, batch: 100, seed: 0 });
  await useBackend("cpu");
  const size = 2000;
  const trueW = tf.tensor2d([[1.5], [-2], [0.5]]);
  const x = tf.randomNormal([size, 3], 0, 1, "float32", 1) as tf.Tensor2D;
  const y = tf.tidy(() => tf.add(tf.squeeze(tf.matMul(x, trueW), [1]), tf.randomNormal([size], 0, 0.3, "float32", 2))) as tf.Tensor1D;

  const svi = compile(regression, meanField, { optimizer: adam(0.05), seed: opts.seed });
  svi.fit({ x, y, size }, { epochs: opts.epochs, batchSize: opts.batch, progress: false });

  const { values, means } = svi.posterior({ x, y, size });
  const w = Array.from(means.w.dataSync(), (v) => v.toFixed(3));
  // a param's current value: the stored (unconstrained) variable mapped through its constraint
  const noise = tf.tidy(() => svi.params.get("noise", () => tf.scalar(1), positive).dataSync()[0]!);
  console.log(`${svi.stepCount} steps of ${opts.batch} points (N = ${size})`);
  console.log(`posterior mean of w: [${w.join(", ")}]   (true [1.5, -2, 0.5])`);
  console.log(`noise: ${noise.toFixed(3)}   (true 0.3)`);
  console.log(svi.explain());
  tf.dispose([trueW, x, y, values.w, means.w]);
  return { w: w.map(Number), noise };
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

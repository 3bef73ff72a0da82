/**
 * Is this coin fair? The first model of docs/getting-started.md.
 *
 *   npx tsx examples/run.ts coin --steps 1000 --lr 0.02 --seed 0 --backend cpu
 *
 * Prior on the coin's log-odds θ = log(p / (1 − p)): θ ~ Normal(0, 1.5). Each flip is
 * Bernoulli(p = sigmoid(θ)). The guide q(θ) = Normal(loc, scale) has two learned numbers.
 * After training, the guide's estimates are printed beside the exact posterior, computed by
 * quadrature on a grid (one dimension is cheap to integrate).
 */
import * as path from "node:path";
import {
  adam, Bernoulli, compile, elbo, guide, latent, model, Normal, observe, param, positive, tf, useBackend,
  type BackendName,
} from "latent";
import { parseArgs } from "./lib/args.js";

// ---- the model and the guide -------------------------------------------------------------------
const coin = model(function* ({ flips }: { flips: tf.Tensor1D }) {
  const theta = yield* latent("theta", Normal(0, 1.5));
  yield* observe("flips", Bernoulli({ logits: theta }).expand([flips.shape[0]]), flips);
});

const q = guide(coin, function* () {
  const loc = yield* param("loc", 0);
  const scale = yield* param("scale", 1, { constraint: positive });
  yield* latent("theta", Normal(loc, scale));
});
// -------------------------------------------------------------------------------------------------

/** The exact posterior by the midpoint rule on [−12, 12]: mean and sd of θ, E[p], log p(x). */
export function exactPosterior(heads: number, tails: number, priorScale = 1.5) {
  const n = 24_000;
  const h = 24 / n;
  let z = 0, m1 = 0, m2 = 0, mp = 0;
  for (let i = 0; i < n; i++) {
    const t = -12 + (i + 0.5) * h;
    const logLik = -heads * Math.log1p(Math.exp(-t)) - tails * Math.log1p(Math.exp(t));
    const w = Math.exp(-0.5 * (t / priorScale) ** 2 + logLik);
    z += w;
    m1 += w * t;
    m2 += w * t * t;
    mp += w / (1 + Math.exp(-t));
  }
  const mean = m1 / z;
  const logEvidence = Math.log(z * h) - Math.log(priorScale * Math.sqrt(2 * Math.PI));
  return { mean, sd: Math.sqrt(m2 / z - mean * mean), probHeads: mp / z, logEvidence };
}

export async function main(argv: string[] = process.argv.slice(2)) {
  const opts = parseArgs(argv, { steps: 1000, lr: 0.02, seed: 0, backend: "cpu" });
  await useBackend(opts.backend as BackendName);

  // 30 flips, 21 heads
  const data = [1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1];
  const flips = tf.tensor1d(data);
  const heads = data.filter((f) => f === 1).length;

  const svi = compile(coin, q, { objective: elbo(), optimizer: adam(opts.lr), seed: opts.seed });
  svi.fit({ flips }, { epochs: opts.steps, batchSize: data.length, progress: false });

  const { values, means } = svi.posterior({ flips });
  const loc = means.theta.dataSync()[0]!;
  // a param's current value: the stored (unconstrained) variable mapped through its constraint
  const scale = tf.tidy(() => svi.params.get("scale", () => tf.scalar(1), positive).dataSync()[0]!);
  // E_q[sigmoid(θ)], the guide's posterior mean of p, from 100,000 draws of q
  const probHeads = tf.tidy(() => tf.mean(tf.sigmoid(Normal(loc, scale).sample([100_000], 1))).dataSync()[0]!);
  const { elbo: bound } = svi.evaluate({ flips }, { particles: 1000 });
  const exact = exactPosterior(heads, data.length - heads);

  console.log(`${heads} heads in ${data.length} flips, ${svi.stepCount} steps`);
  console.log(`                   guide    exact`);
  console.log(`mean of θ       ${loc.toFixed(3).padStart(7)}  ${exact.mean.toFixed(3).padStart(7)}`);
  console.log(`sd of θ         ${scale.toFixed(3).padStart(7)}  ${exact.sd.toFixed(3).padStart(7)}`);
  console.log(`P(heads), E[p]  ${probHeads.toFixed(3).padStart(7)}  ${exact.probHeads.toFixed(3).padStart(7)}`);
  console.log(`ELBO ${bound.toFixed(3)} (svi.evaluate, 1000 draws)   log p(x) ${exact.logEvidence.toFixed(3)} (exact)`);
  tf.dispose([flips, values.theta, means.theta]);
  return { loc, scale, probHeads, elbo: bound, exact };
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

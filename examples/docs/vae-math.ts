/**
 * The two formulas a VAE rests on, checked numerically (docs/vae.md):
 *
 * 1. the closed-form KL(N(μ, σ²) ‖ N(0, 1)) = ½ (μ² + σ² − 1 − log σ²), against `kl` and a
 *    Monte Carlo estimate;
 * 2. the reparameterization trick: z = μ + σ ε lets gradients of E[f(z)] flow to μ and σ.
 *
 *   npx tsx examples/run.ts docs/vae-math
 */
import * as path from "node:path";
import { kl, Normal, tf, useBackend } from "latent";

export async function main(): Promise<void> {
  await useBackend("cpu");
  const mu = 0.8;
  const sigma = 0.5;

  // 1. KL(q ‖ p) for q = N(μ, σ²), p = N(0, 1)
  const formula = 0.5 * (mu * mu + sigma * sigma - 1 - Math.log(sigma * sigma));
  const q = Normal(mu, sigma);
  const p = Normal(0, 1);
  const closed = tf.tidy(() => kl(q, p).dataSync()[0]!);
  const monteCarlo = tf.tidy(() => {
    const z = q.sample([200_000], 7);
    return tf.mean(tf.sub(q.logProb(z), p.logProb(z))).dataSync()[0]!;
  });
  console.log(`KL formula ${formula.toFixed(5)}   kl(q, p) ${closed.toFixed(5)}   Monte Carlo ${monteCarlo.toFixed(5)}`);

  // 2. d/dμ and d/dσ of E[z²] = μ² + σ², estimated through z = μ + σ ε
  const grads = tf.grads((m: tf.Tensor, s: tf.Tensor) => tf.mean(tf.square(Normal(m, s).rsample([200_000], 3))));
  const [dMu, dSigma] = tf.tidy(() => grads([tf.scalar(mu), tf.scalar(sigma)]).map((g) => g.dataSync()[0]!));
  console.log(`dE[z²]/dμ ${dMu!.toFixed(3)} (exact ${2 * mu})   dE[z²]/dσ ${dSigma!.toFixed(3)} (exact ${2 * sigma})`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

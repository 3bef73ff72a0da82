/**
 * The variational autoencoder of Kingma & Welling (2014) on MNIST, written in latent's DSL.
 *
 *   npm run demo -- --epochs 10 --latent 20 --out out --seed 0 --backend wasm
 *
 * Trains on 9,000 digits, reports the held-out ELBO on 1,000, and writes three pictures:
 * digits generated from the prior, originals beside their reconstructions, and a walk in
 * latent space between two encoded digits.
 */
import * as path from "node:path";
import {
  adam, Bernoulli, compile, elbo, guide, latent, loadMnist, mlp, model, module, Normal, observe,
  softplus, tf, useBackend, type BackendName,
} from "latent";
import { parseArgs } from "./lib/args.js";
import { writeImageGrid } from "./lib/images.js";

// ---- the model and the guide: this is all a user writes --------------------------------------
export function makeVae(latentSize: number, seed: number) {
  const encoder = mlp([784, 400, 2 * latentSize], { seed });
  const decoder = mlp([latentSize, 400, 784], { seed: seed + 1 });

  // p(z) = N(0, I),  p(x | z) = Bernoulli(logits = decoder(z))
  const vae = model(function* ({ x }: { x: tf.Tensor2D }) {
    const decode = yield* module("decoder", decoder);
    const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], latentSize]).toEvent(1));
    yield* observe("x", Bernoulli({ logits: decode(z) }).toEvent(1), x);
  });

  // q(z | x) = N(μ(x), diag σ(x)²): the encoder, learned jointly with the decoder
  const q = guide(vae, function* ({ x }) {
    const encode = yield* module("encoder", encoder);
    const [loc, rawScale] = tf.split(encode(x), 2, 1);
    yield* latent("z", Normal(loc!, tf.add(softplus(rawScale!), 1e-4)).toEvent(1));
  });

  return { vae, q, encoder, decoder };
}
// -----------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2), {
    epochs: 10, latent: 20, out: "out", seed: 0, batch: 128, backend: "wasm", train: 9000,
  });
  await useBackend(opts.backend as BackendName);
  const { train, test } = loadMnist({ trainSize: opts.train });
  const { vae, q, decoder } = makeVae(opts.latent, opts.seed);
  const svi = compile(vae, q, { objective: elbo(), optimizer: adam(1e-3), seed: opts.seed });

  console.log(`latent VAE: ${train.images.shape[0]} train / ${test.images.shape[0]} test digits, ` +
    `latent size ${opts.latent}, ${opts.epochs} epochs, batch ${opts.batch}, backend ${tf.getBackend()}`);
  const history = svi.fit({ x: train.images }, { epochs: opts.epochs, batchSize: opts.batch });
  const { elboPerExample } = svi.evaluate({ x: test.images }, { particles: 1 });
  const rate = history.reduce((s, h) => s + h.examplesPerSecond, 0) / history.length;
  console.log(`held-out ELBO: ${elboPerExample.toFixed(2)} nats per example ` +
    `(train ELBO ${history.at(-1)!.elboPerExample.toFixed(2)}; ${Math.round(rate).toLocaleString("en-US")} examples/s)`);

  // pictures
  const out = path.resolve(opts.out);
  const samples = svi.generate(64);
  await writeImageGrid(path.join(out, "samples.png"), samples.means.x!, 8);
  tf.dispose([...Object.values(samples.values), ...Object.values(samples.means)]);

  const originals = tf.slice(test.images, [0, 0], [16, 784]) as tf.Tensor2D;
  const recon = svi.predict({ x: originals }, { from: "posterior" });
  const pairs = tf.tidy(() => tf.reshape(tf.stack([originals, recon.means.x!], 1), [32, 784]));
  await writeImageGrid(path.join(out, "reconstructions.png"), pairs, 8);
  tf.dispose([pairs, ...Object.values(recon.values), ...Object.values(recon.means)]);

  const ends = tf.slice(test.images, [0, 0], [2, 784]) as tf.Tensor2D;
  const codes = svi.posterior({ x: ends });
  const walk = tf.tidy(() => {
    const [a, b] = tf.split(codes.means.z, 2, 0);
    const t = tf.reshape(tf.linspace(0, 1, 10), [10, 1]);
    const z = tf.add(tf.mul(tf.sub(1, t), a!), tf.mul(t, b!));
    return tf.sigmoid(decoder(z));
  });
  await writeImageGrid(path.join(out, "interpolation.png"), walk, 10);
  tf.dispose([walk, ends, originals, ...Object.values(codes.values), ...Object.values(codes.means)]);

  await svi.save(path.join(out, "vae.ckpt.json"));
  console.log(`wrote ${path.join(opts.out, "samples.png")}, reconstructions.png, interpolation.png and vae.ckpt.json`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

/**
 * Guides that `compile` refuses in the type checker (docs/models-and-guides.md). Each
 * `@ts-expect-error` line is checked by `npm run typecheck`: if the mistake below it ever
 * type-checks, the type check fails.
 *
 *   npx tsx examples/run.ts docs/compile-errors
 *
 * Run, it forces the first wrong pair past the type checker and shows that the run-time
 * check catches the same mistake.
 */
import * as path from "node:path";
import { Bernoulli, compile, guide, HalfNormal, latent, model, Normal, observe, param, tf, useBackend } from "latent";

const vae = model(function* ({ x }: { x: tf.Tensor2D }) {
  const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 2]).toEvent(1));
  yield* observe("x", Bernoulli({ logits: z }).toEvent(1), x);
});

const missing = guide(vae, function* () {});
// @ts-expect-error guide misses latent 'z' of the model
compile(vae, missing);

const extra = guide(vae, function* ({ x }) {
  yield* latent("z", Normal(tf.zeros([x.shape[0], 2]), 1).toEvent(1));
  yield* latent("extra", Normal(0, 1));
});
// @ts-expect-error guide declares latent 'extra', which the model lacks
compile(vae, extra);

const samplesX = guide(vae, function* ({ x }) {
  yield* latent("z", Normal(tf.zeros([x.shape[0], 2]), 1).toEvent(1));
  yield* latent("x", Normal(0, 1));
});
// @ts-expect-error guide samples 'x', which the model observes
compile(vae, samplesX);

const scaleModel = model(function* () {
  yield* latent("sigma", HalfNormal(1));
});
const realGuide = guide(scaleModel, function* () {
  yield* latent("sigma", Normal(0, 1));
});
// @ts-expect-error latent 'sigma' has support 'positive' in the model but 'real' in the guide
compile(scaleModel, realGuide);

const loop = model(function* () {
  for (let i = 0; i < 3; i++) yield* latent(`w_${i}`, Normal(0, 1));
});
const fixedNames = guide(loop, function* () {
  yield* latent("w_0", Normal(0, 1));
});
// @ts-expect-error guide misses latent 'w_${number}' of the model
compile(loop, fixedNames);

export async function main(): Promise<void> {
  await useBackend("cpu");
  // Forced past the type checker, the missing latent is still caught when the first step runs.
  const withParam = guide(vae, function* () {
    yield* param("unused", 0); // gives the step a parameter to train
  });
  try {
    compile(vae, withParam as never).step({ x: tf.zeros([4, 2]) as tf.Tensor2D });
  } catch (e) {
    console.log(`${(e as Error).name}: ${(e as Error).message}`);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

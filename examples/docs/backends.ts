/**
 * Measure what docs/performance.md talks about, on your machine:
 *
 * 1. a transposed matMul against an explicit transpose and a plain matMul on wasm (the reason
 *    for latent's matMul gradient);
 * 2. ms per training step of the MNIST VAE of examples/vae-mnist.ts, per backend, with
 *    validation on and off.
 *
 *   npx tsx examples/run.ts docs/backends --steps 10 --batch 128 --backends wasm,cpu
 *
 * Random 0/1 pixels stand in for MNIST: the cost of a step does not depend on the data.
 */
import * as path from "node:path";
import { compile, elbo, adam, setValidation, tf, useBackend, type BackendName } from "latent";
import { makeVae } from "../vae-mnist.js";
import { parseArgs } from "../lib/args.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time of `f` over `reps` runs, after one warm-up run, in ms. */
function time(reps: number, f: () => void): number {
  f();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function main(argv: string[] = process.argv.slice(2)) {
  const opts = parseArgs(argv, { steps: 10, batch: 128, backends: "wasm,cpu" });
  const backends = opts.backends.split(",") as BackendName[];

  if (backends.includes("wasm")) {
    await useBackend("wasm");
    // the product in the backward pass of the decoder's last layer: dy [B, 784] · Wᵀ, W [400, 784]
    const dy = tf.randomNormal([opts.batch, 784]);
    const w = tf.randomNormal([400, 784]);
    const wT = tf.transpose(w);
    const run = (f: () => tf.Tensor) => () => tf.tidy(() => void f().dataSync());
    const flagged = time(opts.steps, run(() => tf.matMul(dy, w, false, true)));
    const explicit = time(opts.steps, run(() => tf.matMul(dy, tf.transpose(w))));
    const plain = time(opts.steps, run(() => tf.matMul(dy, wT)));
    console.log(`wasm matMul [${opts.batch},784]·[400,784]ᵀ: transposeB flag ${flagged.toFixed(2)} ms, ` +
      `explicit transpose ${explicit.toFixed(2)} ms, plain product alone ${plain.toFixed(2)} ms`);
    tf.dispose([dy, w, wT]);
  }

  const results: Record<string, number> = {};
  for (const backend of backends) {
    await useBackend(backend);
    const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([opts.batch, 784], 0, 1, "float32", 1), 0.5), "float32"));
    for (const validation of [true, false]) {
      setValidation(validation);
      const { vae, q, encoder, decoder } = makeVae(20, 0);
      const svi = compile(vae, q, { objective: elbo(), optimizer: adam(1e-3) });
      const ms = time(opts.steps, () => void svi.step({ x: x as tf.Tensor2D }));
      results[`${backend}, validation ${validation ? "on" : "off"}`] = ms;
      console.log(`${backend.padEnd(4)} batch ${opts.batch}, validation ${validation ? "on " : "off"}: ` +
        `${ms.toFixed(1)} ms/step, ${Math.round((1000 * opts.batch) / ms).toLocaleString("en-US")} examples/s`);
      svi.dispose();
      encoder.dispose();
      decoder.dispose();
    }
    setValidation(true);
    x.dispose();
  }
  return results;
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

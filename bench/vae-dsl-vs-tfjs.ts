/**
 * Benchmark: one training step of the MNIST VAE written in latent's DSL
 * (examples/vae-mnist.ts, `compile(...).step`) against the same step written by hand in plain
 * tfjs (no DSL, handlers or traces).
 *
 *   npx tsx bench/vae-dsl-vs-tfjs.ts        (or `npm run bench`, which runs bench/index.ts)
 *
 * Both steps run in one process on the same backend and the same fixed batches, in
 * alternating blocks, so drift of the machine (thermal, other load) hits both alike.
 */
import * as os from "node:os";
import * as path from "node:path";
import {
  adam, compile, elbo, loadMnist, mlp, RandomStream, setValidation, softplus, tf, useBackend, validationEnabled,
} from "latent";
import { makeVae } from "../examples/vae-mnist.js";

const LATENT = 20;
const HIDDEN = 400;
const PIXELS = 784;
const BATCH = 128;
const N_BATCHES = 8;
const LEARNING_RATE = 1e-3;

// ---- the hand-written step ---------------------------------------------------------------------

interface HandVae {
  /** One Adam step on `x` ([BATCH, 784], binary); returns the loss −ELBO, like `SVI.step`. */
  step(x: tf.Tensor2D): number;
  dispose(): void;
}

/**
 * The VAE step in plain tfjs. Weights start equal to `makeVae(LATENT, seed)`'s (latent's `mlp`
 * is used only to draw the initial values, which are copied into fresh variables); everything
 * the step does — forward pass, loss, gradients, Adam — is tfjs ops written out here.
 *
 * @param nextSeed - where each step's seed for ε comes from
 * @param softplusFn - `tf.softplus` (the default), or latent's `softplus` to see what it costs
 */
export function makeHandVae(
  seed: number,
  nextSeed: () => number,
  softplusFn: (x: tf.Tensor) => tf.Tensor = tf.softplus,
): HandVae {
  const init = (sizes: number[], s: number): tf.Variable[] => {
    const net = mlp(sizes, { seed: s });
    const vs = net.variables();
    const out = ["0.weight", "0.bias", "1.weight", "1.bias"].map((k) => tf.variable(tf.clone(vs.get(k)!), true));
    net.dispose();
    return out;
  };
  const [eW0, eb0, eW1, eb1] = init([PIXELS, HIDDEN, 2 * LATENT], seed) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const [dW0, db0, dW1, db1] = init([LATENT, HIDDEN, PIXELS], seed + 1) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const vars = [eW0, eb0, eW1, eb1, dW0, db0, dW1, db1];

  // Adam, the formula of src/infer/adam.ts:
  //   m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,  θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-8;
  const m = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  const v2 = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  let t = 0;

  const negElbo = (x: tf.Tensor2D, seedOfStep: number): tf.Scalar => {
    // encoder 784-400-40 → loc, scale = softplus(raw) + 1e-4
    const h = tf.relu(tf.add(tf.matMul(x, eW0), eb0));
    const [loc, raw] = tf.split(tf.add(tf.matMul(h, eW1), eb1), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const scale = tf.add(softplusFn(raw), 1e-4);
    // z = μ + σ ε
    const eps = tf.randomNormal([x.shape[0], LATENT], 0, 1, "float32", seedOfStep);
    const z = tf.add(loc, tf.mul(scale, eps));
    // decoder 20-400-784 → logits ℓ; log p(x|z) = Σ x ℓ − softplus(ℓ)
    const hd = tf.relu(tf.add(tf.matMul(z, dW0), db0));
    const logits = tf.add(tf.matMul(hd, dW1), db1);
    const logLik = tf.sum(tf.sub(tf.mul(x, logits), softplusFn(logits)));
    // KL(N(μ, σ²) ‖ N(0, 1)) = ½ (e^t − 1 − t) + ½ μ², t = 2 log σ
    const tt = tf.mul(2, tf.log(scale));
    const kl = tf.sum(tf.mul(0.5, tf.add(tf.sub(tf.expm1(tt), tt), tf.square(loc))));
    return tf.sub(kl, logLik) as tf.Scalar;
  };

  return {
    step(x) {
      const s = nextSeed();
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => negElbo(x, s), vars);
        const loss = value.dataSync()[0]!;
        if (!Number.isFinite(loss)) return loss; // like SVI.step: never apply a non-finite step
        t += 1;
        const c1 = 1 / (1 - Math.pow(beta1, t));
        const c2 = 1 / (1 - Math.pow(beta2, t));
        vars.forEach((p, i) => {
          const g = grads[p.name]!;
          const mi = m[i]!;
          const vi = v2[i]!;
          mi.assign(tf.add(tf.mul(mi, beta1), tf.mul(g, 1 - beta1)));
          vi.assign(tf.add(tf.mul(vi, beta2), tf.mul(tf.square(g), 1 - beta2)));
          const denom = tf.add(tf.sqrt(tf.mul(vi, c2)), epsilon);
          p.assign(tf.sub(p, tf.div(tf.mul(mi, LEARNING_RATE * c1), denom)));
        });
        return loss;
      });
    },
    dispose() {
      tf.dispose([...vars, ...m, ...v2]);
    },
  };
}

// ---- the DSL step ------------------------------------------------------------------------------

function makeDslVae(seed: number): { step(x: tf.Tensor2D): number; stepCount(): number; dispose(): void } {
  const { vae, q, encoder, decoder } = makeVae(LATENT, seed);
  const svi = compile(vae, q, { objective: elbo(), optimizer: adam(LEARNING_RATE) });
  return {
    step: (x) => svi.step({ x }),
    stepCount: () => svi.stepCount,
    dispose: () => {
      svi.dispose();
      encoder.dispose();
      decoder.dispose();
    },
  };
}

/**
 * The tfjs seeds the DSL's guide uses for ε, step after step, with `compile`'s default seed 0:
 * the SVI stream hands one seed per sample site (guide z, model z, model x), `prepare` runs
 * one untimed particle before the first step, and `Normal.rsample` turns a numeric seed s into
 * the tfjs seed `new RandomStream(s).nextSeed()`. Fed these, the hand-written step draws the
 * same ε as the DSL step, so the two train identically up to float rounding.
 */
function dslEpsilonSeeds(): () => number {
  const rng = new RandomStream(0);
  for (let i = 0; i < 3; i++) rng.nextSeed(); // prepare's particle
  return () => {
    const s = rng.nextSeed();
    rng.nextSeed();
    rng.nextSeed();
    return new RandomStream(s).nextSeed();
  };
}

// ---- measurement -------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 === 1 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
}

/** Fixed binarized MNIST batches on the current backend. */
function makeBatches(pixels: Float32Array): tf.Tensor2D[] {
  return Array.from({ length: N_BATCHES }, (_, b) =>
    tf.tensor2d(pixels.subarray(b * BATCH * PIXELS, (b + 1) * BATCH * PIXELS), [BATCH, PIXELS], "float32"),
  );
}

type Variant = "hand" | "handLatentSoftplus" | "dsl" | "dslNoVal";
const LABEL: Record<Variant, string> = {
  hand: "hand-written tfjs",
  handLatentSoftplus: "hand-written, latent's softplus",
  dsl: "DSL, validation on",
  dslNoVal: "DSL, validation off",
};

interface Figures {
  backend: string;
  variants: Variant[];
  steps: Partial<Record<Variant, number>>;
  msPerStep: Partial<Record<Variant, number>>;
  /** Median over rounds of (this variant's block median / the hand-written block median). */
  pairedRatio: Partial<Record<Variant, number>>;
  lastLoss: Partial<Record<Variant, number>>;
  /** `tf.memory().numTensors` after the given steps of the validated DSL model. */
  tensorsAt: Map<number, number>;
}

interface Runner {
  step(x: tf.Tensor2D): number;
  steps: number;
  cursor: number;
  dispose(): void;
}

/**
 * Warm each variant up, then `rounds` × (`perBlock` steps of each variant), the order of the
 * blocks rotating from round to round. Each variant has its own model, started from the same
 * weights, and walks through the same sequence of batches. `watch` lists steps of the
 * validated DSL model after which `tf.memory().numTensors` is recorded. If the warm-up says
 * that warm-up plus timed steps would take longer than `budgetMs`, skips the timed steps.
 */
function measure(
  pixels: Float32Array,
  variants: Variant[],
  opts: { rounds: number; perBlock: number; warmup: number; watch?: number[]; budgetMs?: number },
): Figures | { skipped: string } {
  const batches = makeBatches(pixels);
  const runners = new Map<Variant, Runner>();
  for (const v of variants) {
    if (v === "hand" || v === "handLatentSoftplus") {
      const h = makeHandVae(0, dslEpsilonSeeds(), v === "hand" ? tf.softplus : softplus);
      runners.set(v, { step: h.step, steps: 0, cursor: 0, dispose: h.dispose });
    } else {
      const d = makeDslVae(0);
      runners.set(v, { step: d.step, steps: 0, cursor: 0, dispose: d.dispose });
    }
  }
  const validationBefore = validationEnabled();
  const times = new Map<Variant, number[]>(variants.map((v) => [v, []]));
  const lastLoss: Partial<Record<Variant, number>> = {};
  const tensorsAt = new Map<number, number>();
  const blockMedians = new Map<Variant, number[]>(variants.map((v) => [v, []]));
  const lastWarm = new Map<Variant, number>();
  const block = (variant: Variant, steps: number, record: boolean): void => {
    const r = runners.get(variant)!;
    const mine: number[] = [];
    setValidation(variant !== "dslNoVal");
    for (let i = 0; i < steps; i++) {
      const x = batches[r.cursor++ % batches.length]!;
      const t0 = performance.now();
      const loss = r.step(x);
      const dt = performance.now() - t0;
      r.steps += 1;
      mine.push(dt);
      if (record) times.get(variant)!.push(dt);
      lastLoss[variant] = loss;
      if (variant === "dsl" && opts.watch?.includes(r.steps)) tensorsAt.set(r.steps, tf.memory().numTensors);
    }
    if (record) blockMedians.get(variant)!.push(median(mine));
    else lastWarm.set(variant, mine.at(-1)!);
  };
  try {
    const warmStart = performance.now();
    for (const v of variants) block(v, opts.warmup, false);
    // the first DSL step also checks for untracked variables (an extra forward and backward),
    // so estimate from the last warm-up step of each variant
    const perRound = variants.reduce((sum, v) => sum + lastWarm.get(v)! * opts.perBlock, 0);
    const estimate = performance.now() - warmStart + opts.rounds * perRound;
    if (opts.budgetMs !== undefined && estimate > opts.budgetMs) {
      return { skipped: `estimated ${(estimate / 1000).toFixed(0)} s (budget ${(opts.budgetMs / 1000).toFixed(0)} s)` };
    }
    for (let round = 0; round < opts.rounds; round++) {
      for (let j = 0; j < variants.length; j++) block(variants[(round + j) % variants.length]!, opts.perBlock, true);
    }
  } finally {
    setValidation(validationBefore);
    for (const r of runners.values()) r.dispose();
    tf.dispose(batches);
  }
  const steps: Partial<Record<Variant, number>> = {};
  const msPerStep: Partial<Record<Variant, number>> = {};
  const pairedRatio: Partial<Record<Variant, number>> = {};
  const handBlocks = blockMedians.get("hand") ?? [];
  for (const v of variants) {
    steps[v] = times.get(v)!.length;
    msPerStep[v] = median(times.get(v)!);
    if (handBlocks.length > 0) pairedRatio[v] = median(blockMedians.get(v)!.map((b, i) => b / handBlocks[i]!));
  }
  return { backend: tf.getBackend(), variants, steps, msPerStep, pairedRatio, lastLoss, tensorsAt };
}

/**
 * Check that the two steps compute the same thing: fresh models with equal initial weights and
 * equal ε (see {@link dslEpsilonSeeds}), three steps on one batch. Returns the largest
 * relative difference of the losses.
 */
function crossCheck(pixels: Float32Array): { dsl: number[]; hand: number[]; maxRel: number } {
  const [x, ...rest] = makeBatches(pixels);
  tf.dispose(rest);
  const hand = makeHandVae(0, dslEpsilonSeeds());
  const dsl = makeDslVae(0);
  const a: number[] = [];
  const b: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      a.push(dsl.step(x!));
      b.push(hand.step(x!));
    }
  } finally {
    hand.dispose();
    dsl.dispose();
    x!.dispose();
  }
  const maxRel = Math.max(...a.map((l, i) => Math.abs(l - b[i]!) / Math.abs(l)));
  return { dsl: a, hand: b, maxRel };
}

// ---- report ------------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

const pct = (ratio: number): string => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(0)}%`;

function report(f: Figures): string {
  const rows: string[][] = [
    ["variant", "timed steps", "ms/step (median)", "examples/s", "vs hand-written", "paired by round", "loss at end"],
  ];
  const base = f.msPerStep.hand!;
  for (const v of f.variants) {
    const ms = f.msPerStep[v]!;
    const ratio = ms / base;
    rows.push([
      LABEL[v],
      String(f.steps[v]),
      ms.toFixed(2),
      Math.round((BATCH / ms) * 1000).toLocaleString("en-US"),
      v === "hand" ? "1.00×" : `${ratio.toFixed(2)}× (${pct(ratio)})`,
      v === "hand" ? "" : `${f.pairedRatio[v]!.toFixed(2)}× (${pct(f.pairedRatio[v]!)})`,
      f.lastLoss[v]!.toFixed(0),
    ]);
  }
  return `backend ${f.backend}, batch ${BATCH}, latent ${LATENT}:\n${table(rows)}`;
}

const loadavg = (): string => os.loadavg().map((l) => l.toFixed(2)).join(" / ");

/** The figures of a run of {@link main}. */
export interface BenchResult {
  readonly crossCheck: { dsl: number[]; hand: number[]; maxRel: number };
  readonly wasm: Figures;
  readonly cpu: Figures | { skipped: string };
}

/** Run the benchmark and print the tables; returns the figures. */
export async function main(): Promise<BenchResult> {
  const started = performance.now();
  await useBackend("wasm");
  const { train } = loadMnist({ trainSize: 9000 });
  const pixels = train.images.dataSync().slice(0, N_BATCHES * BATCH * PIXELS) as Float32Array;
  tf.dispose([train.images, train.labels]);
  console.log(
    `VAE step (784-400-2·${LATENT} encoder, ${LATENT}-400-784 decoder, Adam ${LEARNING_RATE}): latent DSL vs hand-written tfjs\n` +
      `node ${process.version}, ${os.cpus().length} cpus, ${N_BATCHES} fixed batches of ${BATCH} binarized MNIST digits, ` +
      `median of per-step wall times; load average at start ${loadavg()}`,
  );

  const check = crossCheck(pixels);
  console.log(
    `\nsame computation? first 3 losses from equal weights and equal ε: DSL ${check.dsl.map((l) => l.toFixed(2)).join(", ")}; ` +
      `hand-written ${check.hand.map((l) => l.toFixed(2)).join(", ")}; max relative difference ${check.maxRel.toExponential(1)} ` +
      `(${check.maxRel < 1e-5 ? "ok" : "MISMATCH"})`,
  );

  // wasm: 5 warm-up steps each, then 24 rounds of 5 steps of each variant (short blocks, so
  // that load from other processes falls on all variants alike)
  const watch = [10, 100];
  const wasm = measure(pixels, ["hand", "dsl", "dslNoVal", "handLatentSoftplus"], { rounds: 24, perBlock: 5, warmup: 5, watch });
  if ("skipped" in wasm) throw new Error("unreachable: wasm has no budget");
  console.log(`\n${report(wasm)}`);
  const w = wasm.msPerStep as Record<Variant, number>;
  console.log(
    `validation costs ${(w.dsl - w.dslNoVal).toFixed(1)} ms/step (${pct(w.dsl / w.dslNoVal)}); ` +
      `DSL without validation vs hand-written with latent's softplus: ${(w.dslNoVal / w.handLatentSoftplus).toFixed(2)}× ` +
      `(${pct(w.dslNoVal / w.handLatentSoftplus)}); latent's softplus vs tf.softplus: ${pct(w.handLatentSoftplus / w.hand)}`,
  );
  const [t10, t100] = watch.map((s) => wasm.tensorsAt.get(s));
  console.log(
    `tf.memory().numTensors after DSL step 10: ${t10}, after step 100: ${t100} → ` +
      (t10 !== undefined && t10 === t100 ? "flat" : `NOT flat (${t100! - t10!} more)`),
  );

  // cpu, far slower: fewer steps (alternating single steps), no validation-off variant, and
  // only if warm-up plus timed steps fit in 60 s
  await useBackend("cpu");
  const cpu = measure(pixels, ["hand", "dsl"], { rounds: 6, perBlock: 1, warmup: 2, budgetMs: 60_000 });
  await useBackend("wasm");
  if ("skipped" in cpu) {
    console.log(`\ncpu skipped: ${cpu.skipped}`);
  } else {
    console.log(`\n${report(cpu)}`);
    console.log(
      `wasm is ${(cpu.msPerStep.hand! / wasm.msPerStep.hand!).toFixed(1)}× faster than cpu for the hand-written step, ` +
        `${(cpu.msPerStep.dsl! / wasm.msPerStep.dsl!).toFixed(1)}× for the DSL step`,
    );
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average at end ${loadavg()}`);
  return { crossCheck: check, wasm, cpu };
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}

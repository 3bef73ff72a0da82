/**
 * The objectives of docs/objectives.md on a model whose log-evidence is known exactly.
 *
 *   npx tsx examples/run.ts docs/objectives --draws 200
 *
 * z ~ N(0, 1), x_i ~ N(z, 1) for four observations: the posterior is N(Σx / (n + 1), 1 / (n + 1))
 * and log p(x) has a closed form. A guide q(z) = N(0.8, 0.6²), deliberately not the
 * posterior, is scored by each estimator; each is drawn `draws` times.
 */
import * as path from "node:path";
import {
  Bernoulli, Cauchy, compile, elbo, estimateObjective, guide, iwae, latent, logWeight, model, Normal, observe, param,
  ParamStore, positive, RandomStream, renyi, tf, useBackend, type Objective,
} from "latent";
import { parseArgs } from "../lib/args.js";

const xs = [0.9, 1.7, 1.2, 2.4];

const conjugate = model(function* ({ x }: { x: tf.Tensor1D }) {
  const z = yield* latent("z", Normal(0, 1));
  yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
});

const fixedGuide = (loc: number, scale: number) =>
  guide(conjugate, function* () {
    yield* latent("z", Normal(loc, scale));
  });

// log p(x) = log N(x; 0, I + 11ᵀ), by the matrix determinant lemma and Sherman–Morrison
function logEvidence(x: number[]): number {
  const n = x.length;
  const sum = x.reduce((a, b) => a + b, 0);
  const sq = x.reduce((a, b) => a + b * b, 0);
  return -0.5 * (n * Math.log(2 * Math.PI) + Math.log(1 + n) + sq - (sum * sum) / (1 + n));
}

// The ELBO of q = N(m, s²) in closed form: E_q[log p(x | z)] − KL(q ‖ N(0, 1))
function exactElbo(x: number[], m: number, s: number): number {
  const ll = x.reduce((a, xi) => a - 0.5 * Math.log(2 * Math.PI) - 0.5 * ((xi - m) ** 2 + s * s), 0);
  return ll - 0.5 * (m * m + s * s - 1 - Math.log(s * s));
}

export async function main(argv: string[] = process.argv.slice(2)) {
  const opts = parseArgs(argv, { draws: 200, seed: 0 });
  await useBackend("cpu");
  const x = tf.tensor1d(xs);
  const q = fixedGuide(0.8, 0.6);

  const estimate = (objective: Objective): { mean: number; sd: number } => {
    const ctx = { store: new ParamStore(), rng: new RandomStream(opts.seed) };
    const v: number[] = [];
    for (let i = 0; i < opts.draws; i++) {
      v.push(tf.tidy(() => estimateObjective(conjugate.program, q.program, { x }, ctx, objective).value.dataSync()[0]!));
    }
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return { mean, sd: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) };
  };

  console.log(`log p(x) = ${logEvidence(xs).toFixed(4)}; exact ELBO of q = ${exactElbo(xs, 0.8, 0.6).toFixed(4)}`);
  console.log(`estimator (${opts.draws} draws each)            mean      sd of one draw`);
  const rows: Array<[string, Objective]> = [
    ["elbo()", elbo()],
    ["elbo({ analyticKL: false })", elbo({ analyticKL: false })],
    ["elbo({ particles: 10 })", elbo({ particles: 10 })],
    ["iwae({ particles: 10 })", iwae({ particles: 10 })],
    ["iwae({ particles: 100 })", iwae({ particles: 100 })],
    ["renyi({ alpha: 0.5, particles: 10 })", renyi({ alpha: 0.5, particles: 10 })],
  ];
  for (const [label, objective] of rows) {
    const { mean, sd } = estimate(objective);
    console.log(`${label.padEnd(38)} ${mean.toFixed(4).padStart(8)}  ${sd.toFixed(4).padStart(8)}`);
  }

  // At the exact posterior every log-weight log p(x, z) − log q(z) equals log p(x).
  const n = xs.length;
  const exact = fixedGuide(xs.reduce((a, b) => a + b, 0) / (n + 1), Math.sqrt(1 / (n + 1)));
  const ctx = { store: new ParamStore(), rng: new RandomStream(1) };
  const weights = Array.from({ length: 3 }, () =>
    tf.tidy(() => logWeight(conjugate.program, exact.program, { x }, ctx).dataSync()[0]!.toFixed(4)),
  );
  console.log(`log-weights at the exact posterior: ${weights.join(", ")}`);

  // Importance sampling with the guide as proposal: log p(x) with a standard error.
  const is = compile(conjugate, q).logEvidence({ x }, { particles: 10 * opts.draws });
  console.log(`svi.logEvidence: ${is.logEvidence.toFixed(4)} ± ${is.standardError.toFixed(4)}, ` +
    `effective sample size ${Math.round(is.effectiveSampleSize)} of ${is.particles}, Pareto k ${is.paretoK.toFixed(2)}`);

  // The plan: how each latent enters the ELBO, chosen per site.
  const mixed = model(function* ({ x }: { x: tf.Tensor1D }) {
    const loc = yield* latent("loc", Normal(0, 1));                                       // closed-form KL
    const shift = yield* latent("shift", Normal(0, 1), { infer: { analyticKL: false } }); // Monte Carlo, on request
    const spread = yield* latent("spread", Cauchy(0, 1));                                 // no rule: Monte Carlo
    const flip = yield* latent("flip", Bernoulli({ probs: 0.5 }));                        // no rsample: score function
    const mean = tf.add(tf.add(loc, shift), flip);
    yield* observe("x", Normal(mean, tf.add(tf.abs(spread), 0.5)).expand([x.shape[0]]), x);
  });
  const mixedGuide = guide(mixed, function* () {
    const m = yield* param("m", 0);
    const s = yield* param("s", 1, { constraint: positive });
    yield* latent("loc", Normal(m, s));
    yield* latent("shift", Normal(0, 1));
    yield* latent("spread", Normal(0, 1));
    yield* latent("flip", Bernoulli({ probs: 0.5 }));
  });
  const svi = compile(mixed, mixedGuide);
  svi.step({ x });
  console.log(svi.explain());
  x.dispose();
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

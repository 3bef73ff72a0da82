/**
 * Benchmark: SVI steps per second on three small models, where per-step overhead rules (issue 6):
 *
 * - A: Bayesian linear regression, N = 1,000, D = 10, full batch;
 * - B: eight schools (centered), mean-field guide;
 * - C: the regression of A with N = 10,000, minibatches of 100 (plate subsampling).
 *
 * Each model is trained three ways in one process, in alternating blocks so that drift of the
 * machine hits all alike: through the DSL with `autoNormal`, through the DSL with a hand-written
 * guide, and as a plain tfjs step written out by hand (the same mean-field family, the same
 * Adam formula, tfjs autodiff). Printed: steps/s of each, their ratios to plain tfjs, and the
 * ELBO each reaches after the same number of steps (so speed is not bought with a worse fit).
 *
 *   npx tsx bench/small-models.ts [--backend cpu|wasm] [--steps 1500]
 */
import {
  adam, autoNormal, compile, elbo, guide, HalfCauchy, HalfNormal, latent, LogNormal, model, Normal, observe, param, plate,
  positive, RandomStream, tf, useBackend, type BackendName,
} from "latent";

const LR = 0.01;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/** A trainable thing: one step on batch i, and an ELBO estimate at the end. */
interface Runner {
  step(i: number): void;
  elbo(): number;
  dispose(): void;
}

// ---- data ----------------------------------------------------------------------------------------

export function regressionData(n: number, d: number, seed: number): { X: tf.Tensor2D; y: tf.Tensor1D } {
  return tf.tidy(() => {
    const X = tf.randomNormal([n, d], 0, 1, "float32", seed) as tf.Tensor2D;
    const w = tf.randomNormal([d, 1], 0, 1, "float32", seed + 1);
    const y = tf.add(tf.reshape(tf.matMul(X, w), [n]), tf.randomNormal([n], 0, 0.5, "float32", seed + 2)) as tf.Tensor1D;
    return { X, y };
  });
}

const SCHOOLS_Y = [28, 8, -3, 7, -1, 1, 18, 12];
const SCHOOLS_SIGMA = [15, 10, 16, 11, 9, 11, 10, 18];

// ---- the models in the DSL -------------------------------------------------------------------------

type RegArgs = { X: tf.Tensor2D; y: tf.Tensor1D; n: number };
export const regression = model(function* ({ X, y, n }: RegArgs) {
  const d = X.shape[1];
  const w = yield* latent("w", Normal(tf.zeros([d]), 1).toEvent(1));
  const sigma = yield* latent("sigma", HalfNormal(1));
  const mu = tf.reshape(tf.matMul(X, tf.reshape(w, [d, 1])), [X.shape[0]]);
  yield* plate("data", { size: n, subsampleSize: X.shape[0] }, function* () {
    yield* observe("y", Normal(mu, sigma), y);
  });
});
export const regressionGuide = guide(regression, function* ({ X }: RegArgs) {
  const d = X.shape[1];
  const wLoc = yield* param("w.loc", tf.zeros([d]));
  const wScale = yield* param("w.scale", tf.fill([d], 0.1), { constraint: positive });
  yield* latent("w", Normal(wLoc, wScale).toEvent(1));
  const sLoc = yield* param("sigma.loc", 0);
  const sScale = yield* param("sigma.scale", 0.1, { constraint: positive });
  yield* latent("sigma", LogNormal(sLoc, sScale));
});

type SchoolArgs = { y: tf.Tensor1D; sigma: tf.Tensor1D };
export const schools = model(function* ({ y, sigma }: SchoolArgs) {
  const mu = yield* latent("mu", Normal(0, 5));
  const tau = yield* latent("tau", HalfCauchy(5));
  yield* plate("schools", 8, function* () {
    const theta = yield* latent("theta", Normal(mu, tau).expand([8]));
    yield* observe("y", Normal(theta, sigma), y);
  });
});
export const schoolsGuide = guide(schools, function* () {
  const muLoc = yield* param("mu.loc", 0);
  const muScale = yield* param("mu.scale", 1, { constraint: positive });
  yield* latent("mu", Normal(muLoc, muScale));
  const tLoc = yield* param("tau.loc", 0);
  const tScale = yield* param("tau.scale", 0.5, { constraint: positive });
  yield* latent("tau", LogNormal(tLoc, tScale));
  yield* plate("schools", 8, function* () {
    const thLoc = yield* param("theta.loc", tf.zeros([8]));
    const thScale = yield* param("theta.scale", tf.ones([8]), { constraint: positive });
    yield* latent("theta", Normal(thLoc, thScale));
  });
});

// ---- plain tfjs: the hand-written guide's ELBO, one particle, tfjs autodiff --------------------------

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const normalLogPdf = (x: tf.Tensor, loc: tf.Tensor | number, scale: tf.Tensor | number): tf.Tensor =>
  tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(x, loc), scale))), tf.add(tf.log(scale), HALF_LOG_2PI));

/** Adam on plain variables, the formula of src/infer/adam.ts. */
function plainAdam(vars: tf.Variable[]): (grads: tf.NamedTensorMap) => void {
  const m = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  const s = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  let t = 0;
  return (grads) => {
    t += 1;
    const c1 = 1 / (1 - BETA1 ** t);
    const c2 = 1 / (1 - BETA2 ** t);
    tf.tidy(() => {
      vars.forEach((p, i) => {
        const g = grads[p.name]!;
        m[i]!.assign(tf.add(tf.mul(m[i]!, BETA1), tf.mul(g, 1 - BETA1)));
        s[i]!.assign(tf.add(tf.mul(s[i]!, BETA2), tf.mul(tf.square(g), 1 - BETA2)));
        p.assign(tf.sub(p, tf.div(tf.mul(m[i]!, LR * c1), tf.add(tf.sqrt(tf.mul(s[i]!, c2)), EPS))));
      });
    });
  };
}

/** A plain-tfjs runner from a function that, given fresh noise seeds, returns one ELBO sample. */
function plainRunner(vars: tf.Variable[], elboSample: (seed: number) => tf.Scalar, seed: number): Runner {
  const rng = new RandomStream(seed);
  const update = plainAdam(vars);
  return {
    step() {
      tf.tidy(() => {
        const s = rng.nextSeed();
        const { grads } = tf.variableGrads(() => tf.neg(elboSample(s)) as tf.Scalar, vars);
        update(grads);
      });
    },
    elbo() {
      return tf.tidy(() => {
        let sum = 0;
        for (let i = 0; i < 200; i++) sum += elboSample(rng.nextSeed()).dataSync()[0]!;
        return sum / 200;
      });
    },
    dispose() {
      tf.dispose(vars);
    },
  };
}

export function plainRegression(batches: RegArgs[], full: RegArgs, seed: number): Runner {
  const d = batches[0]!.X.shape[1];
  const wLoc = tf.variable(tf.zeros([d]));
  const wScaleRaw = tf.variable(tf.fill([d], Math.log(Math.expm1(0.1))));
  const sLoc = tf.variable(tf.scalar(0));
  const sScaleRaw = tf.variable(tf.scalar(Math.log(Math.expm1(0.1))));
  let current: RegArgs = batches[0]!;
  const sample = (s: number): tf.Scalar =>
    tf.tidy(() => {
      const { X, y, n } = current;
      const wScale = tf.softplus(wScaleRaw);
      const sScale = tf.softplus(sScaleRaw);
      const w = tf.add(wLoc, tf.mul(wScale, tf.randomNormal([d], 0, 1, "float32", s)));
      const logSigma = tf.add(sLoc, tf.mul(sScale, tf.randomNormal([], 0, 1, "float32", s + 1)));
      const sigma = tf.exp(logSigma);
      // KL(N(wLoc, wScale) ‖ N(0, 1)) in closed form, summed over the D coordinates
      const klW = tf.sum(tf.sub(tf.mul(0.5, tf.add(tf.square(wScale), tf.square(wLoc))), tf.add(tf.log(wScale), 0.5)));
      // log HalfNormal(σ; 1) − log LogNormal(σ; sLoc, sScale)
      const logPSigma = tf.add(normalLogPdf(sigma, 0, 1), Math.log(2));
      const logQSigma = tf.sub(normalLogPdf(logSigma, sLoc, sScale), logSigma);
      const mu = tf.reshape(tf.matMul(X, tf.reshape(w, [d, 1])), [X.shape[0]]);
      const logLik = tf.mul(tf.sum(normalLogPdf(y, mu, sigma)), n / X.shape[0]);
      return tf.sub(tf.add(logLik, tf.sub(logPSigma, logQSigma)), klW) as tf.Scalar;
    });
  const r = plainRunner([wLoc, wScaleRaw, sLoc, sScaleRaw], sample, seed);
  return {
    ...r,
    step: (i) => ((current = batches[i % batches.length]!), r.step(i)),
    elbo: () => ((current = full), r.elbo()),
  };
}

export function plainSchools(args: SchoolArgs, seed: number): Runner {
  const v = (x: number | number[]) => tf.variable(tf.tensor(x));
  const muLoc = v(0), muRaw = v(Math.log(Math.expm1(1)));
  const tLoc = v(0), tRaw = v(Math.log(Math.expm1(0.5)));
  const thLoc = v(new Array(8).fill(0)), thRaw = v(new Array(8).fill(Math.log(Math.expm1(1))));
  const sample = (s: number): tf.Scalar =>
    tf.tidy(() => {
      const muScale = tf.softplus(muRaw), tScale = tf.softplus(tRaw), thScale = tf.softplus(thRaw);
      const mu = tf.add(muLoc, tf.mul(muScale, tf.randomNormal([], 0, 1, "float32", s)));
      const logTau = tf.add(tLoc, tf.mul(tScale, tf.randomNormal([], 0, 1, "float32", s + 1)));
      const tau = tf.exp(logTau);
      const theta = tf.add(thLoc, tf.mul(thScale, tf.randomNormal([8], 0, 1, "float32", s + 2)));
      // KL(N(muLoc, muScale) ‖ N(0, 5)) closed form
      const klMu = tf.sub(tf.div(tf.add(tf.square(muScale), tf.square(muLoc)), 50), tf.add(tf.log(tf.div(muScale, 5)), 0.5));
      // HalfCauchy(τ; 5): log(2/π) − log 5 − log(1 + (τ/5)²)
      const logPTau = tf.sub(Math.log(2 / Math.PI / 5), tf.log1p(tf.square(tf.div(tau, 5))));
      const logQTau = tf.sub(normalLogPdf(logTau, tLoc, tScale), logTau);
      // θ: Monte Carlo (the prior's location and scale are themselves latent)
      const logPTheta = tf.sum(normalLogPdf(theta, mu, tau));
      const logQTheta = tf.sum(normalLogPdf(theta, thLoc, thScale));
      const logLik = tf.sum(normalLogPdf(args.y, theta, args.sigma));
      return tf.sub(tf.add(tf.add(logLik, tf.sub(logPTheta, logQTheta)), tf.sub(logPTau, logQTau)), klMu) as tf.Scalar;
    });
  return plainRunner([muLoc, muRaw, tLoc, tRaw, thLoc, thRaw], sample, seed);
}

// ---- DSL runners -----------------------------------------------------------------------------------

function dslRunner<A extends object>(svi: ReturnType<typeof compile<A, never, never>>, batches: A[], evalArgs: A): Runner {
  return {
    step: (i) => void svi.step(batches[i % batches.length]!),
    elbo: () => svi.evaluate(evalArgs, { particles: 200 }).elbo,
    dispose: () => svi.dispose(),
  };
}

// ---- the timing loop -------------------------------------------------------------------------------

function measure(runners: Record<string, Runner>, steps: number, blocks = 6): Record<string, { stepsPerSecond: number; elbo: number }> {
  const names = Object.keys(runners);
  const time = Object.fromEntries(names.map((n) => [n, 0]));
  const done = Object.fromEntries(names.map((n) => [n, 0]));
  for (const n of names) for (let i = 0; i < 20; i++) runners[n]!.step(i); // warm-up
  const per = Math.ceil(steps / blocks);
  for (let b = 0; b < blocks; b++) {
    for (const n of b % 2 === 0 ? names : [...names].reverse()) {
      const t0 = performance.now();
      for (let i = 0; i < per; i++) runners[n]!.step(done[n]! + i);
      time[n]! += performance.now() - t0;
      done[n]! += per;
    }
  }
  return Object.fromEntries(names.map((n) => [n, { stepsPerSecond: (done[n]! / time[n]!) * 1000, elbo: runners[n]!.elbo() }]));
}

/** Run the three models and print the table; returns the figures. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<Record<string, Record<string, { stepsPerSecond: number; elbo: number }>>> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1]! : fallback;
  };
  const backend = arg("backend", "cpu") as BackendName;
  const steps = Number(arg("steps", "1500"));
  await useBackend(backend);
  const results: Record<string, Record<string, { stepsPerSecond: number; elbo: number }>> = {};

  const a = { ...regressionData(1000, 10, 1), n: 1000 };
  const big = regressionData(10_000, 10, 2);
  const order = new RandomStream(3).permutation(10_000);
  const cBatches: RegArgs[] = [];
  for (let b = 0; b < 100; b++) {
    const idx = tf.tensor1d(order.slice(b * 100, (b + 1) * 100), "int32");
    cBatches.push({ X: tf.gather(big.X, idx), y: tf.gather(big.y, idx), n: 10_000 });
    idx.dispose();
  }
  const cFull = { X: big.X, y: big.y, n: 10_000 };
  const s = { y: tf.tensor1d(SCHOOLS_Y), sigma: tf.tensor1d(SCHOOLS_SIGMA) };
  const opt = () => ({ objective: elbo(), optimizer: adam(LR, { epsilon: EPS }), seed: 0 });

  const suites: Array<[string, () => Record<string, Runner>]> = [
    ["A regression N=1000 D=10", () => ({
      "DSL + autoNormal": dslRunner(compile(regression, autoNormal(regression, { init: "mean" }), opt()) as never, [a], a),
      "DSL + hand guide": dslRunner(compile(regression, regressionGuide, opt()) as never, [a], a),
      "plain tfjs": plainRegression([a], a, 0),
    })],
    ["B eight schools", () => ({
      "DSL + autoNormal": dslRunner(compile(schools, autoNormal(schools, { init: "mean" }), opt()) as never, [s], s),
      "DSL + hand guide": dslRunner(compile(schools, schoolsGuide, opt()) as never, [s], s),
      "plain tfjs": plainSchools(s, 0),
    })],
    ["C regression N=10000, batch 100", () => ({
      "DSL + autoNormal": dslRunner(compile(regression, autoNormal(regression, { init: "mean" }), opt()) as never, cBatches, cFull),
      "DSL + hand guide": dslRunner(compile(regression, regressionGuide, opt()) as never, cBatches, cFull),
      "plain tfjs": plainRegression(cBatches, cFull, 0),
    })],
  ];
  console.log(`small models: ${backend} backend, ${steps} steps each, 1 particle, Adam ${LR}`);
  for (const [title, make] of suites) {
    const runners = make();
    const r = measure(runners, steps);
    results[title] = r;
    const base = r["plain tfjs"]!.stepsPerSecond;
    console.log(`\n${title}`);
    for (const [name, { stepsPerSecond, elbo: e }] of Object.entries(r)) {
      console.log(`  ${name.padEnd(18)} ${stepsPerSecond.toFixed(0).padStart(6)} steps/s  ×${(stepsPerSecond / base).toFixed(2)} plain tfjs   ELBO ${e.toFixed(1)}`);
    }
    for (const runner of Object.values(runners)) runner.dispose();
  }
  tf.dispose([a.X, a.y, big.X, big.y, s.y, s.sigma, ...cBatches.flatMap((b) => [b.X, b.y])]);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

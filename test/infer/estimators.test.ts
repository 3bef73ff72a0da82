// Every gradient estimator agrees with a known expected gradient; −ELBO = KL without data;
// the printed plan is what runs; IWAE = Rényi at α = 0.
import { describe, expect, it } from "vitest";
import {
  compile, elbo, estimateObjective, guide, iwae, kl, latent, model, Normal, NormalDistribution, observe, param, ParamStore,
  plate, positive, RandomStream, renyi, stopGradient, tf, type Objective, type Seed,
} from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";

// A Normal whose guide draws are not reparameterized: forces the score-function estimator.
class ScoreNormal extends NormalDistribution {
  override readonly hasRsample = false;
  override rsample(_s: number[] = [], _seed?: Seed): tf.Tensor {
    throw new Error("ScoreNormal: no rsample");
  }
  override sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(NormalDistribution.prototype.rsample.call(this, sampleShape, seed)));
  }
}

const X = [-0.5, 2];

// z_i ~ N(0, 1), x_i ~ N(z_i, 1) in a plate over C copies of x = [−0.5, 2] (optionally
// subsampled to half, scale 2); guide z_i ~ N(m_i, s) with s shared. At m = 0, s = 1 the exact
// gradient of −ELBO is 2m_i − x_i, i.e. [0.5, −2] on each copy, and Σ_i (2s − 1/s), i.e. 2 per
// copy, for s. Each copy's m-gradient is an independent draw, so one backward pass gives C of
// them.
function problem(scoreFunction: boolean, size: number) {
  const m = model(function* ({ x, idx }: { x: tf.Tensor1D; idx: tf.Tensor1D }) {
    yield* plate("data", { size, subsampleSize: x.shape[0] }, function* () {
      const z = yield* latent("z", Normal(0, 1).expand([x.shape[0]]));
      yield* observe("x", Normal(z, 1), x);
    });
    void idx;
  });
  const g = guide(m, function* ({ x, idx }) {
    const locs = yield* param("m", tf.zeros([size]));
    const s = yield* param("s", 1, { constraint: positive });
    yield* plate("data", { size, subsampleSize: x.shape[0] }, function* () {
      const loc = tf.gather(locs, tf.cast(idx, "int32"));
      const scale = tf.mul(tf.onesLike(loc), s);
      yield* latent("z", scoreFunction ? new ScoreNormal(loc, scale) : Normal(loc, scale));
    });
  });
  return { m, g };
}

// R calls; each returns the m-gradients of every copy in the batch (tagged by which x they
// belong to) and the s-gradient per copy (s is read through softplus: d/ds = d/draw / σ(raw)).
function gradientDraws(
  objective: Objective,
  scoreFunction: boolean,
  copies: number,
  subsample: boolean,
  R: number,
  seed: number,
  baselines = new Map<string, number>(),
) {
  const size = 2 * copies;
  const { m, g } = problem(scoreFunction, size);
  const store = new ParamStore();
  const rng = new RandomStream(seed);
  const pick = new RandomStream(seed + 1);
  const m0: number[] = [];
  const m1: number[] = [];
  const sGrad: number[] = [];
  for (let r = 0; r < R; r++) {
    const idxs = subsample ? Array.from(pick.permutation(size).subarray(0, size / 2)) : Array.from({ length: size }, (_, i) => i);
    const x = tf.tensor1d(idxs.map((i) => X[i % 2]!));
    const idx = tf.tensor1d(idxs);
    const args = { x, idx };
    if (store.size === 0) tf.tidy(() => estimateObjective(m.program, g.program, args, { store, rng }, objective).value);
    const vars = store.variables();
    tf.tidy(() => {
      const list = [vars.get("m")!, vars.get("s")!];
      const { grads } = tf.variableGrads(
        () => tf.neg(estimateObjective(m.program, g.program, args, { store, rng }, objective, { baselines }).surrogate),
        list,
      );
      const gm = grads[list[0]!.name]!.dataSync();
      for (let i = 0; i < size; i++) {
        // with subsampling, a copy not in the batch has gradient 0: that is part of the draw
        (i % 2 === 0 ? m0 : m1).push(gm[i]!);
      }
      const sig = 1 / (1 + Math.exp(-list[1]!.dataSync()[0]!));
      sGrad.push(grads[list[1]!.name]!.dataSync()[0]! / sig / copies);
    });
    tf.dispose([x, idx]);
  }
  return [m0, m1, sGrad];
}

describe("gradient estimators agree with the exact expected gradient [0.5, −2] for m and 2 for s", () => {
  const exact = [0.5, -2, 2];
  // [name, objective, score function?, copies, subsample?, calls R, baselines]
  const cases: Array<[string, Objective, boolean, number, boolean, number, Map<string, number>?]> = [
    ["pathwise, closed-form KL", elbo(), false, 200, false, 60],
    ["pathwise, Monte Carlo KL", elbo({ analyticKL: false }), false, 200, false, 60],
    ["pathwise, sticking the landing", elbo({ analyticKL: false, stickTheLanding: true }), false, 200, false, 60],
    ["pathwise with subsampling (half the plate, scaled by 2)", elbo(), false, 200, true, 60],
    ["score function, no baseline", elbo(), true, 1, false, 1500],
    ["score function, a constant baseline (still unbiased)", elbo(), true, 1, false, 1500, new Map([["z", -4]])],
  ];
  // 5 cases × 3 coordinates, two-sided, total false-failure rate 1e-6. The s-gradient draws
  // are per call (R = 60 calls of 200 copies: each an average of 200 i.i.d. terms, so close to
  // normal), estimated SE over 60 draws: the t(59) quantile exceeds z by < 8% at this tail, so
  // the bound uses 1.1·z. A baseline that does not depend on the current draw keeps it unbiased.
  const z = 1.1 * zForFailureRate(1e-6 / (cases.length * 3));
  it.each(cases)("%s", (_name, objective, scoreFunction, copies, subsample, R, baselines) => {
    const draws = gradientDraws(objective, scoreFunction, copies, subsample, R, 17, baselines);
    draws.forEach((col, c) => {
      const n = col.length;
      const mean = col.reduce((a, b) => a + b, 0) / n;
      const se = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) / n);
      expect(Math.abs(mean - exact[c]!), `coordinate ${c}: mean ${mean} ± ${se} over ${n} draws`).toBeLessThanOrEqual(z * se + 1e-5);
    });
  });
});

describe("objectives", () => {
  const latentOnly = model(function* () {
    yield* latent("z", Normal(0.3, 1.5));
  });
  const q = guide(latentOnly, function* () {
    yield* latent("z", Normal(-0.4, 0.7));
  });
  const klValue = tf.tidy(() => kl(Normal(-0.4, 0.7), Normal(0.3, 1.5)).dataSync()[0]!);

  it("without observations, −ELBO is exactly KL(q ‖ p) with the closed form, and in expectation by Monte Carlo", () => {
    const ctx = { store: new ParamStore(), rng: new RandomStream(5) };
    const exact = tf.tidy(() => estimateObjective(latentOnly.program, q.program, {}, ctx, elbo()).value.dataSync()[0]!);
    expect(-exact).toBe(klValue);
    const n = 4000;
    const mc = tf.tidy(() => estimateObjective(latentOnly.program, q.program, {}, ctx, elbo({ analyticKL: false, particles: n })).value.dataSync()[0]!);
    // log q − log p at z ~ q has standard deviation below 1.5 here; SE ≤ 1.5/√n, z(1e-6) = 4.9
    expect(Math.abs(-mc - klValue)).toBeLessThanOrEqual((4.9 * 1.5) / Math.sqrt(n));
  });

  it("Rényi at α = 0 is IWAE (same draws, same value); IWAE_k ≥ the ELBO at k = 1", () => {
    const a = tf.tidy(() => estimateObjective(latentOnly.program, q.program, {}, { store: new ParamStore(), rng: new RandomStream(9) }, iwae({ particles: 6 })).value.dataSync()[0]!);
    const b = tf.tidy(() => estimateObjective(latentOnly.program, q.program, {}, { store: new ParamStore(), rng: new RandomStream(9) }, renyi({ alpha: 0, particles: 6 })).value.dataSync()[0]!);
    expect(a).toBe(b);
    const one = tf.tidy(() => estimateObjective(latentOnly.program, q.program, {}, { store: new ParamStore(), rng: new RandomStream(9) }, iwae({ particles: 1 })).value.dataSync()[0]!);
    const elbo1 = tf.tidy(() => estimateObjective(latentOnly.program, q.program, {}, { store: new ParamStore(), rng: new RandomStream(9) }, elbo({ analyticKL: false })).value.dataSync()[0]!);
    expect(one).toBeCloseTo(elbo1, 5);
  });

  it("KL annealing: β scales the latent terms (β = 0 leaves the likelihood alone)", () => {
    const m = model(function* () {
      const z = yield* latent("z", Normal(0, 1));
      yield* observe("x", Normal(z, 1), tf.scalar(0.5));
    });
    const g = guide(m, function* () {
      yield* latent("z", Normal(0.2, 0.5));
    });
    const at = (beta: number) =>
      tf.tidy(() => estimateObjective(m.program, g.program, {}, { store: new ParamStore(), rng: new RandomStream(2) }, elbo(), { beta }).value.dataSync()[0]!);
    const k = tf.tidy(() => kl(Normal(0.2, 0.5), Normal(0, 1)).dataSync()[0]!);
    expect(at(0) - at(1)).toBeCloseTo(k, 5);
    expect(at(0.5) - at(1)).toBeCloseTo(0.5 * k, 5);
  });
});

describe("the printed plan is what runs", () => {
  const m = model(function* ({ x }: { x: tf.Tensor1D }) {
    const z = yield* latent("z", Normal(0, 1));
    yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
  });
  const x = tf.tensor1d([0.1, 0.4]);
  it("closed-form KL: the step is deterministic in the KL term", () => {
    const g = guide(m, function* () {
      yield* latent("z", Normal(0.5, 0.3));
    });
    const svi = compile(m, g, {});
    svi.step({ x });
    expect(svi.plan!.map((p) => [p.name, p.estimator, p.kl])).toEqual([["z", "pathwise", "closed form"], ["x", "none", "none"]]);
    expect(svi.explain()).toBe(
      "objective: ELBO, 1 particle(s)\n  z: latent Normal, guide Normal, pathwise gradient, closed form KL × 1\n  x: observed Normal, log-likelihood × 1",
    );
  });
  it("Monte Carlo KL when asked, and score function for a guide without rsample", () => {
    const g1 = guide(m, function* () {
      yield* latent("z", Normal(0.5, 0.3));
    });
    const s1 = compile(m, g1, { objective: elbo({ analyticKL: false }) });
    s1.step({ x });
    expect(s1.plan![0]!.kl).toBe("Monte Carlo");
    const g2 = guide(m, function* () {
      yield* latent("z", new ScoreNormal(tf.scalar(0.5), tf.scalar(0.3)));
    });
    const s2 = compile(m, g2, {});
    s2.step({ x });
    expect(s2.plan![0]).toMatchObject({ estimator: "score-function", kl: "Monte Carlo" });
    expect(() => compile(m, g2, { objective: iwae({ particles: 2 }) }).step({ x })).toThrow(
      "site 'z': the guide's Normal has no reparameterized sampler, which iwae() needs",
    );
  });
});

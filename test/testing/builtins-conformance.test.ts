// Every built-in distribution passes latent/testing's checkDistribution, and every KL rule
// passes checkKL. (The per-family test files go further: float64 references, gradients,
// implicit-reparameterization oracles.)
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Bernoulli, Beta, Binomial, Categorical, Cauchy, Chi2, ContinuousBernoulli, Dirichlet, Exponential, Gamma, Geometric,
  Gumbel, HalfCauchy, HalfNormal, InverseGamma, Kumaraswamy, Laplace, Logistic, LogNormal, LowRankMultivariateNormal,
  MixtureSameFamily, MultivariateNormal, NegativeBinomial, Normal, OneHotCategorical, Poisson, RelaxedBernoulli,
  RelaxedOneHotCategorical, StudentT, Transformed, Uniform, Weibull, expTransform, greaterThan, interval, positive, real,
  simplex, tf, unitInterval, type Distribution,
} from "latent";
import { checkDistribution, checkKL, familyFromConstraints, type CheckDistributionOptions } from "latent/testing";

type F = Parameters<typeof familyFromConstraints>;
const fam = (name: string, constraints: F[1], create: F[2], options: F[3] = {}) =>
  familyFromConstraints(name, constraints, create, { batchShape: [2], ...options });

const positiveModerate = interval(0.3, 4);
const concentration = interval(0.6, 5);
const probs = interval(0.05, 0.95);

// [family, options]
const families: Array<[ReturnType<typeof fam>, CheckDistributionOptions?]> = [
  [fam("Normal", { loc: real, scale: positive }, ({ loc, scale }) => Normal(loc!, scale!))],
  [fam("LogNormal", { loc: interval(-1, 1), scale: interval(0.2, 0.8) }, ({ loc, scale }) => LogNormal(loc!, scale!))],
  [fam("HalfNormal", { scale: positiveModerate }, ({ scale }) => HalfNormal(scale!))],
  [fam("HalfCauchy", { scale: positiveModerate }, ({ scale }) => HalfCauchy(scale!), { finiteMean: false, finiteVariance: false })],
  [fam("Laplace", { loc: real, scale: positiveModerate }, ({ loc, scale }) => Laplace(loc!, scale!))],
  [fam("Cauchy", { loc: real, scale: positiveModerate }, ({ loc, scale }) => Cauchy(loc!, scale!), { finiteMean: false, finiteVariance: false })],
  [fam("Gumbel", { loc: real, scale: positiveModerate }, ({ loc, scale }) => Gumbel(loc!, scale!))],
  [fam("Logistic", { loc: real, scale: positiveModerate }, ({ loc, scale }) => Logistic(loc!, scale!))],
  [fam("Uniform", { low: real, width: positiveModerate }, ({ low, width }) => Uniform(low!, tf.add(low!, width!)))],
  [fam("Exponential", { rate: positiveModerate }, ({ rate }) => Exponential(rate!), { pathwise: false })],
  [fam("Gamma", { concentration, rate: positiveModerate }, ({ concentration: a, rate }) => Gamma(a!, rate!), { pathwise: false })],
  [fam("InverseGamma", { concentration: interval(5, 9), rate: positiveModerate }, ({ concentration: a, rate }) => InverseGamma(a!, rate!), { pathwise: false })],
  [fam("Chi2", { df: interval(1, 8) }, ({ df }) => Chi2(df!), { pathwise: false })],
  [fam("Beta", { a: concentration, b: concentration }, ({ a, b }) => Beta(a!, b!), { pathwise: false })],
  [fam("Kumaraswamy", { a: concentration, b: concentration }, ({ a, b }) => Kumaraswamy(a!, b!))],
  [fam("Weibull", { scale: positiveModerate, k: interval(0.8, 4) }, ({ scale, k }) => Weibull(scale!, k!))],
  [fam("StudentT", { df: greaterThan(5), loc: real, scale: positiveModerate }, ({ df, loc, scale }) => StudentT(df!, loc!, scale!), { pathwise: false })],
  [fam("ContinuousBernoulli", { probs }, ({ probs: p }) => ContinuousBernoulli({ probs: p! }))],
  // temperatures ≥ 1: below 1 the Concrete density vanishes at 0 and 1, and float32 rounds
  // rare draws onto those ends (logProb −∞ there, documented on the class)
  [fam("RelaxedBernoulli", { probs, temperature: interval(1, 2) }, ({ probs: p, temperature }) => RelaxedBernoulli({ probs: p!, temperature: temperature! }), { finiteMean: false, finiteVariance: false })],
  [fam("Bernoulli", { probs }, ({ probs: p }) => Bernoulli({ probs: p! }), { discrete: true })],
  [fam("Binomial", { probs }, ({ probs: p }) => Binomial({ totalCount: 7, probs: p! }), { discrete: true })],
  [fam("Poisson", { rate: interval(0.5, 20) }, ({ rate }) => Poisson(rate!), { discrete: true })],
  [fam("Geometric", { probs: interval(0.2, 0.9) }, ({ probs: p }) => Geometric({ probs: p! }), { discrete: true })],
  [fam("NegativeBinomial", { probs: interval(0.1, 0.7) }, ({ probs: p }) => NegativeBinomial({ totalCount: 3.5, probs: p! }), { discrete: true })],
  [fam("Categorical", { probs: simplex }, ({ probs: p }) => Categorical({ probs: p! }), { discrete: true, eventShapes: { probs: [3] } })],
  // multivariate events: moments, entropy, shapes, support (the 1-D goodness-of-fit does not apply)
  [fam("Dirichlet", { concentration }, ({ concentration: a }) => Dirichlet(a!), { eventShapes: { concentration: [3] }, pathwise: false })],
  [fam("OneHotCategorical", { probs: simplex }, ({ probs: p }) => OneHotCategorical({ probs: p! }), { discrete: true, eventShapes: { probs: [2] } })],
  [fam("RelaxedOneHotCategorical", { logits: real }, ({ logits }) => RelaxedOneHotCategorical({ logits: logits!, temperature: 1 }), { eventShapes: { logits: [3] }, finiteMean: false, finiteVariance: false })],
  [fam("MultivariateNormal", { loc: real, diag: positiveModerate }, ({ loc, diag }) =>
    // L = diag(d) + a fixed strictly-lower part: a valid scale_tril for every positive d
    MultivariateNormal(loc!, { scaleTril: tf.add(tf.mul(tf.eye(3), tf.expandDims(diag!, -1)), tf.tensor2d([[0, 0, 0], [0.3, 0, 0], [0.3, -0.2, 0]])) }),
    { eventShapes: { loc: [3], diag: [3] } })],
  [fam("LowRankMultivariateNormal", { loc: real, factor: real, diag: positiveModerate }, ({ loc, factor, diag }) => LowRankMultivariateNormal(loc!, tf.reshape(factor!, [2, 3, 1]), diag!), { eventShapes: { loc: [3], factor: [3], diag: [3] } })],
  [fam("Transformed (exp of Normal)", { loc: interval(-1, 1), scale: interval(0.2, 0.8) }, ({ loc, scale }) => Transformed(Normal(loc!, scale!), expTransform), { finiteMean: false, finiteVariance: false, hasEntropy: false })],
  [fam("MixtureSameFamily (of Normals)", { w: simplex, loc: real, scale: positiveModerate }, ({ w, loc, scale }) => MixtureSameFamily(Categorical({ probs: w! }), Normal(loc!, scale!)), { eventShapes: { w: [1], loc: [2], scale: [2] }, hasEntropy: false })],
];

describe("checkDistribution on every built-in family", () => {
  it.each(families)("$name", (family, options) => {
    const report = checkDistribution(family, { runs: 4, ...options });
    expect(report.ran.length).toBeGreaterThanOrEqual(6);
  });
});

const pair = <P>(name: string, params: fc.Arbitrary<P>, p: (x: P) => Distribution, q: (x: P) => Distribution) => ({ name, params, p, q });
const pos = (lo = 0.5, hi = 3) => fc.double({ min: lo, max: hi, noNaN: true });
const re = (lo = -2, hi = 2) => fc.double({ min: lo, max: hi, noNaN: true });
const pr = fc.double({ min: 0.05, max: 0.95, noNaN: true });

describe("checkKL on every closed-form rule", () => {
  const pairs = [
    pair("Normal‖Normal", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => Normal(a, b), ([, , c, d]) => Normal(c, d)),
    pair("Normal‖Laplace", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => Normal(a, b), ([, , c, d]) => Laplace(c, d)),
    pair("Normal‖Gumbel", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => Normal(a, b), ([, , c, d]) => Gumbel(c, d)),
    pair("LogNormal‖LogNormal", fc.tuple(re(-1, 1), pos(0.3, 1), re(-1, 1), pos(0.3, 1)), ([a, b]) => LogNormal(a, b), ([, , c, d]) => LogNormal(c, d)),
    pair("HalfNormal‖HalfNormal", fc.tuple(pos(), pos()), ([a]) => HalfNormal(a), ([, b]) => HalfNormal(b)),
    pair("Laplace‖Laplace", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => Laplace(a, b), ([, , c, d]) => Laplace(c, d)),
    pair("Gumbel‖Gumbel", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => Gumbel(a, b), ([, , c, d]) => Gumbel(c, d)),
    pair("Uniform‖Uniform", fc.tuple(re(), pos(), pos()), ([a, w]) => Uniform(a, a + w), ([a, w, e]) => Uniform(a - e, a + w + e)),
    pair("Uniform‖Normal", fc.tuple(re(), pos(), re(), pos()), ([a, w]) => Uniform(a, a + w), ([, , c, d]) => Normal(c, d)),
    pair("Bernoulli‖Bernoulli", fc.tuple(pr, pr), ([a]) => Bernoulli({ probs: a }), ([, b]) => Bernoulli({ probs: b })),
    pair("Categorical‖Categorical", fc.tuple(pr, pr), ([a]) => Categorical({ probs: [a, 1 - a] }), ([, b]) => Categorical({ probs: [b, 1 - b] })),
    pair("Binomial‖Binomial", fc.tuple(pr, pr), ([a]) => Binomial({ totalCount: 5, probs: a }), ([, b]) => Binomial({ totalCount: 5, probs: b })),
    pair("Poisson‖Poisson", fc.tuple(pos(), pos()), ([a]) => Poisson(a), ([, b]) => Poisson(b)),
    pair("Geometric‖Geometric", fc.tuple(pr, pr), ([a]) => Geometric({ probs: a }), ([, b]) => Geometric({ probs: b })),
    pair("ContinuousBernoulli‖ContinuousBernoulli", fc.tuple(pr, pr), ([a]) => ContinuousBernoulli({ probs: a }), ([, b]) => ContinuousBernoulli({ probs: b })),
    pair("Gamma‖Gamma", fc.tuple(pos(1, 4), pos(), pos(1, 4), pos()), ([a, b]) => Gamma(a, b), ([, , c, d]) => Gamma(c, d)),
    pair("Exponential‖Exponential", fc.tuple(pos(), pos()), ([a]) => Exponential(a), ([, b]) => Exponential(b)),
    pair("Exponential‖Gamma", fc.tuple(pos(), pos(1, 3), pos()), ([a]) => Exponential(a), ([, c, d]) => Gamma(c, d)),
    pair("Gamma‖Exponential", fc.tuple(pos(1, 4), pos(), pos()), ([a, b]) => Gamma(a, b), ([, , c]) => Exponential(c)),
    pair("Weibull‖Gamma", fc.tuple(pos(), pos(1, 3), pos(1, 3), pos()), ([s, k]) => Weibull(s, k), ([, , c, d]) => Gamma(c, d)),
    pair("Beta‖Beta", fc.tuple(pos(1, 4), pos(1, 4), pos(1, 4), pos(1, 4)), ([a, b]) => Beta(a, b), ([, , c, d]) => Beta(c, d)),
    pair("Kumaraswamy‖Beta", fc.tuple(pos(1, 3), pos(1, 3), pos(1, 3), pos(1, 3)), ([a, b]) => Kumaraswamy(a, b), ([, , c, d]) => Beta(c, d)),
    pair("Dirichlet‖Dirichlet", fc.tuple(pos(1, 4), pos(1, 4), pos(1, 4), pos(1, 4)), ([a, b]) => Dirichlet([a, b, 1.5]), ([, , c, d]) => Dirichlet([c, d, 2])),
    pair("MultivariateNormal‖MultivariateNormal", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => MultivariateNormal([a, 0], { covarianceMatrix: [[b, 0.2], [0.2, 1]] }), ([, , c, d]) => MultivariateNormal([c, 1], { covarianceMatrix: [[d, -0.1], [-0.1, 2]] })),
    pair("LowRankMultivariateNormal‖MultivariateNormal", fc.tuple(re(), pos(), re()), ([a, b]) => LowRankMultivariateNormal([a, 0], [[0.5], [b]], [1, 1]), ([, , c]) => MultivariateNormal([c, 0], { covarianceMatrix: [[2, 0.3], [0.3, 1]] })),
    pair("Independent‖Independent", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => Normal([a, a], [b, 1]).toEvent(1), ([, , c, d]) => Normal([c, 0], [d, 2]).toEvent(1)),
    pair("Transformed‖Transformed", fc.tuple(re(), pos(), re(), pos()), ([a, b]) => Transformed(Normal(a, b), expTransform), ([, , c, d]) => Transformed(Normal(c, d), expTransform)),
  ];
  it.each(pairs)("$name", (p) => {
    checkKL(p as never, { runs: 4, samples: 20_000 });
  });
});

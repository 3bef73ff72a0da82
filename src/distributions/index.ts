/**
 * Distributions, constraints and validation.
 *
 * @module
 */
import { installWrappers } from "./distribution.js";
import { ExpandedDistribution } from "./expanded.js";
import { IndependentDistribution } from "./independent.js";
import { MaskedDistribution } from "./masked.js";

installWrappers({
  independent: (base, n) => new IndependentDistribution(base, n),
  expanded: (base, batchShape) => new ExpandedDistribution(base, batchShape),
  masked: (base, mask) => new MaskedDistribution(base, mask),
});

export { Distribution } from "./distribution.js";
export { IndependentDistribution } from "./independent.js";
export { ExpandedDistribution } from "./expanded.js";
export { MaskedDistribution } from "./masked.js";
export {
  MultivariateNormal,
  MultivariateNormalDistribution,
  type MultivariateNormalCovariance,
  type MultivariateNormalParameterization,
} from "./multivariate-normal.js";
export { LowRankMultivariateNormal, LowRankMultivariateNormalDistribution } from "./low-rank-multivariate-normal.js";
export { Transformed, TransformedDistribution } from "./transformed.js";
export { MixtureSameFamily, MixtureSameFamilyDistribution } from "./mixture-same-family.js";
export { Normal, NormalDistribution } from "./normal.js";
export { Bernoulli, BernoulliDistribution, type BernoulliParams } from "./bernoulli.js";
export { LogNormal, LogNormalDistribution } from "./log-normal.js";
export { HalfNormal, HalfNormalDistribution } from "./half-normal.js";
export { HalfCauchy, HalfCauchyDistribution } from "./half-cauchy.js";
export { Laplace, LaplaceDistribution } from "./laplace.js";
export { Cauchy, CauchyDistribution } from "./cauchy.js";
export { Gumbel, GumbelDistribution } from "./gumbel.js";
export { Logistic, LogisticDistribution } from "./logistic.js";
export { Uniform, UniformDistribution } from "./uniform.js";
export { Delta, DeltaDistribution, type DeltaOptions } from "./delta.js";
export { Categorical, CategoricalDistribution, type CategoricalParams } from "./categorical.js";
export { OneHotCategorical, OneHotCategoricalDistribution } from "./one-hot-categorical.js";
export { Binomial, BinomialDistribution, type BinomialParams } from "./binomial.js";
export { Poisson, PoissonDistribution } from "./poisson.js";
export { Geometric, GeometricDistribution, type GeometricParams } from "./geometric.js";
export { NegativeBinomial, NegativeBinomialDistribution, type NegativeBinomialParams } from "./negative-binomial.js";
export { ContinuousBernoulli, ContinuousBernoulliDistribution, type ContinuousBernoulliParams } from "./continuous-bernoulli.js";
export { RelaxedBernoulli, RelaxedBernoulliDistribution, type RelaxedBernoulliParams } from "./relaxed-bernoulli.js";
export {
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalDistribution,
  type RelaxedOneHotCategoricalParams,
} from "./relaxed-one-hot-categorical.js";
export type { ProbsOrLogits } from "./probs-logits.js";
export { Gamma, GammaDistribution } from "./gamma.js";
export { Exponential, ExponentialDistribution } from "./exponential.js";
export { Chi2, Chi2Distribution } from "./chi2.js";
export { InverseGamma, InverseGammaDistribution } from "./inverse-gamma.js";
export { Weibull, WeibullDistribution } from "./weibull.js";
export { Beta, BetaDistribution } from "./beta.js";
export { Kumaraswamy, KumaraswamyDistribution } from "./kumaraswamy.js";
export { Dirichlet, DirichletDistribution } from "./dirichlet.js";
export { StudentT, StudentTDistribution } from "./student-t.js";
export * from "./constraints.js";
export { setValidation, validationEnabled, checkConstraint, isValidated, markValidated, validatedConstraints } from "./validation.js";

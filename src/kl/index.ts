/**
 * KL divergences: the registry and every built-in rule, listed in one place.
 *
 * @module
 */
import { BernoulliDistribution } from "../distributions/bernoulli.js";
import { Distribution } from "../distributions/distribution.js";
import { ExpandedDistribution } from "../distributions/expanded.js";
import { IndependentDistribution } from "../distributions/independent.js";
import { NormalDistribution } from "../distributions/normal.js";
import { DeltaDistribution } from "../distributions/delta.js";
import { GumbelDistribution } from "../distributions/gumbel.js";
import { HalfNormalDistribution } from "../distributions/half-normal.js";
import { LaplaceDistribution } from "../distributions/laplace.js";
import { LogNormalDistribution } from "../distributions/log-normal.js";
import { UniformDistribution } from "../distributions/uniform.js";
import { klDeltaAny } from "./delta.js";
import { klGumbelGumbel } from "./gumbel.js";
import { klLaplaceLaplace } from "./laplace.js";
import { klHalfNormalHalfNormal, klLogNormalLogNormal } from "./log-normal.js";
import { klNormalGumbel } from "./normal-gumbel.js";
import { klNormalLaplace } from "./normal-laplace.js";
import { klUniformNormal, klUniformUniform } from "./uniform.js";
import { klBernoulliBernoulli } from "./bernoulli.js";
import { klNormalNormal } from "./normal.js";
import { LowRankMultivariateNormalDistribution } from "../distributions/low-rank-multivariate-normal.js";
import { MaskedDistribution } from "../distributions/masked.js";
import { MultivariateNormalDistribution } from "../distributions/multivariate-normal.js";
import { TransformedDistribution } from "../distributions/transformed.js";
import { klMasked } from "./masked.js";
import {
  isDiagonalNormal,
  klDiagonalMultivariateNormal,
  klLowRankLowRank,
  klLowRankMultivariateNormal,
  klMultivariateNormal,
  klMultivariateNormalDiagonal,
  klMultivariateNormalLowRank,
} from "./multivariate-normal.js";
import { klTransformed, sameTransforms } from "./transformed.js";
import { BinomialDistribution } from "../distributions/binomial.js";
import { CategoricalDistribution } from "../distributions/categorical.js";
import { ContinuousBernoulliDistribution } from "../distributions/continuous-bernoulli.js";
import { GeometricDistribution } from "../distributions/geometric.js";
import { OneHotCategoricalDistribution } from "../distributions/one-hot-categorical.js";
import { PoissonDistribution } from "../distributions/poisson.js";
import { klBinomialBinomial } from "./binomial.js";
import { klCategoricalCategorical, klOneHotCategoricalOneHotCategorical } from "./categorical.js";
import { klContinuousBernoulliContinuousBernoulli } from "./continuous-bernoulli.js";
import { klGeometricGeometric } from "./geometric.js";
import { klPoissonPoisson } from "./poisson.js";
import { BetaDistribution } from "../distributions/beta.js";
import { DirichletDistribution } from "../distributions/dirichlet.js";
import { ExponentialDistribution } from "../distributions/exponential.js";
import { GammaDistribution } from "../distributions/gamma.js";
import { KumaraswamyDistribution } from "../distributions/kumaraswamy.js";
import { WeibullDistribution } from "../distributions/weibull.js";
import { klBetaBeta, klDirichletDirichlet, klKumaraswamyBeta } from "./beta.js";
import { klExponentialExponential, klExponentialGamma, klGammaExponential, klGammaGamma, klWeibullGamma } from "./gamma.js";
import { hasKL, registerKL, registerStructuralKL } from "./registry.js";
import { klExpandedLeft, klExpandedRight, klIndependent } from "./structural.js";

// Every built-in rule. Same-family rules first; structural rules last.
registerKL(NormalDistribution, NormalDistribution, klNormalNormal);
registerKL(BernoulliDistribution, BernoulliDistribution, klBernoulliBernoulli);
registerKL(LogNormalDistribution, LogNormalDistribution, klLogNormalLogNormal);
registerKL(HalfNormalDistribution, HalfNormalDistribution, klHalfNormalHalfNormal);
registerKL(LaplaceDistribution, LaplaceDistribution, klLaplaceLaplace);
registerKL(GumbelDistribution, GumbelDistribution, klGumbelGumbel);
registerKL(UniformDistribution, UniformDistribution, klUniformUniform);
registerKL(NormalDistribution, LaplaceDistribution, klNormalLaplace);
registerKL(NormalDistribution, GumbelDistribution, klNormalGumbel);
registerKL(UniformDistribution, NormalDistribution, klUniformNormal);
registerKL(DeltaDistribution, Distribution, klDeltaAny);
registerKL(CategoricalDistribution, CategoricalDistribution, klCategoricalCategorical);
registerKL(OneHotCategoricalDistribution, OneHotCategoricalDistribution, klOneHotCategoricalOneHotCategorical);
registerKL(BinomialDistribution, BinomialDistribution, klBinomialBinomial);
registerKL(PoissonDistribution, PoissonDistribution, klPoissonPoisson);
registerKL(GeometricDistribution, GeometricDistribution, klGeometricGeometric);
registerKL(ContinuousBernoulliDistribution, ContinuousBernoulliDistribution, klContinuousBernoulliContinuousBernoulli);
registerKL(GammaDistribution, GammaDistribution, klGammaGamma);
registerKL(ExponentialDistribution, ExponentialDistribution, klExponentialExponential);
registerKL(ExponentialDistribution, GammaDistribution, klExponentialGamma);
registerKL(GammaDistribution, ExponentialDistribution, klGammaExponential);
registerKL(WeibullDistribution, GammaDistribution, klWeibullGamma);
registerKL(BetaDistribution, BetaDistribution, klBetaBeta);
registerKL(DirichletDistribution, DirichletDistribution, klDirichletDirichlet);
registerKL(KumaraswamyDistribution, BetaDistribution, klKumaraswamyBeta);
registerKL(MultivariateNormalDistribution, MultivariateNormalDistribution, klMultivariateNormal);
registerKL(LowRankMultivariateNormalDistribution, LowRankMultivariateNormalDistribution, klLowRankLowRank);
registerKL(LowRankMultivariateNormalDistribution, MultivariateNormalDistribution, klLowRankMultivariateNormal);
registerKL(MultivariateNormalDistribution, LowRankMultivariateNormalDistribution, klMultivariateNormalLowRank);
registerStructuralKL(IndependentDistribution, MultivariateNormalDistribution, klDiagonalMultivariateNormal, (p) => isDiagonalNormal(p));
registerStructuralKL(MultivariateNormalDistribution, IndependentDistribution, klMultivariateNormalDiagonal, (_p, q) => isDiagonalNormal(q));
registerStructuralKL(TransformedDistribution, TransformedDistribution, klTransformed, (p, q) => sameTransforms(p, q) && hasKL(p.base, q.base));
registerStructuralKL(MaskedDistribution, MaskedDistribution, klMasked, (p, q) => hasKL(p.base, q.base));
registerStructuralKL(
  IndependentDistribution,
  IndependentDistribution,
  klIndependent,
  (p, q) => p.reinterpreted === q.reinterpreted && hasKL(p.base, q.base),
);
registerStructuralKL(ExpandedDistribution, Distribution, klExpandedLeft, (p, q) =>
  hasKL(p.base, q instanceof ExpandedDistribution ? q.base : q),
);
registerStructuralKL(Distribution, ExpandedDistribution, klExpandedRight, (p, q) => hasKL(p, q.base));

export { kl, hasKL, findKLRule, registerKL, registerStructuralKL, supportEscapes, registeredKLPairs, type KLRule, type DistributionClass } from "./registry.js";
export { klNormalNormal } from "./normal.js";
export { klBernoulliBernoulli } from "./bernoulli.js";
export { klLogNormalLogNormal, klHalfNormalHalfNormal } from "./log-normal.js";
export { klLaplaceLaplace } from "./laplace.js";
export { klGumbelGumbel } from "./gumbel.js";
export { klUniformUniform, klUniformNormal } from "./uniform.js";
export { klNormalLaplace } from "./normal-laplace.js";
export { klNormalGumbel } from "./normal-gumbel.js";
export { klDeltaAny } from "./delta.js";
export { klCategoricalCategorical, klOneHotCategoricalOneHotCategorical } from "./categorical.js";
export { klBinomialBinomial } from "./binomial.js";
export { klPoissonPoisson } from "./poisson.js";
export { klGeometricGeometric } from "./geometric.js";
export { klContinuousBernoulliContinuousBernoulli } from "./continuous-bernoulli.js";
export { klGammaGamma, klExponentialExponential, klExponentialGamma, klGammaExponential, klWeibullGamma } from "./gamma.js";
export { klBetaBeta, klDirichletDirichlet, klKumaraswamyBeta } from "./beta.js";
export { klIndependent, klExpandedLeft, klExpandedRight } from "./structural.js";
export {
  klMultivariateNormal,
  klLowRankLowRank,
  klLowRankMultivariateNormal,
  klMultivariateNormalLowRank,
  klDiagonalMultivariateNormal,
  klMultivariateNormalDiagonal,
  isDiagonalNormal,
} from "./multivariate-normal.js";
export { klTransformed, sameTransforms } from "./transformed.js";
export { klMasked } from "./masked.js";

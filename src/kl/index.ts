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
import { klBernoulliBernoulli } from "./bernoulli.js";
import { klNormalNormal } from "./normal.js";
import { hasKL, registerKL, registerStructuralKL } from "./registry.js";
import { klExpandedLeft, klExpandedRight, klIndependent } from "./structural.js";

// Every built-in rule. Same-family rules first; structural rules last.
registerKL(NormalDistribution, NormalDistribution, klNormalNormal);
registerKL(BernoulliDistribution, BernoulliDistribution, klBernoulliBernoulli);
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

export { kl, hasKL, findKLRule, registerKL, registerStructuralKL, type KLRule, type DistributionClass } from "./registry.js";
export { klNormalNormal } from "./normal.js";
export { klBernoulliBernoulli } from "./bernoulli.js";
export { klIndependent, klExpandedLeft, klExpandedRight } from "./structural.js";

/**
 * Distributions, constraints and validation.
 *
 * @module
 */
import { installWrappers } from "./distribution.js";
import { ExpandedDistribution } from "./expanded.js";
import { IndependentDistribution } from "./independent.js";

installWrappers({
  independent: (base, n) => new IndependentDistribution(base, n),
  expanded: (base, batchShape) => new ExpandedDistribution(base, batchShape),
});

export { Distribution } from "./distribution.js";
export { IndependentDistribution } from "./independent.js";
export { ExpandedDistribution } from "./expanded.js";
export { Normal, NormalDistribution } from "./normal.js";
export { Bernoulli, BernoulliDistribution, type BernoulliParams } from "./bernoulli.js";
export * from "./constraints.js";
export { setValidation, validationEnabled, checkConstraint, isValidated, markValidated, validatedConstraints } from "./validation.js";

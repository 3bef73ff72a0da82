/**
 * latent/testing: the property kit for distributions, KL rules, gradients and bounds.
 *
 * Import it into any vitest (or other runner's) suite:
 *
 * ```ts
 * import { checkDistribution, familyFromConstraints } from "latent/testing";
 * ```
 *
 * @module latent/testing
 */
export { PropertyFailure, expectProperty, type FailureDetails } from "./property-failure.js";
export { budget, type Budget, type CheckOptions } from "./budget.js";
export {
  shapeArb, broadcastableShapesArb, seedArb, valuesIn, paramsFor, toTensors, showParams, type ParamValue,
} from "./arbitraries.js";
export { familyFromConstraints, type DistributionFamily } from "./family.js";
export {
  checkDistribution, DISTRIBUTION_CHECKS, type DistributionCheck, type CheckDistributionOptions, type CheckReport, type CheckRun, type CheckSkip,
} from "./check-distribution.js";
export { checkKL, type KLPair, type KLPairTensors } from "./check-kl.js";
export { checkGradients, type CheckGradientsOptions } from "./check-gradients.js";
export { checkBounds, type CheckBoundsOptions, type BoundsReport, type MeanAndError } from "./check-bounds.js";
export { simulationBasedCalibration, type SbcOptions, type SbcRanks, type Simulation } from "./sbc.js";
export { runProperty } from "./run-property.js";
export * from "./stats/index.js";

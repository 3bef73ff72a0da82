/**
 * The statistical core of `latent/testing`: float64 special functions and goodness-of-fit
 * tests with an explicit false-failure rate `alpha`, for property tests of distributions.
 *
 * @module
 */
export {
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
  erf,
  erfc,
  normalPdf,
  normalCdf,
  normalSurvival,
  normalQuantile,
  chiSquareSurvival,
  kuiperSurvival,
} from "./special64.js";
export { zForFailureRate } from "./normal-quantile-bound.js";
export { bonferroni } from "./bonferroni.js";
export { meanTest, type MeanTestOptions, type MeanTestResult } from "./mean-test.js";
export { dkwEpsilon, dkwTest, dkwSamplesNeeded, type DkwTestResult } from "./dkw.js";
export { likelihoodRatioTest, type LikelihoodRatioTestResult } from "./likelihood-ratio-test.js";
export { uniformityTest, type UniformityTestOptions, type UniformityTestResult } from "./uniformity-test.js";
export { spacingTest, type SpacingTestOptions, type SpacingTestResult } from "./spacing-test.js";
export {
  nearestNeighbourTest,
  type NearestNeighbourTestOptions,
  type NearestNeighbourTestResult,
} from "./nearest-neighbour-test.js";
export { discreteGofTest, type DiscreteGofTestOptions, type DiscreteGofTestResult } from "./discrete-gof-test.js";

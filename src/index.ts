/**
 * latent: typed probabilistic models and amortized variational inference on TensorFlow.js.
 *
 * @example
 * ```ts
 * import { model, guide, latent, observe, module, compile, elbo, adam, Normal, Bernoulli, mlp } from "latent";
 * ```
 *
 * @module latent
 */
import { installFastMatMulGradient } from "./math/matmul-gradient.js";

installFastMatMulGradient();

export * as tf from "@tensorflow/tfjs-core";
export * from "./errors.js";

// math
export { RandomStream, setSeed, seedValue, type Seed } from "./math/rng.js";
export { useBackend, currentBackend, type BackendName } from "./math/backend.js";
export { softplus, logSigmoid, sumRightmost, LOG_2PI } from "./math/special.js";
export { stopGradient } from "./math/stop-gradient.js";
export { customOp, type CustomOpBody } from "./math/custom-op.js";
export { installFastMatMulGradient } from "./math/matmul-gradient.js";
export { toTensor, isTensor, type TensorLike } from "./math/tensor-like.js";
export { broadcastShapes, tryBroadcastShapes, expandShape, formatShape, shapesEqual, sizeOf } from "./math/shape.js";
export { tidyObject } from "./math/tidy.js";
export { cholesky } from "./math/cholesky.js";
export { triangularSolve, type TriangularSolveOptions } from "./math/triangular-solve.js";

// distributions
export * from "./distributions/index.js";
export {
  biject,
  identityTransform,
  softplusTransform,
  sigmoidTransform,
  expTransform,
  affineTransform,
  stickBreakingTransform,
  lowerCholeskyTransform,
  choleskyOuterTransform,
  positiveDefiniteTransform,
  composeTransform,
  domainEventRank,
  codomainEventRank,
  transformForwardShape,
  transformInverseShape,
  sameTransform,
  type Transform,
} from "./distributions/transforms.js";

// kl
export * from "./kl/index.js";

// core
export * from "./core/index.js";

// dsl
export { model, guide, type Model, type Guide } from "./dsl/model.js";
export { latent, type LatentOptions } from "./dsl/latent.js";
export { observe } from "./dsl/observe.js";
export { param } from "./dsl/param.js";
export { plate, type PlateSize } from "./dsl/plate.js";
export { module, type Module } from "./dsl/module.js";
export type { LatentSite, ObservedSite, ParamSite, AnySite, LatentNames, ObservedNames, SupportOf } from "./dsl/sites.js";
export type { GuideFits, MissingLatents, ExtraLatents, SupportMismatches, IsDynamic, Msg } from "./dsl/check.js";

// nn
export { mlp, type Network, type MlpOptions, type Activation } from "./nn/mlp.js";

// infer
export { compile, type CompileOptions } from "./infer/compile.js";
export { SVI, type FitOptions, type EpochRecord, type SiteValues } from "./infer/svi.js";
export {
  elbo, iwae, renyi, scheduleAt, type ElboOptions, type Objective, type ElboObjective, type IwaeObjective, type RenyiObjective, type Schedule,
} from "./infer/objective.js";
export { planSite, planOf, formatPlan, type SitePlan } from "./infer/plan.js";
export { adam, type AdamOptions, type Optimizer, type OptimizerSpec } from "./infer/adam.js";
export {
  estimateElbo, estimateObjective, elboParticle, logWeightOf, traceParticle, elboOfTraces, type RunContext, type ParticleTraces, type ParticleEstimate,
} from "./infer/trace-elbo.js";
export { writeCheckpoint, writeCheckpointSync, readCheckpoint, CHECKPOINT_FORMAT, type CheckpointData } from "./infer/checkpoint.js";
export { progressLine, terminalProgress, type StepInfo } from "./infer/progress.js";
export { loadMnist, type MnistOptions, type MnistSplit } from "./data/mnist.js";
export { iwaeEstimate, logWeight } from "./infer/iwae.js";
export { lgamma } from "./math/lgamma.js";
export { digamma, trigamma } from "./math/digamma.js";
export { lbeta } from "./math/lbeta.js";
export { xlogy, xlog1py } from "./math/xlogy.js";
export { logSumExp } from "./math/logsumexp.js";
export { ndtr, ndtri } from "./math/ndtri.js";
export { log1p } from "./math/log1p.js";
export { param as validParam } from "./distributions/params.js";
export { scoped, withMask, withScale } from "./dsl/scoped.js";
export { factor, deterministic } from "./dsl/factor.js";
export { UnitDistribution } from "./distributions/unit.js";
export { estimateLogEvidence, summarizeLogWeights, type LogEvidence } from "./infer/log-evidence.js";
export { paretoK, gpdFit, type GpdFit } from "./infer/psis.js";
export { autoNormal, autoDelta, type AutoGuideOptions, type InitStrategy } from "./infer/autoguide.js";
export { detach } from "./math/stop-gradient.js";

/**
 * KL(Poisson ‖ Poisson) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { PoissonDistribution } from "../distributions/poisson.js";
import { bd0 } from "../math/count-pmf.js";
import { broadcastShapes } from "../math/shape.js";

/**
 * KL(Pois(λp) ‖ Pois(λq)) = λp log(λp/λq) + λq − λp = λq φ(λp/λq), φ(t) = t log t − t + 1 ≥ 0.
 *
 * Evaluated as the deviance term of Loader's binomial algorithm (`bd0`): a series in
 * v = (λp − λq)/(λp + λq) near λp = λq, so there is no cancellation, KL(p ‖ p) is exactly 0 and the result is
 * never negative. λp = 0 gives λq; λq = 0 < λp gives +∞. Gradients: ∂/∂λp = log(λp/λq), ∂/∂λq = 1 − λp/λq.
 *
 * @example
 * ```ts
 * klPoissonPoisson(Poisson(2), Poisson(3)); // 2 log(2/3) + 1 ≈ 0.18907
 * ```
 */
export function klPoissonPoisson(p: PoissonDistribution, q: PoissonDistribution): tf.Tensor {
  return tf.tidy(() =>
    tf.broadcastTo(bd0(p.rate, q.rate), broadcastShapes("kl(Poisson, Poisson)", p.batchShape, q.batchShape)),
  );
}

/**
 * KL divergences among the Gamma family: Gamma, Exponential (and Chi2, a Gamma), and Weibull ‖ Gamma.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { ExponentialDistribution } from "../distributions/exponential.js";
import type { GammaDistribution } from "../distributions/gamma.js";
import type { WeibullDistribution } from "../distributions/weibull.js";
import { digamma } from "../math/digamma.js";
import { lgamma } from "../math/lgamma.js";
import { broadcastShapes } from "../math/shape.js";

/** Euler–Mascheroni constant γ = −ψ(1). */
const EULER_GAMMA = 0.5772156649015329;

/** eᵗ − 1 − t ≥ 0, the rate part of every rule here (exactly 0 at t = 0). */
function expm1MinusT(t: tf.Tensor): tf.Tensor {
  return tf.sub(tf.expm1(t), t);
}

/**
 * KL(Gamma(α₁, β₁) ‖ Gamma(α₂, β₂)) = [log Γ(α₂) − log Γ(α₁) − (α₂ − α₁)ψ(α₁)] + α₁(eᵗ − 1 − t) + (α₁ − α₂)t,
 * t = log β₂ − log β₁.
 *
 * The bracket is the Bregman divergence of log Γ (≥ 0) and α₁(eᵗ − 1 − t) ≥ 0; this is the textbook
 * (α₁ − α₂)ψ(α₁) − log Γ(α₁) + log Γ(α₂) + α₂(log β₁ − log β₂) + α₁(β₂ − β₁)/β₁ regrouped, exactly 0 for
 * p = q. Also serves Chi2 (a Gamma subclass).
 *
 * @example
 * ```ts
 * klGammaGamma(new GammaDistribution(tf.scalar(2), tf.scalar(1)), new GammaDistribution(tf.scalar(3), tf.scalar(2))); // 0.1909
 * ```
 */
export function klGammaGamma(p: GammaDistribution, q: GammaDistribution): tf.Tensor {
  return tf.tidy(() => {
    const a1 = p.concentration;
    const a2 = q.concentration;
    const t = tf.sub(tf.log(q.rate), tf.log(p.rate));
    const bregman = tf.sub(tf.sub(lgamma(a2), lgamma(a1)), tf.mul(tf.sub(a2, a1), digamma(a1)));
    const out = tf.add(bregman, tf.add(tf.mul(a1, expm1MinusT(t)), tf.mul(tf.sub(a1, a2), t)));
    return tf.broadcastTo(out, broadcastShapes(`kl(${p.name}, ${q.name})`, p.batchShape, q.batchShape));
  });
}

/**
 * KL(Exp(λ₁) ‖ Exp(λ₂)) = λ₂/λ₁ − 1 − log(λ₂/λ₁) = eᵗ − 1 − t with t = log λ₂ − log λ₁ (≥ 0 and exactly
 * 0 for p = q).
 *
 * @example
 * ```ts
 * klExponentialExponential(new ExponentialDistribution(tf.scalar(1)), new ExponentialDistribution(tf.scalar(2))); // 1 − log 2
 * ```
 */
export function klExponentialExponential(p: ExponentialDistribution, q: ExponentialDistribution): tf.Tensor {
  return tf.tidy(() => {
    const out = expm1MinusT(tf.sub(tf.log(q.rate), tf.log(p.rate)));
    return tf.broadcastTo(out, broadcastShapes("kl(Exponential, Exponential)", p.batchShape, q.batchShape));
  });
}

/**
 * KL(Exp(λ) ‖ Gamma(α, β)) = [log Γ(α) + (α − 1)γ] + (eᵗ − 1 − t) − (α − 1)t, t = log β − log λ.
 *
 * Exp(λ) = Gamma(1, λ), so this is {@link klGammaGamma} at α₁ = 1 (ψ(1) = −γ); the bracket, the Bregman
 * divergence of log Γ between 1 and α, is ≥ 0.
 *
 * @example
 * ```ts
 * klExponentialGamma(new ExponentialDistribution(tf.scalar(1)), new GammaDistribution(tf.scalar(2), tf.scalar(1))); // γ ≈ 0.5772
 * ```
 */
export function klExponentialGamma(p: ExponentialDistribution, q: GammaDistribution): tf.Tensor {
  return tf.tidy(() => {
    const a = q.concentration;
    const am1 = tf.sub(a, 1);
    const t = tf.sub(tf.log(q.rate), tf.log(p.rate));
    const out = tf.add(tf.add(lgamma(a), tf.mul(am1, EULER_GAMMA)), tf.sub(expm1MinusT(t), tf.mul(am1, t)));
    return tf.broadcastTo(out, broadcastShapes(`kl(Exponential, ${q.name})`, p.batchShape, q.batchShape));
  });
}

/**
 * KL(Gamma(α, β) ‖ Exp(λ)) = [(α − 1)ψ(α) − log Γ(α)] + α(eᵗ − 1 − t) + (α − 1)t, t = log λ − log β.
 *
 * {@link klGammaGamma} at α₂ = 1; the bracket (Bregman divergence of log Γ between α and 1) is ≥ 0.
 *
 * @example
 * ```ts
 * klGammaExponential(new GammaDistribution(tf.scalar(2), tf.scalar(1)), new ExponentialDistribution(tf.scalar(1))); // 1 − γ ≈ 0.4228
 * ```
 */
export function klGammaExponential(p: GammaDistribution, q: ExponentialDistribution): tf.Tensor {
  return tf.tidy(() => {
    const a = p.concentration;
    const am1 = tf.sub(a, 1);
    const t = tf.sub(tf.log(q.rate), tf.log(p.rate));
    const out = tf.add(tf.sub(tf.mul(am1, digamma(a)), lgamma(a)), tf.add(tf.mul(a, expm1MinusT(t)), tf.mul(am1, t)));
    return tf.broadcastTo(out, broadcastShapes(`kl(${p.name}, Exponential)`, p.batchShape, q.batchShape));
  });
}

/**
 * KL(Weibull(λ, k) ‖ Gamma(α, β)) in closed form:
 *
 *   KL = −H(p) − E_p[log q] = (e^s − 1 − s) + (1 − α)u + g + log k − γ + αγ/k + log Γ(α),
 *   u = log β + log λ, g = log Γ(1 + 1/k), s = u + g,
 *
 * from H(p) = γ(1 − 1/k) + log(λ/k) + 1, E_p[log x] = log λ − γ/k and E_p[x] = λΓ(1 + 1/k) (derived as in
 * Bauckhage 2014). Exactly 0 when p = Weibull(λ, 1) and q = Gamma(1, 1/λ) coincide and s = 0.
 *
 * @example
 * ```ts
 * klWeibullGamma(new WeibullDistribution(tf.scalar(1), tf.scalar(1)), new GammaDistribution(tf.scalar(1), tf.scalar(1))); // 0
 * ```
 */
export function klWeibullGamma(p: WeibullDistribution, q: GammaDistribution): tf.Tensor {
  return tf.tidy(() => {
    const k = p.concentration;
    const a = q.concentration;
    const u = tf.add(tf.log(q.rate), tf.log(p.scale));
    const g = lgamma(tf.add(1, tf.reciprocal(k)));
    const s = tf.add(u, g);
    const constant = tf.add(tf.sub(tf.log(k), EULER_GAMMA), tf.div(tf.mul(a, EULER_GAMMA), k));
    const out = tf.add(
      tf.add(expm1MinusT(s), tf.add(tf.mul(tf.sub(1, a), u), g)),
      tf.add(constant, lgamma(a)),
    );
    return tf.broadcastTo(out, broadcastShapes(`kl(Weibull, ${q.name})`, p.batchShape, q.batchShape));
  });
}

/**
 * The KL-divergence registry: one rule per pair of distribution classes.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Distribution } from "../distributions/distribution.js";
import { KLNotFoundError } from "../errors.js";
import { broadcastShapes } from "../math/shape.js";

/** A closed-form KL rule: KL(p ‖ q) with the broadcast batch shape of p and q. */
export type KLRule<P extends Distribution = Distribution, Q extends Distribution = Distribution> = (
  p: P,
  q: Q,
) => tf.Tensor;

/** A class of distributions (its constructor), the key of the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DistributionClass<D extends Distribution = Distribution> = abstract new (...args: any[]) => D;

const rules = new Map<DistributionClass, Map<DistributionClass, KLRule>>();

/**
 * Register a closed-form rule for KL(p ‖ q) where p is a `P` and q a `Q`; a later
 * registration for the same pair replaces the earlier one.
 *
 * Lookup walks both class hierarchies, so a rule for a base class also serves subclasses
 * unless a more specific rule exists.
 *
 * @example
 * ```ts
 * registerKL(MyDistribution, NormalDistribution, (p, q) => myFormula(p, q));
 * ```
 */
export function registerKL<P extends Distribution, Q extends Distribution>(
  pClass: DistributionClass<P>,
  qClass: DistributionClass<Q>,
  rule: KLRule<P, Q>,
): void {
  let row = rules.get(pClass);
  if (row === undefined) {
    row = new Map();
    rules.set(pClass, row);
  }
  row.set(qClass, rule as KLRule);
}

function classChain(d: Distribution): DistributionClass[] {
  const chain: DistributionClass[] = [];
  let proto: object | null = Object.getPrototypeOf(d);
  while (proto !== null && proto !== Object.prototype) {
    chain.push((proto as { constructor: DistributionClass }).constructor);
    proto = Object.getPrototypeOf(proto);
  }
  return chain;
}

/**
 * The registered rule for (p, q), or `undefined` when there is none.
 *
 * @example
 * ```ts
 * if (findKLRule(q, p)) console.log("closed-form KL available");
 * ```
 */
export function findKLRule(p: Distribution, q: Distribution): KLRule | undefined {
  const qChain = classChain(q);
  for (const pc of classChain(p)) {
    const row = rules.get(pc);
    if (row === undefined) continue;
    for (const qc of qChain) {
      const rule = row.get(qc);
      if (rule !== undefined) return rule;
    }
  }
  return undefined;
}

/**
 * Whether `kl(p, q)` has a closed form for this pair (structural rules may still find the
 * inner pair missing; `kl` then throws).
 *
 * @example
 * ```ts
 * hasKL(Normal(0, 1), Normal(1, 2)); // true
 * ```
 */
export function hasKL(p: Distribution, q: Distribution): boolean {
  const rule = findKLRule(p, q);
  if (rule === undefined) return false;
  const inner = structural.get(rule);
  return inner === undefined ? true : inner(p, q);
}

// Structural rules (Independent, Expanded) delegate to the rule of the inner pair; each
// registers how to ask whether that inner rule exists.
const structural = new Map<KLRule, (p: Distribution, q: Distribution) => boolean>();

/**
 * Register a structural rule: one that computes KL(p ‖ q) from the KL of inner
 * distributions, with `available` telling whether the inner pair has a rule.
 *
 * @example
 * ```ts
 * registerStructuralKL(IndependentDistribution, IndependentDistribution, klIndependent,
 *   (p, q) => p.reinterpreted === q.reinterpreted && hasKL(p.base, q.base));
 * ```
 */
export function registerStructuralKL<P extends Distribution, Q extends Distribution>(
  pClass: DistributionClass<P>,
  qClass: DistributionClass<Q>,
  rule: KLRule<P, Q>,
  available: (p: P, q: Q) => boolean,
): void {
  registerKL(pClass, qClass, rule);
  structural.set(rule as KLRule, available as (p: Distribution, q: Distribution) => boolean);
}

// Supports known to contain another (by tag). Tags not listed contain only themselves.
const INSIDE: Readonly<Record<string, readonly string[]>> = {
  real: ["real", "positive", "nonNegative", "unitInterval", "interval", "greaterThan", "boolean", "nonNegativeInteger", "integerInterval"],
  nonNegative: ["nonNegative", "positive", "boolean", "nonNegativeInteger"],
  nonNegativeInteger: ["nonNegativeInteger", "boolean"],
  unitInterval: ["unitInterval", "boolean"],
};

/**
 * Whether p's support is known to extend beyond q's (e.g. a real-valued p against a positive
 * q), so that KL(p ‖ q) = +∞. Only decided for supports whose containment the tags settle;
 * otherwise false.
 *
 * @example
 * ```ts
 * supportEscapes(Normal(0, 1), HalfNormal(1)); // true
 * ```
 */
export function supportEscapes(p: Distribution, q: Distribution): boolean {
  const a = p.support.tag;
  const b = q.support.tag;
  if (a === b) return false;
  const known = ["real", "positive", "nonNegative", "unitInterval", "boolean", "nonNegativeInteger"];
  if (!known.includes(a) || !known.includes(b)) return false;
  return !(INSIDE[b] ?? [b]).includes(a);
}

/**
 * KL(p ‖ q) = E_p[log p(x) − log q(x)] in closed form, with the broadcast batch shape of p
 * and q.
 *
 * When no rule is registered but p's support is known to reach outside q's (a real-valued p
 * against a positive q), the result is +∞.
 *
 * @throws {@link KLNotFoundError} naming the pair when no rule is registered
 * @example
 * ```ts
 * kl(Normal(0, 1), Normal(1, 2)).dataSync(); // [0.443]
 * ```
 */
export function kl(p: Distribution, q: Distribution): tf.Tensor {
  const rule = findKLRule(p, q);
  if (rule === undefined && supportEscapes(p, q)) {
    // p puts mass where q has none: KL(p ‖ q) = +∞ whatever the families
    return tf.fill(broadcastShapes("kl", p.batchShape, q.batchShape), Infinity);
  }
  if (rule === undefined) {
    throw new KLNotFoundError(
      "kl",
      `no rule for (${p.name}, ${q.name}); register one with ` +
        `registerKL(${p.constructor.name}, ${q.constructor.name}, (p, q) => ...), ` +
        `or estimate it by Monte Carlo as the mean of p.logProb(x) − q.logProb(x) over x ~ p`,
    );
  }
  return rule(p, q);
}

/**
 * Every registered rule as a pair of class names, in registration order (for documentation
 * and for checking that the README's table matches the code).
 *
 * @example
 * ```ts
 * registeredKLPairs(); // [["NormalDistribution", "NormalDistribution"], …]
 * ```
 */
export function registeredKLPairs(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [p, row] of rules) for (const q of row.keys()) out.push([p.name, q.name]);
  return out;
}

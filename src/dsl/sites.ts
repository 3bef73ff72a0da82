/**
 * Site types: what the typed front end knows about each site at compile time.
 *
 * A site's name and support are carried as phantom types on the messages a program yields;
 * TypeScript unions them into the program's yield type, which `compile` then compares.
 *
 * @module
 */
import type { SupportTag } from "../distributions/constraints.js";
import type { Message, ParamMessage, SampleMessage } from "../core/messages.js";

declare const supportBrand: unique symbol;
declare const observedBrand: unique symbol;

/**
 * A latent site named `N` whose distribution has support `S`.
 *
 * @example
 * ```ts
 * type Z = LatentSite<"z", "real">;
 * ```
 */
export interface LatentSite<N extends string = string, S extends SupportTag = SupportTag> extends SampleMessage {
  /** The site's name, as a string literal type. */
  readonly name: N;
  /** Phantom: the support's type tag (exists only in the type system). */
  readonly [supportBrand]: S;
}

/**
 * An observed site named `N`.
 *
 * @example
 * ```ts
 * type X = ObservedSite<"x">;
 * ```
 */
export interface ObservedSite<N extends string = string> extends SampleMessage {
  /** The site's name, as a string literal type. */
  readonly name: N;
  /** Phantom marker (exists only in the type system). */
  readonly [observedBrand]: true;
}

/**
 * A learnable parameter site named `N`.
 *
 * @example
 * ```ts
 * type Loc = ParamSite<"loc">;
 * ```
 */
export interface ParamSite<N extends string = string> extends ParamMessage {
  /** The parameter's name (its key in the parameter store), as a string literal type. */
  readonly name: N;
}

/** Any site a typed program may yield. */
export type AnySite = Message;

/**
 * The names of the latent sites in a yield type.
 *
 * @example
 * ```ts
 * type N = LatentNames<LatentSite<"z", "real"> | ObservedSite<"x">>; // "z"
 * ```
 */
export type LatentNames<Y> = Y extends LatentSite<infer N, SupportTag> ? N : never;

/**
 * The names of the observed sites in a yield type.
 *
 * @example
 * ```ts
 * type N = ObservedNames<LatentSite<"z", "real"> | ObservedSite<"x">>; // "x"
 * ```
 */
export type ObservedNames<Y> = Y extends ObservedSite<infer N> ? N : never;

/**
 * The support tag of latent site `N` in a yield type.
 *
 * @example
 * ```ts
 * type S = SupportOf<LatentSite<"z", "positive">, "z">; // "positive"
 * ```
 */
export type SupportOf<Y, N extends string> = Y extends LatentSite<infer M, infer S>
  ? N extends M
    ? S
    : never
  : never;

/**
 * Type-level model/guide compatibility: what `compile` refuses at compile time.
 *
 * @module
 */
import type { LatentNames, ObservedNames, SupportOf } from "./sites.js";

/**
 * `true` when the name union `N` includes plain `string` (dynamic names), which switches the
 * static check off; `false` for literal names or `never`.
 *
 * @example
 * ```ts
 * type A = IsDynamic<"z" | "w">; // false
 * type B = IsDynamic<string>; // true
 * ```
 */
export type IsDynamic<N> = [N] extends [never] ? false : string extends N ? true : false;

/**
 * Latent names of the model that the guide does not declare.
 *
 * @example
 * ```ts
 * type M = MissingLatents<LatentSite<"z", "real"> | LatentSite<"w", "real">, LatentSite<"z", "real">>; // "w"
 * ```
 */
export type MissingLatents<MY, GY> = Exclude<LatentNames<MY>, LatentNames<GY>>;

/**
 * Latent names of the guide that the model does not declare as latent.
 *
 * @example
 * ```ts
 * type E = ExtraLatents<LatentSite<"z", "real">, LatentSite<"q", "real">>; // "q"
 * ```
 */
export type ExtraLatents<MY, GY> = Exclude<LatentNames<GY>, LatentNames<MY>>;

/**
 * Latent names whose support differs between model and guide.
 *
 * @example
 * ```ts
 * type S = SupportMismatches<LatentSite<"s", "positive">, LatentSite<"s", "real">>; // "s"
 * ```
 */
export type SupportMismatches<MY, GY> = {
  [N in LatentNames<MY> & LatentNames<GY>]: [SupportOf<MY, N>] extends [SupportOf<GY, N>]
    ? [SupportOf<GY, N>] extends [SupportOf<MY, N>]
      ? never
      : N
    : N;
}[LatentNames<MY> & LatentNames<GY>];

/**
 * A compile error carrying message `T`: an object type whose only property, `"compile error"`,
 * makes the compiler print `T` when a value of another type is passed where it is expected.
 *
 * @example
 * ```ts
 * type E = Msg<"guide misses latent 'w' of the model">;
 * ```
 */
export type Msg<T extends string> = {
  /** The error message, as a string literal type. */
  readonly "compile error": T;
};

/**
 * `unknown` when guide sites `GY` fit model sites `MY`, else an object type whose only
 * property spells out the mistake, so the compiler's message reads e.g.
 * `Property '"compile error"' is missing … "guide misses latent 'w_${number}' of the model"`.
 *
 * Checked: every model latent is in the guide; the guide declares no latent the model lacks
 * (nor one the model observes); each shared latent has the same support.
 *
 * @example
 * ```ts
 * type Ok = GuideFits<LatentSite<"z", "real">, LatentSite<"z", "real">>; // unknown
 * ```
 */
export type GuideFits<MY, GY> =
  IsDynamic<LatentNames<MY> | LatentNames<GY>> extends true
    ? unknown
    : [MissingLatents<MY, GY>] extends [never]
      ? [ExtraLatents<MY, GY> & ObservedNames<MY>] extends [never]
        ? [ExtraLatents<MY, GY>] extends [never]
          ? [SupportMismatches<MY, GY>] extends [never]
            ? unknown
            : Msg<`latent '${SupportMismatches<MY, GY> & string}' has support '${SupportOf<MY, SupportMismatches<MY, GY> & string> & string}' in the model but '${SupportOf<GY, SupportMismatches<MY, GY> & string> & string}' in the guide`>
          : Msg<`guide declares latent '${ExtraLatents<MY, GY> & string}', which the model lacks`>
        : Msg<`guide samples '${ExtraLatents<MY, GY> & ObservedNames<MY> & string}', which the model observes`>
      : Msg<`guide misses latent '${MissingLatents<MY, GY> & string}' of the model`>;

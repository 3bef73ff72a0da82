/**
 * Traces: the record of one run of a program, site by site.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { Distribution } from "../distributions/distribution.js";
import { ModelStructureError } from "../errors.js";
import type { PlateFrame, SampleMessage, SiteInfer } from "./messages.js";

/**
 * One recorded random choice.
 *
 * @example
 * ```ts
 * const site = trace.get("z")!;
 * site.fn.logProb(site.value);
 * ```
 */
export interface TraceSite {
  /** The site's name, unique within the trace. */
  readonly name: string;
  /** The site's distribution. */
  readonly fn: Distribution;
  /** The value the site took in this run: observed data or a draw. */
  readonly value: tf.Tensor;
  /** Whether `value` is data (an `observe` site, or a condition) rather than a draw. */
  readonly isObserved: boolean;
  /** Multiplier of the site's log-density (size / subsampleSize of its plates, `scale` handlers). */
  readonly scale: number;
  /** Enclosing plates, innermost first, as they were when the site ran. */
  readonly plates: readonly PlateFrame[];
  /** Options for the objective, e.g. whether to force the Monte Carlo KL. */
  readonly infer: SiteInfer;
}

/**
 * The sample sites of one run, in execution order, keyed by name.
 *
 * @example
 * ```ts
 * const t = new Trace();
 * for (const site of t.sites()) console.log(site.name);
 * ```
 */
export class Trace {
  private readonly byName = new Map<string, TraceSite>();

  /** Record a sample message; a name seen twice is an error. */
  add(msg: SampleMessage): void {
    if (this.byName.has(msg.name)) {
      throw new ModelStructureError(
        `site '${msg.name}'`,
        "the name is used twice in one run; each sample site needs a unique name",
      );
    }
    this.byName.set(msg.name, {
      name: msg.name,
      fn: msg.fn,
      value: msg.value!,
      isObserved: msg.isObserved,
      scale: msg.scale,
      plates: msg.plates.slice(),
      infer: msg.infer,
    });
  }

  /** The site called `name`, if any. */
  get(name: string): TraceSite | undefined {
    return this.byName.get(name);
  }

  /** Whether a site called `name` was recorded. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** All sites in execution order. */
  sites(): IterableIterator<TraceSite> {
    return this.byName.values();
  }

  /** Names of the sites in execution order. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}

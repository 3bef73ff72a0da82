/**
 * Running a fast-check property so that a failure surfaces the kit's own message.
 *
 * @module
 */
import * as fc from "fast-check";
import { PropertyFailure } from "./property-failure.js";

/**
 * Run `property` with a fixed seed; on failure, rethrow the (shrunk) {@link PropertyFailure}
 * with fast-check's replay information added, or fast-check's report for any other error.
 *
 * @example
 * ```ts
 * runProperty(fc.property(fc.integer(), (n) => expectProperty(n * 0 === 0, "…", { check: "demo" })), { seed: 1, numRuns: 10 });
 * ```
 */
export function runProperty<T>(property: fc.IProperty<T>, settings: { seed: number; numRuns: number }): void {
  const result = fc.check(property, { seed: settings.seed, numRuns: settings.numRuns });
  if (!result.failed) return;
  const replay = `replay with fast-check { seed: ${result.seed}, path: "${result.counterexamplePath}" } after ${result.numRuns} run(s)`;
  const inner = result.errorInstance;
  if (inner instanceof PropertyFailure) {
    const d = inner.details;
    throw new PropertyFailure(inner.message.split("\n")[0]!.replace(`${d.check}: `, ""), {
      ...d,
      note: d.note === undefined ? replay : `${d.note}; ${replay}`,
    });
  }
  const report = fc.defaultReportMessage(result) ?? "property failed";
  throw new Error(`${report}\nGot error: ${inner instanceof Error ? inner.message : String(inner)}`, { cause: inner });
}

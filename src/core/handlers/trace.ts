/**
 * The trace handler: records every sample site of a run.
 *
 * @module
 */
import type { Handler } from "../handler.js";
import { Trace } from "../trace.js";

/**
 * Record each sample site, after its value is known, into `trace`.
 *
 * @example
 * ```ts
 * const t = new Trace();
 * run(program, args, [traceHandler(t)]);
 * t.get("z")!.value;
 * ```
 */
export function traceHandler(trace: Trace): Handler {
  return {
    postprocess(msg) {
      if (msg.type === "sample") trace.add(msg);
    },
  };
}

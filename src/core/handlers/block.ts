/**
 * The block handler: hide sites from the handlers outside it.
 *
 * @module
 */
import type { Handler } from "../handler.js";
import type { StackMessage } from "../messages.js";

/**
 * Hide the messages for which `hide(msg)` is true (all, by default) from the handlers before
 * this one in the stack, e.g. to keep a sub-computation out of a trace.
 *
 * @example
 * ```ts
 * run(model, args, [traceHandler(t), blockHandler((m) => m.name === "noise")]);
 * ```
 */
export function blockHandler(hide: (msg: StackMessage) => boolean = () => true): Handler {
  return {
    process(msg) {
      if (hide(msg)) msg.stop = true;
    },
  };
}

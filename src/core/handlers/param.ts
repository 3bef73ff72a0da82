/**
 * The param handler: resolve `param` sites from a parameter store.
 *
 * @module
 */
import type { Handler } from "../handler.js";
import type { ParamStore } from "../param-store.js";

/**
 * Give each `param` site its value from `store`, creating it from its initial value the first
 * time.
 *
 * @example
 * ```ts
 * run(guide, args, [paramHandler(store)]);
 * ```
 */
export function paramHandler(store: ParamStore): Handler {
  return {
    process(msg) {
      if (msg.type !== "param" || msg.value !== undefined) return;
      msg.value =
        msg.variable !== undefined
          ? store.addVariable(msg.name, msg.variable)
          : store.get(msg.name, msg.init, msg.constraint);
    },
  };
}

/**
 * The handler interface and `applyStack`, the whole of the effect-handler mechanism.
 *
 * @module
 */
import type { StackMessage } from "./messages.js";

/**
 * An effect handler: it may change a message on its way up (`process`) and read the result
 * on its way back (`postprocess`). Each built-in handler overrides one hook.
 *
 * @example
 * ```ts
 * const logger: Handler = { postprocess: (msg) => console.log(msg.name) };
 * ```
 */
export interface Handler {
  /** Called on the way up the stack, before the message has a default value; may set `msg.value` or `msg.stop`. */
  process?(msg: StackMessage): void;
  /** Called on the way back down, after the message has its value; typically records it. */
  postprocess?(msg: StackMessage): void;
}

/**
 * Send `msg` up the stack (last handler first), give it its default value if no handler set
 * one, then back down to each handler that saw it.
 *
 * A handler that sets `msg.stop` hides the message from the handlers before it in the stack.
 *
 * @param defaultProcess - fills in the value (draws a sample, creates a parameter)
 * @example
 * ```ts
 * applyStack(msg, [traceHandler, replayHandler], drawDefault);
 * ```
 */
export function applyStack(
  msg: StackMessage,
  stack: readonly Handler[],
  defaultProcess: (msg: StackMessage) => void,
): void {
  let top = stack.length - 1;
  for (; top >= 0; top--) {
    stack[top]!.process?.(msg);
    if (msg.stop) break;
  }
  if (msg.value === undefined) defaultProcess(msg);
  for (let i = Math.max(top, 0); i < stack.length; i++) stack[i]!.postprocess?.(msg);
}

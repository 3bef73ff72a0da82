/**
 * The effect-handler core: messages, the handler stack, handlers, traces and parameters.
 *
 * @module
 */
export type { Message, SampleMessage, ParamMessage, PlateMessage, ScopeMessage, PlateFrame, SiteInfer, StackMessage } from "./messages.js";
export { applyStack, type Handler } from "./handler.js";
export { run, type Program } from "./run.js";
export { Trace, type TraceSite } from "./trace.js";
export { ParamStore, nameParameter, parameterName } from "./param-store.js";
export { traceHandler } from "./handlers/trace.js";
export { replayHandler } from "./handlers/replay.js";
export { conditionHandler } from "./handlers/condition.js";
export { scaleHandler } from "./handlers/scale.js";
export { seedHandler } from "./handlers/seed.js";
export { blockHandler } from "./handlers/block.js";
export { plateHandler } from "./handlers/plate.js";
export { paramHandler } from "./handlers/param.js";
export { unobserveHandler } from "./handlers/unobserve.js";
export { substituteHandler } from "./handlers/substitute.js";
export { maskHandler } from "./handlers/mask.js";

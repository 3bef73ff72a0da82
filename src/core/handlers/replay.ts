/**
 * The replay handler: reuse the values of another trace (the guide's) at latent sites.
 *
 * @module
 */
import { ShapeError } from "../../errors.js";
import { formatShape, tryBroadcastShapes, shapesEqual } from "../../math/shape.js";
import type { Handler } from "../handler.js";
import type { Trace } from "../trace.js";

/**
 * At each latent site of the model found in `guideTrace`, use the guide's value, checking
 * that its shape fits the model's distribution.
 *
 * @example
 * ```ts
 * run(model, args, [traceHandler(modelTrace), replayHandler(guideTrace)]);
 * ```
 */
export function replayHandler(guideTrace: Trace): Handler {
  return {
    process(msg) {
      if (msg.type !== "sample" || msg.isObserved) return;
      const site = guideTrace.get(msg.name);
      if (site === undefined) return;
      const expected = msg.fn.shape();
      const got = site.value.shape;
      const event = msg.fn.eventShape;
      const gotEvent = got.slice(got.length - event.length);
      const batchFits = tryBroadcastShapes(got, expected) !== undefined;
      if (got.length < event.length || !shapesEqual(gotEvent, event) || !batchFits) {
        throw new ShapeError(
          `site '${msg.name}'`,
          `the guide's value has shape ${formatShape(got)}, but the model's ${msg.fn.name} expects ` +
            `${formatShape(expected)} (batch ${formatShape(msg.fn.batchShape)}, event ${formatShape(event)})`,
        );
      }
      msg.value = site.value;
    },
  };
}

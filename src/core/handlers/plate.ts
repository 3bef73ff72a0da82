/**
 * The plate handler: mark a batch dimension as conditionally independent, scale subsamples.
 *
 * @module
 */
import { ShapeError } from "../../errors.js";
import { formatShape } from "../../math/shape.js";
import type { Handler } from "../handler.js";
import type { PlateFrame } from "../messages.js";

/**
 * Inside a plate, each sample site is scaled by size / subsampleSize and must have the plate's
 * subsample size (or 1) at the plate's batch dimension.
 *
 * @example
 * ```ts
 * plateHandler({ name: "data", size: 9000, subsampleSize: 128, dim: -1 });
 * ```
 */
export function plateHandler(frame: PlateFrame): Handler {
  const factor = frame.size / frame.subsampleSize;
  return {
    process(msg) {
      if (msg.type !== "sample") return;
      const batch = msg.fn.batchShape;
      const k = batch.length + frame.dim;
      const d = k >= 0 ? batch[k]! : 1;
      if (d !== frame.subsampleSize && d !== 1) {
        throw new ShapeError(
          `site '${msg.name}'`,
          `inside plate '${frame.name}' (size ${frame.subsampleSize} at batch dim ${frame.dim}) its ` +
            `batch shape is ${formatShape(batch)}, which has ${d} there; ` +
            `use .expand or .toEvent so that dim ${frame.dim} is ${frame.subsampleSize}`,
        );
      }
      msg.plates.push(frame);
      msg.scale *= factor;
    },
  };
}

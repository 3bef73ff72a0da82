/**
 * The interpreter: drive a generator program, sending each yielded message through the
 * handler stack and the result back into the program.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import { checkConstraint } from "../distributions/validation.js";
import { ModelStructureError, ShapeError } from "../errors.js";
import { formatShape, shapesEqual, tryBroadcastShapes } from "../math/shape.js";
import { applyStack, type Handler } from "./handler.js";
import type { Message, PlateFrame, SampleMessage, StackMessage } from "./messages.js";
import { plateHandler } from "./handlers/plate.js";

/**
 * A program: a generator function of its arguments that yields messages and returns a result.
 *
 * The typed front end (`model`, `guide`) builds these; the type parameter `Y` records the
 * sites a program declares.
 */
export type Program<A, Y extends Message = Message, R = unknown> = (args: A) => Generator<Y, R, unknown>;

function checkObserved(msg: SampleMessage): void {
  const value = msg.value!;
  const expected = msg.fn.shape();
  const event = msg.fn.eventShape;
  const gotEvent = value.shape.slice(value.rank - event.length);
  const fits =
    value.rank >= event.length &&
    shapesEqual(gotEvent, event) &&
    tryBroadcastShapes(value.shape, expected) !== undefined;
  if (!fits) {
    throw new ShapeError(
      `observe '${msg.name}'`,
      `value has shape ${formatShape(value.shape)}, expected ${formatShape(expected)} ` +
        `(batch ${formatShape(msg.fn.batchShape)} + event ${formatShape(event)} of ${msg.fn.name})`,
    );
  }
  checkConstraint(`observe '${msg.name}'`, "value", value, msg.fn.support);
}

function defaultProcess(msg: StackMessage): void {
  if (msg.type === "sample") {
    const seed = msg.seed;
    msg.value = msg.fn.hasRsample ? msg.fn.rsample([], seed) : msg.fn.sample([], seed);
  } else {
    msg.value = msg.variable ?? msg.init();
  }
}

const MESSAGE_TYPES = new Set(["sample", "param", "plate", "scope"]);

function isMessage(x: unknown): x is Message {
  return x !== null && typeof x === "object" && MESSAGE_TYPES.has((x as { type?: string }).type ?? "");
}

function describeYield(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === "object" && typeof (x as { next?: unknown }).next === "function") return "a generator";
  return typeof x === "object" ? "an object" : `${typeof x} ${String(x)}`;
}

/**
 * Run `program(args)` under `handlers` (the last handler sees each message first) and return
 * its result. Plates entered by the program push their handler for the duration of the plate.
 *
 * Observed values are checked here, once, against the site's shape and support.
 *
 * @example
 * ```ts
 * const t = new Trace();
 * run(myModel.program, { x }, [traceHandler(t), seedHandler(0)]);
 * ```
 */
export function run<A, R>(program: Program<A, Message, R>, args: A, handlers: readonly Handler[]): R {
  const stack: Handler[] = [...handlers];
  const plates: PlateFrame[] = [];
  const gen = program(args);
  if (gen === null || typeof gen !== "object" || typeof (gen as { next?: unknown }).next !== "function") {
    throw new ModelStructureError(
      "run",
      `a program must be a generator function (function* …), but it returned ${gen === null ? "null" : typeof gen}`,
    );
  }
  let step = gen.next();
  while (!step.done) {
    const msg = step.value;
    if (!isMessage(msg)) {
      throw new ModelStructureError(
        "run",
        `a program yielded ${describeYield(msg)}, not a site; write \`yield* latent(...)\` (with the *) for every primitive`,
      );
    }
    let reply: tf.Tensor | undefined;
    if (msg.type === "scope") {
      if (msg.phase === "enter") stack.push(msg.handler);
      else {
        const at = stack.lastIndexOf(msg.handler);
        if (at >= 0) stack.splice(at, 1);
      }
    } else if (msg.type === "plate") {
      if (msg.phase === "enter") {
        const dim = msg.dim ?? -1 - plates.length;
        if (plates.some((p) => p.dim === dim || p.name === msg.name)) {
          throw new ShapeError(
            `plate '${msg.name}'`,
            `its name or batch dim ${dim} is already used by an enclosing plate ` +
              `(${plates.map((p) => `'${p.name}' at dim ${p.dim}`).join(", ")})`,
          );
        }
        const frame: PlateFrame = { name: msg.name, size: msg.size, subsampleSize: msg.subsampleSize, dim };
        plates.push(frame);
        stack.push(plateHandler(frame));
      } else {
        plates.pop();
        stack.pop();
      }
    } else {
      applyStack(msg, stack, defaultProcess);
      if (msg.type === "sample" && msg.isObserved) checkObserved(msg);
      reply = msg.value;
    }
    step = gen.next(reply);
  }
  return step.value;
}

/**
 * How a message travels through the handler stack, printed (docs/core-walkthrough.md).
 *
 *   npx tsx examples/run.ts docs/handlers
 */
import * as path from "node:path";
import {
  blockHandler, guide, latent, model, Normal, observe, param, ParamStore, paramHandler, replayHandler, run,
  seedHandler, tf, Trace, traceHandler, useBackend, type Handler, type StackMessage,
} from "latent";

// A handler that only prints what it sees.
function logger(label: string): Handler {
  const show = (msg: StackMessage) =>
    msg.type === "sample"
      ? `${msg.type} '${msg.name}' value ${msg.value === undefined ? "unset" : "set"}, seed ${msg.seed ?? "unset"}`
      : `${msg.type} '${msg.name}' value ${msg.value === undefined ? "unset" : "set"}`;
  return {
    process: (msg) => console.log(`  ${label}.process      ${show(msg)}`),
    postprocess: (msg) => console.log(`  ${label}.postprocess  ${show(msg)}`),
  };
}

const tiny = model(function* () {
  const loc = yield* param("loc", 0.5);
  const z = yield* latent("z", Normal(loc, 1));
  yield* observe("x", Normal(z, 1), 2);
});

const q = guide(tiny, function* () {
  yield* latent("z", Normal(1, 0.5));
});

export async function main(): Promise<void> {
  await useBackend("cpu");
  const store = new ParamStore();

  console.log("1. The last handler in the list sees each message first:");
  const t = new Trace();
  run(tiny.program, {}, [logger("A"), traceHandler(t), logger("B"), seedHandler(0), paramHandler(store)]);
  console.log(`   trace: ${t.names().join(", ")}`);

  console.log("\n2. A handler that sets msg.stop hides the message from the handlers before it:");
  run(tiny.program, {}, [logger("A"), blockHandler((m) => m.name === "x"), logger("B"), seedHandler(0), paramHandler(store)]);

  console.log("\n3. Replay: the model takes the guide's value of z");
  const guideTrace = new Trace();
  run(q.program, {}, [traceHandler(guideTrace), seedHandler(1)]);
  const modelTrace = new Trace();
  run(tiny.program, {}, [traceHandler(modelTrace), paramHandler(store), replayHandler(guideTrace), seedHandler(2)]);
  const zq = guideTrace.get("z")!.value.dataSync()[0]!;
  const zp = modelTrace.get("z")!.value.dataSync()[0]!;
  console.log(`   guide z = ${zq.toFixed(4)}, model z = ${zp.toFixed(4)}, same tensor: ${guideTrace.get("z")!.value === modelTrace.get("z")!.value}`);
  for (const site of modelTrace.sites()) {
    const lp = tf.tidy(() => tf.sum(site.fn.logProb(site.value)).dataSync()[0]!);
    console.log(`   model site '${site.name}': ${site.isObserved ? "observed" : "latent"}, log p = ${lp.toFixed(4)}`);
  }
  store.dispose();
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

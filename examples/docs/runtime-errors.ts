/**
 * The run-time checks of docs/models-and-guides.md, each triggered on purpose. Every message
 * quoted in that guide is printed here, and this file fails (exit status 1) if a message
 * changes, so the guide cannot silently go stale.
 *
 *   npx tsx examples/run.ts docs/runtime-errors
 */
import * as path from "node:path";
import {
  Bernoulli, compile, guide, latent, LatentError, mlp, model, Normal, observe, param, plate, tf, useBackend,
} from "latent";

function expectError(expected: string, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof LatentError || e instanceof Error)) throw e;
    console.log(`${e.name}: ${e.message}\n`);
    if (!e.message.startsWith(expected)) {
      throw new Error(`runtime-errors: expected a message starting with\n  ${expected}\ngot\n  ${e.message}`);
    }
    return;
  }
  throw new Error(`runtime-errors: expected an error starting with '${expected}', but nothing was thrown`);
}

export async function main(): Promise<void> {
  await useBackend("cpu");

  // 1. Observed data of the wrong shape, and outside the support.
  const pixels = model(function* ({ x }: { x: tf.Tensor2D }) {
    yield* observe("x", Bernoulli({ probs: 0.5 }).expand([4, 8]).toEvent(1), x);
  });
  const none = guide(pixels, function* () {});
  expectError(
    "observe 'x': value has shape [4,7], expected [4,8] (batch [4] + event [8] of Independent(Bernoulli))",
    () => compile(pixels, none).step({ x: tf.zeros([4, 7]) as tf.Tensor2D }),
  );
  expectError(
    "observe 'x': value must be 0 or 1, got 2 at [0,0]",
    () => compile(pixels, none).step({ x: tf.fill([4, 8], 2) as tf.Tensor2D }),
  );

  // 2. A parameter outside its constraint, and parameters that do not broadcast.
  expectError("Normal: 'scale' must be positive, got -1", () => Normal(0, -1));
  expectError("Normal: shapes [3], [4] do not broadcast", () => Normal(tf.zeros([3]), tf.ones([4])));
  expectError("Normal.expand: batch shape [3] cannot be expanded to [2]", () => Normal([0, 0, 0], 1).expand([2]));
  expectError("Normal.toEvent: n must be an integer in [0, 0] (the batch rank of batchShape []), got 1", () => Normal(0, 1).toEvent(1));

  // 3. The guide's value does not have the model's shape.
  const vector = model(function* () {
    yield* latent("z", Normal(0, 1).expand([3]).toEvent(1));
  });
  const wrongSize = guide(vector, function* () {
    yield* latent("z", Normal(tf.zeros([4]), 1).toEvent(1));
  });
  expectError(
    "site 'z': the guide's value has shape [4], but the model's Independent(Normal) expects [3] (batch [], event [3])",
    () => compile(vector, wrongSize).step({}),
  );

  // 4. A site inside a plate whose batch dimension is not the plate's size.
  const plated = model(function* ({ x }: { x: tf.Tensor1D }) {
    const z = yield* latent("z", Normal(0, 1));
    yield* plate("data", x.shape[0], function* () {
      yield* observe("x", Normal(z, 1).expand([3]), tf.zeros([3]));
    });
  });
  const plainZ = guide(plated, function* () {
    yield* latent("z", Normal(0, 1));
  });
  expectError(
    "site 'x': inside plate 'data' (size 5 at batch dim -1) its batch shape is [3], which has 3 there; " +
      "use .expand or .toEvent so that dim -1 is 5",
    () => compile(plated, plainZ).step({ x: tf.zeros([5]) as tf.Tensor1D }),
  );

  // 5. Structure errors the type checker cannot see: names that are plain strings.
  const dynamic = (s: string): string => s;
  const dyn = model(function* () {
    yield* latent(dynamic("z"), Normal(0, 1));
    yield* observe("x", Normal(0, 1), tf.scalar(0.3));
  });
  expectError(
    "compile: guide has no site 'z', which the model declares latent (Normal)",
    () => compile(dyn, guide(dyn, function* () {})).step({}),
  );
  const extra = guide(dyn, function* () {
    yield* latent(dynamic("z"), Normal(0, 1));
    yield* latent(dynamic("w"), Normal(0, 1));
  });
  expectError("compile: guide has site 'w', which the model lacks", () => compile(dyn, extra).step({}));
  const samplesX = guide(dyn, function* () {
    yield* latent(dynamic("z"), Normal(0, 1));
    yield* latent(dynamic("x"), Normal(0, 1));
  });
  expectError("compile: guide samples 'x', which the model observes", () => compile(dyn, samplesX).step({}));
  const twice = guide(dyn, function* () {
    yield* latent(dynamic("z"), Normal(0, 1));
    yield* latent(dynamic("z"), Normal(0, 1));
  });
  expectError(
    "site 'z': the name is used twice in one run; each sample site needs a unique name",
    () => compile(dyn, twice).step({}),
  );

  // 6. A network whose weights were never declared with module().
  const net = mlp([1, 3, 1]);
  const forgot = model(function* ({ x }: { x: tf.Tensor2D }) {
    const z = yield* latent("z", Normal(0, 1).expand([x.shape[0], 1]).toEvent(1));
    yield* observe("x", Normal(net(z), 1).toEvent(1), x);
  });
  const fixedZ = guide(forgot, function* ({ x }) {
    yield* latent("z", Normal(tf.zeros([x.shape[0], 1]), 1).toEvent(1));
  });
  expectError(
    "step: the loss depends on variable(s)",
    () => compile(forgot, fixedZ).step({ x: tf.zeros([2, 1]) as tf.Tensor2D }),
  );

  // 7. A loss that is not finite: nothing is updated, and the first bad site is named.
  const gauss = model(function* ({ x }: { x: tf.Tensor1D }) {
    const z = yield* latent("z", Normal(0, 1));
    yield* observe("x", Normal(z, 1).expand([x.shape[0]]), x);
  });
  const learned = guide(gauss, function* () {
    const loc = yield* param("loc", 0);
    yield* latent("z", Normal(loc, 1));
  });
  const svi = compile(gauss, learned);
  svi.step({ x: tf.tensor1d([1]) });
  expectError(
    "step 2: loss is Infinity; site 'x' (log-likelihood, Normal): range [-Infinity, -Infinity]; the parameters were not updated",
    () => svi.step({ x: tf.tensor1d([1e30]) }), // finite data, but its square overflows float32
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

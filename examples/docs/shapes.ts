/**
 * Batch, event and sample shapes, printed (docs/models-and-guides.md, "Shapes").
 *
 *   npx tsx examples/run.ts docs/shapes
 */
import * as path from "node:path";
import { Distribution, Normal, tf, useBackend } from "latent";

function show(label: string, d: Distribution, sampleShape: number[] = []): void {
  const x = d.sample(sampleShape, 0);
  const lp = d.logProb(x);
  console.log(
    `${label.padEnd(32)} batch ${JSON.stringify(d.batchShape).padEnd(9)} event ${JSON.stringify(d.eventShape).padEnd(9)}` +
      `sample(${JSON.stringify(sampleShape)}) ${JSON.stringify(x.shape).padEnd(11)}logProb ${JSON.stringify(lp.shape)}`,
  );
  tf.dispose([x, lp]);
}

export async function main(): Promise<void> {
  await useBackend("cpu");
  show("Normal(0, 1)", Normal(0, 1));
  show("Normal(0, 1).expand([128, 20])", Normal(0, 1).expand([128, 20]));
  show("  .toEvent(1)", Normal(0, 1).expand([128, 20]).toEvent(1));
  show("  .toEvent(2)", Normal(0, 1).expand([128, 20]).toEvent(2));
  show("  .toEvent(1), 5 draws", Normal(0, 1).expand([128, 20]).toEvent(1), [5]);
  show("Normal(tf.zeros([3]), 1)", Normal(tf.zeros([3]), 1));
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

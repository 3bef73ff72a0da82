/**
 * Run an example by name:
 *
 *   npx tsx examples/run.ts NAME [args…]     (or: npm run example -- NAME [args…])
 *
 * NAME is a file of examples/ without `.ts` (`coin`, `vae-mnist`) or of examples/docs/
 * (`docs/plates`). The example runs in this process with `args` as its command line, exactly
 * as `npx tsx examples/NAME.ts args…` would run it. Without a NAME, or with an unknown one, the
 * runner lists the available names and exits with status 1.
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The runnable examples: `examples/*.ts` and `examples/docs/*.ts`, by name, sorted. */
export function exampleNames(): string[] {
  const inDir = (dir: string, prefix: string): string[] =>
    !existsSync(path.join(here, dir)) ? [] : readdirSync(path.join(here, dir), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
      .map((e) => prefix + e.name.slice(0, -3));
  const top = inDir(".", "").filter((n) => n !== "run");
  const docs = inDir("docs", "docs/");
  return [...top.sort(), ...docs.sort()];
}

function usage(problem: string): never {
  const names = exampleNames();
  console.error(`examples/run.ts: ${problem}`);
  console.error("usage: npx tsx examples/run.ts NAME [args…]");
  console.error(`available examples (${names.length}):`);
  for (const n of names) console.error(`  ${n}`);
  process.exit(1);
}

async function runExample(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name === "" || name.startsWith("-")) usage("missing NAME: which example to run");
  if (!exampleNames().includes(name)) usage(`unknown example '${name}'`);
  const file = path.join(here, `${name}.ts`);
  // The examples run their main when they are the script node was started with; make this
  // file look like that script, with the example's own arguments.
  process.argv = [process.argv[0]!, file, ...args];
  await import(pathToFileURL(file).href);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runExample(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

// Every example runs, in a short form, so that none can rot: the small ones in this process
// through their exported `main`, the MNIST VAE demo as a child process through
// examples/run.ts (1 epoch on 500 digits), whose PNG files must exist and decode. The guides
// in docs/ may only show TypeScript that a type-checked file contains, checked at the end.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { exampleNames } from "../../examples/run.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx tsx examples/run.ts …args` from the repository root, without npx's start-up cost. */
function runner(args: string[], timeoutMs = 50_000): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsx, "examples/run.ts", ...args], { cwd: root, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Run `f` with console.log collected; returns what it printed. */
async function printed(f: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  await f();
  return lines.join("\n");
}

afterEach(() => {
  vi.restoreAllMocks();
});

// Each example but the demo, in a short form, and a line its output must contain.
const shortForms: Record<string, { run: () => Promise<unknown>; prints: string | RegExp }> = {
  coin: {
    run: async () => (await import("../../examples/coin.js")).main(["--steps", "150", "--lr", "0.05"]),
    prints: /P\(heads\), E\[p\] +0\.\d+ +0\.688/,
  },
  "skew-normal": {
    // a library file (a user-defined distribution): load it and use it
    run: async () => {
      const { skewNormal } = await import("../../examples/skew-normal.js");
      const { tf } = await import("latent");
      const d = skewNormal(0, 1, 3);
      const lp = tf.tidy(() => tf.sum(d.logProb(d.sample([100], 1))).dataSync()[0]!);
      console.log(`skew-normal log-likelihood of 100 draws: ${lp}`);
      expect(Number.isFinite(lp)).toBe(true);
    },
    prints: "skew-normal log-likelihood",
  },
  "docs/backends": {
    run: async () => (await import("../../examples/docs/backends.js")).main(["--steps", "1", "--batch", "4", "--backends", "wasm,cpu"]),
    prints: "cpu  batch 4, validation off",
  },
  "docs/compile-errors": {
    run: async () => (await import("../../examples/docs/compile-errors.js")).main(),
    prints: "ModelStructureError: compile: guide has no site 'z'",
  },
  "docs/handlers": {
    run: async () => (await import("../../examples/docs/handlers.js")).main(),
    prints: "same tensor: true",
  },
  "docs/objectives": {
    run: async () => (await import("../../examples/docs/objectives.js")).main(["--draws", "20"]),
    prints: "log p(x)",
  },
  "docs/runtime-errors": {
    run: async () => (await import("../../examples/docs/runtime-errors.js")).main(),
    prints: "NonFiniteError: step 2: loss is Infinity",
  },
  "docs/shapes": {
    run: async () => (await import("../../examples/docs/shapes.js")).main(),
    prints: "sample([5]) [5,128,20]",
  },
  "docs/sites": {
    run: async () => (await import("../../examples/docs/sites.js")).main(["--epochs", "1", "--batch", "500"]),
    prints: "posterior mean of w",
  },
  "docs/vae-math": {
    run: async () => (await import("../../examples/docs/vae-math.js")).main(),
    prints: "kl(q, p) 0.63815",
  },
};

describe("examples", () => {
  // The demo runs as a child process alongside the in-process examples.
  const out = mkdtempSync(path.join(tmpdir(), "latent-demo-"));
  let demo: Promise<Exit>;
  beforeAll(() => {
    demo = runner(["vae-mnist", "--epochs", "1", "--train", "500", "--out", out]);
  });

  it("every example has a short form here (add one for a new example)", () => {
    expect(exampleNames().filter((n) => n !== "vae-mnist").sort()).toEqual(Object.keys(shortForms).sort());
  });

  it.each(Object.keys(shortForms))("%s runs", async (name) => {
    const { run, prints } = shortForms[name]!;
    const text = await printed(run);
    expect(text).toMatch(prints);
  });

  it("the runner lists the examples when the name is missing or unknown", async () => {
    const [none, unknown] = await Promise.all([runner([]), runner(["no-such-example"])]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("missing NAME");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown example 'no-such-example'");
    for (const name of exampleNames()) expect(unknown.stderr).toContain(`  ${name}\n`);
  });

  it("vae-mnist trains for an epoch on 500 digits and writes three valid PNG pictures", async () => {
    const { code, stdout, stderr } = await demo;
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/held-out ELBO: -\d+\.\d+ nats per example/);
    for (const [file, width, height] of [
      ["samples.png", 8, 8],
      ["reconstructions.png", 8, 4],
      ["interpolation.png", 10, 1],
    ] as const) {
      const png = PNG.sync.read(readFileSync(path.join(out, file)));
      // a grid of 28×28 digits drawn at zoom 2 with 2-pixel gaps (examples/lib/images.ts)
      expect([png.width, png.height], file).toEqual([width * 58 + 2, height * 58 + 2]);
    }
    expect(statSync(path.join(out, "vae.ckpt.json")).size).toBeGreaterThan(0);
  });
});

// ---- the guides quote real code --------------------------------------------------------------
const guides = [
  "getting-started.md", "vae.md", "models-and-guides.md", "objectives.md", "performance.md", "core-walkthrough.md",
  "how-latent-is-tested.md",
];

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

const norm = (text: string): string[] => text.split("\n").map((l) => l.trim()).filter((l) => l !== "");

// Where the lines of `chunk` occur, in order and contiguous (blank lines and indentation
// ignored), in `lines` from `from` on; -1 when they do not.
function find(lines: string[], chunk: string[], from: number): number {
  for (let i = from; i + chunk.length <= lines.length; i++) {
    if (chunk.every((l, j) => lines[i + j] === l)) return i + chunk.length;
  }
  return -1;
}

describe("docs", () => {
  const sources = ["examples", "src", "test"].flatMap(tsFiles).map((f) => ({ f, lines: norm(readFileSync(path.join(root, f), "utf8")) }));
  it.each(guides)("every ```ts block of docs/%s is quoted from a type-checked file", (guide) => {
    const text = readFileSync(path.join(root, "docs", guide), "utf8");
    const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    for (const block of blocks) {
      // a line `// …` elides code: the pieces around it must appear in one file, in order
      const pieces = block.split(/^\s*\/\/ …\s*$/m).map(norm).filter((p) => p.length > 0);
      const found = sources.find(({ lines }) => {
        let at = 0;
        for (const p of pieces) if ((at = find(lines, p, at)) < 0) return false;
        return true;
      });
      expect(found, `docs/${guide}: this block is in no file of examples/, src/ or test/:\n${block}`).toBeDefined();
    }
  });
});

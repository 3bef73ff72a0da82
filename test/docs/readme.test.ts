// The README's lists of distributions and KL rules are checked against the code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as latent from "latent";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

function listBetween(marker: string): string[] {
  const m = new RegExp(`<!-- ${marker} -->\\n([^<]*)\\n<!-- /${marker} -->`).exec(readme);
  if (!m) throw new Error(`README.md has no <!-- ${marker} --> list`);
  return m[1]!.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

describe("README.md matches the code", () => {
  it("lists exactly the distribution factories latent exports", () => {
    const exported = Object.entries(latent)
      .filter(([name, value]) => {
        if (typeof value !== "function" || !/^[A-Z]/.test(name)) return false;
        const cls = (latent as Record<string, unknown>)[`${name}Distribution`];
        return typeof cls === "function" && (cls as { prototype: unknown }).prototype instanceof latent.Distribution;
      })
      .map(([name]) => name)
      .sort();
    expect(listBetween("distributions").sort()).toEqual(exported);
  });

  it("lists exactly the registered KL rules", () => {
    const pairs = latent.registeredKLPairs().map(([p, q]) => `${p.replace(/Distribution$/, "") || "any"}‖${q.replace(/Distribution$/, "") || "any"}`);
    expect(listBetween("kl").sort()).toEqual(pairs.sort());
  });
});

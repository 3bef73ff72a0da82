/**
 * A tiny command-line parser for the examples: `--name value` and `--name=value`.
 */

/** Parse `argv` into numbers and strings, checking names against `defaults`. */
export function parseArgs<T extends Record<string, number | string>>(argv: string[], defaults: T): T {
  const out: Record<string, number | string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument '${arg}'; options look like --epochs 10`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (!(name in defaults)) {
      throw new Error(`unknown option '--${name}'; known: ${Object.keys(defaults).map((k) => `--${k}`).join(", ")}`);
    }
    if (raw === undefined) throw new Error(`option '--${name}' needs a value`);
    if (typeof defaults[name] === "number") {
      const v = Number(raw);
      if (!Number.isFinite(v)) throw new Error(`option '--${name}' expects a number, got '${raw}'`);
      out[name] = v;
    } else {
      out[name] = raw;
    }
  }
  return out as T;
}

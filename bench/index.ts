/**
 * `npm run bench` (= `tsx bench/index.ts`): run every benchmark in turn.
 */
import { main as vaeDslVsTfjs } from "./vae-dsl-vs-tfjs.js";

try {
  await vaeDslVsTfjs();
} catch (e: unknown) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
}

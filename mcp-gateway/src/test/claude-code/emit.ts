// Writes each fixture as <name>.json into the directory given as the first argument.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { answers, inputs } from "./fixtures.js";

const out = process.argv[2];
mkdirSync(out, { recursive: true });
for (const [name, value] of Object.entries({ ...inputs, ...Object.fromEntries(Object.entries(answers).map(([k, v]) => ["answer-" + k, v])) })) {
  writeFileSync(join(out, name + ".json"), JSON.stringify(value, null, 2));
}
console.log(`wrote ${Object.keys(inputs).length + Object.keys(answers).length} fixtures to ${out}`);

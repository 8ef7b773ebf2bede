// Prints action.yml's composite steps as a reusable workflow (its inputs as workflow_call
// inputs, its steps as one job's), so actionlint, which reads workflows only, checks the
// action's expressions, contexts, `uses:` and step ids too. Relies on action.yml's layout:
// top-level `inputs:`, `outputs:` and `runs:` blocks, two-space indentation.
"use strict";
const { readFileSync } = require("node:fs");

const lines = readFileSync(process.argv[2], "utf8").split("\n");
const block = (key) => {
  const start = lines.indexOf(key);
  if (start < 0) throw new Error(`no '${key}' line`);
  const out = [];
  for (let i = start + 1; i < lines.length && (lines[i] === "" || lines[i].startsWith(" ")); i++) {
    out.push(lines[i]);
  }
  return out;
};

const inputs = [];
for (const line of block("inputs:")) {
  if (line.trim() === "") continue;
  inputs.push("    " + line);
  if (/^  [a-z0-9-]+:$/.test(line)) inputs.push("        type: string");
}
const runs = block("runs:");
const stepsAt = runs.indexOf("  steps:");
if (stepsAt < 0) throw new Error("no 'steps:' under runs:");
const steps = runs.slice(stepsAt + 1).map((l) => (l === "" ? l : "  " + l));

process.stdout.write(
  ["name: action", "on:", "  workflow_call:", "    inputs:", ...inputs, "jobs:", "  action:",
    "    runs-on: ubuntu-latest", "    steps:", ...steps].join("\n") + "\n");

// Records @cloud-copilot/iam-simulate's verdict for every case of a cases file written by
// `cargo test --test engine write_reference_cases -- --ignored` (see README.md).
//
// Input, one JSON object a line: a header {reference, seed, cases}, then {id, hash, simulation}.
// Output: the same header, then {id, hash, result} with result iam-simulate's overallResult.
// Any case iam-simulate rejects, or whose context keys it would ignore, stops the run: the
// generator must only write cases both evaluators read the same way.

import { readFileSync, writeFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node record.mjs CASES.jsonl OUTPUT.jsonl');
  process.exit(2);
}

const installed = new URL('./node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url);
const version = JSON.parse(readFileSync(installed, 'utf8')).version;
const lines = readFileSync(input, 'utf8').split('\n').filter((l) => l.length > 0);
const header = JSON.parse(lines[0]);
if (header.reference !== `@cloud-copilot/iam-simulate@${version}`) {
  console.error(`the cases expect ${header.reference}, installed is ${version}`);
  process.exit(1);
}

const out = [JSON.stringify(header)];
for (const line of lines.slice(1)) {
  const { id, hash, simulation } = JSON.parse(line);
  const res = await runSimulation(simulation, {});
  if (res.resultType !== 'single') {
    console.error(`case ${id}: ${res.resultType} ${JSON.stringify(res.errors ?? res)}`);
    process.exit(1);
  }
  const ignored = res.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    console.error(`case ${id}: iam-simulate ignores context keys ${ignored.join(', ')}`);
    process.exit(1);
  }
  out.push(JSON.stringify({ id, hash, result: res.overallResult }));
}
writeFileSync(output, out.join('\n') + '\n');
console.error(`${out.length - 1} verdicts written to ${output}`);

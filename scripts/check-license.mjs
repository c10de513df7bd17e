#!/usr/bin/env node
// Fails when a workspace package's LICENSE or NOTICE is missing or differs from the root copy (the
// Apache-2.0 text and the copyright notice every tarball must carry).
// `node scripts/check-license.mjs --fix` copies the root files into every package instead.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEGAL_FILES, ROOT, workspacePackages } from './package-metadata.mjs';

const fix = process.argv.includes('--fix');
const problems = [];
const root = Object.fromEntries(LEGAL_FILES.map((f) => {
  const path = join(ROOT, f);
  if (!existsSync(path)) problems.push(`${f}: missing in the repository root`);
  return [f, existsSync(path) ? readFileSync(path) : null];
}));
if (!problems.length && !root.LICENSE.toString('utf8').includes('Apache License\n                           Version 2.0, January 2004')) {
  problems.push('LICENSE: the root LICENSE is not the Apache License 2.0 text');
}
let checked = 0;
for (const { dir, absDir, pkg } of workspacePackages()) {
  if (pkg.private) continue;
  checked++;
  for (const f of LEGAL_FILES) {
    if (!root[f]) continue;
    const path = join(absDir, f);
    const same = existsSync(path) && readFileSync(path).equals(root[f]);
    if (same) continue;
    if (fix) { copyFileSync(join(ROOT, f), path); console.log(`check-license: wrote ${dir}/${f}`); continue; }
    problems.push(`${pkg.name ?? dir} (${dir}): ${f} ${existsSync(path) ? 'differs from' : 'missing; copy'} the root ${f}`);
  }
}
if (problems.length) {
  console.error(problems.map((p) => `  ${p}`).join('\n'));
  console.error(`check-license: ${problems.length} problem(s); run \`node scripts/check-license.mjs --fix\` to copy the root files`);
  process.exit(1);
}
console.log(`check-license: ok (${LEGAL_FILES.join(', ')} identical in ${checked} package(s))`);

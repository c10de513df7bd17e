#!/usr/bin/env node
// Fails, listing package and field, when a workspace package lacks the metadata users and registries
// expect (description, keywords, homepage, bugs, repository, license, author, engines, files with
// LICENSE / NOTICE) or the LICENSE / NOTICE files themselves. Private packages are skipped.
import { metadataProblems, workspacePackages } from './package-metadata.mjs';

const problems = [];
let checked = 0;
for (const { dir, absDir, pkg } of workspacePackages()) {
  if (pkg.private) continue;
  checked++;
  for (const p of metadataProblems(pkg, dir, absDir)) problems.push(`${pkg.name ?? dir} (${dir}/package.json) ${p}`);
}
if (problems.length) {
  console.error(problems.map((p) => `  ${p}`).join('\n'));
  console.error(`check-package-metadata: ${problems.length} problem(s) (scripts/package-metadata.mjs lists what is expected)`);
  process.exit(1);
}
console.log(`check-package-metadata: ok (${checked} package(s))`);

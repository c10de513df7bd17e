#!/usr/bin/env node
// Project lint (run per package): kebab-case file names, no deep imports into other packages,
// and a TSDoc comment on every exported declaration of src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const problems = [];
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
for (const file of walk('src').filter((f) => f.endsWith('.ts'))) {
  const base = file.split('/').pop();
  if (!/^[a-z0-9]+(-[a-z0-9]+)*(\.test)?\.ts$/.test(base)) problems.push(`${file}: file name is not kebab-case`);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (/from ['"]@clrec\/[^'"]+\/(src|dist)/.test(line)) problems.push(`${file}:${i + 1}: deep import into another package`);
    if (file.endsWith('.test.ts')) return;
    if (/^export (async )?(function|class|interface|type|const|let|enum|abstract class)\s/.test(line) && !/^export type \{/.test(line)) {
      let j = i - 1;
      while (j >= 0 && lines[j].trim().startsWith('@')) j--;
      if (j < 0 || !lines[j].trim().endsWith('*/')) problems.push(`${file}:${i + 1}: exported symbol without a TSDoc comment`);
    }
  });
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s) in ${relative(process.cwd(), '.') || '.'}`);
  process.exit(1);
}
console.log('lint: ok');

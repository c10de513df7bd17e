#!/usr/bin/env node
// Installs the workspace with the pinned pnpm, without needing a global pnpm.
// Used by `npm run quickstart` and `npm test` so a fresh clone needs only Node 20 + npm.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PNPM = 'pnpm@10.34.9';
const frozen = existsSync('pnpm-lock.yaml') ? ' --frozen-lockfile' : '';
const local = 'node_modules/.bin/pnpm';
const cmd = existsSync(local) ? `${local} install${frozen}` : `npx -y ${PNPM} install${frozen}`;
process.env.TURBO_TELEMETRY_DISABLED = '1';
console.log(`[setup] ${cmd}`);
execSync(cmd, { stdio: 'inherit', env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' } });

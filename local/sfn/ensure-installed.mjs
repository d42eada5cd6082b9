// Runs `npm ci` only when node_modules does not match package-lock.json (and .npmrc) any more.
// Called by local/pom.xml in the `initialize` phase, so every Maven build has the npm tools it needs
// without paying for a reinstall: a stamp in node_modules records what it was installed from.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const stampFile = join(here, 'node_modules', '.autopilot-npm-ci');

const hash = createHash('sha256');
for (const name of ['package.json', 'package-lock.json', '.npmrc']) {
  hash.update(name).update('\0').update(readFileSync(join(here, name))).update('\0');
}
const wanted = hash.digest('hex');

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === wanted) {
  console.log('npm dependencies are current (node_modules matches package-lock.json).');
  process.exit(0);
}

console.log('Installing npm dependencies with `npm ci` (package-lock.json changed or node_modules missing)...');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
  cwd: here,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.error) {
  console.error(`Could not run npm: ${result.error.message}. Install Node.js 20+ with npm and make sure npm is on PATH.`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error('`npm ci` failed: see its output above. It needs the npm registry (or a warm npm cache).');
  process.exit(result.status ?? 1);
}
writeFileSync(stampFile, wanted + '\n');

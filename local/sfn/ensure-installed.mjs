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
  stdio: ['inherit', 'inherit', 'pipe'],
  encoding: 'utf8',
  shell: process.platform === 'win32',
});
process.stderr.write(withoutKnownEngineWarning(result.stderr ?? ''));
if (result.error) {
  console.error(`Could not run npm: ${result.error.message}. Install Node.js 20 or newer with npm and make sure npm is on PATH.`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error('`npm ci` failed: see its output above. It needs the npm registry (or a warm npm cache).');
  process.exit(result.status ?? 1);
}
writeFileSync(stampFile, wanted + '\n');

// aws-local-stepfunctions 3 declares node >= 22; on Node 20 promise-with-resolvers.mjs supplies the one newer API
// it calls, so npm's EBADENGINE warning about it says nothing true: drop that block, keep every other line.
function withoutKnownEngineWarning(text) {
  const lines = text.split('\n');
  const kept = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('EBADENGINE')) {
      kept.push(lines[i]);
      continue;
    }
    const block = [];
    while (i < lines.length && lines[i].includes('EBADENGINE')) block.push(lines[i++]);
    i--;
    if (!block.some((line) => line.includes('aws-local-stepfunctions'))) kept.push(...block);
  }
  return kept.join('\n');
}

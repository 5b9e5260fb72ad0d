#!/usr/bin/env node
// License allowlist for production dependencies (what ships with `rampart`).
//
// Source of truth: npm's own CycloneDX SBOM (`npm sbom --omit dev`), which reads the
// installed tree offline, so the check sees exactly what `npm ci` installed.
// Each component's license (SPDX id, name or expression) must be satisfiable from
// ALLOWED: `A OR B` passes if either side does, `A AND B` only if both do.
// Usage: node scripts/check-licenses.mjs [--sbom path/to/cyclonedx.json]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ALLOWED = new Set([
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'Python-2.0',
  'Unlicense',
]);

// Packages whose metadata is missing or wrong but whose license a human has checked.
// Key: "name@version" (exact, so an upgrade is re-reviewed). Value: SPDX id + where checked.
const REVIEWED = new Map([
  // ['example@1.2.3', { license: 'MIT', note: 'LICENSE file in the tarball; package.json omits it' }],
]);

function loadSbom() {
  const at = process.argv.indexOf('--sbom');
  if (at !== -1) {
    const path = process.argv[at + 1];
    if (!path) throw new Error('--sbom needs a path');
    return JSON.parse(readFileSync(path, 'utf8'));
  }
  const out = execFileSync('npm', ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out);
}

/** The component's license as one SPDX expression string, or undefined. */
function licenseExpression(component) {
  const parts = [];
  for (const entry of component.licenses ?? []) {
    if (entry.expression) parts.push(entry.expression);
    else if (entry.license?.id) parts.push(entry.license.id);
    else if (entry.license?.name) parts.push(entry.license.name);
  }
  if (parts.length === 0) return undefined;
  // Several entries in CycloneDX mean "all of these apply".
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' AND ');
}

/** Evaluate an SPDX expression against ALLOWED. Unknown syntax evaluates to false. */
function isAllowed(expression) {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];

  function parseOr() {
    let value = parseAnd();
    while (peek()?.toUpperCase() === 'OR') {
      next();
      const right = parseAnd();
      value = value || right;
    }
    return value;
  }
  function parseAnd() {
    let value = parseTerm();
    while (peek()?.toUpperCase() === 'AND') {
      next();
      const right = parseTerm();
      value = value && right;
    }
    return value;
  }
  function parseTerm() {
    const token = next();
    if (token === undefined) return false;
    if (token === '(') {
      const value = parseOr();
      if (next() !== ')') return false;
      return value;
    }
    // "X WITH exception": exceptions only ever add permissions; judge the base license.
    if (peek()?.toUpperCase() === 'WITH') {
      next();
      next();
    }
    return ALLOWED.has(token.replace(/\+$/, ''));
  }

  const result = parseOr();
  return i === tokens.length && result;
}

const sbom = loadSbom();
const components = sbom.components ?? [];
const offenders = [];
const seen = new Set();
for (const component of components) {
  const ref = `${component.name}@${component.version}`;
  if (seen.has(ref)) continue;
  seen.add(ref);
  const reviewed = REVIEWED.get(ref);
  const expression = reviewed?.license ?? licenseExpression(component);
  if (expression === undefined) {
    offenders.push({ ref, license: '(none declared)' });
  } else if (!isAllowed(expression)) {
    offenders.push({ ref, license: expression });
  }
}

if (components.length === 0) {
  console.error('licenses: the SBOM lists no components; is node_modules installed (npm ci)?');
  process.exit(1);
}
if (offenders.length > 0) {
  console.error(`licenses: ${offenders.length} production package(s) outside the allowlist:`);
  for (const { ref, license } of offenders) console.error(`  ${ref}: ${license}`);
  console.error(`allowed: ${[...ALLOWED].join(', ')} (and OR/AND combinations of them)`);
  console.error(
    'Fix: replace the dependency, or after legal review add it to REVIEWED in scripts/check-licenses.mjs.',
  );
  process.exit(1);
}
console.log(`licenses: ${seen.size} production packages, all within the allowlist`);

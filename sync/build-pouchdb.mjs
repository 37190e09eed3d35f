// Bundles npm pouchdb-browser (pinned in sync/package.json) into one minified script for the handbook's pages:
// docs/assets/vendor/pouchdb-browser.js, an IIFE that sets window.PouchDB, with the licences of everything it
// bundled beside it. Same node_modules, same bytes: nothing in the output depends on the time or the machine.
//
//   node sync/build-pouchdb.mjs [--out FOLDER] [--lock FILE]
//
// --out: where the script and its licence file go (default docs/assets/vendor); --lock: also write the lock
// (package, version, file, sha256) to FILE; `make vendor-pouchdb` passes sync/vendor.lock.json.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import * as esbuild from "esbuild";

const SYNC = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(SYNC);
const PACKAGE = "pouchdb-browser";
const SCRIPT = `${PACKAGE}.js`;
const LICENCES = `${PACKAGE}.LICENSE.txt`;
const ENTRY = `import PouchDB from "${PACKAGE}";\nwindow.PouchDB = PouchDB;\n`;
const LICENCE_FILES = ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE"];

/** A JSON file, parsed. */
function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The version sync/package.json pins for name; stops when it is a range rather than one version. */
function pinnedVersion(name) {
  const version = readJson(join(SYNC, "package.json")).dependencies[name];
  if (!/^\d+\.\d+\.\d+$/.test(version || "")) throw new Error(`sync/package.json must pin ${name} exactly`);
  return version;
}

/** An installed package's package.json. */
function installed(name) {
  return readJson(join(SYNC, "node_modules", name, "package.json"));
}

/** The npm packages whose files went into the bundle (from esbuild's metafile), sorted. */
function bundledPackages(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const found = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (found) names.add(found[1]);
  }
  return [...names].sort();
}

/** The first line of the script: what it is and under which licence. */
function banner(pouchdb) {
  return `/*! ${PACKAGE} ${pouchdb.version} (${pouchdb.license}), bundled by sync/build-pouchdb.mjs; ` +
    `licences of it and its dependencies: ${LICENCES} */`;
}

/** The bundle as text, and the packages it holds. */
async function bundle(pouchdb) {
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: SYNC, sourcefile: "entry.mjs", loader: "js" },
    absWorkingDir: SYNC, bundle: true, format: "iife", platform: "browser", target: "es2018",
    minify: true, legalComments: "none", charset: "utf8", write: false, metafile: true, logLevel: "warning",
    banner: { js: banner(pouchdb) },
  });
  return { text: result.outputFiles[0].text, packages: bundledPackages(result.metafile) };
}

/** One package's licence file text. */
function licenceText(name) {
  for (const file of LICENCE_FILES) {
    try {
      return readFileSync(join(SYNC, "node_modules", name, file), "utf8").trim();
    } catch {
      // not this name; try the next
    }
  }
  throw new Error(`${name} has no licence file in sync/node_modules`);
}

/** The licence file: every bundled package, its version and licence, and its licence text. */
function licences(packages) {
  const parts = packages.map((name) => {
    const meta = installed(name);
    return `${"=".repeat(78)}\n${name} ${meta.version} (${meta.license})\n${"=".repeat(78)}\n\n${licenceText(name)}\n`;
  });
  return `${SCRIPT} bundles these npm packages (sync/build-pouchdb.mjs); their licences follow.\n\n` +
    parts.join("\n");
}

/** The SHA-256 of text as UTF-8, in hex. */
function sha256(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Build, write the script and its licences into out, and the lock when asked; returns the script's sha256. */
async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" }, lock: { type: "string" } } });
  const out = resolve(values.out || join(ROOT, "docs", "assets", "vendor"));
  const pouchdb = installed(PACKAGE);
  if (pouchdb.version !== pinnedVersion(PACKAGE)) {
    throw new Error(`sync/node_modules has ${PACKAGE} ${pouchdb.version}, package.json pins ` +
      `${pinnedVersion(PACKAGE)}: run make sync-deps`);
  }
  const { text, packages } = await bundle(pouchdb);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, SCRIPT), text);
  writeFileSync(join(out, LICENCES), licences(packages));
  const digest = sha256(text);
  if (values.lock) {
    const file = relative(ROOT, join(out, SCRIPT)).split("\\").join("/");
    const lock = { package: PACKAGE, version: pouchdb.version, file, sha256: digest };
    writeFileSync(resolve(values.lock), JSON.stringify(lock, null, 2) + "\n");
  }
  console.log(`${join(out, SCRIPT)}: ${text.length} characters, sha256 ${digest}; bundled ${packages.join(", ")}`);
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});

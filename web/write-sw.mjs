#!/usr/bin/env node
// Writes DIST/sw.js, the page's service worker (web/sw.js), with the list of files it caches
// and its version filled in. The list is every file in DIST except sw.js itself (the browser
// fetches that on its own to look for a new version) and the FILE.br / FILE.gz copies of a
// FILE beside them (the same file, another encoding). The version is the project's and a hash
// of the template and those files' names and contents: any rebuilt file gives a new sw.js,
// which the browser takes as a new version. scripts/build-web.sh runs it last, after every other file is in DIST.
//
//   node web/write-sw.mjs DIST PROJECT_VERSION
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SERVICE_WORKER = "sw.js";
const ENCODED = [".br", ".gz"];

// The paths (relative, with "/") of the files the service worker caches, sorted.
export function precacheList(dist) {
  const found = [];
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix + entry.name;
      if (entry.isDirectory()) {
        walk(join(dir, entry.name), path + "/");
      } else if (entry.isFile()) {
        const encodedCopy = ENCODED.some((suffix) => entry.name.endsWith(suffix) &&
                                          existsSync(join(dir, entry.name.slice(0, -suffix.length))));
        if (path !== SERVICE_WORKER && !encodedCopy) found.push(path);
      }
    }
  };
  walk(dist, "");
  return found.sort();
}

// The project version and the first 12 hex digits of a SHA-256 over the worker's template and
// the files' names and bytes.
export function buildVersion(dist, files, projectVersion, template) {
  const hash = createHash("sha256");
  hash.update(template);
  for (const path of files) {
    const bytes = readFileSync(join(dist, path));
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return `${projectVersion}-${hash.digest("hex").slice(0, 12)}`;
}

// The template with its two placeholder lines replaced; each must be there exactly once.
export function fillTemplate(template, version, files) {
  const lines = [
    [/^const VERSION = .*;$/m, `const VERSION = ${JSON.stringify(version)};`],
    [/^const PRECACHE = .*;$/m, `const PRECACHE = ${JSON.stringify(files)};`],
  ];
  let text = template;
  for (const [pattern, line] of lines) {
    const count = (template.match(new RegExp(pattern.source, "gm")) ?? []).length;
    if (count !== 1) throw new Error(`web/sw.js: expected one line matching ${pattern.source}, found ${count}`);
    text = text.replace(pattern, () => line);
  }
  return text;
}

export function writeServiceWorker(dist, projectVersion) {
  if (!/^[0-9]+(\.[0-9]+)*$/.test(projectVersion)) {
    throw new Error(`project version ${JSON.stringify(projectVersion)}: expected numbers and dots, such as 0.1.0`);
  }
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`${dist}: no index.html (expected the web build's folder; build it: scripts/build-web.sh)`);
  }
  const files = precacheList(dist);
  const template = readFileSync(fileURLToPath(new URL("sw.js", import.meta.url)), "utf8");
  const version = buildVersion(dist, files, projectVersion, template);
  writeFileSync(join(dist, SERVICE_WORKER), fillTemplate(template, version, files));
  return { version, files };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dist, projectVersion, ...rest] = process.argv.slice(2);
  if (!dist || !projectVersion || rest.length) {
    console.error("usage: node web/write-sw.mjs DIST PROJECT_VERSION");
    process.exit(2);
  }
  try {
    const { version, files } = writeServiceWorker(dist, projectVersion);
    console.log(`${join(dist, SERVICE_WORKER)}: version ${version}, caches ${files.length} files`);
  } catch (e) {
    console.error(`write-sw: ${e.message}`);
    process.exit(1);
  }
}

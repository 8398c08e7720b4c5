// Builds the unpacked extension into dist/: bundles the scripts with esbuild and copies the static
// files. The label names come from src/generated/labels.json, which Python writes (see src/labels.js).
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "src");
const dist = join(here, "dist");

/** The service's /demo page (server/tonefall/static, git-ignored): the service mounts it when built. */
async function buildDemo(out = join(here, "..", "server", "tonefall", "static")) {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { demo: join(src, "demo/demo.js") },
    bundle: true,
    format: "iife",
    target: ["chrome120", "firefox140", "safari17"],
    outdir: out,
    logLevel: "warning",
  });
  for (const file of ["index.html", "demo.css"]) cpSync(join(src, "demo", file), join(out, file));
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: {
    background: join(src, "background/index.js"),
    content: join(src, "content/index.js"),
    popup: join(src, "popup/popup.js"),
    options: join(src, "options/options.js"),
  },
  bundle: true,
  format: "iife",
  target: ["chrome120", "firefox140"],
  outdir: dist,
  logLevel: "warning",
});
for (const file of ["manifest.json", "managed_schema.json", "popup/popup.html", "options/options.html", "ui.css"]) {
  cpSync(join(src, file), join(dist, file.split("/").pop()));
}
cpSync(join(src, "_locales"), join(dist, "_locales"), { recursive: true });
// Chromium's extension locale for Norwegian is "no" (Firefox matches "nb"): the same file serves both.
cpSync(join(src, "_locales", "nb"), join(dist, "_locales", "no"), { recursive: true });
cpSync(join(src, "icons"), join(dist, "icons"), { recursive: true });
await buildDemo();
console.log(`built ${dist}`);

// Builds the browser-test pages into OUTDIR: copies the HTML and bundles the real editor
// libraries (Quill, ProseMirror, TinyMCE, CKEditor 5) from extension/node_modules with esbuild.
// Usage: node tests/extension/pages/build.mjs OUTDIR
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "..", "..", "extension", "node_modules");
const require = createRequire(join(modules, "noop.js"));
const { build } = require("esbuild");

const out = process.argv[2];
if (!out) throw new Error("usage: node build.mjs OUTDIR");
mkdirSync(out, { recursive: true });
for (const file of readdirSync(here).filter((name) => name.endsWith(".html") || name === "script-frames.js")) cpSync(join(here, file), join(out, file));
cpSync(join(modules, "quill", "dist", "quill.snow.css"), join(out, "quill.snow.css"));
cpSync(join(modules, "prosemirror-view", "style", "prosemirror.css"), join(out, "prosemirror.css"));
// TinyMCE loads its theme, model, icons and skin itself, from next to tinymce.min.js.
for (const part of ["tinymce.min.js", "models", "themes", "icons", "skins"]) {
  cpSync(join(modules, "tinymce", part), join(out, "tinymce", part), { recursive: true });
}
cpSync(join(modules, "ckeditor5", "dist", "ckeditor5.css"), join(out, "ckeditor5.css"));
await build({
  entryPoints: { "quill-page": join(here, "quill-page.js"), "prosemirror-page": join(here, "prosemirror-page.js"),
    "tinymce-page": join(here, "tinymce-page.js"), "ckeditor5-page": join(here, "ckeditor5-page.js") },
  bundle: true, format: "iife", outdir: out, nodePaths: [modules], logLevel: "warning",
});
console.log(`test pages in ${out}`);

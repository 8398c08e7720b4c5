// Benchmark: the built extension in headless Debian Chromium against a real Tonefall service.
// Prints (1) time from the debounce firing to the underlines painted, for a 6-sentence reply
// (p50/p95; "one sentence changed" and "all sentences new"), and (2) main-thread time per
// keystroke while typing into a 2,000-character reply, with Tonefall and with the field
// switched off (data-tonefall="off"), for a textarea and a contenteditable.
//
// Usage (from extension/, after `npm run build`):
//   node benchmarks/typing.mjs [--model DIR] [--service URL --token TOKEN] [--runs 40] [--keys 200]
// Without --service it starts `tonefall serve` (../.venv) on a free port with --model (default:
// the shipped model) and a throw-away token.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const dist = join(here, "..", "dist");
const { values: options } = parseArgs({
  options: {
    model: { type: "string" }, service: { type: "string" }, token: { type: "string" },
    runs: { type: "string", default: "40" }, keys: { type: "string", default: "200" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});

const SENTENCES = [
  "I'm really sorry you had to wait so long for your refund, I understand how frustrating that is.",
  "But as we already explained, the terms clearly say that returns take 14 days.",
  "Maybe I can try to speed it up, but I'm not sure it will work.",
  "Regarding your case, we apologise for any inconvenience this may have caused.",
  "Your new order number is 4471 and the parcel leaves our warehouse today.",
  "I will call you tomorrow at ten to make sure everything has arrived.",
];
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { font: 15px sans-serif; margin: 30px; } .f { display: block; width: 700px; height: 220px; margin: 10px 0; font: 15px/1.5 sans-serif; padding: 8px; border: 1px solid #999; overflow: auto; }
</style></head><body>
<textarea id="ta" class="f"></textarea><div id="ce" class="f" contenteditable="true"></div>
<div data-tonefall="off"><textarea id="ta-off" class="f"></textarea><div id="ce-off" class="f" contenteditable="true"></div></div>
<script>window.rendered = []; document.addEventListener("tonefall:rendered", (e) => rendered.push(JSON.parse(e.detail)));</script>
</body></html>`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function startService() {
  if (options.service) return { url: options.service.replace(/\/+$/, ""), token: options.token || process.env.TONEFALL_TOKEN, stop() {} };
  const port = 20000 + Math.floor(Math.random() * 20000);
  const token = randomBytes(24).toString("hex");
  const args = ["-m", "tonefall.cli", "serve", "--port", String(port), "--log-level", "warning"];
  if (options.model) args.push("--model", options.model);
  const child = spawn(join(repo, ".venv", "bin", "python"), args, {
    env: { ...process.env, TONEFALL_TOKEN: token, TONEFALL_DB: join(mkdtempSync(join(tmpdir(), "tf-bench-")), "fb.sqlite3") },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`tonefall serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/v1/health`)).ok) return { url, token, stop: () => child.kill() };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error("tonefall serve did not start in 120 s");
}

function servePage() {
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(PAGE));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function waitForRender(page, count) {
  await page.waitForFunction((n) => window.rendered.length > n, count, { timeout: 30000 });
  return page.evaluate((n) => window.rendered[n], count);
}

/** Debounce-to-paint for `runs` 6-sentence replies; `fresh` makes every sentence new each run. */
async function latency(page, selector, fresh) {
  await page.click(selector);
  const times = [];
  const service = [];
  for (let run = 0; run < Number(options.runs); run++) {
    // Unique per field and run: no answer comes from the worker's cache of earlier runs.
    const tag = `${selector.slice(1)}-${fresh ? "new" : "one"}-${run}`;
    const text = SENTENCES.map((s, i) => (fresh || i === run % 6 ? s.replace(/\.$/, ` (${tag}).`) : s)).join(" ");
    const before = await page.evaluate(() => window.rendered.length);
    await page.keyboard.press("Control+a");
    await page.keyboard.insertText(text);
    const { ms, serviceMs } = await waitForRender(page, before);
    times.push(ms);
    service.push(serviceMs);
  }
  return { times, service };
}

/** Main-thread task time per keystroke typing `keys` characters at the end of a 2,000-char reply. */
async function keystrokeCost(page, cdp, selector) {
  let reply = "";
  while (reply.length < 2000) reply += SENTENCES[reply.length % 6] + " ";
  await page.click(selector);
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText(reply.slice(0, 2000));
  await page.waitForTimeout(1500); // the first check comes and goes
  const typed = "Thank you for your patience, I will fix this. ".repeat(10).slice(0, Number(options.keys));
  const task = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
  const start = await task();
  for (const key of typed) await page.keyboard.type(key);
  const seconds = (await task()) - start;
  await page.waitForTimeout(600);
  return (seconds * 1000) / typed.length;
}

async function main() {
  const service = await startService();
  const pageServer = await servePage();
  const pageUrl = `http://127.0.0.1:${pageServer.address().port}/`;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "tf-profile-")), {
    executablePath: options.chromium, headless: true, viewport: { width: 1000, height: 900 },
    args: ["--headless=new", "--no-sandbox", `--load-extension=${dist}`, `--disable-extensions-except=${dist}`,
      "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const worker = context.serviceWorkers()[0] || (await context.waitForEvent("serviceworker"));
    await worker.evaluate(([serviceUrl, token]) => chrome.storage.local.set({ serviceUrl, token }), [service.url, service.token]);
    const page = await context.newPage();
    await page.goto(pageUrl);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const model = (await (await fetch(`${service.url}/v1/health`)).json()).model;
    console.log(`Tonefall extension benchmark · model ${model} · ${Number(options.runs)} runs · Chromium headless`);
    console.log("\nDebounce fired -> underlines painted, 6-sentence reply (includes the service call; target p95 <= 60 ms)");
    for (const [name, selector] of [["contenteditable", "#ce"], ["textarea", "#ta"]]) {
      for (const fresh of [false, true]) {
        const { times, service } = await latency(page, selector, fresh);
        console.log(`  ${name.padEnd(15)} ${fresh ? "all sentences new " : "one sentence new  "}` +
          `p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  max ${fmt(Math.max(...times))}` +
          `   (service round trip p50 ${fmt(percentile(service, 50))})`);
      }
    }
    console.log(`\nMain-thread time per keystroke, typing ${options.keys} characters into a 2,000-character reply (target <= 4 ms)`);
    for (const [name, on, off] of [["textarea", "#ta", "#ta-off"], ["contenteditable", "#ce", "#ce-off"]]) {
      const withTonefall = await keystrokeCost(page, cdp, on);
      const without = await keystrokeCost(page, cdp, off);
      console.log(`  ${name.padEnd(15)} with Tonefall ${fmt(withTonefall)}  field off ${fmt(without)}  ` +
        `Tonefall's share ${fmt(withTonefall - without)}`);
    }
  } finally {
    await context.close();
    pageServer.close();
    service.stop();
  }
}

await main();

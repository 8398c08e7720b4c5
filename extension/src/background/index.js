// Background worker: the one place that talks to the service; answers typed messages.
import { Kind } from "../api/protocol.js";
import { call, ServiceError } from "./service.js";
import { installMarkMenu } from "./menu.js";
import { loadSettings, setSiteEnabled, siteEnabled } from "./settings.js";

const CACHE_SIZE = 64;
const cache = new Map(); // text -> analyze result, least recently used first

async function analyze({ text, lang }) {
  const key = `${lang || ""}\u0000${text}`;
  if (cache.has(key)) {
    const hit = cache.get(key);
    cache.delete(key);
    cache.set(key, hit);
    return { result: hit };
  }
  const result = await call(await loadSettings(), "POST", "/v1/analyze", lang ? { text, lang } : { text });
  cache.set(key, result);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  return { result };
}

async function status() {
  const settings = await loadSettings();
  try {
    await call(settings, "GET", "/v1/health");
  } catch (error) {
    return { state: "service-down", serviceUrl: settings.serviceUrl, detail: error.message };
  }
  if (!settings.token) return { state: "token-missing", serviceUrl: settings.serviceUrl };
  try {
    return { state: "connected", serviceUrl: settings.serviceUrl, model: await call(settings, "GET", "/v1/model") };
  } catch (error) {
    return { state: error.code === "unauthorized" ? "unauthorized" : "service-down", serviceUrl: settings.serviceUrl, detail: error.message };
  }
}

let tips = null; // the service's advice texts: fetched once per worker life

async function loadTips() {
  tips ??= call(await loadSettings(), "GET", "/v1/tips").then((answer) => answer.tips);
  try {
    return { tips: await tips };
  } catch (error) {
    tips = null; // service down or token missing: try again next time
    throw error;
  }
}

const handlers = {
  [Kind.tips]: loadTips,
  [Kind.analyze]: analyze,
  [Kind.status]: status,
  [Kind.feedback]: async ({ kind, ...body }) => ({ result: await call(await loadSettings(), "POST", "/v1/feedback", body) }),
  [Kind.takeBack]: async ({ id }) => ({ result: await call(await loadSettings(), "DELETE", `/v1/feedback/${Number(id)}`) }),
  [Kind.siteEnabled]: async ({ host }) => ({ enabled: siteEnabled(await loadSettings(), host) }),
  [Kind.setSiteEnabled]: async ({ host, enabled }) => {
    await setSiteEnabled(host, enabled);
    return {};
  },
};

chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  const handler = handlers[message?.kind];
  if (!handler) return false;
  handler(message)
    .then((answer) => reply({ ok: true, ...answer }))
    .catch((error) => reply({ ok: false, error: error instanceof ServiceError ? error.code : String(error.message || error), detail: error.message }));
  return true; // keeps the channel open for the async reply
});

chrome.storage.onChanged.addListener(() => {
  cache.clear();
  tips = null;
});

installMarkMenu();

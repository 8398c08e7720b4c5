// Settings contract (documented in the README): keys `serviceUrl` and `token`, read from
// chrome.storage.managed (IT policy) first, then chrome.storage.local (the options page).

export const DEFAULT_SERVICE_URL = "http://127.0.0.1:7373";
const KEYS = ["serviceUrl", "token", "disabledSites", "enabledSites"];

// With no policy installed, Chromium's storage.managed.get() may never settle: give up after a
// moment, and read the policy once per worker life (re-read when it changes).
const MANAGED_TIMEOUT_MS = 800;
let managedRead = null;

async function readArea(area) {
  try {
    return (await chrome.storage[area]?.get(KEYS)) || {};
  } catch {
    return {}; // Firefox without a managed manifest, or no policy: not an error.
  }
}

function readManaged() {
  managedRead ??= Promise.race([
    readArea("managed"),
    new Promise((resolve) => setTimeout(() => resolve({}), MANAGED_TIMEOUT_MS)),
  ]);
  return managedRead;
}

chrome.storage.onChanged.addListener((_changes, area) => {
  if (area === "managed") managedRead = null;
});

export async function loadSettings() {
  const [managed, local] = await Promise.all([readManaged(), readArea("local")]);
  const pick = (key, fallback) => managed[key] ?? local[key] ?? fallback;
  return {
    serviceUrl: String(pick("serviceUrl", DEFAULT_SERVICE_URL)).replace(/\/+$/, ""),
    token: pick("token", ""),
    disabledSites: [...(managed.disabledSites || []), ...(local.disabledSites || [])],
    enabledSites: managed.enabledSites || [],
    managedKeys: Object.keys(managed),
  };
}

export function siteEnabled(settings, host) {
  if (settings.enabledSites.length && !settings.enabledSites.includes(host)) return false;
  return !settings.disabledSites.includes(host);
}

export async function setSiteEnabled(host, enabled) {
  const { disabledSites = [] } = await chrome.storage.local.get("disabledSites");
  const next = new Set(disabledSites);
  if (enabled) next.delete(host);
  else next.add(host);
  await chrome.storage.local.set({ disabledSites: [...next] });
}

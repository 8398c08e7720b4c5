// Options page: service URL and token, written to chrome.storage.local. Keys set by IT policy
// (chrome.storage.managed) win and are shown read-only.
import { checkLoopback } from "../background/service.js";
import { DEFAULT_SERVICE_URL, loadSettings } from "../background/settings.js";
import { localize, t } from "../ui/i18n.js";

const form = document.getElementById("form");
const fields = { serviceUrl: document.getElementById("serviceUrl"), token: document.getElementById("token") };

async function fill() {
  const settings = await loadSettings();
  fields.serviceUrl.value = settings.serviceUrl || DEFAULT_SERVICE_URL;
  fields.token.value = settings.token || "";
  for (const key of settings.managedKeys) if (fields[key]) fields[key].disabled = true;
  if (settings.managedKeys.length) document.getElementById("managed").textContent = t("options_managed", "Some settings are set by your IT department.");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const saved = document.getElementById("saved");
  const serviceUrl = fields.serviceUrl.value.trim() || DEFAULT_SERVICE_URL;
  try {
    checkLoopback(serviceUrl);
  } catch (error) {
    saved.textContent = error.message;
    return;
  }
  await chrome.storage.local.set({ serviceUrl, token: fields.token.value.trim() });
  saved.textContent = t("options_saved", "Saved.");
});

localize(document);
fill();

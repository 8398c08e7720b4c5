// Popup: service status with how to fix it, counts per label in the focused editor, site switch.
import { Kind, request } from "../api/protocol.js";
import { LABELS } from "../labels.js";
import { swatch } from "../render/style.js";
import { labelName, localize, t } from "../ui/i18n.js";

async function showStatus() {
  const box = document.getElementById("state");
  const status = await request(Kind.status).catch((error) => ({ state: error.code || "service-down" }));
  box.dataset.state = status.state;
  box.textContent = t(`state_${status.state.replace("-", "_")}`, status.state);
  if (status.state !== "connected") {
    const hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = t(`hint_${status.state.replace("-", "_")}`, "");
    box.append(hint);
  } else if (status.model?.name) {
    box.append(` (${status.model.name})`);
  }
}

async function showCounts(tab) {
  const box = document.getElementById("counts");
  let answer;
  try {
    answer = await chrome.tabs.sendMessage(tab.id, { kind: Kind.counts });
  } catch {
    answer = null;
  }
  if (!answer?.counts) {
    box.textContent = t("popup_no_editor", "Click into a reply field to check it.");
    return;
  }
  const table = document.createElement("table");
  for (const label of LABELS) {
    const row = table.insertRow();
    row.insertCell().append(swatch(document, label), " ", labelName(label));
    row.insertCell().textContent = String(answer.counts[label] || 0);
  }
  box.replaceChildren(table);
}

async function siteSwitch(tab) {
  const host = tab?.url ? new URL(tab.url).hostname : "";
  const input = document.getElementById("site-enabled");
  document.getElementById("host").textContent = host ? `(${host})` : "";
  if (!host) {
    input.disabled = true;
    return;
  }
  input.checked = (await request(Kind.siteEnabled, { host }).catch(() => ({ enabled: true }))).enabled;
  input.addEventListener("change", () => request(Kind.setSiteEnabled, { host, enabled: input.checked }));
}

/** The page the popup is about: the active tab, or ?tab=ID when opened as a page (tests). */
async function targetTab() {
  const id = Number(new URLSearchParams(location.search).get("tab"));
  if (id) return chrome.tabs.get(id);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

async function main() {
  localize(document);
  const tab = await targetTab();
  await Promise.all([showStatus(), tab ? showCounts(tab) : null, siteSwitch(tab)]);
  document.body.dataset.ready = "true";
}

main();

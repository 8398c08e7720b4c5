// UI strings from _locales (en, sv, nb, da); elements carry data-i18n="messageKey".
// In the extension chrome.i18n picks the browser's language; the /demo page (no chrome.i18n)
// uses the same files, bundled, in the language of navigator.language.
import da from "../_locales/da/messages.json";
import en from "../_locales/en/messages.json";
import nb from "../_locales/nb/messages.json";
import sv from "../_locales/sv/messages.json";

const BUNDLED = { da, en, nb, no: nb, nn: nb, sv };

function pageLocale() {
  const lang = (globalThis.navigator?.language || "en").slice(0, 2).toLowerCase();
  return BUNDLED[lang] || en;
}

export const t = (key, fallback = "") =>
  globalThis.chrome?.i18n?.getMessage?.(key) || pageLocale()[key]?.message || en[key]?.message || fallback;

export function localize(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    const text = t(element.dataset.i18n);
    if (text) element.textContent = text;
  }
}

/** A label's display name in the UI language (message key label_<name with _ for ->). */
export const labelName = (label) => t(`label_${label.replaceAll("-", "_")}`, label);

// UI strings from _locales (en, sv, nb, da); elements carry data-i18n="messageKey".
export const t = (key, fallback = "") => globalThis.chrome?.i18n?.getMessage(key) || fallback;

export function localize(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    const text = t(element.dataset.i18n);
    if (text) element.textContent = text;
  }
}

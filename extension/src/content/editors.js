// Which focused elements Tonefall checks, and which it must leave alone.

const PAYMENT_AUTOCOMPLETE = /\bcc-|\bcredit-card\b/i;
// Prose editors that turn the browser's spellchecker off by default because they bring their own:
// there spellcheck="false" does not mark a code field. TinyMCE's editable body (iframe and inline).
const PROSE_EDITORS = ".mce-content-body";

/** The editable root for a focus target, or null when it is not a field to check. */
export function editableRoot(target) {
  if (!target || target.nodeType !== Node.ELEMENT_NODE) return null;
  if (target.tagName === "TEXTAREA") return target;
  if (target.tagName === "INPUT") return null; // single-line inputs: passwords, cards, searches
  if (!target.isContentEditable) return null;
  let root = target;
  while (root.parentElement && root.parentElement.isContentEditable) root = root.parentElement;
  return root;
}

/** True when the field is one Tonefall must not read. */
export function isExcluded(field) {
  if (field.readOnly || field.disabled || field.getAttribute("aria-readonly") === "true") return true;
  if (isCodeField(field)) return true;
  if (PAYMENT_AUTOCOMPLETE.test(field.getAttribute("autocomplete") || "")) return true;
  for (let node = field; node; node = node.parentElement || node.getRootNode()?.host) {
    if (node.nodeType === Node.ELEMENT_NODE && node.getAttribute("data-tonefall") === "off") return true;
  }
  return false;
}

/** Fields marked spellcheck="false" hold code, ids or commands, unless a known prose editor set it. */
function isCodeField(field) {
  return field.getAttribute("spellcheck") === "false" && !field.matches(PROSE_EDITORS);
}

/** The real focus target, looking through open shadow roots. */
export function deepTarget(event) {
  const path = event.composedPath ? event.composedPath() : [];
  return path.length ? path[0] : event.target;
}

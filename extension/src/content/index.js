// Content script: attaches a Checker to each editable field as it gets focus, in this document,
// its open shadow roots and same-origin iframes; shows the card on hover or Alt+Shift+K.
import { Kind, request } from "../api/protocol.js";
import { adapterFor } from "./adapters.js";
import { Card } from "./card.js";
import { Checker } from "./checker.js";
import { deepTarget, editableRoot, isExcluded } from "./editors.js";
import { supportsCustomHighlights } from "../render/highlights.js";

const ATTACHED = "data-tonefall-frame";
const checkers = new Map(); // editor element -> Checker
let lastFocused = null;
let modelTips = {};
// Resolves once the background says whether this site is checked; focus handling waits on it.
let siteEnabled = Promise.resolve(true);

const analyze = async (text) => (await request(Kind.analyze, { text })).result;

function tipsFor(lang, label) {
  return modelTips?.[lang]?.[label]?.tip || modelTips?.en?.[label]?.tip || "";
}

function checkerFor(field) {
  if (checkers.has(field)) return checkers.get(field);
  if (field.tagName !== "TEXTAREA" && !supportsCustomHighlights(field.ownerDocument.defaultView)) return null;
  const checker = new Checker(adapterFor(field), analyze, {
    onError: (error) => console.debug("Tonefall:", error.message),
  });
  checkers.set(field, checker);
  const changed = () => checker.changed();
  field.addEventListener("input", changed);
  // Editors that change text without input events (paste handlers, programmatic edits).
  if (field.tagName !== "TEXTAREA") {
    new field.ownerDocument.defaultView.MutationObserver(changed).observe(field, {
      childList: true, characterData: true, subtree: true,
    });
  }
  return checker;
}

async function onFocusIn(event) {
  const target = deepTarget(event);
  if (target?.tagName === "IFRAME") return attachFrame(target);
  const field = editableRoot(target);
  if (!field || isExcluded(field) || !(await siteEnabled)) return;
  const checker = checkerFor(field);
  if (!checker) return;
  lastFocused = field;
  if (checker.sentText === null) checker.check();
}

function onPointerMove(event, card) {
  for (const checker of checkers.values()) {
    const hit = checker.adapter.hit(event.clientX, event.clientY);
    if (hit) return card.show(checker, hit.sentence, hit.rect);
  }
  if (card.visible) card.hideSoon();
}

function onKeyDown(event, card) {
  if (!(event.altKey && event.shiftKey && event.code === "KeyK")) return;
  const checker = lastFocused && checkers.get(lastFocused);
  const selection = event.target.ownerDocument?.getSelection?.();
  if (!checker) return;
  const caret = caretOffset(checker, selection);
  const sentence = checker.visible().find((s) => caret >= s.start && caret <= s.end);
  if (!sentence) return;
  event.preventDefault();
  const rect = (lastFocused.getBoundingClientRect && lastFocused.getBoundingClientRect()) || { left: 0, bottom: 0, top: 0 };
  card.show(checker, sentence, rect, { focus: true });
}

function caretOffset(checker, selection) {
  const field = checker.adapter.field;
  if (field) return field.selectionStart;
  const map = checker.adapter.map;
  if (!selection?.rangeCount || !map) return -1;
  const seg = map.segments.find((s) => s.node === selection.focusNode);
  return seg ? seg.start + selection.focusOffset : -1;
}

function attachDocument(doc) {
  if (!doc?.documentElement || doc.documentElement.hasAttribute(ATTACHED)) return;
  doc.documentElement.setAttribute(ATTACHED, "");
  const card = new Card(doc, {
    onDismiss: (checker, sentence) => checker.dismiss(sentence),
    onWrongLabel: (checker, sentence) => {
      request(Kind.feedback, {
        sentence: sentence.text, lang: checker.lang || "", predicted: sentence.labels, correct_labels: [], comment: "wrong label (from the hover card)",
      }).catch((error) => console.debug("Tonefall feedback:", error.message));
      checker.dismiss(sentence);
    },
    tipsFor,
  });
  doc.addEventListener("focusin", onFocusIn, true);
  doc.addEventListener("mousemove", (event) => onPointerMove(event, card), { passive: true });
  doc.addEventListener("keydown", (event) => onKeyDown(event, card), true);
  for (const frame of doc.querySelectorAll("iframe")) attachFrame(frame);
  const active = doc.activeElement;
  if (active && active !== doc.body) onFocusIn({ composedPath: () => [deepActive(active)], target: active });
}

function deepActive(element) {
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}

/** Same-origin iframes (srcdoc / about:blank editors) are attached from here too. */
function attachFrame(frame) {
  const attach = () => {
    try {
      attachDocument(frame.contentDocument);
    } catch {
      // Cross-origin: that frame runs its own copy of this script.
    }
  };
  attach();
  frame.addEventListener("load", attach);
}

function start() {
  siteEnabled = request(Kind.siteEnabled, { host: location.hostname }).then(
    (reply) => reply.enabled,
    () => true,
  );
  request(Kind.status)
    .then((reply) => (modelTips = reply.model?.tips || {}))
    .catch(() => {}); // Service down or no token: the popup says so; checks start once it is up.
  chrome.runtime.onMessage.addListener((message, _sender, reply) => {
    if (message.kind !== Kind.counts) return false;
    const checker = lastFocused && checkers.get(lastFocused);
    if (checker) reply({ ok: true, counts: checker.counts(), host: location.hostname });
    return false;
  });
  attachDocument(document);
}

start();

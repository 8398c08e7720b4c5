// Content script: attaches a Checker to each editable field as it gets focus, in this document,
// its open shadow roots and same-origin iframes; shows the card on hover or Alt+Shift+K.
import { Kind, request } from "../api/protocol.js";
import { supportsCustomHighlights } from "../render/highlights.js";
import { adapterFor } from "./adapters.js";
import { Card } from "./card.js";
import { Checker } from "./checker.js";
import { caretOffset, isCardShortcut, sentenceAt } from "./keyboard.js";
import { deepTarget, editableRoot, isExcluded } from "./editors.js";
import { announceRendered } from "./events.js";

const ATTACHED = "data-tonefall-frame";
const checkers = new Map(); // editor element -> Checker
let lastFocused = null;
let tips = null; // {lang: {label: {why, tip}}} from the service
// Resolves once the background says whether this site is checked; focus handling waits on it.
let siteEnabled = Promise.resolve(true);

const analyze = async (text) => (await request(Kind.analyze, { text })).result;

function adviceFor(lang, label) {
  if (!tips) loadTips();
  return tips?.[lang]?.[label] || tips?.en?.[label] || null;
}

function loadTips() {
  tips = {}; // one request at a time; replaced by the answer
  request(Kind.tips).then(
    (reply) => (tips = reply.tips),
    () => (tips = null), // service down or no token: the popup says so; try again later
  );
}

function checkerFor(field) {
  if (checkers.has(field)) return checkers.get(field);
  if (field.tagName !== "TEXTAREA" && !supportsCustomHighlights(field.ownerDocument.defaultView)) return null;
  const checker = new Checker(adapterFor(field), analyze, {
    onResult: announceRendered,
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
  if (!tips) loadTips();
  if (checker.sentText === null) checker.check();
}

function onPointerMove(event, card) {
  if (card.holds(event)) return; // on the card itself: keep it open
  for (const checker of checkers.values()) {
    if (checker.adapter.document !== event.view?.document) continue;
    const hit = checker.adapter.hit(event.clientX, event.clientY);
    if (hit) {
      if (card.current?.sentence !== hit.sentence) card.show(checker, hit.sentence, hit.rect);
      return;
    }
  }
  if (card.visible) card.hideSoon();
}

/** Alt+Shift+K: open the card for the sentence at the caret, with focus on its first button. */
function onKeyDown(event, card) {
  if (!isCardShortcut(event)) return;
  const checker = lastFocused && checkers.get(lastFocused);
  if (!checker) return;
  const sentence = sentenceAt(checker.visible(), caretOffset(checker.adapter));
  if (!sentence) return;
  event.preventDefault();
  event.stopPropagation();
  const rect = checker.adapter.rectOf(sentence) || lastFocused.getBoundingClientRect();
  card.show(checker, sentence, rect, { focus: true });
}

function attachDocument(doc) {
  if (!doc?.documentElement || doc.documentElement.hasAttribute(ATTACHED)) return;
  doc.documentElement.setAttribute(ATTACHED, "");
  const card = new Card(doc, {
    onDismiss: (checker, sentence) => checker.dismiss(sentence),
    onWrongLabel: sendWrongLabel,
    adviceFor,
  });
  doc.addEventListener("focusin", onFocusIn, true);
  doc.addEventListener("mousemove", (event) => onPointerMove(event, card), { passive: true });
  doc.addEventListener("keydown", (event) => onKeyDown(event, card), true);
  for (const frame of doc.querySelectorAll("iframe")) attachFrame(frame);
  const active = deepActive(doc.activeElement);
  if (active && active !== doc.body) onFocusIn({ composedPath: () => [active], target: active });
}

function sendWrongLabel(checker, sentence) {
  // The service keeps corrections for the five languages it knows; "other" has nowhere to go.
  if (checker.lang && checker.lang !== "other") {
    request(Kind.feedback, {
      sentence: sentence.text, lang: checker.lang, predicted: sentence.labels, correct_labels: [],
      comment: "wrong label (from the hover card)",
    }).catch((error) => console.debug("Tonefall feedback:", error.message));
  }
  checker.dismiss(sentence);
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

function readSiteSwitch() {
  siteEnabled = request(Kind.siteEnabled, { host: location.hostname }).then(
    (reply) => reply.enabled,
    () => true,
  );
  siteEnabled.then((enabled) => {
    if (enabled) return;
    for (const checker of checkers.values()) checker.destroy();
    checkers.clear();
  });
}

function start() {
  readSiteSwitch();
  chrome.storage.onChanged.addListener((changes) => {
    if ("disabledSites" in changes || "enabledSites" in changes) readSiteSwitch();
    if ("token" in changes || "serviceUrl" in changes) tips = null;
  });
  chrome.runtime.onMessage.addListener((message, _sender, reply) => {
    if (message.kind !== Kind.counts) return false;
    const checker = lastFocused && checkers.get(lastFocused);
    if (checker) reply({ ok: true, counts: checker.counts(), host: location.hostname });
    return false;
  });
  attachDocument(document);
}

start();

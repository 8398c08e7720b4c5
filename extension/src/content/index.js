// Content script: finds editable fields as they get focus, in this document, its open shadow
// roots and same-origin iframes, and hands them to the Coach; all service calls go through the
// background worker (content scripts obey the page's CORS rules, the worker does not).
import { Kind, request } from "../api/protocol.js";
import { Coach } from "./coach.js";
import { deepTarget, editableRoot, isExcluded } from "./editors.js";
import { siteHost } from "./site.js";

const ATTACHED = "data-tonefall-frame";
const watchedFrames = new WeakSet();
let tips = null; // {lang: {label: {why, tip}}} from the service
// Resolves once the background says whether this site is checked; focus handling waits on it.
let siteEnabled = Promise.resolve(true);

const coach = new Coach({
  analyze: async (text) => (await request(Kind.analyze, { text })).result,
  adviceFor: (lang, label) => {
    if (!tips) loadTips();
    return tips?.[lang]?.[label] || tips?.en?.[label] || null;
  },
  feedback: {
    send: async (body) => (await request(Kind.feedback, body)).result,
    takeBack: (id) => request(Kind.takeBack, { id }),
  },
  onError: (error) => console.debug("Tonefall:", error.message),
});

function loadTips() {
  tips = {}; // one request at a time; replaced by the answer
  request(Kind.tips).then(
    (reply) => (tips = reply.tips),
    () => (tips = null), // service down or no token: the popup says so; try again later
  );
}

async function onFocusIn(event) {
  const target = deepTarget(event);
  if (target?.tagName === "IFRAME") return attachFrame(target);
  const field = editableRoot(target);
  if (!field || isExcluded(field) || !(await siteEnabled)) return;
  if (!tips) loadTips();
  coach.focus(field);
}

function attachDocument(doc) {
  if (!doc?.documentElement || doc.documentElement.hasAttribute(ATTACHED)) return;
  if (doc.documentElement.hasAttribute("data-tonefall-page")) return; // the /demo page runs its own
  doc.documentElement.setAttribute(ATTACHED, "");
  coach.listen(doc);
  doc.addEventListener("focusin", onFocusIn, true);
  for (const frame of doc.querySelectorAll("iframe")) attachFrame(frame);
  const active = deepActive(doc.activeElement);
  if (active && active !== doc.body) onFocusIn({ composedPath: () => [active], target: active });
}

function deepActive(element) {
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}

/**
 * Same-origin iframes (srcdoc / about:blank editors) are attached from here too, and again after
 * each load: a document.open/write or a new srcdoc gives the frame a fresh document.
 */
function attachFrame(frame) {
  const attach = () => {
    try {
      attachDocument(frame.contentDocument);
    } catch {
      // Cross-origin: that frame runs its own copy of this script.
    }
  };
  attach();
  if (watchedFrames.has(frame)) return; // focus comes back to a frame many times: one listener
  watchedFrames.add(frame);
  frame.addEventListener("load", attach);
}

function readSiteSwitch() {
  siteEnabled = request(Kind.siteEnabled, { host: siteHost() }).then(
    (reply) => reply.enabled,
    () => true,
  );
  siteEnabled.then((enabled) => enabled || coach.destroyAll());
}

function start() {
  readSiteSwitch();
  chrome.storage.onChanged.addListener((changes) => {
    if ("disabledSites" in changes || "enabledSites" in changes) readSiteSwitch();
    if ("token" in changes || "serviceUrl" in changes) tips = null;
  });
  chrome.runtime.onMessage.addListener((message, _sender, reply) => {
    if (message.kind === Kind.markSentence) coach.markAtCaret();
    if (message.kind !== Kind.counts) return false;
    const counts = coach.counts();
    if (counts) reply({ ok: true, counts, host: siteHost() });
    return false;
  });
  attachDocument(document);
}

start();

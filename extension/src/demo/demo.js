// The /demo page: the extension's Coach (same checker, renderers and card) on two editors,
// talking to the service with a session bought by the one-time key in the URL fragment.
import { LABELS } from "../labels.js";
import { Coach } from "../content/coach.js";
import { swatch } from "../render/style.js";
import { labelName, localize, t } from "../ui/i18n.js";

const SESSION = "tonefall-demo-session";
// Examples from the annotation guide (shared/LABELS.md), so the demo shows every label.
const EXAMPLES = {
  English: "Hi Anna,\nI'm really sorry you had to chase us for this, that shouldn't have happened. As we already explained in our previous email, this is not covered. Hopefully this might fix the issue, but I'm not entirely sure. Please be advised that your request has been duly noted and will be processed accordingly.\nBest regards, Tom",
  Svenska: "Hej Anna,\nJag förstår verkligen att det här har varit frustrerande för dig. Det framgick tydligt av beställningen att sängbotten inte ingick. Jag ska försöka kolla upp det, kanske blir det klart till fredag. Ärendet har överlämnats till berörd avdelning för vidare handläggning.\nMed vänliga hälsningar, Tom",
};

/** The session for this tab: bought with the URL's one-time key, then kept in sessionStorage. */
async function session() {
  const key = new URLSearchParams(location.hash.slice(1)).get("key");
  if (key) {
    history.replaceState(null, "", location.pathname); // the key is spent: keep it out of history
    const response = await fetch("/v1/demo/session", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key }),
    });
    if (response.ok) sessionStorage.setItem(SESSION, (await response.json()).session);
  }
  return sessionStorage.getItem(SESSION);
}

function showExpired() {
  const status = document.getElementById("status");
  status.textContent = t("demo_expired", "This demo link has been used or has expired.");
  status.hidden = false;
}

function client(token) {
  return async (method, path, body) => {
    const response = await fetch(path, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) showExpired();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  };
}

function showLegend() {
  const legend = document.getElementById("legend");
  for (const label of LABELS) {
    const item = document.createElement("span");
    item.append(swatch(document, label), " ", labelName(label));
    legend.append(item);
  }
}

function showExamples(editor) {
  for (const [name, text] of Object.entries(EXAMPLES)) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name;
    button.addEventListener("click", () => {
      editor.focus();
      editor.value = text;
      editor.dispatchEvent(new Event("input", { bubbles: true }));
    });
    document.getElementById("examples").append(button);
  }
}

async function main() {
  localize(document);
  showLegend();
  const token = await session();
  if (!token) return showExpired();
  const call = client(token);
  let tips = {};
  call("GET", "/v1/demo/tips").then((answer) => (tips = answer.tips), () => {});
  const coach = new Coach({
    analyze: (text) => call("POST", "/v1/demo/analyze", { text }),
    adviceFor: (lang, label) => tips[lang]?.[label] || tips.en?.[label] || null,
    onError: (error) => console.debug("Tonefall demo:", error.message),
    // No feedback: demo text is play, not corrections to train on (the card offers Dismiss only).
  });
  coach.listen(document);
  for (const editor of [document.getElementById("rich"), document.getElementById("plain")]) {
    editor.addEventListener("focus", () => coach.focus(editor));
  }
  showExamples(document.getElementById("plain"));
  document.body.dataset.ready = "true";
}

main();

// The card's parts as plain DOM builders (no state): a section per label, the correction
// controls (remove one label, pick the right ones, "this is fine"), and short messages.
import { LABELS } from "../labels.js";
import { swatch } from "../render/style.js";
import { labelName, t } from "../ui/i18n.js";

export function element(doc, tag, className, ...children) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

export function button(doc, text, onClick, className = "") {
  const node = element(doc, "button", className, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

/** "Defensive, Officialese", or "no label" for a neutral sentence. */
export const labelList = (labels) => (labels.length ? labels.map(labelName).join(", ") : t("no_label", "no label"));

/** One label: its name, why (with the cue words), the tip, the model's confidence; optionally a remove button. */
export function labelSection(doc, { label, sentence, text, advice, onRemove }) {
  const head = element(doc, "div", "label", swatch(doc, label), labelName(label));
  const why = element(doc, "p", "why", advice?.why || "");
  const cues = (sentence.cues || []).map((cue) => text.slice(cue.start, cue.end)).filter(Boolean);
  cues.forEach((cue, index) => why.append(index ? ", " : " ", element(doc, "span", "cue", `“${cue}”`)));
  const tip = element(doc, "p", "tip", advice?.tip || "");
  const score = sentence.scores?.[label];
  const confidence = element(doc, "div", "confidence",
    score === undefined || sentence.corrected ? "" : `${t("confidence", "Confidence")}: ${Math.round(score * 100)}%`);
  const part = element(doc, "div", "section", head, why, tip, confidence);
  part.dataset.label = label;
  if (onRemove) {
    const remove = button(doc, t("remove_label", "Remove this label"), onRemove, "remove");
    remove.setAttribute("aria-label", `${t("remove_label", "Remove this label")}: ${labelName(label)}`);
    head.append(remove);
  }
  return part;
}

/** Checkboxes for every label, ticked as `current`; Save (enabled once the choice differs) gets the ticked ones. */
export function labelPicker(doc, { title, current, onSave }) {
  const boxes = LABELS.map((label) => {
    const box = doc.createElement("input");
    box.type = "checkbox";
    box.value = label;
    box.checked = current.includes(label);
    return box;
  });
  const chosen = () => boxes.filter((box) => box.checked).map((box) => box.value);
  const save = button(doc, t("save", "Save"), () => onSave(chosen()), "save");
  const same = () => chosen().join() === LABELS.filter((label) => current.includes(label)).join();
  save.disabled = same();
  const list = element(doc, "div", "choices", ...boxes.map((box) =>
    element(doc, "label", "choice", box, swatch(doc, box.value), labelName(box.value))));
  list.addEventListener("change", () => (save.disabled = same()));
  const fieldset = element(doc, "fieldset", "picker", element(doc, "legend", "", title), list, element(doc, "div", "actions", save));
  return fieldset;
}

/** A short message, with a Take back button when the correction can still be taken back. */
export function message(doc, text, onTakeBack) {
  const note = element(doc, "p", "message", text);
  note.setAttribute("role", "status");
  return onTakeBack ? element(doc, "div", "", note, element(doc, "div", "actions",
    button(doc, t("take_back", "Take back"), onTakeBack, "take-back"))) : note;
}

const CONTEXT_CHARS = 28; // of the sentence on each side of a rewrite, so the agent sees it in place

/** The rewrites for one label: the change in its context, why, and Apply (absent when there is no safe rewrite). */
export function suggestionList(doc, { sentence, text, suggestions, onApply }) {
  return element(doc, "ul", "rewrites", ...suggestions.map((suggestion) => {
    const before = text.slice(sentence.start, suggestion.start);
    const after = text.slice(suggestion.end, sentence.end);
    const original = text.slice(suggestion.start, suggestion.end);
    const preview = element(doc, "p", "preview",
      before.length > CONTEXT_CHARS ? `…${before.slice(-CONTEXT_CHARS)}` : before,
      ...(suggestion.replacement === null
        ? [element(doc, "span", "cue", original)]
        : [original.trim() ? element(doc, "del", "", original) : "", suggestion.replacement ? element(doc, "ins", "", suggestion.replacement) : ""]),
      after.length > CONTEXT_CHARS ? `${after.slice(0, CONTEXT_CHARS)}…` : after,
      element(doc, "span", "reason", suggestion.why));
    const item = element(doc, "li", "rewrite", preview);
    item.dataset.start = String(suggestion.start); // which span it rewrites (tests pick one by it)
    if (suggestion.replacement !== null) {
      const apply = button(doc, t("apply", "Apply"), () => onApply(suggestion), "apply");
      apply.setAttribute("aria-label", `${t("apply", "Apply")}: ${suggestion.replacement || t("remove_words", "remove")} (${original.trim()})`);
      item.append(apply);
    }
    return item;
  }));
}

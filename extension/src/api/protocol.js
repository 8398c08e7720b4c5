// Typed messages between content scripts / popup and the background worker, which alone talks
// to the service (content scripts obey the page's CORS rules; the worker has host permission).

export const Kind = Object.freeze({
  analyze: "analyze", // {text, lang?} -> {ok, result | error}
  feedback: "feedback", // {sentence, lang, predicted, correct_labels, comment?} -> {ok, result: {id}}
  takeBack: "takeBack", // {id} -> {ok}: deletes that feedback item (the agent took the correction back)
  tips: "tips", // {} -> {ok, tips: {lang: {label: {why, tip}}}} (the service's /v1/tips)
  status: "status", // {} -> {ok, state: "connected"|"token-missing"|"unauthorized"|"service-down", model?}
  siteEnabled: "siteEnabled", // {host} -> {ok, enabled}
  setSiteEnabled: "setSiteEnabled", // {host, enabled} -> {ok}
  counts: "counts", // (background -> content, from the popup) {} -> {counts}
  markSentence: "markSentence", // (background -> content, from the context menu) {}: the card at the caret
});

/** Send a request to the background worker; resolves to its `result` or throws its error. */
export async function request(kind, payload = {}) {
  const reply = await chrome.runtime.sendMessage({ kind, ...payload });
  if (!reply || !reply.ok) {
    const error = new Error(reply?.error || "no reply from the Tonefall background worker");
    error.code = reply?.error;
    throw error;
  }
  return reply;
}

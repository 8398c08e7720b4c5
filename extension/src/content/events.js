// A DOM event after fresh underlines are painted: lets benchmarks (and curious pages) time the
// whole path from the debounce firing to pixels, without reaching into the content script.
export const RENDERED_EVENT = "tonefall:rendered";

/** Dispatch RENDERED_EVENT on the editor's document once the browser has painted the result. */
export function announceRendered(checker) {
  const doc = checker.adapter.document;
  const win = doc.defaultView;
  win.requestAnimationFrame(() =>
    // rAF runs before the paint; a task queued from it runs after that paint.
    win.setTimeout(() => {
      const now = performance.now();
      const detail = JSON.stringify({
        ms: now - checker.checkStarted, // debounce fired -> painted
        serviceMs: checker.answered - checker.checkStarted, // of which: waiting for the service's answer
        sentences: checker.visible().length,
      });
      doc.dispatchEvent(new win.CustomEvent(RENDERED_EVENT, { detail }));
    }, 0),
  );
}

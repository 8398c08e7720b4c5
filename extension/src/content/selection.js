// The selection object that sees inside an open shadow root (Chromium's shadowRoot.getSelection).
export function selectionOf(node) {
  const root = node.getRootNode();
  return (typeof root.getSelection === "function" ? root.getSelection() : null) || node.ownerDocument.getSelection();
}

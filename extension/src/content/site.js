// Which site a frame belongs to, for the agent's per-site switch (the popup names the tab's host).

/**
 * The site the agent switches on or off: this frame's host, or for frames without one of their
 * own (about:blank, srcdoc, sandboxed: where editors such as TinyMCE live) the page holding them.
 */
export function siteHost() {
  if (location.hostname) return location.hostname;
  // Chromium lists the holding pages' origins, sandboxed frames included; elsewhere ask the parents.
  const holders = location.ancestorOrigins ? [...location.ancestorOrigins].map(hostOf) : parentHosts();
  return holders.find(Boolean) || "";
}

function hostOf(origin) {
  try {
    return new URL(origin).hostname;
  } catch {
    return ""; // "null": an opaque origin
  }
}

function parentHosts() {
  const hosts = [];
  for (let win = window; win !== window.top; win = win.parent) {
    try {
      hosts.push(win.parent.location.hostname);
    } catch {
      break; // a parent of another origin (or this frame is sandboxed): no way up
    }
  }
  return hosts;
}

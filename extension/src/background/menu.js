// The editable-field context menu entry "Tonefall: mark sentence": asks the tab's frames to open
// the card for the caret's sentence (Chromium moves the caret to a right-click); the frame whose
// editor has focus does.
import { Kind } from "../api/protocol.js";

export const MENU_ID = "tonefall-mark";

function createMenu() {
  // Menus outlive the worker but not every browser restart: made anew each time, replacing the old.
  chrome.contextMenus.removeAll(() =>
    chrome.contextMenus.create({ id: MENU_ID, title: chrome.i18n.getMessage("mark_sentence"), contexts: ["editable"] }));
}

export function installMarkMenu() {
  chrome.runtime.onInstalled.addListener(createMenu);
  chrome.runtime.onStartup.addListener(createMenu);
  chrome.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    chrome.tabs.sendMessage(tab.id, { kind: Kind.markSentence }).catch(() => {}); // a page without the content script
  });
}

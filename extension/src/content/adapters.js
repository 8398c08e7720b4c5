// One adapter per kind of editor: reads its text and draws underlines, never writing to it.
import { HighlightLayer } from "../render/highlights.js";
import { TextareaMirror } from "../render/mirror.js";
import { buildTextMap, rangeFor } from "../render/textmap.js";

const layers = new WeakMap();

function layerFor(doc) {
  if (!layers.has(doc)) layers.set(doc, new HighlightLayer(doc));
  return layers.get(doc);
}

export class TextareaAdapter {
  constructor(field) {
    this.field = field;
    this.document = field.ownerDocument;
    this.mirror = new TextareaMirror(field);
  }
  text() {
    return this.field.value;
  }
  render(sentences) {
    this.mirror.render(this.field.value, sentences);
  }
  hit(x, y) {
    return this.mirror.hit(x, y);
  }
  rectOf(sentence) {
    return this.mirror.rectOf(sentence);
  }
  destroy() {
    this.mirror.destroy();
  }
}

export class RichAdapter {
  constructor(root) {
    this.root = root;
    this.document = root.ownerDocument;
    this.layer = layerFor(this.document);
    this.map = null;
  }
  text() {
    this.map = buildTextMap(this.root);
    return this.map.text;
  }
  currentMap() {
    if (!this.map) this.text();
    return this.map;
  }
  render(sentences) {
    this.layer.render(this.root, this.currentMap(), sentences);
  }
  hit(x, y) {
    const item = this.layer.hit(this.root, x, y);
    return item && { sentence: item.sentence, rect: item.range.getBoundingClientRect() };
  }
  /** The box around a sentence's text, underlined or not (the card is placed beside it). */
  rectOf(sentence) {
    return rangeFor(this.currentMap(), sentence.start, sentence.end)?.getBoundingClientRect() || null;
  }
  destroy() {
    this.layer.clear(this.root);
  }
}

export function adapterFor(field) {
  return field.tagName === "TEXTAREA" ? new TextareaAdapter(field) : new RichAdapter(field);
}

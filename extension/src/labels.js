// The label names in the service's output order. generated/labels.json is written by
// `python -m tonefall.labels --json extension/src/generated/labels.json` from the one Python
// definition (server/tonefall/labels.py); a test checks that the committed file is current.
import generated from "./generated/labels.json" with { type: "json" };

export const LABELS = Object.freeze(generated.labels);

"""report.html: one self-contained page (inline CSS and SVG, no scripts, no external files)."""

from html import escape

from tonefall.labels import LABELS
from tonefall.report import svg

# The extension's underline colours (extension/src/render/style.js), colour-blind safe.
COLOURS = {"empathetic": "#0072B2", "defensive": "#D55E00", "weak-hedged": "#E69F00", "officialese": "#CC79A7"}
VOICE_COLOURS = {"vi/we": "#009E73", "jag/jeg/eg/I": "#56B4E9"}
MAX_CHART_ROWS = 25

CSS = """body{font:14px/1.45 system-ui,sans-serif;color:#1d1d1f;margin:24px auto;max-width:980px;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#f4f6f8;border-radius:6px;padding:10px 14px;min-width:150px}.card b{display:block;font-size:20px}
.muted{color:#666}.tag{border-radius:3px;padding:0 4px;color:#fff;font-size:11px;margin-right:3px}
td.text,th.text{text-align:left;max-width:560px}"""


def render(report: dict) -> str:
    parts = [f"<h1>Tonefall team report</h1><p class=muted>{escape(_about(report))}</p>"]
    if "overall" in report:
        parts += [_overview(report), *_group_sections(report), _voice(report), _flagged(report), _weak(report)]
    if report.get("macros"):
        parts.append(_macros(report["macros"]))
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Tonefall team report</title>"
            f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>\n")


def _about(report: dict) -> str:
    summary = report.get("summary", {})
    skipped = ", ".join(f"{n} {reason}" for reason, n in summary.get("skipped", {}).items()) or "none"
    return (f"Model {report.get('model', '?')}. Rows read {summary.get('rows_read', 0)}, used {summary.get('rows_used', 0)}, "
            f"skipped: {skipped}. Sentences are a reply's own (quoted customer text left out), labelled as /v1/analyze does.")


def _overview(report: dict) -> str:
    o = report["overall"]
    cards = [("replies", o["replies"]), ("sentences", o["sentences"]),
             *((f"{label} per 100", o["per_100"][label]) for label in LABELS),
             ("open by confirming the feeling", f"{100 * o['empathetic_opening_share']:.0f} %"),
             ("vi/we of vi+jag voice", f"{100 * o['we_share']:.0f} %"),
             ("open with men/but, per 100", o["but_openers_per_100"]), ("weak words per 100", o["weak_words_per_100"])]
    html = "".join(f"<div class=card><b>{escape(str(v))}</b>{escape(k)}</div>" for k, v in cards)
    return f"<h2>Overview</h2><div class=cards>{html}</div>"


def _largest(rows: dict[str, dict]) -> list[str]:
    """The groups to plot: the biggest by sentences, at most MAX_CHART_ROWS, in table order."""
    keep = set(sorted(rows, key=lambda k: -rows[k]["sentences"])[:MAX_CHART_ROWS])
    return [k for k in rows if k in keep]


def _group_sections(report: dict) -> list[str]:
    sections = []
    for grouping in ("team", "agent", "week", "channel"):
        rows = report.get(f"by_{grouping}") or {}
        if not rows:
            continue
        names = list(rows) if grouping == "week" else _largest(rows)
        series = {label: [rows[n]["per_100"][label] for n in names] for label in LABELS}
        chart = (svg.lines(f"labels per 100 sentences by {grouping}", names, series, COLOURS) if grouping == "week"
                 else svg.grouped_bars(f"labels per 100 sentences by {grouping}", names, series, COLOURS))
        opening = svg.bars(f"share of replies opening by confirming the feeling, by {grouping}",
                           [(n, 100 * rows[n]["empathetic_opening_share"]) for n in names], COLOURS["empathetic"], "{:.0f} %", top=100)
        sections.append(f"<h2>By {grouping}</h2><p>Labels per 100 sentences.</p>{chart}"
                        f"<p>Replies whose first sentence after the greeting is empathetic (\"det första och viktigaste\").</p>"
                        f"{opening}{_group_table(rows, grouping)}")
    return sections


def _group_table(rows: dict[str, dict], grouping: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in (grouping, "replies", "sentences", *LABELS, "opening empathetic",
                                                     "vi/we share", "men/but per 100", "weak per 100"))
    body = "".join(
        f"<tr><td>{escape(name)}</td><td>{r['replies']}</td><td>{r['sentences']}</td>"
        + "".join(f"<td>{r['per_100'][label]}</td>" for label in LABELS)
        + f"<td>{100 * r['empathetic_opening_share']:.0f} %</td><td>{100 * r['we_share']:.0f} %</td>"
        f"<td>{r['but_openers_per_100']}</td><td>{r['weak_words_per_100']}</td></tr>" for name, r in rows.items())
    return f"<table><tr>{head}</tr>{body}</table>"


def _voice(report: dict) -> str:
    rows = report.get("by_team") or {"all replies": report["overall"]}
    names = _largest(rows)
    per_100 = lambda n, key: round(100 * rows[n][key] / rows[n]["sentences"], 1) if rows[n]["sentences"] else 0.0
    chart = svg.grouped_bars("vi/we versus jag/I sentences per 100", names,
                             {"vi/we": [per_100(n, "we_sentences") for n in names],
                              "jag/jeg/eg/I": [per_100(n, "i_sentences") for n in names]}, VOICE_COLOURS)
    buts = svg.bars("sentences opening with men/but, per 100", [(n, rows[n]["but_openers_per_100"]) for n in names],
                    COLOURS["defensive"])
    return (f"<h2>Voice and openers</h2><p>Sentences written as \"vi/we\" versus \"jag/jeg/eg/I\", per 100 sentences.</p>{chart}"
            f"<p>Sentences that open with \"men\" / \"but\", per 100 sentences.</p>{buts}")


def _tags(labels: list[str]) -> str:
    return "".join(f'<span class=tag style="background:{COLOURS[label]}">{escape(label)}</span>' for label in labels)


def _flagged(report: dict) -> str:
    rows = "".join(f"<tr><td>{r['count']}</td><td>{_tags(r['labels'])}</td><td class=text>{escape(r['text'])}</td></tr>"
                   for r in report["top_flagged"])
    return ("<h2>Most common flagged sentences</h2><p>Stock phrases worth rewriting in the team's macros.</p>"
            f"<table><tr><th>count</th><th class=text>labels</th><th class=text>sentence</th></tr>{rows}</table>")


def _weak(report: dict) -> str:
    items = [(r["word"], r["count"]) for r in report["weak_words"]]
    chart = svg.bars("weak words", items, COLOURS["weak-hedged"], "{:.0f}") if items else "<p>None found.</p>"
    return f"<h2>Weak words</h2><p>Words from the service's weak-hedged cue lists, by use.</p>{chart}"


def _macros(macros: list[dict]) -> str:
    rows = "".join(
        f"<tr><td>{escape(m['title'])}</td><td>{m['sentences']}</td><td>{m['problems']}</td><td>{m['problems_per_100']}</td>"
        f"<td class=text>{'<br>'.join(_tags(f['labels']) + escape(f['text']) for f in m['flagged'])}</td></tr>"
        for m in macros)
    return ("<h2>Macros, worst first</h2><p>Problem labels (defensive, weak-hedged, officialese) per 100 sentences.</p>"
            f"<table><tr><th>macro</th><th>sentences</th><th>problems</th><th>per 100</th><th class=text>flagged sentences</th></tr>"
            f"{rows}</table>")

"""Evaluation plots as PNG files (matplotlib, Agg backend: no display needed).

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness; the confusion matrix uses viridis and prints every number in the cells.
"""

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from tonefall.labels import LABELS

from tonefall_train.metrics import label_confusion, reliability

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")


def _save(fig: plt.Figure, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_f1_by_language(report: Mapping, path: Path, title: str = "F1 per label and language") -> Path:
    """Grouped bars: one group per label, one bar per language (plus "all"); from score_report()."""
    languages = list(report["per_language"])
    series = [("all", report["per_label"])] + [(lang, report["per_language"][lang]["per_label"]) for lang in languages]
    fig, ax = plt.subplots(figsize=(max(7, 1.6 * len(LABELS) * len(series) / 3), 4.5))
    width = 0.8 / len(series)
    positions = np.arange(len(LABELS))
    for k, (name, per_label) in enumerate(series):
        values = [per_label[label]["f1"] if per_label[label]["support"] else 0.0 for label in LABELS]
        ax.bar(
            positions + (k - (len(series) - 1) / 2) * width,
            values,
            width,
            label=name,
            color=OKABE_ITO[k % len(OKABE_ITO)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor="white",
        )
    ax.set_xticks(positions, LABELS)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("F1 (0 where the label has no test sentence)")
    ax.set_xlabel("label")
    macro = report.get("macro_f1")
    ax.set_title(f"{title} (macro-F1 {macro:.3f})" if macro is not None else title)
    ax.legend(title="language", ncol=min(len(series), 6), fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.15))
    ax.grid(axis="y", alpha=0.3)
    return _save(fig, path)


def plot_label_confusion(y_true, y_pred, path: Path, title: str = "True label → predicted labels") -> Path:
    """Row-normalised matrix of true label (rows) against predicted labels (columns), neutral included."""
    confusion = label_confusion(y_true, y_pred)
    names, counts = confusion["labels"], np.array(confusion["counts"], dtype=float)
    totals = np.array(confusion["row_totals"], dtype=float)
    shares = np.divide(counts, totals[:, None], out=np.zeros_like(counts), where=totals[:, None] > 0)
    fig, ax = plt.subplots(figsize=(7, 6))
    image = ax.imshow(shares, cmap="viridis", vmin=0, vmax=1)
    for i in range(len(names)):
        for j in range(len(names)):
            colour = "black" if shares[i, j] > 0.6 else "white"
            ax.text(j, i, f"{shares[i, j]:.2f}\n({int(counts[i, j])})", ha="center", va="center", color=colour, fontsize=8)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), [f"{name} (n={int(t)})" for name, t in zip(names, totals)])
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="share of the row's sentences")
    return _save(fig, path)


def plot_reliability(y_true, scores, path: Path, n_bins: int = 10, title: str = "Reliability per label") -> Path:
    """One panel per label: observed positive rate against mean score per bin, bar counts below."""
    bins = reliability(y_true, scores, n_bins=n_bins)
    fig, axes = plt.subplots(2, len(LABELS), figsize=(3.2 * len(LABELS), 5.5), sharex=True,
                             gridspec_kw={"height_ratios": [3, 1]})
    for k, label in enumerate(LABELS):
        data, top, bottom = bins[label], axes[0, k], axes[1, k]
        edges = np.array(data["bin_edges"])
        filled = [i for i, c in enumerate(data["count"]) if c]
        top.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfect calibration")
        top.plot([data["mean_score"][i] for i in filled], [data["observed_rate"][i] for i in filled],
                 marker="o", color=OKABE_ITO[4], label="model")
        top.set_title(f"{label}\nBrier {data['brier']:.3f}" if data["brier"] is not None else label, fontsize=10)
        top.set_xlim(0, 1)
        top.set_ylim(0, 1)
        centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
        bottom.bar(centres, data["count"], width=widths * 0.9, color=OKABE_ITO[0])
        bottom.set_yscale("symlog")
        bottom.set_xlabel("predicted score")
        if k == 0:
            top.set_ylabel("observed share with label")
            bottom.set_ylabel("sentences")
            top.legend(fontsize="small", loc="upper left")
    fig.suptitle(title)
    return _save(fig, path)


def write_plots(y_true, y_pred, scores, report: Mapping, out_dir: Path, prefix: str = "",
                system: str = "") -> dict[str, str]:
    """All three plots into out_dir, titles led by ``system`` if given; returns {plot name: file name}."""
    out_dir = Path(out_dir)
    lead = f"{system}: " if system else ""
    files = {
        "f1_by_language": plot_f1_by_language(report, out_dir / f"{prefix}f1_by_language.png",
                                              title=f"{lead}F1 per label and language"),
        "label_confusion": plot_label_confusion(y_true, y_pred, out_dir / f"{prefix}label_confusion.png",
                                                title=f"{lead}true label → predicted labels"),
        "reliability": plot_reliability(y_true, scores, out_dir / f"{prefix}reliability.png",
                                        title=f"{lead}reliability per label"),
    }
    return {name: path.name for name, path in files.items()}

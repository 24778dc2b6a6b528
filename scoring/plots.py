"""Plots shared by training runs and evaluation reports (matplotlib, no display needed).

Each function returns a Figure; callers log it to MLflow or embed it in HTML.
Only aggregate numbers are drawn: never narrative text.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray
from sklearn.metrics import precision_recall_curve

from scoring.metrics import reliability_curve


def confusion_matrix_figure(matrix: list[list[int]], level_ids: list[str], title: str) -> Figure:
    """Need-level confusion matrix, rows true, columns suggested, counts annotated."""
    values = np.asarray(matrix, dtype=float)
    figure, axis = plt.subplots(figsize=(5.5, 4.5))
    axis.imshow(values, cmap="Blues")
    short = [level.replace("_", "\n") for level in level_ids]
    axis.set_xticks(range(len(level_ids)), short, fontsize=8)
    axis.set_yticks(range(len(level_ids)), short, fontsize=8)
    axis.set_xlabel("suggested")
    axis.set_ylabel("recorded")
    top = values.max() if values.size else 0
    for row in range(values.shape[0]):
        for col in range(values.shape[1]):
            axis.text(col, row, f"{int(values[row, col])}", ha="center", va="center",
                      color="white" if values[row, col] > top / 2 else "black", fontsize=9)
    axis.set_title(title)
    figure.tight_layout()
    return figure


def reliability_figure(
    curves: dict[str, tuple[NDArray[Any], NDArray[Any]]], title: str, columns: int = 4
) -> Figure:
    """Reliability diagrams (observed frequency against confidence), one panel per curve."""
    points = {name: reliability_curve(y_true=truth, y_prob=prob) for name, (truth, prob) in curves.items()}
    return reliability_points_figure(points, title, columns)


def precision_recall_figure(
    *, y_true: NDArray[Any], y_prob: NDArray[Any], concern_ids: list[str], title: str
) -> Figure:
    """Per-category precision-recall curves in one panel."""
    figure, axis = plt.subplots(figsize=(6.5, 5))
    for index, concern in enumerate(concern_ids):
        column = y_true[:, index]
        if column.sum() == 0 or column.sum() == len(column):
            continue
        precision, recall, _ = precision_recall_curve(column, y_prob[:, index])
        axis.plot(recall, precision, linewidth=1, label=concern.replace("_", " "))
    axis.set_xlabel("recall")
    axis.set_ylabel("precision")
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1.02)
    axis.legend(fontsize=6, ncol=2, loc="lower left")
    axis.set_title(title)
    figure.tight_layout()
    return figure


def figure_to_data_uri(figure: Figure) -> str:
    """PNG data URI for self-contained HTML; closes the figure."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def reliability_points_figure(
    curves: dict[str, list[dict[str, float]]], title: str, columns: int = 4
) -> Figure:
    """Reliability diagrams from precomputed ``reliability_curve`` points (as in a report).

    The HTML report is rendered from metrics.json alone, so it draws the stored
    points rather than recomputing them from raw arrays.
    """
    count = max(1, len(curves))
    width = min(columns, count)
    rows = int(np.ceil(count / columns))
    figure, axes = plt.subplots(rows, width, figsize=(3.0 * width, 2.8 * rows), squeeze=False)
    for axis in axes.ravel():
        axis.set_visible(False)
    for axis, (name, points) in zip(axes.ravel(), curves.items(), strict=False):
        axis.set_visible(True)
        axis.plot([0, 1], [0, 1], linestyle=":", color="grey")
        axis.plot([p["confidence"] for p in points], [p["frequency"] for p in points],
                  marker="o", ms=3)
        axis.set_xlim(0, 1)
        axis.set_ylim(0, 1)
        axis.set_title(name.replace("_", " "), fontsize=8)
        axis.tick_params(labelsize=7)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def selective_prediction_figure(
    curve: list[dict[str, float]], operating_point: dict[str, float] | None, title: str
) -> Figure:
    """Accuracy on the referrals kept against the share abstained, sweeping the floor."""
    figure, axis = plt.subplots(figsize=(5.5, 4))
    axis.plot([p["abstain_rate"] for p in curve], [p["accuracy"] for p in curve], marker=".",
              ms=3)
    if operating_point is not None:
        axis.scatter([operating_point["abstain_rate"]], [operating_point["accuracy"]],
                     color="crimson", zorder=3, label="current confidence floor")
        axis.legend(fontsize=7, loc="lower right")
    axis.set_xlabel("share of referrals abstained on")
    axis.set_ylabel("accuracy on referrals not abstained on")
    axis.set_xlim(0, 1)
    axis.set_title(title)
    figure.tight_layout()
    return figure


def disparity_forest_figure(rows: list[dict[str, Any]], title: str, xlabel: str) -> Figure:
    """Forest plot: one row per group, point estimate with its interval, flagged in red.

    ``rows`` hold ``label``, ``estimate``, ``low``, ``high`` and ``flagged``; a row with
    ``reference`` set (the group others are compared with) is drawn as a black square.
    """
    height = max(2.0, 0.28 * len(rows) + 1.0)
    figure, axis = plt.subplots(figsize=(6.5, height))
    positions = np.arange(len(rows))[::-1]
    for position, row in zip(positions, rows, strict=True):
        colour = "crimson" if row.get("flagged") else ("black" if row.get("reference")
                                                        else "steelblue")
        low, high = row["low"], row["high"]
        if low is not None and high is not None and np.isfinite(low) and np.isfinite(high):
            axis.plot([low, high], [position, position], color=colour, linewidth=1.5)
        axis.plot([row["estimate"]], [position], marker="s" if row.get("reference") else "o",
                  color=colour, ms=4)
    axis.set_yticks(positions, [str(row["label"]) for row in rows], fontsize=7)
    axis.set_xlabel(xlabel)
    axis.set_title(title, fontsize=9)
    figure.tight_layout()
    return figure


def precision_recall_points_figure(curves: dict[str, dict[str, list[float]]], title: str) -> Figure:
    """Per-category precision-recall curves from stored (thinned) points."""
    figure, axis = plt.subplots(figsize=(6.5, 5))
    for concern, points in curves.items():
        axis.plot(points["recall"], points["precision"], linewidth=1,
                  label=concern.replace("_", " "))
    axis.set_xlabel("recall")
    axis.set_ylabel("precision")
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1.02)
    if curves:
        axis.legend(fontsize=6, ncol=2, loc="lower left")
    axis.set_title(title)
    figure.tight_layout()
    return figure

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
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from numpy.typing import NDArray  # noqa: E402
from sklearn.metrics import precision_recall_curve  # noqa: E402

from evaluation.metrics import reliability_curve  # noqa: E402


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
    count = max(1, len(curves))
    rows = int(np.ceil(count / columns))
    figure, axes = plt.subplots(rows, min(columns, count), figsize=(3.0 * min(columns, count), 2.8 * rows),
                                squeeze=False)
    for axis in axes.ravel():
        axis.set_visible(False)
    for axis, (name, (truth, prob)) in zip(axes.ravel(), curves.items(), strict=False):
        axis.set_visible(True)
        points = reliability_curve(y_true=truth, y_prob=prob)
        axis.plot([0, 1], [0, 1], linestyle=":", color="grey")
        axis.plot([p["confidence"] for p in points], [p["frequency"] for p in points], marker="o", ms=3)
        axis.set_xlim(0, 1)
        axis.set_ylim(0, 1)
        axis.set_title(name.replace("_", " "), fontsize=8)
        axis.tick_params(labelsize=7)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


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

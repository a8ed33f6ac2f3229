"""Matrix products through numpy's BLAS instead of thinc's bundled blis.

thinc's CPU ops multiply with blis, which on this project's machines runs the tok2vec layers
at about a third of the speed of the OpenBLAS kernels numpy ships with (same results, see
MODEL_CARD.md, "Speed"). ``use_numpy_blas(nlp)`` points every model node of a loaded pipeline
at ``NumpyBlasOps``; ``install_for_training()`` makes spaCy's trainer build its models with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from thinc.api import NumpyOps

if TYPE_CHECKING:
    from spacy.language import Language


class NumpyBlasOps(NumpyOps):
    """NumpyOps whose gemm is ``numpy.matmul``."""

    name = "numpy_blas"

    def gemm(
        self,
        x: Any,
        y: Any,
        out: Any = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> Any:
        """x @ y (each optionally transposed), written into ``out`` when given."""
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.matmul(a, b)
        np.matmul(a, b, out=out)
        return out


def use_numpy_blas(nlp: Language) -> Language:
    """Switch every trainable component's model nodes to NumpyBlasOps (in place)."""
    ops = NumpyBlasOps()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops
    return nlp


def install_for_training() -> None:
    """Make spaCy's trainer (which builds models on the current ops) use NumpyBlasOps."""
    from thinc.api import set_current_ops

    set_current_ops(NumpyBlasOps())

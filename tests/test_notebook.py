"""docs/quickstart.ipynb runs from top to bottom in a fresh kernel and shows what it promises."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "quickstart.ipynb"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:  # what is checked is this run's output, not the stored one
        if cell.cell_type == "code":
            cell.outputs = []
    # A kernel of our own for the interpreter running the tests (the venv's), so that
    # a "python3" kernel installed elsewhere on the machine cannot be picked instead.
    kernels = tmp_path_factory.mktemp("jupyter") / "kernels" / "quotemine-test"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "quotemine tests",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(kernels.parent.parent))
        NotebookClient(
            notebook,
            timeout=120,
            kernel_name="quotemine-test",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        ).execute()  # raises CellExecutionError at the first failing cell
    return notebook


def outputs(notebook: nbformat.NotebookNode, mime: str) -> list[str]:
    """Every output of one type, in order: ``"stream"`` for printed text, else a MIME type."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                if mime == "stream":
                    found.append(output["text"])
            elif mime in output.get("data", {}):
                found.append(output["data"][mime])
    return found


def test_the_notebook_runs_without_errors(executed):
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []


def test_the_first_cell_prints_speakers_and_cues(executed):
    printed = "".join(outputs(executed, "stream"))
    assert "Сергей Лавров" in printed and "заявить" in printed


def test_render_displays_as_html_with_marks(executed):
    html = [h for h in outputs(executed, "text/html") if 'class="quotemine"' in h]
    assert len(html) == 1
    assert "qm-speaker" in html[0] and "qm-cue" in html[0] and "qm-addressee" in html[0]


def test_tables_and_the_dask_check_show_their_results(executed):
    plain = outputs(executed, "text/plain")
    assert any("cue_lemma" in p and "Антони Блинкен" in p for p in plain)  # to_frame
    assert any("documents" in p and "examples" in p for p in plain)  # speaker_summary
    assert plain[-1] == "True"  # the dask bag equals qm.pipe

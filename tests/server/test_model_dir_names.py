"""The file names of a model directory are an on-disk contract: shipped and installed model
directories carry them, so code uses model_dir's constants and this test pins their values."""

import ast
from pathlib import Path

from tonefall import model_dir


def test_model_directory_file_names():
    assert (model_dir.MODEL_FILE, model_dir.TOKENIZER_FILE, model_dir.INFO_FILE) == (
        "model.onnx", "tokenizer.json", "model.json")
    assert (model_dir.CARD_FILE, model_dir.NOTES_FILE, model_dir.SPLIT_FILE, model_dir.EVALUATIONS_DIR) == (
        "MODEL_CARD.md", "NOTES.md", "split.json", "evaluations")


def test_no_model_file_name_is_spelled_out_in_code():
    """Outside model_dir.py the names come from its constants (docstrings and comments may say them)."""
    root = Path(model_dir.__file__).resolve().parents[2]
    names = {"model.onnx", "tokenizer.json", "model.json", "split.json", "MODEL_CARD.md", "NOTES.md"}
    found = []
    for path in [*(root / "server").rglob("*.py"), *(root / "training").rglob("*.py")]:
        if path.name == "model_dir.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        found += [f"{path.relative_to(root)}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and node.value in names and id(node) not in docstrings]
    assert found == []

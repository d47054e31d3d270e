"""The digits image classifier as a plain fastai script (lesson 1, trained from scratch): the
folders of PNGs, a seeded 20% held out, a small residual network of fastai layers,
fit_one_cycle. `python -m bench.scripts.image_fastai --data var/datasets/digits-png`."""

from __future__ import annotations

import time
from pathlib import Path

from fastai.layers import ConvLayer, Flatten, ResBlock
from fastai.vision.all import (
    CategoryBlock,
    DataBlock,
    ImageBlock,
    IndexSplitter,
    Learner,
    Normalize,
    PILImageBW,
    Resize,
    accuracy,
    get_image_files,
)
from torch import nn

from bench.scripts._common import arguments, random_split, report, seed


def main() -> None:
    args = arguments(epochs=5, bs=44, lr=1e-2)
    started = time.perf_counter()
    seed(args.seed)
    files = sorted(get_image_files(Path(args.data)))
    labels = [f.parent.name for f in files]
    block = DataBlock.from_columns(
        blocks=(ImageBlock(cls=PILImageBW), CategoryBlock),
        splitter=IndexSplitter(random_split(len(files), 0.2, args.seed)),
        item_tfms=Resize(16),
        batch_tfms=Normalize(),
    )
    dls = block.dataloaders((files, labels), bs=args.bs, num_workers=0)
    model = nn.Sequential(
        ConvLayer(1, 16, ks=3),
        ResBlock(1, 16, 32, stride=2),
        ResBlock(1, 32, 64, stride=2),
        ResBlock(1, 64, 64, stride=2),
        nn.AdaptiveAvgPool2d(1),
        Flatten(),
        nn.Dropout(0.1),
        nn.Linear(64, len(dls.vocab)),
    )
    learn = Learner(dls, model, metrics=accuracy)
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(args.epochs, args.lr)
        report("accuracy", float(learn.validate()[1]), started)


if __name__ == "__main__":
    main()

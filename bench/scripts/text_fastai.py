"""The tweet-device text classifier as a plain fastai script (lesson 4, no pretrained
weights): spaCy's blank tokenizer through fastai's TextBlock, a seeded 20% held out, a small
AWD-LSTM classifier, fit_one_cycle on one CPU thread.
`python -m bench.scripts.text_fastai --data var/datasets/trump-tweets` (the folder or its CSV)."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import torch
from fastai.text.all import (
    AWD_LSTM,
    CategoryBlock,
    ColReader,
    DataBlock,
    IndexSplitter,
    SpacyTokenizer,
    TextBlock,
    accuracy,
    awd_lstm_clas_config,
    text_classifier_learner,
)

from bench.scripts._common import arguments, random_split, report, seed


def main() -> None:
    args = arguments(epochs=3, bs=64, lr=1e-2)
    started = time.perf_counter()
    seed(args.seed)
    data = Path(args.data)
    texts = pd.read_csv(data / "texts.csv" if data.is_dir() else data)
    texts = texts.dropna().reset_index(drop=True)
    texts["text"], texts["label"] = texts["text"].astype(str), texts["label"].astype(str)
    block = DataBlock(
        blocks=(TextBlock.from_df("text", tok=SpacyTokenizer(), n_workers=0), CategoryBlock),
        get_x=ColReader("text"),
        get_y=ColReader("label"),
        splitter=IndexSplitter(random_split(len(texts), 0.2, args.seed)),
    )
    dls = block.dataloaders(texts, bs=args.bs, num_workers=0)
    config = {**awd_lstm_clas_config, "emb_sz": 100, "n_hid": 256, "n_layers": 2}
    learn = text_classifier_learner(
        dls, AWD_LSTM, config=config, pretrained=False, drop_mult=0.5, metrics=accuracy
    )
    torch.set_num_threads(1)
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(args.epochs, args.lr)
        report("accuracy", float(learn.validate()[1]), started)


if __name__ == "__main__":
    main()

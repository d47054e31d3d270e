"""Hand-written fastai scripts, the independent checks of the recipes: each trains what a
recipe trains, written the way a learner would after the lesson, with nothing from Exhale but
the data files. Run one with `python -m bench.scripts.<name> [epochs] [seed]`."""

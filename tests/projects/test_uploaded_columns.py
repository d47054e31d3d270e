"""Uploaded text and ratings CSVs name their own columns; the recipes read them by role."""

from projects.recipes.collab_movielens import read_ratings
from projects.recipes.text_classifier import read_texts


def test_text_recipe_reads_the_learners_chosen_columns(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_text("id,review,stars,sentiment\n1,great course,5,pos\n2,too fast,2,neg\n")

    texts = read_texts(path, {"text": "review", "target": "sentiment"})

    assert list(texts.columns) == ["text", "label"]
    assert texts["text"].tolist() == ["great course", "too fast"]
    assert texts["label"].tolist() == ["pos", "neg"]


def test_ratings_recipe_reads_the_learners_chosen_columns(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("who,what,score,when\nana,Matrix,4.5,2020\nben,Alien,3,2021\n")

    ratings = read_ratings(path, {"user": "who", "item": "what", "rating": "score"})

    assert sorted(ratings.columns) == ["item", "rating", "user"]
    assert ratings["item"].tolist() == ["Matrix", "Alien"]
    assert ratings["rating"].tolist() == [4.5, 3.0]


def test_bundled_data_still_reads_with_its_own_names(tmp_path):
    path = tmp_path / "texts.csv"
    path.write_text("text,label\nhello,a\n")

    assert read_texts(path)["label"].tolist() == ["a"]

"""Notebooks as posts: an executed notebook with a plot, a table, hostile HTML and Markdown
renders safely; big files and non-notebooks are refused with clear messages."""

import base64
import io
import re

import nbformat
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.support.urlwalk import inline_script_problems
from tracking.models import Notebook

pytestmark = pytest.mark.django_db


def executed_notebook() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    figure, axis = plt.subplots(figsize=(2, 1.5))
    axis.plot([1, 2, 3], [3, 1, 2])
    png = io.BytesIO()
    figure.savefig(png, format="png")
    plt.close(figure)
    table = pd.DataFrame({"epoch": [0, 1], "accuracy": [0.81, 0.93]})
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Lesson 1 from scratch\n\nMy notes <img src=x onerror=alert('md')> "
            "<iframe src='https://evil.example'></iframe>"
        ),
        nbformat.v4.new_code_cell(
            "plt.plot([1, 2, 3], [3, 1, 2])",
            execution_count=1,
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "image/png": base64.b64encode(png.getvalue()).decode(),
                        "text/plain": "<Figure size 200x150>",
                    },
                ),
            ],
        ),
        nbformat.v4.new_code_cell(
            "table",
            execution_count=2,
            outputs=[
                nbformat.v4.new_output(
                    "execute_result",
                    execution_count=2,
                    data={
                        "text/html": table._repr_html_(),
                        "text/plain": repr(table),
                    },
                ),
            ],
        ),
        nbformat.v4.new_code_cell(
            "evil()",
            execution_count=3,
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/html": "<script>alert('out')</script><b onclick='alert(1)'>bold</b>"
                        "<a href='javascript:alert(2)'>link</a><style>body{}</style>",
                    },
                ),
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                        "application/javascript": "alert('js')",
                        "text/plain": "IntSlider()",
                    },
                ),
                nbformat.v4.new_output("stream", name="stdout", text="epoch 0 done\n"),
            ],
        ),
    ]
    return nbformat.writes(nb).encode()


def upload(client, raw: bytes, name="lesson1.ipynb", **extra):
    return client.post(
        reverse("tracking:notebooks"),
        {"file": SimpleUploadedFile(name, raw, content_type="application/json"), **extra},
        follow=True,
    )


def test_a_notebook_becomes_a_post_with_its_plot_and_table_and_no_script(
    owner_client, owner, client
):
    page = upload(owner_client, executed_notebook(), title="Lesson 1", published="on")
    notebook = Notebook.objects.get(learner=owner)
    html = page.content.decode()

    assert "Rendered 4 cells." in html
    assert "interactive widget" in html and "JavaScript output" in html  # reported, not hidden
    post_url = reverse("portfolio:post", args=[owner.username, notebook.post_slug])
    post = client.get(post_url).content.decode()
    body = post[post.index('class="post-body notebook"') :]
    assert "<table" in body and "0.93" in body and "epoch 0 done" in body
    assert "Lesson 1 from scratch" in body and "bold" in body
    # Hostile markup survives at most as visible text, never as a tag or an attribute.
    tags = re.findall(r"<[a-z][^>]*>", body.lower())
    for bad in ("<script", "<iframe", "<style"):
        assert not [t for t in tags if t.startswith(bad)], bad
    assert not [t for t in tags if re.search(r"\son[a-z]+\s*=", t)]
    assert not [t for t in tags if "javascript:" in t]
    assert "alert('out')" not in body and "alert('js')" not in body
    assert inline_script_problems(post) == []
    images = re.findall(r'<img[^>]*src="([^"]+)"', body)
    assert images == [reverse("tracking:notebook-image", args=[notebook.pk, 1, "image-1.png"])]
    image = client.get(images[0])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    feed = client.get(reverse("portfolio:feed", args=[owner.username])).content.decode()
    assert "Lesson 1" in feed and "&lt;script" not in feed and "<script" not in feed


def test_a_private_notebook_and_its_images_are_hidden(owner_client, owner, client, stranger_client):
    upload(owner_client, executed_notebook())
    notebook = Notebook.objects.get(learner=owner)
    post_url = reverse("portfolio:post", args=[owner.username, notebook.post_slug])
    image_url = reverse("tracking:notebook-image", args=[notebook.pk, 1, "image-1.png"])
    assert client.get(post_url).status_code == 404
    assert client.get(image_url).status_code == 404
    assert stranger_client.get(reverse("tracking:notebook", args=[notebook.pk])).status_code == 404
    assert (
        stranger_client.post(
            reverse("tracking:notebook-publish", args=[notebook.pk]), {"published": "1"}
        ).status_code
        == 404
    )
    assert owner_client.get(image_url).status_code == 200


def test_a_new_version_replaces_the_post_and_keeps_its_first_date(owner_client, owner):
    upload(owner_client, executed_notebook(), published="on")
    notebook = Notebook.objects.get(learner=owner)
    first = notebook.published_at
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Second take")]
    owner_client.post(
        reverse("tracking:notebook", args=[notebook.pk]),
        {"file": SimpleUploadedFile("v2.ipynb", nbformat.writes(nb).encode())},
    )
    notebook.refresh_from_db()
    assert notebook.version == 2 and "Second take" in notebook.html
    assert notebook.published_at == first and notebook.images == []


def test_a_50_mb_file_is_refused_with_a_clear_message(owner_client, owner):
    page = upload(owner_client, b" " * (50 * 1024 * 1024))
    assert page.status_code == 400
    assert "notebooks up to 20 MB can be posted" in page.content.decode()
    assert not Notebook.objects.exists()


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"\x89PNG\r\n\x1a\n", "This file is not a Jupyter notebook"),
        (b'{"hello": "world"}', "is JSON but not a Jupyter notebook"),
        (b"[1, 2, 3]", "not a Jupyter notebook"),
    ],
)
def test_a_non_notebook_is_refused_next_to_the_file_field(owner_client, raw, message):
    page = upload(owner_client, raw, name="notes.ipynb")
    html = page.content.decode()
    assert page.status_code == 400 and message in html
    assert 'class="field-error" id="id_file_error"' in html
    assert not Notebook.objects.exists()


def test_links_only_to_the_learners_own_item_and_run(owner_client, stranger):
    from tests.factories import ItemFactory, RoadmapFactory, StageFactory

    theirs = ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=stranger)))
    page = upload(owner_client, executed_notebook(), item=theirs.pk)
    assert page.status_code == 400 and not Notebook.objects.exists()


def test_a_notebook_too_slow_to_render_is_refused_and_nothing_is_kept(owner_client, settings):
    # Thousands of nested tags in one HTML output: nbconvert takes over a minute on it.
    settings.EXHALE_NOTEBOOK_RENDER_SECONDS = 1
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x", execution_count=1, outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": "<div>" * 100_000}),
    ])]
    page = upload(owner_client, nbformat.writes(nb).encode())
    assert page.status_code == 400
    assert "takes more than 1 seconds to render" in page.content.decode()
    assert not Notebook.objects.exists()


def test_files_left_in_a_new_notebooks_folder_are_not_served_as_its_own(owner_client, owner):
    # A database restored without its files: the next notebook's id names a folder that still
    # holds someone else's source and image.
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    upload(owner_client, executed_notebook(), title="First")
    next_pk = Notebook.objects.get(learner=owner).pk + 1
    for name in ("source.ipynb", "image-1.png"):
        stale = f"notebooks/{next_pk}/v1/{name}"
        default_storage.delete(stale)
        assert default_storage.save(stale, ContentFile(b"SOMEONE ELSE")) == stale

    upload(owner_client, executed_notebook(), title="Second")

    second = Notebook.objects.get(learner=owner, title="Second")
    assert second.pk == next_pk
    image = owner_client.get(reverse("tracking:notebook-image", args=[second.pk, 1, "image-1.png"]))
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    with default_storage.open(f"{second.storage_prefix}/source.ipynb") as source:
        assert b"SOMEONE ELSE" not in source.read()
    _, files = default_storage.listdir(second.storage_prefix)
    assert sorted(files) == ["image-1.png", "source.ipynb"]

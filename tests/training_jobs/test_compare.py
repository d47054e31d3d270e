"""Comparing runs side by side, sharing a comparison of published runs, and the reference run.
A comparison never drops a run it may not show: any such id answers 404."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.support.world import MARKER
from tests.training_jobs.factories import SucceededJobFactory, TrainingJobFactory
from training_jobs.compare import (
    DASHES,
    baseline_margin,
    comparison_chart_svg,
    param_table,
    parse_run_ids,
    reference_delta_phrase,
    reference_pin,
)
from training_jobs.models import TrainingJob

# --- pure -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "ids"),
    [
        (["1,2,3"], [1, 2, 3]),
        (["3", "1"], [3, 1]),
        ([" 4 , 5 ,"], [4, 5]),
        (["1,2,1,2"], [1, 2]),
        ([",".join(map(str, range(1, 11)))], list(range(1, 11))),
        ([",".join(map(str, range(1, 11))) + ",1"], list(range(1, 11))),
    ],
)
def test_parse_run_ids_accepts_commas_repeats_and_duplicates(raw, ids):
    assert parse_run_ids(raw) == ids


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "at least 2"),
        (["7"], "at least 2"),
        (["7,7"], "at least 2"),
        (["1,abc"], "“abc” is not a run number"),
        (["1,-2"], "not a run number"),
        (["1,2.5"], "not a run number"),
        (["1,²"], "not a run number"),
        (["1,99999999999999999999"], "not a run number"),
        ([",".join(map(str, range(1, 12)))], "at most 10"),
        (["1"] * 60, "at most 10"),
    ],
)
def test_parse_run_ids_refuses_what_is_not_two_to_ten_run_numbers(raw, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        parse_run_ids(raw)
    assert message in " ".join(error.value.messages)


def test_param_table_marks_the_parameters_that_differ():
    rows = param_table([{"lr": 0.01, "seed": 1}, {"lr": 0.02, "seed": 1}, {"lr": 0.01}])

    assert [(r.name, r.values, r.differs) for r in rows] == [
        ("lr", (0.01, 0.02, 0.01), True),
        ("seed", (1, 1, "–"), True),
    ]
    assert not param_table([{"lr": 1}, {"lr": 1}])[0].differs


def test_param_table_tells_one_from_true():
    assert param_table([{"flag": 1}, {"flag": True}])[0].differs


@pytest.mark.parametrize(
    ("value", "baseline", "higher", "margin"),
    [(0.8, 0.7, True, 0.1), (0.6, 0.7, True, -0.1), (0.8, 1.0, False, 0.2), (None, 1, True, None)],
)
def test_baseline_margin_is_positive_when_beaten(value, baseline, higher, margin):
    result = baseline_margin(value, baseline, higher)
    assert result == pytest.approx(margin) if margin is not None else result is None


@pytest.mark.parametrize(
    ("name", "value", "ref", "higher", "text"),
    [
        ("accuracy", 0.848, 0.83, True, "+1.8 points of accuracy"),
        ("accuracy", 0.80, 0.83, True, "−3.0 points of accuracy"),
        ("accuracy", 0.8301, 0.83, True, "the same accuracy"),
        ("rmse", 0.88, 0.90, False, "−0.020 rmse (better)"),
        ("rmse", 0.95, 0.90, False, "+0.050 rmse (worse)"),
        ("rmse", 0.9001, 0.90, False, "the same rmse"),
        ("score", 5.0, 4.0, True, "+1.000 score (better)"),
    ],
)
def test_reference_delta_phrase(name, value, ref, higher, text):
    phrase = reference_delta_phrase(
        metric_name=name, value=value, reference_value=ref, higher_is_better=higher
    )
    assert phrase == text


def test_chart_draws_one_line_per_run_with_distinct_dashes_legend_and_title():
    series = [(f"run #{n}", [(1, 0.5 + n / 10), (2, 0.4)]) for n in range(10)]
    svg = comparison_chart_svg(series)

    assert svg.count("<polyline") == 10
    assert len(set(DASHES)) == 10
    assert '<title id="compare-chart-title">Validation loss per epoch of 10 runs</title>' in svg
    assert 'aria-labelledby="compare-chart-title"' in svg
    for n in range(10):
        assert f">run #{n}</text>" in svg


def test_chart_escapes_labels_and_is_empty_without_numbers():
    assert "<b>" not in comparison_chart_svg([("<b>", [(1, 0.3), (2, 0.2)])])
    assert comparison_chart_svg([("a", []), ("b", [(1, None)])]) == ""


def test_chart_notes_a_run_without_epochs_in_its_legend():
    svg = comparison_chart_svg([("run #1", [(1, 0.3)]), ("run #2", [])])
    assert "<circle" in svg and "run #2 (no epochs yet)" in svg


# --- the learner's comparison page ----------------------------------------------------------


def compare_url(*jobs, name="training_jobs:compare", args=()):
    return reverse(name, args=args) + "?ids=" + ",".join(str(j.pk) for j in jobs)


@pytest.fixture
def three_runs(owner):
    return [
        SucceededJobFactory(owner=owner),
        SucceededJobFactory(owner=owner, params={"epochs": 2, "lr": 0.05, "seed": 42}),
        SucceededJobFactory(owner=owner, metrics={"accuracy": 0.7}),
    ]


@pytest.mark.django_db
def test_owner_sees_runs_side_by_side(owner_client, three_runs, django_assert_num_queries):
    with django_assert_num_queries(4):  # session, user, runs, epochs
        page = owner_client.get(compare_url(*three_runs))

    html = page.content.decode()
    assert page.status_code == 200
    assert '<tr class="differs"><th scope="row"><mark>lr</mark>' in html
    assert '<th scope="row">seed</th>' in html  # the same everywhere: not highlighted
    assert html.count("<polyline") == 3 and "compare-chart-title" in html
    assert "beaten by 0.050" in html and "not beaten" in html  # 0.83 and 0.7 vs 0.78
    assert "share this comparison" not in html  # nothing published


@pytest.mark.django_db
def test_checkboxes_on_the_history_page_lead_to_the_comparison(owner_client, three_runs):
    history = owner_client.get(reverse("training_jobs:history")).content.decode()
    assert f'name="ids" value="{three_runs[0].pk}"' in history
    assert f'action="{reverse("training_jobs:compare")}"' in history

    ticked = f"{reverse('training_jobs:compare')}?ids={three_runs[0].pk}&ids={three_runs[1].pk}"
    assert owner_client.get(ticked).content.decode().count("<polyline") == 2


@pytest.mark.django_db
def test_compare_page_without_ids_says_what_to_do(owner_client):
    page = owner_client.get(reverse("training_jobs:compare"))
    assert page.status_code == 200 and "Tick two to ten runs" in page.content.decode()


@pytest.mark.django_db
def test_another_learners_private_run_in_the_ids_is_a_404(owner_client, three_runs, stranger):
    private = SucceededJobFactory(owner=stranger, recipe_title=MARKER)

    page = owner_client.get(compare_url(three_runs[0], private))

    assert page.status_code == 404 and MARKER not in page.content.decode()


@pytest.mark.django_db
def test_another_learners_private_run_of_another_recipe_is_still_a_404(
    owner_client, three_runs, stranger
):
    """The recipe check must not run first and reveal that the run exists."""
    private = SucceededJobFactory(owner=stranger, recipe_slug="collab-movielens")
    assert owner_client.get(compare_url(three_runs[0], private)).status_code == 404


@pytest.mark.django_db
def test_another_learners_published_run_is_not_one_of_yours(owner_client, three_runs, stranger):
    theirs = SucceededJobFactory(owner=stranger, published=True)
    assert owner_client.get(compare_url(three_runs[0], theirs)).status_code == 404


@pytest.mark.django_db
def test_a_run_that_does_not_exist_is_a_404(owner_client, three_runs):
    url = reverse("training_jobs:compare") + f"?ids={three_runs[0].pk},999999"
    assert owner_client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ids", "message"),
    [("{a},abc", "is not a run number"), ("{a},{a}", "at least 2"), ("{a}", "at least 2")],
)
def test_bad_ids_answer_400_with_the_reason(owner_client, three_runs, ids, message):
    url = reverse("training_jobs:compare") + "?ids=" + ids.format(a=three_runs[0].pk)
    page = owner_client.get(url)
    assert page.status_code == 400 and message in page.content.decode()


@pytest.mark.django_db
def test_eleven_runs_are_too_many(owner, owner_client):
    runs = [TrainingJobFactory(owner=owner, status="failed") for _ in range(11)]
    page = owner_client.get(compare_url(*runs))
    assert page.status_code == 400 and "at most 10" in page.content.decode()


@pytest.mark.django_db
def test_runs_of_different_recipes_cannot_be_compared(owner, owner_client, three_runs):
    other = SucceededJobFactory(owner=owner, recipe_slug="collab-movielens")
    page = owner_client.get(compare_url(three_runs[0], other))
    assert page.status_code == 400 and "same project" in page.content.decode()


@pytest.mark.django_db
def test_unfinished_runs_can_be_compared(owner, owner_client, three_runs):
    queued = TrainingJobFactory(owner=owner)
    page = owner_client.get(compare_url(three_runs[0], queued))
    assert page.status_code == 200 and "(no epochs yet)" in page.content.decode()


@pytest.mark.django_db
def test_compare_page_wants_a_signed_in_learner_and_get(client, owner_client, three_runs):
    assert "/accounts/login/" in client.get(compare_url(*three_runs)).url
    assert owner_client.post(compare_url(*three_runs)).status_code == 405


# --- the shared comparison of published runs ------------------------------------------------


def shared_url(owner, *jobs):
    return compare_url(*jobs, name="portfolio:compare", args=[owner.username])


@pytest.fixture
def published(owner):
    return [SucceededJobFactory(owner=owner, published=True) for _ in range(2)]


@pytest.mark.django_db
def test_anyone_sees_a_comparison_of_published_runs(client, owner, published):
    page = client.get(shared_url(owner, *published))
    assert page.status_code == 200 and page.content.decode().count("<polyline") == 2


@pytest.mark.django_db
def test_owner_is_offered_the_share_link_when_every_run_is_published(
    owner_client, owner, published
):
    html = owner_client.get(compare_url(*published)).content.decode()
    assert "share this comparison" in html and shared_url(owner, *published) in html


@pytest.mark.django_db
def test_a_private_run_in_a_shared_comparison_is_a_404(client, owner, published):
    private = SucceededJobFactory(owner=owner, recipe_title=MARKER)
    page = client.get(shared_url(owner, published[0], private))
    assert page.status_code == 404 and MARKER not in page.content.decode()


@pytest.mark.django_db
def test_the_owner_also_gets_a_404_for_a_private_run_in_a_shared_comparison(
    owner_client, owner, published
):
    private = SucceededJobFactory(owner=owner)
    assert owner_client.get(shared_url(owner, published[0], private)).status_code == 404


@pytest.mark.django_db
def test_another_learners_published_run_does_not_belong_in_this_portfolio(
    client, owner, stranger, published
):
    theirs = SucceededJobFactory(owner=stranger, published=True)
    assert client.get(shared_url(owner, published[0], theirs)).status_code == 404


@pytest.mark.django_db
def test_a_hidden_portfolio_shares_no_comparison(client, owner, published):
    owner.portfolio_hidden = True
    owner.save()
    assert client.get(shared_url(owner, *published)).status_code == 404


@pytest.mark.django_db
def test_shared_comparison_without_ids_or_with_bad_ids(client, owner, published):
    assert client.get(reverse("portfolio:compare", args=[owner.username])).status_code == 404
    bad = reverse("portfolio:compare", args=[owner.username]) + "?ids=1,x"
    assert client.get(bad).status_code == 400
    assert client.post(shared_url(owner, *published)).status_code == 405


# --- the API --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_compares_runs(owner, api_client_for, three_runs):
    url = reverse("api:job-compare") + "?ids=" + ",".join(str(j.pk) for j in three_runs)
    data = api_client_for(owner).get(url).json()

    assert data["recipe"] == "tabular-titanic"
    assert data["differing_params"] == ["batch_size", "lr", "sample", "valid_share"]
    assert [r["id"] for r in data["runs"]] == [j.pk for j in three_runs]
    assert data["runs"][2]["metric"] == 0.7
    assert data["runs"][0]["baselines"]["majority class"]["margin"] == pytest.approx(0.15)
    assert data["runs"][0]["epochs"][1] == {"epoch": 2, "valid_loss": 0.41, "train_loss": 0.45}


@pytest.mark.django_db
def test_api_compare_refuses_strangers_runs_bad_ids_and_visitors(
    owner, stranger, api_client_for, three_runs
):
    private = SucceededJobFactory(owner=stranger)
    api = api_client_for(owner)
    base = reverse("api:job-compare") + "?ids="

    assert api.get(f"{base}{three_runs[0].pk},{private.pk}").status_code == 404
    assert api.get(f"{base}{three_runs[0].pk},x").status_code == 400
    assert api.get(base + ",".join(map(str, range(1, 12)))).status_code == 400
    assert api.post(f"{base}{three_runs[0].pk},{three_runs[1].pk}").status_code == 405
    anonymous = api_client_for(None).get(f"{base}{three_runs[0].pk},{three_runs[1].pk}")
    assert anonymous.status_code in {401, 403}


# --- the reference run ----------------------------------------------------------------------


@pytest.mark.django_db
def test_pinning_a_second_run_unpins_the_first(owner, three_runs):
    first, second, _ = three_runs
    reference_pin(learner=owner, job_id=first.pk)
    reference_pin(learner=owner, job_id=second.pk)
    reference_pin(learner=owner, job_id=second.pk)  # twice: still one reference

    assert list(TrainingJob.objects.filter(is_reference=True)) == [second]


@pytest.mark.django_db
def test_references_are_per_recipe_and_per_learner(owner, stranger, three_runs):
    movielens = SucceededJobFactory(owner=owner, recipe_slug="collab-movielens")
    theirs = SucceededJobFactory(owner=stranger)
    for learner, job in [(owner, three_runs[0]), (owner, movielens), (stranger, theirs)]:
        reference_pin(learner=learner, job_id=job.pk)

    assert TrainingJob.objects.filter(is_reference=True).count() == 3


@pytest.mark.django_db
def test_the_database_refuses_two_references_for_one_recipe(owner, three_runs):
    reference_pin(learner=owner, job_id=three_runs[0].pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingJob.objects.filter(pk=three_runs[1].pk).update(is_reference=True)


@pytest.mark.django_db
def test_only_a_succeeded_run_can_be_the_reference(owner, owner_client):
    queued = TrainingJobFactory(owner=owner)
    page = owner_client.post(reverse("training_jobs:reference", args=[queued.pk]), follow=True)
    assert "Only a run that succeeded" in page.content.decode()
    assert not TrainingJob.objects.filter(is_reference=True).exists()


@pytest.mark.django_db
def test_pin_and_unpin_from_the_job_page(owner_client, three_runs):
    job = three_runs[0]
    url = reverse("training_jobs:reference", args=[job.pk])
    page = owner_client.post(url, follow=True).content.decode()
    assert "is your reference" in page and "Unpin as my reference" in page

    owner_client.post(url, {"pinned": "0"})
    job.refresh_from_db()
    assert not job.is_reference


@pytest.mark.django_db
def test_a_stranger_cannot_pin_your_run(stranger_client, stranger, api_client_for, three_runs):
    job = three_runs[0]
    assert (
        stranger_client.post(reverse("training_jobs:reference", args=[job.pk])).status_code == 404
    )
    api = api_client_for(stranger)
    assert api.post(reverse("api:job-reference", args=[job.pk])).status_code == 404
    assert stranger_client.get(reverse("training_jobs:reference", args=[job.pk])).status_code == 405
    assert not TrainingJob.objects.filter(is_reference=True).exists()


@pytest.mark.django_db
def test_api_pins_and_unpins(owner, api_client_for, three_runs):
    api = api_client_for(owner)
    url = reverse("api:job-reference", args=[three_runs[0].pk])

    assert api.post(url, {}, format="json").json()["is_reference"] is True
    assert api.post(url, {"pinned": False}, format="json").json()["is_reference"] is False
    queued = TrainingJobFactory(owner=owner)
    refused = api.post(reverse("api:job-reference", args=[queued.pk]), {}, format="json")
    assert refused.status_code == 400 and "succeeded" in str(refused.json())


@pytest.mark.django_db
def test_a_later_result_says_how_far_it_is_from_the_reference(owner, owner_client):
    reference = SucceededJobFactory(owner=owner, metrics={"accuracy": 0.83})
    reference_pin(learner=owner, job_id=reference.pk)
    later = SucceededJobFactory(owner=owner, metrics={"accuracy": 0.848})

    html = owner_client.get(reverse("training_jobs:detail", args=[later.pk])).content.decode()
    assert "+1.8 points of accuracy</strong> vs your reference" in html
    assert f"run #{reference.pk}</a>" in html
    own = owner_client.get(reverse("training_jobs:detail", args=[reference.pk])).content.decode()
    assert "vs your reference" not in own


@pytest.mark.django_db
def test_visitors_of_a_published_run_never_see_the_reference(client, stranger_client, owner):
    reference = SucceededJobFactory(owner=owner, metrics={"accuracy": 0.83})
    reference_pin(learner=owner, job_id=reference.pk)
    later = SucceededJobFactory(owner=owner, published=True)

    for visitor in (client, stranger_client):
        html = visitor.get(reverse("training_jobs:detail", args=[later.pk])).content.decode()
        assert "reference" not in html

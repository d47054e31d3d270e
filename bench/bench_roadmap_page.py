"""Render a roadmap page with 50 and with 1,000 items: the query count must not grow with the
items (it is pinned by tests too), and the time should grow no faster than the items."""

from django.test import Client
from django.urls import reverse

from bench.timing import median_seconds, query_count


def _roadmap(owner, items: int, per_stage: int = 25):
    from curriculum.models import Item, ItemStatus, Roadmap, Stage

    roadmap = Roadmap.objects.create(owner=owner, title=f"Bench {items}")
    stages = Stage.objects.bulk_create(
        Stage(roadmap=roadmap, title=f"Stage {s}", position=s)
        for s in range(max(1, items // per_stage))
    )
    Item.objects.bulk_create(
        Item(
            stage=stages[i % len(stages)],
            title=f"Item {i}",
            url=f"https://example.org/{i}",
            position=i,
            estimated_hours=2,
            status=ItemStatus.DONE if i % 3 == 0 else ItemStatus.NOT_STARTED,
            note="A *short* note." if i % 5 == 0 else "",
            checklist=[{"text": "watch", "done": True}] if i % 4 == 0 else [],
        )
        for i in range(items)
    )
    return roadmap


def run() -> dict:
    from accounts.models import User

    owner = User.objects.create_user("bench-roadmap", "bench@example.com", "x" * 20)
    client = Client()
    client.force_login(owner)
    small = reverse("curriculum:roadmap_detail", args=[_roadmap(owner, 50).pk])
    big = reverse("curriculum:roadmap_detail", args=[_roadmap(owner, 1000).pk])

    def get(url):
        def action():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return action

    figures = {
        "queries_50": query_count(get(small)),
        "queries_1000": query_count(get(big)),
        "seconds_50": round(median_seconds(get(small), repeat=7), 4),
        "seconds_1000": round(median_seconds(get(big), repeat=5), 4),
    }
    figures["queries_equal"] = figures["queries_50"] == figures["queries_1000"]
    figures["time_ratio_1000_over_50"] = round(figures["seconds_1000"] / figures["seconds_50"], 1)
    return figures

"""50 learners doing what learners do: open Today, log a session, change an item's status,
open a roadmap, read portfolios and feeds. Every session a client created is remembered, so
the run can check afterwards that the database holds exactly those: nothing lost or doubled."""

import itertools
import json
import os
import random
import threading
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["EXHALE_LOAD_PLAN"]).read_text())
RESULTS = Path(os.environ["EXHALE_LOAD_RESULTS"])
_next_learner = itertools.count()
_created: dict[str, list[str]] = {}
_lock = threading.Lock()


class Learner(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.me = PLAN["learners"][next(_next_learner) % len(PLAN["learners"])]
        self.api = {"Authorization": f"Token {self.me['token']}"}
        self.client.get("/accounts/login/", name="login page")
        csrf = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/accounts/login/",
            {
                "username": self.me["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="log in",
        )

    def signed_in_page(self, path: str, name: str):
        """A page only a signed-in learner sees; landing on the login form is a failure."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if "/accounts/login/" in response.url or response.status_code != 200:
                response.failure(f"not signed in or failed: {response.status_code}")
            else:
                response.success()

    @task(4)
    def open_today(self):
        self.signed_in_page("/today/", "today")

    @task(3)
    def log_session(self):
        note = f"load-{uuid.uuid4().hex}"
        with self.client.post(
            "/api/sessions/",
            json={"minutes": random.randint(5, 90), "kind": "coding", "note": note},
            headers=self.api,
            name="log session (API)",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                with _lock:
                    _created.setdefault(self.me["username"], []).append(note)
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(2)
    def change_item_status(self):
        item = random.choice(self.me["items"])
        self.client.post(
            f"/api/items/{item}/status/",
            json={"status": random.choice(["done", "not_started", "skipped"])},
            headers=self.api,
            name="item status (API)",
        )

    @task(2)
    def open_roadmap(self):
        self.signed_in_page(f"/roadmaps/{self.me['roadmap']}/", "roadmap page")

    @task(2)
    def read_a_portfolio(self):
        other = random.choice(PLAN["learners"])["username"]
        self.client.get(f"/u/{other}/", name="portfolio")

    @task(1)
    def read_a_feed(self):
        other = random.choice(PLAN["learners"])["username"]
        self.client.get(f"/u/{other}/feed/", name="feed")


@events.quitting.add_listener
def save_what_clients_created(environment, **kwargs):
    RESULTS.write_text(json.dumps(_created))

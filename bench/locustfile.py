"""Locust users of the load bench (bench/load.py runs `locust -f bench/locustfile.py
--headless …`): each user asks the pages of BENCH_LOAD_PAGES (a JSON file: name, path,
session cookie or none) in random order, with no think time."""

import json
import os
import random

from locust import FastHttpUser, constant, task

with open(os.environ["BENCH_LOAD_PAGES"]) as pages_file:
    PAGES = json.load(pages_file)


class PageUser(FastHttpUser):
    wait_time = constant(0)
    # A page slower than this counts as an error (the load is bounded in time).
    network_timeout = 30.0
    connection_timeout = 10.0

    @task
    def page(self):
        page = random.choice(PAGES)
        path = page["path"].format(person=random.choice(page.get("people") or [0]))
        headers = {"Cookie": page["cookie"]} if page.get("cookie") else {}
        # Each page with its own session only: no cookie a response set (a session that
        # was saved again) carried to the next page (the login page would redirect).
        self.client.cookiejar.clear()
        # A redirect (to the login page: a session refused) is an error, not a page.
        with self.client.get(
            path, name=page["name"], headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

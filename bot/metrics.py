"""The bot's Prometheus metrics: the only module that knows prometheus_client.

Each bot owns a registry (not the process-wide default), so several bots can run in one
process, as they do in the tests. Handlers call the small methods of `Metrics`
(`bot.metrics.answered(reply, seconds)`); values that are state rather than events (gateway
latency, connected shards, facts loaded) are read from `FactBot.snapshot()` at scrape time,
so they are never stale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily, Metric

from bot import __version__
from bot.core import Abstention, Reply
from bot.status import Status

#: Seconds. The matcher answers in well under a millisecond to a few milliseconds; the top
#: buckets catch a starved event loop or a huge fact base.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
SOURCES = ("mention", "dm", "channel", "slash")  # how a question reached the bot
FORMS = ("facts", "timeline")
ERROR_PLACES = ("interaction", "event")


class Metrics:
    """Counters the handlers bump, and gauges read from the bot when Prometheus scrapes."""

    def __init__(self, status: Callable[[], Status]) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self._questions = Counter(
            "factbot_questions",
            "Questions received, by how they reached the bot (before the rate limit)",
            ["source"],
            registry=registry,
        )
        self._answers = Counter(
            "factbot_answers",
            "Questions answered with facts or a timeline, by the answer's form",
            ["form"],
            registry=registry,
        )
        self._abstentions = Counter(
            "factbot_abstentions",
            "Questions the bot declined to answer, by reason",
            ["reason"],
            registry=registry,
        )
        self._latency = Histogram(
            "factbot_answer_latency_seconds",
            "Time the matcher took to answer one question",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._timelines = Counter(
            "factbot_timeline_requests", "/timeline commands run", registry=registry
        )
        self._errors = Counter(
            "factbot_errors",
            "Unexpected errors in handlers (each logged with its traceback)",
            ["where"],
            registry=registry,
        )
        self._cooldown = Counter(
            "factbot_cooldown_refusals",
            "Questions not answered because the asker hit the per-user rate limit",
            registry=registry,
        )
        self._reloads = Counter(
            "factbot_reloads", "/reload attempts, by result", ["result"], registry=registry
        )
        self._drain_cut = Counter(
            "factbot_drain_cut_off",
            "Handlers still running when the stop's grace period ran out (their replies lost)",
            registry=registry,
        )
        self._expired = Counter(
            "factbot_expired_buttons",
            "Button presses the bot no longer knew (forged, stale, from before a restart)",
            registry=registry,
        )
        self._corrections = Counter(
            "factbot_corrections",
            "Corrections posted under earlier answers whose fact a reload changed or withdrew",
            registry=registry,
        )
        build = Gauge(
            "factbot_build_info", "The running factbot version", ["version"], registry=registry
        )
        build.labels(__version__).set(1)
        # Every known label value starts at 0, so rates and alerts work before the first event.
        for source in SOURCES:
            self._questions.labels(source)
        for form in FORMS:
            self._answers.labels(form)
        for reason in Abstention:
            self._abstentions.labels(reason.value)
        for where in ERROR_PLACES:
            self._errors.labels(where)
        for result in ("ok", "failed"):
            self._reloads.labels(result)
        registry.register(StatusCollector(status))
        ProcessCollector(registry=registry)  # memory, CPU, open files of this process

    def question(self, source: str) -> None:
        """A question reached the bot (a mention, a DM, an opt-in channel, /ask)."""
        self._questions.labels(source).inc()

    def answered(self, reply: Reply, seconds: float) -> None:
        """The matcher replied in `seconds`: an answer, or an abstention with its reason."""
        self._latency.observe(seconds)
        if reply.answered:
            self._answers.labels(reply.form).inc()
        else:
            self.abstained(reply.reason or Abstention.NOT_COVERED)

    def abstained(self, reason: Abstention) -> None:
        """Declined without asking the matcher (e.g. a question too long to be one)."""
        self._abstentions.labels(reason.value).inc()

    def timeline(self) -> None:
        self._timelines.inc()

    def cooldown_refused(self) -> None:
        self._cooldown.inc()

    def error(self, where: str) -> None:
        """An unexpected error in an `interaction` (command, button) or an `event` handler."""
        self._errors.labels(where).inc()

    def reloaded(self, *, ok: bool) -> None:
        self._reloads.labels("ok" if ok else "failed").inc()

    def drain_cut_off(self, count: int) -> None:
        """`count` handlers were still running when the stop's grace period ran out."""
        self._drain_cut.inc(count)

    def expired_button(self) -> None:
        self._expired.inc()

    def corrected(self, count: int) -> None:
        """`count` earlier answers got a correction after a reload."""
        self._corrections.inc(count)


class StatusCollector:
    """Gauges computed from a fresh `Status` on every scrape."""

    def __init__(self, status: Callable[[], Status]) -> None:
        self.status = status

    def describe(self) -> Iterable[Metric]:
        return self._families()

    def collect(self) -> Iterable[Metric]:
        families = self._families()
        status = self.status()
        healthy, ready, facts, articles, info, connected, latency, guilds = families
        healthy.add_metric([], 0 if status.problem else 1)
        ready.add_metric([], 1 if status.ready else 0)
        facts.add_metric([], status.facts)
        articles.add_metric([], status.articles)
        for shard in status.shards:
            shard_id = str(shard.id)
            info.add_metric([shard_id, str(status.shard_count)], 1)
            connected.add_metric([shard_id], 1 if shard.connected else 0)
            if shard.latency is not None and math.isfinite(shard.latency):
                latency.add_metric([shard_id], shard.latency)
            guilds.add_metric([shard_id], shard.guilds)
        return families

    @staticmethod
    def _families() -> list[GaugeMetricFamily]:
        return [
            GaugeMetricFamily(
                "factbot_healthy", "1 when /healthz answers 200 (gateway ready, facts loaded)"
            ),
            GaugeMetricFamily("factbot_gateway_ready", "1 once every shard has had its READY"),
            GaugeMetricFamily("factbot_facts_loaded", "Facts in the fact base being served"),
            GaugeMetricFamily("factbot_articles_loaded", "Articles in the fact base being served"),
            GaugeMetricFamily(
                "factbot_shard_info",
                "The gateway shards this process runs (1 per shard) and the total shard count",
                labels=["shard", "shard_count"],
            ),
            GaugeMetricFamily(
                "factbot_shard_connected",
                "1 while the shard's gateway session is up (READY or RESUMED since a drop)",
                labels=["shard"],
            ),
            GaugeMetricFamily(
                "factbot_gateway_latency_seconds",
                "Time from a gateway heartbeat to its acknowledgement, per shard",
                labels=["shard"],
            ),
            GaugeMetricFamily("factbot_guilds", "Guilds on each shard", labels=["shard"]),
        ]

"""Issue 7 claims on whole pages: each staff page against the throughput ceiling.

Every page is requested through Django's test client, so through the real
middleware stack (sessions, the second-factor gate, axes, CSP, no-store headers)
and the real views, templates, permission checks and read log. The baseline of
each is the ceiling page of ``bench.urls``: authenticated, same stack, no work.
``ratio`` is page time / ceiling time; the page's throughput as a fraction of the
ceiling is its inverse. Each page's query count is measured twice, for a small and
a large holder (or case): a count that grows with the data is reported as a miss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from viewflow.workflow.models import Task

from bench.harness import Comparison, compare
from cases.models import Case, CaseGrant, CasePermission, Role, RoleMembership, User
from indicators import periods
from indicators.selectors import indicator_entities, indicators
from indicators.services import counts_refresh
from workflows.flows import CaseFlow
from workflows.inbox import inbox_read
from workflows.selectors import my_tasks
from workflows.status import ASSIGNED, UNASSIGNED

CEILING = "/bench/ceiling/"
# Throughput at least half the ceiling's: the page costs at most as much as the stack.
PAGE_TARGET = 2.0
# Issue 19: the inbox at 0.6 of the ceiling, the case list and the intake form at 0.4.
INBOX_TARGET = round(1 / 0.6, 3)
LIST_TARGET = 2.5


def client_for(user: User) -> Client:
    """A browser session of ``user`` past both factors, as after a real login."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _fetch(client: Client, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url} answered {response.status_code}")

    return fetch


def _queries(fetch: Callable[[], None]) -> int:
    """SQL statements of one request, savepoints aside (transaction plumbing, not reads)."""
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return sum(
        1
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
    )


@dataclass
class Holders:
    """The busiest and the least busy referent of the data set, by cases held."""

    large: User
    small: User


def _referents() -> Holders:
    ranked = list(
        CaseGrant.objects.filter(
            permission__codename="view_case", user__memberships__role=Role.REFERENT
        )
        .values("user_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("user_id", flat=True)
    )
    return Holders(large=User.objects.get(pk=ranked[0]), small=User.objects.get(pk=ranked[-1]))


def _page(
    name: str,
    claim: str,
    *,
    large: Callable[[], None],
    small: Callable[[], None],
    ceiling: Callable[[], None],
    target: float | None = PAGE_TARGET,
    extra: dict[str, object] | None = None,
) -> Comparison:
    result = compare(
        name,
        claim=claim,
        recueil=large,
        baseline=ceiling,
        baseline_label="authenticated page that does nothing, same middleware stack",
        target_ratio=target,
        repeat=40,
        extra=dict(extra or {}),
    )
    small()  # warm as ``large`` is (its case's data key is cached after the first read)
    small_queries, large_queries = _queries(small), _queries(large)
    result.extra.update(
        throughput_fraction_of_ceiling=round(1 / result.ratio, 3) if result.ratio else None,
        queries_small=small_queries,
        queries_large=large_queries,
        query_count_constant=small_queries == large_queries,
    )
    return result


def _run(bench: Callable[[], Comparison]) -> Callable[[], Comparison]:
    def run() -> Comparison:
        with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["127.0.0.1"]):
            return bench()

    run.__name__ = bench.__name__
    return run


def _inbox() -> Comparison:
    people = _referents()
    big, little = client_for(people.large), client_for(people.small)
    return _page(
        "page_inbox",
        "Referent's inbox: assigned tasks and the queue, sorted by due date",
        large=_fetch(big, "/inbox/"),
        small=_fetch(little, "/inbox/"),
        ceiling=_fetch(big, CEILING),
        target=INBOX_TARGET,
        extra={"open_tasks_of_user": my_tasks(people.large).count()},
    )


def _case_sizes(
    user: User, status: str = Case.Status.CLOSED, permission: str | None = None
) -> tuple[Case, Case]:
    """Two cases of ``user`` in ``status`` (closed by default: the same timeline), with
    the most and fewest parties; ``permission``: only cases where they hold it."""
    grants = CaseGrant.objects.filter(user=user)
    if permission is not None:
        grants = grants.filter(permission__codename=permission)
    ranked = (
        Case.objects.filter(pk__in=grants.values("content_object"), status=status)
        .annotate(n=Count("parties"))
        .order_by("-n", "-created_at")
    )
    return ranked.first(), ranked.order_by("n", "-created_at").first()  # type: ignore[return-value]


def _case_page() -> Comparison:
    people = _referents()
    client = client_for(people.large)
    large, small = _case_sizes(people.large)
    return _page(
        "page_case",
        "Case page: decrypted narrative, parties, timeline, deadlines, read logged",
        large=_fetch(client, f"/cases/{large.pk}/"),
        small=_fetch(client, f"/cases/{small.pk}/"),
        ceiling=_fetch(client, CEILING),
    )


def _case_list() -> Comparison:
    people = _referents()
    big, little = client_for(people.large), client_for(people.small)
    return _page(
        "page_case_list",
        "'Mes dossiers': first page of the cases the referent holds",
        large=_fetch(big, "/cases/"),
        small=_fetch(little, "/cases/"),
        ceiling=_fetch(big, CEILING),
        target=LIST_TARGET,
    )


def _intake() -> Comparison:
    listeners = list(User.objects.filter(memberships__role=Role.LISTENER)[:2])
    first, second = client_for(listeners[0]), client_for(listeners[-1])
    return _page(
        "page_intake_form",
        "Listener's intake form (categories, channels, orientations)",
        large=_fetch(first, "/intake/"),
        small=_fetch(second, "/intake/"),
        ceiling=_fetch(first, CEILING),
        target=LIST_TARGET,
    )


def _start_page() -> Comparison:
    """The start page (issue 14's dashboard): late, due soon, new, pool, actions."""
    people = _referents()
    big, little = client_for(people.large), client_for(people.small)
    return _page(
        "page_start",
        "Referent's start page: late and due-soon tasks, new assignments, pool, actions",
        large=_fetch(big, "/"),
        small=_fetch(little, "/"),
        ceiling=_fetch(big, CEILING),
        target=None,
    )


def _person_form() -> Comparison:
    """The persons panel's form (issue 14): correcting a person of a case, decrypted."""
    people = _referents()
    client = client_for(people.large)
    # Open cases the referent is in charge of (a closed case takes no correction).
    large, small = _case_sizes(people.large, Case.Status.OPEN, CasePermission.TRIAGE)
    assert large is not None and small is not None, "the referent holds open cases"

    def edit_url(case: Case) -> str:
        party = case.parties.order_by("created_at").first()
        assert party is not None, "generated cases have parties"
        return f"/cases/{case.pk}/persons/{party.pk}/"

    return _page(
        "page_person_form",
        "Persons panel: the correction form of a person of the case (identity decrypted)",
        large=_fetch(client, edit_url(large)),
        small=_fetch(client, edit_url(small)),
        ceiling=_fetch(client, CEILING),
        target=None,
    )


def _dashboard() -> Comparison:
    steering = list(User.objects.filter(memberships__role=Role.STEERING).order_by("pk")[:2])
    first, second = client_for(steering[0]), client_for(steering[-1])
    year = timezone.localdate().year
    return _page(
        "page_indicators",
        "Steering indicators of one entity for the year (counts, suppression)",
        large=_fetch(first, f"/indicators/?year={year}"),
        small=_fetch(second, f"/indicators/?year={year - 2}"),
        ceiling=_fetch(first, CEILING),
        target=None,
    )


def indicators_vs_count() -> Comparison:
    steering = User.objects.filter(memberships__role=Role.STEERING).order_by("pk")[0]
    entities = indicator_entities(steering)
    year = timezone.localdate().year
    return compare(
        "indicators_vs_bare_count",
        claim="All indicators of the steering person's scope for the year, from the monthly "
        "counts, vs one bare count of the scope's cases for the year",
        recueil=lambda: indicators(entities, periods.year(year), "bench", group=len(entities) > 1),
        baseline=lambda: Case.objects.filter(entity__in=entities, created_at__year=year).count(),
        baseline_label="a bare COUNT(*) of the entity-year's cases",
        repeat=15,
    )


def _indicators_page_vs_count(name: str, group: bool) -> Comparison:
    """Issue 18: the indicators page (group, or one entity) against one bare ``COUNT(*)``
    over the whole cases table, in the same run; the counts refreshed first (timed)."""
    import time

    start = time.perf_counter()
    months = counts_refresh(full=True)
    refresh_s = time.perf_counter() - start
    if group:
        # The load has a steering person per school; headquarters steering reads the group.
        from cases.models import Entity

        hq, _created = Entity.objects.get_or_create(
            code="bench-dg",
            defaults={"name": "Direction générale (bench)", "kind": Entity.Kind.HEADQUARTERS},
        )
        user = User.objects.filter(username="bench-steering-dg").first()
        if user is None:
            user = User.objects.create_user(username="bench-steering-dg")
            RoleMembership.objects.create(user=user, entity=hq, role=Role.STEERING)
    else:
        user = User.objects.filter(memberships__role=Role.STEERING).order_by("pk")[0]
    entity = indicator_entities(user)[0].code
    year = timezone.localdate().year - 1
    url = f"/indicators/?year={year}" + ("" if group else f"&entity={entity}")
    fetch = _fetch(client_for(user), url)
    return compare(
        name,
        claim=f"The indicators page ({'group' if group else 'one entity'}, last year) vs one "
        "bare COUNT(*) over the cases table",
        recueil=fetch,
        baseline=lambda: Case.objects.count(),
        baseline_label="SELECT COUNT(*) FROM cases",
        repeat=15,
        target_ratio=10.0,
        extra={
            "cases": Case.objects.count(),
            "full_refresh_seconds": round(refresh_s, 2),
            "months_counted": months,
        },
    )


def indicators_group_page_vs_count() -> Comparison:
    return _indicators_page_vs_count("page_indicators_group_vs_count", group=True)


def indicators_entity_page_vs_count() -> Comparison:
    return _indicators_page_vs_count("page_indicators_entity_vs_count", group=False)


def _inbox_query_vs_viewflow() -> Comparison:
    user = _referents().large
    memberships = list(RoleMembership.objects.filter(user=user).values_list("entity_id", "role"))
    today = timezone.localdate()

    def ours() -> None:
        inbox_read(user, memberships, today=today)

    def bare() -> None:
        tasks = Task.objects.filter(process__flow_class=CaseFlow)
        list(tasks.filter(owner=user, status=ASSIGNED).order_by("created")[:25])
        list(tasks.filter(status=UNASSIGNED, owner__isnull=True).order_by("created")[:25])

    return compare(
        "inbox_query_vs_bare_viewflow",
        claim=(
            "Inbox data as the page reads it: both lists with their totals, role, entity "
            "and conflict filtering, due dates, case references"
        ),
        recueil=ours,
        baseline=bare,
        baseline_label="bare viewflow task lists of the same flow (owner / unassigned), no filtering",
        target_ratio=3.0,
        extra={"tasks": Task.objects.count()},
    )


inbox = _run(_inbox)
case_page = _run(_case_page)
case_list = _run(_case_list)
dashboard = _run(_dashboard)
intake = _run(_intake)
start_page = _run(_start_page)
person_form = _run(_person_form)
inbox_query_vs_viewflow = _inbox_query_vs_viewflow

from __future__ import annotations

from django.urls import path

from workflows import clock_views, views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("intake/", views.intake, name="intake"),
    path("contacts/", views.contacts, name="contacts"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/claim/", views.task_claim, name="task-claim"),
    path("tasks/<int:task_id>/release/", views.task_release, name="task-release"),
    path("tasks/<int:task_id>/assign/", views.task_assign, name="task-assign"),
    path("tasks/<int:task_id>/conflict/", views.task_conflict, name="task-conflict"),
    path("cases/<uuid:case_id>/reopen/", views.case_reopen, name="case-reopen"),
    path("cases/<uuid:case_id>/measures/new/", views.measure_add, name="measure-add"),
    path(
        "cases/<uuid:case_id>/measures/<uuid:measure_id>/lift/",
        views.measure_lift,
        name="measure-lift",
    ),
    path(
        "cases/<uuid:case_id>/meetings/new/",
        clock_views.meeting_request,
        name="meeting-request",
    ),
    path(
        "cases/<uuid:case_id>/meetings/<uuid:meeting_id>/propose/",
        clock_views.meeting_propose,
        name="meeting-propose",
    ),
    path(
        "cases/<uuid:case_id>/meetings/<uuid:meeting_id>/held/",
        clock_views.meeting_held,
        name="meeting-held",
    ),
    path(
        "cases/<uuid:case_id>/feedback/interim/",
        clock_views.interim_feedback,
        name="feedback-interim",
    ),
]

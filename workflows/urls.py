from __future__ import annotations

from django.urls import path

from workflows import views

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
]

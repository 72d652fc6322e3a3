"""The public portal's routes: reachable without an account, and declared so by name.

``PortalConfig.ready`` registers ``PUBLIC_NAMES`` with the second-factor middleware;
every other route of Recueil stays behind the login.
"""

from __future__ import annotations

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("signaler/", views.home, name="home"),
    path("signaler/<slug:entity_code>/", views.entity_page, name="entity"),
    path("signaler/<slug:entity_code>/signalement/", views.report_form, name="report"),
    path("signaler/<slug:entity_code>/verifier/", views.report_review, name="review"),
    path("signaler/<slug:entity_code>/question/", views.question_form, name="question"),
    path("suivi/", views.follow_login, name="login"),
    path("suivi/echanges/", views.follow_page, name="follow"),
    path("suivi/fichier/<uuid:attachment_id>/", views.follow_file, name="file"),
    path("suivi/sortir/", views.follow_logout, name="logout"),
]

PUBLIC_NAMES = frozenset(f"{app_name}:{p.name}" for p in urlpatterns if p.name)

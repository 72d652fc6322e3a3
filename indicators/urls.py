from __future__ import annotations

from django.urls import path

from indicators import views

urlpatterns = [
    path("indicators/", views.indicators_view, name="indicators"),
    path("indicators/export.csv", views.indicators_export, name="indicators-export"),
    path("indicators/export.xlsx", views.indicators_export_xlsx, name="indicators-export-xlsx"),
    path("indicators/report.pdf", views.indicators_annual_report, name="indicators-report"),
]

from __future__ import annotations

from django.urls import path

from followthrough.web import views_applications, views_debrief, views_misc, views_today

urlpatterns = [
    path("", views_today.today_page, name="today"),
    path("steps/<str:step_id>/settle", views_today.settle, name="settle"),
    path("steps/<str:step_id>/draft", views_today.draft_page, name="draft"),
    path("applications/", views_applications.board_page, name="board"),
    path("applications/<slug:slug>/", views_applications.application_page, name="application"),
    path("applications/<slug:slug>/contacts", views_applications.add_contact, name="add-contact"),
    path("applications/<slug:slug>/interviews", views_applications.record_interview, name="record-interview"),
    path("applications/<slug:slug>/responses", views_applications.record_response, name="record-response"),
    path("applications/<slug:slug>/playbook", views_applications.change_playbook, name="change-playbook"),
    path("applications/<slug:slug>/debrief", views_debrief.debrief_page, name="debrief"),
    path("applications/<slug:slug>/debrief/preview", views_debrief.timeframe_preview, name="timeframe-preview"),
    path("statistics/", views_misc.statistics_page, name="statistics"),
    path("settings/", views_misc.settings_page, name="settings"),
    path("static/<str:name>", views_misc.static_file, name="static"),
]

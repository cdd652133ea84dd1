from __future__ import annotations

from django.urls import path

from followthrough.web import (
    views_act,
    views_applications,
    views_board,
    views_calendar,
    views_cards,
    views_corrections,
    views_debrief,
    views_misc,
    views_pauses,
    views_today,
)

urlpatterns = [
    path("", views_today.today_page, name="today"),
    path("steps/<str:step_id>/settle", views_today.settle, name="settle"),
    path("steps/<str:step_id>/draft", views_today.draft_page, name="draft"),
    path("steps/<str:step_id>/send", views_act.send, name="send"),
    path("possible/<int:possible_id>/confirm", views_act.confirm_answer, name="confirm-answer"),
    path("possible/<int:possible_id>/dismiss", views_act.dismiss_found, name="dismiss-found"),
    path("possible/<int:possible_id>/snooze", views_act.snooze_away, name="snooze-away"),
    path("applications/", views_board.board_page, name="board"),
    path("applications/<slug:slug>/stage", views_board.move_stage, name="move-stage"),
    path("upcoming/", views_board.upcoming_page, name="upcoming"),
    path("applications/<slug:slug>/", views_applications.application_page, name="application"),
    path("applications/<slug:slug>/contacts", views_applications.add_contact, name="add-contact"),
    path("applications/<slug:slug>/card", views_cards.read_card, name="read-card"),
    path("applications/<slug:slug>/interviews", views_applications.record_interview, name="record-interview"),
    path("applications/<slug:slug>/responses", views_applications.record_response, name="record-response"),
    path("applications/<slug:slug>/playbook", views_applications.change_playbook, name="change-playbook"),
    path("applications/<slug:slug>/debrief", views_debrief.debrief_page, name="debrief"),
    path("applications/<slug:slug>/debrief/preview", views_debrief.timeframe_preview, name="timeframe-preview"),
    path("steps/<str:step_id>/snooze", views_pauses.snooze, name="snooze"),
    path("undo", views_corrections.undo, name="undo"),
    path("applications/<slug:slug>/edit", views_corrections.edit_application, name="edit-application"),
    path("applications/<slug:slug>/delete", views_corrections.delete_application, name="delete-application"),
    path("applications/<slug:slug>/reopen", views_pauses.reopen, name="reopen"),
    path("applications/<slug:slug>/contacts/<slug:key>/edit", views_corrections.edit_contact, name="edit-contact"),
    path(
        "applications/<slug:slug>/contacts/<slug:key>/remove", views_corrections.remove_contact, name="remove-contact"
    ),
    path("applications/<slug:slug>/events/<int:n>/edit", views_corrections.edit_event, name="edit-event"),
    path("applications/<slug:slug>/events/<int:n>/remove", views_corrections.remove_event, name="remove-event"),
    path("settings/away", views_pauses.add_away, name="add-away"),
    path("settings/away/<int:n>/remove", views_pauses.remove_away, name="remove-away"),
    path("settings/calendar/new", views_calendar.new_calendar_address, name="new-calendar-address"),
    path("settings/calendar/off", views_calendar.calendar_off, name="calendar-off"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar-feed"),
    path("statistics/", views_misc.statistics_page, name="statistics"),
    path("settings/", views_misc.settings_page, name="settings"),
    path("static/<str:name>", views_misc.static_file, name="static"),
]

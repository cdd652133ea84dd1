"""The coaching pages of the career-centre server (views_coaching)."""

from __future__ import annotations

from django.urls import path

from followthrough.web import views_coaching as v

urlpatterns = [
    path("coaches/", v.coaches_page, name="coaches"),
    path("coaches/<int:coach>/invite", v.invite_coach, name="invite-coach"),
    path("coaches/<int:coach>/accept", v.accept_coach, name="accept-coach"),
    path("coaches/<int:coach>/revoke", v.revoke_coach, name="revoke-coach"),
    path("coaches/<int:coach>/full-view", v.full_view, name="full-view"),
    path("caseload/", v.caseload_page, name="caseload"),
    path("caseload.csv", v.caseload_csv, name="caseload-csv"),
    path("caseload/<int:seeker>/", v.seeker_page, name="seeker"),
    path("caseload/<int:seeker>/applications/", v.seeker_applications, name="seeker-applications"),
    path("caseload/<int:seeker>/applications/<slug:slug>/", v.seeker_application, name="seeker-application"),
    path("caseload/ask", v.ask_seeker, name="ask-seeker"),
    path("caseload/<int:seeker>/step-back", v.step_back, name="step-back"),
    path("organisation/figures", v.organisation_counts, name="organisation-figures"),
    path("my-data/", v.my_data_page, name="my-data"),
    path("my-data/export", v.export_mine, name="export-mine"),
    path("my-data/import", v.import_mine, name="import-mine"),
    path("my-data/leave/<int:organisation>", v.leave_organisation, name="leave-organisation"),
    path("my-data/delete", v.delete_account, name="delete-account"),
]

"""The career-centre server's addresses: the local app's pages (static files excepted:
WhiteNoise serves them) and the account pages."""

from __future__ import annotations

from django.urls import path

from followthrough.web import urls, urls_coaching, views_accounts, views_second_factor

urlpatterns = [
    path("login", views_accounts.login_page, name="login"),
    path("logout", views_accounts.logout_page, name="logout"),
    path("account/password", views_accounts.password_page, name="password"),
    path("account/second-factor", views_second_factor.second_factor_page, name="second-factor"),
    path("account/authenticator", views_second_factor.authenticator_page, name="authenticator"),
    path("invitations/<str:token>", views_accounts.invitation_page, name="invitation"),
    path("reset/<str:token>", views_accounts.reset_page, name="reset"),
    path("organisation/", views_accounts.organisation_page, name="organisation"),
    path("organisation/invitations", views_accounts.invite, name="invite"),
    path("organisation/members/<int:member>/disable", views_accounts.set_active, {"active": False}, name="disable"),
    path("organisation/members/<int:member>/enable", views_accounts.set_active, {"active": True}, name="enable"),
    path("organisation/members/<int:member>/reset-link", views_accounts.make_reset_link, name="reset-link"),
    path("health", views_accounts.health, name="health"),
    *urls_coaching.urlpatterns,
    *(p for p in urls.urlpatterns if getattr(p, "name", None) != "static"),
]

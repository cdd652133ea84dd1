"""Mail providers as data: the built-in Microsoft and Google, files in the config folder,
overrides from the environment, and the choice by the address's domain."""

from __future__ import annotations

from pathlib import Path

import pytest

from followthrough.core.mail_providers import BUILT_IN, ProviderError, choose, from_mapping, overridden, with_tenant
from followthrough.services.errors import UserError
from followthrough.services.mail import providers


def test_microsoft_signs_in_at_its_tenant_for_outlook_imap_and_smtp() -> None:
    microsoft = BUILT_IN["microsoft"]
    assert microsoft.url("authorize_url") == "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
    assert microsoft.url("token_url") == "https://login.microsoftonline.com/common/oauth2/v2.0/token"
    assert microsoft.url("device_url") == "https://login.microsoftonline.com/common/oauth2/v2.0/devicecode"
    assert (microsoft.imap_host, microsoft.imap_port) == ("outlook.office365.com", 993)
    assert (microsoft.smtp_host, microsoft.smtp_port, microsoft.smtp_security) == (
        "smtp.office365.com",
        587,
        "starttls",
    )
    assert microsoft.scopes == (
        "https://outlook.office.com/IMAP.AccessAsUser.All",
        "https://outlook.office.com/SMTP.Send",
        "offline_access",
    )
    university = with_tenant(microsoft, "uni.example.edu")
    assert university.url("token_url") == "https://login.microsoftonline.com/uni.example.edu/oauth2/v2.0/token"


def test_google_signs_in_at_its_accounts_for_gmail_with_the_mail_scope() -> None:
    google = BUILT_IN["google"]
    assert google.url("authorize_url") == "https://accounts.google.com/o/oauth2/v2/auth"
    assert google.url("token_url") == "https://oauth2.googleapis.com/token"
    assert google.url("revoke_url") == "https://oauth2.googleapis.com/revoke"
    assert (google.imap_host, google.smtp_host, google.scopes) == (
        "imap.gmail.com",
        "smtp.gmail.com",
        ("https://mail.google.com/",),
    )
    assert google.device_url == ""  # Google's device flow does not grant the mail scope


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("ann@outlook.com", "microsoft"),
        ("ann@Hotmail.com", "microsoft"),
        ("ann@live.com", "microsoft"),
        ("ann@gmail.com", "google"),
        ("ann@googlemail.com", "google"),
    ],
)
def test_a_known_domain_picks_the_provider(address: str, name: str) -> None:
    assert choose(address, BUILT_IN).name == name


def test_a_custom_domain_must_be_told_which_provider_keeps_it() -> None:
    with pytest.raises(ProviderError, match=r"which provider keeps the mail of 'uni.example.edu'"):
        choose("ann@uni.example.edu", BUILT_IN)
    assert choose("ann@uni.example.edu", BUILT_IN, named="microsoft").name == "microsoft"
    with pytest.raises(ProviderError, match=r"no provider 'yahoo'"):
        choose("ann@uni.example.edu", BUILT_IN, named="yahoo")


def test_every_endpoint_can_be_overridden_from_the_environment() -> None:
    env = {
        "FOLLOWTHROUGH_OAUTH_MICROSOFT_AUTHORIZE_URL": "https://login.microsoftonline.us/{tenant}/oauth2/v2.0/authorize",
        "FOLLOWTHROUGH_OAUTH_MICROSOFT_TENANT": "organizations",
        "FOLLOWTHROUGH_OAUTH_MICROSOFT_IMAP_PORT": "1993",
        "FOLLOWTHROUGH_OAUTH_MICROSOFT_SCOPES": "a b",
    }
    national = overridden(BUILT_IN["microsoft"], env)
    assert national.url("authorize_url") == "https://login.microsoftonline.us/organizations/oauth2/v2.0/authorize"
    assert (national.imap_port, national.scopes) == (1993, ("a", "b"))
    with pytest.raises(ProviderError, match=r"FOLLOWTHROUGH_OAUTH_MICROSOFT_IMAP_PORT"):
        overridden(BUILT_IN["microsoft"], {"FOLLOWTHROUGH_OAUTH_MICROSOFT_IMAP_PORT": "many"})


def test_a_description_names_the_key_at_fault() -> None:
    with pytest.raises(ProviderError, match=r"^token_url: missing"):
        from_mapping("x", {"authorize_url": "https://a", "imap_host": "i", "smtp_host": "s", "scopes": ["m"]})
    with pytest.raises(ProviderError, match=r"^smtp_port: a port"):
        from_mapping("x", {"smtp_port": 0}, BUILT_IN["google"])
    with pytest.raises(ProviderError, match=r"^token_url: an https:// address"):
        from_mapping("x", {"token_url": "http://evil.example"}, BUILT_IN["google"])
    with pytest.raises(ProviderError, match=r"^colour: not a key"):
        from_mapping("x", {"colour": "red"}, BUILT_IN["google"])


def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    folder = tmp_path / "followthrough" / "mail-providers"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)


def test_a_provider_file_adds_a_provider_and_its_domains_pick_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(
        tmp_path,
        monkeypatch,
        {
            "fastmail.toml": """
authorize_url = "https://auth.example.net/authorize"
token_url = "https://auth.example.net/token"
imap_host = "imap.example.net"
smtp_host = "smtp.example.net"
smtp_port = 465
smtp_security = "ssl"
scopes = ["mail"]
domains = ["Example.NET"]
""",
            "google.toml": 'token_url = "https://oauth2.example.org/token"\n',
        },
    )
    chosen = providers.provider_for("ann@example.net")
    assert (chosen.name, chosen.smtp_port, chosen.smtp_security) == ("fastmail", 465, "ssl")
    google = providers.provider_for("ann@gmail.com")
    assert (google.token_url, google.imap_host) == ("https://oauth2.example.org/token", "imap.gmail.com")


def test_one_broken_file_is_named_and_hides_no_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _config(tmp_path, monkeypatch, {"bad.toml": "imap_port = 'x'\n", "worse.toml": "[[[", "ok.toml": ""})
    found, faults = providers.read_folder()
    assert sorted(found) == ["google", "microsoft"]
    assert [(f.path.name, f.key) for f in faults] == [
        ("bad.toml", "imap_port"),
        ("ok.toml", "authorize_url"),
        ("worse.toml", None),
    ]
    with pytest.raises(UserError, match=r"bad.toml: imap_port: a port"):
        providers.provider_for("ann@gmail.com")

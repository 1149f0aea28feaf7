import pytest

from apps.core import health


@pytest.mark.django_db
def test_healthz_reports_every_service_and_answers_200(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_healthz_answers_503_when_a_service_fails(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", lambda: (False, "OperationalError"))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    assert body["checks"]["cache"]["ok"] is True


def test_broker_check_fails_for_an_unreachable_broker(monkeypatch):
    from civic.celery import app

    # Nothing listens on port 1: the check must say so instead of raising.
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")

    ok, detail = health.check_broker()

    assert ok is False
    assert detail


def test_cache_check_reads_back_what_it_wrote():
    assert health.check_cache()[0] is True


@pytest.mark.django_db
def test_healthz_is_not_cached_and_refuses_post(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
    assert client.post("/healthz").status_code == 405

"""Home, account and error pages: render, and a query count that does not grow."""

import pytest

from tests.documents.factories import document_with


@pytest.mark.django_db
@pytest.mark.parametrize("documents", [1, 12])
def test_home_lists_documents_in_one_query(client, django_assert_max_num_queries, documents):
    for n in range(documents):
        document_with(slug=f"act-{n}", sections=2, per_section=2)

    # the documents and the proposals open for votes (tests/site/test_home.py)
    with django_assert_max_num_queries(2):
        response = client.get("/en/")

    assert response.status_code == 200
    assert len(response.context["documents"]) == min(documents, 3)


@pytest.mark.django_db
def test_profile_page_costs_session_user_staff_check_and_unread_count(user_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert user_client.get("/en/account/profile/").status_code == 200


@pytest.mark.django_db
def test_sign_in_page_renders_in_the_site_look(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get("/kk/accounts/login/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in content
    assert "Кіру" in content  # allauth's strings in Kazakh, from locale_vendor


@pytest.mark.django_db
def test_unknown_page_uses_the_site_404(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    policy = client.get("/en/")["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy

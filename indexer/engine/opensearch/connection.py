"""Reaching an OpenSearch cluster from a URL: a client, a health check, and URLs shown without credentials.

``http://127.0.0.1:9201`` or ``https://user:password@host:9200``; over HTTPS
certificates are verified, against the CA bundle named by
``$UN_SEARCH_OPENSEARCH_CA`` when it is set.  The user name and password go
to the client apart from the host, so that neither the client's logs nor the
product's messages ever hold them: a URL is shown by :func:`redact`.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from indexer.errors import ClusterUnavailable, IndexerError

CA_ENV = "UN_SEARCH_OPENSEARCH_CA"
URL_ENV = "UN_SEARCH_OPENSEARCH"
TIMEOUT = 30  # seconds a request may take
HEALTH_TIMEOUT = 10
POOL = 8  # connections kept per node: the bulk writer's threads and a searcher's


def redact(url: str) -> str:
    """Return ``url`` with its credentials (anything before ``@`` in the host part) replaced by ``***``.

    >>> redact("https://admin:s3cret@search.example.org:9200/")
    'https://***@search.example.org:9200/'
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    host, slash, path = rest.partition("/")
    if "@" in host:
        host = "***@" + host.rpartition("@")[2]
    return f"{scheme}{sep}{host}{slash}{path}"


def _host_of(url: str) -> tuple[dict, tuple[str, str] | None]:
    """Return the client's host entry for ``url`` and its credentials; raise :class:`ClusterUnavailable` if it is
    not an OpenSearch URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ClusterUnavailable(f"not an OpenSearch URL: {redact(url)} (a bad port?)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ClusterUnavailable(f"not an OpenSearch URL: {redact(url)} (use http://host:port or https://host:port)")
    host = {"host": parts.hostname, "port": port or 9200, "scheme": parts.scheme}
    if parts.path.strip("/"):
        host["url_prefix"] = parts.path.strip("/")
    auth = (unquote(parts.username or ""), unquote(parts.password or "")) if parts.username else None
    return host, auth


def client_for(url: str, **options) -> OpenSearch:
    """Return a client of the cluster at ``url`` (not yet checked: :func:`connect` checks it)."""
    host, auth = _host_of(url)
    tls = {}
    if host["scheme"] == "https":
        tls = {"use_ssl": True, "verify_certs": True, "ssl_show_warn": False}
        if os.environ.get(CA_ENV):
            tls["ca_certs"] = os.environ[CA_ENV]
    options.setdefault("pool_maxsize", POOL)  # the client's name for it (any other is silently ignored)
    return OpenSearch(hosts=[host], http_auth=auth, timeout=TIMEOUT, **tls, **options)


def connect(url: str, **options) -> OpenSearch:
    """Return a client of the cluster at ``url`` once it answers and is not red; raise :class:`ClusterUnavailable`
    saying why not, in one line without credentials."""
    client = client_for(url, **options)
    try:
        health = client.cluster.health(request_timeout=HEALTH_TIMEOUT)
    except Exception as exc:  # each reason becomes the same one-line error
        raise unavailable(url, exc) from None
    if health.get("status") == "red":
        raise ClusterUnavailable(f"the OpenSearch cluster at {redact(url)} is red (some data is unavailable)")
    return client


def unavailable(url: str, exc: Exception) -> ClusterUnavailable:
    """Return the one-line error that says why the cluster at ``url`` did not answer ``exc``."""
    return ClusterUnavailable(f"OpenSearch at {redact(url)}: {reason(exc)}")


def reason(exc: Exception) -> str:
    """Say in a few words why a request failed (never the request's URL or headers)."""
    if isinstance(exc, os_errors.ConnectionTimeout):
        return "no answer in time (timed out)"
    if isinstance(exc, os_errors.SSLError):
        return "the TLS connection failed (certificate not trusted? set $" + CA_ENV + " to the CA bundle)"
    if isinstance(exc, os_errors.ConnectionError):
        return "cannot connect (is the cluster running, and is the host and port right?)"
    if isinstance(exc, os_errors.AuthenticationException):
        return "the user name or password was refused (HTTP 401)"
    if isinstance(exc, os_errors.AuthorizationException):
        return "the user may not do this (HTTP 403)"
    if isinstance(exc, os_errors.TransportError):
        info = exc.info if isinstance(exc.info, dict) else {}
        cause = info.get("error", {}).get("reason") if isinstance(info.get("error"), dict) else None
        return f"the cluster refused the request (HTTP {exc.status_code}: {exc.error}{': ' + cause if cause else ''})"
    return f"the request failed ({type(exc).__name__})"


@contextmanager
def refusals(url: str):
    """Turn what the client raises inside the block into :class:`ClusterUnavailable`, in one line without
    credentials (the product's own errors pass as they are)."""
    try:
        yield
    except IndexerError:
        raise
    except Exception as exc:  # the client's zoo of errors: each becomes the same one-line error
        raise unavailable(url, exc) from None

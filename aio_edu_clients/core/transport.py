"""The one request loop: auth, rate permit, send, classify, retry.

Every call of every vendor goes through `Transport.request`. What may be retried:

* a connection that never reached the server (refused, DNS, connect timeout): always;
* a failure after the request may have reached the server (reset, read timeout,
  truncated body) and 500/502/503/504: only for idempotent methods — a POST is never
  sent twice once the server may have acted on it;
* 429: always, since the server refused to act; the whole credential pauses for the
  ``Retry-After`` (capped by the policy), so other tasks do not walk into it too. A
  ``Retry-After`` on any other retried status (a 503 above all, RFC 9110 10.2.3) is
  honoured the same way, in place of the jittered backoff;
* 401 with a renewable credential: renewed once (single-flight) and replayed.

Below this loop, aiohttp itself resends an idempotent request once when the connection
is reset or closed before an answer (RFC 9112 section 9.3.1), so one attempt here may
be two on the wire; it never does so for POST.

``asyncio.CancelledError`` is never caught: a cancelled call leaves the loop at once,
the ``async with`` on the response hands the connection back (or closes it), and a
permit not yet granted is never taken.

The timeout covers one HTTP exchange, not the wait for a rate permit: a request
queued behind the budget does not time out for being patient.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
from yarl import URL

from ..errors import (
    APIConnectionError,
    APITimeoutError,
    DecodeError,
    EduClientError,
    ForeignURLError,
)
from .auth import Auth
from .options import NOT_GIVEN, NotGiven
from .paging import PageRequest
from .pool import SessionPool
from .ratelimit import RateLimit, Throttle, acquire_observed, throttle_for
from .redact import redact_url
from .response import Response, status_error
from .retry import IDEMPOTENT_METHODS, RetryPolicy, parse_retry_after

log = logging.getLogger("aio_edu_clients")

Params = Mapping[str, Any] | list[tuple[str, Any]] | None

_USERINFO = re.compile(r"//.*@")  # greedy: hide everything a password could hold
_HOSTNAME = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")  # IDNA-encoded, not IPv6


def check_base_url(base_url: str, name: str = "base_url") -> URL:
    """``base_url`` as a URL (no trailing slash); `ValueError` saying what is wrong with it.

    Checked when a client is built, so a typo fails at once with its reason instead of
    as a connection error after every retry (``ftp://`` or ``localhost:8000``, which
    parses as the scheme ``localhost``). A user or password in the URL is refused, and
    neither the message nor anything else here ever shows it.
    """
    shown = _USERINFO.sub("//***@", base_url)
    try:
        url = URL(base_url.rstrip("/"))
    except ValueError as exc:
        reason = _USERINFO.sub("//***@", str(exc))
        raise ValueError(f"{name} {shown!r} is not a valid URL: {reason}") from None
    if not url.scheme:
        raise ValueError(f"{name} {shown!r} is not an absolute URL (e.g. https://host/api/)")
    if url.scheme not in ("http", "https"):
        hint = "" if "//" in base_url else f" (did you mean 'http://{shown}'?)"
        raise ValueError(
            f"{name} {shown!r} has unsupported scheme {url.scheme!r}: use http or https{hint}"
        )
    if not url.raw_host:
        raise ValueError(f"{name} {shown!r} has no host")
    if url.user is not None or url.password is not None:
        raise ValueError(f"{name} must not contain a user or password; pass credentials separately")
    if ":" not in url.raw_host and not _HOSTNAME.fullmatch(url.raw_host):
        raise ValueError(f"{name} {shown!r} has an invalid host {url.host!r}")
    if url.explicit_port == 0:
        raise ValueError(f"{name} {shown!r} has port 0; use 1-65535")
    return url


class Transport:
    """Sends requests for one client: one vendor, one base URL, one credential."""

    def __init__(
        self,
        *,
        vendor: str,
        base_url: str,
        auth: Auth,
        pool: SessionPool,
        rate_limit: RateLimit | None,
        retry: RetryPolicy,
        timeout: float | None,
    ) -> None:
        self.vendor = vendor
        self.base_url = check_base_url(base_url)
        self._base = str(self.base_url)
        self.auth = auth
        self.pool = pool
        self.rate_limit = rate_limit
        self.retry = retry
        self.timeout = timeout
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._throttle: Throttle | None = None
        self.owner = f"{vendor} client for {self.base_url}"
        """Who this transport works for, as misuse errors name it."""
        self.closed = False
        self.parent: Transport | None = None
        for secret in pool.secrets:  # a proxy password is masked like the credential
            auth.secrets.add(secret)

    def derive(
        self, *, rate_limit: RateLimit | None, retry: RetryPolicy, timeout: float | None
    ) -> Transport:
        """A transport for the same credential and pool with other settings.

        It is closed when this one is: a client from ``with_options`` lives as long as
        the client it came from.
        """
        child = Transport(
            vendor=self.vendor,
            base_url=self._base,
            auth=self.auth,
            pool=self.pool,
            rate_limit=rate_limit,
            retry=retry,
            timeout=timeout,
        )
        child.parent = self
        if rate_limit == self.rate_limit:
            child._throttle = self._throttle  # the same budget (also once created)
        return child

    def check_open(self) -> None:
        """`RuntimeError` naming the client if it (or the client it came from) is closed."""
        transport: Transport | None = self
        while transport is not None:
            if transport.closed:
                raise RuntimeError(
                    f"{self.owner} is closed (by aclose() or leaving 'async with'): "
                    "make a new client, or keep one open for as long as it is used"
                )
            transport = transport.parent

    @property
    def throttle(self) -> Throttle:
        """This credential's shared gate (created in the running loop on first use)."""
        if self._throttle is None:
            self._throttle = throttle_for(self.vendor, self.auth.credential_id, self.rate_limit)
        return self._throttle

    # -- URLs ---------------------------------------------------------------------------

    def url_for(self, path_or_url: str | URL) -> URL:
        """An absolute URL on the base URL's origin; anything else is refused.

        Relative paths join the base URL (``/clients/`` → ``…/api/clients/``). Absolute
        URLs — next-page links — must share scheme, host and port with the base URL,
        or the credential would travel to a host the user never chose.
        """
        url = path_or_url if isinstance(path_or_url, URL) else URL(str(path_or_url))
        if not url.is_absolute():
            path = str(path_or_url)
            if not path.startswith("/"):
                path = "/" + path
            return URL(self._base + path, encoded=False)
        base = self.base_url
        if url.user is not None or url.password is not None:
            raise ForeignURLError(
                f"{self.vendor}: refusing a URL that carries userinfo ({redact_url(url.origin())})"
            )
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            raise ForeignURLError(
                f"{self.vendor}: refusing to send credentials to {redact_url(url.origin())} "
                f"(the client talks to {base.origin()})"
            )
        return url

    def resolve(self, request: PageRequest) -> URL:
        """The absolute URL a page request would be sent to; refused if off our origin."""
        url = self.url_for(request.url)
        return url.extend_query(list(request.params)) if request.params else url

    def shown(self, url: str | URL) -> str:
        return redact_url(url, self.auth.secrets)

    def _debug(self, message: str, *args: object) -> None:
        """A debug line, scrubbed like an exception message: URLs redacted, secrets masked.

        Paths and queries of next links are the vendor's to build, and some put a key
        or token in them; so a URL is only ever logged through `shown`, and the whole
        line through the credential's secrets, and only when debug logging is on.
        """
        if log.isEnabledFor(logging.DEBUG):
            shown = tuple(self.shown(a) if isinstance(a, URL) else a for a in args)
            log.debug(self.auth.secrets.scrub(message % shown))

    # -- the loop ----------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path_or_url: str | URL,
        *,
        params: Params = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | NotGiven | None = NOT_GIVEN,  # noqa: ASYNC109 - per request, as aiohttp
    ) -> Response:
        """Send one logical request, retrying as the policy allows; return a 2xx/3xx answer.

        ``timeout`` overrides the client's for this request (``None``: no limit).
        Raises the typed `APIStatusError` subclass for any other status,
        `APIConnectionError`/`APITimeoutError` for transport failures.
        """
        method = method.upper()
        if isinstance(timeout, NotGiven):
            limit, client_timeout = self.timeout, self._timeout
        else:
            limit, client_timeout = timeout, aiohttp.ClientTimeout(total=timeout)
        url = self.url_for(path_or_url)
        if params:
            url = url.extend_query(encode_query(params))
        idempotent = method in IDEMPOTENT_METHODS
        self.check_open()
        session = await self.pool.session(user=self.owner)
        extra_headers = self.pool.request_headers
        throttle = self.throttle
        retries = 0
        renewed = False
        while True:
            send_headers = {**extra_headers, **headers} if headers else dict(extra_headers)
            send_headers.update(await self.auth.headers())
            auth_generation = self.auth.generation  # after headers(): it may have renewed
            # The permit comes last, so it is spent on a request that is sent right away.
            await acquire_observed(throttle)
            started = time.monotonic()
            attempt = retries + 1
            try:
                async with session.request(
                    method,
                    url,
                    json=json,
                    data=data,
                    headers=send_headers,
                    timeout=client_timeout,
                    allow_redirects=False,
                ) as raw:
                    content = await raw.read()
                    response = Response(
                        vendor=self.vendor,
                        method=method,
                        url=url,
                        status=raw.status,
                        headers=raw.headers,
                        content=content,
                        secrets=self.auth.secrets,
                    )
            except (
                aiohttp.ClientError,
                aiohttp.http_exceptions.HttpProcessingError,
                TimeoutError,
            ) as exc:
                # The parser's own errors escape bare from aiohttp's pure-Python build.
                error, sent = self._transport_error(exc, method, self.shown(url), limit)
                if retries < self.retry.max_retries and (idempotent or not sent):
                    retries += 1
                    delay = self.retry.backoff_delay(retries)
                    self._debug(
                        "%s %s failed (%s, attempt %d); retrying in %.2fs",
                        method,
                        url,
                        type(exc).__name__,
                        attempt,
                        delay,
                    )
                    await asyncio.sleep(delay)
                    continue
                raise error from None

            status = response.status
            self._debug(
                "%s %s -> %d (attempt %d, %.1f ms)",
                method,
                url,
                status,
                attempt,
                (time.monotonic() - started) * 1000,
            )
            if status < 400:
                return response
            if status == 401 and not renewed and self.auth.can_renew:
                renewed = True
                if await self.auth.renew(auth_generation):
                    self._debug("%s %s: credential renewed after 401; replaying", method, url)
                    continue
            retryable = status == 429 or (status in self.retry.retry_statuses and idempotent)
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retryable and retries < self.retry.max_retries:
                retries += 1
                if status == 429 or retry_after is not None:
                    # The server said when to come back (RFC 9110 10.2.3): every task of
                    # this credential waits it out, capped by the policy, before its permit.
                    delay = self.retry.rate_limit_delay(retry_after, retries)
                    self._debug(
                        "%s %s -> %d; Retry-After %s, waiting %.2fs (attempt %d)",
                        method,
                        url,
                        status,
                        "none" if retry_after is None else f"{retry_after:.2f}s",
                        delay,
                        attempt,
                    )
                    throttle.pause(delay)
                    continue
                delay = self.retry.backoff_delay(retries)
                self._debug("%s %s -> %d; retrying in %.2fs", method, url, status, delay)
                await asyncio.sleep(delay)
                continue
            if status == 429:
                if retry_after is not None:
                    throttle.pause(min(retry_after, self.retry.max_retry_after))
                raise status_error(response, retry_after=retry_after)
            raise status_error(response)

    def _transport_error(
        self, exc: BaseException, method: str, shown: str, timeout: float | None
    ) -> tuple[EduClientError, bool]:
        """The typed error for a failed exchange, and whether the request may have been sent.

        A broken body is a `DecodeError` saying how it broke, since each points at another
        culprit: cut short (a crash mid-write), chunk sizes that lie (a broken proxy), an
        encoding that does not decode (a mislabelled compression). An answer that is not
        HTTP at all is an `APIConnectionError`. aiohttp's parser messages quote the URL
        and the server's bytes, so only their verdict (first line) is kept.
        """
        where = f"{self.vendor} {method} {shown}"
        http = aiohttp.http_exceptions
        chain: list[BaseException] = []
        link: BaseException | None = exc
        while link is not None and len(chain) < 8:  # aiohttp wraps the parser's error twice
            chain.append(link)
            link = link.__cause__
        said = " ".join(str(getattr(e, "message", "")) for e in chain)
        verdict = said.strip().split("\n", 1)[0].rstrip(":")[:80] or type(exc).__name__
        chunked = "chunk" in said.lower() or any(
            isinstance(e, http.TransferEncodingError) for e in chain
        )
        body_broke = isinstance(exc, aiohttp.ClientPayloadError | http.PayloadEncodingError)
        if body_broke or (chunked and isinstance(exc, aiohttp.ClientResponseError)):
            if any(isinstance(e, http.ContentEncodingError) for e in chain):
                named = said.lower().partition("content-encoding:")[2].split()[:1]
                encoding = named[0] if named else "what its Content-Encoding says"
                problem = f"the response body is not valid {encoding} (Content-Encoding lies)"
            elif chunked:
                problem = (
                    "the response body's chunked framing is broken "
                    "(a chunk size does not match the bytes sent)"
                )
            else:
                got = said.partition("received ")[2].split()[:3]  # "5 of 100 bytes"
                count = f": {got[0]} of {got[2]} bytes" if got[1:2] == ["of"] else ""
                problem = f"the response body was cut short (truncated{count})"
            return DecodeError(
                f"{where}: {problem}", vendor=self.vendor, method=method, url=shown
            ), True
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            return APITimeoutError(
                f"{where}: timed out connecting", vendor=self.vendor, method=method, url=shown
            ), False
        if isinstance(exc, TimeoutError):
            limit = f" after {timeout:g}s" if timeout else ""
            return APITimeoutError(
                f"{where}: timed out{limit}", vendor=self.vendor, method=method, url=shown
            ), True
        if isinstance(exc, aiohttp.ClientResponseError | http.HttpProcessingError):
            # raise_for_status is off: this is the parser refusing what came back.
            problem = f"the answer is not valid HTTP ({self.auth.secrets.scrub(verdict)})"
            return APIConnectionError(
                f"{where}: {problem}", vendor=self.vendor, method=method, url=shown
            ), True
        sent = not isinstance(exc, aiohttp.ClientConnectorError)
        problem = self.auth.secrets.scrub(str(exc)) or type(exc).__name__
        return APIConnectionError(
            f"{where}: {problem}", vendor=self.vendor, method=method, url=shown
        ), sent


def encode_query(params: Params) -> list[tuple[str, str]]:
    """Query pairs with vendor-friendly scalars: lists repeat the key, booleans are lowercase."""
    items = params.items() if isinstance(params, Mapping) else params or []
    out: list[tuple[str, str]] = []
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            out.extend((key, _scalar(v)) for v in value)
        else:
            out.append((key, _scalar(value)))
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return str(value)

"""What every vendor client is: options, lifecycle, the escape hatch, and endpoint calls.

A vendor client subclasses `BaseClient`, names its vendor, default base URL, default
rate limit, paging style and converter, and declares its resources. Everything else —
the request loop, limits, retries, paging, hydration — lives here and in its
neighbours, once.
"""

from __future__ import annotations

import copy
import enum
import inspect
import os
import typing
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar, Final, Literal, ParamSpec, Self, TypedDict, TypeVar
from urllib.parse import quote

import attrs
from yarl import URL

from ..errors import DecodeError
from .auth import Auth, check_credential
from .lifecycle import AsyncCloseable, warn_unclosed
from .models import ModelConverter, Unparsed
from .operations import EndpointSpec, Operation, Resource, operations_of
from .options import NOT_GIVEN, NotGiven, check_options
from .paging import AsyncPager, PagingStyle
from .pool import SessionPool
from .ratelimit import RateLimit
from .raw import APIResponse
from .response import Response
from .retry import RetryPolicy
from .transport import Params, Transport, encode_query

P = ParamSpec("P")
T = TypeVar("T")


class _VendorDefault(enum.Enum):
    RATE_LIMIT = "the vendor's default"

    def __repr__(self) -> str:
        return "<the vendor's default>"


VENDOR_DEFAULT: Final = _VendorDefault.RATE_LIMIT
"""``rate_limit`` not given: the vendor's own default limit applies."""

VendorDefault = Literal[_VendorDefault.RATE_LIMIT]


class ClientOptions(TypedDict, total=False):
    """The keyword options every client takes (see `BaseClient`)."""

    base_url: str | None
    pool: SessionPool | None
    rate_limit: RateLimit | None
    retry: RetryPolicy | None
    timeout: float | None


def credential_from_env(value: str | None, variable: str, vendor: str, option: str) -> str:
    """``value``, or the environment's ``variable`` when it was not passed (as openai-python).

    A missing one is a `ValueError` saying both ways to give it; a malformed one is
    reported under the variable's name, since that is where the user must look.
    """
    if value is not None:
        return check_credential(value, option)
    found = os.environ.get(variable)
    if not found:
        raise ValueError(f"{vendor}: no {option}: pass {option}=... or set {variable}")
    return check_credential(found, f"{variable} (from the environment)")


class BaseClient(AsyncCloseable):
    """Shared machinery of `TutorCruncher`, `Eduframe` and `TidyClub`.

    Keyword options, the same on every client: ``base_url``; ``pool`` (a shared
    `SessionPool`; without one the client opens and closes its own); ``rate_limit``
    (`RateLimit`, or ``None`` for no client-side limit; default: the vendor's);
    ``retry`` (`RetryPolicy`; ``max_retries=0`` switches retries off); ``timeout``
    (seconds for one HTTP exchange, not counting the wait for a rate permit).
    """

    vendor: ClassVar[str]
    default_base_url: ClassVar[str]
    default_rate_limit: ClassVar[RateLimit | None]
    paging: ClassVar[PagingStyle]
    converter: ClassVar[ModelConverter]

    def __init__(
        self,
        *,
        auth: Auth,
        base_url: str | None = None,
        pool: SessionPool | None = None,
        rate_limit: RateLimit | VendorDefault | None = VENDOR_DEFAULT,
        retry: RetryPolicy | None = None,
        timeout: float | None = 30.0,
    ) -> None:
        self._owns_pool = pool is None
        self._pool = pool if pool is not None else SessionPool()
        self._closed = False
        self._transport = Transport(
            vendor=self.vendor,
            base_url=base_url or self.default_base_url,
            auth=auth,
            pool=self._pool,
            rate_limit=self.default_rate_limit if rate_limit is VENDOR_DEFAULT else rate_limit,
            retry=retry if retry is not None else RetryPolicy(),
            timeout=timeout,
        )

    def with_options(
        self,
        *,
        timeout: float | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        rate_limit: RateLimit | NotGiven | None = NOT_GIVEN,
        retry: RetryPolicy | NotGiven = NOT_GIVEN,
    ) -> Self:
        """This client with other settings, sharing its credential, pool and rate budget.

        ``tc.with_options(timeout=5).clients.get(1)``: a cheap copy, made per call or
        kept. It shares the pool and, unless ``rate_limit`` is given, the credential's
        rate budget; closing the original closes it too (closing it alone releases
        nothing the original holds).
        """
        transport = self._transport
        policy = transport.retry if isinstance(retry, NotGiven) else retry
        if not isinstance(max_retries, NotGiven):
            policy = attrs.evolve(policy, max_retries=max_retries)
        clone = copy.copy(self)
        clone.__dict__.pop("_resource_cache", None)  # resources bound to the original
        clone._owns_pool = False
        clone._closed = False
        clone._transport = transport.derive(
            rate_limit=transport.rate_limit if isinstance(rate_limit, NotGiven) else rate_limit,
            retry=policy,
            timeout=transport.timeout if isinstance(timeout, NotGiven) else timeout,
        )
        return clone

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return str(self._transport.base_url)

    @property
    def pool(self) -> SessionPool:
        return self._pool

    @property
    def rate_limit(self) -> RateLimit | None:
        return self._transport.rate_limit

    @property
    def rate_limit_wait(self) -> float:
        """Seconds callers of this credential have spent waiting for rate permits."""
        return self._transport.throttle.waited if self._transport._throttle else 0.0

    async def aclose(self) -> None:
        """Release this client. A shared pool stays open: its owner closes it."""
        self._closed = True
        self._transport.closed = True
        if self._transport._throttle is not None:
            await self._transport._throttle.release()
        if self._owns_pool:
            await self._pool.aclose()

    def __del__(self) -> None:
        # Only a client that opened its own pool holds anything a user could leak.
        if getattr(self, "_owns_pool", False) and not self._closed and self._pool.is_open:
            warn_unclosed(self, "client")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"

    # -- the public escape hatch ---------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | NotGiven | None = NOT_GIVEN,  # noqa: ASYNC109 - per call, as openai
    ) -> Response:
        """Any call the typed methods do not cover, with the same auth, limits and retries.

        ``path`` is relative to the base URL (or an absolute URL on the same origin).
        Returns the `Response`; ``response.json()`` decodes it. Error statuses raise
        the typed errors like every other call.
        """
        options = {} if isinstance(timeout, NotGiven) else self._send_options({"timeout": timeout})
        return await self._transport.request(
            method, path, params=params, json=json, data=data, headers=headers, **options
        )

    @classmethod
    def operations(cls) -> list[Operation]:
        """Every operation this client implements: method, path, resource and name."""
        return operations_of(cls)

    # -- endpoint calls (used by `endpoint`-declared methods) -------------------------------

    def _path(self, spec: EndpointSpec, args: Mapping[str, Any]) -> str:
        path = spec.path
        for name in spec.path_params:
            value = args[name]
            if value is None or value == "":
                raise ValueError(f"{name} is required")
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        return path

    def _query(self, spec: EndpointSpec, args: Mapping[str, Any]) -> list[tuple[str, Any]]:
        pairs: list[tuple[str, Any]] = [
            (n, args[n]) for n in spec.query_params if args[n] is not None
        ]
        extra = args[spec.options_param].get("extra_query")
        if extra:
            # Given explicitly, so it wins over a documented filter of the same name.
            pairs = [(n, v) for n, v in pairs if n not in extra]
            pairs.extend(extra.items())
        return pairs

    def _body(self, spec: EndpointSpec, args: Mapping[str, Any]) -> dict[str, Any]:
        if not spec.takes_body:
            return {}
        data = args.get("data")
        if data is not None and not isinstance(data, Mapping):
            data = self.converter.unstructure(data)
        body = dict(data or {})
        body.update((n, args[n]) for n in spec.body_fields if args[n] is not None)
        extra = args[spec.options_param].get("extra_body")
        if extra:
            body.update(extra)
        if not body and data is None and extra is None:
            return {}
        # A user writes {"amount": Decimal("10.50"), "due": date(...), "type": SomeEnum.X}
        # or nests models; JSON and forms have none of those, so they go as the
        # converter writes them (strings, objects), as the vendors' examples show.
        body = self.converter.unstructure(body)
        return {"json": body} if spec.body == "json" else {"data": body}

    def _send_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """The transport's keyword arguments for a call's per-call options (checked)."""
        if not options:
            return {}
        check_options(options)
        sent: dict[str, Any] = {}
        if "timeout" in options:
            sent["timeout"] = options["timeout"]
        if options.get("extra_headers"):
            sent["headers"] = options["extra_headers"]
        return sent

    async def _call(self, spec: EndpointSpec, args: Mapping[str, Any], raw: bool = False) -> Any:
        send = self._send_options(args[spec.options_param])
        path = self._path(spec, args)
        response = await self._transport.request(
            spec.method,
            path,
            params=self._query(spec, args),
            **self._body(spec, args),
            **send,
        )
        if raw:
            return APIResponse(response, lambda: self._result(spec, path, response))
        return self._result(spec, path, response)

    def with_raw_response(
        self, method: Callable[P, Awaitable[T]]
    ) -> Callable[P, Awaitable[APIResponse[T]]]:
        """``method`` of this client, answering with the raw `APIResponse` (see `core.raw`).

        ``resp = await tc.with_raw_response(tc.clients.get)(37)``; ``resp.status``,
        ``resp.headers``, ``resp.content``, ``resp.request_id``, ``resp.parse()``.
        """
        func = getattr(method, "__func__", None)
        spec = getattr(func, "__endpoint__", None)
        owner = getattr(method, "__self__", None)
        if not isinstance(spec, EndpointSpec) or not isinstance(owner, Resource):
            raise TypeError(
                "with_raw_response() takes an endpoint method of the client, "
                f"e.g. client.with_raw_response(client.clients.get), not {method!r}"
            )
        if owner._client is not self:
            raise ValueError(f"{method.__qualname__} belongs to {owner._client!r}, not {self!r}")
        if not inspect.iscoroutinefunction(func):
            raise TypeError(
                f"{method.__qualname__} returns a pager: each page's raw answer is "
                "page.raw (async for page in pager.pages())"
            )
        bind = func.__bind__  # type: ignore[attr-defined]

        async def call(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
            result: APIResponse[T] = await self._call(spec, bind(owner, args, kwargs), raw=True)
            return result

        return call

    def _result(self, spec: EndpointSpec, path: str, response: Response) -> Any:
        """What an endpoint returns for ``response``, per its return annotation.

        A vendor client overrides this for answers its own way (a result in a header,
        an error in a 200 body); the request itself stays in `_call`.
        """
        returns = spec.returns
        if returns is None or returns is type(None):
            return None
        if returns is Response:
            return response
        if not response.content.strip() and type(None) in typing.get_args(returns):
            return None  # ``-> Model | None``: a 201/204 without a body is a clean answer
        payload = response.json()
        if spec.unwrap is not None:
            # The envelope when the vendor sends one; the object itself when it does not.
            if not isinstance(payload, Mapping):
                raise response.decode_error(f"expected an object (with {spec.unwrap!r})")
            payload = payload.get(spec.unwrap, payload)
        if returns is Any:
            return payload
        try:
            return self.converter.structure(payload, returns, where=f"{spec.method} {path}")
        except DecodeError as exc:
            raise _with_response(exc, response) from None

    def _paginate(self, spec: EndpointSpec, args: Mapping[str, Any]) -> AsyncPager[Any]:
        returns = spec.returns
        if typing.get_origin(returns) is not AsyncPager:
            raise TypeError(f"{spec.func.__qualname__} must be annotated -> AsyncPager[Model]")
        (item_type,) = typing.get_args(returns)
        path = self._path(spec, args)
        transport = self._transport
        converter = self.converter
        where = f"{spec.method} {spec.path}"

        send = self._send_options(args[spec.options_param])

        async def fetch(url: URL) -> Response:
            return await transport.request(spec.method, url, **send)

        def hydrate(items: Sequence[Any], response: Response, keep: bool) -> list[Any]:
            if item_type is Any:
                return list(items)
            if keep:
                out = converter.structure_each(items, item_type, where=where)
                body = None  # the page's text, scrubbed once however many items broke
                for index, item in enumerate(out):
                    if isinstance(item, Unparsed):
                        body = body or response.secrets.scrub(response.text())
                        error = _with_response(item.error, response, body)
                        out[index] = attrs.evolve(item, error=error)
                return out
            try:
                return converter.structure_list(items, item_type, where=where)
            except DecodeError as exc:
                raise _with_response(exc, response) from None

        query = tuple(encode_query(self._query(spec, args)))
        return AsyncPager(
            fetch=fetch,
            resolve=transport.resolve,
            style=self.paging,
            first=self.paging.first(path, query, args.get("page_size")),
            hydrate=hydrate,
            max_items=args.get("max_items"),
            concurrency=args.get("concurrency") or 1,
        )


def _with_response(exc: DecodeError, response: Response, body: str | None = None) -> DecodeError:
    """The hydration error, carrying the response it came from (secrets scrubbed)."""
    return DecodeError(
        str(exc),
        vendor=response.vendor,
        method=response.method,
        url=response.url,
        status=response.status,
        body=body if body is not None else response.secrets.scrub(response.text()),
        headers=response.shown_headers(),
        request_id=response.request_id,
    )

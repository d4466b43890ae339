"""FaultServer and the wire faults, checked on the wire: raw sockets and a plain aiohttp client."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from aio_edu_clients.testing import FakeTutorCruncher, Fault, FaultServer
from aio_edu_clients.testing._faults import SSH_BANNER, TRUNCATED_JSON
from tests.conftest import eventually

OK = b'{"ok": true}'
GET = b"GET /clients/1/?page=2 HTTP/1.1\r\nHost: test\r\n\r\n"


@pytest.fixture
async def server() -> AsyncIterator[FaultServer]:
    async with FaultServer(default=Fault.body(200, OK)) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@contextlib.asynccontextmanager
async def raw(url: str) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    """A bare TCP connection to ``url``'s host and port, closed afterwards."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port.split("/")[0]))
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def read_to_end(reader: asyncio.StreamReader) -> list[bytes]:
    """Every read until end of stream, as the reads returned it."""
    reads = []
    while block := await reader.read(65536):
        reads.append(block)
    return reads


async def answer_to(url: str, request: bytes = GET) -> bytes:
    async with raw(url) as (reader, writer):
        writer.write(request)
        return b"".join(await read_to_end(reader))


def split(response: bytes) -> tuple[str, dict[str, str], bytes]:
    """(status line, headers, body) of a raw response."""
    head, _, body = response.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, dict(line.split(": ", 1) for line in lines), body


# -- the server ------------------------------------------------------------------------


async def test_lifecycle_and_urls() -> None:
    server = FaultServer()
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.url
    await server.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.base_url == server.url + "/"
        with pytest.raises(RuntimeError, match="already started"):
            await server.start()
    finally:
        await server.close()
        await server.close()  # idempotent
    with pytest.raises(RuntimeError):
        _ = server.url


async def test_requests_are_recorded(server: FaultServer, http: aiohttp.ClientSession) -> None:
    server.script(Fault.reset(), Fault.reset(), method="DELETE")
    async with http.post(
        server.base_url + "clients/?a=1&a=2", json={"x": 1}, headers={"X-Key": "k"}
    ) as resp:
        assert resp.status == 200 and await resp.read() == OK

    async def chunks() -> AsyncIterator[bytes]:
        yield b"chunked "
        yield b"body"

    async with http.put(server.base_url + "streamed", data=chunks()) as resp:
        assert resp.status == 200
    with pytest.raises(aiohttp.ClientOSError):
        async with http.delete(server.base_url + "clients/1/"):
            pass
    post, put, delete, *resent = server.requests
    assert (post.method, post.path, post.query.getall("a")) == ("POST", "/clients/", ["1", "2"])
    assert post.params == {"a": "1"} and post.headers["X-Key"] == "k"
    assert post.json() == {"x": 1} and post.status == 200
    assert (put.method, put.body, put.status) == ("PUT", b"chunked body", 200)
    assert (delete.method, delete.status) == ("DELETE", None), "a reset sends no status line"
    assert [(r.method, r.status) for r in resent] == [("DELETE", None)], "aiohttp resends once"
    server.reset_requests()
    assert server.requests == []


async def test_script_order_filters_and_the_default(
    server: FaultServer, http: aiohttp.ClientSession
) -> None:
    server.script(Fault.status(409, {"detail": "taken"}), method="post", path="/clients/")
    server.script(Fault.status(503), Fault.body(201, b"[1]", headers={"X-A": "b"}))
    assert server.pending_faults == 3
    async with http.get(server.base_url + "x") as resp:
        assert resp.status == 503 and await resp.json() == {"message": "Service Unavailable"}
    async with http.post(server.base_url + "clients/") as resp:
        assert resp.status == 409 and await resp.json() == {"detail": "taken"}
    async with http.get(server.base_url + "clients/") as resp:
        assert (resp.status, await resp.read(), resp.headers["X-A"]) == (201, b"[1]", "b")
    async with http.get(server.base_url + "y") as resp:
        assert (resp.status, await resp.read()) == (200, OK)
    assert server.pending_faults == 0
    server.default = Fault.status(404)
    async with http.get(server.base_url + "z") as resp:
        assert resp.status == 404
    assert [r.status for r in server.requests] == [503, 409, 201, 200, 404]


async def test_http_faults_are_written_as_http(
    server: FaultServer, http: aiohttp.ClientSession
) -> None:
    server.script(
        Fault.rate_limited(retry_after=7),
        Fault.html(502),
        Fault.malformed_json(),
        Fault.delay(0.05),
    )
    async with http.get(server.url) as resp:
        assert resp.status == 429 and resp.headers["Retry-After"] == "7"
    async with http.get(server.url) as resp:
        assert resp.status == 502 and resp.content_type == "text/html"
        assert "nginx" in await resp.text()
    async with http.get(server.url) as resp:
        assert resp.content_type == "application/json"
        with pytest.raises(json.JSONDecodeError):
            await resp.json()
    async with http.get(server.url) as resp:  # the delay, then the default
        assert await resp.read() == OK


def test_default_cannot_be_a_delay_and_faults_check_their_arguments() -> None:
    with pytest.raises(ValueError, match="delay"):
        FaultServer(default=Fault.delay(1))
    with pytest.raises(ValueError):
        Fault.drip(chunk=0)
    with pytest.raises(ValueError):
        Fault.drip(interval=-1)
    with pytest.raises(ValueError):
        Fault.close_mid_body(sent=-1)
    with pytest.raises(ValueError):
        Fault.lying_chunked("sometimes")  # type: ignore[arg-type]


async def test_http_answers_keep_the_connection_and_wire_faults_close_it(
    server: FaultServer,
) -> None:
    server.script(Fault.status(201), Fault.body(200, b"second"), Fault.garbage(b"bye"))
    async with raw(server.url) as (reader, writer):
        for expected in (b"HTTP/1.1 201 Created", b"HTTP/1.1 200 OK"):
            writer.write(GET)
            head = await reader.readuntil(b"\r\n\r\n")
            assert head.startswith(expected) and b"Connection: close" not in head
            length = int(split(head)[1]["Content-Length"])
            await reader.readexactly(length)
        writer.write(GET)
        assert await read_to_end(reader) == [b"bye"], "the garbage, then end of stream"
    assert len(server.requests) == 3


async def test_a_request_that_is_not_http_gets_a_400(server: FaultServer) -> None:
    response = await answer_to(server.url, b"HELLO\r\n\r\n")
    assert response.startswith(b"HTTP/1.1 400 ")
    assert server.requests == []


# -- each wire fault does what it says, on the wire ----------------------------------


async def test_reset_is_a_connection_reset_before_any_byte(server: FaultServer) -> None:
    server.script(Fault.reset())
    async with raw(server.url) as (reader, writer):
        writer.write(GET)
        with pytest.raises(ConnectionResetError):
            await reader.read(1)
    assert [r.status for r in server.requests] == [None]


@pytest.mark.parametrize("data", [SSH_BANNER, bytes(range(256))])
async def test_garbage_is_exactly_those_bytes_then_a_close(
    server: FaultServer, http: aiohttp.ClientSession, data: bytes
) -> None:
    server.script(Fault.garbage(data))
    assert await answer_to(server.url) == data
    server.script(Fault.garbage(data))
    with pytest.raises(aiohttp.ClientError):
        async with http.get(server.url):
            pass


async def test_close_mid_body_promises_more_than_it_sends(
    server: FaultServer, http: aiohttp.ClientSession
) -> None:
    body = json.dumps({"results": list(range(50))}).encode()
    server.script(Fault.close_mid_body(body=body), Fault.close_mid_body(sent=3))
    status, headers, sent = split(await answer_to(server.url))
    assert status == "HTTP/1.1 200 OK" and headers["Connection"] == "close"
    assert int(headers["Content-Length"]) == len(body) and sent == body[: len(body) // 2]
    async with http.get(server.url) as resp:  # the default answer, cut after 3 bytes
        assert resp.status == 200 and resp.content_length == len(OK)
        with pytest.raises(aiohttp.ClientPayloadError):
            await resp.read()


async def test_truncated_and_drop_keep_their_behaviour(server: FaultServer) -> None:
    server.script(Fault.truncated(), Fault.drop())
    _, headers, sent = split(await answer_to(server.url))
    assert sent == TRUNCATED_JSON and int(headers["Content-Length"]) == len(sent) + 1024
    assert await answer_to(server.url) == b""
    assert [r.status for r in server.requests] == [200, None]


async def test_drip_sends_the_whole_answer_a_few_bytes_at_a_time(
    server: FaultServer, http: aiohttp.ClientSession
) -> None:
    server.script(Fault.drip(chunk=5, interval=0.02))
    async with raw(server.url) as (reader, writer):
        writer.write(GET)
        reads = await read_to_end(reader)
    assert len(reads) > 1, "several reads, not one burst"
    status, headers, body = split(b"".join(reads))
    assert (status, headers["Content-Length"], body) == ("HTTP/1.1 200 OK", str(len(OK)), OK)
    server.script(Fault.drip(chunk=4, interval=0.01, body=b'{"patient": true}'))
    async with http.get(server.url) as resp:
        assert await resp.json() == {"patient": True}
    server.script(Fault.drip(chunk=1, interval=0.5))
    with pytest.raises(TimeoutError):
        async with http.get(server.url, timeout=aiohttp.ClientTimeout(total=0.2)) as resp:
            await resp.read()
    await eventually(lambda: not server._connections)  # the drip noticed and stopped
    assert [r.status for r in server.requests] == [200, 200, 200]


async def test_bad_gzip_labels_a_plain_body_gzip(
    server: FaultServer, http: aiohttp.ClientSession
) -> None:
    server.script(Fault.bad_gzip(), Fault.bad_gzip())
    _, headers, body = split(await answer_to(server.url))
    assert headers["Content-Encoding"] == "gzip" and body == OK
    async with http.get(server.url) as resp:
        assert resp.status == 200
        with pytest.raises(aiohttp.ClientPayloadError, match="content-encoding"):
            await resp.read()


async def test_lying_chunked_sizes(server: FaultServer, http: aiohttp.ClientSession) -> None:
    server.script(Fault.lying_chunked(), Fault.lying_chunked("not_hex"))
    _, headers, body = split(await answer_to(server.url))
    assert headers["Transfer-Encoding"] == "chunked" and "Content-Length" not in headers
    size, _, rest = body.partition(b"\r\n")
    assert int(size, 16) > len(rest), "the size promises more than follows"
    _, _, body = split(await answer_to(server.url))
    assert body.startswith(b"0x%x\r\n" % len(OK))
    server.script(Fault.lying_chunked(), Fault.lying_chunked("not_hex"))
    async with http.get(server.url) as resp:
        with pytest.raises(aiohttp.ClientPayloadError, match="TransferEncodingError"):
            await resp.read()
    # The C parser refuses a bad size with the head; the pure-Python one while reading.
    with pytest.raises((aiohttp.ClientResponseError, aiohttp.ClientPayloadError)):
        async with http.get(server.url) as resp:
            await resp.read()


async def test_stall_ends_when_the_client_gives_up(
    server: FaultServer, http: aiohttp.ClientSession
) -> None:
    server.script(Fault.stall())
    with pytest.raises(TimeoutError):
        async with http.get(server.url, timeout=aiohttp.ClientTimeout(total=0.2)):
            pass
    await eventually(lambda: not server._connections)
    async with http.get(server.url) as resp:
        assert await resp.read() == OK


async def test_close_ends_a_stalled_connection_cleanly() -> None:
    server = FaultServer(default=Fault.stall())
    await server.start()
    async with raw(server.url) as (reader, writer):
        writer.write(GET)
        await eventually(lambda: bool(server.requests))
        before = asyncio.all_tasks()
        await server.close()
        assert await reader.read() == b"", "the server hung up"
        assert not server._connections
        assert not [t for t in before - {asyncio.current_task()} if not t.done()]


# -- the same wire, under a vendor fake ---------------------------------------------


async def test_a_fakes_script_uses_the_same_wire(
    http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        auth = {"Authorization": f"token {fake.api_key}"}
        url = fake.base_url + "clients/"
        fake.script(Fault.reset(), Fault.garbage(b"\x00junk"), Fault.bad_gzip())
        async with raw(fake.url) as (reader, writer):
            writer.write(b"GET /api/clients/ HTTP/1.1\r\nHost: t\r\n\r\n")
            with pytest.raises(ConnectionResetError):
                await reader.read(1)
        assert await answer_to(fake.url, b"GET /api/ HTTP/1.1\r\nHost: t\r\n\r\n") == b"\x00junk"
        async with http.get(url, headers=auth) as resp:  # the vendor's own page, mislabelled
            assert resp.headers["Content-Encoding"] == "gzip"
            with pytest.raises(aiohttp.ClientPayloadError):
                await resp.read()
        fake.script(Fault.drip(chunk=64, interval=0.001), Fault.stall())
        async with http.get(url, headers=auth) as resp:
            assert (await resp.json())["count"] == len(fake.clients)
        with pytest.raises(TimeoutError):
            async with http.get(url, headers=auth, timeout=aiohttp.ClientTimeout(total=0.2)):
                pass
        assert [r.status for r in fake.requests] == [None, None, 200, 200, None]
        async with http.get(url, headers=auth) as resp:
            assert resp.status == 200
    assert not [r for r in caplog.records if r.levelno >= 30]

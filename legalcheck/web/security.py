"""What keeps the local web app private: host check, token, origin check, CSRF tokens, body limit, headers.

One ASGI middleware (:class:`Guard`) in front of every route:

* the ``Host`` header must name the bound address (a DNS-rebinding page cannot talk to the app);
* with a token (required for any host other than the loopback), every request carries it: ``Authorization:
  Bearer``, or the ``legalcheck_token`` cookie set by opening ``/?token=...`` once;
* a state-changing request whose ``Origin`` is another site is refused; page forms also carry a CSRF token;
* request bodies above :data:`legalcheck.limits.MAX_REQUEST_BYTES` are refused, counted as they arrive;
* every response gets a strict Content-Security-Policy (no inline script; a page may add hashes of styles it
  embeds) and no-store, same-origin referrer, nosniff and frame-deny headers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from ..limits import MAX_REQUEST_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

TOKEN_COOKIE = "legalcheck_token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csp(style_hashes: list[str] | tuple[str, ...] = ()) -> str:
    """The policy, allowing the inline styles whose SHA-256 hashes are given (the memo's, shown in a frame)."""
    return CSP.format(styles="".join(f" 'sha256-{h}'" for h in style_hashes))


def style_hash(css: str) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")


class Csrf:
    """Stateless CSRF tokens: a random nonce and its HMAC under a key made at start-up."""

    def __init__(self) -> None:
        self.key = secrets.token_bytes(32)

    def token(self) -> str:
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._mac(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or "." not in token:
            return False
        nonce, mac = token.split(".", 1)
        return hmac.compare_digest(mac, self._mac(nonce))

    def _mac(self, nonce: str) -> str:
        return hmac.new(self.key, nonce.encode(), hashlib.sha256).hexdigest()[:32]


class BodyTooLarge(Exception):
    pass


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host header values that name the bound address."""
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost"}
    shown = {f"[{n}]" if ":" in n else n for n in names}
    return {f"{n}:{port}" for n in shown} | (shown if port == 80 else set())


class Guard:
    def __init__(self, app: Any, *, hosts: set[str], token: str | None, max_body: int = MAX_REQUEST_BYTES) -> None:
        self.app, self.hosts, self.token, self.max_body = app, {h.lower() for h in hosts}, token, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _plain(send, *refusal)
            return
        given = (_query_token(scope) or "").encode()
        if self.token and hmac.compare_digest(given, self.token.encode()):  # first visit: keep ?token= in a cookie
            await _set_token_cookie(send, scope["path"], self.token)
            return
        await self._forward(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host", "").lower() not in self.hosts:
            return 421, "This address is not served here (the Host header does not name the bound address)."
        if self.token and not self._authorised(scope, headers):
            return 401, "A token is required: open the address printed by `legalcheck serve` (with ?token=...)."
        origin = headers.get("origin")
        if scope["method"] not in SAFE_METHODS and origin is not None and \
                origin.split("://", 1)[-1].lower() not in self.hosts:  # "null" (a sandboxed frame) is refused too
            return 403, "Cross-site request refused."
        length = headers.get("content-length")
        if length is not None and not length.isdigit():
            return 400, "Bad Content-Length."
        if length is not None and int(length) > self.max_body:
            return 413, f"Request too large (at most {self.max_body} bytes)."
        return None

    def _authorised(self, scope: Scope, headers: dict[str, str]) -> bool:
        assert self.token is not None
        given = [headers.get("authorization", "").removeprefix("Bearer ").strip(), _query_token(scope) or ""]
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE:
                given.append(value)
        return any(hmac.compare_digest(g.encode(), self.token.encode()) for g in given if g)

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(f"Request too large (at most {self.max_body} bytes).")
            return msg

        async def guarded_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
                msg["headers"] = _with_security_headers(list(msg.get("headers", [])))
            await send(msg)

        from starlette.requests import ClientDisconnect

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _plain(send, 413, f"Request too large (at most {self.max_body} bytes).")
        except ClientDisconnect:  # the client left before its body arrived: no one to answer, nothing to log
            return


def _query_token(scope: Scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    return values[0] if values else None


def _with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {k.lower() for k, _ in headers}
    extra = [(b"content-security-policy", csp().encode()), (b"x-content-type-options", b"nosniff"),
             (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store"),
             (b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-resource-policy", b"same-origin")]
    return headers + [(k, v) for k, v in extra if k not in names]


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = _with_security_headers([(b"content-type", b"text/plain; charset=utf-8"),
                                      (b"content-length", str(len(body)).encode())])
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _set_token_cookie(send: Send, path: str, token: str) -> None:
    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    from urllib.parse import quote

    here = quote("/" + (path or "/").lstrip("/\\"), safe="/")  # never "//host/..." (another site), always ASCII
    headers = _with_security_headers([(b"location", here.encode("ascii")),
                                      (b"set-cookie", cookie.encode("latin-1")), (b"content-length", b"0")])
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})

"""Which URLs and network addresses the fetcher may connect to.

Rules (``docs/architecture.md``): http and https only, no ``user:password@`` in URLs, and every
address a host resolves to must be public: not private, loopback, link-local, multicast, reserved,
unspecified or shared (carrier NAT). Numeric IPv4 forms that browsers and libc accept
(``2130706433``, ``0177.0.0.1``, ``0x7f.1``, ``127.1``) are read as the addresses they name, and an
IPv4 address inside an IPv6 one (``::ffff:127.0.0.1``, 6to4, NAT64, Teredo) is checked as IPv4.

An :class:`AllowList` (``--allow-host``, ``EVENTWIRE_FETCH_ALLOW``) lets users and tests reach
named hosts or address ranges all the same. The checks here are pure; :mod:`.transport` runs them
at the moment a connection is made, on the addresses it then connects to.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import httpx

from eventwire.errors import FetchFailed, FetchRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[IPAddress]]

ALLOW_ENV = "EVENTWIRE_FETCH_ALLOW"
SCHEMES = frozenset({"http", "https"})

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT: not global, not "private" either
_ENDS_IN_NUMBER = re.compile(r"(?:^|\.)(?:[0-9]+|0[xX][0-9a-fA-F]*)\.?$")  # WHATWG: such a host is IPv4
_ALLOW_SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class AllowList:
    """Hosts (by name) and address ranges the fetcher may reach even though they are not public.

    A name matches the URL's host exactly (case and a trailing dot ignored) and allows every
    address it resolves to; a range allows the addresses inside it, whatever name led there.
    """

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """Entries are host names, IP addresses or CIDR ranges (``127.0.0.1``, ``10.0.0.0/8``, ``[::1]``)."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for raw in entries:
            entry = raw.strip().strip("[]")
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(_host_key(entry))
        return cls(frozenset(hosts), tuple(networks))

    @classmethod
    def from_env(cls, extra: Iterable[str] = (), env: Mapping[str, str] = os.environ) -> AllowList:
        """The entries of ``EVENTWIRE_FETCH_ALLOW`` (comma or space separated) plus ``extra``."""
        from_env = [e for e in _ALLOW_SEPARATORS.split(env.get(ALLOW_ENV, "")) if e]
        return cls.parse([*from_env, *extra])

    def allows_host(self, host: str) -> bool:
        return _host_key(host) in self.hosts

    def allows_address(self, address: IPAddress) -> bool:
        return any(address.version == net.version and address in net for net in self.networks)


def check_url(url: str | httpx.URL, allow: AllowList | None = None) -> httpx.URL:
    """The parsed URL if its form is acceptable; raises ``FetchRefused`` (E200) otherwise.

    Checks what can be checked without the network: scheme, credentials, and an address written
    in the URL itself (any IPv4 form, IPv6). Host names are checked when they are resolved.
    """
    allow = allow or AllowList()
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchRefused(f"invalid URL {str(url)[:200]!r}: {exc}") from None
    if parsed.scheme not in SCHEMES:
        raise FetchRefused(f"only http and https URLs are fetched, not {parsed.scheme or 'no scheme'}: {url}")
    if parsed.userinfo:
        raise FetchRefused(f"URLs with a user name or password (user@host) are refused: {url}")
    if not parsed.host:
        raise FetchRefused(f"URL has no host: {url}")
    literal = literal_address(parsed.host)
    if literal is not None and not allow.allows_host(parsed.host):
        check_address(parsed.host, literal, allow)
    return parsed


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as an IP names (any IPv4 form, IPv6), or None for a name.

    Raises ``FetchRefused`` for a host that must be an IPv4 address but is not a valid one
    (``1.2.3.999``), as browsers do, rather than letting a resolver guess.
    """
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.strip("[]").split("%", 1)[0])
        except ValueError:
            raise FetchRefused(f"invalid IPv6 address in URL: {host}") from None
    if not _ENDS_IN_NUMBER.search(host):
        return None
    address = parse_ipv4(host)
    if address is None:
        raise FetchRefused(f"invalid IPv4 address in URL: {host}")
    return address


def parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read IPv4 the way the WHATWG URL standard (and libc's inet_aton) does: 1-4 parts, decimal, octal or hex.

    ``2130706433``, ``0177.0.0.1``, ``0x7f.0.0.1`` and ``127.1`` are all 127.0.0.1. None when not valid.
    """
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _ipv4_number(part)
        if number is None:
            return None
        numbers.append(number)
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _ipv4_number(part: str) -> int | None:
    if part[:2].lower() == "0x":
        digits, base = part[2:] or "0", 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    try:
        return int(digits, base) if digits.isalnum() and digits.isascii() else None
    except ValueError:
        return None


def check_address(host: str, address: IPAddress, allow: AllowList) -> None:
    """Raise ``FetchRefused`` unless ``address`` (what ``host`` resolved to) is public or allowed."""
    for candidate in _as_checked(address):
        if allow.allows_address(candidate):
            continue
        kind = non_public_kind(candidate)
        if kind:
            shown = host if host == str(address) else f"{host} ({address})"
            raise FetchRefused(f"{shown} is a {kind} address: refused (allow it with --allow-host or {ALLOW_ENV})")


def non_public_kind(address: IPAddress) -> str | None:
    """Why an address is not a public unicast one (``"loopback"``, ``"private"``...), or None when it is."""
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("shared (carrier NAT)", isinstance(address, ipaddress.IPv4Address) and address in _SHARED),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-global", not address.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def _as_checked(address: IPAddress) -> list[IPAddress]:
    """The addresses to check for one address: IPv4-mapped and NAT64 IPv6 are their IPv4; tunnels are checked twice."""
    if isinstance(address, ipaddress.IPv4Address):
        return [address]
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address in _NAT64:  # what DNS64 answers on IPv6-only networks: judged by the IPv4 inside
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    found: list[IPAddress] = [address]
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found


def resolve_checked(host: str, port: int, allow: AllowList, resolver: Resolver | None = None) -> list[IPAddress]:
    """Every address ``host`` resolves to, each checked; raises ``FetchRefused`` if any is not allowed.

    One bad address refuses the host: a name that resolves to both a public and a private
    address could otherwise be steered to the private one.
    """
    literal = literal_address(host)
    if literal is not None:
        addresses = [literal]
    else:
        addresses = (resolver or system_resolve)(host, port)
        if not addresses:
            raise FetchFailed(f"cannot resolve host {host}: no addresses")
    if not allow.allows_host(host):
        for address in addresses:
            check_address(host, address, allow)
    return addresses


def system_resolve(host: str, port: int) -> list[IPAddress]:
    """The host's addresses from the system resolver, in its order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(f"cannot resolve host {host}: {exc}") from None
    found: dict[IPAddress, None] = {}
    for *_, sockaddr in infos:
        found[ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])] = None
    return list(found)


def _host_key(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()

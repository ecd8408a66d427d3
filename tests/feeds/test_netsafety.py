"""URL and address rules of the fetcher, without the network: every refused form says why."""

from __future__ import annotations

import ipaddress

import pytest

from eventwire.errors import FetchFailed, FetchRefused
from eventwire.ingest.netsafety import ALLOW_ENV, AllowList, check_url, parse_ipv4, resolve_checked

LOOPBACK = ipaddress.IPv4Address("127.0.0.1")


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "127.0.1", "127.0.0.1."]
)
def test_every_ipv4_form_of_loopback_is_read_as_loopback(host: str) -> None:
    assert parse_ipv4(host) == LOOPBACK


@pytest.mark.parametrize("host", ["1.2.3.256", "08.0.0.1", "0x1g.0.0.1", "1.2.3.4.5", "256.1", "1..2", "example.com"])
def test_invalid_or_non_numeric_hosts_are_not_ipv4(host: str) -> None:
    assert parse_ipv4(host) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/feed.xml", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http://example.com@127.0.0.1/", "user name or password"),
        ("http://user:secret@example.com/", "user name or password"),
        ("http://127.0.0.1/", "loopback"),
        ("http://2130706433/", "loopback"),
        ("http://0177.0.0.1/", "Invalid IPv4"),  # httpx's own parser already refuses octal dotted quads
        ("http://0177.0.1/", "loopback"),
        ("http://0x7f.1/", "loopback"),
        ("http://127.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:10.0.0.5]/", "private"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1:8080/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://[fd00::1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://0/", "unspecified"),
        ("http://100.64.0.1/", "shared"),
        ("http://240.0.0.1/", "reserved"),
        ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 wrapping 10.0.0.1
        ("http://1.2.3.999/", "(?i)invalid IPv4"),
        ("http://0x100000000/", "(?i)invalid IPv4"),
        ("http://1.2.3.0x1ff/", "(?i)invalid IPv4"),
        ("http:///nohost", "no host"),
    ],
)
def test_refused_urls_say_why(url: str, reason: str) -> None:
    with pytest.raises(FetchRefused, match=reason) as refused:
        check_url(url)
    assert refused.value.code == "E200"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/1",
        "http://93.184.216.34/",
        "https://[2606:4700:4700::1111]/",
        "http://[64:ff9b::808:808]/",  # DNS64's answer for 8.8.8.8 on an IPv6-only network
    ],
)
def test_public_urls_pass(url: str) -> None:
    assert str(check_url(url)).startswith(url.split("/")[0])


def test_allow_list_from_environment_and_options() -> None:
    allow = AllowList.from_env(["127.0.0.1"], env={ALLOW_ENV: "10.0.0.0/8, Intranet.Local."})
    assert check_url("http://10.9.8.7/", allow).host == "10.9.8.7"
    assert check_url("http://0x7f.1/", allow).host == "0x7f.1"  # 127.0.0.1 in any form
    assert check_url("http://[::ffff:127.0.0.1]/", allow)
    assert allow.allows_host("intranet.local")
    with pytest.raises(FetchRefused, match="private"):
        check_url("http://192.168.1.1/", allow)
    with pytest.raises(FetchRefused, match="loopback"):
        check_url("http://127.0.0.2/", allow)  # only 127.0.0.1/32 was allowed


def test_every_resolved_address_is_checked() -> None:
    def split_horizon(host: str, port: int) -> list:
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.7")]

    with pytest.raises(FetchRefused, match=r"news\.test \(10\.0\.0\.7\) is a private address"):
        resolve_checked("news.test", 80, AllowList(), split_horizon)
    assert resolve_checked("news.test", 80, AllowList.parse(["news.test"]), split_horizon)


def test_names_that_resolve_to_loopback_are_refused_unless_allowed() -> None:
    with pytest.raises(FetchRefused, match=r"localhost .* loopback"):
        resolve_checked("localhost", 80, AllowList())
    assert LOOPBACK in resolve_checked("localhost", 80, AllowList.parse(["localhost"]))


def test_unresolvable_name_is_a_network_failure_not_a_refusal() -> None:
    with pytest.raises(FetchFailed, match="cannot resolve"):
        resolve_checked("no-such-host.invalid", 80, AllowList())

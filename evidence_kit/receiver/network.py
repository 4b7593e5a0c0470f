"""Which address the receiver listens on: this computer's private LAN address, never a public one."""

from __future__ import annotations

import ipaddress
import socket

from evidence_kit.core.errors import UsageError

# RFC 1918 and IPv6 unique local addresses: reachable on a home or school network, not from the Internet.
_PRIVATE_NETWORKS = [
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
    ipaddress.ip_network("fc00::/7"),
]


class NoPrivateNetwork(UsageError):
    """This computer has no address on a private local network (no Wi-Fi, or a public address only)."""

    default_key = "receiver.error.no_private_address"


class AddressRefused(UsageError):
    default_key = "receiver.error.public_address"


def is_private_lan(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return any(ip in net for net in _PRIVATE_NETWORKS if net.version == ip.version)


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def route_addresses() -> list[str]:
    """This computer's addresses on its default routes, found without sending a packet."""
    found: list[str] = []
    for family, probe in ((socket.AF_INET, ("192.0.2.1", 9)), (socket.AF_INET6, ("2001:db8::1", 9))):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.connect(probe)  # UDP connect only picks a route; nothing is sent
                found.append(str(sock.getsockname()[0]))
        except OSError:
            continue
    return found


def host_addresses() -> list[str]:
    """The addresses the system gives for its own name (hosts file, nss-myhostname; Windows lists its interfaces)."""
    try:
        return [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)]
    except OSError:
        return []


def private_lan_address() -> str:
    # The default route's address first (the Wi-Fi a phone shares); the host name only when it gives none,
    # as resolving it may be slow where no resolver answers.
    for lookup in (route_addresses, host_addresses):
        for address in lookup():
            if is_private_lan(address):
                return address
    raise NoPrivateNetwork()


def checked_bind_address(requested: str | None) -> str:
    """The address to listen on: the private LAN one by default; loopback or another private one on request."""
    if not requested:
        return private_lan_address()
    if is_loopback(requested) or is_private_lan(requested):
        return requested
    raise AddressRefused(address=requested)

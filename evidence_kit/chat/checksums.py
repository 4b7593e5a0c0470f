"""Checksums of payment identifiers: base58check, bech32/bech32m (BIP-173/350), EIP-55, and wallets built on them."""

from __future__ import annotations

import hashlib

from Crypto.Hash import keccak

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {ch: i for i, ch in enumerate(_B58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {ch: i for i, ch in enumerate(_BECH32)}
_BECH32M_CONST = 0x2BC830A3


def base58check_payload(text: str) -> bytes | None:
    """The version byte and payload of a base58check string, or None when it does not decode or check."""
    number = 0
    for ch in text:
        value = _B58_INDEX.get(ch)
        if value is None:
            return None
        number = number * 58 + value
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    raw = b"\x00" * (len(text) - len(text.lstrip("1"))) + raw
    if len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> list[int] | None:
    accumulator = bits = 0
    result = []
    maxv = (1 << to_bits) - 1
    for value in data:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            result.append((accumulator >> bits) & maxv)
    if bits >= from_bits or ((accumulator << (to_bits - bits)) & maxv):
        return None
    return result


def segwit_address_valid(address: str, hrp: str) -> bool:
    """A native segwit address of network ``hrp`` ("bc", "ltc") with the right checksum variant (BIP-350)."""
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    position = address.rfind("1")
    if position < 1 or position + 7 > len(address) or len(address) > 90 or address[:position] != hrp:
        return False
    try:
        data = [_BECH32_INDEX[c] for c in address[position + 1 :]]
    except KeyError:
        return False
    constant = _bech32_polymod(_hrp_expand(hrp) + data)
    if constant not in (1, _BECH32M_CONST):
        return False
    version, program5 = data[0], data[1:-6]
    program = _convert_bits(program5, 5, 8)
    if program is None or not 2 <= len(program) <= 40 or version > 16:
        return False
    if version == 0:
        return constant == 1 and len(program) in (20, 32)
    return constant == _BECH32M_CONST


def keccak256_hex(data: bytes) -> str:
    return keccak.new(digest_bits=256, data=data).hexdigest()


def eip55_valid(address: str) -> bool | None:
    """True/False for a mixed-case address (checked); None when all one case (the format carries no checksum)."""
    hex_part = address[2:]
    if hex_part.lower() == hex_part or hex_part.upper() == hex_part:
        return None
    digest = keccak256_hex(hex_part.lower().encode("ascii"))
    for ch, nibble in zip(hex_part, digest[:40], strict=True):
        if ch.isalpha() and (ch.isupper() != (int(nibble, 16) >= 8)):
            return False
    return True


def eip55_encode(address: str) -> str:
    """The checksummed spelling of an address (for tests and display)."""
    hex_part = address[2:].lower()
    digest = keccak256_hex(hex_part.encode("ascii"))
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(n, 16) >= 8 else c for c, n in zip(hex_part, digest[:40], strict=True)
    )


# Base58check version bytes of the common wallets (first byte of the payload, payload length 21).
BASE58_WALLETS: dict[int, str] = {
    0x00: "bitcoin",  # 1…
    0x05: "bitcoin",  # 3… (P2SH)
    0x30: "litecoin",  # L…
    0x32: "litecoin",  # M…
    0x1E: "dogecoin",  # D…
    0x41: "tron",  # T… (USDT on TRC-20 is a favourite of extortionists)
}


def base58_wallet(address: str) -> str:
    """The network of a base58check address ("bitcoin", "tron"…), or "" when it fails."""
    payload = base58check_payload(address)
    if payload is None or len(payload) != 21:
        return ""
    return BASE58_WALLETS.get(payload[0], "")

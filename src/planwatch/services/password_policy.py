"""What a new password must be: at least 12 characters (OWASP ASVS 2.1.1) and not a common password.

The shipped list (`data/common-passwords.txt`, the 10,000 most common passwords from Django's BSD
licensed list) is short words and digits; a 12-character password built on one ("password1234",
"qwerty123456!") is just as guessable, so the check also tries the password with its trailing and
leading digits and symbols removed, and a word repeated ("abcabcabcabc").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

MIN_PASSWORD_LENGTH = 12
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("planwatch.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _candidates(password: str) -> set[str]:
    lowered = password.strip().lower()
    found = {lowered, _EDGES.sub("", lowered)}
    for size in range(1, len(lowered) // 2 + 1):
        if len(lowered) % size == 0 and lowered[:size] * (len(lowered) // size) == lowered:
            found.add(lowered[:size])
            break
    return {c for c in found if c}


def password_problem(password: str, *, username: str | None = None) -> str | None:
    """Why `password` is refused (one Chinese sentence), or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符，请换一个更长的密码。"
    candidates = _candidates(password)
    if username and username.strip().lower() in candidates:
        return "密码不能与用户名相同或只在用户名前后加数字，请换一个密码。"
    if candidates & common_passwords() or len(set(password)) < 4:
        return "该密码过于常见、容易被猜到，请换一个不常见的密码（例如几个无关的词组合）。"
    return None

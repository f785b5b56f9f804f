"""The executor's second wall: once this runs, the process cannot open a network socket.

The guard refuses SERVICE by parsing the query; this makes that refusal
unnecessary for safety. A seccomp filter (libseccomp through ``pyseccomp``)
makes ``socket()`` and ``socketpair()`` fail with EPERM for every address
family and refuses io_uring (whose operations bypass system-call filters), so
even a query the guard misread reaches no network: Oxigraph's SERVICE client
gets "Operation not permitted". The executor talks to its server over a socket
pair it inherited, which stays usable. Filters are inherited and cannot be
lifted, so the executor installs it before it opens the store.
"""

from __future__ import annotations

import errno

NETWORK_CALLS = ("socket", "socketpair", "io_uring_setup")


class SandboxUnavailable(RuntimeError):
    """The filter could not be installed (no libseccomp, or not Linux)."""


def forbid_network() -> None:
    """Install the filter in this process (and every thread and child it will have)."""
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for call in NETWORK_CALLS:
            rules.add_rule(seccomp.ERRNO(errno.EPERM), call)
        rules.load()
    except Exception as error:  # pyseccomp raises OSError, RuntimeError or ValueError
        raise SandboxUnavailable(f"cannot forbid network access: {error}") from error

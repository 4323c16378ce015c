# SPDX-License-Identifier: BSD-2-Clause
# What the PyKCS11 scripts of the integration tests share: checks that
# print "ok - NAME" / "not ok - NAME" as every test does, and the CK_RV of
# a call.
import sys

import PyKCS11

_failures = 0


def check(cond, name):
    global _failures
    print(("ok - " if cond else "not ok - ") + name, flush=True)
    if not cond:
        _failures += 1


def rv_of(fn, *args):
    """The CK_RV of fn(*args): CKR_OK, or the code PyKCS11 raised."""
    try:
        fn(*args)
        return PyKCS11.CKR_OK
    except PyKCS11.PyKCS11Error as e:
        return e.value


def check_rv(got, want, name):
    if got != want:
        print("# %s: got %s, want %s" % (name, PyKCS11.CKR.get(got, got),
                                          PyKCS11.CKR.get(want, want)))
    check(got == want, name)


def done():
    """Exit with the status the checks call for."""
    print("# %d failure(s)" % _failures)
    sys.exit(1 if _failures else 0)

"""Ctrl-C while a document is being stored takes effect after its write, never inside it."""
import os
import signal

import pytest

from militant_monitor.ingest.runner import _WholeWrites


def test_ctrl_c_inside_a_write_is_raised_after_it():
    done = []
    with _WholeWrites() as guard:
        with pytest.raises(KeyboardInterrupt):
            with guard.write():
                os.kill(os.getpid(), signal.SIGINT)
                done.append("written")          # the write goes on to its end
    assert done == ["written"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # Ctrl-C works as before after it


def test_ctrl_c_between_writes_is_raised_at_once():
    done = []
    with _WholeWrites() as guard:
        with guard.write():
            done.append("first")
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            done.append("not reached")
    assert done == ["first"]


def test_the_handler_is_installed_once_for_all_writes():
    with _WholeWrites() as guard:
        handler = signal.getsignal(signal.SIGINT)
        for _ in range(3):
            with guard.write():
                assert signal.getsignal(signal.SIGINT) == handler
            assert signal.getsignal(signal.SIGINT) == handler
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_no_ctrl_c_no_interrupt():
    with _WholeWrites() as guard:
        with guard.write():
            pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

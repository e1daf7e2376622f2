"""Ctrl-C while a document is being stored takes effect after its write, never inside it."""
import os
import signal

import pytest

from militant_monitor.ingest.runner import _whole_write


def test_ctrl_c_inside_a_write_is_raised_after_it():
    done = []
    with pytest.raises(KeyboardInterrupt):
        with _whole_write():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("written")          # the write goes on to its end
    assert done == ["written"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # Ctrl-C works as before after it


def test_no_ctrl_c_no_interrupt():
    with _whole_write():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

"""An SMTP server on loopback that receives and drops, for make bench-email (aiosmtpd).

python -m benchmarks.smtp_sink PORT; on SIGTERM it prints how many messages and bytes it got,
and its processor time.
"""

import resource
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self):
        self.messages = self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.original_content)
        return "250 Message accepted for delivery"


def main(port):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port, data_size_limit=0)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    controller.start()
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(sink.messages, sink.bytes, usage.ru_utime + usage.ru_stime, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))

"""A real SMTP server for the notification tests: aiosmtpd on 127.0.0.1
with STARTTLS (the dev PKI's server certificate) required before MAIL, and
every accepted message kept with its envelope and whether it came over TLS.

Knobs a test sets: `refuse` (recipients answered 550 at RCPT), `defer`
(recipient: answered 451 that many times first), `slow_first`
(Message-IDs whose first copy is kept but answered only after `slow_seconds`,
so the sender times out after the server stored it: a lost 250),
`starttls=False` (a server that offers no STARTTLS) and `auth` (user,
password) to require SMTP AUTH."""
import asyncio
import email
import email.policy
import os
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PKI = os.environ.get("RODGATE_PKI", os.path.join(TOP, "var", "pki"))


class Received:
    def __init__(self, mail_from, rcpt_tos, data, tls, session):
        self.session = session  # one per SMTP connection
        self.mail_from = mail_from
        self.rcpt_tos = rcpt_tos
        self.data = data
        self.tls = tls
        self.msg = email.message_from_bytes(data, policy=email.policy.default)

    @property
    def message_id(self):
        return self.msg["Message-ID"]

    def body(self):
        return self.msg.get_content()


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.server.refuse:
            return "550 5.1.1 mailbox unavailable"
        with self.server.lock:
            if self.server.defer.get(address, 0) > 0:
                self.server.defer[address] -= 1
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        r = Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content,
                     session.ssl is not None, id(session))
        with self.server.lock:
            self.server.messages.append(r)
            first = r.message_id in self.server.slow_first and r.message_id not in self.server.slowed
            if first:
                self.server.slowed.add(r.message_id)
        if first:
            await asyncio.sleep(self.server.slow_seconds)
        return "250 OK queued"


class MailServer:
    def __init__(self, port, starttls=True, auth=None):
        self.port = port
        self.messages = []
        self.lock = threading.Lock()
        self.refuse = set()
        self.defer = {}  # recipient: how many more times to answer 451
        self.slow_first = set()
        self.slowed = set()
        self.slow_seconds = 0
        kw = {}
        if starttls:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(os.path.join(PKI, "server-chain.pem"), os.path.join(PKI, "server.key"))
            kw.update(tls_context=ctx, require_starttls=True)
        if auth:
            def check(server, session, envelope, mechanism, auth_data):
                ok = (auth_data.login.decode(), auth_data.password.decode()) == auth
                return AuthResult(success=ok)
            kw.update(authenticator=check, auth_required=True, auth_require_tls=True)
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=port, **kw)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def received(self):
        with self.lock:
            return list(self.messages)

    def connections(self):
        """SMTP connections that delivered at least one message."""
        return len({m.session for m in self.received()})


if __name__ == "__main__":
    # A development mailbox for `make run` (docs/notifications.md): STARTTLS
    # with the dev PKI on 127.0.0.1:PORT (default 2525, as smtp_url in
    # conf/rodgate.conf); prints every message it accepts.
    import sys
    import time

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 2525
    box = MailServer(port).start()
    print("mailserver: STARTTLS on 127.0.0.1:%d; Ctrl-C stops" % port, flush=True)
    seen = 0
    try:
        while True:
            for m in box.received()[seen:]:
                print("---- to %s, %s\n%s" % (", ".join(m.rcpt_tos), m.message_id, m.msg.as_string()), flush=True)
            seen = len(box.received())
            time.sleep(0.5)
    except KeyboardInterrupt:
        box.stop()

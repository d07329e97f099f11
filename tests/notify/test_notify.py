"""rodgate-notify against a real SMTP server (aiosmtpd with STARTTLS) and
the suite's real MariaDB, with meldingen made through the private gateway:
every soort arrives once with the right recipient and a Dutch text without
personal data; an SMTP outage loses nothing; a lost 250 repeats the same
Message-ID; a permanent refusal ends in mislukt; two senders never send one
row twice; a dead sender's lease expires; 1,000 queued rows drain (timed)."""
import collections
import os
import subprocess
import time
import unittest

import gwlib
from mailserver import MailServer
from notifylib import (DB, NOTIFY_BIN, SOCK, TOP, Sender, clear_outbox, free_port, message_id, queue, scalar, sql, wait_for)
from verzuimlib import AMSTERDAM, VerzuimTestCase, born, day, new_name

SCHOOL_MAIL = "verzuim@school.example.nl"
AMSTERDAM_MAIL = "leerplicht@amsterdam.example"


class NotifyCase(VerzuimTestCase):
    def setUp(self):
        clear_outbox()
        self.port = free_port()
        self.servers, self.senders = [], []

    def tearDown(self):
        for s in self.senders:
            s.stop()
            self.assertEqual(s.sanitizer_reports(), [], s.stderr_path)
        for m in self.servers:
            m.stop()

    def mail_server(self, **kw):
        m = MailServer(self.port, **kw).start()
        self.servers.append(m)
        return m

    def sender(self, sets=(), drain=False):
        s = Sender(self.port, sets, drain)
        self.senders.append(s)
        return s

    def a_melding(self):
        """A melding for the rows a test queues itself; its own
        notification is removed, so the outbox holds only the test's."""
        nummer = self.melden_ok(bsn=self.enrol(postcode="1012AB"), begindatum=day(-7))
        clear_outbox()
        return nummer

    def open_rows(self):
        return int(scalar("SELECT COUNT(*) FROM melding_notificatie WHERE verzonden IS NULL"))

    def assertOncePerRow(self, server, ids):
        """Every row's Message-ID arrived exactly once, and nothing else."""
        counts = collections.Counter(r.message_id for r in server.received())
        dups = {k: v for k, v in counts.items() if v > 1}
        self.assertEqual(dups, {}, "duplicates")
        self.assertEqual(set(counts), {message_id(i) for i in ids})


class EverySoort(NotifyCase):
    def test_every_soort_once_with_recipient_and_text(self):
        achternaam, geboortedatum = new_name(), born(12)
        bsn = self.enrol(postcode="1012AB", achternaam=achternaam, geboortedatum=geboortedatum)
        reden = "Vermoedelijk spijbelen met een vriend"
        kw = dict(bsn=bsn, stuur_email=True, cs_email=SCHOOL_MAIL, begindatum=day(-7), reden=reden)
        nummer = self.melden_ok(**kw)
        self.assertGelukt(self.wijzigen(nummer, **dict(kw, toelichting="Nu ook 's middags afwezig")))
        self.assertGelukt(self.terugkoppeling(nummer, org=AMSTERDAM))
        self.assertGelukt(self.intrekken(nummer))
        rows = sql("SELECT id, soort FROM melding_notificatie WHERE meldingnummer = %d ORDER BY id" % nummer)
        self.assertEqual([r[1] for r in rows],
                         ["NIEUWE_MELDING", "BEVESTIGING_MELDER", "GEWIJZIGD", "TERUGKOPPELING", "INGETROKKEN"])

        server = self.mail_server()
        s = self.sender(drain=True)
        self.assertEqual(s.wait(60), 0, s.log_text())
        self.assertOncePerRow(server, [int(r[0]) for r in rows])
        expected = {  # soort: recipient, words of the subject, what to do
            "NIEUWE_MELDING": (AMSTERDAM_MAIL, "Nieuwe verzuimmelding", "neem haar in behandeling"),
            "BEVESTIGING_MELDER": (SCHOOL_MAIL, "Bevestiging verzuimmelding", "U hoeft nu niets te doen"),
            "GEWIJZIGD": (AMSTERDAM_MAIL, "gewijzigd door instelling", "Vraag de nieuwe versie op"),
            "TERUGKOPPELING": (SCHOOL_MAIL, "Terugkoppeling op verzuimmelding", "Lees de terugkoppeling"),
            "INGETROKKEN": (AMSTERDAM_MAIL, "ingetrokken door instelling", "Stop de behandeling"),
        }
        by_id = {r.message_id: r for r in server.received()}
        personal = [bsn, achternaam, "Anna", geboortedatum, "1012AB", "1012 AB", reden, "M. de Groot"]
        for nid, soort in rows:
            m = by_id[message_id(nid)]
            to, subject, todo = expected[soort]
            body = m.body()
            self.assertTrue(m.tls, "%s: over STARTTLS" % soort)
            self.assertEqual(m.rcpt_tos, [to], soort)
            self.assertEqual([a.addr_spec for a in m.msg["To"].addresses], [to], soort)
            self.assertEqual(m.msg["X-Rodgate-Notificatie"], soort)
            self.assertIn(subject, m.msg["Subject"], soort)
            self.assertIn(str(nummer), m.msg["Subject"], soort)
            for words in ("Meldingnummer: %d" % nummer, "Instelling: 31XU", "Soort verzuim: ZESTIEN_UUR_18MIN",
                          "Wat moet u doen?", todo, "Gemeente Amsterdam"):
                self.assertIn(words, body, "%s: %r" % (soort, words))
            for p in personal:
                self.assertNotIn(p.encode(), m.data, "%s carries %r" % (soort, p))
                self.assertNotIn(p, body, "%s carries %r" % (soort, p))
        self.assertEqual(sql("SELECT COUNT(*), MIN(pogingen), MAX(pogingen) FROM melding_notificatie "
                             "WHERE verzonden IS NOT NULL AND geclaimd_door IS NULL"), [["5", "1", "1"]])
        log = s.log_text()
        for p in personal + [SCHOOL_MAIL, AMSTERDAM_MAIL]:
            self.assertNotIn(p, log, "the sender's log names %r" % p)


class Outages(NotifyCase):
    def test_smtp_down_then_up_nothing_lost_no_duplicates(self):
        ids = queue(self.a_melding(), 20)
        t0 = time.monotonic()
        s = self.sender()  # no server on the port yet
        self.assertTrue(wait_for(lambda: int(scalar("SELECT SUM(pogingen) FROM melding_notificatie")) >= 30, 30),
                        "the sender keeps trying while the server is down")
        attempts, took = int(scalar("SELECT SUM(pogingen) FROM melding_notificatie")), time.monotonic() - t0
        # a down server sees one attempt per notify_poll_ms (100 ms), not one per row
        self.assertLessEqual(attempts, took / 0.1 + 3)
        self.assertGreaterEqual(int(scalar("SELECT MAX(pogingen) FROM melding_notificatie")), 2, "backoff, again")
        self.assertEqual(self.open_rows(), 20)
        err = scalar("SELECT laatste_fout FROM melding_notificatie ORDER BY id LIMIT 1")
        self.assertIn("connect", err)
        server = self.mail_server()
        self.assertTrue(wait_for(lambda: self.open_rows() == 0, 30), s.log_text())
        self.assertOncePerRow(server, ids)

    def test_lost_acknowledgement_repeats_the_same_message_id(self):
        ids = queue(self.a_melding(), 1)
        server = self.mail_server()
        server.slow_first.add(message_id(ids[0]))
        server.slow_seconds = 6  # beyond smtp_timeout: stored, but the 250 comes too late
        s = self.sender(sets=["smtp_timeout=2"])
        self.assertTrue(wait_for(lambda: self.open_rows() == 0, 30), s.log_text())
        got = [r.message_id for r in server.received()]
        self.assertEqual(got, [message_id(ids[0])] * 2, "the retry repeats the stored copy's Message-ID")
        self.assertEqual(scalar("SELECT pogingen FROM melding_notificatie WHERE id = %d" % ids[0]), "2")

    def test_permanent_refusal_marked_mislukt_others_sent(self):
        nummer = self.a_melding()
        bad = queue(nummer, 1, email="weg@school.example.nl")
        good = queue(nummer, 1)
        server = self.mail_server()
        server.refuse.add("weg@school.example.nl")
        s = self.sender(sets=["notify_max_attempts=3"])
        self.assertTrue(wait_for(lambda: sql("SELECT mislukt IS NOT NULL FROM melding_notificatie WHERE id = %d"
                                             % bad[0]) == [["1"]], 30), s.log_text())
        self.assertEqual(sql("SELECT pogingen, weigeringen, verzonden IS NULL FROM melding_notificatie "
                             "WHERE id = %d" % bad[0]), [["3", "3", "1"]])
        self.assertIn("550", scalar("SELECT laatste_fout FROM melding_notificatie WHERE id = %d" % bad[0]))
        self.assertOncePerRow(server, good)
        self.assertIn("mislukt after 3 attempts", s.log_text())

    def test_temporary_refusal_retried_until_accepted(self):
        ids = queue(self.a_melding(), 1, email="later@school.example.nl")
        server = self.mail_server()
        server.defer["later@school.example.nl"] = 2
        s = self.sender(sets=["notify_max_attempts=1"])  # a 4xx is no weigering
        self.assertTrue(wait_for(lambda: self.open_rows() == 0, 30), s.log_text())
        self.assertEqual(sql("SELECT pogingen, weigeringen, mislukt IS NULL FROM melding_notificatie"),
                         [["3", "0", "1"]])
        self.assertOncePerRow(server, ids)
        self.assertIn("SMTP 451", s.log_text())

    def test_gemeente_without_address_waits_until_configured(self):
        ids = queue(self.a_melding(), 1, email=None, soort="NIEUWE_MELDING")
        server = self.mail_server()
        sql("UPDATE organisatie SET notificatie_email = NULL WHERE gemeentecode = '0363'")
        try:
            s = self.sender()
            self.assertTrue(wait_for(lambda: int(scalar("SELECT pogingen FROM melding_notificatie")) >= 2, 20))
            self.assertEqual(server.received(), [])
            self.assertIn("geen e-mailadres", scalar("SELECT laatste_fout FROM melding_notificatie"))
        finally:
            sql("UPDATE organisatie SET notificatie_email = '%s' WHERE gemeentecode = '0363'" % AMSTERDAM_MAIL)
        self.assertTrue(wait_for(lambda: self.open_rows() == 0, 20), s.log_text())
        self.assertOncePerRow(server, ids)
        self.assertEqual(server.received()[0].rcpt_tos, [AMSTERDAM_MAIL])


class Transport(NotifyCase):
    def test_no_starttls_no_mail(self):
        ids = queue(self.a_melding(), 1)
        server = self.mail_server(starttls=False)
        s = self.sender()
        self.assertTrue(wait_for(lambda: int(scalar("SELECT pogingen FROM melding_notificatie")) >= 1, 20))
        s.stop()
        self.assertEqual(server.received(), [], "nothing in clear text")
        self.assertEqual(self.open_rows(), 1)
        self.assertRegex(scalar("SELECT laatste_fout FROM melding_notificatie WHERE id = %d" % ids[0]),
                         "(?i)ssl|tls")

    def test_smtp_auth_with_password_file(self):
        ids = queue(self.a_melding(), 2)
        server = self.mail_server(auth=("rodgate", "geheim-123"))
        pw = TOP + "/var/notify-smtp-password"
        with open(pw, "w") as f:
            f.write("geheim-123\n")
        os.chmod(pw, 0o600)
        s = self.sender(sets=["smtp_user=rodgate", "smtp_password_file=" + pw], drain=True)
        self.assertEqual(s.wait(30), 0, s.log_text())
        self.assertOncePerRow(server, ids)

    def test_refuses_a_database_without_its_schema_and_starts_once_applied(self):
        ids = queue(self.a_melding(), 1)
        sql("ALTER TABLE melding_notificatie DROP COLUMN geclaimd_tot, DROP COLUMN mislukt")
        try:
            s = self.sender(drain=True)
            self.assertEqual(s.wait(30), 2)
            with open(s.stderr_path) as f:
                self.assertIn("lacks the column(s) melding_notificatie.geclaimd_tot, melding_notificatie.mislukt: "
                              "apply sql/schema-wachtrij.sql", f.read())
        finally:  # the schema step again: idempotent, and it adds them back
            p = subprocess.run([os.path.join(TOP, "tools", "mariadb.sh"), "load", "schema"], cwd=TOP,
                               env=dict(os.environ, RODGATE_DBNAME=DB), capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
        server = self.mail_server()
        s = self.sender(drain=True)
        self.assertEqual(s.wait(30), 0, s.log_text())
        self.assertOncePerRow(server, ids)

    def test_settings_that_would_send_in_clear_text_are_refused(self):
        for kv, words in (("smtp_starttls=optional", "smtp_starttls"), ("smtp_url=http://x", "smtp_url"),
                          ("smtp_from=geen adres", "smtp_from"), ("notify_lease_seconds=100", "four times smtp_timeout"),
                          ("notify_retry_base=7200", "notify_retry_max")):
            p = subprocess.run([NOTIFY_BIN, "--config", TOP + "/conf/rodgate.conf", "--set", kv, "--check-config"],
                               cwd=TOP, capture_output=True, text=True)
            self.assertEqual(p.returncode, 2, kv)
            self.assertIn(words, p.stderr, kv)


class LeastPrivilege(NotifyCase):
    def test_own_account_with_column_grants_sends_but_reads_no_pupil_data(self):
        """Every test here runs the sender as rodgate_notify (sql/grants.sql);
        this one checks what that account cannot do."""
        ids = queue(self.a_melding(), 3)
        server = self.mail_server()
        s = self.sender(drain=True)
        self.assertEqual(s.wait(30), 0, s.log_text())
        self.assertOncePerRow(server, ids)
        with open(os.path.join(TOP, "var", "secrets", "rodgate_notify.password")) as f:
            password = f.readline().strip()
        for query in ("SELECT pgn FROM melding", "SELECT inhoud FROM melding", "SELECT * FROM persoon",
                      "SELECT * FROM persoon_gegevens", "DELETE FROM melding_notificatie",
                      "UPDATE melding_notificatie SET soort = 'GEWIJZIGD'", "UPDATE melding SET status = 'AFGESLOTEN'",
                      "INSERT INTO melding_notificatie (meldingnummer, soort, ontvanger_organisatie_id, aangemaakt) "
                      "VALUES (1, 'GEWIJZIGD', 1, NOW())", "ALTER TABLE melding_notificatie ADD COLUMN x INT"):
            p = subprocess.run(["mariadb", "--no-defaults", "--socket=" + SOCK, "-urodgate_notify", DB, "-e", query],
                               env=dict(os.environ, MYSQL_PWD=password), capture_output=True, text=True)
            self.assertNotEqual(p.returncode, 0, "the sender's account may not: " + query)
            self.assertRegex(p.stderr, "denied", query)


class Concurrency(NotifyCase):
    def test_two_senders_never_send_a_row_twice(self):
        ids = queue(self.a_melding(), 300)
        server = self.mail_server()
        a = self.sender(sets=["notify_batch=10"], drain=True)
        b = self.sender(sets=["notify_batch=10"], drain=True)
        self.assertEqual(a.wait(120), 0, a.log_text())
        self.assertEqual(b.wait(120), 0, b.log_text())
        self.assertOncePerRow(server, ids)
        sent_a, sent_b = a.log_text().count(": sent"), b.log_text().count(": sent")
        print("\n  two senders: %d + %d of 300" % (sent_a, sent_b))
        self.assertEqual(sent_a + sent_b, 300)
        self.assertGreater(min(sent_a, sent_b), 0, "both senders took part")

    def test_dead_senders_lease_expires(self):
        ids = queue(self.a_melding(), 3)
        sql("UPDATE melding_notificatie SET geclaimd_door = 'dood:1:1', geclaimd_tot = NOW(3) + INTERVAL 3 SECOND")
        server = self.mail_server()
        s = self.sender()
        time.sleep(1.5)
        self.assertEqual(server.received(), [], "not while another sender's lease runs")
        self.assertTrue(wait_for(lambda: self.open_rows() == 0, 20), s.log_text())
        self.assertOncePerRow(server, ids)


class Crash(NotifyCase):
    def test_kill9_mid_batch_nothing_lost_repeat_has_same_message_id(self):
        ids = queue(self.a_melding(), 5)
        server = self.mail_server()
        server.slow_first.add(message_id(ids[0]))
        server.slow_seconds = 3  # the first message is stored, its 250 still to come
        lease = ["notify_lease_seconds=10", "smtp_timeout=2"]
        a = self.sender(sets=lease)
        self.assertTrue(wait_for(lambda: len(server.received()) == 1, 10))
        claimed = sql("SELECT COUNT(*), MIN(geclaimd_door) = MAX(geclaimd_door) FROM melding_notificatie "
                      "WHERE geclaimd_tot > NOW(3)")
        a.proc.kill()  # kill -9 while it holds all five
        a.proc.wait()
        self.assertEqual(claimed, [["5", "1"]], "the dead sender held the whole batch")
        b = self.sender(sets=lease)
        time.sleep(2)
        self.assertEqual(len(server.received()), 1, "nothing while the dead sender's lease runs")
        self.assertTrue(wait_for(lambda: self.open_rows() == 0, 30), b.log_text())
        counts = collections.Counter(r.message_id for r in server.received())
        self.assertEqual(counts, collections.Counter({message_id(i): 1 for i in ids[1:]} | {message_id(ids[0]): 2}),
                         "all five; only the one in flight twice, with the same Message-ID")


class DatabaseOutage(NotifyCase):
    """A private MariaDB stopped while the sender drains 200 rows: the
    sender survives, reconnects by itself, and every row arrives; a message
    whose mark was lost in the outage goes again with the same Message-ID."""
    VAR = os.path.join(TOP, "var", "notify-outage")
    DB = "rodgate_notify_outage"

    def osql(self, query):
        return gwlib.sql(self.VAR, self.DB, query)

    def test_database_down_and_back_nothing_lost(self):
        gwlib.mariadb(self.VAR, "start")
        try:
            gwlib.mariadb(self.VAR, "reset", db=self.DB)
            self.osql("SET FOREIGN_KEY_CHECKS = 0; INSERT INTO melding (meldingnummer, versie, status, status_datum, "
                      "melddatum, aangemaakt, gewijzigd, wet, instellingscode, pgn, soort, begindatum, "
                      "met_prioriteit, contactpersoon_naam, gemeente_id, inhoud) SELECT 1, 1, 'GEREGISTREERD', "
                      "CURDATE(), CURDATE(), NOW(3), NOW(3), 'LEERPLICHTWET', '31XU', '999999999', 'LUXE', "
                      "CURDATE(), 0, 'x', id, '{}' FROM organisatie WHERE gemeentecode = '0363'")
            self.osql("INSERT INTO melding_notificatie (meldingnummer, soort, ontvanger_organisatie_id, "
                      "aangemaakt) SELECT 1, 'NIEUWE_MELDING', m.gemeente_id, NOW(3) FROM seq_1_to_200 q "
                      "JOIN melding m")
            ids = [int(x) for x in self.osql("SELECT GROUP_CONCAT(id ORDER BY id) FROM melding_notificatie")
                   .split(",")]
            server = self.mail_server()
            s = self.sender(sets=["db_socket=" + os.path.join(self.VAR, "run", "mariadb.sock"),
                                  "notify_db_password_file=" + os.path.join(self.VAR, "secrets",
                                                                            "rodgate_notify.password"),
                                  "db_name=" + self.DB, "notify_lease_seconds=120"])
            self.assertTrue(wait_for(lambda: len(server.received()) >= 20, 30), s.log_text())
            gwlib.mariadb(self.VAR, "stop")
            time.sleep(2)
            self.assertIsNone(s.proc.poll(), "the sender survives the outage")
            during = len(server.received())
            time.sleep(1)
            self.assertLessEqual(len(server.received()) - during, 1, "no sending while nothing can be recorded")
            gwlib.mariadb(self.VAR, "start")
            # well before the 120 s lease of the batch the outage cut short: released on reconnection
            self.assertTrue(wait_for(lambda: self.osql("SELECT COUNT(*) FROM melding_notificatie WHERE "
                                                       "verzonden IS NULL") == "0", 40), s.log_text()[-2000:])
            counts = collections.Counter(r.message_id for r in server.received())
            self.assertEqual(set(counts), {message_id(i) for i in ids}, "every row arrived")
            twice = [k for k, v in counts.items() if v > 1]
            self.assertLessEqual(len(twice), 1, "at most the message whose mark the outage took: %s" % twice)
            self.assertIn("database unavailable", s.log_text())
            self.assertIn("database available again", s.log_text())
        finally:
            for x in self.senders:
                x.stop()
            gwlib.mariadb(self.VAR, "stop", check=False)


class Throughput(NotifyCase):
    def test_1000_queued_drain(self):
        ids = queue(self.a_melding(), 1000)
        server = self.mail_server()
        t0 = time.monotonic()
        s = self.sender(drain=True)
        self.assertEqual(s.wait(300), 0, s.log_text()[-3000:])
        took = time.monotonic() - t0
        self.assertOncePerRow(server, ids)
        print("\n  1000 notifications drained in %.2f s (%.0f/s) over %d SMTP connection(s)"
              % (took, 1000 / took, server.connections()))


if __name__ == "__main__":
    unittest.main()

"""The retention jobs (docs/privacy.md), driven by the register's clock: each
job is run as an operator runs it, `rodgate --run-job NAME --now DATE`, on
the job's own database account, around the edge of its period (a day just
inside, a day just outside). The rows are looked at as root through
tools/mariadb.sh; the requests go through the gateway."""

import concurrent.futures
import datetime
import os
import re
import subprocess
import threading
import unittest
import uuid

from rodclient import (REPO, RodClient, aanleveren_body, findall, inschrijving, new_bsn, text,
                       wijzigen_body as inschrijving_wijzigen_body)
from verzuimlib import AMSTERDAM, VerzuimTestCase, day, run_sql, sql_rows

BIN = os.path.join(REPO, os.environ.get("RODGATE_BIN", "build/rodgate"))
DB = os.environ.get("RODGATE_DBNAME", "rodgate")
ANONIEM = "000000000"


def run_job(name, now):
    """Runs one job on date `now` (a datetime.date) and returns how many it removed."""
    run_sql("SELECT 1")  # SkipTest without SQL access: the job needs the database too
    # RODGATE_DB_SET: a setting the gateway under test was started with
    # (make test-cluster: its db_nodes), for the job's connection too
    extra = ["--set", os.environ["RODGATE_DB_SET"]] if os.environ.get("RODGATE_DB_SET") else []
    p = subprocess.run([BIN, "--config", "conf/rodgate.conf", "--set", "db_name=" + DB] + extra +
                       ["--run-job", name, "--now", now.isoformat()], cwd=REPO, capture_output=True, text=True,
                       timeout=120)
    if p.returncode != 0:
        raise AssertionError("rodgate --run-job %s --now %s: exit %d: %s" % (name, now, p.returncode, p.stderr))
    m = re.fullmatch(r"rodgate: job %s on %s: (\d+) removed\n" % (name, now.isoformat()), p.stdout)
    if not m:
        raise AssertionError("unexpected output: %r" % p.stdout)
    return int(m.group(1))


def plus_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def count(query):
    return int(sql_rows(query)[0][0])


class Idempotentie(VerzuimTestCase):
    """verwerkt_bericht rows older than idempotency_days (7) are removed; a
    replay after that is processed as new (spec, Idempotency)."""

    def test_rows_just_inside_and_just_outside_the_period(self):
        today = datetime.date.today()
        cut = (today - datetime.timedelta(days=7)).isoformat()
        inside, outside = "urn:retentie:%s:binnen" % uuid.uuid4(), "urn:retentie:%s:buiten" % uuid.uuid4()
        for msgid, at in ((inside, cut + " 00:00:00.000"),
                          (outside, (today - datetime.timedelta(days=8)).isoformat() + " 23:59:59.999")):
            sql_rows("INSERT INTO verwerkt_bericht (organisatie_id, message_id, body_sha256, operatie, ontvangen) "
                     "VALUES (1, '%s', UNHEX(SHA2('x', 256)), 'AanleverenInschrijving', '%s')" % (msgid, at))
        self.assertGreaterEqual(run_job("idempotentie", today), 1)
        self.assertEqual(count("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'" % inside), 1)
        self.assertEqual(count("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'" % outside), 0)
        self.assertEqual(run_job("idempotentie", today), 0, "a second run finds nothing")

    def test_a_replay_after_the_purge_is_processed_as_new(self):
        bsn = self.enrol(inschrijfdatum=day(-700))
        msgid = "urn:uuid:%s" % uuid.uuid4()
        change = inschrijving_wijzigen_body("31XU", day(-600), bsn=bsn)
        first = self.ok("WijzigenInschrijving", change, message_id=msgid)
        self.assertEqual(text(first, "gelukt"), "true")
        later = self.ok("WijzigenInschrijving", inschrijving_wijzigen_body("31XU", day(-500), bsn=bsn))
        self.assertEqual(text(later, "gelukt"), "true")
        # within the period the replay is answered from the stored response: nothing changes
        self.ok("WijzigenInschrijving", change, message_id=msgid)
        self.assertEqual(self.inschrijfdatum(bsn), day(-500))
        # eight days later (the register's clock), the job has removed it
        sql_rows("UPDATE verwerkt_bericht SET ontvangen = ontvangen - INTERVAL 8 DAY WHERE message_id = '%s'" % msgid)
        self.assertGreaterEqual(run_job("idempotentie", datetime.date.today()), 1)
        self.assertEqual(count("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'" % msgid), 0)
        self.ok("WijzigenInschrijving", change, message_id=msgid)
        self.assertEqual(self.inschrijfdatum(bsn), day(-600), "the replay was processed as a new request")
        self.assertEqual(count("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'" % msgid), 1)

    def inschrijfdatum(self, bsn):
        return sql_rows("SELECT DATE_FORMAT(inschrijfdatum, '%%Y-%%m-%%d') FROM inschrijving "
                        "WHERE pgn = '%s' AND instellingscode = '31XU'" % bsn)[0][0]


class Audit(unittest.TestCase):
    """Audit rows older than audit_retention_days (365) are removed."""

    def test_rows_just_inside_and_just_outside_the_period(self):
        today = datetime.date.today()
        inside, outside = "urn:retentie:%s:binnen" % uuid.uuid4(), "urn:retentie:%s:buiten" % uuid.uuid4()
        for msgid, at in ((inside, (today - datetime.timedelta(days=365)).isoformat() + " 00:00:00.000"),
                          (outside, (today - datetime.timedelta(days=366)).isoformat() + " 23:59:59.999")):
            sql_rows("INSERT INTO audit (tijdstip, resultaat, http_status, duur_ms, message_id) "
                     "VALUES ('%s', 'OK', 200, 1, '%s')" % (at, msgid))
        self.assertGreaterEqual(run_job("audit", today), 1)
        self.assertEqual(count("SELECT COUNT(*) FROM audit WHERE message_id = '%s'" % inside), 1)
        self.assertEqual(count("SELECT COUNT(*) FROM audit WHERE message_id = '%s'" % outside), 0)
        self.assertEqual(run_job("audit", today), 0)


class Persoonsgegevens(VerzuimTestCase):
    """A pupil's data are removed once every inschrijving ended more than
    retention_years (5) ago and no melding is open; the meldingen stay,
    without the pupil."""

    @classmethod
    def setUpClass(cls):
        cls.einde = datetime.date.today() - datetime.timedelta(days=1)

    def end(self, bsn, instellingscode="31XU", inschrijfdatum=None):
        resp = self.ok("WijzigenInschrijving", inschrijving_wijzigen_body(
            instellingscode, inschrijfdatum or day(-700), self.einde.isoformat(), bsn=bsn))
        self.assertEqual(text(resp, "gelukt"), "true")

    def persons(self, *bsns):
        return {r[0] for r in sql_rows("SELECT pgn FROM persoon WHERE pgn IN (%s)" % ",".join(
            "'%s'" % b for b in bsns))}

    def test_the_period_the_open_melding_and_the_active_inschrijving(self):
        gone = self.enrol()
        self.end(gone)
        # one inschrijving ended, another still active: kept
        active = self.enrol()
        self.enrol(instellingscode="31XV", bsn=active)
        self.end(active)
        # every inschrijving ended, but a melding still open: kept
        open_ = self.enrol()
        open_nr = self.melden_ok(bsn=open_)
        self.end(open_)
        # every inschrijving ended and the melding withdrawn: removed, the melding stays
        closed = self.enrol(achternaam="Retentiejansen", voornamen="Retentiepiet")
        closed_nr = self.melden_ok(bsn=closed, email="retentie.leerling@example.nl", telefoon="0612345678",
                                   toelichting="Retentiepiet was ziek", contactpersonen=[
                                       {"naam": "Retentie Ouder", "relatie": "moeder"}])
        self.assertGelukt(self.wijzigen(closed_nr, versie=1, bsn=closed, toelichting="Retentiepiet bleef thuis"))
        self.assertGelukt(self.intrekken(closed_nr, versie=2))
        self.end(closed)
        versions = count("SELECT COUNT(*) FROM melding_versie WHERE meldingnummer = %d" % closed_nr)
        self.assertEqual(versions, 3)
        everyone = {gone, active, open_, closed}

        # exactly five years after the last inschrijving ended: everything stays
        run_job("persoonsgegevens", plus_years(self.einde, 5))
        self.assertEqual(self.persons(*everyone), everyone)
        telling = count("SELECT IFNULL(SUM(aantal), 0) FROM retentie_telling WHERE instellingscode = '31XU' "
                        "AND uitschrijfjaar = %d" % self.einde.year)

        # a day later: the two pupils without an active inschrijving and without an open melding go
        removed = run_job("persoonsgegevens", plus_years(self.einde, 5) + datetime.timedelta(days=1))
        self.assertGreaterEqual(removed, 2)
        self.assertEqual(self.persons(*everyone), {active, open_})
        for b in (gone, closed):
            self.assertEqual(count("SELECT COUNT(*) FROM persoon_gegevens WHERE pgn = '%s'" % b), 0)
            self.assertEqual(count("SELECT COUNT(*) FROM inschrijving WHERE pgn = '%s'" % b), 0)
        self.assertEqual(count("SELECT COUNT(*) FROM inschrijving WHERE pgn = '%s'" % active), 2)
        self.assertEqual(count("SELECT COUNT(*) FROM persoon_gegevens WHERE pgn = '%s'" % open_), 1)

        # what stays: the melding with its number, status and every version, without the pupil
        self.assertEqual(sql_rows("SELECT pgn, status, versie FROM melding WHERE meldingnummer = %d" % closed_nr),
                         [[ANONIEM, "INGETROKKEN", "3"]])
        self.assertEqual(count("SELECT COUNT(*) FROM melding_versie WHERE meldingnummer = %d" % closed_nr), versions)
        stored = "\n".join("\t".join(r) for r in sql_rows(
            "SELECT m.inhoud, IFNULL(m.tk_toelichting, ''), IFNULL(m.toelichting_intrekken, ''), v.snapshot, "
            "v.wijzigingen FROM melding m JOIN melding_versie v ON v.meldingnummer = m.meldingnummer "
            "WHERE m.meldingnummer = %d" % closed_nr))
        for personal in (closed, "Retentiepiet", "Retentiejansen", "retentie.leerling", "0612345678",
                         "Retentie Ouder", "leerling/"):
            self.assertNotIn(personal, stored)
        self.assertIn('"verzuim/soort"', stored)
        self.assertIn('"wet"', stored)
        # ... and the count of removed inschrijvingen (at least these two at 31XU)
        self.assertGreaterEqual(count("SELECT SUM(aantal) FROM retentie_telling WHERE instellingscode = '31XU' "
                                      "AND uitschrijfjaar = %d" % self.einde.year) - telling, 2)
        # through the gateway the melding is gone as if it never existed; the open one is still there
        self.assertNotFound(self.opvragen(closed_nr))
        self.assertNotFound(self.opvragen(closed_nr, org=AMSTERDAM))
        self.assertNotFound(self.historie(closed_nr, org=AMSTERDAM))
        self.assertGelukt(self.opvragen(open_nr))
        zoek = self.zoeken(nummer=closed_nr)
        self.assertEqual(text(zoek, "totaalAantal"), "0")

        # idempotent: a second run on the same date removes nothing of these
        run_job("persoonsgegevens", plus_years(self.einde, 5) + datetime.timedelta(days=1))
        self.assertEqual(self.persons(*everyone), {active, open_})
        self.assertEqual(count("SELECT COUNT(*) FROM melding_versie WHERE meldingnummer = %d" % closed_nr), versions)

    def test_history_stays_append_only_for_everyone_else(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        for stmt in ("UPDATE melding_versie SET snapshot = '{}' WHERE meldingnummer = %d" % nr,
                     "DELETE FROM melding_versie WHERE meldingnummer = %d" % nr):
            rc, _, err = run_sql(stmt)
            self.assertNotEqual(rc, 0, stmt)
            self.assertIn("append-only", err)


class WhileRequestsArrive(VerzuimTestCase):
    """The job and requests for the same pupils at the same time: a pupil
    enrolled again while the job runs is never lost, whichever commits
    first (the batch locks its pupils and looks again under the lock)."""

    PUPILS, CLIENTS, PER_REQUEST = 1500, 4, 25

    def test_a_pupil_enrolled_again_during_the_job_keeps_the_new_inschrijving(self):
        einde = datetime.date.today() - datetime.timedelta(days=1)
        bsns = [new_bsn() for _ in range(self.PUPILS)]
        for i in range(0, len(bsns), 500):
            resp = self.aanleveren([inschrijving(inschrijfdatum="2024-08-19", uitschrijfdatum=einde.isoformat(),
                                                 bsn=b) for b in bsns[i:i + 500]])
            self.assertEqual(text(resp, "aantalGelukt"), str(len(bsns[i:i + 500])))
        again = bsns[::3]  # a third enrolled again at the other instelling, as active
        chunks = [again[i:i + self.PER_REQUEST] for i in range(0, len(again), self.PER_REQUEST)]
        accepted, lock = set(), threading.Lock()
        clients = [RodClient("school-a") for _ in range(self.CLIENTS)]
        start = threading.Barrier(self.CLIENTS + 1)

        def enrol(k):
            start.wait()
            c = clients[k]
            for chunk in chunks[k::self.CLIENTS]:
                status, root, raw = c.call("AanleverenInschrijving", aanleveren_body(
                    [inschrijving(instellingscode="31XV", inschrijfdatum=day(-30), bsn=b) for b in chunk]))
                self.assertEqual(status, 200, raw[:500])
                for b, r in zip(chunk, findall(root.find(".//{*}AanleverenInschrijvingResponse"), "resultaat")):
                    if text(r, "status") == "GELUKT":
                        with lock:
                            accepted.add(b)

        try:
            with concurrent.futures.ThreadPoolExecutor(self.CLIENTS + 1) as ex:
                futures = [ex.submit(enrol, k) for k in range(self.CLIENTS)]
                start.wait()
                removed = run_job("persoonsgegevens", plus_years(einde, 5) + datetime.timedelta(days=1))
                for f in futures:
                    f.result(timeout=300)
        finally:
            for c in clients:
                c.close()
        self.assertEqual(accepted, set(again), "every enrolment was accepted")
        rows = sql_rows("SELECT i.pgn, COUNT(*) FROM inschrijving i WHERE i.instellingscode = '31XV' "
                        "AND i.uitschrijfdatum IS NULL AND i.pgn IN (%s) GROUP BY i.pgn"
                        % ",".join("'%s'" % b for b in again))
        self.assertEqual({r[0] for r in rows}, set(again), "a pupil enrolled again is never lost")
        # the others are gone whole: no person, no data, no inschrijving
        others = [b for b in bsns if b not in set(again)]
        inlist = ",".join("'%s'" % b for b in others)
        for table in ("persoon", "persoon_gegevens", "inschrijving"):
            self.assertEqual(count("SELECT COUNT(*) FROM %s WHERE pgn IN (%s)" % (table, inlist)), 0, table)
        self.assertGreaterEqual(removed, len(others))
        print("\n    [persoonsgegevens: %d removed while %d pupils were enrolled again]" % (removed, len(again)),
              end=" ")


if __name__ == "__main__":
    unittest.main()

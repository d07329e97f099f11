"""Concurrent requests: one person, one number; one MessageID, one processing (spec 1, 3)."""

import concurrent.futures
import unittest

from rodclient import (aanleveren_body, binnenland, body_elem, find, inschrijving, new_bsn, new_message_id,
                       new_name, result_pgn, RodClient, RodTestCase, text)

THREADS = 8


class Concurrency(RodTestCase):

    @classmethod
    def setUpClass(cls):
        orgs = ["school-a"] * (THREADS - 2) + ["school-b"] * 2
        cls.clients = [RodClient(o) for o in orgs]

    @classmethod
    def tearDownClass(cls):
        for c in cls.clients:
            c.close()

    def run_all(self, jobs):
        """jobs: list of (client, op, body, msgid); returns [(status, root, raw)] in order."""
        with concurrent.futures.ThreadPoolExecutor(len(jobs)) as ex:
            futures = [ex.submit(c.call, op, body, msgid) for c, op, body, msgid in jobs]
            return [f.result(timeout=120) for f in futures]

    def test_same_new_person_concurrently_gets_one_number(self):
        naam = new_name()
        person = dict(bsn=None, achternaam=naam, geslacht="MAN", geboortedatum="2011-11-11",
                      adres=binnenland("9711AB", 8))
        jobs = []
        for c in self.clients:
            code = "24GP" if c.org == "school-b" else "31XU"
            jobs.append((c, "AanleverenInschrijving", aanleveren_body([inschrijving(instellingscode=code, **person)]),
                         None))
        results = self.run_all(jobs)
        numbers = set()
        for status, root, raw in results:
            self.assertEqual(status, 200, raw[:1000])
            r = find(body_elem(root), "resultaat")
            self.assertEqual(text(r, "status"), "GELUKT", raw[:1000])
            numbers.add(result_pgn(r))
        self.assertEqual(len(numbers), 1, numbers)
        self.assertSql("SELECT COUNT(DISTINCT pgn) FROM persoon_gegevens WHERE achternaam = '%s'" % naam, [["1"]])

    def test_overlapping_batches_concurrently(self):
        shared = [new_bsn() for _ in range(200)]
        jobs = []
        for k, c in enumerate(self.clients):
            code = "24GP" if c.org == "school-b" else ("31XU" if k % 2 else "31XV")
            order = shared if k % 2 else list(reversed(shared))
            items = [inschrijving(instellingscode=code, bsn=b, achternaam=new_name(), inschrijfdatum="2024-08-19")
                     for b in order]
            jobs.append((c, "AanleverenInschrijving", aanleveren_body(items), None))
        for status, root, raw in self.run_all(jobs):
            self.assertEqual(status, 200, raw[:1000])
            self.assertEqual(text(body_elem(root), "aantalGelukt"), str(len(shared)))

    def test_same_message_id_concurrently_is_processed_once(self):
        naam = new_name()
        msgid = new_message_id()
        body = aanleveren_body([inschrijving(achternaam=naam, bsn=None, adres=binnenland("1015AA", 3))])
        clients = [c for c in self.clients if c.org == "school-a"]
        results = self.run_all([(c, "AanleverenInschrijving", body, msgid) for c in clients])
        raws = {raw for _, _, raw in results}
        self.assertEqual({s for s, _, _ in results}, {200})
        self.assertEqual(len(raws), 1, "every response is the stored one")
        self.assertSql("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'" % msgid, [["1"]])
        self.assertSql("SELECT COUNT(DISTINCT pgn) FROM persoon_gegevens WHERE achternaam = '%s'" % naam, [["1"]])


if __name__ == "__main__":
    unittest.main()

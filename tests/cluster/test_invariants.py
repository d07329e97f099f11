"""Invariants of the contract across Galera nodes (issue 14 item 4), with two
gateways of their own writing to two different nodes at the same moment:
idempotency by MessageID, the overlap rule (ROD-0306), unique meldingnummers
and onderwijsnummers, certification conflicts retried and never surfaced,
and read-your-writes from the other gateway."""
import unittest
import xml.etree.ElementTree as ET

import clusterlib
from clusterlib import Gateway, together
from rodclient import (aanleveren_body, fault_code, fout_codes, findall, inschrijving, new_bsn, new_message_id,
                       parse, q, result_pgn, text)
from verzuimlib import SCHOOL_A, VerzuimTestCase, day, melden_body, sql_rows

ROUNDS = 12


def tostring(elem):
    return ET.tostring(elem, "unicode") if elem is not None else None


class AcrossNodes(VerzuimTestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = [Gateway(1, "inv-a"), Gateway(2, "inv-b")]

    @classmethod
    def tearDownClass(cls):
        for g in cls.gw:
            g.stop()

    def clients(self, n=2, org=SCHOOL_A):
        return [self.gw[i % 2].client(org) for i in range(n)]

    def test_gateways_write_to_different_nodes(self):
        """The premise of the tests below: each test gateway writes to its
        own first node (its log names the socket)."""
        bsn = self.enrol()
        for i, node in enumerate((1, 2)):
            c = self.client_on(i)
            status, _, raw = c.call("MeldenVerzuim", melden_body(bsn=bsn, begindatum=day(-30 + 10 * i),
                                                                 einddatum=day(-25 + 10 * i)))
            c.close()
            self.assertEqual(status, 200, raw[:800])
            # the first connection is made at start, before the log file is
            # opened: the line is in the log or on standard error
            with open(self.gw[i].log) as f, open(self.gw[i].stderr.name) as e:
                self.assertIn("connections go to node 1 (%s)" % clusterlib.sock(node), f.read() + e.read())

    def client_on(self, i, org=SCHOOL_A):
        return self.gw[i].client(org)

    def test_same_message_id_and_body_processed_once(self):
        for _ in range(ROUNDS):
            bsn = new_bsn()
            body = aanleveren_body([inschrijving(bsn=bsn)])
            mid = new_message_id()
            res = together(self.clients(), "AanleverenInschrijving", [body, body], [mid, mid])
            for status, elem, raw in res:
                self.assertEqual(status, 200, raw[:800])
                self.assertEqual(elem.tag, q("AanleverenInschrijvingResponse"), raw[:800])
            self.assertEqual(tostring(res[0][1]), tostring(res[1][1]), "both answers carry the stored response")
            self.assertEqual(sql_rows("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'" % mid),
                             [["1"]])
            self.assertEqual(sql_rows("SELECT COUNT(*) FROM inschrijving WHERE pgn = '%s'" % bsn), [["1"]])

    def test_same_message_id_other_body_rod_0005(self):
        for _ in range(ROUNDS):
            mid = new_message_id()
            bodies = [aanleveren_body([inschrijving()]), aanleveren_body([inschrijving()])]
            res = together(self.clients(), "AanleverenInschrijving", bodies, [mid, mid])
            codes = sorted(fault_code(parse(raw)) or "OK" for _, _, raw in res)
            self.assertEqual(codes, ["OK", "ROD-0005"], [raw[:600] for _, _, raw in res])

    def test_overlapping_meldingen_on_two_nodes_one_stored(self):
        for _ in range(ROUNDS):
            bsn = self.enrol()
            bodies = [melden_body(bsn=bsn, begindatum=day(-10)), melden_body(bsn=bsn, begindatum=day(-8),
                                                                              soort="OVERIG")]
            res = together(self.clients(), "MeldenVerzuim", bodies)
            out = []
            for status, elem, raw in res:
                self.assertEqual(status, 200, raw[:800])
                out.append((text(elem, "gelukt"), fout_codes(elem)))
            self.assertEqual(sorted(out), [("false", ["ROD-0306"]), ("true", [])], out)
            self.assertEqual(sql_rows("SELECT COUNT(*) FROM melding WHERE pgn = '%s'" % bsn), [["1"]])

    def test_numbers_unique_across_nodes(self):
        """Meldingnummers and register-assigned onderwijsnummers drawn on two
        nodes at once never collide (INCREMENT BY 0: each node its own
        residue class)."""
        bsns = [self.enrol() for _ in range(16)]
        res = together(self.clients(16), "MeldenVerzuim", [melden_body(bsn=b, begindatum=day(-4)) for b in bsns])
        nummers = []
        for status, elem, raw in res:
            self.assertEqual(status, 200, raw[:800])
            self.assertEqual(text(elem, "gelukt"), "true", raw[:800])
            nummers.append(int(text(elem, "meldingnummer")))
        self.assertEqual(len(set(nummers)), 16, nummers)
        # pupils without a number: the register assigns an onderwijsnummer
        bodies = [aanleveren_body([inschrijving(bsn=None)]) for _ in range(16)]
        res = together(self.clients(16), "AanleverenInschrijving", bodies)
        assigned = []
        for status, elem, raw in res:
            self.assertEqual(status, 200, raw[:800])
            r = findall(elem, "resultaat")[0]
            self.assertEqual(text(r, "status"), "GELUKT", raw[:800])
            assigned.append(result_pgn(r))
        self.assertEqual(len(set(assigned)), 16, assigned)
        self.assertTrue(all(k == "onderwijsnummer" for k, _ in assigned), assigned)

    def test_certification_conflicts_are_retried(self):
        """The same new pupil enrolled at once through both nodes (the same
        person row, the same unique match key): Galera lets one commit and
        aborts the other at COMMIT; the gateway runs it again, so both answers
        are GELUKT for one person and never ROD-9001 or ROD-9002."""
        for _ in range(ROUNDS):
            bsn = new_bsn()
            bodies = [aanleveren_body([inschrijving(bsn=bsn, instellingscode="31XU")]),
                      aanleveren_body([inschrijving(bsn=bsn, instellingscode="31XU", inschrijfdatum="2024-08-20")])]
            res = together(self.clients(), "AanleverenInschrijving", bodies)
            for status, elem, raw in res:
                self.assertEqual(status, 200, raw[:800])
                self.assertIsNone(fault_code(parse(raw)), raw[:800])
            self.assertEqual(sql_rows("SELECT COUNT(*) FROM persoon WHERE pgn = '%s'" % bsn), [["1"]])

    def test_read_your_writes_from_the_other_gateway(self):
        for i in range(ROUNDS):
            bsn = self.enrol()
            writer, reader = self.client_on(i % 2), self.client_on((i + 1) % 2)
            status, root, raw = writer.call("MeldenVerzuim", melden_body(bsn=bsn, begindatum=day(-6)))
            self.assertEqual(status, 200, raw[:800])
            nummer = text(root.find(".//" + q("MeldenVerzuimResponse")), "meldingnummer")
            self.assertIsNotNone(nummer, raw[:800])
            status, root, raw = reader.call(
                "OpvragenMelding", "<OpvragenMeldingRequest xmlns='urn:rodgate:rod:v1'><meldingnummer>%s"
                "</meldingnummer></OpvragenMeldingRequest>" % nummer)
            self.assertEqual(status, 200, raw[:800])
            self.assertIn(b"<rod:meldingnummer>%s</rod:meldingnummer>" % nummer.encode(), raw)
            writer.close()
            reader.close()


if __name__ == "__main__":
    unittest.main()

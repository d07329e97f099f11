"""Idempotency by wsa:MessageID (spec 1, 8.3)."""

import unittest

from rodclient import (ACTION_PREFIX, aanleveren_body, binnenland, body_elem, client, envelope, find, header_value,
                       inschrijving, new_bsn, new_message_id, new_name, overzicht_body, result_pgn, RodTestCase, sql,
                       text, wijzigen_body)


class Idempotency(RodTestCase):

    def send(self, op, body, msgid, org=None, soap12=False):
        return self.call(op, body, message_id=msgid, org=org, soap12=soap12)

    def test_repeat_returns_identical_response_and_stores_nothing_twice(self):
        bsn, naam = new_bsn(), new_name()
        msgid = new_message_id()
        first = aanleveren_body([inschrijving(bsn=bsn, achternaam=naam, inschrijfdatum="2024-08-19",
                                              referentie="eerste")])
        s1, r1, raw1 = self.send("AanleverenInschrijving", first, msgid)
        self.assertEqual(s1, 200, raw1)
        # a later change by another message
        s, _, raw = self.send("AanleverenInschrijving",
                              aanleveren_body([inschrijving(bsn=bsn, achternaam=naam, inschrijfdatum="2024-10-01")]),
                              new_message_id())
        self.assertEqual(s, 200, raw)
        # the retry of the first: the stored response, byte for byte; nothing changes
        s2, r2, raw2 = self.send("AanleverenInschrijving", first, msgid)
        self.assertEqual(s2, 200)
        self.assertEqual(raw2, raw1)
        self.assertEqual(client(self.org).last_headers.get("Content-Type", "").split(";")[0], "text/xml")
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-10-01", None)])
        # a retry in another envelope (other header layout, same Body bytes) is the same request
        env = envelope(first, ACTION_PREFIX + "AanleverenInschrijving", msgid).replace(
            "<soap:Header>", "<soap:Header>\n  ")
        status, headers, raw3 = client(self.org).post(env, soapaction='""')
        self.assertEqual(raw3, raw1)
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-10-01", None)])
        self.assertSql("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'" % msgid, [["1"]])

    def test_repeat_of_new_pupil_assigns_nothing_new(self):
        naam = new_name()
        body = aanleveren_body([inschrijving(bsn=None, achternaam=naam, adres=binnenland("1011AA", 5))])
        msgid = new_message_id()
        _, r1, raw1 = self.send("AanleverenInschrijving", body, msgid)
        number = result_pgn(find(body_elem(r1), "resultaat"))
        _, r2, raw2 = self.send("AanleverenInschrijving", body, msgid)
        self.assertEqual(raw2, raw1)
        self.assertSql("SELECT COUNT(DISTINCT pgn) FROM persoon_gegevens WHERE achternaam = '%s'" % naam, [["1"]])
        self.assertEqual(number[0], "onderwijsnummer")

    def test_same_message_id_other_body_is_0005(self):
        bsn, naam, other = new_bsn(), new_name(), new_name()
        msgid = new_message_id()
        body = aanleveren_body([inschrijving(bsn=bsn, achternaam=naam)])
        self.assertEqual(self.send("AanleverenInschrijving", body, msgid)[0], 200)
        changed = aanleveren_body([inschrijving(achternaam=other)])
        root = self.assertFault(self.send("AanleverenInschrijving", changed, msgid), "ROD-0005")
        self.assertEqual(header_value(root, "RelatesTo"), msgid)
        self.assertEqual(text(self.overzicht(zoek=other), "totaalAantal"), "0")
        # byte for byte: white space in the Body counts
        self.assertFault(self.send("AanleverenInschrijving", body.replace("<inschrijving>", "<inschrijving> "),
                                   msgid), "ROD-0005")
        # another operation with that MessageID
        self.assertFault(self.send("WijzigenInschrijving", wijzigen_body("31XU", "2024-08-20", bsn=bsn), msgid),
                         "ROD-0005")
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-08-19", None)])

    def test_message_ids_are_per_organisation(self):
        msgid = new_message_id()
        naam_a, naam_b = new_name(), new_name()
        s, r, raw = self.send("AanleverenInschrijving", aanleveren_body([inschrijving(achternaam=naam_a)]), msgid)
        self.assertEqual(s, 200)
        s, r, raw_b = self.send("AanleverenInschrijving",
                                aanleveren_body([inschrijving(instellingscode="24GP", achternaam=naam_b)]), msgid,
                                org="school-b")
        self.assertEqual(s, 200, raw_b)
        self.assertEqual(text(body_elem(r), "aantalGelukt"), "1")
        self.assertEqual(text(self.overzicht(zoek=naam_b, org="school-b"), "totaalAantal"), "1")
        self.assertEqual(text(self.overzicht(zoek=naam_a), "totaalAantal"), "1")

    def test_functional_rejection_is_remembered(self):
        bsn, naam = new_bsn(), new_name()
        msgid = new_message_id()
        body = wijzigen_body("31XU", "2024-09-01", bsn=bsn)
        _, r1, raw1 = self.send("WijzigenInschrijving", body, msgid)
        self.assertEqual(text(body_elem(r1), "fout/code"), "ROD-0211")
        self.assertAccepted(inschrijving(bsn=bsn, achternaam=naam))
        _, r2, raw2 = self.send("WijzigenInschrijving", body, msgid)
        self.assertEqual(raw2, raw1)
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-08-19", None)])

    def test_faults_are_not_remembered(self):
        naam = new_name()
        msgid = new_message_id()
        bad = aanleveren_body([inschrijving(achternaam=naam).replace("VROUW", "V")])
        self.assertFault(self.send("AanleverenInschrijving", bad, msgid), "ROD-0002")
        good = aanleveren_body([inschrijving(achternaam=naam)])
        s, r, raw = self.send("AanleverenInschrijving", good, msgid)
        self.assertEqual(s, 200, raw)
        self.assertEqual(text(body_elem(r), "aantalGelukt"), "1")

    def test_read_only_is_answered_afresh(self):
        prefix = new_name("Ro")
        msgid = new_message_id()
        body = overzicht_body(zoek=prefix)
        s, r1, raw1 = self.send("OpvragenOverzicht", body, msgid)
        self.assertEqual(text(body_elem(r1), "totaalAantal"), "0")
        self.assertAccepted(inschrijving(achternaam=prefix + "x"))
        s, r2, raw2 = self.send("OpvragenOverzicht", body, msgid)
        self.assertEqual(text(body_elem(r2), "totaalAantal"), "1")
        self.assertNotEqual(header_value(r2, "MessageID"), header_value(r1, "MessageID"))
        self.assertEqual(header_value(r2, "RelatesTo"), msgid)
        # and a read-only request with the MessageID of a mutating one is not a replay
        msgid2 = new_message_id()
        self.send("AanleverenInschrijving", aanleveren_body([inschrijving()]), msgid2)
        self.ok("OpvragenOverzicht", body, message_id=msgid2)

    def test_large_response_is_stored_deflated_and_replayed_byte_for_byte(self):
        # an answer of at least 64 KiB (a batch's) is kept deflated behind a
        # header of its own (src/store/stored_response.h); its replay is the
        # same bytes, and a small one next to it is kept as it is
        body = aanleveren_body([inschrijving(referentie="groot-%d" % i) for i in range(400)])
        msgid = new_message_id()
        s1, _, raw1 = self.send("AanleverenInschrijving", body, msgid)
        self.assertEqual(s1, 200, raw1[:400])
        self.assertGreater(len(raw1), 65536)
        self.assertSql("SELECT HEX(LEFT(response, 6)), LENGTH(response) < %d FROM verwerkt_bericht "
                       "WHERE message_id = '%s'" % (len(raw1) // 4, msgid), [["00524F445A01", "1"]])
        s2, _, raw2 = self.send("AanleverenInschrijving", body, msgid)
        self.assertEqual(s2, 200)
        self.assertEqual(raw2, raw1)
        small = new_message_id()
        s3, _, raw3 = self.send("AanleverenInschrijving", aanleveren_body([inschrijving()]), small)
        self.assertEqual(s3, 200, raw3)
        self.assertSql("SELECT LEFT(response, 5), LENGTH(response) FROM verwerkt_bericht WHERE message_id = '%s'"
                       % small, [["<?xml", str(len(raw3))]])

    def test_damaged_stored_response_is_an_error_not_other_bytes(self):
        # a deflated answer changed in the table (disk, a hand-made UPDATE):
        # its replay is ROD-9002, never bytes that were not sent the first time
        body = aanleveren_body([inschrijving() for _ in range(400)])
        msgid = new_message_id()
        s1, _, raw1 = self.send("AanleverenInschrijving", body, msgid)
        self.assertEqual(s1, 200, raw1[:400])
        sql("UPDATE verwerkt_bericht SET response = CONCAT(LEFT(response, 200), "
            "CHAR(ASCII(SUBSTRING(response, 201, 1)) ^ 90), SUBSTRING(response, 202)) WHERE message_id = '%s'" % msgid)
        self.assertFault(self.send("AanleverenInschrijving", body, msgid), "ROD-9002", kind="Server")

    def test_soap12_replay_keeps_its_content_type(self):
        msgid = new_message_id()
        body = aanleveren_body([inschrijving()])
        s1, r1, raw1 = self.send("AanleverenInschrijving", body, msgid, soap12=True)
        self.assertEqual(s1, 200)
        s2, r2, raw2 = self.send("AanleverenInschrijving", body, msgid, soap12=True)
        self.assertEqual(raw2, raw1)
        self.assertEqual(client(self.org).last_headers.get("Content-Type", "").split(";")[0], "application/soap+xml")


if __name__ == "__main__":
    unittest.main()

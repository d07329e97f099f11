"""Storage guarantees of verzuim: idempotent replay, the outbox, the
append-only history (enforced by the database), the sequence."""

import unittest

from rodclient import new_message_id, text
from verzuimlib import (AMSTERDAM, OIN, SCHOOL_A, VerzuimTestCase, day, intrekken_body, melden_body, run_sql,
                        sql_rows, wijzigen_body)


def org_id(name):
    return sql_rows("SELECT id FROM organisatie WHERE oin = '%s'" % OIN[name])[0][0]


class Idempotency(VerzuimTestCase):

    def test_replay_returns_the_same_response_and_stores_once(self):
        bsn = self.enrol()
        body = melden_body(bsn=bsn, begindatum=day(-4))
        mid = new_message_id()
        s1, _, raw1 = self.call("MeldenVerzuim", body, message_id=mid)
        s2, _, raw2 = self.call("MeldenVerzuim", body, message_id=mid)
        self.assertEqual((s1, s2), (200, 200))
        self.assertEqual(raw1, raw2)
        resp = self.zoeken(bsn=bsn)
        self.assertEqual(text(resp, "totaalAantal"), "1")
        self.assertEqual(sql_rows("SELECT COUNT(*) FROM melding WHERE pgn = '%s'" % bsn), [["1"]])
        # the same MessageID with another body
        self.assertFault(self.call("MeldenVerzuim", melden_body(bsn=bsn, begindatum=day(-3)), message_id=mid),
                         "ROD-0005")

    def test_replay_of_a_rejected_melding(self):
        bsn = self.enrol()
        body = melden_body(bsn=bsn, begindatum=day(2))
        mid = new_message_id()
        _, _, raw1 = self.call("MeldenVerzuim", body, message_id=mid)
        _, _, raw2 = self.call("MeldenVerzuim", body, message_id=mid)
        self.assertEqual(raw1, raw2)
        self.assertIn(b"ROD-0308", raw1)

    def test_replay_of_change_and_withdrawal(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, begindatum=day(-4))
        for op, body in (("WijzigenVerzuim", wijzigen_body(nr, versie=1, bsn=bsn, begindatum=day(-4),
                                                           einddatum=day(-1))),
                         ("IntrekkenVerzuim", intrekken_body(nr, versie=2))):
            mid = new_message_id()
            _, _, raw1 = self.call(op, body, message_id=mid)
            _, _, raw2 = self.call(op, body, message_id=mid)
            self.assertEqual(raw1, raw2)
            self.assertIn(b"<rod:gelukt>true</rod:gelukt>", raw1)
        self.assertEqual(text(self.opvragen(nr), "versie"), "3")


class Outbox(VerzuimTestCase):

    def rows(self, nr):
        return sql_rows("SELECT soort, ontvanger_organisatie_id, COALESCE(ontvanger_email, 'NULL'), "
                        "verzonden IS NULL FROM melding_notificatie WHERE meldingnummer = %d ORDER BY id" % nr)

    def test_notification_for_the_gemeente(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        self.assertEqual(self.rows(nr), [["NIEUWE_MELDING", org_id(AMSTERDAM), "NULL", "1"]])

    def test_notification_for_the_melder(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, stuur_email=True, cs_email="mentor@jsa.example.nl")
        self.assertEqual(self.rows(nr), [["NIEUWE_MELDING", org_id(AMSTERDAM), "NULL", "1"],
                                         ["BEVESTIGING_MELDER", org_id(SCHOOL_A), "mentor@jsa.example.nl", "1"]])

    def test_no_notification_when_rejected(self):
        bsn = self.enrol(postcode="5000AA")
        self.assertFouten(self.melden(bsn=bsn, stuur_email=True), ["ROD-0315"])
        self.assertEqual(sql_rows("SELECT COUNT(*) FROM melding_notificatie n JOIN melding m "
                                  "ON m.meldingnummer = n.meldingnummer WHERE m.pgn = '%s'" % bsn), [["0"]])

    def test_later_events(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, stuur_email=True, cs_email="mentor@jsa.example.nl")
        self.assertGelukt(self.wijzigen(nr, bsn=bsn, stuur_email=True, cs_email="mentor@jsa.example.nl",
                                        einddatum=day(-1)))
        self.assertGelukt(self.terugkoppeling(nr, status="IN_BEHANDELING"))
        self.assertGelukt(self.intrekken(nr))
        self.assertEqual([r[0] for r in self.rows(nr)],
                         ["NIEUWE_MELDING", "BEVESTIGING_MELDER", "GEWIJZIGD", "TERUGKOPPELING", "INGETROKKEN"])

    def test_outbox_holds_no_personal_data(self):
        cols = [r[0] for r in sql_rows("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                       "DATABASE() AND table_name = 'melding_notificatie' ORDER BY ordinal_position")]
        # then the sending state of rodgate-notify (sql/schema-wachtrij.sql): counts, times, the sender's
        # name and an SMTP or curl error text
        self.assertEqual(cols, ["id", "meldingnummer", "soort", "ontvanger_organisatie_id", "ontvanger_email",
                                "aangemaakt", "verzonden", "pogingen", "weigeringen", "volgende_poging",
                                "geclaimd_door", "geclaimd_tot", "laatste_fout", "mislukt"])


class AppendOnlyHistory(VerzuimTestCase):

    def test_versions_cannot_be_changed_or_removed(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        self.assertGelukt(self.intrekken(nr))
        before = sql_rows("SELECT versie, actie, status, snapshot, wijzigingen FROM melding_versie "
                          "WHERE meldingnummer = %d ORDER BY versie" % nr)
        self.assertEqual([(r[0], r[1], r[2]) for r in before], [("1", "AANGEMAAKT", "GEREGISTREERD"),
                                                                ("2", "INGETROKKEN", "INGETROKKEN")])
        for stmt in ("UPDATE melding_versie SET actie = 'GEWIJZIGD' WHERE meldingnummer = %d" % nr,
                     "UPDATE melding_versie SET snapshot = '{}' WHERE meldingnummer = %d AND versie = 1" % nr,
                     "DELETE FROM melding_versie WHERE meldingnummer = %d" % nr,
                     "DELETE FROM melding_versie WHERE meldingnummer = %d AND versie = 2" % nr):
            rc, _, err = run_sql(stmt)
            self.assertNotEqual(rc, 0, stmt)
            self.assertIn("append-only", err)
        after = sql_rows("SELECT versie, actie, status, snapshot, wijzigingen FROM melding_versie "
                         "WHERE meldingnummer = %d ORDER BY versie" % nr)
        self.assertEqual(before, after)

    def test_every_version_is_stored(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, begindatum=day(-5))
        self.assertGelukt(self.wijzigen(nr, bsn=bsn, begindatum=day(-5), einddatum=day(-1)))
        self.assertGelukt(self.terugkoppeling(nr, status="OVERGEDRAGEN_AAN_DERDEN"))
        self.assertEqual(sql_rows("SELECT m.versie, COUNT(*), MAX(v.versie) FROM melding m JOIN melding_versie v "
                                  "ON v.meldingnummer = m.meldingnummer WHERE m.meldingnummer = %d "
                                  "GROUP BY m.versie" % nr), [["3", "3", "3"]])
        # UTC times with milliseconds, in order
        times = [r[0] for r in sql_rows("SELECT tijdstip FROM melding_versie WHERE meldingnummer = %d "
                                        "ORDER BY versie" % nr)]
        self.assertEqual(times, sorted(times))
        self.assertRegex(times[0], r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$")

    def test_numbers_come_from_a_sequence(self):
        self.assertEqual(sql_rows("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                                  "AND table_name = 'melding_seq' AND table_type = 'SEQUENCE'"), [["1"]])
        nxt = int(sql_rows("SELECT NEXT VALUE FOR melding_seq")[0][0])  # takes one number away, harmlessly
        bsn = self.enrol()
        self.assertGreater(self.melden_ok(bsn=bsn), nxt)


if __name__ == "__main__":
    unittest.main()

"""OpvragenOverzicht 1.1 (spec 9.2, 9.8): gewijzigdSinds selects the
inschrijvingen whose laatstGewijzigd is at or after it; laatstGewijzigd moves
on every change of the inschrijving or of the school's own data of its pupil,
and not when nothing changed or another organisation submits; metAdres adds
the address after voornamen (the BRP's for a pupil in the BRP extract); the
request for yesterday's changes is one index range per instelling."""

import time
import unittest

import rodclient
from rodclient import (binnenland, buitenland, child_names, find, findall, inschrijving, new_bsn, new_name, req,
                       sql, text, wijzigen_body)
from verzuimlib import VerzuimTestCase, SCHOOL_B


def overzicht_body(instellingscodes=("31XU",), **kw):
    return rodclient.overzicht_body(instellingscodes, **kw)


def now_utc():
    """The register's clock (MariaDB's UTC_TIMESTAMP), as a Tijdstip with
    microseconds; then a pause so that nothing written before shares its
    millisecond with what follows."""
    t = sql("SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ')")[0][0]
    time.sleep(0.02)
    return t


def bsns(resp):
    return [text(l, "persoonsgebondenNummer/bsn") for l in findall(resp, "instelling/inschrijving/leerling")]


class GewijzigdSinds(VerzuimTestCase):

    def setUp(self):
        sql("SELECT 1")  # SkipTest without SQL access: the clock comes from the register

    def overzicht(self, org=None, **kw):
        resp = self.ok("OpvragenOverzicht", overzicht_body(**kw), org=org)
        self.assertEqual(text(resp, "gelukt"), "true")
        return resp

    def laatst(self, bsn, code="31XU"):
        return sql("SELECT DATE_FORMAT(laatst_gewijzigd, '%%Y-%%m-%%d %%H:%%i:%%s.%%f') FROM inschrijving "
                   "WHERE instellingscode = '%s' AND pgn = '%s'" % (code, bsn))[0][0]

    def test_only_changes_at_or_after(self):
        prefix = new_name("Gs")
        a, b = new_bsn(), new_bsn()
        self.aanleveren([inschrijving(bsn=a, achternaam=prefix + "a"), inschrijving(bsn=b, achternaam=prefix + "b")])
        t1 = now_utc()
        resp = self.overzicht(sinds=t1, zoek=prefix)
        self.assertEqual(bsns(resp), [])
        self.assertEqual(text(resp, "totaalAantal"), "0")
        # a changes (its name), b is sent again unchanged
        self.aanleveren([inschrijving(bsn=a, achternaam=prefix + "a2"), inschrijving(bsn=b, achternaam=prefix + "b")])
        resp = self.overzicht(sinds=t1, zoek=prefix)
        self.assertEqual(bsns(resp), [a])
        self.assertEqual(text(resp, "totaalAantal"), "1")
        self.assertEqual(child_names(find(resp, "instelling/inschrijving")),
                         ["leerling", "inschrijfdatum", "laatstGewijzigd"])
        # the same instant in another zone selects the same
        local = t1.replace("Z", "")
        hh = int(local[11:13])
        shifted = local[:11] + "%02d" % ((hh + 2) % 24) + local[13:] + "+02:00"
        if hh < 22:  # same calendar day only (kept simple)
            self.assertEqual(bsns(self.overzicht(sinds=shifted, zoek=prefix)), [a])
        # without gewijzigdSinds both, as in version 1
        self.assertEqual(sorted(bsns(self.overzicht(zoek=prefix))), sorted([a, b]))

    def test_resubmission_without_change_does_not_move(self):
        bsn = new_bsn()
        item = inschrijving(bsn=bsn, achternaam=new_name(), voornamen="Jan", adres=binnenland("1012AB", 3))
        self.aanleveren([item])
        before = self.laatst(bsn)
        time.sleep(0.02)
        self.aanleveren([item])
        self.assertEqual(self.laatst(bsn), before, "an unchanged upsert moves nothing")
        # WijzigenInschrijving with the same dates: nothing either
        self.ok("WijzigenInschrijving", wijzigen_body("31XU", "2024-08-19", bsn=bsn))
        self.assertEqual(self.laatst(bsn), before)

    def test_every_change_moves(self):
        bsn = new_bsn()
        naam = new_name()
        base = dict(bsn=bsn, achternaam=naam, voornamen="Jan", adres=binnenland("1012AB", 3))
        self.aanleveren([inschrijving(**base)])
        changes = [("address", dict(base, adres=binnenland("1012AB", 4))),
                   ("foreign address", dict(base, adres=buitenland())),
                   ("voornamen", dict(base, voornamen="Johan")),
                   ("case of the achternaam", dict(base, achternaam=naam.upper())),
                   ("geboortedatum", dict(base, geboortedatum="2012-05-18")),
                   ("geslacht", dict(base, geslacht="MAN")),
                   ("voorvoegsels", dict(base, voorvoegsels="van")),
                   ("inschrijfdatum", dict(base, inschrijfdatum="2024-08-20")),
                   ("uitschrijfdatum", dict(base, uitschrijfdatum="2025-07-01"))]
        for what, kw in changes:
            with self.subTest(change=what):
                before = self.laatst(bsn)
                time.sleep(0.02)
                self.aanleveren([inschrijving(**kw)])
                self.assertGreater(self.laatst(bsn), before, what)
        before = self.laatst(bsn)
        time.sleep(0.02)
        self.ok("WijzigenInschrijving", wijzigen_body("31XU", "2024-08-19", "2025-06-30", bsn=bsn))
        self.assertGreater(self.laatst(bsn), before, "WijzigenInschrijving with other dates")

    def test_batch_moves_only_its_changed_items(self):
        """One array-bound execute for the whole batch: the comparison is
        made per item, not once for the first (the unchanged pupils around
        the changed one stay)."""
        numbers = [new_bsn() for _ in range(4)]
        names = [new_name() for _ in numbers]
        items = [dict(bsn=n, achternaam=a, voornamen="Jan") for n, a in zip(numbers, names)]
        self.aanleveren([inschrijving(**kw) for kw in items])
        before = [self.laatst(n) for n in numbers]
        time.sleep(0.02)
        items[1] = dict(items[1], uitschrijfdatum="2025-07-01")  # a date
        items[3] = dict(items[3], voornamen="Piet")  # the pupil
        self.aanleveren([inschrijving(**kw) for kw in items])
        after = [self.laatst(n) for n in numbers]
        self.assertEqual([a > b for a, b in zip(after, before)], [False, True, False, True], (before, after))

    def test_other_organisation_does_not_move(self):
        bsn = new_bsn()
        self.aanleveren([inschrijving(bsn=bsn, achternaam=new_name(), voornamen="Jan")])
        before = self.laatst(bsn)
        time.sleep(0.02)
        self.aanleveren([inschrijving(instellingscode="24GP", bsn=bsn, achternaam=new_name(), voornamen="Piet",
                                      adres=binnenland("9711AA", 9))], org=SCHOOL_B)
        self.assertEqual(self.laatst(bsn), before, "school-b's submission leaves school-a's view alone")
        # and school-a's change of its own data moves only its own inschrijvingen
        before_b = self.laatst(bsn, "24GP")
        time.sleep(0.02)
        self.aanleveren([inschrijving(bsn=bsn, achternaam=new_name(), voornamen="Jan")])
        self.assertGreater(self.laatst(bsn), before)
        self.assertEqual(self.laatst(bsn, "24GP"), before_b)

    def test_change_of_pupil_moves_every_instelling_of_the_school(self):
        bsn = new_bsn()
        naam = new_name()
        self.aanleveren([inschrijving(bsn=bsn, achternaam=naam),
                         inschrijving(instellingscode="31XV", bsn=bsn, achternaam=naam)])
        t1 = now_utc()
        self.aanleveren([inschrijving(bsn=bsn, achternaam=naam, voornamen="Nieuw")])  # at 31XU only
        resp = self.overzicht(instellingscodes=("31XU", "31XV"), sinds=t1, zoek=naam)
        self.assertEqual([text(b, "instellingscode") for b in findall(resp, "instelling") if
                          find(b, "inschrijving") is not None], ["31XU", "31XV"])
        self.assertEqual(text(resp, "totaalAantal"), "2")

    def test_paging_of_changes(self):
        prefix = new_name("Gp")
        t1 = now_utc()
        numbers = [new_bsn() for _ in range(5)]
        self.aanleveren([inschrijving(bsn=n, achternaam=prefix + chr(ord("a") + i)) for i, n in enumerate(numbers)])
        seen = []
        for pagina in (1, 2, 3):
            resp = self.overzicht(sinds=t1, zoek=prefix, pagina=pagina, grootte=2)
            self.assertEqual([text(resp, "totaalAantal"), text(resp, "aantalPaginas")], ["5", "3"])
            seen += bsns(resp)
        self.assertEqual(seen, numbers, "in achternaam order, every one once")

    def test_both_plans_give_the_same_pages(self):
        """Everything changed since 2000: the store walks the instelling in
        name order (many changes) and must page exactly as without
        gewijzigdSinds; a recent gewijzigdSinds takes the range (few)."""
        prefix = new_name("Gw")
        t1 = now_utc()
        numbers = [new_bsn() for _ in range(4)]
        self.aanleveren([inschrijving(bsn=n, achternaam=prefix + chr(ord("d") - i)) for i, n in enumerate(numbers)])
        for sinds in ("2000-01-01T00:00:00Z", t1):
            with self.subTest(sinds=sinds):
                for pagina in (1, 2, 3):
                    plain = self.overzicht(zoek=prefix, pagina=pagina, grootte=2)
                    since = self.overzicht(zoek=prefix, pagina=pagina, grootte=2, sinds=sinds)
                    self.assertEqual(bsns(since), bsns(plain))
                    self.assertEqual(text(since, "totaalAantal"), "4")
        # unfiltered by name as well: every inschrijving of 31XU changed since 2000
        plain = self.overzicht(grootte=3, pagina=2)
        since = self.overzicht(grootte=3, pagina=2, sinds="2000-01-01T00:00:00+01:00")
        self.assertEqual(bsns(since), bsns(plain))
        self.assertEqual(text(since, "totaalAantal"), text(plain, "totaalAantal"))

    def test_bad_gewijzigdsinds_is_rod_0002(self):
        for bad in ("2025-02-03T08:15:00", "2025-02-03", "2025-02-30T08:15:00Z", "gisteren"):
            with self.subTest(value=bad):
                self.assertFault(self.call("OpvragenOverzicht", overzicht_body(sinds=bad)), "ROD-0002")
        self.assertFault(self.call("OpvragenOverzicht", req("OpvragenOverzicht", "<metAdres>ja</metAdres>")),
                         "ROD-0002")
        # in the order of the XSD: metAdres after gewijzigdSinds
        self.assertFault(self.call("OpvragenOverzicht", req("OpvragenOverzicht", "<metAdres>true</metAdres>"
                                                            "<gewijzigdSinds>2025-02-03T08:15:00Z</gewijzigdSinds>")),
                         "ROD-0002")

    def test_plan_reads_one_range(self):
        """The statement of a gewijzigdSinds page: the index
        (instellingscode, laatst_gewijzigd), a range, not the instelling."""
        rows = sql("EXPLAIN SELECT i.pgn FROM inschrijving i FORCE INDEX (k_inschrijving_sinds) "
                   "JOIN instelling s ON s.code = i.instellingscode JOIN persoon_gegevens g ON g.pgn = i.pgn "
                   "AND g.organisatie_id = s.organisatie_id WHERE i.instellingscode = '31XU' "
                   "AND i.laatst_gewijzigd >= UTC_TIMESTAMP(3) - INTERVAL 1 DAY ORDER BY i.achternaam, i.pgn "
                   "LIMIT 100")
        first = [r for r in rows if r[2] == "i"][0]
        self.assertEqual((first[3], first[5]), ("range", "k_inschrijving_sinds"), rows)


class MetAdres(VerzuimTestCase):

    def overzicht(self, **kw):
        resp = self.ok("OpvragenOverzicht", overzicht_body(**kw))
        self.assertEqual(text(resp, "gelukt"), "true")
        return resp

    def test_adres_after_voornamen_only_when_asked(self):
        naam = new_name("Ad")
        a, b = new_bsn(), new_bsn()
        self.aanleveren([inschrijving(bsn=a, achternaam=naam + "a", voornamen="Anna",
                                      adres=binnenland("1012AB", 7, huisletter="a", toevoeging="bis",
                                                       straatnaam="Dam", plaatsnaam="Amsterdam")),
                         inschrijving(bsn=b, achternaam=naam + "b", adres=buitenland("5010", ("Rue 1", "Bruxelles")))])
        for met in (None, False):
            resp = self.overzicht(zoek=naam, met_adres=met)
            for l in findall(resp, "instelling/inschrijving/leerling"):
                self.assertNotIn("adres", child_names(l))
        resp = self.overzicht(zoek=naam, met_adres=True)
        la, lb = findall(resp, "instelling/inschrijving/leerling")
        self.assertEqual(child_names(la), ["persoonsgebondenNummer", "geslacht", "geboortedatum", "achternaam",
                                           "voornamen", "adres"])
        self.assertEqual(child_names(find(la, "adres/binnenland")),
                         ["postcode", "huisnummer", "huisletter", "huisnummertoevoeging", "straatnaam", "plaatsnaam"])
        self.assertEqual([text(la, "adres/binnenland/" + f) for f in ("postcode", "huisnummer", "huisletter",
                                                                      "huisnummertoevoeging", "plaatsnaam")],
                         ["1012AB", "7", "a", "bis", "Amsterdam"])
        self.assertEqual([text(lb, "adres/buitenland/" + f) for f in ("landcode", "adresregel1", "adresregel2")],
                         ["5010", "Rue 1", "Bruxelles"])
        # with gewijzigdSinds too
        resp = self.overzicht(zoek=naam, met_adres=True, sinds="2000-01-01T00:00:00Z")
        self.assertEqual(len(findall(resp, "instelling/inschrijving/leerling/adres")), 2)

    def test_brp_address_replaces_the_schools(self):
        """999990019 lives (BRP) at 1011AB 1, Amsterdam: the school sent
        another address, the overview shows the BRP's."""
        self.aanleveren([inschrijving(bsn="999990019", achternaam=new_name("Brp"), adres=binnenland("1012AB", 99))])
        resp = self.overzicht(zoek="Brp", met_adres=True, grootte=1000)
        mine = [l for l in findall(resp, "instelling/inschrijving/leerling")
                if text(l, "persoonsgebondenNummer/bsn") == "999990019"]
        self.assertEqual(len(mine), 1)
        self.assertEqual([text(mine[0], "adres/binnenland/" + f) for f in ("postcode", "huisnummer", "plaatsnaam")],
                         ["1011AB", "1", "Amsterdam"])


if __name__ == "__main__":
    unittest.main()

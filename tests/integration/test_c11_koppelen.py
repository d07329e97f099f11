"""spec 9.1 KoppelenBsn: every rule and code, the merge of two persons under
one bsn, the old onderwijsnummer as an alias in every operation that takes a
persoonsgebondenNummer, matching without a number returning the bsn, an
answer that does not reveal whether the bsn was known, and concurrent
KoppelenBsn, AanleverenInschrijving and MeldenVerzuim for the same persons
(the register's invariants checked afterwards)."""

import unittest

import rodclient
from rodclient import (RodClient, binnenland, child_names, find, findall, fout_codes, inschrijving,
                       invalid_bsn, invalid_onderwijsnummer, new_bsn, new_name, new_onderwijsnummer, q, req,
                       result_pgn, sql, text, wijzigen_body as inschrijving_wijzigen_body)
from verzuimlib import SCHOOL_A, SCHOOL_B, AMSTERDAM, VerzuimTestCase, born, day, opt, pgn, wijzigen_body, zoeken_body


def koppelen_body(instellingscode, onderwijsnummer, bsn):
    return req("KoppelenBsn", opt("instellingscode", instellingscode) + opt("onderwijsnummer", onderwijsnummer) +
               opt("bsn", bsn))


def overzicht_rows(resp):
    """{(instellingscode, kind, number): leerling element} of an overview."""
    out = {}
    for b in findall(resp, "instelling"):
        for i in findall(b, "inschrijving"):
            p = find(i, "leerling/persoonsgebondenNummer")[0]
            out[(text(b, "instellingscode"), p.tag.split("}")[1], p.text)] = i
    return out


# Invariants of the register after any mix of requests: an old number owns
# nothing any more, and every inschrijving has its organisation's data.
INVARIANTS = {
    "gegevens under an alias": "SELECT COUNT(*) FROM persoon_gegevens g JOIN persoon_alias a ON a.alias = g.pgn",
    "inschrijvingen under an alias": "SELECT COUNT(*) FROM inschrijving i JOIN persoon_alias a ON a.alias = i.pgn",
    "meldingen under an alias": "SELECT COUNT(*) FROM melding m JOIN persoon_alias a ON a.alias = m.pgn",
    "alias of an alias": "SELECT COUNT(*) FROM persoon_alias a JOIN persoon_alias b ON b.alias = a.pgn",
    "alias without its bsn": "SELECT COUNT(*) FROM persoon_alias a LEFT JOIN persoon p ON p.pgn = a.pgn "
                             "WHERE p.pgn IS NULL",
    "inschrijving without its organisation's data":
        "SELECT COUNT(*) FROM inschrijving i JOIN instelling s ON s.code = i.instellingscode "
        "LEFT JOIN persoon_gegevens g ON g.pgn = i.pgn AND g.organisatie_id = s.organisatie_id "
        "WHERE g.pgn IS NULL",
    "melding stored under another number":
        "SELECT COUNT(*) FROM melding m JOIN persoon p ON p.pgn = m.pgn "
        "WHERE NOT (JSON_VALUE(m.inhoud, CONCAT('$.\"leerling/persoonsgebondenNummer/', "
        "IF(p.pgn_soort = 'BSN', 'bsn', 'onderwijsnummer'), '\"')) <=> m.pgn)",
    "sort copy differs": "SELECT COUNT(*) FROM inschrijving i JOIN instelling s ON s.code = i.instellingscode "
                         "JOIN persoon_gegevens g ON g.pgn = i.pgn AND g.organisatie_id = s.organisatie_id "
                         "WHERE NOT (BINARY i.achternaam <=> BINARY g.achternaam)",
}


class KoppelenTestCase(VerzuimTestCase):

    def koppelen(self, onderwijsnummer, bsn, instellingscode="31XU", org=SCHOOL_A, **kw):
        return self.ok("KoppelenBsn", koppelen_body(instellingscode, onderwijsnummer, bsn), org=org, **kw)

    def enrol_on(self, instellingscode="31XU", org=SCHOOL_A, onderwijsnummer=None, **kw):
        """Enrols a pupil under a fresh onderwijsnummer sent by the school."""
        on = onderwijsnummer or new_onderwijsnummer()
        kw.setdefault("geboortedatum", born(12))
        kw.setdefault("inschrijfdatum", day(-700))
        kw.setdefault("adres", binnenland("1012AB"))
        self.assertAccepted(inschrijving(instellingscode=instellingscode, onderwijsnummer=on, **kw), org=org)
        return on

    def assertLinked(self, resp, bsn):
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "persoonsgebondenNummer"])
        self.assertEqual(result_pgn(resp), ("bsn", bsn))

    def assertInvariants(self):
        for what, query in INVARIANTS.items():
            self.assertSql(query, [["0"]])


class Rules(KoppelenTestCase):

    def test_instelling_unknown_and_of_another_organisation(self):
        on = self.enrol_on()
        self.assertFouten(self.koppelen(on, new_bsn(), instellingscode="99ZZ"), ["ROD-0201"])
        self.assertFouten(self.koppelen(on, new_bsn(), instellingscode="24GP"), ["ROD-0102"])

    def test_invalid_numbers_are_all_reported(self):
        on = self.enrol_on()
        resp = self.assertFouten(self.koppelen(invalid_onderwijsnummer(), invalid_bsn()), ["ROD-0205", "ROD-0204"])
        self.assertEqual(sorted(v for _, v in __import__("rodclient").fouten(resp)), ["bsn", "onderwijsnummer"])
        self.assertFouten(self.koppelen(on, invalid_bsn()), ["ROD-0204"])
        self.assertSql("SELECT COUNT(*) FROM persoon_alias WHERE alias = '%s'" % on, [["0"]])

    def test_xsd_facets(self):
        status, root, raw = self.call("KoppelenBsn", koppelen_body("31XU", "123456789", new_bsn()))
        self.assertEqual(status, 500, raw[:500])
        self.assertFault((status, root, raw), "ROD-0002")

    def test_no_inschrijving_at_the_instelling(self):
        on = self.enrol_on(instellingscode="31XV")
        self.assertFouten(self.koppelen(on, new_bsn(), instellingscode="31XU"), ["ROD-0211"])
        # a number nobody enrolled, and another school's pupil, answer alike
        self.assertFouten(self.koppelen(new_onderwijsnummer(), new_bsn()), ["ROD-0211"])
        other = self.enrol_on(instellingscode="24GP", org=SCHOOL_B)
        self.assertFouten(self.koppelen(other, new_bsn()), ["ROD-0211"])
        self.assertSql("SELECT COUNT(*) FROM persoon_alias WHERE alias IN ('%s', '%s')" % (on, other), [["0"]])

    def test_an_ended_inschrijving_counts(self):
        on = self.enrol_on(uitschrijfdatum=day(-30))
        bsn = new_bsn()
        self.assertLinked(self.koppelen(on, bsn), bsn)

    def test_idempotent_by_message_id(self):
        from rodclient import new_message_id
        on, bsn, msgid = self.enrol_on(), new_bsn(), new_message_id()
        first = self.call("KoppelenBsn", koppelen_body("31XU", on, bsn), message_id=msgid)
        again = self.call("KoppelenBsn", koppelen_body("31XU", on, bsn), message_id=msgid)
        self.assertEqual(first[0], 200)
        self.assertEqual(first[2], again[2])  # the stored response, byte for byte
        self.assertFault(self.call("KoppelenBsn", koppelen_body("31XU", on, new_bsn()), message_id=msgid),
                         "ROD-0005")

    def test_listed_by_opvragen_berichten(self):
        from rodclient import new_message_id
        on, bsn = self.enrol_on(), new_bsn()
        linked, refused = new_message_id(), new_message_id()
        self.call("KoppelenBsn", koppelen_body("31XU", on, bsn), message_id=linked)
        self.call("KoppelenBsn", koppelen_body("31XU", on, new_bsn()), message_id=refused)  # ROD-0213
        for message_id, resultaat in ((linked, "GELUKT"), (refused, "AFGEKEURD")):
            resp = self.ok("OpvragenBerichten", req("OpvragenBerichten", opt("operatie", "KoppelenBsn") +
                                                   opt("messageId", message_id)))
            self.assertGelukt(resp)
            b = findall(resp, "bericht")
            self.assertEqual(len(b), 1)
            self.assertEqual(child_names(b[0]), ["messageId", "operatie", "ontvangen", "resultaat"])
            self.assertEqual((text(b[0], "operatie"), text(b[0], "resultaat")), ("KoppelenBsn", resultaat))

    def test_gemeente_may_not_link(self):
        result = self.call("KoppelenBsn", koppelen_body("31XU", new_onderwijsnummer(), new_bsn()), org=AMSTERDAM)
        self.assertFault(result, "ROD-0103")

    def test_unknown_bsn_the_person_is_known_by_it(self):
        name = new_name("Ku")
        on = self.enrol_on(achternaam=name)
        before = sql("SELECT laatst_gewijzigd FROM inschrijving WHERE pgn = '%s'" % on)[0][0]
        bsn = new_bsn()
        self.assertLinked(self.koppelen(on, bsn), bsn)
        # laatstGewijzigd moves with the link (9.2)
        self.assertSql("SELECT laatst_gewijzigd > '%s' FROM inschrijving WHERE pgn = '%s'" % (before, bsn), [["1"]])
        self.assertSql("SELECT pgn, organisatie_id > 0 FROM persoon_alias WHERE alias = '%s'" % on, [[bsn, "1"]])
        self.assertSql("SELECT pgn_soort FROM persoon WHERE pgn = '%s'" % bsn, [["BSN"]])
        self.assertSql("SELECT COUNT(*) FROM inschrijving WHERE pgn = '%s'" % on, [["0"]])
        rows = overzicht_rows(self.overzicht(org=SCHOOL_A, instellingscodes=("31XU",), zoek=name))
        self.assertEqual(list(rows), [("31XU", "bsn", bsn)])
        self.assertInvariants()

    def test_again_with_the_same_bsn_changes_nothing(self):
        on = self.enrol_on()
        bsn = new_bsn()
        self.assertLinked(self.koppelen(on, bsn), bsn)
        before = sql("SELECT laatst_gewijzigd FROM inschrijving WHERE pgn = '%s'" % bsn)
        self.assertLinked(self.koppelen(on, bsn), bsn)
        self.assertSql("SELECT laatst_gewijzigd FROM inschrijving WHERE pgn = '%s'" % bsn, before)

    def test_already_linked_to_another_bsn(self):
        on = self.enrol_on()
        bsn = new_bsn()
        self.assertLinked(self.koppelen(on, bsn), bsn)
        resp = self.assertFouten(self.koppelen(on, new_bsn()), ["ROD-0213"])
        self.assertTrue(text(resp, "fout/omschrijving"))
        self.assertSql("SELECT pgn FROM persoon_alias WHERE alias = '%s'" % on, [[bsn]])
        # the old number keeps working for the rules: ROD-0211 still before ROD-0213
        self.assertFouten(self.koppelen(on, new_bsn(), instellingscode="31XV"), ["ROD-0211"])

    def test_answer_does_not_reveal_whether_the_bsn_was_known(self):
        known = self.enrol(instellingscode="24GP", org=SCHOOL_B)  # another school's pupil
        a, b = self.enrol_on(), self.enrol_on()
        unknown = new_bsn()
        status_a, root_a, raw_a = self.call("KoppelenBsn", koppelen_body("31XU", a, known))
        status_b, root_b, raw_b = self.call("KoppelenBsn", koppelen_body("31XU", b, unknown))
        self.assertEqual(status_a, status_b)
        # the two bodies differ only in the number
        self.assertEqual(raw_a.split(b"<SOAP-ENV:Body>")[1].replace(known.encode(), b"N"),
                         raw_b.split(b"<SOAP-ENV:Body>")[1].replace(unknown.encode(), b"N"))
        # and school-a still sees only its own data of the merged person
        resp = self.leerling(known, org=SCHOOL_A)
        self.assertIsNone(text(resp, "leerlingGegevens/voorvoegsels"))
        self.assertEqual([text(i, "instellingscode") for i in findall(resp, "inschrijving")], ["31XU"])


class Merge(KoppelenTestCase):

    def test_two_schools_two_persons_become_one(self):
        a_name, b_name = new_name("Ka"), new_name("Kb")
        bsn = self.enrol(instellingscode="24GP", org=SCHOOL_B, achternaam=b_name, geboortedatum=born(13))
        on = self.enrol_on(achternaam=a_name, voornamen="Anna", geboortedatum=born(12))
        self.assertLinked(self.koppelen(on, bsn), bsn)
        self.assertSql("SELECT COUNT(*) FROM persoon_gegevens WHERE pgn = '%s'" % on, [["0"]])
        self.assertSql("SELECT COUNT(*) FROM persoon_gegevens WHERE pgn = '%s'" % bsn, [["2"]])
        # each school keeps its own view (9.8)
        a = self.leerling(bsn, org=SCHOOL_A)
        self.assertEqual(text(a, "leerlingGegevens/achternaam"), a_name)
        self.assertEqual(text(a, "leerlingGegevens/geboortedatum"), born(12))
        b = self.leerling(bsn, org=SCHOOL_B)
        self.assertEqual(text(b, "leerlingGegevens/achternaam"), b_name)
        self.assertEqual(text(b, "leerlingGegevens/geboortedatum"), born(13))
        self.assertInvariants()

    def test_same_school_one_inschrijving_per_instelling_newest_fields_win(self):
        name = new_name("Km")
        on = self.enrol_on(achternaam=name, voornamen="Oud", inschrijfdatum=day(-800), adres=binnenland("1012AB", 3))
        # the later submission, under the bsn: no voornamen, another address
        bsn = new_bsn()
        self.assertAccepted(inschrijving(instellingscode="31XU", bsn=bsn, inschrijfdatum=day(-100),
                                         geboortedatum=born(12), achternaam=name + "x", voornamen=None,
                                         adres=binnenland("1013AB", 9)), org=SCHOOL_A)
        # 31XV only under the onderwijsnummer
        self.assertAccepted(inschrijving(instellingscode="31XV", onderwijsnummer=on, inschrijfdatum=day(-50),
                                         geboortedatum=born(12), achternaam=None, adres=None), org=SCHOOL_A)
        self.assertLinked(self.koppelen(on, bsn), bsn)
        # against the register's today (Europe/Amsterdam, as day()), not
        # MariaDB's CURDATE() in UTC: between 23:00 and 24:00 UTC they differ
        self.assertSql("SELECT instellingscode, DATEDIFF('%s', inschrijfdatum) FROM inschrijving "
                       "WHERE pgn IN ('%s', '%s') ORDER BY 1" % (day(0), on, bsn), [["31XU", "100"], ["31XV", "50"]])
        # the 31XV submission of the onderwijsnummer was the school's latest,
        # but it sent no name and no address: per field the value submitted
        # most recently wins (the bsn's name and address), and voornamen only
        # the onderwijsnummer had
        g = find(self.leerling(bsn, org=SCHOOL_A), "leerlingGegevens")
        self.assertEqual(text(g, "achternaam"), name + "x")
        self.assertEqual(text(g, "voornamen"), "Oud")
        self.assertEqual(text(g, "adres/binnenland/postcode"), "1013AB")
        rows = overzicht_rows(self.overzicht(org=SCHOOL_A, instellingscodes=("31XU", "31XV"), zoek=name))
        self.assertEqual(sorted(rows), [("31XU", "bsn", bsn), ("31XV", "bsn", bsn)])
        self.assertInvariants()

    def test_meldingen_move_with_number_versie_and_history(self):
        on = self.enrol_on()
        nummer = self.melden_ok(onderwijsnummer=on, begindatum=day(-20), einddatum=day(-15))
        self.wijzigen(nummer, onderwijsnummer=on, begindatum=day(-20), einddatum=day(-14))
        historie = findall(self.historie(nummer), "historie")
        # a melding of the bsn's own whose period overlaps: both are kept
        bsn = self.enrol(instellingscode="31XU")
        other = self.melden_ok(bsn=bsn, begindatum=day(-16), einddatum=day(-10))
        self.assertLinked(self.koppelen(on, bsn), bsn)
        resp = self.opvragen(nummer)
        self.assertEqual(text(resp, "versie"), "2")
        self.assertEqual(text(resp, "melding/leerling/persoonsgebondenNummer/bsn"), bsn)
        self.assertEqual(text(resp, "leerlingGegevens/persoonsgebondenNummer/bsn"), bsn)
        self.assertEqual(len(findall(self.historie(nummer), "historie")), len(historie))
        self.assertEqual(sorted(int(text(m, "meldingnummer")) for m in findall(self.zoeken(bsn=bsn), "melding")),
                         sorted([nummer, other]))
        # the overlap rule still holds for new and changed meldingen
        self.assertFout(self.melden(bsn=bsn, begindatum=day(-12), einddatum=day(-11)), "ROD-0306")
        self.assertFout(self.wijzigen(other, bsn=bsn, begindatum=day(-16), einddatum=day(-10)), "ROD-0306")
        self.assertGelukt(self.wijzigen(nummer, onderwijsnummer=on, begindatum=day(-20), einddatum=day(-17)))
        self.assertInvariants()


class Alias(KoppelenTestCase):
    """After the link, the old onderwijsnummer acts on the person everywhere."""

    def setUp(self):
        self.on = self.enrol_on(achternaam=new_name("Al"))
        self.bsn = new_bsn()
        self.assertLinked(self.koppelen(self.on, self.bsn), self.bsn)

    def test_aanleveren_inschrijving(self):
        res = self.submit_one(inschrijving(instellingscode="31XV", onderwijsnummer=self.on, inschrijfdatum=day(-5),
                                           geboortedatum=born(12)))
        self.assertEqual(result_pgn(res), ("bsn", self.bsn))
        self.assertSql("SELECT COUNT(*) FROM inschrijving WHERE pgn = '%s'" % self.bsn, [["2"]])
        self.assertInvariants()

    def test_wijzigen_inschrijving(self):
        resp = self.ok("WijzigenInschrijving", inschrijving_wijzigen_body("31XU", day(-600), onderwijsnummer=self.on))
        self.assertGelukt(resp)
        self.assertEqual(text(resp, "inschrijving/leerling/persoonsgebondenNummer/bsn"), self.bsn)

    def test_verzuim_and_leerling(self):
        resp = self.melden(onderwijsnummer=self.on, begindatum=day(-9), einddatum=day(-8))
        self.assertGelukt(resp)
        nummer = int(text(resp, "meldingnummer"))
        self.assertEqual(text(self.opvragen(nummer), "melding/leerling/persoonsgebondenNummer/bsn"), self.bsn)
        # a change names the pupil by the old number: the same pupil, no ROD-0318
        self.assertGelukt(self.wijzigen(nummer, onderwijsnummer=self.on, begindatum=day(-9), einddatum=day(-7)))
        found = self.ok("ZoekenVerzuim", req("ZoekenVerzuim", pgn(onderwijsnummer=self.on)))
        self.assertEqual([int(text(m, "meldingnummer")) for m in findall(found, "melding")], [nummer])
        self.assertEqual(text(found, "melding/persoonsgebondenNummer/bsn"), self.bsn)
        leerling = self.ok("OpvragenLeerling", req("OpvragenLeerling", pgn(onderwijsnummer=self.on)))
        self.assertGelukt(leerling)
        self.assertEqual(text(leerling, "leerlingGegevens/persoonsgebondenNummer/bsn"), self.bsn)
        self.assertEqual([text(i, "instellingscode") for i in findall(leerling, "inschrijving")], ["31XU"])
        self.assertInvariants()

    def test_matching_without_a_number_returns_the_bsn(self):
        name = new_name("Mt")
        item = lambda code: inschrijving(instellingscode=code, bsn=None, achternaam=name, geboortedatum=born(11),
                                         adres=binnenland("1012AB", 77), inschrijfdatum=day(-10))
        kind, on = result_pgn(self.submit_one(item("31XU")))
        self.assertEqual(kind, "onderwijsnummer")
        bsn = new_bsn()
        self.assertLinked(self.koppelen(on, bsn), bsn)
        self.assertEqual(result_pgn(self.submit_one(item("31XV"))), ("bsn", bsn))
        self.assertEqual(result_pgn(self.submit_one(item("24GP"), org=SCHOOL_B)), ("bsn", bsn))
        self.assertInvariants()

    def test_matching_an_identity_known_before_the_link(self):
        # assigned under one address, then the school sent another one: both
        # identities of the old number find the bsn after the link
        name = new_name("Mi")
        first = inschrijving(instellingscode="31XU", bsn=None, achternaam=name, geboortedatum=born(11),
                             adres=binnenland("1012AB", 5), inschrijfdatum=day(-10))
        kind, on = result_pgn(self.submit_one(first))
        self.assertEqual(kind, "onderwijsnummer")
        self.assertAccepted(inschrijving(instellingscode="31XU", onderwijsnummer=on, achternaam=name,
                                         geboortedatum=born(11), adres=binnenland("1013AB", 6),
                                         inschrijfdatum=day(-10)))
        bsn = new_bsn()
        self.assertLinked(self.koppelen(on, bsn), bsn)
        moved = inschrijving(instellingscode="24GP", bsn=None, achternaam=name.upper(), geboortedatum=born(11),
                             adres=binnenland("1013AB", 6), inschrijfdatum=day(-5))
        self.assertEqual(result_pgn(self.submit_one(moved, org=SCHOOL_B)), ("bsn", bsn))
        self.assertEqual(result_pgn(self.submit_one(first)), ("bsn", bsn))
        self.assertSql("SELECT COUNT(*) FROM persoon_alias_match WHERE alias = '%s'" % on, [["1"]])
        self.assertInvariants()


def together(calls):
    """Runs (org, op, body) on one connection each, released at once; returns
    (status, response element, raw) per call."""
    return rodclient.together([RodClient(org) for org, _, _ in calls], [(op, body) for _, op, body in calls])


class Concurrency(KoppelenTestCase):

    def test_parallel_link_enrol_and_report_never_half_merge(self):
        from rodclient import aanleveren_body
        from verzuimlib import melden_body
        for round_ in range(6):
            on = self.enrol_on(achternaam=new_name("Cc"))
            bsn = self.enrol(instellingscode="31XU") if round_ % 2 else new_bsn()
            earlier = self.melden_ok(onderwijsnummer=on, begindatum=day(-60), einddatum=day(-59))
            calls = [(SCHOOL_A, "KoppelenBsn", koppelen_body("31XU", on, bsn)),
                     (SCHOOL_A, "WijzigenVerzuim", wijzigen_body(earlier, onderwijsnummer=on, begindatum=day(-60),
                                                                 einddatum=day(-58)))]
            for k in range(3):
                calls.append((SCHOOL_A, "AanleverenInschrijving", aanleveren_body([inschrijving(
                    instellingscode="31XV", onderwijsnummer=on, inschrijfdatum=day(-40 + k),
                    geboortedatum=born(12), achternaam=None, adres=None)])))
                calls.append((SCHOOL_A, "MeldenVerzuim", melden_body(
                    onderwijsnummer=on, begindatum=day(-30 + 3 * k), einddatum=day(-29 + 3 * k))))
            calls.append((SCHOOL_A, "KoppelenBsn", koppelen_body("31XU", on, bsn)))
            results = together(calls)
            for (org, op, _), (status, elem, raw) in zip(calls, results):
                self.assertEqual(status, 200, raw[:1500])
                self.assertEqual(elem.tag, q(op + "Response"), raw[:1500])
                if op == "AanleverenInschrijving":
                    self.assertEqual(text(elem, "aantalGelukt"), "1", raw[:1500])
                else:
                    self.assertEqual(text(elem, "gelukt"), "true", raw[:1500])
            self.assertSql("SELECT pgn FROM persoon_alias WHERE alias = '%s'" % on, [[bsn]])
            self.assertSql("SELECT COUNT(*), SUM(versie) FROM melding WHERE pgn = '%s'" % bsn, [["4", "5"]])
            self.assertSql("SELECT instellingscode FROM inschrijving WHERE pgn IN ('%s', '%s') ORDER BY 1"
                           % (on, bsn), [["31XU"], ["31XV"]])
            self.assertInvariants()


if __name__ == "__main__":
    unittest.main()

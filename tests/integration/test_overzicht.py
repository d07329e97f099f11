"""OpvragenOverzicht: blocks, paging, search, peildatum, authorisation (spec 3, 8.5, 8.7)."""

import unittest

from rodclient import (child_names, findall, fouten, inschrijving, new_bsn, new_name, overzicht_body, RodTestCase,
                       text)


class Blocks(RodTestCase):

    def test_blocks_per_instelling_in_code_order_also_empty(self):
        resp = self.overzicht(zoek=new_name("Niemand"))
        self.assertEqual(child_names(resp), ["gelukt", "totaalAantal", "pagina", "aantalPaginas", "instelling",
                                             "instelling"])
        self.assertEqual([text(resp, "gelukt"), text(resp, "totaalAantal"), text(resp, "pagina"),
                          text(resp, "aantalPaginas")], ["true", "0", "1", "1"])
        blocks = findall(resp, "instelling")
        self.assertEqual([(text(b, "instellingscode"), text(b, "naam")) for b in blocks],
                         [("31XU", "Japanese School Amsterdam (PO)"), ("31XV", "Japanese School Amsterdam (VO)")])
        for b in blocks:
            self.assertEqual(child_names(b), ["instellingscode", "naam"])
        # requested in another order: still code order, no duplicates
        resp = self.overzicht(instellingscodes=["31XV", "31XU", "31XV"], zoek=new_name("Niemand"))
        self.assertEqual([text(b, "instellingscode") for b in findall(resp, "instelling")], ["31XU", "31XV"])
        resp = self.overzicht(instellingscodes=["31XV"], zoek=new_name("Niemand"))
        self.assertEqual([text(b, "instellingscode") for b in findall(resp, "instelling")], ["31XV"])
        resp = self.overzicht(org="school-b", zoek=new_name("Niemand"))
        self.assertEqual([(text(b, "instellingscode"), text(b, "naam")) for b in findall(resp, "instelling")],
                         [("24GP", "International School Groningen")])

    def test_0102_and_0201(self):
        for codes, expected in ((["24GP"], [("ROD-0102", "instellingscode")]),
                                (["99ZZ"], [("ROD-0201", "instellingscode")]),
                                (["31XU", "24GP", "99ZZ"], [("ROD-0102", None), ("ROD-0201", None)])):
            with self.subTest(codes=codes):
                resp = self.overzicht(instellingscodes=codes)
                self.assertEqual(text(resp, "gelukt"), "false")
                got = fouten(resp)
                if expected[0][1] is None:
                    self.assertEqual([c for c, _ in got], [c for c, _ in expected])
                else:
                    self.assertEqual(got, expected)
                self.assertEqual(set(child_names(resp)), {"gelukt", "fout"})
        resp = self.overzicht(org="school-b", instellingscodes=["31XU"])
        self.assertEqual([c for c, _ in fouten(resp)], ["ROD-0102"])

    def test_xsd_limits_are_faults(self):
        self.assertFault(self.call("OpvragenOverzicht", overzicht_body(zoek="a")), "ROD-0002")
        self.assertFault(self.call("OpvragenOverzicht", overzicht_body(grootte=1001)), "ROD-0002")
        self.assertFault(self.call("OpvragenOverzicht", overzicht_body(grootte=0)), "ROD-0002")
        self.assertFault(self.call("OpvragenOverzicht", overzicht_body(pagina=0)), "ROD-0002")
        self.assertEqual(text(self.overzicht(zoek="ab", grootte=1000, pagina=999999), "gelukt"), "true")


class Paging(RodTestCase):

    @classmethod
    def setUpClass(cls):
        cls.prefix = new_name("Pg")
        p = cls.prefix
        # (instelling, achternaam as sent); ordering ignores case; equal names by number
        names = [("31XU", p + "delta"), ("31XU", p + "Alpha"), ("31XU", p + "charlie"), ("31XU", p + "BRAVO"),
                 ("31XU", p + "bravo"), ("31XV", p + "Zulu"), ("31XV", p + "echo"), ("31XU", p + "Bravo")]
        cls.rows = []
        items = []
        for code, naam in names:
            bsn = new_bsn()
            items.append(inschrijving(instellingscode=code, bsn=bsn, achternaam=naam))
            cls.rows.append((code, naam.casefold(), bsn, naam))
        cls.rows.sort()
        cls.expected = [(c, b, n) for c, _, b, n in cls.rows]
        t = cls("test_pages")
        resp = t.aanleveren(items)
        assert text(resp, "aantalGelukt") == str(len(items)), resp

    def page(self, pagina, grootte, **kw):
        return self.overzicht(zoek=self.prefix.upper(), pagina=pagina, grootte=grootte, **kw)

    def test_pages(self):
        n = len(self.expected)
        for grootte in (1, 2, 3, 100):
            pages = max(1, -(-n // grootte))
            seen = []
            for pagina in range(1, pages + 1):
                resp = self.page(pagina, grootte)
                self.assertEqual([text(resp, "totaalAantal"), text(resp, "pagina"), text(resp, "aantalPaginas")],
                                 [str(n), str(pagina), str(pages)])
                self.assertEqual([text(b, "instellingscode") for b in findall(resp, "instelling")],
                                 ["31XU", "31XV"], "every page has every block")
                got = [(c, p, a) for c, p, a, _, _ in self.entries(resp)]
                self.assertEqual(len(got), min(grootte, n - (pagina - 1) * grootte))
                seen += got
            self.assertEqual(seen, self.expected, "grootte %d" % grootte)

    def test_page_beyond_the_last(self):
        resp = self.page(99, 3)
        self.assertEqual([text(resp, "totaalAantal"), text(resp, "pagina"), text(resp, "aantalPaginas")],
                         [str(len(self.expected)), "99", "3"])
        blocks = findall(resp, "instelling")
        self.assertEqual([text(b, "instellingscode") for b in blocks], ["31XU", "31XV"])
        self.assertEqual([findall(b, "inschrijving") for b in blocks], [[], []])

    def test_one_instelling(self):
        resp = self.overzicht(instellingscodes=["31XV"], zoek=self.prefix)
        self.assertEqual(text(resp, "totaalAantal"), "2")
        self.assertEqual([(c, p, a) for c, p, a, _, _ in self.entries(resp)],
                         [e for e in self.expected if e[0] == "31XV"])

    def test_unfiltered_page_spans_instellingen(self):
        # the first instelling's rows come with the counters in one query;
        # the rest of the page from the next instelling, and a page wholly in
        # the second instelling skips the first without reading it
        xu = int(text(self.overzicht(instellingscodes=["31XU"], grootte=1), "totaalAantal"))
        xv = int(text(self.overzicht(instellingscodes=["31XV"], grootte=1), "totaalAantal"))
        self.assertGreater(xv, 1)
        for grootte in (3, 7):
            with self.subTest(grootte=grootte):
                pagina = xu // grootte + 1   # holds the last rows of 31XU, if any, and the first of 31XV
                resp = self.overzicht(pagina=pagina, grootte=grootte)
                self.assertEqual(text(resp, "totaalAantal"), str(xu + xv))
                head = [e for e in self.entries(self.overzicht(instellingscodes=["31XU"], pagina=pagina,
                                                               grootte=grootte))]
                tail = self.entries(self.overzicht(instellingscodes=["31XV"], pagina=1,
                                                   grootte=grootte))[:grootte - len(head)]
                self.assertEqual(self.entries(resp), head + tail)
        deep = self.entries(self.overzicht(pagina=xu + 2, grootte=1))
        self.assertEqual(deep, self.entries(self.overzicht(instellingscodes=["31XV"], pagina=2, grootte=1)))

    def test_default_page(self):
        resp = self.overzicht(zoek=self.prefix)
        self.assertEqual([text(resp, "pagina"), text(resp, "aantalPaginas")], ["1", "1"])
        self.assertEqual([(c, p, a) for c, p, a, _, _ in self.entries(resp)], self.expected)


class Search(RodTestCase):

    def test_case_insensitive_substring(self):
        naam = new_name("Van der ")
        bsn = new_bsn()
        self.assertAccepted(inschrijving(bsn=bsn, achternaam=naam))
        middle = naam[6:14]
        for zoek in (middle, middle.upper(), middle.swapcase(), naam.upper(), naam):
            with self.subTest(zoek=zoek):
                self.assertEqual([(p, a) for _, p, a, _, _ in self.entries(self.overzicht(zoek=zoek))], [(bsn, naam)])
        self.assertEqual(text(self.overzicht(zoek=naam + "x"), "totaalAantal"), "0")

    def test_new_name_reaches_other_instellingen(self):
        """A new achternaam submitted at one instelling is what the search and
        the order use at the pupil's other instellingen too (the overview's
        sort copy is synced for every inschrijving of the pupil)."""
        old, new = new_name("Oudnaam"), new_name("Nieuwnaam")
        bsn = new_bsn()
        self.assertAccepted(inschrijving(instellingscode="31XU", bsn=bsn, achternaam=old))
        self.assertAccepted(inschrijving(instellingscode="31XV", bsn=bsn, achternaam=new))
        found = [(p, a) for _, p, a, _, _ in self.entries(self.overzicht(zoek=new))]
        self.assertEqual(sorted(found), [(bsn, new), (bsn, new)])
        self.assertEqual(text(self.overzicht(zoek=old), "totaalAantal"), "0")

    def test_identical_request_sees_every_write(self):
        """The overview's statements may be answered from MariaDB's query
        cache (SQL_CACHE): a committed write must show in the very next
        identical request, on each path (the unfiltered first page in one
        statement, a deep page, a search)."""
        name = new_name("Cache")
        deep = dict(grootte=10, pagina=150)  # offset 1,490: counters and page apart
        for i in range(3):
            first = int(text(self.overzicht(), "totaalAantal"))
            far = int(text(self.overzicht(**deep), "totaalAantal"))
            self.assertEqual(text(self.overzicht(zoek=name), "totaalAantal"), str(i))
            self.assertAccepted(inschrijving(instellingscode="31XU", achternaam="%s%d" % (name, i)))
            self.assertEqual(int(text(self.overzicht(), "totaalAantal")), first + 1)
            self.assertEqual(int(text(self.overzicht(**deep), "totaalAantal")), far + 1)
        self.assertEqual(text(self.overzicht(zoek=name), "totaalAantal"), "3")

    def test_known_pupil_without_name_in_a_batch(self):
        """A known pupil enrolled at another instelling without an achternaam in
        the request is found and sorted there by the stored name, while the
        other pupils of the same batch get their own names (each row of the
        array-bound insert carries its own copy)."""
        stored, other1, other2 = new_name("Bewaard"), new_name("Ander"), new_name("Ander")
        known, b1, b2 = new_bsn(), new_bsn(), new_bsn()
        self.assertAccepted(inschrijving(instellingscode="31XU", bsn=known, achternaam=stored))
        resp = self.aanleveren([inschrijving(instellingscode="31XV", bsn=b1, achternaam=other1),
                                inschrijving(instellingscode="31XV", bsn=known, achternaam=None),
                                inschrijving(instellingscode="31XV", bsn=b2, achternaam=other2)])
        self.assertEqual(text(resp, "aantalGelukt"), "3")
        for naam, bsn in ((stored, known), (other1, b1), (other2, b2)):
            found = [(c, p, a) for c, p, a, _, _ in self.entries(self.overzicht(instellingscodes=["31XV"], zoek=naam))]
            self.assertEqual(found, [("31XV", bsn, naam)], naam)

    def test_unicode_case_folding(self):
        suffix = new_name("")
        cases = [("özdemir" + suffix, ["ÖZDEMIR" + suffix.upper(), "Özdemir" + suffix, "öZdEmIr" + suffix,
                                          "ÖZDEMIR" + suffix.upper()[:4]]),
                 ("Иванова" + suffix, ["ИВАНОВА" + suffix.upper(), "иванова" + suffix]),
                 ("Ŀłøÿd" + suffix, ["ĿŁØŸD" + suffix.upper()])]
        for naam, zoeken in cases:
            bsn = new_bsn()
            self.assertAccepted(inschrijving(bsn=bsn, achternaam=naam))
            for zoek in zoeken:
                with self.subTest(naam=naam, zoek=zoek):
                    self.assertEqual([(p, a) for _, p, a, _, _ in self.entries(self.overzicht(zoek=zoek))],
                                     [(bsn, naam)], "stored as sent, found ignoring case")

    def test_wildcards_are_literal(self):
        naam = new_name("Perc%nt_")
        self.assertAccepted(inschrijving(achternaam=naam))
        self.assertEqual(text(self.overzicht(zoek="c%nt_" + naam[8:12]), "totaalAantal"), "1")
        self.assertEqual(text(self.overzicht(zoek="t_" + naam[8:12]), "totaalAantal"), "1")
        naam = new_name("Ex!cl")
        self.assertAccepted(inschrijving(achternaam=naam))
        self.assertEqual(text(self.overzicht(zoek="x!cl" + naam[5:9]), "totaalAantal"), "1")
        self.assertEqual(text(self.overzicht(zoek="x!!cl" + naam[5:9]), "totaalAantal"), "0")
        naam = naam.replace("!", "%")  # '%' and '_' do not match other characters
        self.assertEqual(text(self.overzicht(zoek=naam.replace("%", "_")), "totaalAantal"), "0")
        self.assertEqual(text(self.overzicht(zoek=naam.replace("_", "%")), "totaalAantal"), "0")


class Ordering(RodTestCase):

    def test_without_achternaam_first(self):
        """Isolated by a day of its own: only inschrijvingen of one day are
        active on it (and only this test uses such one-day inschrijvingen)."""
        import random
        day = "198%d-%02d-%02d" % (random.randint(1, 9), random.randint(1, 12), random.randint(1, 28))
        nameless, z, a = new_bsn(), new_bsn(), new_bsn()
        zn, an = new_name("zz"), new_name("AA")
        resp = self.aanleveren([inschrijving(bsn=z, achternaam=zn, inschrijfdatum=day, uitschrijfdatum=day),
                                inschrijving(bsn=nameless, achternaam=None, inschrijfdatum=day, uitschrijfdatum=day),
                                inschrijving(bsn=a, achternaam=an, inschrijfdatum=day, uitschrijfdatum=day)])
        self.assertEqual(text(resp, "aantalGelukt"), "3")
        got = self.entries(self.overzicht(instellingscodes=["31XU"], peildatum=day, grootte=1000))
        mine = [(p, n) for _, p, n, _, _ in got if p in (nameless, z, a)]
        self.assertEqual(mine, [(nameless, None), (a, an), (z, zn)])
        nulls = [n is None for _, _, n, _, _ in got]
        self.assertEqual(nulls, sorted(nulls, reverse=True), "pupils without achternaam first")
        self.assertEqual(got[0][2], None)

    def test_huge_pagina(self):
        resp = self.overzicht(pagina=2147483647, grootte=1000)
        self.assertEqual(text(resp, "pagina"), "2147483647")
        self.assertEqual([findall(b, "inschrijving") for b in findall(resp, "instelling")], [[], []])


class Peildatum(RodTestCase):

    def test_inclusive_at_both_ends(self):
        prefix = new_name("Pd")
        a, b, c = new_bsn(), new_bsn(), new_bsn()
        resp = self.aanleveren([
            inschrijving(bsn=a, achternaam=prefix + "a", inschrijfdatum="2024-01-10", uitschrijfdatum="2024-01-20"),
            inschrijving(bsn=b, achternaam=prefix + "b", inschrijfdatum="2024-01-20"),
            inschrijving(bsn=c, achternaam=prefix + "c", inschrijfdatum="2024-01-21", instellingscode="31XV"),
        ])
        self.assertEqual(text(resp, "aantalGelukt"), "3")
        for peildatum, expected in (("2024-01-09", []), ("2024-01-10", [a]), ("2024-01-19", [a]),
                                    ("2024-01-20", [a, b]), ("2024-01-21", [b, c]), ("2030-01-01", [b, c])):
            with self.subTest(peildatum=peildatum):
                resp = self.overzicht(zoek=prefix, peildatum=peildatum)
                self.assertEqual([p for _, p, _, _, _ in self.entries(resp)], expected)
                self.assertEqual(text(resp, "totaalAantal"), str(len(expected)))
                self.assertEqual(len(findall(resp, "instelling")), 2)


class Isolation(RodTestCase):

    def test_school_a_never_sees_school_b(self):
        prefix = new_name("Iso")
        shared = new_bsn()
        only_b = new_bsn()
        self.assertAccepted(inschrijving(instellingscode="24GP", bsn=only_b, achternaam=prefix + "b"), org="school-b")
        self.assertAccepted(inschrijving(instellingscode="24GP", bsn=shared, achternaam=prefix + "s",
                                         inschrijfdatum="2020-08-17"), org="school-b")
        self.assertAccepted(inschrijving(instellingscode="31XU", bsn=shared, achternaam=prefix + "s"))
        resp = self.overzicht(zoek=prefix)
        self.assertEqual([(c, p) for c, p, _, _, _ in self.entries(resp)], [("31XU", shared)])
        self.assertEqual(text(resp, "totaalAantal"), "1")
        resp = self.overzicht(org="school-b", zoek=prefix)
        self.assertEqual([(c, p, d) for c, p, _, d, _ in self.entries(resp)],
                         [("24GP", only_b, "2024-08-19"), ("24GP", shared, "2020-08-17")])
        self.assertEqual([text(b, "instellingscode") for b in findall(resp, "instelling")], ["24GP"])


if __name__ == "__main__":
    unittest.main()

"""The migration of a register of the single-copy pupil model to the data
per organisation (spec 9.8; sql/schema-gegevens-migratie.sql): an old
register (tests/data/migratie/register-v1.sql) is loaded into a database of
its own, the schema is applied as tools/mariadb.sh load does at every start,
and each organisation's view is checked, twice (the step is idempotent)."""

import os
import subprocess
import unittest

from rodclient import REPO

DB = "rodgate_migratie_test"
OLD_REGISTER = os.path.join(REPO, "tests", "data", "migratie", "register-v1.sql")
SCRIPT = os.path.join(REPO, "tools", "mariadb.sh")


def mariadb(*args, stdin=None, db=DB):
    if os.environ.get("RODGATE_NO_SQL") or not os.path.exists(SCRIPT):
        raise unittest.SkipTest("no SQL access to the register")
    env = dict(os.environ, RODGATE_DBNAME=db)
    p = subprocess.run([SCRIPT] + list(args), cwd=REPO, env=env, capture_output=True, timeout=120, stdin=stdin)
    err = p.stderr.decode("utf-8")
    if p.returncode != 0 and "Can't connect" in err:
        raise unittest.SkipTest("no SQL access to the register: %s" % err.strip())
    if p.returncode != 0:
        raise AssertionError("%s failed: %s" % (" ".join(args), err))
    return p.stdout.decode("utf-8")


def rows(query):
    out = mariadb("sql", "-N", "-B", "-e", query)
    return [line.split("\t") for line in out.splitlines() if line]


VIEWS = ("SELECT g.pgn, o.oin, g.geslacht, g.geboortedatum, IFNULL(g.achternaam, '-'), IFNULL(g.voornamen, '-'), "
         "IFNULL(g.postcode, '-'), IFNULL(g.landcode, '-'), DATE_FORMAT(g.gewijzigd, '%Y-%m-%d %H:%i:%s.%f') "
         "FROM persoon_gegevens g JOIN organisatie o ON o.id = g.organisatie_id ORDER BY g.pgn, o.oin")
A, B = "00000001003214345000", "00000001005432101000"
EXPECTED = [
    ["101222331", A, "VROUW", "2013-03-04", "Jansen", "Els", "1012AB", "-", "2026-01-03 00:00:00.000000"],
    ["111222333", B, "ONBEKEND", "2011", "Dubois", "-", "-", "5010", "2026-01-04 00:00:00.000000"],
    ["123456782", A, "MAN", "2012-05-17", "Bakker", "Jan", "9711AA", "-", "2026-01-02 03:04:05.678000"],
    ["123456782", B, "MAN", "2012-05-17", "Bakker", "Jan", "9711AA", "-", "2026-01-02 03:04:05.678000"],
]


class MigrationOfTheSingleCopyModel(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        mariadb("sql", "-e", "DROP DATABASE IF EXISTS %s; CREATE DATABASE %s" % (DB, DB), db="mysql")
        with open(OLD_REGISTER, "rb") as f:
            mariadb("sql", stdin=f)
        cls.before = rows("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '%s' "
                          "AND table_name = 'persoon' AND column_name = 'geslacht'" % DB)
        mariadb("load")

    @classmethod
    def tearDownClass(cls):
        try:
            mariadb("sql", "-e", "DROP DATABASE IF EXISTS %s" % DB, db="mysql")
        except (unittest.SkipTest, AssertionError):
            pass

    def test_the_old_register_had_the_shared_copy(self):
        self.assertEqual(self.before, [["1"]])

    def test_each_organisation_with_an_inschrijving_gets_the_shared_copy(self):
        self.assertEqual(rows(VIEWS), EXPECTED)

    def test_the_shared_copy_is_gone(self):
        cols = rows("SELECT column_name FROM information_schema.columns WHERE table_schema = '%s' "
                    "AND table_name = 'persoon' ORDER BY ordinal_position" % DB)
        self.assertEqual([c[0] for c in cols], ["pgn", "pgn_soort", "toegekend", "startkwalificatie", "match_cs",
                                                "match_ci", "aangemaakt", "gewijzigd", "meldingen_versie"])
        self.assertEqual(rows("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = '%s' "
                              "AND event_object_table IN ('persoon', 'persoon_gegevens') ORDER BY 1" % DB),
                         [["persoon_gegevens_achternaam_kopie"], ["persoon_gegevens_laatst_gewijzigd"]])
        # persons, numbers and inschrijvingen are kept
        self.assertEqual(rows("SELECT pgn, pgn_soort, toegekend FROM persoon ORDER BY pgn"),
                         [["101222331", "ONDERWIJSNUMMER", "1"], ["111222333", "BSN", "0"],
                          ["123456782", "BSN", "0"], ["999990019", "BSN", "0"]])
        self.assertEqual(rows("SELECT COUNT(*) FROM inschrijving"), [["5"]])

    def test_the_assigned_numbers_identity_matches_through_the_new_keys(self):
        self.assertEqual(rows("SELECT g.pgn FROM persoon_gegevens g JOIN persoon p ON p.pgn = g.pgn "
                              "WHERE g.match_cs = p.match_cs AND g.match_ci = p.match_ci"), [["101222331"]])

    def test_idempotent(self):
        mariadb("load")
        self.assertEqual(rows(VIEWS), EXPECTED)
        self.assertEqual(rows("SELECT instellingscode, pgn, achternaam FROM inschrijving ORDER BY 1, 2"),
                         [["24GP", "111222333", "Dubois"], ["24GP", "123456782", "Bakker"],
                          ["31XU", "101222331", "Jansen"], ["31XU", "123456782", "Bakker"],
                          ["31XV", "101222331", "Jansen"]])


if __name__ == "__main__":
    unittest.main()

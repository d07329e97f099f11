"""What a fault's log line says (issue 16.6): a ROD-0001 line carries the
line, column and reason of the XML error; a ROD-9001 line carries the
request's MessageID, also when the database was unreachable before the
organisation could be looked up."""
import os
import re
import time
import unittest
import uuid

import gwlib

DB = "rodgate_hardening"


def lines_of(gw, msgid=None, since=0):
    deadline = time.time() + 5
    while time.time() < deadline:
        with open(gw.log, encoding="utf-8", errors="replace") as f:
            f.seek(since)
            new = [ln for ln in f.read().splitlines() if " req " in ln]
        if msgid is None and new or any(msgid in ln for ln in new):
            return new
        time.sleep(0.05)
    return new


class FaultLogLines(unittest.TestCase):

    def test_malformed_xml_line_has_position_and_reason(self):
        gw = gwlib.Gateway(DB)
        try:
            since = os.path.getsize(gw.log)
            body = gwlib.envelope("<rod:OpvragenOverzichtRequest>\n<rod:pagina>1</rod:paginaGrootte>\n"
                                  "</rod:OpvragenOverzichtRequest>", "OpvragenOverzicht")
            status, _, resp = gwlib.post(body, url=gw.url, raw=True)
            self.assertEqual(gwlib.fault_code(resp), "ROD-0001")
            found = [ln for ln in lines_of(gw, since=since) if "result=ROD-0001" in ln]
            self.assertEqual(len(found), 1, found)
            m = re.search(r" line=(\d+) col=(\d+) reason=\"([^\"]+)\"$", found[0])
            self.assertIsNotNone(m, found[0])
            self.assertEqual(m.group(1), "2", found[0])
            self.assertGreater(int(m.group(2)), 0, found[0])
        finally:
            gw.stop()

    def test_unavailable_database_line_has_the_message_id(self):
        # a socket where no MariaDB listens: the organisation lookup fails
        gw = gwlib.Gateway(DB, sets=["db_socket=/nonexistent/mariadb.sock"])
        try:
            msgid = "urn:uuid:" + str(uuid.uuid4())
            body = gwlib.envelope("<rod:OpvragenOverzichtRequest/>", "OpvragenOverzicht", msgid)
            status, _, resp = gwlib.post(body, url=gw.url, raw=True)
            self.assertEqual(gwlib.fault_code(resp), "ROD-9001")
            found = [ln for ln in lines_of(gw, msgid) if "result=ROD-9001" in ln]
            self.assertTrue(found and all(("msgid=%s " % msgid) in ln for ln in found), found)
        finally:
            gw.stop()


if __name__ == "__main__":
    unittest.main()

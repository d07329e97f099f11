"""WS-Addressing: required headers, actions, SOAPAction, response and fault headers (spec 1, 8.2)."""

import unittest

from rodclient import (ACTION_PREFIX, FAULT_ACTION, NS, SOAP11, SOAP12, VALID_BODY, aanleveren_body, body_elem,
                       client, fault_fout, header_value, inschrijving, new_message_id, q, raw_post, req,
                       RodTestCase, text)


class Addressing(RodTestCase):

    def test_missing_headers(self):
        for name in ("MessageID", "To", "Action"):
            with self.subTest(header=name):
                result = self.call("OpvragenOverzicht", VALID_BODY, omit=(name,), soapaction='""')
                root = self.assertFault(result, "ROD-0006")
                veld = text(fault_fout(root), "veld")
                self.assertIsNotNone(veld)
                self.assertIn(name, veld)

    def test_long_message_id(self):
        m = "urn:test:" + "a" * 246  # 255 characters: echoed exactly
        status, root, data = self.call("OpvragenOverzicht", VALID_BODY, message_id=m)
        self.assertEqual(status, 200, data[:500])
        self.assertEqual(header_value(root, "RelatesTo"), m)
        # longer than the register keeps: refused, never cut (a cut one would
        # mix up two messages in the idempotency store)
        for n in (256, 400):
            m = "urn:test:" + "b" * (n - 9)
            with self.subTest(length=n):
                root = self.assertFault(self.call("AanleverenInschrijving", aanleveren_body([inschrijving()]),
                                                  message_id=m), "ROD-0002")
                self.assertIn("MessageID", text(fault_fout(root), "veld"))
                self.assertNotEqual(header_value(root, "RelatesTo"), m[:255])

    def test_empty_message_id(self):
        root = self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, message_id=" "), "ROD-0006")
        self.assertIn("MessageID", text(fault_fout(root), "veld"))

    def test_action_not_matching(self):
        self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, action=ACTION_PREFIX + "AanleverenInschrijving",
                                   soapaction='""'), "ROD-0004")
        self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, action="urn:rodgate:rod:v1/Onbekend",
                                   soapaction='""'), "ROD-0004")
        self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, action=ACTION_PREFIX + "OpvragenOverzichtResponse",
                                   soapaction='""'), "ROD-0004")

    def test_soapaction(self):
        act = ACTION_PREFIX + "OpvragenOverzicht"
        other = '"%sAanleverenInschrijving"' % ACTION_PREFIX
        self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, soapaction=other), "ROD-0004")
        self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, soapaction='"urn:iets"'), "ROD-0004")
        for sa in ('""', '"%s"' % act):
            with self.subTest(soapaction=sa):
                self.ok("OpvragenOverzicht", VALID_BODY, soapaction=sa)

    def test_response_headers(self):
        for op, body in (("OpvragenOverzicht", VALID_BODY),
                         ("WijzigenInschrijving", req("WijzigenInschrijving",
                                                      "<instellingscode>31XU</instellingscode><persoonsgebondenNummer>"
                                                      "<bsn>111222333</bsn></persoonsgebondenNummer>"
                                                      "<inschrijfdatum>2024-08-19</inschrijfdatum>")),
                         ("AanleverenInschrijving", aanleveren_body([inschrijving(instellingscode="99ZZ")]))):
            for soap12 in (False, True):
                with self.subTest(op=op, soap12=soap12):
                    msgid = new_message_id()
                    status, root, data = self.call(op, body, message_id=msgid, soap12=soap12)
                    self.assertEqual(status, 200, data)
                    self.assertEqual(root.tag, "{%s}Envelope" % (SOAP12 if soap12 else SOAP11))
                    self.assertEqual(body_elem(root).tag, q(op + "Response"))
                    self.assertEqual(header_value(root, "Action"), ACTION_PREFIX + op + "Response")
                    self.assertEqual(header_value(root, "RelatesTo"), msgid)
                    own = header_value(root, "MessageID")
                    self.assertIsNotNone(own)
                    self.assertNotEqual(own, msgid)
                    self.assertTrue(own.startswith("urn:uuid:"), own)
                    ct = client(self.org).last_headers.get("Content-Type", "")
                    self.assertTrue(ct.startswith("application/soap+xml" if soap12 else "text/xml"), ct)

    def test_fault_headers(self):
        msgid = new_message_id()
        bad = req("OpvragenOverzicht", "<pagina>nul</pagina>")
        root = self.assertFault(self.call("OpvragenOverzicht", bad, message_id=msgid), "ROD-0002")
        self.assertEqual(header_value(root, "Action"), FAULT_ACTION)
        self.assertEqual(header_value(root, "RelatesTo"), msgid)
        own = header_value(root, "MessageID")
        self.assertTrue(own and own != msgid)
        # the MessageID was never read: no RelatesTo, still an Action and a MessageID
        root = self.assertFault(raw_post(b"<x"), "ROD-0001")
        self.assertIsNone(header_value(root, "RelatesTo"))
        self.assertTrue(header_value(root, "MessageID"))

    def test_fault_relates_to_known_message_id(self):
        """Faults decided after the header was parsed (unknown operation, role)
        still relate to the request's MessageID."""
        msgid = new_message_id()
        root = self.assertFault(self.call("Foo", '<FooRequest xmlns="%s"/>' % NS, message_id=msgid,
                                          soapaction='""'), "ROD-0004")
        self.assertEqual(header_value(root, "RelatesTo"), msgid)
        msgid = new_message_id()
        root = self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, message_id=msgid, org="gemeente-amsterdam"),
                                "ROD-0103")
        self.assertEqual(header_value(root, "RelatesTo"), msgid)


if __name__ == "__main__":
    unittest.main()

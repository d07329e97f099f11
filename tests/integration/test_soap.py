"""SOAP envelope and faults: XML errors, limits in the XML, unknown operations, XSD, SOAP 1.2, roles
(spec 1, 5, 6, 8.1, 8.2)."""

import unittest
import xml.etree.ElementTree as ET

from rodclient import (ACTION_PREFIX, NS, SOAP12, VALID_BODY, aanleveren_body, child_names, fault_fout, find,
                       inschrijving, overzicht_envelope, raw_post, req, RodTestCase, text)


class Faults(RodTestCase):

    def test_malformed_xml(self):
        broken = overzicht_envelope(VALID_BODY).replace("</soap:Body>", "</soap:Bod>")
        root = self.assertFault(raw_post(broken.encode()), "ROD-0001")
        fout = fault_fout(root)
        self.assertEqual(child_names(fout)[:2], ["code", "omschrijving"])
        self.assertTrue(text(fout, "omschrijving").strip())
        root = self.assertFault(raw_post(b"this is not xml"), "ROD-0001")
        self.assertIsNotNone(find(fault_fout(root), "regel"))
        self.assertFault(raw_post(b""), "ROD-0001")

    def test_not_utf8(self):
        latin1 = overzicht_envelope(req("OpvragenOverzicht", "<zoekAchternaam>M\u00fcller</zoekAchternaam>"))
        self.assertFault(raw_post(latin1.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")),
                         "ROD-0001")
        self.assertFault(raw_post(latin1.encode("latin-1")), "ROD-0001")  # declared UTF-8, is not
        self.assertFault(raw_post(latin1.encode("utf-16")), "ROD-0001")

    def test_doctype_and_entities(self):
        doc = overzicht_envelope(VALID_BODY)
        body = doc.split("\n", 1)[1]
        dtd = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>\n' + body
        self.assertFault(raw_post(dtd.encode()), "ROD-0003")
        xxe = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
               + body.replace("Zzqxjv", "&xxe;"))
        root = self.assertFault(raw_post(xxe.encode()), "ROD-0003")
        self.assertNotIn(b"root:", ET.tostring(root))
        bare = doc.replace("Zzqxjv", "Zz&ent;")  # an entity reference without any DTD
        self.assertFault(raw_post(bare.encode()), "ROD-0003")
        # the predefined entities and character references are plain XML
        fine = doc.replace("Zzqxjv", "Z&amp;z&#x71;&#120;&lt;&gt;&quot;&apos;")
        status, root, data = raw_post(fine.encode())
        self.assertEqual(status, 200, data[:500])

    def test_nesting_depth(self):
        deep = "<a>" * 100 + "x" + "</a>" * 100
        self.assertFault(raw_post(overzicht_envelope(req("OpvragenOverzicht", deep)).encode()), "ROD-0003")
        # 64 levels in all are allowed (Envelope, Body, request, 61 more): XSD-invalid, not too deep
        ok = "<a>" * 61 + "x" + "</a>" * 61
        self.assertFault(raw_post(overzicht_envelope(req("OpvragenOverzicht", ok)).encode()), "ROD-0002")
        deep = "<a>" * 62 + "x" + "</a>" * 62
        self.assertFault(raw_post(overzicht_envelope(req("OpvragenOverzicht", deep)).encode()), "ROD-0003")

    def test_unknown_body_element(self):
        for body in ('<FooRequest xmlns="%s"/>' % NS,
                     '<OpvragenOverzichtResponse xmlns="%s"><gelukt>true</gelukt></OpvragenOverzichtResponse>' % NS,
                     '<OpvragenOverzichtRequest xmlns="urn:other"/>',
                     '<OpvragenOverzichtRequest/>',
                     '<fout xmlns="%s"><code>ROD-0001</code><omschrijving>x</omschrijving></fout>' % NS,
                     # checked before the XSD: invalid content does not matter
                     '<FooRequest xmlns="%s"><x>1</x><x>1</x></FooRequest>' % NS):
            with self.subTest(body=body):
                self.assertFault(raw_post(overzicht_envelope(body).encode()), "ROD-0004")

    def test_unknown_must_understand_header(self):
        """Only WS-Addressing is understood (spec 1): a header block the
        client marks mustUnderstand is refused as the client's error."""
        for soap12, mu in ((False, "1"), (True, "true")):
            with self.subTest(soap12=soap12):
                env = overzicht_envelope(VALID_BODY, soap12=soap12).replace(
                    "</soap:Header>", '<x:Beveiliging xmlns:x="urn:x" soap:mustUnderstand="%s"/></soap:Header>' % mu)
                result = raw_post(env.encode(), content_type="application/soap+xml; charset=utf-8" if soap12
                                  else "text/xml; charset=utf-8", soapaction=None if soap12 else '""')
                self.assertFault(result, "ROD-0002", http_status=400 if soap12 else 500,
                                 kind="Sender" if soap12 else "Client")
        # mustUnderstand on the WS-Addressing headers (as WCF sends them), or "0": fine
        env = overzicht_envelope(VALID_BODY).replace("<wsa:Action>", '<wsa:Action soap:mustUnderstand="1">').replace(
            "<wsa:To>", '<wsa:To soap:mustUnderstand="1">').replace(
            "</soap:Header>", '<x:Extra xmlns:x="urn:x" soap:mustUnderstand="0"/></soap:Header>')
        status, root, data = raw_post(env.encode())
        self.assertEqual(status, 200, data[:500])

    def test_two_body_elements(self):
        self.assertFault(raw_post(overzicht_envelope(VALID_BODY + VALID_BODY).encode()), "ROD-0002")

    def test_xsd_invalid_body(self):
        body = req("OpvragenOverzicht", "<zoekAchternaam>Zzqxjv</zoekAchternaam>\n<paginaGrootte>veel</paginaGrootte>")
        root = self.assertFault(raw_post(overzicht_envelope(body).encode()), "ROD-0002")
        fout = fault_fout(root)
        self.assertEqual(child_names(fout), ["code", "omschrijving", "veld", "regel", "kolom"])
        self.assertGreaterEqual(int(text(fout, "regel")), 2)  # the envelope starts on line 2
        self.assertGreaterEqual(int(text(fout, "kolom")), 1)
        self.assertIn("paginaGrootte", text(fout, "veld"))
        # wrong order of children, an unknown child, a missing required child
        for inner in ("<paginaGrootte>5</paginaGrootte><pagina>1</pagina>",
                      "<onbekend>1</onbekend>"):
            with self.subTest(inner=inner):
                self.assertFault(raw_post(overzicht_envelope(req("OpvragenOverzicht", inner)).encode()), "ROD-0002")
        status, root, data = self.call("WijzigenInschrijving", req("WijzigenInschrijving",
                                                                   "<instellingscode>31XU</instellingscode>"))
        self.assertFault((status, root, data), "ROD-0002")
        # an empty batch and an attribute are not valid either
        self.assertFault(self.call("AanleverenInschrijving", req("AanleverenInschrijving", "")), "ROD-0002")
        self.assertFault(self.call("OpvragenOverzicht", '<OpvragenOverzichtRequest xmlns="%s" a="1"/>' % NS),
                         "ROD-0002")

    def test_not_a_soap_envelope(self):
        self.assertFault(raw_post(b'<?xml version="1.0"?><Envelope/>'), "ROD-0002")
        # a SOAP 1.2 envelope sent as text/xml (SOAP 1.1)
        self.assertFault(raw_post(overzicht_envelope(VALID_BODY, soap12=True).encode()), "ROD-0002")


class Soap12(RodTestCase):

    def test_request_works(self):
        resp = self.ok("OpvragenOverzicht", VALID_BODY, soap12=True)
        self.assertEqual(text(resp, "gelukt"), "true")

    def test_client_fault_is_400_sender(self):
        result = self.call("OpvragenOverzicht", req("OpvragenOverzicht", "<pagina>x</pagina>"), soap12=True)
        root = self.assertFault(result, "ROD-0002", http_status=400, kind="Sender")
        self.assertEqual(root.tag, "{%s}Envelope" % SOAP12)
        self.assertIsNotNone(root.find(".//{%s}Reason/{%s}Text" % (SOAP12, SOAP12)))
        self.assertIsNotNone(root.find(".//{%s}Detail/{%s}fout" % (SOAP12, NS)))

    # A SOAP 1.2 Receiver fault (HTTP 500) needs a real server-side failure:
    # tests/hardening/test_db_outage.py checks it with ROD-9001.

    def test_action_parameter(self):
        act = ACTION_PREFIX + "OpvragenOverzicht"
        self.ok("OpvragenOverzicht", VALID_BODY, soap12=True,
                content_type='application/soap+xml; charset=utf-8; action="%s"' % act)
        self.assertFault(self.call("OpvragenOverzicht", VALID_BODY, soap12=True,
                                   content_type='application/soap+xml; charset=utf-8; action="%sX"' % act),
                         "ROD-0004", http_status=400, kind="Sender")

    def test_soap11_envelope_as_soap12(self):
        result = raw_post(overzicht_envelope(VALID_BODY).encode(), content_type="application/soap+xml; charset=utf-8",
                          soapaction=None)
        self.assertFault(result, "ROD-0002", http_status=400, kind="Sender")


class Roles(RodTestCase):

    def test_gemeente_gets_0103_for_school_operations(self):
        for op, body in (("AanleverenInschrijving", aanleveren_body([inschrijving()])),
                         ("WijzigenInschrijving", req("WijzigenInschrijving", "")),
                         ("OpvragenOverzicht", VALID_BODY),
                         ("MeldenVerzuim", req("MeldenVerzuim", "")),
                         ("OpvragenLeerling", req("OpvragenLeerling", ""))):
            for org in ("gemeente-amsterdam", "gemeente-groningen"):
                with self.subTest(op=op, org=org):
                    self.assertFault(self.call(op, body, org=org), "ROD-0103")

    def test_school_gets_0103_for_verwerken_terugkoppeling(self):
        self.assertFault(self.call("VerwerkenTerugkoppeling", req("VerwerkenTerugkoppeling", "")), "ROD-0103")


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/python3
"""Suite `package` (docs/deployment.md): builds the Debian package with
tools/make-deb.sh, installs it with `dpkg --root` into a scratch root under
var/ (maintainer scripts run chrootless with DPKG_ROOT, which debhelper's
snippets honour), and checks what an operator gets: files, owners and modes,
conffiles, the system user, the enabled unit with `systemd-analyze verify`
and its security score, the installed configuration with --check-config, the
shipped logrotate configuration against a running installed gateway, and a
clean remove and purge. Ends with `N passed, M failed`."""
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "hardening"))
import gwlib  # noqa: E402  (raw mTLS requests)

ROOT = os.path.join(TOP, "var", "pkgroot")
DEBDIR = os.path.join(TOP, "var", "deb")
WORK = os.path.join(TOP, "var", "pkgtest")
PKI = os.path.join(TOP, "var", "pki")
OVERZICHT = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte></rod:OpvragenOverzichtRequest>"
MAX_EXPOSURE = 2.0  # systemd-analyze's "OK" band ends there


def run(*cmd, check=True, env=None):
    return subprocess.run(list(cmd), capture_output=True, text=True, check=check, env=env)


def dpkg(*args):
    return run("dpkg", "--root=" + ROOT, "--force-script-chrootless", "--force-depends", *args)


def ids(kind):
    """name -> number from the scratch root's passwd or group (root is 0:
    the scratch root has no base system that would list it)."""
    out = {"root": 0}
    with open(os.path.join(ROOT, "etc", kind)) as f:
        for line in f:
            parts = line.split(":")
            out[parts[0]] = int(parts[2])
    return out


def settings(path):
    out = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^([a-z_0-9]+)\s*=\s*(.*?)\s*$", line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


def scratch_root():
    """An empty dpkg database plus what the unit refers to from the base
    system (systemd's own units for the targets, /bin/kill), so that
    systemd-analyze verify --root can resolve it."""
    shutil.rmtree(ROOT, ignore_errors=True)
    for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc", "bin"):
        os.makedirs(os.path.join(ROOT, d))
    open(os.path.join(ROOT, "var/lib/dpkg/status"), "w").close()
    shutil.copytree("/lib/systemd/system", os.path.join(ROOT, "lib/systemd/system"), symlinks=True)
    shutil.copy2("/bin/kill", os.path.join(ROOT, "bin/kill"))


class Package(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        t0 = time.monotonic()
        r = run(os.path.join(TOP, "tools", "make-deb.sh"), check=False)
        cls.build_output = r.stdout + r.stderr
        cls.build_rc = r.returncode
        cls.build_seconds = time.monotonic() - t0
        debs = glob.glob(os.path.join(DEBDIR, "rodgate_*_*.deb"))
        if r.returncode != 0 or len(debs) != 1:
            raise RuntimeError("make deb failed:\n" + cls.build_output[-3000:])
        cls.deb = debs[0]
        print("package: built %s in %.0f s" % (os.path.basename(cls.deb), cls.build_seconds))
        scratch_root()
        cls.install = dpkg("-i", cls.deb)

    def path(self, p):
        return os.path.join(ROOT, p.lstrip("/"))

    def test_lintian_no_errors(self):
        self.assertEqual(self.build_rc, 0, self.build_output[-2000:])
        with open(os.path.join(DEBDIR, "lintian.txt")) as f:
            tags = [line for line in f if re.match(r"^[EWI]: ", line)]
        errors = [t for t in tags if t.startswith("E: ")]
        self.assertEqual(errors, [], "lintian errors")
        for t in tags:
            print("  lintian " + t.rstrip())

    def test_files_owners_modes(self):
        users, groups = ids("passwd"), ids("group")
        want = [  # path, kind, mode, owner, group
            ("/usr/sbin/rodgate", "f", 0o755, "root", "root"),
            ("/etc/rodgate/rodgate.conf", "f", 0o640, "root", "rodgate"),
            ("/etc/rodgate/postcode-gemeente.csv", "f", 0o644, "root", "root"),
            ("/etc/rodgate/tls", "d", 0o750, "root", "rodgate"),
            ("/etc/rodgate/secrets", "d", 0o750, "root", "rodgate"),
            ("/usr/share/rodgate/wsdl/rod-v1.wsdl", "f", 0o644, "root", "root"),
            ("/usr/share/rodgate/xsd/rod-v1.xsd", "f", 0o644, "root", "root"),
            ("/usr/share/rodgate/sql/schema.sql", "f", 0o644, "root", "root"),
            ("/usr/share/rodgate/sql/schema-procedures.sql", "f", 0o644, "root", "root"),
            ("/usr/share/rodgate/sql/grants.sql", "f", 0o644, "root", "root"),
            ("/lib/systemd/system/rodgate.service", "f", 0o644, "root", "root"),
            ("/etc/logrotate.d/rodgate", "f", 0o644, "root", "root"),
            ("/usr/lib/sysusers.d/rodgate.conf", "f", 0o644, "root", "root"),
            ("/usr/lib/tmpfiles.d/rodgate.conf", "f", 0o644, "root", "root"),
            ("/usr/share/man/man8/rodgate.8.gz", "f", 0o644, "root", "root"),
            ("/usr/share/doc/rodgate/copyright", "f", 0o644, "root", "root"),
        ]
        for p, kind, mode, owner, group in want:
            st = os.lstat(self.path(p))
            self.assertEqual("d" if os.path.isdir(self.path(p)) else "f", kind, p)
            self.assertEqual(st.st_mode & 0o7777, mode, "%s mode %o" % (p, st.st_mode & 0o7777))
            self.assertEqual(st.st_uid, users[owner], p + " owner")
            self.assertEqual(st.st_gid, groups[group], p + " group")
        self.assertFalse(os.path.exists(self.path("/usr/share/rodgate/sql/fixtures.sql")),
                         "the development fixtures are not shipped")
        r = run(self.path("/usr/sbin/rodgate"), "--config", self.path("/etc/rodgate/rodgate.conf"), "--help",
                check=False)
        self.assertIn("usage: rodgate", r.stderr, "the installed binary runs")

    def test_conffiles(self):
        r = run("dpkg-query", "--admindir=" + self.path("/var/lib/dpkg"), "-W", "-f=${Conffiles}", "rodgate")
        conffiles = sorted(line.split()[0] for line in r.stdout.strip().splitlines())
        data = ["/etc/rodgate/" + f for f in os.listdir(os.path.join(TOP, "conf"))
                if f != "rodgate.conf" and os.path.isfile(os.path.join(TOP, "conf", f))]
        self.assertIn("/etc/rodgate/postcode-gemeente.csv", data)
        self.assertEqual(conffiles, sorted(["/etc/logrotate.d/rodgate", "/etc/rodgate/rodgate.conf"] + data),
                         "the configuration, logrotate and the data files of conf/")

    def test_system_user(self):
        with open(self.path("/etc/passwd")) as f:
            entry = [line.strip().split(":") for line in f if line.startswith("rodgate:")]
        self.assertEqual(len(entry), 1, "one user rodgate")
        name, _, uid, gid, _, home, shell = entry[0]
        self.assertLess(int(uid), 1000, "a system user")
        self.assertEqual(int(gid), ids("group")["rodgate"])
        self.assertEqual((home, shell), ("/var/lib/rodgate", "/usr/sbin/nologin"))

    def test_unit_enabled_verified_and_safe(self):
        link = self.path("/etc/systemd/system/multi-user.target.wants/rodgate.service")
        self.assertEqual(os.readlink(link), "/lib/systemd/system/rodgate.service", "enabled at install")
        # --man=no: man(1) would look for rodgate(8) on this host, not in the root
        r = run("systemd-analyze", "verify", "--man=no", "--root=" + ROOT, "rodgate.service", check=False)
        self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""), "systemd-analyze verify is silent")
        r = run("systemd-analyze", "security", "--offline=yes", "--root=" + ROOT, "rodgate.service", check=False)
        m = re.search(r"Overall exposure level for rodgate\.service: ([0-9.]+) (\w+)", r.stdout)
        self.assertTrue(m, r.stdout[-500:] + r.stderr)
        exposure = float(m.group(1))
        print("  systemd-analyze security: %s %s" % (m.group(1), m.group(2)))
        self.assertLess(exposure, MAX_EXPOSURE, r.stdout)
        self.assertIn(m.group(2), ("OK", "SAFE"))
        unit = settings_multi(self.path("/lib/systemd/system/rodgate.service"))
        for key, value in (("User", "rodgate"), ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                           ("PrivateTmp", "yes"), ("ProtectHome", "yes"), ("CapabilityBoundingSet", ""),
                           ("StateDirectory", "rodgate"), ("LogsDirectory", "rodgate"),
                           ("ExecReload", "/bin/kill -HUP $MAINPID")):
            self.assertIn(value, unit.get(key, []), "%s=%s in the unit" % (key, value))

    def installed_gateway_args(self, log, port):
        """The installed configuration, pointed at this checkout's PKI and
        private MariaDB and at the scratch root's files."""
        conf = self.path("/etc/rodgate/rodgate.conf")
        dev = settings(os.path.join(TOP, "conf", "rodgate.conf"))
        sets = []
        for key, value in settings(conf).items():
            if value.startswith("/etc/rodgate/tls/"):
                sets.append("%s=%s" % (key, os.path.join(PKI, os.path.basename(value))))
            elif value.startswith(("/etc/rodgate/", "/usr/share/rodgate/")):
                sets.append("%s=%s" % (key, self.path(value)))
            elif key.endswith("listen") and re.match(r"^[0-9.]+:\d+$", value):
                sets.append("%s=127.0.0.1:%d" % (key, port if key == "listen" else gwlib.free_port()))
        for key, value in dev.items():  # the private MariaDB's accounts and their password files
            if key.startswith(("db_", "job_db_")) and key not in ("db_socket", "db_name"):
                if "/" in value and not value.startswith("/"):
                    value = os.path.join(TOP, value)
                sets.append("%s=%s" % (key, value))
        sets += ["db_socket=" + os.path.join(TOP, "var", "run", "mariadb.sock"),
                 "db_name=" + os.environ.get("RODGATE_DBNAME", "rodgate_test"), "log_file=" + log]
        args = [self.path("/usr/sbin/rodgate"), "--config", conf]
        for kv in sets:
            args += ["--set", kv]
        return args

    def test_installed_config_is_complete_and_valid(self):
        conf = settings(self.path("/etc/rodgate/rodgate.conf"))
        for key, value in conf.items():
            self.assertFalse(re.match(r"^(conf|var|xsd|wsdl|sql)(/|$)", value),
                             "%s = %s: a path of the checkout" % (key, value))
        self.assertEqual(conf["log_file"], "/var/log/rodgate/rodgate.log")
        self.assertEqual(conf["tls_key"], "/etc/rodgate/tls/server.key")
        self.assertEqual((conf["db_user"], conf["db_password"], conf["job_db_password"]), ("rodgate", "", ""),
                         "no password in the installed file")
        self.assertEqual(conf["db_password_file"], "/etc/rodgate/secrets/rodgate.password")
        self.assertEqual(conf["job_db_password_file"], "/etc/rodgate/secrets/rodgate_job.password")
        os.makedirs(WORK, exist_ok=True)
        r = run(*self.installed_gateway_args(os.path.join(WORK, "check.log"), gwlib.free_port()),
                "--check-config", check=False)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("is valid", r.stdout)

    def test_logrotate_rotates_a_running_gateway(self):
        shipped = open(self.path("/etc/logrotate.d/rodgate")).read()
        hup = "systemctl kill --kill-whom=main --signal=HUP rodgate.service"
        self.assertIn(hup, shipped)
        self.assertIn("su rodgate rodgate", shipped)
        logdir = os.path.join(WORK, "log")
        shutil.rmtree(logdir, ignore_errors=True)
        os.makedirs(logdir)
        log = os.path.join(logdir, "rodgate.log")
        port = gwlib.free_port()
        stderr = open(os.path.join(WORK, "gateway.stderr"), "w")
        gw = subprocess.Popen(self.installed_gateway_args(log, port), stderr=stderr)
        try:
            url = "https://127.0.0.1:%d/rod/v1" % port
            deadline = time.time() + 15
            while True:
                try:
                    s = gwlib.connect(url=url)
                    break
                except OSError:
                    self.assertIsNone(gw.poll(), "the installed gateway exited")
                    self.assertLess(time.time(), deadline, "the installed gateway did not listen")
                    time.sleep(0.1)

            def ask(conn):
                conn.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
                return gwlib.read_response(conn)[0]

            self.assertEqual(ask(s), 200)
            # The shipped file with this test's directory, as root (no user
            # rodgate on this host), and SIGHUP to this gateway instead of
            # through systemd (no systemd here): the rest is as shipped.
            conf = (shipped.replace("/var/log/rodgate/", logdir + "/").replace("su rodgate rodgate", "su root root")
                    .replace("create 0600 rodgate rodgate", "create 0600 root root").replace(hup, "kill -HUP %d" % gw.pid))
            with open(os.path.join(WORK, "logrotate.conf"), "w") as f:
                f.write(conf)
            r = run("logrotate", "-f", "-s", os.path.join(WORK, "logrotate.state"), os.path.join(WORK, "logrotate.conf"),
                    check=False)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            deadline = time.time() + 10
            while not (os.path.exists(log) and "reload: log done" in open(log).read()):
                self.assertLess(time.time(), deadline, "no reopen after logrotate's SIGHUP")
                time.sleep(0.05)
            self.assertEqual(ask(s), 200, "the connection open across the rotation")
            time.sleep(0.2)
            fresh, old = open(log).read(), open(log + ".1").read()
            self.assertEqual(fresh.count("op=OpvragenOverzicht"), 1, fresh)
            self.assertEqual(old.count("op=OpvragenOverzicht"), 1, old)
            self.assertEqual(os.stat(log).st_mode & 0o777, 0o600, "created by logrotate 0600")
            s.close()
        finally:
            gw.send_signal(signal.SIGTERM)
            rc = gw.wait(timeout=20)
            stderr.close()
        self.assertEqual(rc, 0, "clean stop")

    def test_make_install_honours_prefix_and_destdir(self):
        stage = os.path.join(WORK, "stage")
        shutil.rmtree(stage, ignore_errors=True)
        r = run("make", "--no-print-directory", "-C", TOP, "install", "DESTDIR=" + stage, "PREFIX=/opt/rodgate",
                "SYSCONFDIR=/opt/rodgate/etc", "UNITDIR=/opt/rodgate/lib/systemd/system", check=False)
        self.assertEqual(r.returncode, 0, r.stdout[-1500:] + r.stderr[-1500:])
        at = lambda p: os.path.join(stage, p.lstrip("/"))  # noqa: E731
        self.assertTrue(os.access(at("/opt/rodgate/sbin/rodgate"), os.X_OK))
        unit = settings_multi(at("/opt/rodgate/lib/systemd/system/rodgate.service"))
        self.assertEqual(unit["ExecStart"], ["/opt/rodgate/sbin/rodgate --config /opt/rodgate/etc/rodgate/rodgate.conf"])
        self.assertIn("/opt/rodgate/etc/rodgate/tls/server.key", unit["ConditionPathExists"])
        conf = settings(at("/opt/rodgate/etc/rodgate/rodgate.conf"))
        self.assertEqual(conf["xsd_dir"], "/opt/rodgate/share/rodgate/xsd")
        self.assertEqual(conf["tls_cert"], "/opt/rodgate/etc/rodgate/tls/server-chain.pem")
        self.assertEqual(conf["postcode_table"], "/opt/rodgate/etc/rodgate/postcode-gemeente.csv")
        self.assertTrue(os.path.exists(at(conf["postcode_table"])))
        with open(at("/opt/rodgate/lib/tmpfiles.d/rodgate.conf")) as f:
            self.assertIn("d /opt/rodgate/etc/rodgate/tls 0750 root rodgate", f.read())
        self.assertFalse(os.path.exists(os.path.join(stage, "etc")), "nothing outside the prefix but /var")

    def test_zz_remove_and_purge(self):
        dpkg("-r", "rodgate")
        self.assertFalse(os.path.exists(self.path("/usr/sbin/rodgate")), "removed")
        self.assertTrue(os.path.exists(self.path("/etc/rodgate/rodgate.conf")), "conffiles stay until purge")
        dpkg("-P", "rodgate")
        left = [p for p in ("/etc/rodgate/rodgate.conf", "/etc/logrotate.d/rodgate", "/lib/systemd/system/rodgate.service",
                            "/etc/systemd/system/multi-user.target.wants/rodgate.service", "/usr/share/rodgate")
                if os.path.lexists(self.path(p))]
        self.assertEqual(left, [], "purge leaves nothing")


def settings_multi(path):
    """key -> every value of a systemd unit file."""
    out = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^([A-Za-z]+)=(.*)$", line.rstrip("\n"))
            if m:
                out.setdefault(m.group(1), []).append(m.group(2))
    return out


def main():
    suite = unittest.TestLoader().loadTestsFromTestCase(Package)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors)
    if result.errors and not result.testsRun:
        failed = max(failed, 1)
    passed = result.testsRun - failed - len(result.skipped)
    print("%d passed, %d failed" % (max(passed, 0), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

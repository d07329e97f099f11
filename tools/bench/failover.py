#!/usr/bin/python3
"""The failover figure of `make bench` (issue 14 item 6): MeldenVerzuim for a
new pupil every 20 ms through the cluster's front door; the writer node
(node 1) is killed with SIGKILL and the time from the kill to the first
acknowledged write after it is the failover time. Prints one JSON line.

usage: failover.py --url URL --node-pid PID"""
import argparse
import json
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--node-pid", type=int, required=True)
    a = ap.parse_args()
    os.environ["RODGATE_URL"] = a.url
    import rodclient
    from rodclient import RodClient, aanleveren_body, body_elem, fault_code, findall, inschrijving, text

    c = RodClient("school-a", timeout=60)

    def write():
        try:
            status, root, _ = c.call("AanleverenInschrijving", aanleveren_body([inschrijving()]))
        except OSError:
            c.close()
            return False
        if status != 200 or fault_code(root) is not None:
            return False
        r = findall(body_elem(root), "resultaat")
        return bool(r) and text(r[0], "status") == "GELUKT"

    for _ in range(20):  # warm: the connections and their statements
        write()
    os.kill(a.node_pid, signal.SIGKILL)
    killed = time.time()
    failures = 0
    while not write():
        failures += 1
        if time.time() - killed > 120:
            break
        time.sleep(0.02)
    took = time.time() - killed
    c.close()
    del rodclient
    print(json.dumps({"label": "cluster-failover", "seconds": round(took, 3), "failed_writes": failures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

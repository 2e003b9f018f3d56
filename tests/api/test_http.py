"""The HTTP layer, black-box: health, metrics, errors, ceilings, hostile bytes, load, shutdown."""
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from conftest import BIN

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+]+|\+Inf|NaN)$')


def host_port(url):
    u = urlsplit(url)
    return u.hostname, u.port


def raw(url, data, timeout=5.0, shut=False):
    """Sends bytes on a fresh connection and returns what comes back before it closes or goes quiet."""
    s = socket.create_connection(host_port(url), timeout=timeout)
    got = b""
    try:
        s.sendall(data)
        if shut:
            s.shutdown(socket.SHUT_WR)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except OSError:  # a timeout, a reset, or a connection the server already cut
        pass
    finally:
        s.close()
    return got


def raw_get(url, target):
    """GETs a request target sent exactly as given (requests would re-quote it): (status, JSON body)."""
    got = raw(url, b"GET " + target + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    head, _, body = got.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


def assert_raw_error(url, target, status, code, field=None):
    got_status, body = raw_get(url, target)
    assert (got_status, body["error"]["code"], body["error"]["field"]) == (status, code, field), body


def assert_error(r, status, code, field=None):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert body["error"]["field"] == field
    for k, v in SECURITY_HEADERS.items():
        assert r.headers[k] == v


def metric(base_url, name, **labels):
    """The value of one sample of /metrics, 0 when it is not there yet."""
    text = requests.get(base_url + "/metrics", timeout=10).text
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(name + "{" + want + "}") or (not labels and line.startswith(name + " ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_healthz(base_url):
    r = requests.get(base_url + "/healthz", timeout=10)
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")
    for k, v in SECURITY_HEADERS.items():
        assert r.headers[k] == v


def test_head_has_headers_and_no_body(base_url):
    r = requests.head(base_url + "/healthz", timeout=10)
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["Content-Length"] == "15"


def test_metrics_format(base_url):
    requests.get(base_url + "/healthz", timeout=10)
    r = requests.get(base_url + "/metrics", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    types = {}
    for line in r.text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
        elif line.startswith("# HELP "):
            continue
        else:
            assert SAMPLE.match(line), line
    assert types["levera_http_requests_total"] == "counter"
    assert types["levera_http_request_duration_seconds"] == "histogram"
    assert types["process_start_time_seconds"] == "gauge"
    assert 'levera_http_requests_total{route="/healthz",status="200"}' in r.text
    start = metric(base_url, "process_start_time_seconds")
    assert time.time() - 7 * 86400 < start <= time.time()
    # A histogram's buckets are cumulative and end in +Inf equal to _count.
    buckets = [float(m.group(2)) for m in re.finditer(
        r'levera_http_request_duration_seconds_bucket\{route="/healthz",le="([^"]+)"\} (\S+)', r.text)]
    assert buckets == sorted(buckets) and len(buckets) >= 10
    assert buckets[-1] == metric(base_url, "levera_http_request_duration_seconds_count", route="/healthz") or \
        buckets[-1] <= metric(base_url, "levera_http_request_duration_seconds_count", route="/healthz")


def test_counters_move(base_url):
    before = metric(base_url, "levera_http_requests_total", route="/healthz", status="200")
    count_before = metric(base_url, "levera_http_request_duration_seconds_count", route="/healthz")
    for _ in range(5):
        requests.get(base_url + "/healthz", timeout=10)
    after = metric(base_url, "levera_http_requests_total", route="/healthz", status="200")
    assert after >= before + 5
    assert metric(base_url, "levera_http_request_duration_seconds_count", route="/healthz") >= count_before + 5
    nf = metric(base_url, "levera_http_requests_total", route="unmatched", status="404")
    requests.get(base_url + "/no/such/thing", timeout=10)
    requests.get(base_url + "/another/%ff/path", timeout=10)
    assert metric(base_url, "levera_http_requests_total", route="unmatched", status="404") >= nf + 2


def test_unknown_path_is_404_json(base_url):
    for path in ["/nope", "/healthz/", "//healthz", "/api/v1/nothing/1", "/%ff%fe", "/" + "a/" * 40]:
        assert_error(requests.get(base_url + path, timeout=10), 404, "not_found")


def test_long_path_is_refused(base_url):
    assert_error(requests.get(base_url + "/" + "x" * 5000, timeout=10), 413, "too_large")


def test_405_lists_allowed_methods(base_url):
    for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]:
        r = requests.request(method, base_url + "/healthz", timeout=10)
        assert_error(r, 405, "method_not_allowed")
        assert r.headers["Allow"] == "GET, HEAD"


def test_query_parameters_are_checked(base_url):
    assert requests.get(base_url + "/healthz?verbose=1&x=%C3%A9", timeout=10).status_code == 200
    assert_error(requests.get(base_url + "/healthz?a=1&a=2", timeout=10), 400, "invalid", "a")
    assert_raw_error(base_url, b"/healthz?a=%zz", 400, "invalid", "a")
    assert_raw_error(base_url, b"/healthz?a=%4", 400, "invalid", "a")
    assert_raw_error(base_url, b"/healthz?a=%00", 400, "invalid", "a")
    assert_raw_error(base_url, b"/healthz?a=%ff", 400, "invalid", "a")
    assert_raw_error(base_url, b"/healthz?%zz=1", 400, "invalid", "query")
    assert_raw_error(base_url, b"/healthz?a%20b=1", 400, "invalid", "query")
    assert_raw_error(base_url, b"/healthz?=1", 400, "invalid", "query")
    assert_error(requests.get(base_url + "/healthz?a=" + "x" * 5000, timeout=10), 413, "too_large", "query")
    many = "&".join(f"p{i}=1" for i in range(40))
    assert_error(requests.get(base_url + "/healthz?" + many, timeout=10), 413, "too_large", "query")


def test_body_over_a_mebibyte_is_413(base_url):
    r = requests.get(base_url + "/healthz", data=b"x" * (2 * 1024 * 1024), timeout=30)
    assert_error(r, 413, "too_large")
    # Chunked, with no length announced: the ceiling is found while reading.
    def chunks():
        for _ in range(40):
            yield b"y" * 65536
    r = requests.get(base_url + "/healthz", data=chunks(), timeout=30)
    assert_error(r, 413, "too_large")
    # Exactly the ceiling is fine (the handler ignores the body).
    assert requests.get(base_url + "/healthz", data=b"z" * (1024 * 1024), timeout=30).status_code == 200
    assert requests.get(base_url + "/healthz", timeout=10).json() == {"status": "ok"}


def test_expect_continue_with_a_large_body_is_refused_before_it_is_sent(base_url):
    got = raw(base_url, b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 2097152\r\n"
                        b"Expect: 100-continue\r\n\r\n")
    assert got.startswith(b"HTTP/1.1 413 "), got[:200]
    assert b'"code":"too_large"' in got


def test_a_body_too_large_even_to_drop_is_refused_at_once(base_url):
    got = raw(base_url, b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 104857600\r\n\r\n")
    assert got.startswith(b"HTTP/1.1 413 "), got[:200]


def test_an_endless_chunked_body_is_cut(base_url):
    s = socket.create_connection(host_port(base_url), timeout=10)
    chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
    sent = 0
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        while sent < 64 * 1024 * 1024:
            s.sendall(chunk)
            sent += 65536
    except OSError:
        pass
    finally:
        s.close()
    assert sent < 64 * 1024 * 1024, "the server read on past its drain ceiling"
    assert requests.get(base_url + "/healthz", timeout=10).status_code == 200


HOSTILE = [
    b"\r\n\r\n",
    b"garbage\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET /healthz\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\n",
    b"GET /healthz HTTP/1.1\r\nHost t\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\n\r\n",
    b"GET /healthz HTTP/9.9\r\nHost: t\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n",
    b"GET http://example.com/healthz HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET * HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET healthz HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /he\x00lthz HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /\xff\xfe\x80 HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /healthz?a=\xff HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /healthz?%%%%%% HTTP/1.1\r\nHost: t\r\n\r\n",
    b"G\x00T /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
    b"BREW /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /healthz HTTP/1.1\nHost: t\n\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\n X-Folded: yes\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\nX: " + b"a" * 70000 + b"\r\n\r\n",
    b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n" * 50,
    b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGARBAGE AFTER\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64),
    os.urandom(4096),
]


@pytest.mark.parametrize("data", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_hostile_bytes_never_crash_it(base_url, data):
    got = raw(base_url, data, timeout=1.0)
    if got:
        assert got.startswith(b"HTTP/1."), got[:100]
        status = int(got.split(b" ", 2)[1])
        assert status < 500 or status == 505, got[:300]  # 505: "HTTP/9.9" is answered as it should be
    r = requests.get(base_url + "/healthz", timeout=10)
    assert r.status_code == 200


def test_error_bodies_are_json_even_for_odd_bytes(base_url):
    got = raw(base_url, b"GET /\xff\xfe HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    head, _, body = got.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404 ")
    assert json.loads(body)["error"]["code"] == "not_found"


def test_keep_alive_serves_many_requests_on_one_connection(base_url):
    s = socket.create_connection(host_port(base_url), timeout=10)
    f = s.makefile("rb")
    try:
        for _ in range(20):
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            status = f.readline()
            assert status.startswith(b"HTTP/1.1 200"), status
            length = None
            while True:
                line = f.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                assert name.lower() != b"connection" or value.strip().lower() != b"close"
                if name.lower() == b"content-length":
                    length = int(value)
            assert f.read(length) == b'{"status":"ok"}'
    finally:
        f.close()
        s.close()


def test_concurrent_keep_alive_clients(base_url):
    threads, per_thread = 8, 500
    failures = []

    def work():
        with requests.Session() as s:
            for _ in range(per_thread):
                try:
                    r = s.get(base_url + "/healthz", timeout=30)
                    if r.status_code != 200 or r.content != b'{"status":"ok"}':
                        failures.append(r.status_code)
                except requests.RequestException as exc:
                    failures.append(repr(exc))

    before = metric(base_url, "levera_http_requests_total", route="/healthz", status="200")
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert failures == []
    after = metric(base_url, "levera_http_requests_total", route="/healthz", status="200")
    assert after >= before + threads * per_thread


def test_access_log_line(server, base_url):
    if server is None:
        pytest.skip("the log of an outside server is not ours to read")
    requests.get(base_url + "/healthz?token=s3cr3t-value", timeout=10)
    requests.get(base_url + "/missing/thing", timeout=10)
    time.sleep(0.2)
    log = server.log()
    assert "s3cr3t-value" not in log
    assert re.search(r"info http GET /healthz 200 15 \d+us 127\.0\.0\.1", log), log[-2000:]
    assert re.search(r"info http GET /missing/thing 404 \d+ \d+us 127\.0\.0\.1", log)


def test_access_log_is_complete_when_the_server_stops(own_server):
    # The access log is written in batches: stopping writes the last one before the process exits.
    with requests.Session() as s:
        for i in range(50):
            assert s.get(own_server.url + f"/missing/last-{i}", timeout=10).status_code == 404
    assert own_server.stop() == 0
    log = own_server.log()
    for i in range(50):
        assert re.search(rf"info http GET /missing/last-{i} 404 \d+ \d+us 127\.0\.0\.1", log), log[-2000:]
    assert log.index("/missing/last-49 ") < log.index("serve: stopped")


def port_refuses(url):
    try:
        socket.create_connection(host_port(url), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_sigterm_exits_zero_promptly_and_closes_the_port(own_server):
    with requests.Session() as s:  # an idle keep-alive connection must not hold the stop up
        assert s.get(own_server.url + "/healthz", timeout=10).status_code == 200
        t0 = time.monotonic()
        assert own_server.stop() == 0
        assert time.monotonic() - t0 < 5
    assert port_refuses(own_server.url)
    assert "serve: stopped" in own_server.log()


def test_sigint_exits_zero(own_server):
    own_server.proc.send_signal(signal.SIGINT)
    assert own_server.proc.wait(10) == 0


def test_a_request_in_flight_finishes_after_sigterm(own_server):
    s = socket.create_connection(host_port(own_server.url), timeout=10)
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nabc")
        time.sleep(0.3)
        own_server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert own_server.proc.poll() is None, "it stopped with a request in flight"
        assert port_refuses(own_server.url), "it still accepts connections while stopping"
        s.sendall(b"def")
        got = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    finally:
        s.close()
    assert got.startswith(b"HTTP/1.1 200 "), got[:200]
    assert b"Connection: close" in got
    assert got.endswith(b'{"status":"ok"}')
    assert own_server.stop() == 0


def run_cli(args, timeout=20):
    return subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


def test_serve_help_and_bad_options():
    p = run_cli(["serve", "--help"])
    assert p.returncode == 0
    assert b"--listen HOST:PORT" in p.stdout and b"--db PATH" in p.stdout
    for bad in ["nope", "127.0.0.1", "127.0.0.1:99999", "::1:80", "[::1]80", "127.0.0.1:8x", ":80"]:
        p = run_cli(["serve", "--listen", bad])
        assert p.returncode == 2, (bad, p.stderr)
        assert b"levera: " in p.stderr
    assert run_cli(["serve", "extra"]).returncode == 2


def test_port_in_use_is_an_error(server, base_url):
    if server is None:
        pytest.skip("needs to know the port of its own server")
    host, port = host_port(base_url)
    p = run_cli(["serve", "--listen", f"{host}:{port}"])
    assert p.returncode == 1
    assert b"cannot listen" in p.stderr


def test_ipv6_loopback(tmp_path):
    try:
        with socket.socket(socket.AF_INET6) as s6:
            s6.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    proc = subprocess.Popen([BIN, "serve", "--listen", "[::1]:0", "--db", str(tmp_path / "v6.db")],
                            stderr=subprocess.PIPE)
    try:
        m = None
        for _ in range(5):  # a new database first prints its admin's password
            line = proc.stderr.readline().decode()
            m = m or re.search(r"listening on (http://\[::1\]:\d+)", line)
            if m:
                break
        assert m, line
        assert requests.get(m.group(1) + "/healthz", timeout=10).json() == {"status": "ok"}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        proc.stderr.close()

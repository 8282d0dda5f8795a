"""docs/nginx.conf's key for its limits: an IPv4 client by its address, an IPv6 client by its
/64, whatever address it takes in it. Debian's nginx runs the file's map, told the client's
address by a header (its realip module) and answering with the key."""

import ipaddress
import re
from pathlib import Path

import pytest

from .servers import NGINX, NGINX_CONF, fetch, free_port, run_nginx

ADDRESSES_OF_ONE_LINE = [
    "2001:db8:1:2::1",
    "2001:db8:1:2:ffff:ffff:ffff:ffff",
    "2001:db8:1:2:0:5::9",
]


@pytest.fixture(scope="module")
def key_of(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.skip("needs Debian's nginx (apt-get install nginx-light)")
    folder = tmp_path_factory.mktemp("nginx-map")
    port = free_port()
    client_map = re.search(
        r"^map \$remote_addr \$client_network \{.*?^\}", NGINX_CONF.read_text(), re.M | re.S
    )
    (folder / "nginx.conf").write_text(
        f"worker_processes 1;\npid {folder}/nginx.pid;\nerror_log stderr warn;\n"
        "events { worker_connections 16; }\n"
        "http {\n  access_log off;\n"
        + "".join(
            f"  {name}_temp_path {folder};\n"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  {client_map.group(0)}\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    set_real_ip_from 127.0.0.1;\n"
        "    real_ip_header X-Client;\n    location / { return 200 $client_network; }\n  }\n}\n"
    )
    process = run_nginx(folder / "nginx.conf", folder, port)
    yield lambda address: fetch(f"http://127.0.0.1:{port}/", headers={"X-Client": address})[2]
    process.terminate()
    process.wait(timeout=10)


def test_an_ipv4_client_is_its_address(key_of):
    assert key_of("203.0.113.7") == "203.0.113.7"
    assert key_of("203.0.113.8") == "203.0.113.8"


def test_addresses_of_one_ipv6_line_share_a_key(key_of):
    assert len({key_of(address) for address in ADDRESSES_OF_ONE_LINE}) == 1


def test_a_64_written_with_its_zeros_compressed_has_few_keys(key_of):
    # 2001:db8:0:0::/64: "2001:db8::5" and "2001:db8:0:0:1::" are in it.
    network = ipaddress.ip_network("2001:db8::/64")
    keys = {key_of(str(network[n])) for n in (1, 5, 2**48, 2**63 + 1, 2**64 - 1)}

    assert 1 <= len(keys) <= 2


def test_other_lines_have_other_keys(key_of):
    keys = {key_of(address) for address in ("2001:db8:1:2::1", "2001:db8:1:3::1", "2001:db8::1")}

    assert len(keys) == 3


def test_ipv4_mapped_addresses_are_not_one_client(key_of):
    assert key_of("::ffff:203.0.113.7") != key_of("::ffff:203.0.113.8")

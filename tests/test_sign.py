"""scripts/sign: Authenticode signing with osslsigncode, checked with a throwaway certificate."""

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "sign"
PASSWORD = "mật khẩu thử"
SECURITY_DIRECTORY = 4  # IMAGE_DIRECTORY_ENTRY_SECURITY: where Authenticode puts the signature

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("bash") is None,
    reason="scripts/sign is a bash script for the Linux build machine",
)
needs_tools = pytest.mark.skipif(
    shutil.which("osslsigncode") is None or shutil.which("openssl") is None,
    reason="osslsigncode or openssl is not installed (apt-get install osslsigncode openssl)",
)


def minimal_pe() -> bytes:
    """The smallest valid x64 Windows program: headers and one section holding `ret`."""
    file_align, section_align = 0x200, 0x1000
    dos_header = b"MZ" + bytes(58) + struct.pack("<I", 0x40)
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 240, 0x0022)
    optional = struct.pack("<HBBIIIII", 0x20B, 14, 0, file_align, 0, 0, section_align, 0)
    optional += struct.pack("<QII", 0x140000000, section_align, file_align)
    optional += struct.pack("<HHHHHHI", 6, 0, 0, 0, 6, 0, 0)
    optional += struct.pack("<IIIHH", 2 * section_align, file_align, 0, 3, 0x8160)
    optional += struct.pack("<QQQQII", 0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    optional += bytes(16 * 8)  # the data directories, all empty
    text = struct.pack(
        "<8sIIIIIIHHI", b".text", 1, section_align, file_align, file_align, 0, 0, 0, 0, 0x60000020
    )
    headers = dos_header + b"PE\0\0" + coff + optional + text
    return headers.ljust(file_align, b"\0") + b"\xc3".ljust(file_align, b"\0")


def security_directory_size(program: bytes) -> int:
    pe_offset = struct.unpack_from("<I", program, 0x3C)[0]
    directories = pe_offset + 4 + 20 + 112  # signature, COFF header, PE32+ fields before them
    return int(struct.unpack_from("<II", program, directories + 8 * SECURITY_DIRECTORY)[1])


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA that issued the signing certificate
    pfx: Path  # signing certificate, key and the CA, as an office receives them
    leaf_only_pfx: Path  # the same without the CA: nothing to verify the signature against
    stranger_ca: Path  # a CA that issued nothing here


def _openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)


def _self_signed_ca(folder: Path, name: str) -> tuple[Path, Path]:
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
        "-keyout", key, "-out", cert,
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return key, cert


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    folder = tmp_path_factory.mktemp("certificates")
    ca_key, ca = _self_signed_ca(folder, "Test CA")
    _, stranger_ca = _self_signed_ca(folder, "Stranger CA")
    extensions = folder / "code-signing.cnf"
    extensions.write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=codeSigning\n",
        encoding="utf-8",
    )
    key, request, leaf = folder / "leaf.key", folder / "leaf.csr", folder / "leaf.pem"
    _openssl(
        "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=UBND xa Thu",
        "-keyout", key, "-out", request,
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
        "-days", "2", "-extfile", extensions, "-out", leaf,
    )  # fmt: skip
    pfx, leaf_only = folder / "office.pfx", folder / "leaf-only.pfx"
    _openssl(
        "pkcs12", "-export", "-inkey", key, "-in", leaf, "-certfile", ca, "-out", pfx,
        "-passout", f"pass:{PASSWORD}",
    )  # fmt: skip
    _openssl(
        "pkcs12", "-export", "-inkey", key, "-in", leaf, "-out", leaf_only,
        "-passout", f"pass:{PASSWORD}",
    )  # fmt: skip
    return Certificates(ca=ca, pfx=pfx, leaf_only_pfx=leaf_only, stranger_ca=stranger_ca)


def _sign(files: list[Path], **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SO_KE_HOACH_SIGN_")}
    env.update({f"SO_KE_HOACH_SIGN_{name.upper()}": value for name, value in settings.items()})
    return subprocess.run(
        ["bash", str(SCRIPT), *map(str, files)],
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _verify(program: Path, ca: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["osslsigncode", "verify", "-CAfile", str(ca), "-in", str(program)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
    )


def _programs(folder: Path, *names: str) -> list[Path]:
    paths = [folder / name for name in names]
    for path in paths:
        path.write_bytes(minimal_pe())
    return paths


def _signing(certificates: Mapping[str, Path]) -> dict[str, str]:
    return {name: str(path) for name, path in certificates.items()} | {"password": PASSWORD}


def test_without_a_certificate_nothing_is_signed_and_it_says_so(tmp_path: Path) -> None:
    program = _programs(tmp_path, "SoTheoDoiKeHoach.exe")[0]
    done = _sign([program])
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "sign: SO_KE_HOACH_SIGN_PFX is not set: 1 file(s) left unsigned"
    ]
    assert program.read_bytes() == minimal_pe()


@needs_tools
def test_the_program_and_the_installer_are_signed_in_place_and_verify(
    tmp_path: Path, certificates: Certificates
) -> None:
    assert security_directory_size(minimal_pe()) == 0
    programs = _programs(tmp_path, "SoTheoDoiKeHoach.exe", "SoTheoDoiKeHoach-1.0.0-setup.exe")
    done = _sign(programs, **_signing({"pfx": certificates.pfx}))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"sign: signed {path} (SHA-256, no timestamp; verified, chains only to the .pfx's own"
        " certificate: Windows will not know the publisher)"
        for path in programs
    ]
    assert sorted(tmp_path.iterdir()) == sorted(programs)  # no temporary file left behind
    for program in programs:
        assert security_directory_size(program.read_bytes()) > 0
        verified = _verify(program, certificates.ca)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "Message digest algorithm  : SHA256" in verified.stdout
        assert "Subject: /CN=UBND xa Thu" in verified.stdout
        assert "Text description: Sổ theo dõi Kế hoạch" in verified.stdout
        # The check above means something: a CA that issued nothing here does not verify it.
        assert _verify(program, certificates.stranger_ca).returncode != 0


@needs_tools
def test_signing_again_replaces_the_signature(tmp_path: Path, certificates: Certificates) -> None:
    program = _programs(tmp_path, "SoTheoDoiKeHoach.exe")[0]
    signing = _signing({"pfx": certificates.pfx})
    assert _sign([program], **signing).returncode == 0
    assert _sign([program], **signing).returncode == 0
    verified = _verify(program, certificates.ca)
    assert verified.returncode == 0, verified.stdout
    assert "Number of verified signatures: 1" in verified.stdout


@needs_tools
def test_a_certificate_from_a_ca_given_apart_verifies_through_it(
    tmp_path: Path, certificates: Certificates
) -> None:
    program = _programs(tmp_path, "SoTheoDoiKeHoach.exe")[0]
    done = _sign([program], **_signing({"pfx": certificates.leaf_only_pfx, "ca": certificates.ca}))
    assert done.returncode == 0, done.stderr
    assert "chains to a system root or SO_KE_HOACH_SIGN_CA" in done.stdout
    assert _verify(program, certificates.ca).returncode == 0


@needs_tools
@pytest.mark.parametrize(
    ("pfx", "password", "ca"),
    [
        ("pfx", "sai mật khẩu", None),
        ("leaf_only_pfx", PASSWORD, None),  # nothing to check its issuer against
        ("leaf_only_pfx", PASSWORD, "stranger_ca"),
    ],
)
def test_a_failure_leaves_the_file_as_it_was(
    tmp_path: Path, certificates: Certificates, pfx: str, password: str, ca: str | None
) -> None:
    program = _programs(tmp_path, "SoTheoDoiKeHoach.exe")[0]
    settings = {"pfx": str(getattr(certificates, pfx)), "password": password}
    if ca:
        settings["ca"] = str(getattr(certificates, ca))
    done = _sign([program], **settings)
    assert done.returncode == 2
    expected = "wrong password?" if password != PASSWORD else "does not verify"
    assert expected in done.stderr
    assert program.read_bytes() == minimal_pe()
    assert list(tmp_path.iterdir()) == [program]


@needs_tools
def test_an_unreachable_timestamp_server_fails_the_signing(
    tmp_path: Path, certificates: Certificates
) -> None:
    # No network on the build machines: the option is off unless set, and when set it is used.
    program = _programs(tmp_path, "SoTheoDoiKeHoach.exe")[0]
    signing = _signing({"pfx": certificates.pfx}) | {"timestamp_url": "http://127.0.0.1:9/"}
    done = _sign([program], **signing)
    assert done.returncode == 2
    assert "127.0.0.1" in done.stderr
    assert "signing failed" in done.stderr
    assert program.read_bytes() == minimal_pe()
    assert list(tmp_path.iterdir()) == [program]


def test_a_certificate_without_its_password_is_a_mistake_not_a_skip(tmp_path: Path) -> None:
    program = _programs(tmp_path, "SoTheoDoiKeHoach.exe")[0]
    (tmp_path / "office.pfx").write_bytes(b"")
    done = _sign([program], pfx=str(tmp_path / "office.pfx"))
    assert done.returncode == 2
    assert "SO_KE_HOACH_SIGN_PASSWORD is not" in done.stderr
    assert program.read_bytes() == minimal_pe()

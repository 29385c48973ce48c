"""The desktop entry, the MIME type and the AppStream metainfo in resources/: valid, in English and
Chinese, and consistent with each other, with the desktop ID the app and the scripts use and with
the version."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import gradsim
from gradsim import APP_ID

ROOT = Path(__file__).resolve().parents[2]
RES = ROOT / "resources"
DESKTOP = RES / f"{APP_ID}.desktop"
METAINFO = RES / f"{APP_ID}.metainfo.xml"
MIME = RES / "gradsim-mime.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def test_the_desktop_id_is_reverse_dns_and_used_everywhere():
    assert re.fullmatch(r"[a-z0-9]+(\.[a-z0-9_]+){2,}", APP_ID)
    for script in ("install.sh", "stage.sh"):
        assert f"id={APP_ID}" in (ROOT / "packaging" / script).read_text(), script
    assert "setDesktopFileName(APP_ID)" in (ROOT / "gradsim" / "ui" / "app.py").read_text()
    e = entry()
    assert e["Icon"] == APP_ID
    mime = ET.parse(MIME).getroot().find(f"{MIME_NS}mime-type")
    assert mime.find(f"{MIME_NS}icon").get("name") == APP_ID
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.find("launchable[@type='desktop-id']").text == f"{APP_ID}.desktop"


def test_desktop_entry_speaks_chinese_and_matches_the_mime_type():
    e = entry()
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert e.get(f"{key}[zh_CN]"), f"{key}[zh_CN] missing"
        assert re.search(r"[\u4e00-\u9fff]", e[f"{key}[zh_CN]"]), f"{key}[zh_CN] is not Chinese"
    mime = ET.parse(MIME).getroot().find(f"{MIME_NS}mime-type")
    assert e["MimeType"] == f"{mime.get('type')};"
    assert mime.find(f"{MIME_NS}glob").get("pattern") == "*.gradsim"
    assert any(c.get(XML_LANG) == "zh_CN" for c in mime.findall(f"{MIME_NS}comment"))


def test_metainfo_matches_the_app():
    meta = ET.parse(METAINFO).getroot()
    assert meta.get("type") == "desktop-application"
    assert meta.find("provides/binary").text == "gradsim"
    mime = ET.parse(MIME).getroot().find(f"{MIME_NS}mime-type")
    assert [m.text for m in meta.findall("provides/mediatype")] == [mime.get("type")]
    # the newest release listed is the version being packaged
    assert meta.find("releases/release").get("version") == gradsim.__version__
    assert {c.text for c in meta.findall("categories/category")} == set(entry()["Categories"].strip(";").split(";"))
    for tag in ("name", "summary"):
        assert any(el.get(XML_LANG) == "zh_CN" for el in meta.findall(tag)), f"no Chinese {tag}"
        assert meta.findtext(tag) == {"name": entry()["Name"], "summary": entry()["Comment"]}[tag]


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_entry_is_valid():
    out = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_metainfo_is_valid():
    out = subprocess.run(["appstreamcli", "validate", "--no-net", "--strict", "--pedantic", str(METAINFO)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert not re.search(r"^[EWIP]:", out.stdout, re.M), out.stdout  # not even a pedantic hint

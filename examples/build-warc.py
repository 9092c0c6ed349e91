#!/usr/bin/env python3
"""Builds examples/articles/crawl.warc.gz: a one-page crawl of a (fictional) regional newspaper.

The archive holds three WARC/1.0 records, each compressed as its own gzip member, the way
crawlers write them: a warcinfo record, the HTTP request and the HTTP response carrying the
article page. The record framing is written here by hand (standard library only) so the file
is byte-for-byte reproducible: fixed dates, record ids derived from the URI, gzip mtime 0.

Usage: python3 examples/build-warc.py [OUTPUT]   (default: crawl.warc.gz next to this script)
"""

import base64
import gzip
import hashlib
import sys
import uuid
from pathlib import Path

TARGET_URI = "https://www.sarrowexaminer.example/news/2025/03/04/harmaq-counts-the-cost"
SERVER_IP = "192.0.2.44"  # TEST-NET-1: documentation address, never routed
CRAWL_DATE = "2025-03-04T09:12:33Z"
HTTP_DATE = "Tue, 04 Mar 2025 09:12:33 GMT"
USER_AGENT = "parallax-example-crawler/1.0 (+https://github.com/parallax-news/parallax)"

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>&lsquo;We heard no siren&rsquo;: Harmaq counts the cost of the night the barrier broke - Sarrow Valley Examiner</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="author" content="Petra Holm">
<meta name="description" content="In the Old Quay, families who lost everything ask why the warning never came.">
<meta property="og:site_name" content="Sarrow Valley Examiner">
<meta property="og:title" content="&lsquo;We heard no siren&rsquo;: Harmaq counts the cost of the night the barrier broke">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-03-04T06:30:00+01:00">
<meta property="article:section" content="Local News">
<link rel="canonical" href="https://www.sarrowexaminer.example/news/2025/03/04/harmaq-counts-the-cost">
<link rel="stylesheet" href="/assets/examiner.css?v=311">
</head>
<body class="template-article">
<div class="masthead">
  <a class="masthead-logo" href="/">Sarrow Valley Examiner</a>
  <span class="masthead-tagline">Serving the Sarrow valley and the southern coast since 1887</span>
  <a class="masthead-subscribe" href="/subscribe">Subscribe to the Examiner from 1 mark a week</a>
</div>
<ul class="topnav">
  <li><a href="/news">News</a></li>
  <li><a href="/news/harmaq">Harmaq</a></li>
  <li><a href="/news/estuary">Estuary villages</a></li>
  <li><a href="/sport">Sport</a></li>
  <li><a href="/whats-on">What's on</a></li>
  <li><a href="/announcements">Family notices</a></li>
  <li><a href="/jobs">Jobs</a></li>
</ul>
<div class="ad-slot ad-slot--leaderboard"><span class="ad-label">Advertisement</span></div>
<div class="story">
  <h1 class="story-headline">&lsquo;We heard no siren&rsquo;: Harmaq counts the cost of the night the barrier broke</h1>
  <div class="story-meta">
    <span class="byline">By <span class="byline-name">Petra Holm</span>, Chief Reporter</span>
    <span class="story-date">Tuesday, 4 March 2025, 6:30am</span>
  </div>
  <div class="story-body">
    <p>The clock above the door of the Anchor bakery on Quay Street stopped at 11.47 on Sunday night, when the water reached it.</p>
    <p>By Tuesday morning, the flood had drained back into the estuary, leaving a brown tide mark a metre and a half up the walls of every house in the street, and a question that almost everyone in the Old Quay seems to be asking: why did nobody warn us?</p>
    <p>The Delta Flood Authority says sirens sounded across Harmaq at 11.25pm, a quarter of an hour before a 60-metre section of the northern barrier gate gave way. On Quay Street, and in the neighbouring lanes the Examiner visited on Monday, not one resident said they had heard them.</p>
    <p>&ldquo;We heard no siren. We heard the dog, and then we heard the water,&rdquo; said Tomas Reyl, 44, who runs the bakery with his sister. &ldquo;If the dog hadn&rsquo;t woken us, I don&rsquo;t think we would be standing here.&rdquo;</p>
    <div class="ad-slot ad-slot--inline"><span class="ad-label">Advertisement</span></div>
    <p>Fourteen people are now known to have died in the flood, and nine are still missing. About 120,000 people were moved out of Harmaq and the estuary villages overnight, and the town&rsquo;s two secondary schools have become shelters for those who could not reach relatives inland.</p>
    <p>Councillor Dagny Ferro, who represents the Old Quay ward on the town council, said she had asked the authority last autumn whether the district&rsquo;s sirens had been tested since they were replaced in 2019. She said she never received a reply.</p>
    <p>The authority said on Monday that it would review the siren network as part of its inquiry into the failure. It has also confirmed that a 2023 inspection found corrosion on the hinges of the northern gate, and that replacement work had been planned for this summer.</p>
    <h2>&lsquo;We were lucky with the tide&rsquo;</h2>
    <p>At Harmaq General Hospital, staff worked through the night to move patients from the ground floor as water crept across the car park. A nurse who asked not to be named, because hospital staff have been told not to speak to the press, said that two wards had been evacuated by torchlight after the back-up generator flooded.</p>
    <p>&ldquo;We were lucky with the tide,&rdquo; she said. &ldquo;Another half-metre and we would have lost the building.&rdquo;</p>
    <p>The cross-estuary ferry, which carries around 3,000 passengers a day between Harmaq and Vessen Point, has been suspended until at least Friday. Its operator said both landing stages had been damaged and would need to be inspected before services could resume.</p>
    <p>Back on Quay Street, neighbours were carrying ruined furniture out to a skip that filled within an hour. Mr Reyl&rsquo;s sister, Annika, stood in the bakery doorway sorting flour sacks into those that could be saved and those that could not. Almost none could.</p>
    <p>&ldquo;We have been here 31 years,&rdquo; she said. &ldquo;We&rsquo;ll open again. Just don&rsquo;t ask me when.&rdquo;</p>
    <p>Behind her, the clock above the door still read 11.47.</p>
  </div>
  <p class="story-contact">Have you been affected by the flood? Contact our newsdesk on 0411 556 200 or email news@sarrowexaminer.example.</p>
  <div class="story-share">Share this story: <a href="#fb">Facebook</a> <a href="#wa">WhatsApp</a> <a href="#mail">Email</a></div>
</div>
<div class="sidebar">
  <h3 class="sidebar-title">Most read</h3>
  <ol class="most-read">
    <li><a href="/news/2025/03/03/harmaq-shelters-list">Full list of Harmaq flood shelters and how to reach them</a></li>
    <li><a href="/news/2025/03/03/school-closures-estuary">Estuary schools closed until further notice</a></li>
    <li><a href="/sport/2025/03/02/harmaq-athletic-postponed">Harmaq Athletic home game postponed</a></li>
    <li><a href="/news/2025/03/01/vessen-point-lifeboat-anniversary">Vessen Point lifeboat marks 150 years</a></li>
  </ol>
</div>
<div class="footer">
  <a href="/contact">Contact us</a> | <a href="/advertise">Advertise</a> | <a href="/privacy">Privacy</a> | <a href="/terms">Terms of use</a>
  <p>&copy; 2025 Sarrow Valley Examiner. Part of Estuary Media Group.</p>
</div>
</body>
</html>
"""


def record_id(kind: str) -> str:
    """A stable WARC-Record-ID for the record of this kind about TARGET_URI."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ' ' + TARGET_URI)}>"


def sha1_label(data: bytes) -> str:
    """A digest in the form WARC tools write: algorithm, colon, base32 of the SHA-1."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    """One uncompressed record: version line, named fields, blank line, block, two CRLFs."""
    fields = headers + [("Content-Length", str(len(block)))]
    head = "WARC/1.0\r\n" + "".join(f"{name}: {value}\r\n" for name, value in fields) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def http_message(start_line: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = start_line + "\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    return head.encode("iso-8859-1") + body


def build() -> bytes:
    payload = PAGE.encode("utf-8")
    host = TARGET_URI.split("/")[2]
    path = "/" + TARGET_URI.split("/", 3)[3]

    info_block = (
        "software: parallax examples/build-warc.py\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n"
        f"http-header-user-agent: {USER_AGENT}\r\n"
        "description: One-page example crawl for Parallax. The outlet, the people and the events are fictional.\r\n"
    ).encode("utf-8")

    request_block = http_message(
        f"GET {path} HTTP/1.1",
        [
            ("Host", host),
            ("User-Agent", USER_AGENT),
            ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
            ("Accept-Language", "en-GB,en;q=0.8"),
            ("Connection", "close"),
        ],
        b"",
    )

    response_block = http_message(
        "HTTP/1.1 200 OK",
        [
            ("Date", HTTP_DATE),
            ("Server", "nginx"),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(payload))),
            ("Last-Modified", "Tue, 04 Mar 2025 05:30:00 GMT"),
            ("Cache-Control", "public, max-age=300"),
            ("Connection", "close"),
        ],
        payload,
    )

    records = [
        warc_record(
            [
                ("WARC-Type", "warcinfo"),
                ("WARC-Date", CRAWL_DATE),
                ("WARC-Filename", "crawl.warc.gz"),
                ("WARC-Record-ID", record_id("warcinfo")),
                ("Content-Type", "application/warc-fields"),
            ],
            info_block,
        ),
        warc_record(
            [
                ("WARC-Type", "request"),
                ("WARC-Target-URI", TARGET_URI),
                ("WARC-Date", CRAWL_DATE),
                ("WARC-Concurrent-To", record_id("response")),
                ("WARC-Record-ID", record_id("request")),
                ("WARC-Warcinfo-ID", record_id("warcinfo")),
                ("WARC-Block-Digest", sha1_label(request_block)),
                ("Content-Type", "application/http; msgtype=request"),
            ],
            request_block,
        ),
        warc_record(
            [
                ("WARC-Type", "response"),
                ("WARC-Target-URI", TARGET_URI),
                ("WARC-Date", CRAWL_DATE),
                ("WARC-IP-Address", SERVER_IP),
                ("WARC-Record-ID", record_id("response")),
                ("WARC-Warcinfo-ID", record_id("warcinfo")),
                ("WARC-Block-Digest", sha1_label(response_block)),
                ("WARC-Payload-Digest", sha1_label(payload)),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            response_block,
        ),
    ]
    # One gzip member per record, so readers can seek to any record.
    return b"".join(gzip.compress(record, compresslevel=9, mtime=0) for record in records)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "articles" / "crawl.warc.gz"
    out.write_bytes(build())
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""Where Pagefind's time goes when site_builder indexes a site, measured in isolation on a built
output folder (a benchmark project kept with `benchmarks/run.py --keep`, or the sample's output/).

    python3 benchmarks/pagefind_cost.py OUTPUT_DIR [--sites 25] [--rounds 2]

For each site (up to --sites), interleaved so a busy moment slows all alike, in CPU time (this
process plus Pagefind's): process start alone (`pagefind --version`); one `pagefind` run on the
pages cut to <html lang> + <main> (what search.index_site does, copies included); and Pagefind's
long-lived `--service` mode, fed the same cut pages from memory (AddFile) or from the same copies
(AddDir), its files written to disk (WriteFiles). Then the phases inside the service for one run:
parsing the pages, building the index, writing its files."""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from site_builder import search  # noqa: E402
from site_builder.rendered import RenderedPage  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


class Service:
    """A minimal client of `pagefind --service` (base64 JSON messages, each ended by a comma)."""

    def __init__(self, exe: str) -> None:
        self.proc = subprocess.Popen(
            [exe, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.buffer, self.next_id = b"", 0

    def call(self, payloads: list[dict]) -> list[dict]:
        out = []
        for payload in payloads:
            self.next_id += 1
            raw = json.dumps({"message_id": self.next_id, "payload": payload}).encode()
            out.append(base64.b64encode(raw) + b",")
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(b"".join(out))
        self.proc.stdin.flush()
        answers: list[dict] = []
        while len(answers) < len(payloads):
            parts = [self.buffer]
            while True:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise SystemExit("pagefind --service stopped")
                parts.append(chunk)
                if b"," in chunk:
                    break
            *whole, self.buffer = b"".join(parts).split(b",")
            for raw in whole:
                answer = json.loads(base64.b64decode(raw))["payload"]
                if answer["type"] == "Error":
                    raise SystemExit(f"pagefind: {answer['message']}")
                answers.append(answer)
        return answers

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    def index(self, adds: list[dict], tail: list[dict]) -> None:
        (made,) = self.call([{"type": "NewIndex", "config": None}])
        i = made["index_id"]
        self.call(
            [{**a, "index_id": i} for a in adds]
            + [{**t, "index_id": i} for t in tail]
            + [{"type": "DeleteIndex", "index_id": i}]
        )


def own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def load_sites(output: Path, count: int) -> list[tuple[str, list[tuple[str, str]]]]:
    sites = []
    for d in sorted(p for p in output.iterdir() if p.is_dir() and p.name[0] not in "._"):
        files = [
            RenderedPage(p.relative_to(d).as_posix(), p.read_bytes())
            for p in d.rglob("*.html")
            if search.FOLDER not in p.relative_to(d).parts
        ]
        pages = search.indexed_pages(files)
        if pages:
            sites.append((d.name, pages))
        if len(sites) == count:
            break
    return sites


def write_copies(pages: list[tuple[str, str]], folder: Path) -> None:
    for path, html in pages:
        dest = folder / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(html, "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output", type=Path)
    ap.add_argument("--sites", type=int, default=25)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    exe = search.binary()
    if exe is None:
        raise SystemExit("Pagefind is not installed")
    sites = load_sites(args.output, args.sites)
    pages = sum(len(p) for _, p in sites)
    svc = Service(exe)
    shm = Path("/dev/shm")
    tmp = Path(tempfile.mkdtemp(dir=shm if shm.is_dir() else None))
    totals = dict.fromkeys(
        ("process start", "run per site (today)", "service AddFile", "service AddDir"), 0.0
    )
    phases = dict.fromkeys(("parse (AddFile)", "build index", "write files"), 0.0)
    write = [{"type": "WriteFiles", "output_path": str(tmp / "out")}]
    for _ in range(args.rounds):
        for _, cut in sites:
            c0 = children_cpu()
            subprocess.run([exe, "--version"], capture_output=True, check=True)
            totals["process start"] += children_cpu() - c0

            m0, c0 = own_cpu(), children_cpu()
            write_copies(cut, tmp / "site")
            subprocess.run(
                [exe, "--site", str(tmp / "site"), "--output-path", str(tmp / "out"), "--silent"],
                check=True,
            )
            shutil.rmtree(tmp / "site")
            shutil.rmtree(tmp / "out")
            totals["run per site (today)"] += own_cpu() - m0 + children_cpu() - c0

            adds = [
                {"type": "AddFile", "file_path": p, "url": None, "file_contents": h}
                for p, h in cut
            ]
            m0, s0 = own_cpu(), svc.cpu()
            svc.index(adds, write)
            shutil.rmtree(tmp / "out")
            totals["service AddFile"] += own_cpu() - m0 + svc.cpu() - s0

            m0, s0 = own_cpu(), svc.cpu()
            write_copies(cut, tmp / "site")
            svc.index([{"type": "AddDir", "path": str(tmp / "site"), "glob": None}], write)
            shutil.rmtree(tmp / "site")
            shutil.rmtree(tmp / "out")
            totals["service AddDir"] += own_cpu() - m0 + svc.cpu() - s0

            # phases, one at a time (WriteFiles builds the index again: its cost is the difference)
            (made,) = svc.call([{"type": "NewIndex", "config": None}])
            i = made["index_id"]
            s0 = svc.cpu()
            svc.call([{**a, "index_id": i} for a in adds])
            s1 = svc.cpu()
            svc.call([{"type": "BuildIndex", "index_id": i}])
            s2 = svc.cpu()
            svc.call([{**write[0], "index_id": i}, {"type": "DeleteIndex", "index_id": i}])
            s3 = svc.cpu()
            shutil.rmtree(tmp / "out")
            phases["parse (AddFile)"] += s1 - s0
            phases["build index"] += s2 - s1
            phases["write files"] += (s3 - s2) - (s2 - s1)
    shutil.rmtree(tmp, ignore_errors=True)
    runs = len(sites) * args.rounds
    print(f"{len(sites)} sites, {pages} indexed pages ({pages / len(sites):.0f} a site), "
          f"{args.rounds} rounds, load {os.getloadavg()[0]:.1f}")
    print("CPU per site (this process + Pagefind):")
    for name, value in totals.items():
        per_page = 1000 * value / (pages * args.rounds)
        print(f"  {name:24s} {1000 * value / runs:7.1f} ms   {per_page:5.2f} ms a page")
    print("inside the service, one site:")
    for name, value in phases.items():
        print(f"  {name:24s} {1000 * value / runs:7.1f} ms")
    svc.proc.stdin.close()  # type: ignore[union-attr]
    svc.proc.wait()


if __name__ == "__main__":
    main()

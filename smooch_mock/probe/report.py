"""What the probe found: each check's requests and verdict, as a table and as JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

PASS = "pass"
WARN = "warn"
FAIL = "FAIL"
SKIP = "skip"


@dataclass(slots=True)
class Exchange:
    """One request the probe sent and how the endpoint answered it."""

    label: str
    status: int | None
    seconds: float
    error: str | None = None
    timed_out: bool = False

    def describe(self) -> str:
        answer = str(self.status) if self.status is not None else (self.error or "no answer")
        return f"{self.label}: {answer} in {self.seconds * 1000:.0f} ms"


@dataclass(slots=True)
class CheckResult:
    name: str
    what: str
    exchanges: list[Exchange] = field(default_factory=list)
    verdict: str = PASS
    reason: str = ""
    forged_key_accepted: bool | None = None
    """For the key checks: whether a request without the right X-API-Key got a 2xx."""

    @property
    def seconds(self) -> float:
        return sum(e.seconds for e in self.exchanges)

    @property
    def slowest(self) -> float:
        return max((e.seconds for e in self.exchanges), default=0.0)

    def answers(self) -> str:
        """`200`, `200, 500` or `20x 200` — what came back, compactly."""
        seen: dict[str, int] = {}
        for e in self.exchanges:
            key = str(e.status) if e.status is not None else ("timeout" if e.timed_out else "error")
            seen[key] = seen.get(key, 0) + 1
        return ", ".join(f"{n}x {key}" if n > 1 else key for key, n in seen.items()) or "-"


@dataclass(slots=True)
class ProbeReport:
    url: str
    results: list[CheckResult]

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if r.verdict == FAIL]

    @property
    def warnings(self) -> list[CheckResult]:
        return [r for r in self.results if r.verdict == WARN]

    @property
    def ok(self) -> bool:
        """No check found something a production endpoint must not do."""
        return not self.failures

    def result(self, name: str) -> CheckResult:
        for result in self.results:
            if result.name == name:
                return result
        raise KeyError(f"no check {name!r}; checks: {', '.join(r.name for r in self.results)}")

    def table(self) -> str:
        header = ("check", "answers", "slowest", "forged key", "verdict", "why")
        rows = [header] + [
            (
                r.name,
                r.answers(),
                f"{r.slowest * 1000:.0f} ms" if r.exchanges else "-",
                {True: "ACCEPTED", False: "refused", None: "-"}[r.forged_key_accepted],
                r.verdict,
                r.reason,
            )
            for r in self.results
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
            for row in rows
        ]
        failed = len(self.failures)
        lines.append(
            f"\n{self.url}: {len(self.results)} checks, {failed} failed,"
            f" {len(self.warnings)} warning(s)"
        )
        return "\n".join(line.rstrip() for line in lines)

    def junit_xml(self) -> str:
        suite = ET.Element(
            "testsuite",
            name="smooch-mock probe",
            tests=str(len(self.results)),
            failures=str(len(self.failures)),
            errors="0",
            skipped=str(sum(r.verdict == SKIP for r in self.results)),
            time=f"{sum(r.seconds for r in self.results):.3f}",
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="url", value=self.url)
        for r in self.results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname="smooch-mock.probe",
                name=r.name,
                time=f"{r.seconds:.3f}",
            )
            details = "\n".join(e.describe() for e in r.exchanges)
            if r.verdict == FAIL:
                failure = ET.SubElement(case, "failure", message=r.reason, type="ProbeFailure")
                failure.text = details
            elif r.verdict == SKIP:
                ET.SubElement(case, "skipped", message=r.reason)
            out = ET.SubElement(case, "system-out")
            out.text = f"{r.what}\n{details}" + (
                f"\nwarning: {r.reason}" if r.verdict == WARN else ""
            )
        root = ET.Element("testsuites")
        root.append(suite)
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

    def assert_production_ready(self) -> None:
        """AssertionError with the table when a check failed."""
        __tracebackhide__ = True
        if self.failures:
            raise AssertionError(
                f"the endpoint did what a production webhook endpoint must not:\n{self.table()}"
            )

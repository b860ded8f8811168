"""CPU seconds used during the load test, by gunicorn (master and workers), by every PostgreSQL
process and by the whole machine, from /proc (Linux). run.sh calls it before and after Locust:

    python cpu.py save FILE GUNICORN_PID      # before
    python cpu.py report FILE GUNICORN_PID    # after: the CPU seconds used since, and the shares

PostgreSQL serves other databases too on a shared machine: its figure is every postgres process's,
so read it beside the machine's total.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[str, int, float] | None:
    """(command name, parent pid, CPU seconds of the process and its waited-for children)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return name, int(fields[1]), sum(int(f) for f in fields[11:15]) / TICK


def snapshot(root: int) -> dict[str, float]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))):
            table[int(entry)] = stat
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(p for p, (_, parent, _) in table.items() if parent == pid and p not in tree)
    cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    busy = sum(int(v) for i, v in enumerate(cpu) if i not in (3, 4)) / TICK  # all but idle and iowait
    return {
        "gunicorn": sum(table[p][2] for p in tree if p in table),
        "postgres": sum(s for name, _, s in table.values() if name == "postgres"),
        "machine": busy,
    }


def main() -> None:
    action, path, root = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    now = snapshot(root)
    if action == "save":
        path.write_text(json.dumps(now))
        return
    before = json.loads(path.read_text())
    used = {key: now[key] - before[key] for key in now}
    machine = used["machine"] or 1.0
    others = used["machine"] - used["gunicorn"] - used["postgres"]
    print(
        f"CPU seconds during the run: gunicorn {used['gunicorn']:.0f} ({used['gunicorn'] / machine:.0%}), "
        f"postgres (all databases) {used['postgres']:.0f} ({used['postgres'] / machine:.0%}), "
        f"everything else (Locust, other users of the machine) {others:.0f} ({others / machine:.0%}); "
        f"machine {used['machine']:.0f} of {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()

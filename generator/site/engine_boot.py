"""An engine started before its command is known (see `engines.WarmStart`).

Run by the engine's own Python as a file, so it imports nothing of the generator:
`python engine_boot.py <program> <module>...`. It imports the program's code and the
given modules while the generator is still writing the tree, then reads one line of
JSON on stdin (the arguments, the working folder, the environment) and runs the program
as its own command would. Nothing on stdin: it was not needed, and ends.
"""

import importlib
import json
import os
import sys
from importlib.metadata import entry_points


def main() -> int:
    program, modules = sys.argv[1], sys.argv[2:]
    found = list(entry_points(group="console_scripts", name=program))
    if not found:
        return 127
    command = found[0].load()
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:  # another version of the engine: it imports what it needs itself
            pass
    line = sys.stdin.readline()
    if not line:
        return 0
    order = json.loads(line)
    os.environ.clear()
    os.environ.update(order["env"])
    os.chdir(order["cwd"])
    sys.argv = [program, *order["args"]]
    return command()


if __name__ == "__main__":
    sys.exit(main())

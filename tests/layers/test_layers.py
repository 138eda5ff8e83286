# SPDX-License-Identifier: Apache-2.0
"""The compiler's floors: every include of every stage against compiler/stages.txt, the table the build
reads too (cmake/stages.cmake). A stage's headers may include its own folder and what the table lists
before `|` (and what those expose); its sources also what is after `|`. Each violation names the file,
the line and the forbidden include. Unit tests (*_test.cc) link everything and are not checked.

With MF_BUILD_DIR set (ctest does), it also shows that the build itself refuses each floor of the table:
a file compiled with the flags of a lower stage cannot include a header of the stage above it."""
import json
import os
import re
import shlex
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
CODE_SUFFIXES = ('.h', '.cc', '.def')


class Table:
    """compiler/stages.txt: stages in order with their public and private uses, outside names, floors."""

    def __init__(self, text):
        self.order, self.public, self.private = [], {}, {}
        self.outside = {}  # name -> include prefixes
        self.floors = []
        self.errors = []
        for number, line in enumerate(text.splitlines(), 1):
            tokens = line.split('#', 1)[0].split()
            if not tokens:
                continue
            kind, name, rest = tokens[0], tokens[1], tokens[2:]
            if kind == 'outside':
                self.outside[name] = rest[1:]
            elif kind == 'stage':
                side = self.public.setdefault(name, [])
                self.private[name] = []
                for dep in rest:
                    if dep == '|':
                        side = self.private[name]
                        continue
                    if dep not in self.order and dep not in self.outside:
                        self.errors.append('stages.txt:%d: stage %s uses %s, which is not a stage on an earlier '
                                           'line nor an outside name' % (number, name, dep))
                    side.append(dep)
                self.order.append(name)
            elif kind == 'floor':
                self.floors.append((name, rest[0]))
            else:
                self.errors.append('stages.txt:%d: unknown line kind %r' % (number, kind))

    def exposed(self, names):
        """What a file sees through `names`: each name and, transitively, what its headers use."""
        seen, todo = set(), list(names)
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(self.public.get(n, []))
        return seen

    def reach(self, stage):
        """Every stage `stage` depends on, directly or not (public and private)."""
        seen, todo = set(), list(self.public[stage] + self.private[stage])
        while todo:
            n = todo.pop()
            if n not in seen and n in self.public:
                seen.add(n)
                todo.extend(self.public[n] + self.private[n])
        return seen

    def allowed(self, stage, is_header):
        uses = self.public[stage] + ([] if is_header else self.private[stage])
        return self.exposed(uses) | {stage}

    def used_by(self, include):
        """The stage or outside name an include path belongs to, or None (standard/system headers)."""
        top = include.split('/', 1)[0]
        if '/' in include and top in self.public:
            return top
        for name, prefixes in self.outside.items():
            if any(include.startswith(p) for p in prefixes):
                return name
        return None


def read_table(root):
    with open(os.path.join(root, 'compiler', 'stages.txt')) as f:
        return Table(f.read())


def stage_files(root, stage):
    base = os.path.join(root, 'compiler', stage)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != 'templates')  # deploy's project templates are data
        for name in sorted(files):
            if name.endswith(CODE_SUFFIXES) and not name.endswith('_test.cc'):
                yield os.path.join(folder, name)


def table_violations(table):
    found = list(table.errors)
    for low, high in table.floors:
        if low not in table.public or high not in table.public:
            found.append('floor %s %s: both must be stages' % (low, high))
        elif high in table.reach(low):
            found.append('floor broken: %s reaches %s through compiler/stages.txt (%s uses %s)'
                         % (low, high, low, ', '.join(sorted(table.reach(low)))))
    return found


def include_violations(root, table):
    found = []
    for stage in table.order:
        for path in stage_files(root, stage):
            is_header = not path.endswith('.cc')
            allowed = table.allowed(stage, is_header)
            with open(path, encoding='utf-8') as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    quote, include = m.groups()
                    used = table.used_by(include)
                    where = '%s:%d: #include %s' % (os.path.relpath(path, root), number,
                                                    '"%s"' % include if quote == '"' else '<%s>' % include)
                    if used is None:
                        if quote == '"':
                            found.append('%s: belongs to no stage or outside name of compiler/stages.txt' % where)
                        continue
                    if used not in allowed:
                        kind = 'header' if is_header else 'source'
                        found.append('%s: a %s of %s may not use %s (it may include: %s; see compiler/stages.txt)'
                                     % (where, kind, stage, used, ', '.join(sorted(allowed))))
    return found


def test_table_is_ordered_and_keeps_the_floors():
    table = read_table(ROOT)
    assert table.floors, 'compiler/stages.txt names no floor'
    problems = table_violations(table)
    assert not problems, '\n'.join(problems)


def test_every_include_respects_the_stage_table():
    problems = include_violations(ROOT, read_table(ROOT))
    assert not problems, '\n'.join(problems)


def test_every_code_folder_is_a_stage():
    table = read_table(ROOT)
    compiler = os.path.join(ROOT, 'compiler')
    for entry in sorted(os.listdir(compiler)):
        if os.path.isdir(os.path.join(compiler, entry)) and entry not in table.public:
            assert not list(stage_files(ROOT, entry)), 'compiler/%s/ holds code but is not in stages.txt' % entry


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def test_checker_names_the_file_and_the_forbidden_include(tmp_path):
    """The checker itself: an IR header that includes an op file, and a table that breaks a floor."""
    write(str(tmp_path / 'compiler' / 'stages.txt'),
          'outside fmt fmt::fmt fmt/\nstage ir\nstage ops ir | fmt\nfloor ir ops\n')
    write(str(tmp_path / 'compiler' / 'ir' / 'graph.h'), '#pragma once\n#include <vector>\n#include "ops/op.h"\n')
    write(str(tmp_path / 'compiler' / 'ops' / 'op.h'), '#pragma once\n#include <fmt/format.h>\n#include "ir/graph.h"\n')
    write(str(tmp_path / 'compiler' / 'ops' / 'op.cc'), '#include <fmt/format.h>\n#include "ops/op.h"\n')
    table = read_table(str(tmp_path))
    problems = include_violations(str(tmp_path), table)
    assert len(problems) == 2, problems
    assert problems[0].startswith('compiler/ir/graph.h:3: #include "ops/op.h": a header of ir may not use ops')
    assert problems[1].startswith('compiler/ops/op.h:2: #include <fmt/format.h>: a header of ops may not use fmt')
    assert not table_violations(table)

    # Moving emit below ops in the table would let ops use emit: the floor still refuses it.
    reordered = Table('stage ir\nstage emit ir\nstage ops ir emit\nfloor ops emit\n')
    assert table_violations(reordered) == ['floor broken: ops reaches emit through compiler/stages.txt (ops uses emit, ir)']
    # A use of a stage on a later line (up the pipeline) is refused by the order itself.
    upward = Table('stage ir\nstage ops ir emit\nstage emit ops\n')
    assert any('stage ops uses emit, which is not a stage on an earlier line' in p for p in table_violations(upward))


def compile_command(build_dir, stage):
    """The compiler command line (without -c/-o/-M*) of some source file of `stage`, or None."""
    with open(os.path.join(build_dir, 'compile_commands.json')) as f:
        entries = json.load(f)
    marker = os.sep + os.path.join('compiler', stage) + os.sep
    for e in entries:
        if marker in e['file'] and '_test' not in e['file'] and '/generated/' not in e['file']:
            args = shlex.split(e['command']) if 'command' in e else list(e['arguments'])
            keep, skip = [], False
            for a in args:
                if skip:
                    skip = False
                elif a in ('-o', '-MF', '-MT', '-MQ'):
                    skip = True
                elif a in ('-c', '-MD', '-MMD') or a == e['file']:
                    continue
                else:
                    keep.append(a)
            return keep, e['directory']
    return None


def first_header(stage):
    """A header of `stage` as an include path, e.g. "ops/activation_util.h"."""
    return sorted(os.path.relpath(p, os.path.join(ROOT, 'compiler')) for p in stage_files(ROOT, stage)
                  if p.endswith('.h'))[0]


@pytest.mark.skipif(not os.environ.get('MF_BUILD_DIR'), reason='needs MF_BUILD_DIR (a configured build)')
def test_the_build_refuses_every_floor(tmp_path):
    build_dir = os.environ['MF_BUILD_DIR']
    table = read_table(ROOT)
    for low, high in table.floors:
        command = compile_command(build_dir, low)
        assert command, 'no compile command for a source of %s in %s' % (low, build_dir)
        args, directory = command
        own = first_header(low)
        forbidden = first_header(high)
        for include, must_build in ((own, True), (forbidden, False)):
            probe = tmp_path / ('probe_%s.cc' % low)
            probe.write_text('#include "%s"\n' % include)
            result = subprocess.run(args + ['-fsyntax-only', str(probe)], cwd=directory,
                                    capture_output=True, text=True)
            if must_build:
                assert result.returncode == 0, 'with the flags of %s, "%s" does not compile: %s' % (low, include,
                                                                                                   result.stderr)
            else:
                assert result.returncode != 0, '%s can include "%s": the build does not keep the floor' % (low, include)
                assert re.search(re.escape(include) + r"'?:? (No such file or directory|file not found)",
                                 result.stderr), result.stderr

#!/usr/bin/env python3
# fnlen.py FILE...: the longest C functions (lines from the signature to the closing brace) and
# every one with more than 6 parameters. A rough reader (one function per top-level "{ ... }\n}"),
# for the house-keeping of issue 23: python3 scripts/fnlen.py host/*/*.c golden/*.c
import re, sys, glob
files = sys.argv[1:]
res = []
for f in files:
    L = open(f).read().split('\n')
    i = 0
    while i < len(L):
        line = L[i]
        m = re.match(r'^(?:static\s+)?(?:inline\s+)?[A-Za-z_][\w\s\*]*?\b(\w+)\s*\(', line)
        if m and not line.startswith(('typedef', '#', ' ', '\t', '}')) and not line.rstrip().endswith(';'):
            # gather signature until '{'
            j = i; sig = line
            while '{' not in L[j] and not L[j].rstrip().endswith(';') and j < len(L) - 1:
                j += 1; sig += L[j]
            if '{' in L[j] and L[j].rstrip().endswith('}'):
                k = j
            elif '{' in L[j]:
                k = j
                while k < len(L) and L[k] != '}': k += 1
            if '{' in L[j]:
                head = sig[:sig.index('{')]; params = head[head.index('(') + 1: head.rindex(')')]
                depth = 0; n = 0 if params.strip() in ('', 'void') else 1
                for ch in params:
                    if ch == '(': depth += 1
                    elif ch == ')': depth -= 1
                    elif ch == ',' and depth == 0: n += 1
                res.append((k - i + 1, n, f, m.group(1)))
                i = k
        i += 1
res.sort(reverse=True)
for r in res[:int(__import__('os').environ.get('TOP', '15'))]: print('%4d lines %2d params  %s: %s' % r)
print('--- more than 6 parameters:')
for r in res:
    if r[1] > 6: print('%4d lines %2d params  %s: %s' % r)

# Only ASCII letters move: other bytes, including 0x80-0xff, stay put.
all_bytes = ''.join(chr(i) for i in range(256))
moved = all_bytes.rot13()
print len(moved)
changed = [i for i in range(256) if moved[i] != all_bytes[i]]
print len(changed), changed[0], changed[-1]
print repr('caf\xe9 na\xefve \x00\xff'.rot13())
print repr('[`{@'.caesar(1))
print repr('\xc3\xa9t\xc3\xa9'.caesar(3))

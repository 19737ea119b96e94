# str.caesar(shift) with small positive shifts.
s = 'Attack at Dawn, zebra!'
for shift in [0, 1, 2, 3, 13, 25, 26]:
    print shift, repr(s.caesar(shift))
print 'abc'.caesar(13) == 'abc'.rot13()

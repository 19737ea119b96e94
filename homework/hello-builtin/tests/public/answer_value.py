# answer() returns the int 42.
print answer()
print type(answer()) is int
print answer() + 0 == 42, answer() * 2
print callable(answer)

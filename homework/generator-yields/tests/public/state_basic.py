# gi_state: 'created', 'running', 'suspended' or 'closed'.


def letters():
    yield 'a'
    print 'inside:', me.gi_state
    yield 'b'


me = letters()
print me.gi_state
print next(me), me.gi_state
print next(me), me.gi_state
print list(me), me.gi_state
print type(me.gi_state).__name__

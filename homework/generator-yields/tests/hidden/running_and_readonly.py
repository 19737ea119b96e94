# While running, a generator reports 'running' and the yields so far; the
# attributes cannot be changed.


def introspect():
    yield (me.gi_state, me.gi_yields)
    yield (me.gi_state, me.gi_yields)
    yield (other.gi_state, other.gi_yields)


def driver():
    yield next(me)


me = introspect()
other = driver()
print next(me)
print next(other), other.gi_yields
print next(me)
print me.gi_state, other.gi_state


def attempt(action):
    try:
        action()
    except (AttributeError, TypeError):
        return 'refused'
    return 'allowed'


def set_yields():
    me.gi_yields = 0


def set_state():
    me.gi_state = 'created'


def del_yields():
    del me.gi_yields


print attempt(set_yields), attempt(set_state), attempt(del_yields)
print me.gi_yields, me.gi_state

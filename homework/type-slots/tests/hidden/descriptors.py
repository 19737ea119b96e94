# Descriptors fill tp_descr_get (and data descriptors tp_descr_set).


class Getter(object):
    def __get__(self, obj, cls):
        return 1


class Data(object):
    def __get__(self, obj, cls):
        return 1

    def __set__(self, obj, value):
        pass


class SetOnly(object):
    def __set__(self, obj, value):
        pass


def f():
    pass


for label, obj in [('function', f), ('property', property(f)),
                   ('staticmethod', staticmethod(f)),
                   ('classmethod', classmethod(f)), ('Getter', Getter()),
                   ('Data', Data()), ('SetOnly', SetOnly()),
                   ('bound', Getter().__get__)]:
    slots = [s for s in typeslots(obj) if s.startswith('tp_descr')]
    print '%-12s %s' % (label, ' '.join(slots) or '-')

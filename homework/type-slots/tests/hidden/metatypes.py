# typeslots() always looks at the type of its argument: for a class that
# is the metatype.


class New(object):
    def __len__(self):
        return 0


class Old:
    def __len__(self):
        return 0


class Meta(type):
    def __len__(cls):
        return 3


class WithMeta(object):
    __metaclass__ = Meta


print 'int', typeslots(int)
print 'same as type', typeslots(int) == typeslots(type) == typeslots(New)
print 'New()', typeslots(New())
print 'Old', typeslots(Old)
print 'WithMeta', typeslots(WithMeta)
print 'WithMeta()', typeslots(WithMeta())
print 'Meta', typeslots(Meta)

# A classic instance fills every slot with a generic function that looks the
# special method up at run time, whatever the class defines.


class Empty:
    pass


class Full:
    def __len__(self):
        return 0


print 'Empty()', typeslots(Empty())
print 'Full()', typeslots(Full())
print 'equal', typeslots(Empty()) == typeslots(Full())
print 'Empty', typeslots(Empty)
print 'method', typeslots(Full().__len__)

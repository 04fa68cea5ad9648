#include "storagelogging.h"

Q_LOGGING_CATEGORY(lcDb, "chargebench.db")

#include "seriallogging.h"

Q_LOGGING_CATEGORY(lcSerial, "chargebench.serial")
